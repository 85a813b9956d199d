"""Shared fixtures: the repository root and the shipped scenarios."""

import contextlib
import sys
from pathlib import Path

import pytest

from teamsim import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def page():
    """Page's diversity-bonus example (Adam, Betsy, Carl)."""
    return load_scenario(SCENARIOS / "diversity-bonus.yaml")


def _postgres_url():
    """The test PostgreSQL server's URL (.ci/postgres.sh); required under CI, else optional."""
    import os

    url = os.environ.get("TEAMSIM_TEST_DATABASE_URL")
    if not url and os.environ.get("CI"):
        pytest.fail("CI must start PostgreSQL and set TEAMSIM_TEST_DATABASE_URL (.ci/postgres.sh)")
    return url


@contextlib.contextmanager
def fresh_database(kind: str, folder: Path):
    """A fresh, empty workspace database's URL: a SQLite file in ``folder`` ("sqlite"), or a
    new PostgreSQL database dropped on exit ("postgresql"; skips without a server)."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'workspace.db'}"
        return
    url = _postgres_url()
    if not url:
        pytest.skip("no PostgreSQL server: run `source .ci/postgres.sh` first")
    import uuid

    import sqlalchemy as sa

    name = f"teamsim_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.engine.make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


#: The workspace databases every workspace test runs on.
DATABASES = ["sqlite", "postgresql"]


@pytest.fixture(params=DATABASES)
def database_url(request, tmp_path):
    """A fresh, empty workspace database: a SQLite file, and a new PostgreSQL database."""
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture(autouse=True)
def _keep_main_module():
    """Streamlit's AppTest runs a script as ``__main__`` and may leave it there; worker
    processes started later (a local Dask cluster spawns them) re-run ``__main__``'s file,
    so every test gets back the ``__main__`` it started with."""
    main = sys.modules.get("__main__")
    yield
    if main is not None:
        sys.modules["__main__"] = main
