"""Speed of best-team search (teamsim.ability.max_coverage) on large candidate pools.

Run: ``python benchmarks/bench_hiring.py``

1. Greedy maximum coverage on 10,000 candidates x 1,000 cognitive tools (each
   candidate holds ~1% of the tools, tool values 1..5), k = 10 and 50: target < 1 s.
   The team must equal a naive greedy that recomputes every marginal gain from
   scratch each step (a straightforward reference), and the time ratio is printed.
2. The exact integer program (HiGHS) on 300 candidates x 200 tools, k = 5
   (C(300, 5) = 2e10 teams, far too many to enumerate): time, proof of optimality,
   and the gap to greedy.

Timings: CPU time, 3 repetitions, the naive greedy alternated with teamsim's. Exits 1 if
the greedy teams differ or a target is missed.
"""

from __future__ import annotations

import math

import numpy as np
from _bench import Bench

from teamsim.ability import ToolMatrix, max_coverage, most_able_team
from teamsim.scenario import Scenario


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
    bench = Bench("bench_hiring", __doc__)
    rng = np.random.default_rng(0)
    n, t = 10_000, 1_000
    held = rng.random((n, t)) < 0.01
    values = rng.integers(1, 6, t).astype(float)
    m = ToolMatrix([f"c{i}" for i in range(n)], [f"t{j}" for j in range(t)], held, values)
    for k in (10, 50):
        bench.heading(f"greedy, {n:,} candidates x {t:,} tools, k={k} (target < 1 s)")
        r, _ = bench.timed("max_coverage(method='greedy')", lambda k=k: max_coverage(m, k, method="greedy"),
                           target_s=1.0)
        bench.note(f"ability {r.ability:g}, bound {r.upper_bound:.1f} "
                   f"({r.ability / r.upper_bound:.1%} of bound)")
        bench.compare("greedy team", lambda k=k: sorted(m.people.index(p) for p in
                                                        max_coverage(m, k, method="greedy").members),
                      {"naive greedy": lambda k=k: naive_greedy(held, values, k)},
                      target=("naive greedy", 1.0),
                      same=lambda a, p, b: (a == b, f"same team as the {p}: {a == b}"))
    bench.heading("end to end from a Scenario (informational): validation, prerequisite closures, greedy")
    cands = [{"name": f"c{i}", "tools": [f"t{j}" for j in np.flatnonzero(held[i])]} for i in range(n)]
    s, _ = bench.timed("Scenario.model_validate", lambda: Scenario.model_validate(
        {"tools": [{"name": f"t{j}"} for j in range(t)], "people": [{"name": "p0"}], "candidates": cands}))
    bench.timed("most_able_team(k=10, greedy)",
                lambda: most_able_team(s, 10, [f"c{i}" for i in range(n)], method="greedy"))
    bench.heading(f"integer program 300 x 200, k=5 (C = {math.comb(300, 5):.1e} teams)")
    held = rng.random((300, 200)) < 0.05
    values = rng.integers(1, 6, 200).astype(float)
    m = ToolMatrix([f"c{i}" for i in range(300)], [f"t{j}" for j in range(200)], held, values)
    g = max_coverage(m, 5, method="greedy")
    e, _ = bench.timed("max_coverage(method='milp')",
                       lambda: max_coverage(m, 5, method="milp", time_limit=60))
    bench.note(f"exact {e.exact}, ability {e.ability:g} vs greedy {g.ability:g} "
               f"(greedy bound {g.upper_bound:.1f})")
    bench.check(e.exact and e.ability >= g.ability, "proven optimal and at least the greedy ability")
    return bench.finish()


if __name__ == "__main__":
    raise SystemExit(main())
