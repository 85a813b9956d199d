"""Shared rules of teamsim's benchmarks: alternated repetitions, ratios, targets, exit codes.

Every benchmark script in this folder uses :class:`Bench`:

- peers (igraph, networkx, a plain-Python reference) run *alternated* with teamsim on the
  same input in the same process, at least 3 repetitions (the order flips every
  repetition), so a load spike on the shared machine hits both sides; a repetition of a
  fast call loops it for about 50 ms; times are this process's CPU time per call (on a
  machine shared by several people the wall clock mostly measures the others), and the
  wall-clock times are stored beside them;
- it prints each side's min and median time and the min and median of the per-repetition
  ratios (peer time / teamsim time: above 1 means teamsim is faster);
- a target (a ratio or an absolute time) is checked on the median ratio or on the median
  time, and a missed target makes the script exit 1 (``make bench`` stops on it); a call
  that takes a second or more is not repeated for warm-up: its first call (made in the
  order teamsim, then each peer, as repetition 1 would be) is repetition 1;
- measurements the script takes itself (a child process's own CPU time, peak memory, a
  quality number such as an optimisation gap) go through :meth:`Bench.measured`, and
  :meth:`Bench.note` lines are kept, so the page shows them too;
- ``--json FILE`` writes every measurement for ``benchmarks/make_docs_figures.py``, which
  builds ``docs/benchmarks.md``: the only place the docs quote speed figures from.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's teamsim first

MIN_REPS = 3


def machine() -> dict:
    """Cores, load average and versions, printed and stored with the results."""
    info = {"cores": os.cpu_count(), "load": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version()}
    for mod in ("numpy", "scipy", "numba", "igraph", "networkx"):
        try:
            info[mod] = __import__(mod).__version__
        except ImportError:
            pass
    return info


class Bench:
    """Collects measurements and checks for one benchmark script.

    Parameters
    ----------
    name : str
        Short name (the script's), the key in the JSON output.
    description : str
        The script's docstring, shown by ``--help``.
    parser : argparse.ArgumentParser, optional
        A parser with the script's own options; ``--json`` and ``--reps`` are added.
    """

    def __init__(self, name: str, description: str, parser: argparse.ArgumentParser | None = None,
                 argv: list[str] | None = None):
        ap = parser or argparse.ArgumentParser()
        ap.description = description
        ap.formatter_class = argparse.RawDescriptionHelpFormatter
        ap.add_argument("--json", type=Path, help="write the measurements to this JSON file")
        ap.add_argument("--reps", type=int, default=MIN_REPS,
                        help=f"repetitions per measurement (at least {MIN_REPS})")
        self.args = ap.parse_args(argv)
        self.reps = max(MIN_REPS, self.args.reps)
        self.name = name
        self.records: list[dict] = []
        self.failures: list[str] = []
        self.notes: list[dict] = []
        self.machine = machine()
        self.section = ""
        m = self.machine
        print(f"{name}: {m['cores']} cores, load average {' '.join(map(str, m['load']))}; "
              + ", ".join(f"{k} {v}" for k, v in m.items() if k not in ("cores", "load")))

    # ------------------------------------------------------------------ output
    def heading(self, text: str) -> None:
        self.section = text
        print(f"\n== {text}")

    def check(self, ok: bool, what: str) -> bool:
        print(("  ok    " if ok else "  FAIL  ") + what)
        if not ok:
            self.failures.append(f"{self.section}: {what}" if self.section else what)
        return ok

    def note(self, text: str) -> None:
        """Print a line and keep it (with its section) for the generated page."""
        print("  " + text)
        self.notes.append({"section": self.section, "text": text})

    # ------------------------------------------------------------------ timing
    def compare(self, label: str, ours: Callable, peers: dict[str, Callable], *,
                target: tuple[str, float] | None = None, same: Callable | None = None,
                reps: int | None = None, clock: Callable[[], float] = time.process_time) -> dict:
        """Time ``ours`` and every peer alternated; ratios are peer / teamsim.

        Parameters
        ----------
        label : str
        ours : callable
            teamsim's side (no arguments).
        peers : dict of str to callable
            Peer name -> callable computing the same thing.
        target : (peer name, minimum median ratio), optional
            E.g. ``("igraph", 1.0)``: teamsim at least as fast as igraph.
        same : callable, optional
            ``same(ours_value, peer_name, peer_value) -> (ok, text)``, checked on the first
            repetition's values.
        reps : int, optional
            Repetitions (default the script's, never below 3).
        clock : callable, optional
            The CPU clock: this process's (default) or, for sides that run subprocesses,
            :func:`children_cpu_time`.
        """
        reps = max(MIN_REPS, reps or self.reps)
        sides = {"teamsim": ours, **peers}
        times: dict[str, list[float]] = {k: [] for k in sides}
        wall: dict[str, list[float]] = {k: [] for k in sides}
        values, loops = {}, {}
        for k in sides:  # first call: the value, and how many calls make one repetition
            c0, w0 = clock(), time.perf_counter()
            values[k] = sides[k]()
            once, once_wall = clock() - c0, time.perf_counter() - w0
            loops[k] = _loops(sides[k], once, clock=clock)
            if loops[k] == 1 and once >= 1.0:  # slow calls: the first call is repetition 1
                times[k].append(once)
                wall[k].append(once_wall)
        for r in range(reps):
            if all(len(times[k]) > r for k in sides):
                continue
            for k in (list(sides) if r % 2 == 0 else list(sides)[::-1]):
                if len(times[k]) > r:
                    continue
                c0, w0 = clock(), time.perf_counter()
                for _ in range(loops[k]):
                    sides[k]()
                times[k].append((clock() - c0) / loops[k])
                wall[k].append((time.perf_counter() - w0) / loops[k])
        rec = {"section": self.section, "label": label, "reps": reps, "loops": loops,
               "teamsim": {**_summary(times["teamsim"]), "wall": _summary(wall["teamsim"])},
               "peers": {}}
        print(f"  {label} (CPU time per call): teamsim {_fmt(times['teamsim'])}"
              + self._peers(rec, times, {k: {"wall": _summary(wall[k])} for k in peers}))
        if same is not None:
            for k in peers:
                ok, text = same(values["teamsim"], k, values[k])
                self.check(ok, f"{label}: {text}")
        self._target(rec, target)
        rec["value"] = values["teamsim"] if isinstance(values["teamsim"], int | float) else None
        self.records.append(rec)
        return rec

    def measured(self, label: str, ours: list[float], peers: dict[str, list[float]] | None = None, *,
                 unit: str = "s", clock: str = "cpu", target: tuple[str, float] | None = None,
                 at_most: float | None = None) -> dict:
        """Store values the caller measured, one per repetition, with their peers' (alternated).

        Parameters
        ----------
        label : str
        ours : list of float
            teamsim's value in every repetition (a time, a peak memory, a gap ...).
        peers : dict of str to list of float, optional
            The peers' values in the same repetitions; ratios are peer / teamsim per
            repetition, so above 1 means teamsim used less.
        unit : str
            ``"s"`` for times, else the unit printed beside the values (``"MB"``, ``"%"``).
        clock : str
            For times: which clock (``"cpu"`` or ``"wall"``).
        target : (peer name, minimum median ratio), optional
        at_most : float, optional
            Upper limit on teamsim's median value (an absolute target).
        """
        _enough(label, ours)
        times = {"teamsim": ours, **(peers or {})}
        rec = {"section": self.section, "label": label, "reps": len(ours), "unit": unit,
               "teamsim": _summary(ours), "peers": {}}
        if unit == "s":
            rec["clock"] = clock
        print(f"  {label}: teamsim {_fmt(ours, unit)}" + self._peers(rec, times, {}, unit))
        self._target(rec, target)
        if at_most is not None:
            got = rec["teamsim"]["median"]
            want = f"median <= {_val(at_most, unit)}"
            rec["target"] = "; ".join(filter(None, [rec.get("target"), want]))
            ok = self.check(got <= at_most, f"{label}: median {_val(got, unit)} <= {_val(at_most, unit)}")
            rec["ok"] = ok and rec.get("ok", True)
        self.records.append(rec)
        return rec

    @staticmethod
    def _peers(rec: dict, times: dict[str, list[float]], extra: dict[str, dict], unit: str = "s") -> str:
        """Each peer's summary and per-repetition ratios (peer / teamsim) into ``rec``; the printed tail."""
        line = ""
        for k in (k for k in times if k != "teamsim"):
            ratios = [p / o if o else math.inf for p, o in zip(times[k], times["teamsim"])]
            rec["peers"][k] = {**_summary(times[k]), **extra.get(k, {}), "ratio_min": min(ratios),
                               "ratio_median": statistics.median(ratios)}
            line += (f"; {k} {_fmt(times[k], unit)} -> ratio min {min(ratios):.2f}, "
                     f"median {statistics.median(ratios):.2f}")
        return line

    def _target(self, rec: dict, target: tuple[str, float] | None) -> None:
        if target is not None:
            peer, want = target
            got = rec["peers"][peer]["ratio_median"]
            rec["target"] = f"median ratio vs {peer} >= {want:.3g}"
            rec["ok"] = self.check(got >= want,
                                   f"{rec['label']}: median ratio vs {peer} {got:.2f} >= {want:.3g}")

    def timed(self, label: str, f: Callable, *, target_s: float | None = None,
              reps: int | None = None, clock: str = "cpu") -> tuple[object, dict]:
        """Time ``f`` alone; the target (if any) is checked on the median repetition.

        ``clock="cpu"`` (this process's CPU time) for single-process work: on a shared
        machine the wall clock also counts the time other people's processes ran.
        ``clock="wall"`` for work spread over processes or waiting on them.
        """
        reps = max(MIN_REPS, reps or self.reps)
        times, wall, value = [], [], None
        for _ in range(reps):
            c0, w0 = time.process_time(), time.perf_counter()
            value = f()
            times.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
        main = times if clock == "cpu" else wall
        rec = {"section": self.section, "label": label, "reps": reps, "clock": clock,
               "teamsim": {**_summary(main), "wall": _summary(wall), "cpu": _summary(times)},
               "peers": {}}
        print(f"  {label}: CPU {_fmt(times)}; wall {_fmt(wall)}"
              + (f" (target {target_s:g} s {clock} time)" if target_s else ""))
        if target_s is not None:
            got = statistics.median(main)
            rec["target"] = f"median {clock} time <= {target_s:g} s"
            rec["ok"] = self.check(got <= target_s,
                                   f"{label}: median {clock} time {got:.3f} s <= {target_s:g} s")
        self.records.append(rec)
        return value, rec

    def record(self, label: str, times: list[float], *, target_s: float | None = None,
               clock: str = "wall") -> dict:
        """Store times measured by the caller (one per repetition, at least 3); the target is
        checked on the median."""
        _enough(label, times)
        rec = {"section": self.section, "label": label, "reps": len(times), "clock": clock,
               "teamsim": _summary(times), "peers": {}}
        got = statistics.median(times)
        print(f"  {label}: {clock} {_fmt(times)}" + (f" (target {target_s:g} s)" if target_s else ""))
        if target_s is not None:
            rec["target"] = f"median {clock} time <= {target_s:g} s"
            rec["ok"] = self.check(got <= target_s, f"{label}: median {clock} time {got:.3f} s "
                                   f"<= {target_s:g} s")
        self.records.append(rec)
        return rec

    # ------------------------------------------------------------------ end
    def finish(self) -> int:
        """Print the verdict, write ``--json``; the exit code (1 on any failure)."""
        if self.args.json:
            self.args.json.write_text(json.dumps(
                {"bench": self.name, "argv": sys.argv[1:], "machine": self.machine,
                 "load_after": [round(x, 2) for x in os.getloadavg()],
                 "records": self.records, "notes": self.notes, "failures": self.failures}, indent=1))
        if self.failures:
            print(f"\nFAILED ({len(self.failures)}):\n  " + "\n  ".join(self.failures))
            return 1
        print("\nall checks passed")
        return 0


def _enough(label: str, values: list[float]) -> None:
    """Refuse a measurement of fewer than :data:`MIN_REPS` repetitions (a benchmark bug)."""
    if len(values) < MIN_REPS:
        raise ValueError(f"{label}: {len(values)} repetition(s); a benchmark measures at least {MIN_REPS}")


def children_cpu_time() -> float:
    """CPU time (user + system) of this process's finished child processes, in seconds."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _loops(f: Callable, first: float, at_least: float = 0.05,
           clock: Callable[[], float] = time.process_time) -> int:
    """Calls per repetition so that one takes about ``at_least`` s of CPU time (``first``:
    the first call's time, which may include warming caches: a fast call is timed again)."""
    if first >= at_least:
        return 1
    c0 = clock()
    f()
    once = clock() - c0
    return 1 if once >= at_least else min(1000, max(1, int(at_least / max(once, 1e-6))))


def _summary(ts: list[float]) -> dict:
    return {"min": min(ts), "median": statistics.median(ts), "times": ts}


def _fmt(ts: list[float], unit: str = "s") -> str:
    lo, med = min(ts), statistics.median(ts)
    return f"{_val(lo, unit)} min / {_val(med, unit)} median"


def _val(v: float, unit: str) -> str:
    return _sec(v) if unit == "s" else f"{v:.4g} {unit}"


def _sec(t: float) -> str:
    return f"{t * 1000:.2f} ms" if t < 1 else f"{t:.2f} s"


def equal_values(ulps: dict[str, int] | None = None) -> Callable:
    """A ``same`` check for :meth:`Bench.compare`: floats identical, or within
    ``ulps[peer]`` units in the last place for a peer that rounds differently."""
    ulps = ulps or {}

    def same(ours, peer, theirs):
        if ours is None or theirs is None:
            return ours is theirs, f"{peer} gives {theirs!r}, teamsim {ours!r}"
        diff = abs(ours - theirs)
        allowed = ulps.get(peer, 0) * math.ulp(theirs)
        how = "identical" if diff == 0 else f"differ by {diff:.3g} ({diff / math.ulp(theirs):.0f} ulp)"
        return diff <= allowed, f"value {ours!r} vs {peer} {theirs!r}: {how}"
    return same
