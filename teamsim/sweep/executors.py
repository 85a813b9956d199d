"""Engines: where a sweep's tasks run (this process, local processes, a local or remote Dask cluster)."""

from __future__ import annotations

import concurrent.futures as cf
import importlib
import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from teamsim.errors import InputError, TeamsimError
from teamsim.limits import LIMITS, limit
from teamsim.sweep._common import GREETING_SECONDS, SCHEDULER_ENV, Fn

__all__ = ["SerialExecutor", "check_workers", "open_executor", "scheduler_address"]

_ADDRESS = re.compile(r"(?:(?P<scheme>tcp|tls)://)?(?P<host>\[[0-9A-Fa-f:.%]{2,60}\]|[A-Za-z0-9]"
                      r"(?:[A-Za-z0-9.\-]{0,250}[A-Za-z0-9])?):(?P<port>[0-9]{1,5})")


class SerialExecutor(cf.Executor):
    """An executor that runs each task in the calling process when it is submitted.

    Examples
    --------
    >>> SerialExecutor().submit(pow, 2, 5).result()
    32
    """

    def submit(self, fn: Fn, /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        f: cf.Future[Any] = cf.Future()
        try:
            f.set_result(fn(*args, **kwargs))
        except Exception as e:  # a task's error belongs to its future, as in other executors
            f.set_exception(e)
        return f


def _cpu_count() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def check_workers(workers: int | None, *, entity: str = "option --workers") -> None:
    """Refuse a number of local worker processes below 1 or over ``max_workers_per_core`` x cores.

    Parameters
    ----------
    workers : int or None
        None: the default (one per core).
    entity : str
        Where it came from, for the message.

    Raises
    ------
    InputError
        Not a whole number >= 1, or more processes than the limit allows: hundreds of
        processes on a few cores start slowly and exhaust memory.

    See Also
    --------
    open_executor : Starts that many workers.

    Examples
    --------
    >>> check_workers(2)
    >>> try:
    ...     check_workers(10**6)
    ... except InputError as e:
    ...     print(e.message.split(" is ")[0])
    --workers 1000000
    """
    if workers is None:
        return
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise InputError(f"workers must be a whole number >= 1, got {workers!r}", entity=entity,
                         hint="pass e.g. --workers 2")
    cores, per_core = _cpu_count(), limit("max_workers_per_core")
    cap = per_core * cores
    if workers > cap:
        lim = LIMITS["max_workers_per_core"]
        raise InputError(f"--workers {workers} is over the limit of {cap} local worker processes "
                         f"({per_core} per core, {cores} core{'s' if cores > 1 else ''})", entity=entity,
                         hint=f"give --workers {cores} (one per core, the default) or at most {cap}; "
                         "for more, run on a Dask cluster (--scheduler), or raise the limit: "
                         f"{lim.env}={-(-workers // cores)}")


def scheduler_address(address: str, *, entity: str = "option --scheduler") -> str:
    """A Dask scheduler address, checked: ``tcp://HOST:PORT``, ``tls://HOST:PORT`` or ``HOST:PORT``.

    Parameters
    ----------
    address : str
        As given by the user (``--scheduler`` or ``TEAMSIM_DASK_SCHEDULER``).
    entity : str
        Where it came from, for the message.

    Returns
    -------
    str
        The address with its scheme (``tcp://`` when none is given).

    Raises
    ------
    InputError
        Anything else (no port, a port over 65535, another scheme, odd characters).

    See Also
    --------
    open_executor : Connects to the scheduler.

    Examples
    --------
    >>> scheduler_address("10.0.0.5:8786"), scheduler_address(" tls://[::1]:8786 ")
    ('tcp://10.0.0.5:8786', 'tls://[::1]:8786')
    >>> try:
    ...     scheduler_address("http://x")
    ... except InputError as e:
    ...     print(e.message)
    'http://x' is not a Dask scheduler address
    """
    text = address.strip()
    m = _ADDRESS.fullmatch(text)
    if m is None or not 0 < int(m["port"]) < 65536:
        raise InputError(f"{text[:80]!r} is not a Dask scheduler address", entity=entity,
                         hint="give tcp://HOST:PORT (or tls://HOST:PORT, or HOST:PORT), e.g. "
                         "tcp://127.0.0.1:8786 as `dask scheduler` prints it; or "
                         f"{_without(entity)} to run on local worker processes")
    return f"{m['scheme'] or 'tcp'}://{m['host']}:{m['port']}"


def _without(entity: str) -> str:
    return f"unset {SCHEDULER_ENV}" if SCHEDULER_ENV in entity else "drop --scheduler"


def _probe(address: str, entity: str) -> None:
    """Refuse quickly an address where nothing listens or where the server is not a Dask scheduler.

    A Dask scheduler greets every new TCP connection at once with a small handshake frame
    (an 8-byte little-endian length, then that many bytes); a web server, an SSH server or
    anything else either says nothing first or sends something that is not such a frame.
    TLS addresses are only checked for a listening port.
    """
    import socket
    import struct

    m = _ADDRESS.fullmatch(address)
    assert m is not None   # scheduler_address() came first
    host, port, seconds = m["host"].strip("[]"), int(m["port"]), limit("max_connect_seconds")
    fix = (f"start it with `dask scheduler` (and `dask worker {address}` on each worker machine) and "
           f"check the address and the firewall, or {_without(entity)} to run on local worker processes;"
           f" wait longer with {LIMITS['max_connect_seconds'].env}=N (seconds; see docs/sweeps.md)")

    def refuse(why: str, hint: str = fix) -> TeamsimError:
        return TeamsimError(f"cannot use the Dask scheduler at {address}: {why}", entity=entity, hint=hint)

    try:
        with socket.create_connection((host, port), timeout=seconds) as sock:
            if m["scheme"] == "tls":
                return
            sock.settimeout(min(seconds, GREETING_SECONDS))
            head = _recv(sock, 8)
            size = struct.unpack("<Q", head)[0] if len(head) == 8 else 0
            if not 0 < size <= 2**20 or len(_recv(sock, size)) != size:
                raise refuse("the server there is not a Dask scheduler (it did not greet like one "
                             f"within {min(seconds, GREETING_SECONDS)} s)",
                             "check the port: `dask scheduler` prints its address as "
                             f"'Scheduler at: tcp://HOST:PORT'; or {_without(entity)} to run on local "
                             "worker processes")
    except socket.gaierror:
        raise refuse(f"the host name {host[:80]!r} is unknown") from None
    except TimeoutError:
        raise refuse(f"no answer within {seconds} s") from None
    except ConnectionRefusedError:
        raise refuse("nothing listens there (connection refused)") from None
    except OSError as e:
        raise refuse(f"{e.strerror or e}") from None


def _check_tls(distributed: Any, address: str, entity: str) -> None:
    """Refuse a ``tls://`` address when dask has no TLS configuration (no client certificate)."""
    if distributed.Security().get_connection_args("client").get("ssl_context") is None:
        raise TeamsimError(f"cannot use the Dask scheduler at {address}: TLS needs a security "
                           "configuration, and dask has none", entity=entity,
                           hint="set dask's distributed.comm.tls.ca-file and distributed.comm.tls.client.cert"
                           " (and .key) in ~/.config/dask/*.yaml or as DASK_DISTRIBUTED__COMM__TLS__CA_FILE"
                           "=... environment variables (a distributed.Security object in Python); or use "
                           "tcp:// if the scheduler does not use TLS; see docs/sweeps.md")


def _recv(sock: Any, n: int) -> bytes:
    """Up to ``n`` bytes; fewer if the peer closes the connection or says nothing in time."""
    data = b""
    try:
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            if not chunk:
                break
            data += chunk
    except TimeoutError:
        pass
    return data


@contextmanager
def _dask_client(address: str | None, workers: int, entity: str) -> Iterator[cf.Executor]:
    distributed: Any = importlib.import_module("distributed")   # untyped: used through Any
    Client, LocalCluster = distributed.Client, distributed.LocalCluster
    cluster = None
    try:
        if address is None:
            try:
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=logging.ERROR,
                                       # no dashboard; its health endpoint on a free local port, not on
                                       # 8787 (in use by any `dask scheduler` on the machine: a warning)
                                       scheduler_kwargs={"dashboard": False,
                                                         "dashboard_address": "127.0.0.1:0"})
            except RuntimeError as e:   # typically a script without a main guard, re-run by each worker
                raise TeamsimError(f"cannot start {workers} local Dask worker processes: {e}",
                                   entity="local Dask cluster",
                                   hint='worker processes re-import your script: put the sweep under '
                                   'if __name__ == "__main__":, or run it with workers=1 / executor="serial"'
                                   ) from None
            client = Client(cluster, set_as_default=False)
        else:
            if address.startswith("tls://"):
                _check_tls(distributed, address, entity)
            _probe(address, entity)
            client = Client(address, timeout=limit("max_connect_seconds"), set_as_default=False)
    except TeamsimError:
        raise
    except Exception as e:   # noqa: BLE001 - whatever the connection raised, the user gets one message
        if cluster is not None:
            cluster.close()
        raise TeamsimError(f"cannot use the Dask scheduler at {address}: {type(e).__name__}: "
                           f"{str(e)[:200]}", entity=entity, hint="check that `dask scheduler` runs "
                           "there and that this machine has the same dask/distributed version as the "
                           "cluster; see docs/sweeps.md") from None
    with _quiet_distributed():   # a lost scheduler is reported once, by teamsim, not by dask's logs
        try:
            yield client.get_executor(pure=False)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


