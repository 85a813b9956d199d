"""Ownership inferred from version-control history (Bird et al. 2011), beside the declared owners."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Protocol

from teamsim._results import Result
from teamsim.errors import InputError
from teamsim.scenario import Scenario

__all__ = ["ModuleOwnership", "declared_owners", "infer_ownership", "service_folders", "service_history"]


# ---------------------------------------------------------------------- git history
class _ChangeLike(Protocol):
    """A changed file as :func:`infer_ownership` reads it (e.g. ``teamsim.importers.git.FileChange``)."""

    @property
    def path(self) -> str: ...
    @property
    def added(self) -> int | None: ...
    @property
    def deleted(self) -> int | None: ...


class _CommitLike(Protocol):
    """A commit as :func:`infer_ownership` reads it (e.g. ``teamsim.importers.git.Commit``)."""

    @property
    def author(self) -> str: ...
    @property
    def changes(self) -> Iterable[_ChangeLike]: ...


class ModuleOwnership(Result):
    """Ownership of one module inferred from its change history (Bird et al. 2011).

    Attributes
    ----------
    module : str
    owner : str or None
        Team whose members made the largest share of the changes (None when no
        change author belongs to a team).
    share : float
        The owner's share of all changes to the module, in [0, 1].
    changes : float
        Total changes (commits, or lines added + deleted).
    team_shares : dict of str to float
        Every team's share; authors in no team are under ``"(no team)"``.
    contributors, major_contributors, minor_contributors : int
        Authors; those with >= 5 % and < 5 % of the changes (Bird et al.'s
        threshold).
    top_author : str or None
        The author with the most changes, and ``top_author_share`` their share:
        Bird et al.'s individual "ownership" measure.
    declared_owners : list of str
        The teams the scenario names as the owners of this module's service
        (:func:`service_history`; empty from :func:`infer_ownership`).
    """

    module: str
    owner: str | None
    share: float
    changes: float
    team_shares: dict[str, float]
    contributors: int
    major_contributors: int
    minor_contributors: int
    top_author: str | None = None
    top_author_share: float = 0.0
    declared_owners: list[str] = []


NO_TEAM = "(no team)"


_MISSING = object()


def _module_of(modules: Mapping[str, str] | Callable[[str], str | None]) -> Callable[[str], str | None]:
    """The longest-prefix lookup ``path -> module`` of a prefix mapping, O(path depth) per path.

    A prefix ``p`` (``/`` stripped at both ends) covers ``path`` when the path is ``p``
    or lies below it; of several prefixes the longest wins, and of prefixes that are
    equal after stripping the first given. The lookup walks the path's own folder
    prefixes from the longest upward in a dict, instead of scanning every prefix.
    """
    if callable(modules):
        return modules
    index: dict[str, str | None] = {}
    for p, mod in modules.items():
        index.setdefault(p.strip("/"), mod)
    root = index.pop("", None)

    def find(path: str) -> str | None:
        path = path.lstrip("/")
        end = len(path)
        while end > 0:
            mod = index.get(path[:end], _MISSING)
            if mod is not _MISSING:
                return mod  # type: ignore[return-value]
            end = path.rfind("/", 0, end)
        return root

    return find


def infer_ownership(commits: Iterable[_CommitLike], modules: Mapping[str, str] | Callable[[str], str | None],
                    membership: Mapping[str, str | Sequence[str]] | Scenario, *,
                    measure: str = "commits", minor_threshold: float = 0.05) -> list[ModuleOwnership]:
    """Infer each module's owner team from version-control history.

    A module's owner is the team whose members made the largest share of its
    changes ("Don't touch my code!", Bird et al. 2011), reported with that share.

    Parameters
    ----------
    commits : iterable of commit-like objects
        Each with ``.author`` and ``.changes``, a list of objects with ``.path``,
        ``.added`` and ``.deleted`` (int or None for binary files), e.g. the
        commits of :func:`teamsim.importers.git.parse_git_log`.
    modules : mapping of path prefix to module, or callable
        ``{"src/cart": "cartservice"}`` (longest prefix wins; ``""`` matches
        everything) or a function ``path -> module or None``. Paths that map to
        no module are ignored.
    membership : mapping of author to team(s), or Scenario
        An author in several teams credits each team equally; with a scenario,
        authors are matched to team members by name.
    measure : {"commits", "lines"}, default "commits"
        Count one change per commit and module (Bird et al.) or the lines added
        plus deleted (a binary change counts 1).
    minor_threshold : float, default 0.05
        Authors below this share are minor contributors.

    Returns
    -------
    list of ModuleOwnership
        Sorted by module name.

    Raises
    ------
    InputError
        Unknown ``measure`` or a threshold outside [0, 1].

    See Also
    --------
    service_history : The inferred owner beside the declared one, per service.
    teamsim.history_owners.owners_from_history : Owners from a git history file.

    Notes
    -----
    ``share(team, module) = sum_{a in team} c(a, module) / sum_a c(a, module)``;
    O(total file changes x path depth): prefixes are looked up in a dict.

    References
    ----------
    .. [1] Bird, C., Nagappan, N., Murphy, B., Gall, H., Devanbu, P., "Don't
       touch my code! Examining the effects of ownership on software quality",
       ESEC/FSE 2011, section 2 (ownership, minor and major contributors).

    Examples
    --------
    >>> from types import SimpleNamespace as C
    >>> ch = lambda p, a=1, d=0: C(path=p, added=a, deleted=d)
    >>> log = [C(author="ann", changes=[ch("cart/a.py")]), C(author="bo", changes=[ch("cart/b.py")]),
    ...        C(author="ann", changes=[ch("cart/a.py", 5, 5)])]
    >>> r = infer_ownership(log, {"cart": "cartservice"}, {"ann": "Carts", "bo": "Web"})
    >>> r[0].owner, round(r[0].share, 3)
    ('Carts', 0.667)
    """
    if measure not in ("commits", "lines"):
        raise InputError(f"unknown ownership measure {measure!r}", hint="use 'commits' or 'lines'")
    if not 0 <= minor_threshold <= 1:
        raise InputError(f"minor-contributor threshold must be in [0, 1], got {minor_threshold}")
    if isinstance(membership, Scenario):
        teams_of: dict[str, list[str]] = defaultdict(list)
        for team in membership.teams:
            for p in team.members:
                teams_of[p].append(team.name)
    else:
        teams_of = {a: [t] if isinstance(t, str) else list(t) for a, t in membership.items()}
    find = _module_of(modules)
    by_author: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for c in commits:
        touched: dict[str, float] = defaultdict(float)
        for f in c.changes:
            mod = find(f.path)
            if mod is None:
                continue
            if measure == "lines":
                lines = (f.added or 0) + (f.deleted or 0)
                touched[mod] += lines if (f.added is not None or f.deleted is not None) else 1
            else:
                touched[mod] = 1.0
        for mod, n in touched.items():
            by_author[mod][c.author] += n
    out = []
    for mod in sorted(by_author):
        contrib = by_author[mod]
        total = sum(contrib.values())
        team_sh: dict[str, float] = defaultdict(float)
        for a, n in contrib.items():
            ts = teams_of.get(a) or [NO_TEAM]
            for t in ts:
                team_sh[t] += n / len(ts) / total if total else 0.0
        ranked = sorted(((v, k) for k, v in team_sh.items() if k != NO_TEAM),
                        key=lambda x: (-x[0], x[1]))
        major = sum(1 for n in contrib.values() if total and n / total >= minor_threshold)
        top = min(contrib.items(), key=lambda kv: (-kv[1], kv[0])) if contrib else None
        out.append(ModuleOwnership(
            module=mod, owner=ranked[0][1] if ranked else None,
            share=ranked[0][0] if ranked else 0.0, changes=total,
            team_shares=dict(sorted(team_sh.items())), contributors=len(contrib),
            major_contributors=major, minor_contributors=len(contrib) - major,
            top_author=top[0] if top else None,
            top_author_share=top[1] / total if top and total else 0.0))
    return out


def service_folders(service: str, service_paths: Mapping[str, str | Iterable[str]] | str) -> list[str]:
    """The repository folders of a service: a ``{name}`` template filled in, or the mapping's entry.

    Parameters
    ----------
    service : str
        The service's name.
    service_paths : str or mapping
        A template such as ``"src/{name}/"``, or service -> folder(s)
        (:func:`teamsim.importers.tables.read_service_paths`).

    Returns
    -------
    list of str
        The folders, normalised (none for a service the mapping does not list).

    Raises
    ------
    InputError
        A template filled in with the name leaves the repository or is a glob.

    See Also
    --------
    service_history : Uses the folders to find each service's commits.
    teamsim.coverage.service_files : The files of the history under the folders.

    Examples
    --------
    >>> service_folders("cart", "src/{name}/"), service_folders("cart", {"cart": ["a/", "b/"]})
    (['src/cart/'], ['a/', 'b/'])
    """
    from teamsim.importers.codeowners import service_folder_list

    return service_folder_list(service_paths, service)


def declared_owners(scenario: Scenario) -> dict[str, list[str]]:
    """Every service of the scenario and the teams that declare it (in the scenario's team order).

    Parameters
    ----------
    scenario : Scenario
        Services, and teams with the services they own.

    Returns
    -------
    dict of str to list of str
        Service -> the teams listing it (empty for an orphan), in the scenario's service order.

    See Also
    --------
    service_history : The owners the history shows, beside these.
    teamsim.ownership.orphaned_services : Services without a working owner.

    Examples
    --------
    >>> s = Scenario.model_validate({"teams": [{"name": "A", "services": ["web"]},
    ...                                        {"name": "B", "services": ["web", "db"]}],
    ...                              "services": [{"name": "web"}, {"name": "db"}, {"name": "x"}]})
    >>> declared_owners(s)
    {'web': ['A', 'B'], 'db': ['B'], 'x': []}
    """
    owners: dict[str, list[str]] = {s.name: [] for s in scenario.services}
    for t in scenario.teams:
        for name in t.service_names:
            if name in owners and t.name not in owners[name]:
                owners[name].append(t.name)
    return owners


def service_history(scenario: Scenario, commits: Iterable[_CommitLike],
                    service_paths: Mapping[str, str | Iterable[str]] | str = "{name}/", *,
                    measure: str = "commits") -> list[ModuleOwnership]:
    """Each service's owner team inferred from history (:func:`infer_ownership`), beside its declared owners.

    Parameters
    ----------
    scenario : Scenario
        Services, and teams with members (authors are matched to members by name).
    commits : iterable of commit-like objects
        As for :func:`infer_ownership` (e.g. ``GitLog.commits``).
    service_paths : str or mapping, default "{name}/"
        The services' folders (:func:`service_folders`); a file under a folder belongs
        to its service (the longest folder wins).
    measure : {"commits", "lines"}, default "commits"
        One change per commit and service, or the lines changed (:func:`infer_ownership`).

    Returns
    -------
    list of ModuleOwnership
        One per service changed in the history, sorted by name, with ``declared_owners``.

    See Also
    --------
    infer_ownership : The owner of each module from its commits.
    declared_owners : The owners the scenario declares.

    References
    ----------
    .. [1] Bird, C. et al., "Don't touch my code!", ESEC/FSE 2011 (see :func:`infer_ownership`).

    Examples
    --------
    >>> from types import SimpleNamespace as C
    >>> s = Scenario.model_validate({"people": [{"name": "ann"}], "services": [{"name": "cart"}],
    ...     "teams": [{"name": "Carts", "members": ["ann"]}, {"name": "Web", "services": ["cart"]}]})
    >>> log = [C(author="ann", changes=[C(path="src/cart/a.py", added=1, deleted=0)])]
    >>> h = service_history(s, log, "src/{name}/")
    >>> h[0].module, h[0].owner, h[0].declared_owners
    ('cart', 'Carts', ['Web'])
    """
    prefixes = {f.strip("/"): svc.name for svc in scenario.services
                for f in service_folders(svc.name, service_paths)}
    declared = declared_owners(scenario)
    return [h.model_copy(update={"declared_owners": declared.get(h.module, [])})
            for h in infer_ownership(commits, prefixes, scenario, measure=measure)]
