"""Speed and quality of teamsim's ownership metrics and reorganisation suggestion (issue 4, section 8).

Targets on the 2-core reference machine:

1. all ownership metrics for 5,000 services, 500 teams and 50,000 dependencies in < 2 s;
2. the local-search suggestion for 1,000 services and 100 teams in < 10 s;
3. the exact solver's (HiGHS MILP) optimality gap on instances up to 60 services, and how
   close the local search gets to it.

It also checks results against independent computations (dense O^T D O, networkx modularity)
and exits non-zero if they disagree or a target is missed.

Run: ``python benchmarks/bench_ownership.py`` (``--quick`` for a smaller run).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from teamsim.ownership import ownership_matrices, ownership_report, team_dependency_matrix  # noqa: E402
from teamsim.reorg import suggest_ownership  # noqa: E402
from teamsim.scenario import Scenario  # noqa: E402


def planted(S: int, T: int, *, deg: float, p_in: float, scramble: float, team_size: int = 5,
            seed: int = 0, cap_slack: float | None = None) -> Scenario:
    """Services in T planted clusters (p_in of each service's dependencies stay inside its
    cluster); a share ``scramble`` of services is owned by a random team instead."""
    rng = np.random.default_rng(seed)
    cl = rng.integers(T, size=S)
    by = [np.nonzero(cl == t)[0] for t in range(T)]
    edges: set[tuple[int, int]] = set()
    target = int(deg * S)
    while len(edges) < target:
        u = int(rng.integers(S))
        v = int(rng.choice(by[cl[u]])) if rng.random() < p_in and len(by[cl[u]]) > 1 else int(rng.integers(S))
        if u != v:
            edges.add((u, v))
    deps: list[list[str]] = [[] for _ in range(S)]
    for u, v in sorted(edges):
        deps[u].append(f"s{v}")
    owner = cl.copy()
    k = int(scramble * S)
    idx = rng.choice(S, k, replace=False)
    owner[idx] = rng.integers(T, size=k)
    people = [{"name": f"p{i}"} for i in range(T * team_size)]
    teams = []
    for j in range(T):
        t = {"name": f"t{j}", "members": [f"p{j * team_size + i}" for i in range(team_size)],
             "services": [f"s{i}" for i in np.nonzero(owner == j)[0]]}
        if cap_slack is not None:
            t["capacity"] = float(np.ceil((1 + cap_slack) * S / T))
        teams.append(t)
    return Scenario.model_validate({"people": people, "teams": teams, "services": [
        {"name": f"s{i}", "depends_on": deps[i]} for i in range(S)]})


def check(ok: bool, what: str, failures: list[str]) -> None:
    print(f"  {'ok  ' if ok else 'FAIL'} {what}")
    if not ok:
        failures.append(what)


def bench_metrics(failures: list[str], quick: bool) -> None:
    S, T, E = (1000, 100, 10000) if quick else (5000, 500, 50000)
    print(f"\n1. All ownership metrics: {S} services, {T} teams, {E} dependencies")
    t0 = time.perf_counter()
    s = planted(S, T, deg=E / S, p_in=0.6, scramble=0.2, seed=1)
    build = time.perf_counter() - t0
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        r = ownership_report(s)
        times.append(time.perf_counter() - t0)
    best = min(times)
    print(f"  scenario validation {build:.2f} s (pydantic, not part of the target)")
    print(f"  ownership_report: best of 3 {best:.3f} s (runs: {', '.join(f'{x:.3f}' for x in times)}); "
          f"target 2 s -> {best / 2:.2f} of the budget")
    print(f"  cross-team {r.cross_team_count:g} of {r.dependencies} ({r.cross_team_ratio:.3f}), "
          f"modularity {r.modularity:.4f}, {len(r.team_dependencies)} team-to-team edges")
    check(best < 2.0, f"metrics in {best:.3f} s < 2 s", failures)
    # independent checks: dense O^T D O, networkx modularity
    m = ownership_matrices(s)
    t0 = time.perf_counter()
    own, dep = m.O.toarray(), m.D.toarray()
    dense = own.T @ dep @ own
    t_dense = time.perf_counter() - t0
    M = team_dependency_matrix(m)
    check(np.allclose(dense, M), f"O^T D O equals the dense product (dense took {t_dense:.2f} s, "
          f"sparse pipeline {best:.3f} s for everything)", failures)
    G = nx.Graph()
    G.add_nodes_from(range(S))
    for u, v, w in zip(m.src, m.dst, m.weight):
        G.add_edge(int(u), int(v), weight=G.get_edge_data(int(u), int(v), {"weight": 0})["weight"] + w)
    prim = m.primary_owner()
    comms: dict = {}
    for i, p in enumerate(prim):
        comms.setdefault(int(p), set()).add(i)
    t0 = time.perf_counter()
    q_nx = nx.community.modularity(G, list(comms.values()), weight="weight")
    t_nx = time.perf_counter() - t0
    check(abs(q_nx - r.modularity) < 1e-9,
          f"modularity equals networkx ({q_nx:.6f}; networkx {t_nx:.3f} s alone)", failures)


def bench_local(failures: list[str], quick: bool) -> None:
    S, T = (300, 30) if quick else (1000, 100)
    print(f"\n2. Local-search suggestion: {S} services, {T} teams (deg 4, 80 % inside planted "
          "clusters, 30 % of services scrambled)")
    s = planted(S, T, deg=4, p_in=0.8, scramble=0.3, seed=2)
    t0 = time.perf_counter()
    r = suggest_ownership(s, lam=0.5, method="local", slack=0.5)
    dt = time.perf_counter() - t0
    print(f"  {dt:.2f} s; objective {r.objective:g} vs current {r.current_objective:g} "
          f"({r.objective / r.current_objective:.3f} of it); cross-team {r.cross_team:g}, "
          f"{len(r.moves)} moves; target 10 s -> {dt / 10:.2f} of the budget")
    check(dt < 10.0, f"local search in {dt:.2f} s < 10 s", failures)
    check(all(r.load[t] <= r.capacity[t] + 1e-9 for t in r.load), "capacities respected", failures)
    check(r.objective <= r.current_objective, "never worse than the current ownership", failures)


def bench_exact(failures: list[str], quick: bool) -> None:
    sizes = [(10, 3), (20, 4), (30, 4)] if quick else [(10, 3), (20, 4), (30, 4), (40, 5), (50, 5), (60, 6)]
    limit = 5.0 if quick else 20.0
    print(f"\n3. Exact solver (HiGHS MILP via scipy.optimize.milp, time limit {limit:g} s) vs local "
          "search, lambda 0.5, capacity (1 + 0.25) x S/T per team")
    print(f"  {'S':>3} {'T':>2}  {'exact obj':>9} {'bound':>8} {'gap':>7} {'time':>6}   "
          f"{'local obj':>9} {'time':>6}  local/exact")
    for S, T in sizes:
        s = planted(S, T, deg=2.5, p_in=0.75, scramble=0.3, seed=S, cap_slack=0.25)
        t0 = time.perf_counter()
        ex = suggest_ownership(s, lam=0.5, method="exact", time_limit=limit)
        t_ex = time.perf_counter() - t0
        t0 = time.perf_counter()
        lo = suggest_ownership(s, lam=0.5, method="local")
        t_lo = time.perf_counter() - t0
        print(f"  {S:>3} {T:>2}  {ex.objective:>9g} {ex.lower_bound:>8.3g} {ex.gap:>7.1%} {t_ex:>5.1f}s"
              f"   {lo.objective:>9g} {t_lo:>5.2f}s  {lo.objective / max(ex.objective, 1e-9):.3f}"
              f"{'  (optimal)' if ex.optimal else ''}")
        check(ex.lower_bound <= lo.objective + 1e-6, f"S={S}: local search respects the proven bound",
              failures)
        check(ex.objective <= lo.objective + 1e-9, f"S={S}: exact is at least as good as local",
              failures)
        check(t_ex <= limit + 3.0, f"S={S}: exact run {t_ex:.1f} s within the time limit {limit:g} s "
              "(+3 s for reports)", failures)


def main() -> int:
    quick = "--quick" in sys.argv
    failures: list[str] = []
    print(f"teamsim ownership benchmarks{' (quick)' if quick else ''}")
    bench_metrics(failures, quick)
    bench_local(failures, quick)
    bench_exact(failures, quick)
    print(f"\n{'all checks passed' if not failures else f'{len(failures)} check(s) FAILED'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
