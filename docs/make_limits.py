"""Regenerate docs/limits.md from teamsim.limits.LIMITS (run: python docs/make_limits.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from teamsim.limits import LIMITS  # noqa: E402

HEAD = """# Limits

teamsim reads files that other people wrote, so everything a user controls is bounded:
file sizes, nesting depths, counts and the memory a simulation may allocate. An input over
a limit is refused before any work is done, with one message that names the file, the
limit and the environment variable that raises it, and exit code 2.

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
