"""Speed of the exact most-able-team search (vectorised enumeration) against a
straightforward Python loop over the same teams, alternated, 3 repetitions; the results
must agree and the vectorised search must be faster (median ratio > 1).

Run: .venv/bin/python benchmarks/bench_ability.py
"""

from __future__ import annotations

import itertools
import math
import random

from _bench import Bench

from teamsim import Scenario, most_able_team


def synthetic(n_people: int, n_tools: int, seed: int = 1) -> Scenario:
    rng = random.Random(seed)
    tools = [f"t{i}" for i in range(n_tools)]
    return Scenario.model_validate({
        "tools": [{"name": t, "value": rng.choice([1, 1, 2, 3])} for t in tools],
        "people": [{"name": f"p{i:03d}", "tools": rng.sample(tools, rng.randint(3, 12))}
                   for i in range(n_people)],
    })


def reference(s: Scenario, k: int) -> float:
    sets = [s.tool_set(p.name) for p in s.people]
    v = s.tool_values
    return max(sum(v[t] for t in frozenset().union(*(sets[i] for i in c)))
               for c in itertools.combinations(range(len(sets)), k))


def main() -> int:
    bench = Bench("bench_ability", __doc__)
    for n, t, k in [(30, 60, 3), (40, 80, 4), (50, 100, 4)]:
        s = synthetic(n, t)
        bench.heading(f"n={n} people, {t} tools, k={k}: C(n,k) = {math.comb(n, k):,} teams")
        bench.compare("most able team", lambda s=s, k=k: most_able_team(s, k).ability,
                      {"Python loop": lambda s=s, k=k: reference(s, k)},
                      target=("Python loop", 1.0),
                      same=lambda a, p, b: (abs(a - b) < 1e-9, f"ability {a:g} vs {p} {b:g}"))
    return bench.finish()


if __name__ == "__main__":
    raise SystemExit(main())
