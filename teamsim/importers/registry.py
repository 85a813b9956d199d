"""One entry point for every input: :func:`read` any source, or several, into one scenario.

Each kind of source is a :class:`SourceKind` in :data:`KINDS`: a name, a
``detect(path, probe)`` test on the file's name and first bytes, and a
``read(path, options)`` returning a :class:`Part`. Adding a kind is one reader
module plus one line in :data:`KINDS`.

========================  ==========================================================
kind                      detected by
========================  ==========================================================
``backstage-zip``         ``.zip`` suffix or zip magic bytes
``backstage``             a folder, or YAML whose first document has apiVersion, kind
``git-repo``              a folder (when ``backstage`` is not accepted)
``codeowners``            a name containing ``CODEOWNERS``
``git-log``               ``.gitlog``, ``.gz`` or a first line ``--hash--date--author``
``git-history``           never detected: a git log or repository read as history only
``dependencies``          ``.csv`` whose header names source and target
``org``                   ``.csv`` whose header is person (or name), team[, role]
``skills``                any other ``.csv`` (a skills matrix)
``scenario``              ``.yaml``, ``.yml``, ``.json``
========================  ==========================================================

The tests on a name and first bytes live in :mod:`teamsim.importers.sniff`.

The first kind (in this order) that detects a source reads it; ``kind=`` skips
detection, ``accept=`` limits it to some kinds, ``default=`` names the kind for a
file none of them claims (the ``network`` command reads such a file as a git log).

Sources are merged with :func:`~teamsim.importers.sources.merge_scenarios` (by name,
in any order); CODEOWNERS files are applied last, to the merged services.
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import GenericAlias
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import ConfigDict, GetCoreSchemaHandler, TypeAdapter
from pydantic_core import core_schema

from teamsim._gc import gc_paused
from teamsim._results import Result
from teamsim.defaults import BOT_PATTERN
from teamsim.errors import InputError
from teamsim.importers._result import ImportResult, ImportWarning
from teamsim.importers.sniff import _csv_header, _is_catalog, _is_git_log, _is_org, _probe, _suffix
from teamsim.importers.sources import check_csv_names, merge_scenarios
from teamsim.scenario import Scenario

if TYPE_CHECKING:
    from pydantic import GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue

    from teamsim.importers.backstage import CatalogGroup
    from teamsim.importers.git_history import GitLog
    from teamsim.importers.git_modules import ModuleMap

__all__ = ["GIT_KINDS", "KINDS", "SCENARIO_KINDS", "Part", "Provenance", "ReadOptions", "ReadResult",
           "SourceKind", "detect_kind", "read", "read_git_source", "regroup"]

#: Kinds that are scenarios by themselves (what ``analyze``, ``hire`` ... read).
SCENARIO_KINDS = ("scenario", "skills", "org")
#: Kinds of version-control history (``git-history`` is never detected: chosen, or decided by
#: ``read(..., git_as_history="auto")``).
GIT_KINDS = ("git-repo", "git-log", "git-history")


@dataclass(frozen=True)
class ReadOptions:
    """Options of the readers; each kind uses the ones it needs.

    Attributes
    ----------
    strict : bool
        Scenarios and skills matrices: a tool without its prerequisites is an error.
    tools : path, optional
        Skills matrices: the tools file (prerequisites, values).
    min_level : float, optional
        Skills matrices: levels below this count as not holding the tool.
    service_paths : str or mapping
        CODEOWNERS: each service's folder(s), or a ``{name}`` template.
    aliases : path or mapping, optional
        Git: author alias map (a file of ``Canonical = alias`` lines or a .mailmap).
    bots : str or None
        Git: regular expression of bot authors to leave out.
    modules : ModuleMap, optional
        Git: path -> module (default depth 2).
    tool_rules : sequence of (glob, tool)
        Git: tried before the built-in tool rules.
    min_files : int
        Git: files of a kind a person must have changed to hold that tool.
    """

    strict: bool = False
    tools: str | Path | None = None
    min_level: float | None = None
    service_paths: str | Mapping[str, str | Iterable[str]] = "{name}/"
    aliases: str | Path | Mapping[str, str] | None = None
    bots: str | None = BOT_PATTERN
    modules: ModuleMap | None = None
    tool_rules: Sequence[tuple[str, str]] = ()
    min_files: int = 1


@dataclass
class Part:
    """What one source gave.

    ``apply`` is set by kinds that change the merged scenario instead of adding
    to it (CODEOWNERS): it takes the merged scenario and the services without a
    folder, and returns an :class:`ImportResult`.
    """

    scenario: Scenario | None = None
    warnings: list[ImportWarning] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    groups: list[CatalogGroup] = field(default_factory=list)
    no_folder: list[str] = field(default_factory=list)
    git_log: GitLog | None = None
    apply: Callable[[Scenario, list[str]], ImportResult] | None = None
    service_refs: dict[str, str] = field(default_factory=dict)
    external_owns: dict[str, list[str]] = field(default_factory=dict)
    owner_users: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SourceKind:
    """One kind of source: how to recognise it and how to read it.

    Attributes
    ----------
    name : str
        Used with ``kind=`` and ``accept=``, and in messages.
    description : str
        What it is, for the "unknown input" message.
    detect : callable (Path, bytes) -> bool
        Whether a source is of this kind, from its path and its first bytes
        (empty for a folder).
    read : callable (Path, ReadOptions) -> Part
    fallback : bool
        A catch-all kind (``skills``: any .csv; ``scenario``: any .yaml or .json):
        detection tries it only after every specific kind, wherever it sits in
        :data:`KINDS`, so a kind appended to :data:`KINDS` is tried before it.
    detectable : bool
        False for a kind only chosen (``kind=``), never detected.
    """

    name: str
    description: str
    detect: Callable[[Path, bytes], bool]
    read: Callable[[Path, ReadOptions], Part]
    fallback: bool = False
    detectable: bool = True


# ---------------------------------------------------------------------- readers
def _lazy(module: str, name: str) -> Callable[..., Any]:
    """The function ``name`` of ``module``, imported when it is first called.

    Reading a scenario file imports no git, Backstage or CODEOWNERS reader: each kind's
    reader module is loaded when a source of that kind is read.
    """
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"``{module}.{name}``, imported on first use."
    return call


_read_alias_map = _lazy("teamsim.importers.git", "read_alias_map")
_read_git_log = _lazy("teamsim.importers.git", "read_git_log")
_git_scenario = _lazy("teamsim.importers.git", "git_scenario")
_read_codeowners = _lazy("teamsim.importers.codeowners", "read_codeowners")
_read_dependencies = _lazy("teamsim.importers.dependencies", "read_dependencies")
_read_org_csv = _lazy("teamsim.importers.tables", "read_org_csv")
_read_skills_matrix = _lazy("teamsim.importers.skills_csv", "read_skills_matrix")
_load_scenario_file = _lazy("teamsim.importers.scenario_file", "load_scenario_file")


def read_git_source(p: Path, o: ReadOptions) -> tuple[GitLog, list[ImportWarning]]:
    """The history of a git repository folder or log file (``aliases`` and ``bots`` of ``o``)
    and its warnings: the git part of :func:`read` without the scenario (for commands that
    need only the history, such as ``teamsim network``).

    Parameters
    ----------
    p : pathlib.Path
        A git repository folder or a log file in Code Maat's format.
    o : ReadOptions
        Its ``aliases`` (a file or a mapping) and ``bots`` are used.

    Returns
    -------
    (GitLog, list of ImportWarning)
        The cleaned history, and its warnings (each naming its file) plus one for aliases
        that match no author.

    See Also
    --------
    teamsim.importers.git_repo.read_git_log : Reads the history.
    read : Reads a git source together with other sources.

    Examples
    --------
    >>> log, warnings = read_git_source(Path("scenarios/online-boutique/microservices-demo.gitlog"),
    ...                                 ReadOptions())
    >>> len(log.commits) > 100, warnings
    (True, [])
    """
    aliases = _read_alias_map(o.aliases) if isinstance(o.aliases, (str, Path)) else o.aliases
    log = _read_git_log(p, aliases=aliases, bots=o.bots)
    warnings = [ImportWarning(message=w) for w in log.warnings]  # each names its file already
    return log, warnings + _unused_aliases(log.unused_aliases, o.aliases)


def _unused_aliases(unused: Sequence[str], aliases: object) -> list[ImportWarning]:
    """One warning listing the aliases that match no author (none when every alias matched)."""
    if not unused:
        return []
    n = len(unused)
    return [ImportWarning(
        message=f"{n} alias{'es' if n != 1 else ''} in {aliases} match{'' if n != 1 else 'es'} "
                "no author: " + ", ".join(unused[:10]) + (" ..." if n > 10 else ""),
        file=str(aliases), kind="unused alias", hint="check the spelling of the aliases")]


def _aliases_of_all_logs(warnings: list[ImportWarning], logs: Sequence[GitLog], aliases: object
                         ) -> list[ImportWarning]:
    """With several histories, an alias is unused only when it matches no author in any of them:
    each history's own "unused alias" warning is replaced by one for all."""
    if len(logs) < 2:
        return warnings
    everywhere = set(logs[0].unused_aliases).intersection(*(log.unused_aliases for log in logs[1:]))
    unused = [a for a in logs[0].unused_aliases if a in everywhere]
    return [w for w in warnings if w.kind != "unused alias"] + _unused_aliases(unused, aliases)


