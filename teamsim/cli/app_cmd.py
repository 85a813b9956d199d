"""``teamsim app``: start the Streamlit app shipped in the wheel (``teamsim_app``).

The server listens on 127.0.0.1 unless ``--host`` says otherwise: the app has no login
of its own (docs/app.md explains how to put it behind one), so sharing it on the
network is an explicit choice, and a warning is printed when the host is not loopback.
"""

from __future__ import annotations

import importlib.util
import ipaddress
import subprocess
import sys

import typer

from teamsim.cli._app import app, warn
from teamsim.errors import InputError

__all__ = ["is_loopback", "streamlit_command"]


def is_loopback(host: str) -> bool:
    """True when ``host`` only accepts connections from this machine.

    Examples
    --------
    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip()).is_loopback
    except ValueError:
        return False


def streamlit_command(host: str, port: int) -> list[str]:
    """The command that serves the app: ``python -m streamlit run <teamsim_app/main.py> ...``.

    Raises
    ------
    InputError
        Streamlit (the ``app`` extra) is not installed, or the port is out of range.

    Examples
    --------
    >>> cmd = streamlit_command("127.0.0.1", 8501)  # doctest: +SKIP
    >>> cmd[-4:]  # doctest: +SKIP
    ['--server.address', '127.0.0.1', '--server.port', '8501']
    """
    if not 1 <= port <= 65535:
        raise InputError(f"port {port} is out of range", entity="--port", hint="use 1 to 65535")
    if importlib.util.find_spec("streamlit") is None:
        raise InputError("the app needs Streamlit, which is not installed", entity="teamsim app",
                         hint="pip install 'teamsim[app]'")
    spec = importlib.util.find_spec("teamsim_app.main")
    if spec is None or spec.origin is None:  # pragma: no cover - the wheel ships it
        raise InputError("the app (teamsim_app) is not installed", entity="teamsim app",
                         hint="reinstall teamsim")
    return [sys.executable, "-m", "streamlit", "run", spec.origin,
            "--browser.gatherUsageStats", "false",
            "--server.address", host, "--server.port", str(port)]


@app.command("app")
def app_command(
    host: str = typer.Option("127.0.0.1", "--host",
                             help="Address to listen on. The default only serves this machine; "
                             "0.0.0.0 shares the app with the whole network (no login!)."),
    port: int = typer.Option(8501, "--port", help="Port to listen on."),
) -> None:
    """Start the Streamlit app in the browser (stop it with Ctrl+C)."""
    cmd = streamlit_command(host, port)
    if not is_loopback(host):
        warn(f"the app is reachable by anyone who can reach {host}:{port} and has no login; "
             "see docs/app.md to add one.")
    raise typer.Exit(subprocess.call(cmd))
