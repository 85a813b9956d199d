"""The workspace: a database of plans and their versions, so no work is lost.

A *plan* is a named line of work (``"plan-a"``, ``"reorg-2027"``); every save adds a
*version* to it: the whole scenario, a message, the time, its parent version and its
origin (the sources it was read from). Versions are never changed or deleted, so any
one can be opened, exported or compared with another (:mod:`teamsim.compare`).

The app keeps a *session* per browser link: the version the user is on, and its own undo
and redo stacks of the versions this session made or opened. Every edit is saved as a
new version (autosave), so a reload or a new tab with the same link reopens exactly
where the user was; undo/redo never walk into versions another session saved, and
switching plans in a session (:meth:`Workspace.switch`, :meth:`Workspace.open_version`) is
one more step undo takes back.

Storage is SQLite by default, a file in the user's data folder with no setup; set
``TEAMSIM_DATABASE_URL`` to a SQLAlchemy URL to choose the database:
``postgresql+psycopg://user:password@host:port/db`` for PostgreSQL (``postgresql://...``
means the same: psycopg 3, from ``pip install 'teamsim[postgres]'``) or
``sqlite:////absolute/path/workspace.db`` (``sqlite:///relative.db`` is relative to the
current folder) for another SQLite file. The data folder of the
default file is made on first use; a SQLite file named in the URL must be in an existing
folder (a typo never creates folders). The schema is created and upgraded by Alembic
migrations shipped in ``teamsim/_migrations``.

Examples
--------
>>> from teamsim.scenario import Scenario
>>> ws = Workspace("sqlite://")                      # an in-memory workspace
>>> s = Scenario.model_validate({"tools": [{"name": "A"}]})
>>> v = ws.save(s, plan="plan-a", message="first")
>>> (v.plan, v.number, v.parent)
('plan-a', 1, None)
>>> ws.load("plan-a") == s
True
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from pydantic import field_serializer

from teamsim._results import Result
from teamsim._text import clip
from teamsim.errors import InputError, TeamsimError
from teamsim.limits import check_count, limit
from teamsim.scenario import Scenario

__all__ = ["PlanSummary", "SessionState", "StaleVersionError", "Version", "Workspace", "default_url",
           "parse_ref", "plan_name", "plan_name_for", "read_ref"]

MIGRATIONS = Path(__file__).with_name("_migrations")
_meta = sa.MetaData()
plans = sa.Table("plans", _meta, sa.Column("id", sa.Integer, primary_key=True),
                 sa.Column("name", sa.String(200)), sa.Column("created_at", sa.DateTime(timezone=True)))
versions = sa.Table(
    "versions", _meta, sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id")), sa.Column("number", sa.Integer),
    sa.Column("parent_id", sa.Integer), sa.Column("message", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True)), sa.Column("origin", sa.Text),
    sa.Column("scenario", sa.Text), sa.Column("digest", sa.String(64)))
sessions = sa.Table(
    "sessions", _meta, sa.Column("token", sa.String(64), primary_key=True),
    sa.Column("plan_id", sa.Integer), sa.Column("version_id", sa.Integer),
    sa.Column("redo", sa.Text), sa.Column("updated_at", sa.DateTime(timezone=True)),
    sa.Column("history", sa.Text), sa.Column("edited", sa.Boolean))

MAX_PLAN_NAME = 100
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
MAX_MESSAGE = 2_000


class Version(Result):
    """One saved version of a plan (the scenario itself is read with :meth:`Workspace.load`)."""

    id: int
    plan: str
    number: int
    parent: int | None
    message: str
    created_at: dt.datetime
    origin: list[str]
    digest: str

    @property
    def ref(self) -> str:
        """The reference that names this version, ``plan@number``."""
        return f"{self.plan}@{self.number}"


class PlanSummary(Result):
    """One plan of a workspace: its name, number of versions and when it was last saved (UTC)."""

    plan: str
    versions: int
    last_saved: dt.datetime

    @field_serializer("last_saved")
    def _iso(self, t: dt.datetime) -> str:
        """ISO 8601 with the offset written out (``+00:00``), as ``datetime.isoformat``."""
        return t.isoformat()


class SessionState(Result):
    """Where an app session is: its current version, whether that version is an edit made in
    the session (not a plan it opened), and whether undo and redo have a step to take."""

    token: str
    version: Version
    can_undo: bool
    can_redo: bool
    edited: bool = False


class StaleVersionError(TeamsimError):
    """An edit built on a version the session has moved past (another tab or window saved
    since): nothing was saved. ``current`` is the session's state now, the version to show."""

    def __init__(self, current: SessionState) -> None:
        super().__init__(f"the plan changed in another tab or window: its latest version is "
                         f"{current.version.ref}; the change was not saved", entity="session",
                         hint=f"open {current.version.ref} and make the change again")
        self.current = current


