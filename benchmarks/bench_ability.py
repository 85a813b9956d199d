"""Speed of the exact most-able-team search (vectorised enumeration) against a
straightforward Python loop over the same teams; the results must agree.

Run: .venv/bin/python benchmarks/bench_ability.py
"""

from __future__ import annotations

import itertools
import random
import sys
import time

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
    ok = True
    for n, t, k in [(30, 60, 3), (40, 80, 4), (50, 100, 4)]:
        s = synthetic(n, t)
        t0 = time.perf_counter()
        fast = most_able_team(s, k)
        t_fast = time.perf_counter() - t0
        t0 = time.perf_counter()
        ref = reference(s, k)
        t_ref = time.perf_counter() - t0
        same = abs(fast.ability - ref) < 1e-9
        ok &= same
        print(f"n={n} tools={t} k={k}: C(n,k)={__import__('math').comb(n, k):,} "
              f"vectorised {t_fast:.3f}s, python {t_ref:.3f}s, ratio {t_ref / t_fast:.1f}x, "
              f"ability {fast.ability:g} {'==' if same else '!='} {ref:g}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