def _git_log(p: Path, o: ReadOptions) -> Part:
    log, warnings = read_git_source(p, o)
    scenario = _git_scenario(log, modules=o.modules, tool_rules=o.tool_rules, min_files=o.min_files)
    return Part(scenario=scenario, warnings=warnings, sources=[str(p)], git_log=log)


def _git_history(p: Path, o: ReadOptions) -> Part:
    """A git log or repository as history only: no people, no services (owners from history use it)."""
    log, warnings = read_git_source(p, o)
    return Part(warnings=warnings, sources=[str(p)], git_log=log)


def _backstage(read: Callable[[Path], Any]) -> Callable[[Path, ReadOptions], Part]:
    def reader(p: Path, o: ReadOptions) -> Part:
        r = read(p)
        return Part(r.scenario, list(r.warnings), list(r.sources), list(r.groups), list(r.no_folder),
                    service_refs=dict(r.service_refs), external_owns=dict(r.external_owns),
                    owner_users=dict(r.owner_users))
    return reader


def _codeowners(p: Path, o: ReadOptions) -> Part:
    return Part(sources=[str(p)], apply=lambda scenario, no_folder: _read_codeowners(
        p, scenario, o.service_paths, no_folder=no_folder))


def _result(r: ImportResult) -> Part:
    return Part(r.scenario, list(r.warnings), list(r.sources))