def default_url() -> str:
    """Return the workspace database URL: ``TEAMSIM_DATABASE_URL``, else a SQLite file.

    The SQLite file is ``workspace.db`` in the user's data folder
    (``~/.local/share/teamsim`` on Linux, per :mod:`platformdirs`).

    Returns
    -------
    str
        A SQLAlchemy database URL.

    See Also
    --------
    Workspace : Opens the database at this URL when given none.

    Examples
    --------
    >>> default_url().startswith(("sqlite:///", "postgresql"))
    True
    """
    url = os.environ.get("TEAMSIM_DATABASE_URL", "").strip()
    return url or _data_folder_url()


def _data_folder_url() -> str:
    """The default workspace: ``workspace.db`` in the user's data folder (made on first use)."""
    import platformdirs

    folder = Path(platformdirs.user_data_dir("teamsim", appauthor=False))
    return f"sqlite:///{folder / 'workspace.db'}"


_URL_HINT = ("set TEAMSIM_DATABASE_URL to a SQLAlchemy URL such as sqlite:////path/to/workspace.db or "
             "postgresql+psycopg://user:password@host/db, or unset it for the default file")


def _parse_url(url: str) -> sa.engine.URL:
    """``url`` as a SQLAlchemy URL, or a refusal naming TEAMSIM_DATABASE_URL and the fix.

    A PostgreSQL URL without a driver (``postgresql://`` or ``postgres://``, which SQLAlchemy
    would send to psycopg2) uses psycopg 3, the driver ``teamsim[postgres]`` installs.
    """
    try:
        parsed = sa.engine.make_url(url)
    except (sa.exc.ArgumentError, ValueError):
        shown = re.sub(r"//[^/@]*@", "//***@", url)  # no password in the message
        raise InputError(f"the workspace database URL {clip(shown)!r} is not a database URL",
                         entity="TEAMSIM_DATABASE_URL", hint=_URL_HINT) from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername == "postgresql+psycopg":
        import importlib.util

        if importlib.util.find_spec("psycopg") is None:
            raise InputError("the workspace database is PostgreSQL, but its driver psycopg is not installed",
                             entity="TEAMSIM_DATABASE_URL",
                             hint="pip install 'teamsim[postgres]' (or pip install 'psycopg[binary]')")
    return parsed


def _sqlite_folder(parsed: sa.engine.URL, url: str) -> None:
    """Make the user's data folder for the default SQLite file; for a SQLite file the user
    named, refuse a missing folder (a typo should not silently create folders)."""
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return
    folder = Path(parsed.database).parent
    if url == _data_folder_url():
        folder.mkdir(parents=True, exist_ok=True)
    elif not folder.is_dir():
        shown = clip(str(folder.absolute()))
        relative = ("" if folder.is_absolute() else
                    " (sqlite:///NAME is relative to the current folder, sqlite:////NAME is absolute)")
        raise InputError(f"the folder {shown} of the workspace database does not exist{relative}",
                         entity="TEAMSIM_DATABASE_URL",
                         hint=f"create it (mkdir -p {shown}), or point TEAMSIM_DATABASE_URL at a file in "
                         "an existing folder")


def parse_ref(ref: str) -> tuple[str, int | None]:
    """Split a version reference ``plan`` or ``plan@N`` into the plan name and number.

    Parameters
    ----------
    ref : str
        ``"plan-a"`` (its latest version) or ``"plan-a@3"`` (its third).

    Returns
    -------
    (str, int or None)

    Raises
    ------
    InputError
        Not a valid reference.

    See Also
    --------
    read_ref : Reads the scenario a reference names.
    plan_name : The canonical form of the plan name.
    teamsim.workspace.Workspace.version : The version a reference names.

    Examples
    --------
    >>> parse_ref("plan-a@3")
    ('plan-a', 3)
    >>> parse_ref("plan-a")
    ('plan-a', None)
    """
    name, _, num = ref.partition("@")
    name = plan_name(name)
    if not num:
        return name, None
    if not num.isdigit() or len(num) > 9 or int(num) < 1:
        raise InputError(f"bad version number {num[:20]!r} in {ref[:120]!r}", entity=f"plan {name!r}",
                         hint="write PLAN@N with N = 1, 2, ... (see: teamsim workspace log PLAN)")
    return name, int(num)


