"""Speed and quality of team design (teamsim.design) and skills coverage (teamsim.coverage).

Targets on the 2-core reference machine (checked through ``benchmarks/_bench.py``: at least
3 repetitions, wall-clock time, a time target on the fastest repetition and the gap target
on the median; the script exits non-zero on a miss):

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

The objective, the bound, the gap and today's violations of each design are kept in the
``--json`` output (notes and a gap row), so ``docs/benchmarks.md`` shows them.

Run: ``python benchmarks/bench_design.py`` (``--quick`` skips the 1,000-people design).
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
from _bench import Bench

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


def designs(bench: Bench, label: str, s: Scenario, target_s: float, **kw) -> list:
    """Time ``design_teams(s, **kw)`` (wall clock: its time limit is one) and note each design."""
    out: list = []
    bench.timed(label, lambda: out.append(design_teams(s, **kw)), target_s=target_s, clock="wall")
    lines = [f"objective {d.objective:g} (today {d.before['objective']:g}, {len(d.violations_before)} "
             f"violations), bound {'none' if d.bound is None else f'{d.bound:g}'}, "
             f"gap {'none' if d.gap is None else f'{d.gap:.1%}'}, method {d.method}, {d.changes} changes"
             for d in out]
    for line in dict.fromkeys(lines):
        bench.note(f"{line} ({lines.count(line)} of {len(lines)} repetitions)")
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="skip the 1,000-people design")
    bench = Bench("bench_design", __doc__, ap)
    bench.heading("design: 60 people / 30 services / 60 dependencies")
    small = designs(bench, "design_teams, proven optimal", planted(60, 30, 60, seed=1), 60.0, time_limit=60)
    bench.check(all(d.optimal for d in small), "every repetition proven optimal (exact MILP, zero gap)")
    if not bench.args.quick:
        bench.heading("design: 1,000 people / 300 services / 1,500 dependencies, max_services=4")
        large = designs(bench, "design_teams, 55 s budget", planted(1000, 300, 1500, seed=2), 60.0,
                        time_limit=55, max_services=4)
        gaps = [100 * (1.0 if d.gap is None else d.gap) for d in large]
        bench.measured("gap to the best proven lower bound", gaps, unit="%", at_most=10.0)
    bench.heading("coverage_report: 5,000 people / 1,000 services / 3,000 dependencies")
    s = planted(5000, 1000, 3000, seed=3)
    r, _ = bench.timed("coverage_report", lambda: coverage_report(s), target_s=2.0, clock="wall")
    bench.note(f"{r.uncovered} services missing a tool")
    return bench.finish()


if __name__ == "__main__":
    sys.exit(main())