@contextmanager
def _quiet_distributed() -> Iterator[None]:
    """Silence the ``distributed`` loggers, and tornado's, which logs the traceback of a gather
    cut off by a lost scheduler as "Exception in callback", for a while."""
    names = ["distributed", "tornado",
             *(n for n in logging.root.manager.loggerDict if n.startswith(("distributed.", "tornado.")))]
    loggers = [logging.getLogger(n) for n in names]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)


@contextmanager
def open_executor(executor: cf.Executor | str | None = None, *,
                  workers: int | None = None) -> Iterator[cf.Executor]:
    """The executor a sweep runs on, set up and torn down around its use.

    Parameters
    ----------
    executor : Executor, str or None
        An ``Executor`` object is used as given (and not shut down). ``"serial"``:
        this process. ``"processes"``: a ``ProcessPoolExecutor``. ``"local"``: a local
        Dask cluster. Any other string: the address of a running Dask scheduler.
        None: ``TEAMSIM_DASK_SCHEDULER`` if set, else ``"serial"`` for ``workers=1``
        and ``"local"`` otherwise.
    workers : int, optional
        Worker processes of a local engine (default: the cores this process may use).

    Yields
    ------
    concurrent.futures.Executor

    Raises
    ------
    InputError
        ``workers`` < 1, or a malformed scheduler address (:func:`scheduler_address`).
    TeamsimError
        Nothing answers at the scheduler address within ``max_connect_seconds``
        (:mod:`teamsim.limits`), or the server there is not a Dask scheduler.

    See Also
    --------
    teamsim.sweep.run_tasks : Runs jobs on it.
    scheduler_address : A Dask scheduler to connect to.

    Examples
    --------
    >>> with open_executor("serial") as ex:
    ...     ex.submit(sum, [1, 2]).result()
    3
    """
    if isinstance(executor, cf.Executor):
        yield executor
        return
    check_workers(workers, entity="option workers")
    entity = "Dask scheduler"
    if executor is None:
        entity = f"Dask scheduler from {SCHEDULER_ENV}"
        executor = os.environ.get(SCHEDULER_ENV, "").strip() or ("serial" if workers == 1 else "local")
    n = workers or _cpu_count()
    if executor == "serial":
        yield SerialExecutor()
    elif executor == "processes":
        with cf.ProcessPoolExecutor(max_workers=n) as pool:
            yield pool
    elif executor == "local":
        with _dask_client(None, n, "local Dask cluster") as ex:
            yield ex
    else:
        with _dask_client(scheduler_address(executor, entity=entity), n, entity) as ex:
            yield ex