#: The characters besides letters and digits a plan name may hold: harmless in a shell, a URL
#: query, Markdown and HTML once escaped, and no separator teamsim uses (``@``, ``:``, ``/``).
_PLAN_PUNCTUATION = " ._-(),+"


def plan_name_for(title: str | None) -> str:
    """A valid plan name for a scenario titled ``title``: other characters become ``-``.

    Parameters
    ----------
    title : str or None
        The scenario's name (anything a user typed).

    Returns
    -------
    str
        :func:`plan_name` of the cleaned title; ``"scenario"`` when nothing is left.

    See Also
    --------
    plan_name : What a plan name may hold.

    Examples
    --------
    >>> plan_name_for("Diversity bonus (Page 2017)"), plan_name_for("a/b: c"), plan_name_for("<>")
    ('Diversity bonus (Page 2017)', 'a-b- c', 'scenario')
    """
    norm = unicodedata.normalize("NFKC", title or "")
    cleaned = "".join(c if c.isalnum() or c in _PLAN_PUNCTUATION else "-" for c in norm)
    cleaned = re.sub(r"-{2,}", "-", cleaned).lstrip(_PLAN_PUNCTUATION)[:MAX_PLAN_NAME].rstrip(" ._-")
    try:
        return plan_name(cleaned) if cleaned else "scenario"
    except InputError:  # mixed scripts: keep the workspace usable under a neutral name
        return "scenario"


