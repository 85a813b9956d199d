"""Speed of teamsim's collaboration-network measures (issue 3, section 8).

Prints absolute times and ratios against networkx on the same input, and exits non-zero
if any value disagrees or a target is missed.

    python benchmarks/bench_network.py            # log parse, N = 1e4 vs networkx, N = 1e5 Q report
    python benchmarks/bench_network.py --full-nx  # also networkx's full average_shortest_path_length
                                                  # at N = 1e4 (tens of minutes on 2 cores)
    python benchmarks/bench_network.py --huge     # also N = 1e6 (peak memory; several minutes)

Synthetic Broadway-like affiliation networks: N people, N/4 projects, project size
2 + Poisson(5) (``teamsim.affiliation.random_affiliation``).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's teamsim first

from teamsim.affiliation import one_mode_projection, random_affiliation  # noqa: E402
from teamsim.importers.git import read_git_log  # noqa: E402
from teamsim.smallworld import (  # noqa: E402
    _bfs_distance_sums,
    _giant,
    clustering,
    mean_path_length,
    small_world,
)

ROOT = Path(__file__).resolve().parent.parent
failures: list[str] = []


def timed(f, *a, **k):
    t = time.perf_counter()
    out = f(*a, **k)
    return out, time.perf_counter() - t


def best_of(runs, f, *a, **k):
    """Result and the fastest of ``runs`` timings (after imports and caches are warm)."""
    times = []
    for _ in range(runs):
        out, t = timed(f, *a, **k)
        times.append(t)
    return out, min(times)


def check(ok: bool, what: str) -> None:
    print(("  ok   " if ok else "  FAIL ") + what)
    if not ok:
        failures.append(what)


def bench_parse() -> None:
    print("== parse the networkx log (8,584 commits), target < 2 s")
    log, t = timed(read_git_log, ROOT / "docs" / "data" / "networkx.gitlog.gz", bots=None, merge_case=False)
    changes = sum(len(c.changes) for c in log.commits)
    print(f"  {len(log.commits)} commits, {changes} file changes in {t:.2f} s (incl. gunzip)")
    check(len(log.commits) == 8584, "all 8,584 commits parsed")
    check(t < 2, f"parse time {t:.2f} s < 2 s")


def bench_1e4(full_nx: bool) -> None:
    print("== N = 1e4: clustering and exact path length vs networkx, target >= 20x, same values")
    net = random_affiliation(10_000, seed=1)
    a = one_mode_projection(net)
    g = nx.from_scipy_sparse_array(a)
    print(f"  {net.n_people} people, {net.n_projects} projects, {a.nnz // 2} ties")
    (c_t, c_avg), t_ours = best_of(5, clustering, a)
    nx_t, t_nx_t = best_of(3, nx.transitivity, g)
    nx_avg, t_nx_avg = best_of(3, nx.average_clustering, g)
    print(f"  clustering (best of 5 / 3 runs): teamsim {t_ours:.3f} s (transitivity + average, one pass); "
          f"networkx transitivity {t_nx_t:.2f} s ({t_nx_t / t_ours:.0f}x), average_clustering "
          f"{t_nx_avg:.2f} s ({t_nx_avg / t_ours:.0f}x)")
    check(abs(c_t - nx_t) < 1e-12 and abs(c_avg - nx_avg) < 1e-12,
          f"clustering agrees (transitivity {c_t:.6f}, average {c_avg:.6f})")
    check(t_nx_t / t_ours >= 20, f"transitivity speed-up {t_nx_t / t_ours:.0f}x >= 20x")

    pl, t_pl = timed(mean_path_length, a)
    n = pl.component_size
    print(f"  path length (exact, {n} people in the giant component): teamsim {t_pl:.2f} s, "
          f"L = {pl.value:.6f}")
    _, _, giant = _giant(a)
    gg = nx.Graph(g.subgraph(giant.tolist()))
    if full_nx:
        nx_l, t_nx = timed(nx.average_shortest_path_length, gg)
        label = "full"
        check(abs(nx_l - pl.value) < 1e-12, f"path length agrees with networkx ({nx_l:.6f})")
    else:
        k = 200
        rng = np.random.default_rng(0)
        src = np.sort(rng.choice(n, k, replace=False))
        sub = a[giant][:, giant].tocsr()
        ours, _ = _bfs_distance_sums(sub, src)
        nodes = giant.tolist()
        t0 = time.perf_counter()
        theirs = [sum(nx.single_source_shortest_path_length(gg, nodes[s]).values()) for s in src]
        t_nx = (time.perf_counter() - t0) * n / k
        label = f"extrapolated from {k} sources"
        check(np.array_equal(ours.astype(np.int64), np.array(theirs, np.int64)),
              f"distance sums from {k} sources agree with networkx exactly")
    print(f"  networkx average_shortest_path_length: {t_nx:.0f} s ({label}) -> {t_nx / t_pl:.0f}x")
    check(t_nx / t_pl >= 20, f"path-length speed-up {t_nx / t_pl:.0f}x >= 20x")


def bench_q(n_people: int, target_s: float | None) -> None:
    print(f"== N = {n_people:.0e}: whole Q report (analytic + 1 simulated null, sampled path length)")
    net, t_build = timed(random_affiliation, n_people, seed=2)
    r, t = timed(small_world, net, null_samples=1)
    pl = r.path_length
    print(f"  built in {t_build:.1f} s: {r.people} people, {r.projects} projects, {r.edges} ties")
    print(f"  report in {t:.1f} s: C = {r.transitivity:.4f}, <Ci> = {r.average_clustering:.4f}, "
          f"L = {pl.value:.4f} ({pl.method}, {pl.sources} sources, 95% CI {pl.ci_low:.4f}-{pl.ci_high:.4f}), "
          f"giant {r.giant_share:.4f}")
    print(f"  analytic: C_r = {r.analytic.transitivity:.4f}, L_r = {r.analytic.path_length:.4f}, "
          f"Q = {r.q:.3f}; simulated: C_r = {r.simulated.transitivity:.4f}, "
          f"L_r = {r.simulated.path_length:.4f}, Q = {r.simulated.q:.3f}")
    check(r.q is not None and r.simulated.q is not None, "Q defined")
    # random network vs its own null: C close to both references
    check(abs(r.transitivity - r.analytic.transitivity) < 0.01,
          f"random network C {r.transitivity:.4f} within 0.01 of the analytic {r.analytic.transitivity:.4f}")
    if target_s is not None:
        check(t < target_s, f"Q report {t:.1f} s < {target_s:g} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(f"  peak memory of this process so far: {peak:.2f} GB")
    if n_people >= 10**6:
        check(peak < 24, f"peak memory {peak:.2f} GB < 24 GB")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--full-nx", action="store_true", help="run networkx's full path length at N = 1e4")
    ap.add_argument("--huge", action="store_true", help="also run N = 1e6 (memory check)")
    ap.add_argument("--skip-1e4", action="store_true", help="skip the networkx comparison")
    args = ap.parse_args()
    bench_parse()
    if not args.skip_1e4:
        bench_1e4(args.full_nx)
    bench_q(10**5, 30)
    if args.huge:
        bench_q(10**6, None)
    print("FAILED: " + "; ".join(failures) if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
