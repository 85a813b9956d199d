"""Speed and correctness of teamsim.hongpage against a compiled floor and a pure-Python reference.

Run: ``python benchmarks/bench_hongpage.py [--landscapes 50] [--reference-landscapes 2] [--processes N]``

1. Runs teamsim's experiment with the paper's defaults (n=2000, k=3, l=12, N=10, 50
   landscapes, seed 0) and with l=20 (``--processes``: worker processes, default
   teamsim's own choice, see ``hong_page``); prints wall-clock time against the targets
   (10 s and 60 s on a 2-core machine), the CPU time of this process and its workers,
   and the load average (the machine may be shared).
2. The compiled floor: a straightforward single-thread numba kernel of one landscape
   (benchmarks/_hongpage_numba.py: the reference's loops, compiled), alternated with
   teamsim on the same landscape, relay and relay-once; every per-landscape result must
   be identical on several landscapes, and teamsim must take at most 1.5 times the
   floor's CPU time (median ratio floor / teamsim >= 1/1.5).
3. One process against two on the default experiment's landscapes, alternated, wall
   clock, the load average printed beside each run: the target is a median speed-up of
   1.6, or else that ``hong_page(processes=None)`` picks the faster of the two on this
   machine as it is now.
4. Runs the straightforward pure-Python reference (benchmarks/_reference.py) on
   the first few landscapes of the same seed, checks that every per-landscape
   result is identical (teams, performances, diversities, abilities: exact float
   equality), and prints the speed ratio per landscape.

Three repetitions each (``--reps``); peers alternate with teamsim. Exits 1 if any result
differs or a target is missed.
"""

# ruff: noqa: E741  (l is the paper's name for the largest step size)
from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np
from _bench import Bench
from _hongpage_numba import landscape_outcome as floor_outcome
from _reference import landscape_outcome

from teamsim.hongpage import hong_page, hong_page_landscape
from teamsim.hongpage._common import _auto_processes, _work

FLOOR_FACTOR = 1.5    # teamsim within 1.5x the compiled floor's time
SPEED_UP = 1.6        # two processes against one
FIELDS = ["best_team", "random_team", "best_performance", "random_performance", "best_diversity",
          "random_diversity", "best_coverage", "random_coverage", "best_mean_ability",
          "random_mean_ability", "best_agent_ability"]


def _cpu():
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _same(o, ref) -> bool:
    return all(getattr(o, f) == ref[f] for f in FIELDS)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def compiled_floor(bench: Bench, landscapes: int) -> None:
    """teamsim against the single-thread compiled kernel, relay and relay-once, same landscapes."""
    children = np.random.SeedSequence(0).spawn(max(landscapes, 1))
    for mode in ("relay", "relay-once"):
        bench.heading(f"compiled floor (benchmarks/_hongpage_numba.py, one thread) vs teamsim, one "
                      f"landscape (l=12, {mode}); target teamsim <= {FLOOR_FACTOR:g} x the floor")
        floor_outcome(children[0], mode=mode)   # compiled (or loaded from numba's cache) before timing
        bench.compare(f"hong_page_landscape({mode})",
                      lambda m=mode: hong_page_landscape(seed=0, index=0, mode=m),
                      {"compiled floor": lambda m=mode: floor_outcome(children[0], mode=m)},
                      target=("compiled floor", 1 / FLOOR_FACTOR),
                      same=lambda o, p, ref: (_same(o, ref), f"every field identical to the {p}"))
        same = [_same(hong_page_landscape(seed=0, index=i, mode=mode), floor_outcome(children[i], mode=mode))
                for i in range(1, landscapes)]
        bench.check(all(same), f"landscapes 1..{landscapes - 1}: identical to the compiled floor")