def plan_name(name: str) -> str:
    """The canonical form of a plan name, or a refusal saying what is wrong with it.

    Every plan name that enters the workspace (saving, looking up, listing versions,
    app sessions) goes through here, so a decomposed ``"e\\u0301"`` and the composed
    ``"\\u00e9"``, or a fullwidth ``"\\uff50lan"`` and ``"plan"``, name the same plan
    (Unicode NFKC), and no name can pose as another one (see Raises).

    Parameters
    ----------
    name : str
        The name as typed.

    Returns
    -------
    str
        The name in Unicode NFKC form.

    Raises
    ------
    InputError
        An empty name, a name that starts or ends with a space (it would look like
        another plan), a control or invisible format character (a newline, an escape),
        more than ``MAX_PLAN_NAME`` (100) characters, a character other than letters,
        digits, spaces and the harmless ``.``, ``_``, ``-``, ``(``, ``)``, ``,`` and ``+``
        (a name starts with a letter or digit; ``@`` separates the version number; quotes,
        slashes, ``:``, ``<``, ``&``, ``[`` and the like are refused), or letters from more than one script
        (a Cyrillic ``\\u0406`` in a Latin name looks like ``I``).

    See Also
    --------
    parse_ref : Splits a reference into plan name and number.
    teamsim.workspace.Workspace.save : Saves a version under a plan name.

    Examples
    --------
    >>> plan_name("Reorg 2027"), plan_name("cafe\\u0301") == "caf\\u00e9", plan_name("\\uff50lan")
    ('Reorg 2027', True, 'plan')
    >>> plan_name("Diversity bonus (Page 2017)")
    'Diversity bonus (Page 2017)'
    >>> try:
    ...     plan_name("a\\nb")
    ... except InputError as e:
    ...     print(e.message)
    bad plan name 'a\\nb': it has the control character U+000A
    """
    if not isinstance(name, str):
        raise InputError(f"bad plan name {name!r}: not text", entity="plan", hint="give the plan a name")
    norm = unicodedata.normalize("NFKC", name)
    shown = f"bad plan name {name[:120]!r}"
    hint = (f"use 1-{MAX_PLAN_NAME} letters, digits, spaces, '.', '_', '-', '(', ')', ',' or '+', "
            "starting with a letter or digit")
    if not norm.strip():
        raise InputError(f"{shown}: it is empty", entity="plan", hint=hint)
    if norm != norm.strip():
        raise InputError(f"{shown}: plan names cannot start or end with a space", entity="plan",
                         hint=f"did you mean {norm.strip()[:120]!r}?")
    odd = next((c for c in norm if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")),
               None)
    if odd is not None:
        raise InputError(f"{shown}: it has the control character U+{ord(odd):04X}", entity="plan", hint=hint)
    if len(norm) > MAX_PLAN_NAME:
        raise InputError(f"{shown}: {len(norm):,} characters, over {MAX_PLAN_NAME}", entity="plan", hint=hint)
    if not norm[0].isalnum() or not all(c.isalnum() or c in _PLAN_PUNCTUATION for c in norm):
        raise InputError(shown, entity="plan", hint=hint)
    _refuse_mixed_scripts(norm, shown)
    return norm


#: Scripts written together in one language: they count as one script for :func:`plan_name`.
_SAME_SCRIPT = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK", "IDEOGRAPHIC": "CJK"}


def _script(c: str) -> str | None:
    """The script of a letter or non-ASCII digit, from its Unicode name; None for ASCII and others."""
    if c.isascii() and not c.isalpha() or not c.isalnum():
        return None
    first = unicodedata.name(c, "UNKNOWN").split()[0].split("-")[0]
    return _SAME_SCRIPT.get(first, first)


def _refuse_mixed_scripts(norm: str, shown: str) -> None:
    scripts: dict[str, list[str]] = {}
    for c in norm:
        s = _script(c)
        if s is not None and c not in scripts.setdefault(s, []):
            scripts[s].append(c)
    if len(scripts) > 1:
        main = max(scripts, key=lambda s: sum(norm.count(c) for c in scripts[s]))
        odd = "".join(c for s, cs in scripts.items() if s != main for c in cs)
        escaped = "".join(f"\\u{ord(c):04x}" for c in odd)
        raise InputError(f"{shown}: it mixes {main.title()} letters with {escaped} from "
                         f"{', '.join(s.title() for s in scripts if s != main)}, so it can look like "
                         "another plan's name", entity="plan",
                         hint=f"write the whole name in one script (retype {escaped} as "
                         f"{main.title()} letters)")


def _checked(scenario: Scenario, plan: str, message: str) -> tuple[str, str]:
    """The canonical plan name and the scenario's JSON, or a refusal (bad name, long message,
    scenario over ``max_file_bytes``)."""
    plan = plan_name(plan)
    if len(message) > MAX_MESSAGE:
        raise InputError(f"message of {len(message):,} characters is too long", entity=f"plan {plan!r}",
                         hint=f"keep it under {MAX_MESSAGE:,} characters")
    text = scenario.model_dump_json(exclude_defaults=True)
    check_count("max_file_bytes", len(text.encode()), entity=f"plan {plan!r}", what="scenario size")
    return plan, text


def _retried(insert: Callable[[], int], plan: str) -> int:
    """``insert()``, retried when another writer took the plan name or version number first."""
    for attempt in range(8):
        try:
            return insert()
        except sa.exc.IntegrityError:
            if attempt == 7:
                raise InputError("the workspace is too busy to save", entity=f"plan {plan!r}",
                                 hint="try again") from None
    raise AssertionError("unreachable")  # pragma: no cover


class _Moved(Exception):
    """The session row is no longer on the version a step was built on (rolls the step back)."""


def _new_id(result: sa.CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Workspace:
    """A workspace database (SQLite or PostgreSQL), created and migrated on first use.

    Parameters
    ----------
    url : str, optional
        SQLAlchemy database URL; default :func:`default_url`.

    Raises
    ------
    InputError
        The database cannot be reached or created (the message names the URL without
        its password).

    Examples
    --------
    >>> ws = Workspace("sqlite://")
    >>> ws.plans()
    []
    """

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        parsed = _parse_url(self.url)
        self._shown = parsed.render_as_string(hide_password=True)
        # an in-memory database is one connection, shared by every thread that uses the workspace
        kw: dict[str, Any] = ({"poolclass": sa.pool.StaticPool, "connect_args": {"check_same_thread": False}}
                              if self.url in ("sqlite://", "sqlite:///:memory:") else {})
        try:
            _sqlite_folder(parsed, self.url)
            self.engine = sa.create_engine(parsed, **kw)
            self._migrate()
        except (sa.exc.SQLAlchemyError, OSError, ImportError) as e:
            detail = f"{type(e).__name__}: {e.strerror}" if isinstance(e, OSError) else type(e).__name__
            raise InputError(f"cannot open the workspace database: {detail}",
                             file=self._shown, hint="check TEAMSIM_DATABASE_URL, the server and "
                             "its credentials") from None

    def _migrate(self) -> None:
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    @contextmanager
    def _tx(self) -> Iterator[sa.Connection]:
        with self.engine.begin() as conn:
            yield conn

    # -- versions -------------------------------------------------------------
    def save(self, scenario: Scenario, *, plan: str, message: str = "", parent: int | None = None,
             origin: Iterable[str] = ()) -> Version:
        """Save ``scenario`` as the next version of ``plan`` (created on first save).

        Parameters
        ----------
        scenario : Scenario
        plan : str
            Plan name (1-100 letters, digits, spaces, ``._-``), normalised by
            :func:`plan_name` (Unicode NFKC).
        message : str, default ""
            What changed (at most 2,000 characters).
        parent : int, optional
            Version id this one derives from; default the plan's latest version.
        origin : iterable of str
            The sources the scenario was read from.

        Returns
        -------
        Version

        Raises
        ------
        InputError
            Bad plan name, message too long, unknown parent, or scenario over
            ``max_file_bytes`` as JSON.
        """
        plan, text = _checked(scenario, plan, message)
        origin = [str(o) for o in origin]

        def insert() -> int:
            with self._tx() as conn:
                return self._insert(conn, plan, parent, message, origin, text)
        return self.version(_retried(insert, plan))

    def _insert(self, conn: sa.Connection, plan: str, parent: int | None, message: str,
                origin: Iterable[str], text: str) -> int:
        """Insert the next version of ``plan`` in the open transaction ``conn``; its id."""
        plan_id = self._plan_id(conn, plan, create=True)
        last = conn.execute(sa.select(versions.c.id, versions.c.number).where(
            versions.c.plan_id == plan_id).order_by(versions.c.number.desc()).limit(1)).first()
        if parent is not None and conn.execute(sa.select(versions.c.id).where(
                versions.c.id == parent)).first() is None:
            raise InputError(f"no version with id {parent}", entity=f"plan {plan!r}",
                             hint="list versions with: teamsim workspace log PLAN")
        row = {"plan_id": plan_id, "number": (last.number if last else 0) + 1,
               "parent_id": parent if parent is not None else (last.id if last else None),
               "message": message, "created_at": _now(), "origin": json.dumps(list(origin)),
               "scenario": text, "digest": hashlib.sha256(text.encode()).hexdigest()}
        return _new_id(conn.execute(versions.insert().values(**row)))

    def _plan_id(self, conn: sa.Connection, plan: str, *, create: bool = False) -> int:
        pid = conn.execute(sa.select(plans.c.id).where(plans.c.name == plan)).scalar()
        if pid is None and create:
            pid = _new_id(conn.execute(plans.insert().values(name=plan, created_at=_now())))
        if pid is None:
            raise InputError(f"no plan named {plan!r} in the workspace", entity=f"plan {plan!r}",
                             hint="list plans with: teamsim workspace list")
        return int(pid)

    def _row_to_version(self, r: sa.Row[Any]) -> Version:
        created = r.created_at if r.created_at.tzinfo else r.created_at.replace(tzinfo=dt.UTC)
        return Version(id=r.id, plan=r.name, number=r.number, parent=r.parent_id, message=r.message,
                       created_at=created, origin=json.loads(r.origin), digest=r.digest)

    def _select(self) -> sa.Select[Any]:
        return sa.select(versions.c.id, plans.c.name, versions.c.number, versions.c.parent_id,
                         versions.c.message, versions.c.created_at, versions.c.origin,
                         versions.c.digest).join(plans, plans.c.id == versions.c.plan_id)

    def version(self, ref: str | int) -> Version:
        """Return the version named by ``ref``: an id, ``"plan"`` (latest) or ``"plan@N"``.

        Raises
        ------
        InputError
            No such plan or version.
        """
        q = self._select()
        if isinstance(ref, int):
            q = q.where(versions.c.id == ref)
            what = f"version id {ref}"
        else:
            name, num = parse_ref(ref)
            q = q.where(plans.c.name == name)
            q = (q.where(versions.c.number == num) if num is not None
                 else q.order_by(versions.c.number.desc()).limit(1))
            what = ref
        with self._tx() as conn:
            r = conn.execute(q).first()
        if r is None:
            raise InputError(f"no version {what} in the workspace", entity=f"version {what}",
                             hint="list plans and versions with: teamsim workspace list / log PLAN")
        return self._row_to_version(r)

    def load(self, ref: str | int) -> Scenario:
        """Return the scenario saved as version ``ref`` (see :meth:`version`).

        Raises
        ------
        InputError
            No such version.
        """
        v = self.version(ref)
        with self._tx() as conn:
            text = conn.execute(sa.select(versions.c.scenario).where(versions.c.id == v.id)).scalar_one()
        return Scenario.model_validate_json(text)

    def plans(self) -> list[tuple[str, int, dt.datetime]]:
        """List plans as ``(name, number of versions, last saved)``, newest first."""
        return [(p.plan, p.versions, p.last_saved) for p in self.plan_summaries()]

    def plan_summaries(self) -> list[PlanSummary]:
        """List plans, newest first, as :class:`PlanSummary` models (``teamsim workspace list``).

        Returns
        -------
        list of PlanSummary
            Name, number of versions and last save (timezone-aware, UTC) of every plan.

        Examples
        --------
        >>> from teamsim.scenario import Scenario
        >>> ws = Workspace("sqlite://")
        >>> _ = ws.save(Scenario(people=[]), plan="q3")
        >>> [(p.plan, p.versions) for p in ws.plan_summaries()]
        [('q3', 1)]
        >>> ws.plan_summaries()[0].model_dump(mode="json")["last_saved"].endswith("+00:00")
        True
        """
        q = (sa.select(plans.c.name, sa.func.count(versions.c.id), sa.func.max(versions.c.created_at))
             .join(versions, versions.c.plan_id == plans.c.id).group_by(plans.c.name)
             .order_by(sa.func.max(versions.c.created_at).desc(), plans.c.name))
        with self._tx() as conn:
            return [PlanSummary(plan=n, versions=c, last_saved=t if t.tzinfo else t.replace(tzinfo=dt.UTC))
                    for n, c, t in conn.execute(q)]

    def log(self, plan: str) -> list[Version]:
        """List the versions of ``plan``, newest first.

        Raises
        ------
        InputError
            No such plan.
        """
        plan = plan_name(plan)
        with self._tx() as conn:
            pid = self._plan_id(conn, plan)
            rows = conn.execute(self._select().where(versions.c.plan_id == pid)
                                .order_by(versions.c.number.desc())).all()
        return [self._row_to_version(r) for r in rows]

    # -- app sessions: autosave, undo, redo ------------------------------------
    def start_session(self, scenario: Scenario, *, plan: str, message: str = "opened",
                      origin: Iterable[str] = ()) -> SessionState:
        """Save ``scenario`` to ``plan`` and open a session on it; returns its new token.

        The new session's undo history is empty: it holds only the steps this session takes.
        """
        plan = plan_name(plan)
        v = self.save(scenario, plan=plan, message=message, origin=origin)
        return self.open_session(v.id)

    def open_session(self, ref: str | int) -> SessionState:
        """Open a new session on an existing version (a link that reopens ``ref``).

        Parameters
        ----------
        ref : str or int
            A version id, ``"plan"`` (its latest version) or ``"plan@N"``.

        Returns
        -------
        SessionState
            A session with a new token and an empty undo history.

        Raises
        ------
        InputError
            No such version.

        Examples
        --------
        >>> from teamsim.scenario import Scenario
        >>> ws = Workspace("sqlite://")
        >>> _ = ws.save(Scenario(people=[]), plan="q3")
        >>> st = ws.open_session("q3@1")
        >>> st.version.ref, st.can_undo, st.token == ws.open_session("q3").token
        ('q3@1', False, False)
        """
        v = self.version(ref)
        token = secrets.token_urlsafe(18)
        with self._tx() as conn:
            conn.execute(sessions.insert().values(token=token, plan_id=self._plan_id(conn, v.plan),
                                                  version_id=v.id, redo="[]", history="[]",
                                                  edited=False, updated_at=_now()))
        return self.session(token)

    def session(self, token: str) -> SessionState:
        """Return the state of session ``token`` (the version a reload reopens).

        Raises
        ------
        InputError
            Unknown or malformed token.
        """
        r = self._session_row(token)
        return SessionState(token=token, version=self.version(r.version_id),
                            can_undo=bool(_steps(r.history)), can_redo=bool(_steps(r.redo)),
                            edited=bool(r.edited))

    def _session_row(self, token: str) -> sa.Row[Any]:
        if not isinstance(token, str) or not _TOKEN.match(token):
            raise InputError("malformed session token", entity="session", hint="open the app afresh")
        with self._tx() as conn:
            r = conn.execute(sa.select(sessions).where(sessions.c.token == token)).first()
        if r is None:
            raise InputError("unknown session", entity="session",
                             hint="the link is from another workspace; open the app afresh")
        return r

    def _move(self, conn: sa.Connection, token: str, expect: int, to: list[Any], history: list[list[Any]],
              redo: list[list[Any]]) -> None:
        """Put session ``token`` on version ``to`` (``[id, edited]``) with these stacks, in the open
        transaction ``conn``, if it is still on version ``expect`` (compare-and-set: else
        :class:`_Moved`, and the transaction rolls back)."""
        keep = limit("max_undo_steps")
        plan_id = conn.execute(sa.select(versions.c.plan_id).where(versions.c.id == to[0])).scalar_one()
        done = conn.execute(sessions.update().where(sessions.c.token == token,
                                                    sessions.c.version_id == expect).values(
            plan_id=plan_id, version_id=to[0], edited=bool(to[1]), history=json.dumps(history[-keep:]),
            redo=json.dumps(redo[-keep:]), updated_at=_now()))
        if done.rowcount != 1:
            raise _Moved

    def _locked_row(self, conn: sa.Connection, token: str, base: int | None) -> sa.Row[Any]:
        """Session ``token``'s row, locked for this transaction (PostgreSQL), if it is on
        version ``base`` (any when None); else :class:`_Moved`."""
        r = conn.execute(sa.select(sessions).where(sessions.c.token == token).with_for_update()).first()
        if r is None or (base is not None and r.version_id != base):
            raise _Moved
        return r

    def _stepped(self, token: str, base: int | None, step: Callable[[sa.Connection, sa.Row[Any]], None],
                 plan: str = "") -> SessionState:
        """Run ``step(conn, row)`` on session ``token``'s locked row in one transaction.

        Raises :class:`StaleVersionError` when the session is not on version ``base``, or
        moved while the step ran (another tab or app server saved first); nothing is saved.
        """
        self._session_row(token)  # a clear refusal for a malformed or unknown token

        def run() -> int:
            with self._tx() as conn:
                step(conn, self._locked_row(conn, token, base))
            return 0
        try:
            _retried(run, plan or "session")
        except _Moved:
            raise StaleVersionError(self.session(token)) from None
        return self.session(token)

    def _step_to(self, token: str, version_id: int, *, edited: bool) -> SessionState:
        """Session ``token`` takes a new step to ``version_id``: undo can return; redo is cleared."""
        def step(conn: sa.Connection, r: sa.Row[Any]) -> None:
            self._move(conn, token, r.version_id, [version_id, edited],
                       [*_steps(r.history), [r.version_id, r.edited]], [])
        return self._stepped(token, None, step)

    def record(self, token: str, scenario: Scenario, *, message: str, base: int) -> SessionState:
        """Autosave an edit made in session ``token`` on version ``base``: a new version; redo is cleared.

        The save and the session's move to it are one transaction that first checks the
        session is still on ``base`` (optimistic concurrency): two tabs on one link, or two
        app servers, never build an edit on a version the other has moved past. An edit
        that leaves the scenario unchanged saves nothing.

        Parameters
        ----------
        token : str
            The session.
        scenario : Scenario
            The edited scenario.
        message : str
            What changed (at most 2,000 characters).
        base : int
            Id of the version the edit was made on (the version the tab shows).

        Returns
        -------
        SessionState
            The session, on the new version.

        Raises
        ------
        StaleVersionError
            The session is no longer on ``base``: nothing was saved; its ``current`` is
            the session's state now.
        InputError
            Unknown session, message too long, scenario too large.

        Examples
        --------
        >>> from teamsim.scenario import Scenario
        >>> ws = Workspace("sqlite://")
        >>> st = ws.start_session(Scenario(people=[]), plan="p")
        >>> tab1 = ws.record(st.token, Scenario(name="one"), message="one", base=st.version.id)
        >>> try:
        ...     ws.record(st.token, Scenario(name="two"), message="two", base=st.version.id)
        ... except StaleVersionError as e:
        ...     print(e.current.version.ref)
        p@2
        """
        state = self.session(token)
        if state.version.id == base and self.load(base) == scenario:
            return state
        plan, text = _checked(scenario, state.version.plan, message)

        def step(conn: sa.Connection, r: sa.Row[Any]) -> None:
            vid = self._insert(conn, plan, base, message, state.version.origin, text)
            self._move(conn, token, base, [vid, True], [*_steps(r.history), [r.version_id, r.edited]], [])
        return self._stepped(token, base, step, plan)

    def switch(self, token: str, scenario: Scenario, *, plan: str, message: str = "opened",
               origin: Iterable[str] = ()) -> SessionState:
        """Save ``scenario`` to ``plan`` and make session ``token`` work on it, as one undoable step.

        Opening another scenario (a built-in, an upload) in the app: undo returns to the
        plan and version the session was on, edits included.

        Raises
        ------
        InputError
            Unknown session, or a bad plan name (see :meth:`save`).

        Examples
        --------
        >>> from teamsim.scenario import Scenario
        >>> ws = Workspace("sqlite://")
        >>> st = ws.start_session(Scenario(people=[]), plan="mine")
        >>> ws.switch(st.token, Scenario(people=[]), plan="example").version.ref
        'example@1'
        >>> ws.undo(st.token).version.ref
        'mine@1'
        """
        v = self.save(scenario, plan=plan, message=message, origin=origin)
        return self._step_to(token, v.id, edited=False)

    def open_version(self, token: str, ref: str | int) -> SessionState:
        """Make session ``token`` work on the saved version ``ref``, as one undoable step.

        Raises
        ------
        InputError
            Unknown session or version.
        """
        return self._step_to(token, self.version(ref).id, edited=False)

    def _text(self, vid: int) -> str:
        with self._tx() as conn:
            return str(conn.execute(sa.select(versions.c.scenario).where(versions.c.id == vid)).scalar_one())

    def undo(self, token: str, *, base: int | None = None) -> SessionState:
        """Go back one step this session took (an edit, or opening a plan); redo can return.

        Only the versions this session made or opened are walked: another session's edits to
        the same plan are never undone into.

        Parameters
        ----------
        token : str
            The session.
        base : int, optional
            The version the undo was asked on (the version the tab shows); when given and
            the session has moved on, nothing changes.

        Raises
        ------
        InputError
            Nothing to undo.
        StaleVersionError
            The session is not on ``base``.
        """
        return self._walk(token, base, back=True)

    def redo(self, token: str, *, base: int | None = None) -> SessionState:
        """Return to the version the last undo left (``base`` as :meth:`undo`).

        Raises
        ------
        InputError
            Nothing to redo.
        StaleVersionError
            The session is not on ``base``.
        """
        return self._walk(token, base, back=False)

    def _walk(self, token: str, base: int | None, *, back: bool) -> SessionState:
        """One step along the undo (``back``) or redo stack, as one compare-and-set."""
        def step(conn: sa.Connection, r: sa.Row[Any]) -> None:
            here, history, redo = [r.version_id, r.edited], _steps(r.history), _steps(r.redo)
            if back and not history:
                raise InputError("nothing to undo", entity="session",
                                 hint="this is where the session started")
            if not back and not redo:
                raise InputError("nothing to redo", entity="session", hint="undo first")
            self._move(conn, token, r.version_id, *((history[-1], history[:-1], [*redo, here]) if back
                                                    else (redo[-1], [*history, here], redo[:-1])))
        return self._stepped(token, base, step)


def _steps(text: str | None) -> list[list[Any]]:
    """A session's undo or redo stack as ``[version id, edited]`` pairs (a bare id, as
    sessions saved before revision 0002 wrote redo steps, is an edit)."""
    return [s if isinstance(s, list) else [s, True] for s in json.loads(text or "[]")]


def read_ref(ref: str, *, workspace: Workspace | None = None) -> tuple[Scenario, str]:
    """Read a scenario from a file or a workspace version.

    Parameters
    ----------
    ref : str
        ``ws:PLAN`` or ``ws:PLAN@N`` for a workspace version; otherwise a path of
        any kind :func:`teamsim.importers.read` reads (scenario, skills matrix,
        catalog, dependency list, org CSV ...).  A path that does not exist but reads
        as ``PLAN@N`` is looked up in the workspace.
    workspace : Workspace, optional
        Default: ``Workspace()`` (opened only when ``ref`` names a version).

    Returns
    -------
    (Scenario, str)
        The scenario and a label for it (the path, or ``plan@N``).

    Raises
    ------
    InputError, ScenarioError
        Unreadable file, or no such plan or version.

    See Also
    --------
    parse_ref : Splits a workspace reference.
    teamsim.workspace.Workspace.load : Loads a workspace version.
    teamsim.importers.load_scenario : Loads a scenario file.

    Examples
    --------
    >>> s, label = read_ref("scenarios/diversity-bonus.yaml")
    >>> label, len(s.people)
    ('scenarios/diversity-bonus.yaml', 3)
    """
    from teamsim.importers import read

    name = ref.removeprefix("ws:")
    if ref.startswith("ws:") or (not Path(ref).exists() and "@" in ref and "/" not in ref):
        ws = workspace or Workspace()
        v = ws.version(name)
        return ws.load(v.id), v.ref
    return read([Path(ref)]).scenario, ref