#: Every kind of source, in detection order (the ``fallback`` kinds after all the others).
KINDS: tuple[SourceKind, ...] = (
    SourceKind("backstage-zip", "a zipped Backstage catalog (.zip)",
               lambda p, h: _suffix(p) == ".zip" or h[:4] == b"PK\x03\x04",
               _backstage(_lazy("teamsim.importers.catalog_zip", "read_backstage_zip"))),
    SourceKind("backstage", "a Backstage catalog (folder, or .yaml with apiVersion and kind)",
               _is_catalog, _backstage(_lazy("teamsim.importers.backstage", "read_backstage"))),
    SourceKind("git-repo", "a git repository (folder)", lambda p, h: p.is_dir(), _git_log),
    SourceKind("codeowners", "a CODEOWNERS file (its name must contain CODEOWNERS)",
               lambda p, h: "codeowners" in p.name.lower(), _codeowners),
    SourceKind("git-log", "a git log in Code Maat's format (.gitlog, or .gz)", _is_git_log, _git_log),
    SourceKind("git-history", "a git log or repository read as history only (owners from history), "
               "not as people", lambda p, h: False, _git_history, detectable=False),
    SourceKind("dependencies", "a dependency list (.csv with columns source,target[,weight])",
               lambda p, h: _suffix(p) == ".csv" and {"source", "target"} <= _csv_header(h),
               lambda p, o: _result(_read_dependencies(p))),
    SourceKind("org", "an org CSV (.csv with columns person,team[,role])", _is_org,
               lambda p, o: Part(_read_org_csv(p), sources=[str(p)])),
    SourceKind("skills", "a skills matrix (.csv with a name column and one column per tool)",
               lambda p, h: _suffix(p) == ".csv",
               lambda p, o: Part(_read_skills_matrix(p, o.tools, min_level=o.min_level, strict=o.strict),
                                 sources=[str(p)]), fallback=True),
    SourceKind("scenario", "a teamsim scenario (.yaml, .yml, .json)",
               lambda p, h: _suffix(p) in (".yaml", ".yml", ".json"),
               lambda p, o: Part(_load_scenario_file(p, strict=o.strict), sources=[str(p)]), fallback=True),
)
_BY_NAME = {k.name: k for k in KINDS}