def processes(bench: Bench, landscapes: int) -> None:
    """One process against two on the default experiment, alternated, wall clock."""
    bench.heading(f"hong_page(l=12), {landscapes} landscapes: 1 process vs 2 (wall); target speed-up "
                  f">= {SPEED_UP:g} or processes=None picks the faster")
    times: dict[int, list[float]] = {1: [], 2: []}
    results = {}
    for rep in range(bench.reps):
        for p in ((1, 2) if rep % 2 == 0 else (2, 1)):
            load, w0, c0 = _load(), time.perf_counter(), _cpu()
            results[p] = hong_page(landscapes=landscapes, seed=0, processes=p)
            wall, cpu = time.perf_counter() - w0, _cpu() - c0
            times[p].append(wall)
            bench.note(f"repetition {rep + 1}, {p} process(es): {wall:.2f} s wall, CPU {cpu:.2f} s, "
                       f"load average {load} before, {_load()} after")
    bench.check(results[1] == results[2], "1 and 2 processes give identical results")
    ratios = [t1 / t2 for t1, t2 in zip(times[1], times[2])]
    rec = bench.record("2 processes (peer: 1 process)", times[2], clock="wall")
    rec["peers"]["1 process"] = {"min": min(times[1]), "median": statistics.median(times[1]),
                                 "times": times[1], "ratio_min": min(ratios),
                                 "ratio_median": statistics.median(ratios)}
    faster = 1 if statistics.median(times[1]) <= statistics.median(times[2]) else 2
    picks = _auto_processes(_work(2000, 3, 12, 10, landscapes), landscapes)
    med = statistics.median(ratios)
    bench.note(f"speed-up 1 process / 2 processes: ratio min {min(ratios):.2f}, median {med:.2f} "
               f"(load average now {_load()}, {os.cpu_count()} cores); faster: {faster} process(es); "
               f"processes=None picks {picks}")
    rec["target"] = f"median speed-up >= {SPEED_UP:g}, or processes=None picks the faster"
    rec["ok"] = bench.check(med >= SPEED_UP or picks == faster,
                            f"median speed-up {med:.2f} >= {SPEED_UP:g}, or processes=None picks the faster "
                            f"({picks} process(es); faster: {faster})")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--landscapes", type=int, default=50)
    ap.add_argument("--reference-landscapes", type=int, default=2)
    ap.add_argument("--processes", type=int, default=None,
                    help="worker processes of step 1 (default: hong_page's choice)")
    ap.add_argument("--floor-landscapes", type=int, default=5,
                    help="landscapes checked against the compiled floor")
    ap.add_argument("--skip-l20", action="store_true")
    bench = Bench("bench_hongpage", __doc__, ap)
    args = bench.args
    for l, target in [(12, 10.0)] + ([] if args.skip_l20 else [(20, 60.0)]):
        bench.heading(f"hong_page(l={l}), {args.landscapes} landscapes on "
                      f"{args.processes or 'automatic'} process(es), target {target:g} s wall")
        walls, cpus = [], []
        for _ in range(bench.reps):
            w0, c0 = time.perf_counter(), _cpu()
            r = hong_page(l=l, landscapes=args.landscapes, seed=0, processes=args.processes)
            walls.append(time.perf_counter() - w0)
            cpus.append(_cpu() - c0)
        bench.record(f"hong_page(l={l})", walls, target_s=target, clock="wall")
        bench.note(f"CPU of this process and its workers: {min(cpus):.2f} s min; best "
                   f"{r.best.performance:.2f} ± {r.best.performance_se:.2f}, random "
                   f"{r.random.performance:.2f} ± {r.random.performance_se:.2f}, random wins "
                   f"{r.random_wins:.0%}")
    compiled_floor(bench, args.floor_landscapes)
    processes(bench, args.landscapes)
    bench.heading("pure-Python reference (benchmarks/_reference.py) vs teamsim, one landscape (l=12)")
    child = np.random.SeedSequence(0).spawn(1)[0]
    bench.compare("hong_page_landscape", lambda: hong_page_landscape(seed=0, index=0),
                  {"Python reference": lambda: landscape_outcome(child)}, target=("Python reference", 1.0),
                  same=lambda o, p, ref: (_same(o, ref), f"every field identical to the {p}"))
    children = np.random.SeedSequence(0).spawn(args.reference_landscapes)
    for i in range(1, args.reference_landscapes):
        o, ref = hong_page_landscape(seed=0, index=i), landscape_outcome(children[i])
        bench.check(_same(o, ref), f"landscape {i}: identical to the reference")
    # smoothed landscape and tournament mode, smaller for the reference's sake
    for kw in ({"n": 300, "l": 8, "N": 6, "mode": "tournament"}, {"n": 300, "l": 8, "N": 6, "smoothing": 3}):
        o = hong_page_landscape(seed=1, index=0, **kw)
        ref = landscape_outcome(np.random.SeedSequence(1).spawn(1)[0], k=3, **kw)
        bench.check(_same(o, ref), f"{kw}: identical to the reference")
    return bench.finish()


if __name__ == "__main__":
    raise SystemExit(main())
