"""Run the ``teamsim`` command in a subprocess under a wall-clock guard and a memory cap.

The hostile-input suite calls :func:`run` for every case: the guard and the cap
catch a hang or a runaway allocation (they are guards, not timing assertions), and
:func:`assert_refused` checks the promise the README makes for bad input: exit
code 2, one clear message naming the file or entity, and no traceback.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WALL_SECONDS = 60
MEMORY_BYTES = 4 * 2**30


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def _limits() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run(*args: str | os.PathLike, cwd: str | os.PathLike | None = None, env: dict | None = None,
        stdin: bytes | None = None, timeout: float = WALL_SECONDS) -> Result:
    """Run ``python -m teamsim ARGS`` with the guards; a hang fails the test with its command."""
    cmd = [sys.executable, "-m", "teamsim", *map(str, args)]
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200", "NO_COLOR": "1",
                **(env or {})}
    try:
        r = subprocess.run(cmd, cwd=cwd, env=full_env, capture_output=True, timeout=timeout,
                           input=stdin, stdin=None if stdin is not None else subprocess.DEVNULL,
                           preexec_fn=_limits, check=False)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"hang: {' '.join(cmd[3:])} ran past {timeout} s") from None
    return Result(r.returncode, r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace"))


def assert_refused(r: Result, *pieces: str) -> None:
    """Exit 2, no traceback, and every piece (file, entity, fix) in the message."""
    assert "Traceback" not in r.text, r.text[-3000:]
    assert r.code == 2, f"exit {r.code}\n{r.text[-3000:]}"
    for piece in pieces:
        assert piece in r.err, f"{piece!r} not in:\n{r.err[-3000:]}"


def assert_clean(r: Result) -> None:
    """Either a result (exit 0) or a clean refusal (exit 2); never a traceback or a crash."""
    assert "Traceback" not in r.text, r.text[-3000:]
    assert r.code in (0, 2), f"exit {r.code}\n{r.text[-3000:]}"