def _kind(name: str) -> SourceKind:
    if name not in _BY_NAME:
        raise InputError(f"unknown source kind {name!r}", entity="kind",
                         hint=f"use one of {', '.join(_BY_NAME)}")
    return _BY_NAME[name]


def detect_kind(path: str | Path, accept: Iterable[str] | None = None, default: str | None = None) -> str:
    """The kind of a source: the first of :data:`KINDS` (within ``accept``) that detects it,
    the catch-all kinds (``fallback``: skills, scenario) after every other.

    Parameters
    ----------
    path : str or Path
        The source: a file or a folder.
    accept : iterable of str, optional
        Kinds to consider (default: all).
    default : str, optional
        Kind of a file that no accepted kind detects.

    Returns
    -------
    str

    Raises
    ------
    InputError
        Missing path, or no accepted kind detects it (the message lists them).

    See Also
    --------
    read : Reads each source as the kind detected.
    teamsim.importers.uploaded.detect_uploads : The same for uploaded files.

    Examples
    --------
    >>> detect_kind("scenarios/service-graphs/dsb-hotel.csv")
    'dependencies'
    >>> detect_kind("scenarios/online-boutique/CODEOWNERS")
    'codeowners'
    >>> detect_kind("tests/data/backstage-demo")
    'backstage'
    >>> detect_kind("tests/data/backstage-demo", accept=["scenario", "git-repo"])
    'git-repo'
    """
    p = Path(path)
    if not os.path.lexists(p):  # a dangling link or a loop is named by the reader
        raise InputError("file not found", file=str(path), hint="check the path")
    kinds = [_kind(k) for k in accept] if accept is not None else list(KINDS)
    order = sorted((k for k in kinds if k.detectable), key=lambda k: (k.fallback, KINDS.index(k)))
    head = _probe(p)
    for k in order:
        if k.detect(p, head):
            return k.name
    if default is not None and not p.is_dir():
        return _kind(default).name
    what = "is a folder, not a file" if p.is_dir() else f"unknown input type {p.suffix.lower() or p.name!r}"
    raise InputError(what, file=str(path), hint="give " + "; or ".join(k.description for k in order))


# ---------------------------------------------------------------------- result
@dataclass(frozen=True)
class _Imported:
    """A field whose type lives in a reader module that reading a scenario does not load.

    An empty value (``None``, or an empty list when ``many``) is taken as it is; any other is
    validated as ``module.name`` (a list of them when ``many``), importing the module then.
    Serialisation follows the values (a model dumps as itself).
    """

    module: str
    name: str
    many: bool = False

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler
                                     ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(self.validate)

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
                                     ) -> JsonSchemaValue:
        """The JSON Schema of the target type (its module is imported then)."""
        target = handler(_adapter(self.module, self.name, self.many).core_schema)
        return target if self.many else {"anyOf": [target, {"type": "null"}]}

    def validate(self, value: Any) -> Any:
        if value is None and not self.many:
            return None
        if self.many and isinstance(value, (list, tuple)) and not value:
            return []
        return _adapter(self.module, self.name, self.many).validate_python(value)


@functools.cache
def _adapter(module: str, name: str, many: bool) -> TypeAdapter[Any]:
    cls = getattr(importlib.import_module(module), name)
    target: Any = GenericAlias(list, (cls,)) if many else cls   # list[cls]: a type known at run time
    return TypeAdapter(target)


if TYPE_CHECKING:
    _Groups = list[CatalogGroup]
    _MaybeGitLog = GitLog | None
else:
    _Groups = Annotated[list, _Imported("teamsim.importers.backstage", "CatalogGroup", many=True)]
    _MaybeGitLog = Annotated[Any, _Imported("teamsim.importers.git_history", "GitLog")]


