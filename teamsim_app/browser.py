"""Run the app in a real browser: start ``streamlit run app.py`` and drive Debian's Chromium.

Shared by the browser test (``tests/test_browser.py``) and the screenshot script
(``docs/make_screenshots.py``). Playwright for Python drives the system Chromium
at ``/usr/bin/chromium`` (``apt-get install chromium``); ``playwright install``
is not needed.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "ROOT", "free_port", "launch", "serve"]

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(port: int | None = None, *, timeout: float = 60.0, env: dict[str, str] | None = None,
          log: str | os.PathLike | None = None) -> Iterator[str]:
    """Start ``streamlit run app.py`` on 127.0.0.1 and yield its URL once healthy.

    Waits for ``/_stcore/health`` to answer ``ok``; stops the server on exit.

    Parameters
    ----------
    port : int, optional
        Default: a free port.
    timeout : float, default 60
        Seconds to wait for the server to be healthy.
    env : dict, optional
        Extra environment variables for the server (``TEAMSIM_SCENARIO``, a lowered
        ``TEAMSIM_MAX_FILE_BYTES``, ...). Without ``TEAMSIM_DATABASE_URL`` here the app
        autosaves to a temporary workspace removed on exit.
    log : path, optional
        File that receives the server's output (a pipe nobody reads would fill up and
        block the server); default a temporary file removed on exit.

    Raises
    ------
    RuntimeError
        If the server exits or is not healthy within ``timeout`` seconds (with its output).
    """
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    own_workspace = "TEAMSIM_DATABASE_URL" not in (env or {})
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(env or {})}
    with contextlib.ExitStack() as stack:
        if own_workspace:
            # autosave into a workspace of this server's own, never the user's
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="teamsim-serve-"))
            env["TEAMSIM_DATABASE_URL"] = f"sqlite:///{Path(folder) / 'workspace.db'}"
        out = (stack.enter_context(open(log, "w+", encoding="utf-8")) if log else
               stack.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8")))
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
             "--server.address", "127.0.0.1", "--server.port", str(port),
             "--server.headless", "true", "--server.fileWatcherType", "none",
             "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
        try:
            _wait_healthy(proc, url, timeout, out)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_healthy(proc: subprocess.Popen, url: str, timeout: float, out) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            out.seek(0)
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{out.read()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"streamlit not healthy on {url} after {timeout:.0f} s")
        time.sleep(0.25)


def launch(playwright, **kwargs):
    """Launch the system Chromium headless with Playwright (``playwright.chromium.launch``)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                      headless=True, **kwargs)
