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

Each measurement runs in a fresh process with the same imports (memory is the peak
resident size minus the size before the work; time is the CPU time of the work, both
reported by the child), so one run's garbage or caches never help the next. The rules of
``benchmarks/_bench.py`` apply: each teamsim side alternates with the minimal parse, at
least 3 repetitions; the min and median of every time and memory and of the per-repetition
ratios (minimal / teamsim: a target of 3x is a median ratio >= 1/3) are printed and kept in
the ``--json`` output. CPU time rather than wall time, because the machine is shared (the
wall time, child start-up included, is stored beside it). Exits 1 when a target is missed,
0 with a message when the log is not there.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from _bench import ROOT, Bench

#: The shared Rails history beside the checkout's folder (a worktree two levels down, or one).
DEFAULT_LOG = next((p for p in (ROOT.parent.parent / "shared", ROOT.parent / "shared")
                    if (p / "data" / "gitlogs" / "rails.gitlog.gz").is_file()),
                   ROOT.parent.parent / "shared") / "data" / "gitlogs" / "rails.gitlog.gz"
TIME_RATIO, MEMORY_RATIO, NETWORK_RATIO = 3.0, 2.0, 5.0
PEER = "minimal parse"


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
    return sum(len(c.files) for c in log.commits) + 0 * len(text)


def teamsim_parse(path: str) -> int:
    """Only the log: read, parse, clean authors (``read_git_log``)."""
    from teamsim.importers.git import read_git_log

    return sum(len(c.files) for c in read_git_log(path).commits)


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


class Children:
    """Runs a kind of work in a fresh process; keeps what each child reported."""

    def __init__(self, path: str):
        self.path = path
        self.cpu = 0.0  # the children's work CPU time so far: the clock of Bench.compare
        self.memory: dict[str, list[float]] = {}

    def run(self, kind: str) -> int:
        r = subprocess.run([sys.executable, __file__, "--child", kind, self.path], capture_output=True,
                           text=True, check=True)
        out = json.loads(r.stdout)
        self.cpu += out["cpu"]
        self.memory.setdefault(kind, []).append(out["memory"] / 2**20)
        return int(out["changes"])

    def clock(self) -> float:
        return self.cpu


def same_lines(ours: int, peer: str, theirs: int) -> tuple[bool, str]:
    """``read_git_log`` keeps every numstat line of the minimal parse (at most 1 % dropped as blank)."""
    return 0.99 * theirs <= ours <= theirs, f"parse kept {ours:,} of {theirs:,} numstat lines ({peer})"


SIDES = [  # label, kind, CPU-time target (x the minimal parse), memory target, same
    ("teamsim import git (all but the write)", "import", TIME_RATIO, MEMORY_RATIO, None),
    ("teamsim network (all but printing)", "network", NETWORK_RATIO, None, None),
    ("read_git_log (parse and clean authors)", "parse", None, None, same_lines),
]


def main() -> int:
    if "--child" in sys.argv:
        ap = argparse.ArgumentParser()
        ap.add_argument("--child", choices=sorted(KINDS))
        ap.add_argument("log")
        args = ap.parse_args()
        child(args.child, args.log)
        return 0
    ap = argparse.ArgumentParser()
    ap.add_argument("log", nargs="?", default=str(DEFAULT_LOG))
    bench = Bench("bench_git_parse", __doc__, ap)
    log = bench.args.log
    if not Path(log).is_file():
        bench.note(f"skipped: {log} is not there (pass a Code Maat git log as the argument)")
        return bench.finish()
    kids = Children(log)
    bench.heading(f"{Path(log).name}: against the minimal parse, each run in a fresh process")
    for label, kind, cpu_x, mem_x, same in SIDES:
        kids.memory.clear()
        bench.compare(label, lambda kind=kind: kids.run(kind), {PEER: lambda: kids.run("minimal")},
                      target=(PEER, 1 / cpu_x) if cpu_x else None, same=same, clock=kids.clock)
        bench.measured(f"{label}, peak memory", kids.memory[kind], {PEER: kids.memory["minimal"]}, unit="MB",
                       target=(PEER, 1 / mem_x) if mem_x else None)
    bench.note(f"targets: import git within {TIME_RATIO:g}x the CPU time and {MEMORY_RATIO:g}x the peak "
               f"memory of the minimal parse, network within {NETWORK_RATIO:g}x its CPU time")
    return bench.finish()


if __name__ == "__main__":
    sys.exit(main())