class Provenance(Result):
    """Which source said what about each service, team and person.

    Each maps a name to ``(source, fact)`` pairs in reading order; ``source`` is
    the file's name and ``fact`` one of:

    * services: ``"listed"``, ``"owner"`` (the source names its owner team),
      ``"dependencies"`` (it gives the service's dependencies), ``"paths"``
      (CODEOWNERS gave its owner from the service's folder, also the owner another
      source gave);
    * teams: ``"listed"``, ``"members"``, ``"members unknown"`` (``"members unknown
      (superseded)"`` when another source gave the members), ``"services"``
      (it owns services there), ``"owner"`` (CODEOWNERS names it);
    * people: ``"listed"``, ``"member"`` (of a team there), ``"tools"``.
    """

    model_config = ConfigDict(defer_build=True)  # frozen and extra='forbid' come from Result

    services: dict[str, list[tuple[str, str]]] = {}
    teams: dict[str, list[tuple[str, str]]] = {}
    people: dict[str, list[tuple[str, str]]] = {}


class ReadResult(ImportResult):
    """The merged scenario of :func:`read`, with warnings, provenance and what each source was.

    Attributes
    ----------
    scenario : Scenario
    warnings : list of ImportWarning
    sources : list of str
        Every file read (a catalog folder lists its files).
    kinds : list of (str, str)
        Each path given and the kind it was read as.
    provenance : Provenance
    groups : list of CatalogGroup
        Groups of the Backstage catalogs read, each once (a group two catalogs define is
        merged), ``owns`` giving what its team owns in the merged scenario (after CODEOWNERS)
        plus the APIs, systems and domains the catalogs give it.
    no_folder : list of str
        Services from Backstage Resources (no repository folder).
    git_log : GitLog or None
        The history, when exactly one git source was read.
    """

    # built when first validated or dumped: read() constructs it from checked parts
    # frozen and extra='forbid' come from Result
    model_config = ConfigDict(arbitrary_types_allowed=True, defer_build=True)

    kinds: list[tuple[str, str]] = []
    provenance: Provenance = Provenance()
    groups: _Groups = []
    no_folder: list[str] = []
    git_log: _MaybeGitLog = None


# what -> name -> [(source label, fact)], as in :class:`Provenance`
_Prov = dict[str, dict[str, list[tuple[str, str]]]]


def _facts(sc: Scenario, label: str, prov: _Prov) -> None:
    """Add what one source's scenario says to the provenance."""
    def add(what: str, name: str, fact: str) -> None:
        prov[what].setdefault(name, []).append((label, fact))

    owned = {s for t in sc.teams for s in t.service_names}
    for s in sc.services:
        facts = [f for f, on in (("owner", s.name in owned), ("dependencies", bool(s.depends_on))) if on]
        for f in facts or ["listed"]:
            add("services", s.name, f)
    members = {m for t in sc.teams for m in t.members}
    for t in sc.teams:
        facts = [f for f, on in (("members", bool(t.members)), ("members unknown", t.members_unknown),
                                 ("services", bool(t.services))) if on]
        for f in facts or ["listed"]:
            add("teams", t.name, f)
    for p in sc.people:
        facts = [f for f, on in (("member", p.name in members), ("tools", bool(p.tools))) if on]
        for f in facts or ["listed"]:
            add("people", p.name, f)


def _codeowners_facts(r: ImportResult, label: str, prov: _Prov) -> None:
    """Provenance of a CODEOWNERS file: every service it gave owner teams (also when they agree with
    the other sources), and the teams it names as owners."""
    decided = getattr(r, "decided", {})
    for s in decided:
        prov["services"].setdefault(s, []).append((label, "paths"))
    for t in sorted({t for ts in decided.values() for t in ts}):
        prov["teams"].setdefault(t, []).append((label, "owner"))


def _superseded(prov: _Prov, scenario: Scenario) -> None:
    """Label a source's "members unknown" as superseded when another source gave the team's members."""
    staffed = {t.name.lower() for t in scenario.teams if not t.members_unknown}
    for team, facts in prov["teams"].items():
        if team.lower() in staffed:
            facts[:] = [(src, f"{fact} (superseded)" if fact == "members unknown" else fact)
                        for src, fact in facts]


