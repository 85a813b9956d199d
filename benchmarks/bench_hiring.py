"""Speed of best-team search (teamsim.ability.max_coverage) on large candidate pools.

Run: ``python benchmarks/bench_hiring.py``

1. Greedy maximum coverage on 10,000 candidates x 1,000 cognitive tools (each
   candidate holds ~1% of the tools, tool values 1..5), k = 10 and 50: target < 1 s.
   The team must equal a naive greedy that recomputes every marginal gain from
   scratch each step (a straightforward reference), and the time ratio is printed.
2. The exact integer program (HiGHS) on 300 candidates x 200 tools, k = 5
   (C(300, 5) = 2e10 teams, far too many to enumerate): time, proof of optimality,
   and the gap to greedy.

Exits non-zero if the greedy teams differ or the target is missed.
"""

from __future__ import annotations

import math
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from teamsim.ability import ToolMatrix, max_coverage, most_able_team  # noqa: E402
from teamsim.scenario import Scenario  # noqa: E402


def naive_greedy(held, values, k):
    covered = np.zeros(held.shape[1], bool)
    chosen = []
    for _ in range(k):
        gains = np.array([values[h & ~covered].sum() for h in held])
        gains[chosen] = -1
        i = int(np.argmax(gains))
        chosen.append(i)
        covered |= held[i]
    return sorted(chosen)


def main() -> int:
    print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    rng = np.random.default_rng(0)
    n, t = 10_000, 1_000
    held = rng.random((n, t)) < 0.01
    values = rng.integers(1, 6, t).astype(float)
    m = ToolMatrix([f"c{i}" for i in range(n)], [f"t{j}" for j in range(t)], held, values)
    ok = True
    for k in (10, 50):
        t0 = time.perf_counter()
        r = max_coverage(m, k, method="greedy")
        dt = time.perf_counter() - t0
        t0 = time.perf_counter()
        ref = naive_greedy(held, values, k)
        dref = time.perf_counter() - t0
        same = [m.people.index(p) for p in r.members] == ref
        ok &= same and dt < 1.0
        print(f"greedy {n:,} candidates x {t:,} tools, k={k}: {dt * 1000:.0f} ms (target < 1000 ms: "
              f"{'OK' if dt < 1 else 'SLOW'}); ability {r.ability:g}, bound {r.upper_bound:.1f} "
              f"({r.ability / r.upper_bound:.1%} of bound); naive greedy {dref:.1f} s, ratio "
              f"{dref / dt:.0f}x, same team: {same}")
    # end to end from a scenario (informational): validation, prerequisite closures, matrix, greedy
    t0 = time.perf_counter()
    cands = [{"name": f"c{i}", "tools": [f"t{j}" for j in np.flatnonzero(held[i])]} for i in range(n)]
    s = Scenario.model_validate({"tools": [{"name": f"t{j}"} for j in range(t)], "people": [{"name": "p0"}],
                                 "candidates": cands})
    t1 = time.perf_counter()
    first = most_able_team(s, 10, [f"c{i}" for i in range(n)], method="greedy")
    t2 = time.perf_counter()
    most_able_team(s, 10, [f"c{i}" for i in range(n)], method="greedy")
    t3 = time.perf_counter()
    print(f"end to end from a Scenario (informational): validate {t1 - t0:.2f} s, first most_able_team "
          f"{t2 - t1:.2f} s (prerequisite closures of 10,000 people), second {t3 - t2:.2f} s; "
          f"ability {first.ability:g}")
    held = rng.random((300, 200)) < 0.05
    values = rng.integers(1, 6, 200).astype(float)
    m = ToolMatrix([f"c{i}" for i in range(300)], [f"t{j}" for j in range(200)], held, values)
    g = max_coverage(m, 5, method="greedy")
    t0 = time.perf_counter()
    e = max_coverage(m, 5, method="milp", time_limit=60)
    dt = time.perf_counter() - t0
    print(f"integer program 300 x 200, k=5 (C = {math.comb(300, 5):.1e} teams): {dt:.2f} s, "
          f"exact {e.exact}, ability {e.ability:g} vs greedy {g.ability:g} "
          f"(greedy bound {g.upper_bound:.1f})")
    ok &= e.exact and e.ability >= g.ability
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
