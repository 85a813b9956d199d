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

Exits non-zero if any result differs.
"""

# ruff: noqa: E741  (l is the paper's name for the largest step size)
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from _reference import landscape_outcome  # noqa: E402

from teamsim.hongpage import hong_page, hong_page_landscape  # noqa: E402

FIELDS = ["best_team", "random_team", "best_performance", "random_performance", "best_diversity",
          "random_diversity", "best_coverage", "random_coverage", "best_mean_ability",
          "random_mean_ability", "best_agent_ability"]


def _cpu():
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(fn):
    w, c = time.perf_counter(), _cpu()
    out = fn()
    return out, time.perf_counter() - w, _cpu() - c


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--landscapes", type=int, default=50)
    ap.add_argument("--reference-landscapes", type=int, default=2)
    ap.add_argument("--processes", type=int, default=None, help="worker processes (default: all cores)")
    ap.add_argument("--skip-l20", action="store_true")
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average before: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    ok = True
    targets = [(12, 10.0)] + ([] if args.skip_l20 else [(20, 60.0)])
    for l, target in targets:
        r, wall, cpu = timed(lambda l=l: hong_page(l=l, landscapes=args.landscapes, seed=0,
                                                   processes=args.processes))
        status = "OK" if wall < target else "SLOW"
        print(f"teamsim l={l:2d}: {args.landscapes} landscapes in {wall:6.2f} s wall, {cpu:6.2f} s CPU "
              f"on {args.processes or os.cpu_count()} process(es) "
              f"(target {target:.0f} s: {status}); best {r.best.performance:.2f} "
              f"± {r.best.performance_se:.2f}, random {r.random.performance:.2f} "
              f"± {r.random.performance_se:.2f}, random wins {r.random_wins:.0%}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    children = np.random.SeedSequence(0).spawn(args.reference_landscapes)
    t_vec = t_ref = 0.0
    for i in range(args.reference_landscapes):
        o, w, _ = timed(lambda i=i: hong_page_landscape(seed=0, index=i))
        t_vec += w
        ref, w, _ = timed(lambda i=i: landscape_outcome(children[i]))
        t_ref += w
        for f in FIELDS:
            if getattr(o, f) != ref[f]:
                ok = False
                print(f"MISMATCH landscape {i} {f}: teamsim {getattr(o, f)!r} reference {ref[f]!r}")
    print(f"reference (pure Python) vs teamsim on {args.reference_landscapes} landscapes (l=12): "
          f"{t_ref:.1f} s vs {t_vec:.2f} s, speed ratio {t_ref / t_vec:.0f}x; results "
          f"{'identical' if ok else 'DIFFER'}")
    # smoothed landscape and tournament mode, smaller for the reference's sake
    for kw in ({"n": 300, "l": 8, "N": 6, "mode": "tournament"}, {"n": 300, "l": 8, "N": 6, "smoothing": 3}):
        o = hong_page_landscape(seed=1, index=0, **kw)
        ref = landscape_outcome(np.random.SeedSequence(1).spawn(1)[0], k=3, **kw)
        same = all(getattr(o, f) == ref[f] for f in FIELDS)
        ok &= same
        print(f"check {kw}: {'identical' if same else 'DIFFER'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