def _merged_group(a: CatalogGroup, b: CatalogGroup) -> CatalogGroup:
    """One group defined by two sources: the first's type and parent (else the second's), members united."""
    return a.model_copy(update={"type": a.type or b.type, "parent": a.parent or b.parent,
                                "members": list(dict.fromkeys([*a.members, *b.members])),
                                "team": a.team or b.team})


_SERVICE_KINDS = ("component", "resource")


def _final_groups(parts: Sequence[Part], scenario: Scenario) -> list[CatalogGroup]:
    """The catalog groups of every source, each once, owning what the merged scenario gives its team.

    The APIs, systems and domains a group owns are those any catalog gives its ref (also a
    catalog where it is an owner but not a Group entity); its services: :func:`regroup`.
    """
    refs: dict[str, str] = {}
    other: dict[str, dict[str, None]] = {}
    by_ref: dict[str, CatalogGroup] = {}
    for part in parts:
        refs.update(part.service_refs)
        for ref, owned in [*((g.ref, g.owns) for g in part.groups), *part.external_owns.items()]:
            for o in owned:
                if o.partition(":")[0] not in _SERVICE_KINDS:
                    other.setdefault(ref, {})[o] = None
        for g in part.groups:
            by_ref[g.ref] = _merged_group(by_ref[g.ref], g) if g.ref in by_ref else g
    groups = [g.model_copy(update={"owns": list(other.get(g.ref, {}))}) for g in by_ref.values()]
    return regroup(groups, scenario, [s for part in parts for s in part.no_folder], refs)


def regroup(groups: Sequence[CatalogGroup], scenario: Scenario, no_folder: Iterable[str] = (),
            refs: Mapping[str, str] | None = None) -> list[CatalogGroup]:
    """The groups with the services each one's team owns in ``scenario`` (e.g. after owners from history).

    Parameters
    ----------
    groups : sequence of CatalogGroup
        As :attr:`ReadResult.groups`.
    scenario : Scenario
        The scenario whose owners count: a group's team is its ``team``, else the team
        named as the group.
    no_folder : iterable of str
        Services that are Resources (a service no group owned before is shown as one).
    refs : mapping of str to str, optional
        Service name -> entity ref; by default the refs the groups already list.

    Returns
    -------
    list of CatalogGroup
        Each group's ``owns``: its team's services (entity refs), then the APIs, systems and
        domains it owned.

    See Also
    --------
    teamsim.history_owners.apply_history_owners : Changes the owners that regrouping follows.
    read : Reads sources, grouping a catalog's services with it.

    Examples
    --------
    >>> from teamsim.importers.backstage import CatalogGroup
    >>> g = [CatalogGroup(ref="group:default/web", type="team", parent=None, members=["ann"],
    ...                   owns=["component:default/shop", "api:default/shop-api"], team="web"),
    ...      CatalogGroup(ref="group:default/ops", type="team", parent=None, members=["bo"], owns=[],
    ...                   team="ops")]
    >>> s = Scenario.model_validate({"people": [{"name": "ann"}, {"name": "bo"}],
    ...     "services": [{"name": "shop"}], "teams": [{"name": "web", "members": ["ann"]},
    ...         {"name": "ops", "members": ["bo"], "services": ["shop"]}]})
    >>> [(x.team, x.owns) for x in regroup(g, s)]
    [('web', ['api:default/shop-api']), ('ops', ['component:default/shop'])]
    """
    if refs is None:
        refs = {o.partition(":")[2].removeprefix("default/"): o for g in groups for o in g.owns
                if o.partition(":")[0] in _SERVICE_KINDS}
    resources = set(no_folder)
    teams = {t.name.lower(): t for t in scenario.teams}
    out = []
    for g in groups:
        t = teams.get((g.team or g.ref.partition(":")[2].removeprefix("default/")).lower())
        services = [refs.get(s, f"{'resource' if s in resources else 'component'}:{s}")
                    for s in (t.service_names if t else [])]
        kept = [o for o in g.owns if o.partition(":")[0] not in _SERVICE_KINDS]
        out.append(g.model_copy(update={"owns": services + kept, "team": t.name if t else g.team}))
    return out


