"""Speed and quality of team design (teamsim.design) and skills coverage (teamsim.coverage).

Targets on the 2-core reference machine (printed with the measured value and the ratio;
the script exits non-zero on a miss):

1. 60 people / 30 services: the design proven optimal (exact MILP, zero gap) in <= 60 s;
2. 1,000 people / 300 services / 1,500 dependencies, at most 4 services per team: a feasible
   design in <= 60 s with a reported gap (against the best proven lower bound: the
   service-group bound of ``teamsim.design.bounds._component_bound``, which needs the service cap,
   or the covering bound of ``teamsim.design.bounds._move_bound``) <= 10 %;
3. ``coverage_report`` for 5,000 people / 1,000 services in <= 2 s.

The organisations are planted: teams of about 7 with a three-tool stack each, services
needing one or two tools of their cluster's stack, 80 % of dependencies inside a cluster,
and 10 % of services owned by a random other team today (so today's organisation has
cross-team dependencies and coverage gaps to repair).

Run: ``python benchmarks/bench_design.py`` (``--quick`` skips the 1,000-people design).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from teamsim.coverage import coverage_report  # noqa: E402
from teamsim.design import design_teams  # noqa: E402
from teamsim.scenario import Scenario  # noqa: E402


def planted(P: int, S: int, E: int, *, seed: int = 0, team_size: int = 7, n_tools: int = 24,
            scramble: float = 0.1) -> Scenario:
    rng = np.random.default_rng(seed)
    K = max(1, P // team_size)
    team = np.arange(P) % K
    stacks = [rng.choice(n_tools, 3, replace=False) for _ in range(K)]
    people = []
    for i in range(P):
        st = stacks[team[i]]
        j = i // K
        tools = {int(st[j % 3]), int(st[(j + 1) % 3]), int(rng.integers(n_tools))}
        people.append({"name": f"p{i}", "tools": [f"t{x}" for x in sorted(tools)]})
    cl = rng.integers(K, size=S)
    svc_tools = [[f"t{x}" for x in sorted(set(rng.choice(stacks[c], rng.integers(1, 3), replace=False)))]
                 for c in cl]
    by = [np.flatnonzero(cl == k) for k in range(K)]
    edges: set[tuple[int, int]] = set()
    while len(edges) < E:
        u = int(rng.integers(S))
        v = int(rng.choice(by[cl[u]])) if rng.random() < 0.8 and len(by[cl[u]]) > 1 else int(rng.integers(S))
        if u != v and (v, u) not in edges:
            edges.add((u, v))
    deps: list[list[str]] = [[] for _ in range(S)]
    for u, v in sorted(edges):
        deps[u].append(f"s{v}")
    owner = cl.copy()
    idx = rng.choice(S, int(scramble * S), replace=False)
    owner[idx] = rng.integers(K, size=len(idx))
    return Scenario.model_validate({
        "tools": [{"name": f"t{x}"} for x in range(n_tools)], "people": people,
        "teams": [{"name": f"team{k}", "members": [f"p{i}" for i in np.flatnonzero(team == k)],
                   "services": [f"s{i}" for i in np.flatnonzero(owner == k)]} for k in range(K)],
        "services": [{"name": f"s{i}", "tools": svc_tools[i], "depends_on": deps[i]} for i in range(S)]})


def report(label: str, value: float, target: float, unit: str) -> bool:
    ok = value <= target
    print(f"{label}: {value:.3g} {unit} (target <= {target:g} {unit}, ratio {value / target:.2f}) "
          f"{'OK' if ok else 'MISS'}")
    return ok


def main() -> int:
    quick = "--quick" in sys.argv
    ok = True
    s = planted(60, 30, 60, seed=1)
    t = time.perf_counter()
    d = design_teams(s, time_limit=60)
    el = time.perf_counter() - t
    print(f"60 people / 30 services / 60 deps: objective {d.objective:g} (today {d.before['objective']:g}), "
          f"bound {d.bound:g}, gap {d.gap:.1%}, method {d.method}, {d.changes} changes; "
          f"today {len(d.violations_before)} violations")
    ok &= report("  time to proven optimum", el, 60, "s") and d.optimal
    if not d.optimal:
        print("  MISS: not proven optimal")
    if not quick:
        s = planted(1000, 300, 1500, seed=2)
        t = time.perf_counter()
        d = design_teams(s, time_limit=55, max_services=4)
        el = time.perf_counter() - t
        print(f"1,000 people / 300 services / 1,500 deps: objective {d.objective:g} "
              f"(today {d.before['objective']:g}, {len(d.violations_before)} violations), bound "
              f"{d.bound}, method {d.method}, {d.changes} changes")
        ok &= report("  time", el, 60, "s")
        ok &= report("  gap", 100 * (d.gap if d.gap is not None else 1.0), 10, "%")
    s = planted(5000, 1000, 3000, seed=3)
    t = time.perf_counter()
    r = coverage_report(s)
    el = time.perf_counter() - t
    print(f"coverage 5,000 people / 1,000 services: {r.uncovered} services missing a tool")
    ok &= report("  time", el, 2, "s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
