"""Speed and correctness of teamsim.hongpage against a pure-Python reference.

Run: ``python benchmarks/bench_hongpage.py [--landscapes 50] [--reference-landscapes 2] [--processes N]``

1. Runs teamsim's vectorised experiment with the paper's defaults (n=2000, k=3,
   l=12, N=10, 50 landscapes, seed 0) and with l=20 on all local cores (landscapes in
   parallel; ``--processes 1`` for one core); prints wall-clock time against the targets
   (10 s and 60 s on a 2-core machine), the CPU time of this process and its workers,
   and the load average (the machine may be shared).
2. Runs the straightforward pure-Python reference (benchmarks/_reference.py) on
   the first few landscapes of the same seed, checks that every per-landscape
   result is identical (teams, performances, diversities, abilities: exact float
   equality), and prints the speed ratio per landscape.

Three repetitions each; the experiment's targets are checked on the fastest wall-clock run
(it runs on several processes), the reference is alternated with teamsim. Exits 1 if any
result differs or a target is missed.
"""

# ruff: noqa: E741  (l is the paper's name for the largest step size)
from __future__ import annotations

import argparse
import os
import time

import numpy as np
from _bench import Bench
from _reference import landscape_outcome

from teamsim.hongpage import hong_page, hong_page_landscape

FIELDS = ["best_team", "random_team", "best_performance", "random_performance", "best_diversity",
          "random_diversity", "best_coverage", "random_coverage", "best_mean_ability",
          "random_mean_ability", "best_agent_ability"]


def _cpu():
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--landscapes", type=int, default=50)
    ap.add_argument("--reference-landscapes", type=int, default=2)
    ap.add_argument("--processes", type=int, default=None, help="worker processes (default: all cores)")
    ap.add_argument("--skip-l20", action="store_true")
    bench = Bench("bench_hongpage", __doc__, ap)
    args = bench.args
    for l, target in [(12, 10.0)] + ([] if args.skip_l20 else [(20, 60.0)]):
        bench.heading(f"hong_page(l={l}), {args.landscapes} landscapes on "
                      f"{args.processes or os.cpu_count()} process(es), target {target:g} s wall")
        walls, cpus = [], []
        for _ in range(bench.reps):
            w0, c0 = time.perf_counter(), _cpu()
            r = hong_page(l=l, landscapes=args.landscapes, seed=0, processes=args.processes)
            walls.append(time.perf_counter() - w0)
            cpus.append(_cpu() - c0)
        bench.record(f"hong_page(l={l})", walls, target_s=target, clock="wall", statistic="min")
        bench.note(f"CPU of this process and its workers: {min(cpus):.2f} s min; best "
                   f"{r.best.performance:.2f} ± {r.best.performance_se:.2f}, random "
                   f"{r.random.performance:.2f} ± {r.random.performance_se:.2f}, random wins "
                   f"{r.random_wins:.0%}")
    bench.heading("pure-Python reference (benchmarks/_reference.py) vs teamsim, one landscape (l=12)")
    child = np.random.SeedSequence(0).spawn(1)[0]
    bench.compare("hong_page_landscape", lambda: hong_page_landscape(seed=0, index=0),
                  {"Python reference": lambda: landscape_outcome(child)}, target=("Python reference", 1.0),
                  same=lambda o, p, ref: (all(getattr(o, f) == ref[f] for f in FIELDS),
                                          f"every field identical to the {p}"))
    children = np.random.SeedSequence(0).spawn(args.reference_landscapes)
    for i in range(1, args.reference_landscapes):
        o, ref = hong_page_landscape(seed=0, index=i), landscape_outcome(children[i])
        bench.check(all(getattr(o, f) == ref[f] for f in FIELDS),
                    f"landscape {i}: identical to the reference")
    # smoothed landscape and tournament mode, smaller for the reference's sake
    for kw in ({"n": 300, "l": 8, "N": 6, "mode": "tournament"}, {"n": 300, "l": 8, "N": 6, "smoothing": 3}):
        o = hong_page_landscape(seed=1, index=0, **kw)
        ref = landscape_outcome(np.random.SeedSequence(1).spawn(1)[0], k=3, **kw)
        bench.check(all(getattr(o, f) == ref[f] for f in FIELDS), f"{kw}: identical to the reference")
    return bench.finish()


if __name__ == "__main__":
    raise SystemExit(main())