def _users_of_other_sources(warnings: list[ImportWarning], parts: Sequence[Part], scenario: Scenario
                            ) -> list[ImportWarning]:
    """An owner that is a user its catalog lacks but another source lists (a groups YAML, an org
    CSV): warned as a user owner, with a team of that person to make the owner."""
    users = {ref: u for part in parts for ref, u in part.owner_users.items()}
    if not users:  # no catalog named a user owner
        return list(warnings)
    from teamsim.importers.backstage import UNKNOWN_USER_OWNER

    people = {p.name for p in scenario.people}
    out = []
    for w in warnings:
        user = users.get(w.entity or "") if w.kind == UNKNOWN_USER_OWNER else None
        if user is None or user not in people:
            out.append(w)
            continue
        teams = [t.name for t in scenario.teams if user in t.members]
        out.append(w.model_copy(update={
            "message": w.message.replace(" that is not in the catalog", " (a person of another source)"),
            "kind": "owner is a user",
            "hint": f"make a group the owner (e.g. {teams[0]}, which {user} is in)" if teams else
                    "make a group the owner"}))
    return out


def _drop_resolved(warnings: list[ImportWarning], scenario: Scenario, groups: set[str]
                   ) -> list[ImportWarning]:
    """Leave out "members unknown" warnings about owners that another source gave as a Group
    entity or as a team with members."""
    staffed = {t.name.lower() for t in scenario.teams if not t.members_unknown}

    def team(w: ImportWarning) -> str:
        return (w.entity or "").partition(":")[2].removeprefix("default/").lower()

    return [w for w in warnings if w.kind != "members unknown"
            or (team(w) not in staffed and w.entity not in groups)]


def _as_history(parts: list[Part], read_as: list[str], detected: list[bool], always: bool) -> None:
    """Detected git sources become history only (kind ``git-history``) when another source gives
    teams with members (or ``always``): the authors are matched to those teams, not added as people."""
    staffed = always or any(part.scenario is not None and any(t.members for t in part.scenario.teams)
                            for part, k in zip(parts, read_as) if k not in GIT_KINDS)
    for i, (part, k) in enumerate(zip(parts, read_as)):
        if staffed and detected[i] and k in GIT_KINDS and part.scenario is not None:
            parts[i] = Part(warnings=part.warnings, sources=part.sources, git_log=part.git_log)
            read_as[i] = "git-history"


def read(paths: str | Path | Iterable[str | Path], kind: str | Sequence[str | None] | None = None, *,
         accept: Iterable[str] | None = None, default: str | None = None, git_as_history: bool | str = False,
         **options: Any) -> ReadResult:
    """Read one source or several into one scenario, with warnings and provenance.

    Parameters
    ----------
    paths : path or iterable of paths
        Sources of any kinds in :data:`KINDS`, in any order.
    kind : str or sequence of (str or None), optional
        Read every path as this kind (no detection); or one kind per path, None
        where that path's kind is detected.
    accept : iterable of str, optional
        Detect among these kinds only.
    default : str, optional
        Kind of a file that no accepted kind detects.
    git_as_history : bool or "auto", default False
        False: a git log or repository is a source of people and their tools (kind ``git-log``
        or ``git-repo``) unless given as ``git-history``. ``"auto"``: a *detected* one is read
        as history only (kind ``git-history``: its authors are matched to the teams, as the
        CLI's ``--git-log``) when another source gives teams with members. True: always.
    **options
        Fields of :class:`ReadOptions` (``aliases``, ``service_paths``, ``strict``,
        ``tools``, ``min_level``, ``bots``, ``modules``, ``tool_rules``, ``min_files``).

    Returns
    -------
    ReadResult
        One path: its scenario as read. Several: merged by name (see
        :func:`~teamsim.importers.sources.merge_scenarios`) and named after the files,
        with CODEOWNERS applied last.

    Raises
    ------
    InputError, ScenarioError
        No paths, an unknown kind or option, not one kind per path, a source no kind detects, a CODEOWNERS
        file without any source of services, or an error of a reader.

    See Also
    --------
    detect_kind : The kind of each source.
    teamsim.importers.sources.merge_scenarios : How the sources' scenarios are merged.
    teamsim.importers.uploaded.read_uploads : The same for uploaded files.

    Examples
    --------
    >>> r = read(["scenarios/service-graphs/online-boutique.csv", "scenarios/online-boutique/CODEOWNERS"],
    ...          service_paths="src/{name}/")
    >>> [k for _, k in r.kinds]
    ['dependencies', 'codeowners']
    >>> r.provenance.services["cartservice"]
    [('online-boutique.csv', 'dependencies'), ('CODEOWNERS', 'paths')]
    >>> read("scenarios/diversity-bonus.yaml").scenario.people[0].name
    'Adam'
    """
    files = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    if not files:
        raise InputError("no input given", hint="give a scenario, a catalog, a dependency CSV, "
                         "an org CSV, a git log and/or a CODEOWNERS file")
    if git_as_history not in (False, True, "auto"):
        raise InputError(f"git_as_history is {git_as_history!r}", entity="git_as_history",
                         hint="give False, True or 'auto'")
    opts = ReadOptions(**options)
    given = [kind] * len(files) if kind is None or isinstance(kind, str) else list(kind)
    if len(given) != len(files):
        raise InputError(f"{len(given)} kinds for {len(files)} sources", entity="kind",
                         hint="give one kind per source (None to detect it)")
    read_as = [_kind(k).name if k else detect_kind(p, accept, default) for p, k in zip(files, given)]
    with gc_paused():  # a large scenario is millions of acyclic objects: collections find nothing
        parts = [_BY_NAME[k].read(p, opts) for p, k in zip(files, read_as)]
        if git_as_history:
            _as_history(parts, read_as, [k is None or git_as_history is True for k in given],
                        git_as_history is True)
        return _merge(files, read_as, parts, opts)


