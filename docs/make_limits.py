"""Regenerate docs/limits.md from teamsim.limits.LIMITS (run: python docs/make_limits.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from teamsim.limits import LIMITS  # noqa: E402

HEAD = """# Limits

teamsim reads files that other people wrote, so everything a user controls is bounded:
file sizes, nesting depths, counts, and the memory and work a simulation, search or
optimisation may take. An input over a limit is refused before any work is done, with one
message that names the file, the limit and the environment variable that raises it, and
exit code 2.

Memory and work are *estimated* from the parameters before a computation starts
(`teamsim.budget`): each simulation, exhaustive search and optimisation computes its
estimate from its sizes and counts (for example `hongpage`: landscapes x (n x (0.6 A k + 4 N k
+ 50) + 60,000) operations for A agents, measured on the compiled search; `best-team --method exhaustive`: C(n, k) x (k + 1) x
tools/8), and refuses it when it is over `max_work` or `max_memory_bytes`, naming the
parameters that set it. An operation is about 10 ns of one core, so the default work
budget is a few CPU-minutes. A solver's `--time-limit` is charged to the same budget
(100,000,000 operations a second: at most 200 s by default). Where a cheaper method
exists (`best-team`, `crowd --best` with the default `auto` method), a search over the
budget turns to it instead of being refused.

Raise a limit for one run by setting its variable, for example

```console
$ TEAMSIM_MAX_FILE_BYTES=2000000000 teamsim network huge.gitlog
```

This table is generated from `teamsim/limits.py` by `python docs/make_limits.py`; a test
checks that it is up to date.

| limit | default | unit | bounds | raise it with |
|---|---:|---|---|---|
"""


def render() -> str:
    rows = [f"| `{lim.name}` | {lim.default:,} | {lim.unit} | {lim.what} | `{lim.env}` |"
            for lim in LIMITS.values()]
    return HEAD + "\n".join(rows) + "\n"


if __name__ == "__main__":
    (Path(__file__).parent / "limits.md").write_text(render(), encoding="utf-8")
    print("wrote docs/limits.md")
