"""Constants and type aliases shared by the sweep modules."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

#: Environment variable naming a running Dask scheduler (``tcp://HOST:PORT``).
SCHEDULER_ENV = "TEAMSIM_DASK_SCHEDULER"


#: Largest seed a sweep records (and resumes): 2^63 - 1, a signed 64-bit integer in Parquet.
MAX_SEED = 2**63 - 1


#: Columns every sweep row starts with.
INDEX_COLUMNS = ("point", "replicate", "seed")


#: Seconds a Dask scheduler has to greet a new connection (it does so at once).
GREETING_SECONDS = 3


#: Output formats by file suffix.
TABLE_SUFFIXES = (".csv", ".parquet")


Grid = Mapping[str, object] | Sequence[Mapping[str, object]]


Progress = bool | Callable[[int, int], object]


Row = dict[str, Any]


Fn = Callable[..., Any]


_INT = re.compile(r"[+-]?\d{1,30}")


def _plain(v: object) -> object:
    """numpy scalars as Python numbers, so tables hold plain values."""
    return v.item() if isinstance(v, np.generic) else v
