"""Speed and memory of ``teamsim import git`` against a minimal Python parse of the same log.

    python benchmarks/bench_git_parse.py [LOG]     # default: the shared Rails history

The yardstick is the least any Python reader must do: decompress the file, split it into
lines, start a commit at every ``--`` header and split every other line into its three
numstat fields. teamsim's import does that and everything the command does after it
except writing the file: checks every line, decodes counts, dates and quoted paths,
cleans authors, maps paths to modules and tools, builds the scenario (validated) and its
YAML text. Targets: CPU time within 3x of the yardstick, peak memory within 2x.
``teamsim network`` on the same log (read the history, build the authors x (module, year)
network, the small-world report for every year with the default null samples, all but
printing) has a CPU-time target of 5x the yardstick.

Each measurement runs in a fresh process with the same imports (best of three runs for
time; memory is the peak resident size minus the size before the work), so one run's
garbage or caches never help the next. CPU time rather than wall time, because the
machine is shared. Prints the numbers and ratios; exits 1 when a target is missed, 0 with
a message when the log is not there.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's teamsim first

DEFAULT_LOG = ROOT.parent.parent / "shared" / "data" / "gitlogs" / "rails.gitlog.gz"
TIME_RATIO, MEMORY_RATIO, NETWORK_RATIO, RUNS = 3.0, 2.0, 5.0, 3


def minimal(path: str) -> int:
    """The yardstick: commits as (header, [numstat fields]) with no checks at all."""
    from teamsim.importers._files import read_maybe_gzip

    commits: list = []
    cur: list = []
    for line in read_maybe_gzip(path).split("\n"):
        if line.startswith("--"):
            cur = []
            commits.append((line, cur))
        elif line:
            cur.append(line.split("\t", 2))
    return sum(len(c) for _, c in commits)


def teamsim_import(path: str) -> int:
    """What ``teamsim import git LOG -o out.yaml`` computes (all but the write)."""
    from teamsim.importers import scenario_to_yaml
    from teamsim.importers.git import git_scenario, read_git_log

    log = read_git_log(path)
    text = scenario_to_yaml(git_scenario(log))
    return sum(len(c.changes) for c in log.commits) + 0 * len(text)


def teamsim_parse(path: str) -> int:
    """Only the log: read, parse, clean authors (``read_git_log``)."""
    from teamsim.importers.git import read_git_log

    return sum(len(c.changes) for c in read_git_log(path).commits)


def teamsim_network(path: str) -> int:
    """What ``teamsim network LOG`` computes (all but printing the table)."""
    from teamsim.cli.network import network_source
    from teamsim.smallworld import small_world_by_window

    series = small_world_by_window(network_source(Path(path)), source=path)
    return len(series.windows)


KINDS = {"minimal": minimal, "parse": teamsim_parse, "import": teamsim_import, "network": teamsim_network}


def child(kind: str, path: str) -> None:
    import teamsim.cli.network  # noqa: F401
    import teamsim.importers  # noqa: F401  (the same imports in every child)
    import teamsim.importers.git  # noqa: F401

    before = _rss()
    cpu, wall = time.process_time(), time.perf_counter()
    n = KINDS[kind](path)
    out = {"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall,
           "memory": _rss() - before, "changes": n}
    print(json.dumps(out))


def _rss() -> int:
    """Peak resident size of this process so far, in bytes (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def measure(kind: str, path: str) -> dict:
    runs = []
    for _ in range(RUNS):
        r = subprocess.run([sys.executable, __file__, "--child", kind, path], capture_output=True,
                           text=True, check=True)
        runs.append(json.loads(r.stdout))
    return {"cpu": min(r["cpu"] for r in runs), "wall": min(r["wall"] for r in runs),
            "memory": min(r["memory"] for r in runs), "changes": runs[0]["changes"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("log", nargs="?", default=str(DEFAULT_LOG))
    ap.add_argument("--child", choices=sorted(KINDS), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.log)
        return 0
    if not Path(args.log).is_file():
        print(f"skipped: {args.log} is not there (pass a Code Maat git log as the argument)")
        return 0
    res = {k: measure(k, args.log) for k in ("minimal", "parse", "import", "network")}
    base = res["minimal"]
    print(f"{args.log}: {base['changes']:,} numstat lines")
    print(f"{'':10}{'CPU s':>8}{'wall s':>8}{'peak MB':>9}{'CPU x':>7}{'mem x':>7}")
    for k, r in res.items():
        print(f"{k:10}{r['cpu']:8.2f}{r['wall']:8.2f}{r['memory'] / 2**20:9.0f}"
              f"{r['cpu'] / base['cpu']:7.2f}{r['memory'] / base['memory']:7.2f}")
    imp = res["import"]
    misses = []
    if imp["cpu"] > TIME_RATIO * base["cpu"]:
        misses.append(f"import git CPU time {imp['cpu'] / base['cpu']:.2f}x the minimal parse "
                      f"(target {TIME_RATIO:g}x)")
    if imp["memory"] > MEMORY_RATIO * base["memory"]:
        misses.append(f"import git peak memory {imp['memory'] / base['memory']:.2f}x the minimal parse "
                      f"(target {MEMORY_RATIO:g}x)")
    net = res["network"]
    if net["cpu"] > NETWORK_RATIO * base["cpu"]:
        misses.append(f"network CPU time {net['cpu'] / base['cpu']:.2f}x the minimal parse "
                      f"(target {NETWORK_RATIO:g}x)")
    if res["parse"]["changes"] > base["changes"] or res["parse"]["changes"] < 0.99 * base["changes"]:
        misses.append(f"parse kept {res['parse']['changes']:,} of {base['changes']:,} numstat lines")
    for m in misses:
        print("MISS " + m)
    if not misses:
        print(f"ok: import git within {TIME_RATIO:g}x time and {MEMORY_RATIO:g}x memory of the minimal "
              f"parse, network within {NETWORK_RATIO:g}x time")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
