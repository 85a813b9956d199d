"""A git history the size of Linux's through the whole ``teamsim network`` pipeline.

    python benchmarks/bench_history.py                  # 1.2 million commits, 30,000 authors
    python benchmarks/bench_history.py --commits 100000 --authors 3000   # smaller

A seeded synthetic log in Code Maat's format, generated in memory: commits from 2005 to 2025,
authors drawn with heavy-tailed activity (Zipf weights: a few authors make thousands of
commits, most make a handful), files per commit heavy-tailed (Zipf, most commits touch one to
three files, a few touch hundreds), each author mostly in a home subsystem out of 1,500
(popularity Zipf too). Stages, as ``teamsim network LOG`` runs them: parse the log
(``parse_git_log``, the git importer), build the authors x (module, year) network
(``git_affiliation``), then the small-world report for every year (``small_world_by_window``
with the command's defaults: ``NULL_SAMPLES`` shuffled networks per window; ``--null-samples``
changes it). Targets: the whole pipeline in <= 60 s (CPU time of this
process) and <= 4 GB peak memory (resident set). Each stage's time is printed, so a miss says
where the time goes.
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np
from _bench import Bench

from teamsim.affiliation import git_affiliation
from teamsim.importers.git import parse_git_log
from teamsim.smallworld import NULL_SAMPLES, small_world_by_window


def synthetic_log(commits: int, authors: int, seed: int = 0, modules: int = 1500) -> str:
    """The log text (Code Maat's format: header, numstat lines, blank line per commit)."""
    rng = np.random.default_rng(seed)
    w = 1.0 / np.arange(1, authors + 1) ** 1.1
    author = rng.choice(authors, commits, p=w / w.sum())
    nfiles = np.minimum(rng.zipf(2.2, commits), 300)
    mw = 1.0 / np.arange(1, modules + 1) ** 0.9
    home = rng.choice(modules, authors, p=mw / mw.sum())
    per_file_commit = np.repeat(np.arange(commits), nfiles)
    away = rng.random(per_file_commit.size) < 0.2
    module = home[author[per_file_commit]]
    module[away] = rng.choice(modules, int(away.sum()), p=mw / mw.sum())
    fileno = np.minimum(rng.zipf(1.6, per_file_commit.size), 400)
    days = np.sort(rng.integers(0, 20 * 365, commits))
    dates = (np.datetime64("2005-04-16") + days.astype("timedelta64[D]")).astype(str)
    adds = np.minimum(rng.zipf(1.8, per_file_commit.size), 5000)
    names = [f"Dev{i:05d} Person" for i in range(authors)]
    mods = [f"sub{m // 30:02d}/part{m:04d}" for m in range(modules)]
    numstat = [f"{a}\t{a // 3}\t{mods[m]}/f{f}.c" for a, m, f in
               zip(adds.tolist(), module.tolist(), fileno.tolist())]
    out, k = [], 0
    for c, (a, d, n) in enumerate(zip(author.tolist(), dates.tolist(), nfiles.tolist())):
        out.append(f"--{c:08x}--{d}--{names[a]}")
        out.extend(numstat[k:k + n])
        out.append("")
        k += n
    return "\n".join(out) + "\n"


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def run_pipeline(bench: Bench, text: str, null_samples: int = NULL_SAMPLES) -> dict:
    stages = {}
    t0 = time.process_time()
    log = parse_git_log(text, "synthetic.gitlog", bots=None)
    stages["parse_git_log"] = time.process_time() - t0
    t0 = time.process_time()
    net = git_affiliation(log)
    stages["git_affiliation"] = time.process_time() - t0
    del log
    t0 = time.process_time()
    series = small_world_by_window(net, width=1, null_samples=null_samples)
    stages["small_world_by_window"] = time.process_time() - t0
    stages["windows"] = len(series.windows)
    stages["people"], stages["projects"] = net.n_people, net.n_projects
    stages["largest window"] = max(w.people for w in series.windows)
    return stages


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--commits", type=int, default=1_200_000)
    ap.add_argument("--authors", type=int, default=30_000)
    ap.add_argument("--null-samples", type=int, default=NULL_SAMPLES)
    bench = Bench("bench_history", __doc__, ap)
    args = bench.args
    bench.heading(f"synthetic history: {args.commits:,} commits, {args.authors:,} authors, "
                  f"{args.null_samples} null samples per window")
    t0 = time.perf_counter()
    text = synthetic_log(args.commits, args.authors)
    bench.note(f"generated {len(text) / 2**20:.0f} MB of log in {time.perf_counter() - t0:.1f} s "
               f"(not timed); peak memory so far {peak_gb():.2f} GB")
    totals, peaks = [], []
    for rep in range(bench.reps):
        st = run_pipeline(bench, text, args.null_samples)
        total = st["parse_git_log"] + st["git_affiliation"] + st["small_world_by_window"]
        totals.append(total)
        peaks.append(peak_gb())
        bench.note(f"run {rep + 1}: " + ", ".join(
            f"{k} {v:.1f} s" if isinstance(v, float) else f"{k} {v:,}" for k, v in st.items())
            + f"; total {total:.1f} s CPU")
    bench.record("whole network pipeline (parse + network + yearly report)", totals, target_s=60.0,
                 clock="cpu")
    bench.measured(f"peak memory of the process after each run (includes the {len(text) / 2**30:.2f} GB "
                   "log text)", peaks, unit="GB", at_most=4.0)
    bench.check(max(peaks) <= 4.0, f"largest peak memory {max(peaks):.2f} GB <= 4 GB")
    return bench.finish()


if __name__ == "__main__":
    raise SystemExit(main())
