"""Speed and values of teamsim's collaboration-network measures against igraph and networkx.

    python benchmarks/bench_network.py          # N = 1e3, 1e4, 1e5 (exact path length up to 1e4)
    python benchmarks/bench_network.py --full   # also exact path length at N = 1e5 on the
                                                # teams graph (about half an hour: igraph's
                                                # all-pairs BFS takes minutes per run)

Graphs (``benchmarks/_graphs.py``, seeded): ``teams``, the one-mode projection (as teamsim
builds it) of people x projects with teams of 2-6 people and a heavy-tailed number of
projects per person; ``random``, G(n, m) with mean degree 10. For each: transitivity,
average clustering (zeros counted) and the exact mean shortest path length on the giant
component, teamsim alternated with igraph (and networkx where it takes seconds, not
minutes), 3 repetitions. Targets: teamsim at least as fast as igraph (median ratio >= 1)
with the same values, bit for bit. Also: parsing the networkx git log (< 2 s), the
calibrated Q with 20 shuffled networks at N = 1e4 (< 10 s; ``--only-null`` runs just that)
and the whole small-world Q report at N = 1e5 (< 30 s).

Exits 1 if a value differs or a target is missed.
"""

from __future__ import annotations

import argparse
import time

import networkx as nx
from _bench import ROOT, Bench, equal_values
from _graphs import graph, to_igraph

from teamsim.affiliation import random_affiliation
from teamsim.importers.git import read_git_log
from teamsim.smallworld import _giant, average_clustering, mean_path_length, small_world, transitivity

NX_LIMIT = 10_000  # networkx above this takes minutes per call


def warm_up(bench: Bench) -> None:
    """First calls load (or compile) the compiled kernels: timed apart, not in the ratios."""
    t0 = time.perf_counter()
    g = nx.karate_club_graph()
    transitivity(g), average_clustering(g), mean_path_length(g)
    bench.note(f"first calls (load or compile the numba kernels): {time.perf_counter() - t0:.2f} s")


def bench_parse(bench: Bench) -> None:
    bench.heading("parse the networkx git log (8,584 commits, gzip)")
    log, _ = bench.timed("read_git_log", lambda: read_git_log(
        ROOT / "docs" / "data" / "networkx.gitlog.gz", bots=None, merge_case=False), target_s=2.0)
    bench.check(len(log.commits) == 8584, f"{len(log.commits)} commits parsed (8,584 expected)")


def bench_graph(bench: Bench, kind: str, n: int, full: bool) -> None:
    a = graph(kind, n, seed=1)
    g = to_igraph(a)
    G = nx.from_scipy_sparse_array(a) if n <= NX_LIMIT else None
    bench.heading(f"{kind}, N = {n:.0e}: {a.shape[0]} nodes, {a.nnz // 2} edges")
    same = equal_values()
    peers = {"igraph": g.transitivity_undirected}
    if G is not None:
        peers["networkx"] = lambda: nx.transitivity(G)
    # igraph divides twice (triangles / triples x 3): up to one ulp from the exact quotient,
    # which teamsim and networkx give
    bench.compare("transitivity", lambda: transitivity(a), peers, target=("igraph", 1.0),
                  same=equal_values({"igraph": 1}))
    peers = {"igraph": lambda: g.transitivity_avglocal_undirected(mode="zero")}
    if G is not None:
        peers["networkx"] = lambda: nx.average_clustering(G)
    bench.compare("average clustering", lambda: average_clustering(a), peers, target=("igraph", 1.0),
                  same=same)
    if n > NX_LIMIT and not (full and kind == "teams"):
        bench.note("exact path length at this size: run with --full" if not full else
                   "exact path length at this size: on the teams graph only (igraph takes minutes a call)")
        return
    _, _, giant = _giant(a)
    gg = to_igraph(a, giant)
    peers = {"igraph": gg.average_path_length}
    if n <= 1000:
        H = nx.Graph(G.subgraph(giant.tolist()))
        peers["networkx"] = lambda: nx.average_shortest_path_length(H)
    bench.note(f"giant component: {giant.size} nodes")
    bench.compare("exact mean path length", lambda: mean_path_length(a, exact_limit=10**9).value, peers,
                  target=("igraph", 1.0), same=same)


def bench_q(bench: Bench, n: int, samples: int, target_s: float, what: str) -> None:
    """The whole Q report of a random affiliation network of n people, timed; its Q must
    be 1 within the interval (with 20 samples or more) and its C near the analytic expectation."""
    bench.heading(f"N = {n:.0e}: {what}")
    net = random_affiliation(n, seed=2)
    r, _ = bench.timed(f"small_world(null_samples={samples})", lambda: small_world(net, null_samples=samples),
                       target_s=target_s)
    interval = ("no interval: one shuffled network" if r.q_ci is None
                else f"interval {r.q_ci[0]:.4f}-{r.q_ci[1]:.4f}")
    bench.note(f"{r.people} people, {r.edges} ties: C = {r.transitivity:.4f} ({r.clustering_method}), "
               f"L = {r.path_length.value:.4f} ({r.path_length.method}), Q = {r.q:.4f} ({interval}), "
               f"analytic Q = {r.analytic.q:.4f}")
    if samples >= 20:  # one sample gives the interval [Q, Q]
        bench.check(r.q_ci[0] <= 1 <= r.q_ci[1], "a random network's Q is 1 within its interval")
    bench.check(abs(r.transitivity - r.analytic.transitivity) < 0.01,
                "a random network's C is within 0.01 of the analytic expectation")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--full", action="store_true",
                    help="also the exact path length at N = 1e5 (the teams graph)")
    ap.add_argument("--sizes", default="1000,10000,100000", help="comma-separated N")
    ap.add_argument("--skip-q", action="store_true", help="skip the Q report at N = 1e5")
    ap.add_argument("--only-null", action="store_true", help="only the calibrated Q at N = 1e4")
    bench = Bench("bench_network", __doc__, ap)
    warm_up(bench)
    bench_q(bench, 10**4, 20, 10, "calibrated Q (20 shuffled networks)")
    if bench.args.only_null:
        return bench.finish()
    bench_parse(bench)
    for n in (int(x) for x in bench.args.sizes.split(",")):
        for kind in ("teams", "random"):
            bench_graph(bench, kind, n, bench.args.full)
    if not bench.args.skip_q:
        bench_q(bench, 10**5, 1, 30, "whole Q report (1 shuffled network, sampled path length)")
    return bench.finish()


if __name__ == "__main__":
    raise SystemExit(main())