def _merge(paths: list[Path], read_as: list[str], parts: list[Part], opts: ReadOptions) -> ReadResult:
    """The :class:`ReadResult` of the sources read: merged, with CODEOWNERS applied last."""
    prov: _Prov = {"services": {}, "teams": {}, "people": {}}
    merged = [(p, k, part.scenario) for p, k, part in zip(paths, read_as, parts) if part.scenario is not None]
    for p, _, sc in merged:
        _facts(sc, p.name, prov)
    warnings = [w for part in parts if part.apply is None for w in part.warnings]
    if not merged:
        first, k = next((p, k) for p, k in zip(paths, read_as))
        what = ("a CODEOWNERS file needs the services it covers" if k == "codeowners" else
                "a git history read as history only needs the teams of its authors")
        raise InputError(what, file=str(first), hint="also give a dependency CSV, a catalog or a scenario "
                         "listing services" + ("" if k == "codeowners" else " and teams"))
    scenarios = [sc for _, _, sc in merged]
    check_csv_names(scenarios, [k for _, k, _ in merged], warnings, [str(p) for p, _, _ in merged])
    name = " + ".join(p.name for p in paths)
    scenario = merge_scenarios(scenarios, name=name if len(paths) > 1 else None, warnings=warnings,
                               labels=[p.name for p, _, _ in merged])
    no_folder = [s for part in parts for s in part.no_folder]
    for p, part in zip(paths, parts):
        if part.apply is not None:
            r = part.apply(scenario, no_folder)
            _codeowners_facts(r, p.name, prov)
            scenario = r.scenario.model_copy(update={"name": name})
            warnings.extend(r.warnings)
    logs = [part.git_log for part in parts if part.git_log is not None]
    warnings = _aliases_of_all_logs(warnings, logs, opts.aliases)
    warnings = _drop_resolved(warnings, scenario, {g.ref for part in parts for g in part.groups})
    warnings = _users_of_other_sources(warnings, parts, scenario)
    _superseded(prov, scenario)
    # every part is of its field's type already (each reader made it): no validation again
    return ReadResult.model_construct(
        scenario=scenario, warnings=warnings, sources=[s for part in parts for s in part.sources],
        kinds=[(str(p), k) for p, k in zip(paths, read_as)], provenance=Provenance.model_construct(
            services=prov["services"], teams=prov["teams"], people=prov["people"]),
        groups=_final_groups(parts, scenario), no_folder=no_folder,
        git_log=logs[0] if len(logs) == 1 else None)
