"""Command-line start-up: ``teamsim --help``, ``teamsim validate`` and ``teamsim analyze --help``.

    .venv/bin/python benchmarks/bench_startup.py [--reps 5]

Each command runs as the installed ``teamsim`` command (the console script of this
environment; ``python -m teamsim`` without one) in a fresh process, alternated with the peer
``python -c "import typer, rich"`` (the least any typer/rich command line pays);
times are the CPU time (user + system) of the child process. ``validate`` reads a
tiny scenario file (two tools, two people, one team) written to a temporary folder.
Both sides run with compiled bytecode, as an installed package does: the children write
and read it under a temporary ``PYTHONPYCACHEPREFIX`` (even when this shell sets
``PYTHONDONTWRITEBYTECODE``), after one untimed warm-up run of every command.

The ratios printed by :class:`~_bench.Bench` are peer / teamsim (above 1: teamsim is
faster); the line after each gives teamsim / peer, the slow-down of start-up.
Target (issue 14): teamsim within 3x of the peer, i.e. median peer / teamsim >= 1/3;
a miss exits 1. ``teamsim --help`` pays for typer's rich help formatter
(``typer.rich_utils``: rich.markdown, markdown-it, rich.syntax ...), which the peer
does not import; ``validate`` pays for pydantic, PyYAML and the scenario models.

``validate`` is also timed against a *floor*: a typer command that uses only what
``validate`` needs from its libraries and nothing of teamsim: a path argument (which typer
checks with a pydantic TypeAdapter), one pydantic model, PyYAML's C loader, one line written
to the pipe. Its line shows how much of the target those libraries use up by themselves
(pydantic's first model alone is about 1.5x the peer): the rest is teamsim's. Two of the
floor's costs teamsim's ``validate`` does not pay: pydantic's plugin loader with
:mod:`importlib.metadata` (:mod:`teamsim.cli._pydantic_plugins`), and rich's console for a
line to a pipe (:func:`teamsim.cli._app.say`).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _bench import ROOT, Bench, children_cpu_time

#: teamsim may take at most this many times the peer's start-up (CPU time, median).
MAX_SLOWDOWN = 3.0
#: Repetitions at least (each is two process start-ups, well under a second).
MIN_REPS = 5
PEER = "typer+rich"
#: Reference for ``validate``: its libraries, doing the least ``validate`` does, and no teamsim code.
FLOOR = "floor"
FLOOR_CODE = """\
import sys
from pathlib import Path
import typer, yaml, pydantic
class A(pydantic.BaseModel):
    x: int
def validate(path: Path) -> None:
    x = A.model_validate(yaml.load(path.read_text(), Loader=yaml.CSafeLoader)).x
    sys.stdout.write(f"ok {x}\\n")
typer.run(validate)
"""

TINY = """\
name: tiny
tools:
  - {name: python}
  - {name: sql}
people:
  - {name: Ann, tools: [python]}
  - {name: Bo, tools: [python, sql]}
teams:
  - {name: core, members: [Ann, Bo]}
"""


#: The installed ``teamsim`` command (the console script beside this Python), as a user runs it;
#: ``python -m teamsim`` where there is none.
_SCRIPT = Path(sys.executable).with_name("teamsim")
TEAMSIM = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-m", "teamsim"]


def _run(argv: list[str], env: dict[str, str]) -> int:
    """Run ``argv`` in this checkout; a failure stops the benchmark (it would time an error)."""
    r = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed with exit code {r.returncode}:\n{r.stderr[-2000:]}")
    return len(r.stdout)


def main() -> int:
    bench = Bench("bench_startup", __doc__)
    reps = max(MIN_REPS, bench.reps)
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        tiny = Path(tmp) / "tiny.yaml"
        tiny.write_text(TINY)
        peer = {PEER: lambda: _run([sys.executable, "-c", "import typer, rich"], env)}
        one = Path(tmp) / "one.yaml"
        one.write_text("x: 1\n")
        floor = {FLOOR: lambda: _run([sys.executable, "-c", FLOOR_CODE, str(one)], env)}
        commands = {"teamsim --help": ["--help"], "teamsim validate tiny.yaml": ["validate", str(tiny)],
                    "teamsim analyze --help": ["analyze", "--help"]}
        for args in commands.values():  # warm-up: compile the bytecode of both sides
            _run([*TEAMSIM, *args], env)
        peer[PEER]()
        floor[FLOOR]()
        bench.heading(f"start-up against python -c 'import typer, rich' ({reps} repetitions, child CPU time)")
        for label, args in commands.items():
            peers = {**peer, **(floor if args[0] == "validate" else {})}
            rec = bench.compare(label, lambda args=args: _run([*TEAMSIM, *args], env), peers,
                                target=(PEER, 1 / MAX_SLOWDOWN), reps=reps, clock=children_cpu_time)
            times = {k: v["times"] for k, v in rec["peers"].items()}
            slow = [o / p for o, p in zip(rec["teamsim"]["times"], times[PEER])]
            bench.note(f"{label}: teamsim / {PEER} min {min(slow):.2f}, "
                       f"median {statistics.median(slow):.2f} (target <= {MAX_SLOWDOWN:g})")
            if FLOOR in times:
                least = [f / p for f, p in zip(times[FLOOR], times[PEER])]
                bench.note(f"{label}: {FLOOR} (its libraries, no teamsim code) / {PEER} "
                           f"min {min(least):.2f}, median {statistics.median(least):.2f}")
    return bench.finish()


if __name__ == "__main__":
    sys.exit(main())
