"""SIGTERM handled as Ctrl-C, so that ``finally`` blocks run when a command is stopped.

``kill`` and a batch job's time limit send SIGTERM, whose default action ends the
process at once: no ``finally``, no cleanup. Inside :func:`terminate_as_interrupt`
it raises :class:`KeyboardInterrupt` instead (the CLI prints "interrupted", exit 130),
so temporary files are removed and partial results saved.

Examples
--------
>>> import os, signal
>>> try:
...     with terminate_as_interrupt():
...         os.kill(os.getpid(), signal.SIGTERM)
... except KeyboardInterrupt:
...     print("cleaned up")
cleaned up
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["terminate_as_interrupt"]


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`KeyboardInterrupt` (main thread only).

    Signals reach the main thread only: elsewhere (a Streamlit script thread) the block
    runs unchanged.

    Yields
    ------
    None

    Examples
    --------
    >>> with terminate_as_interrupt():
    ...     signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    True
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)
