"""Service owners from git history: the rule that makes version control an ownership source.

A service's owner *from history* is the team whose members made the largest share of
the service's changes in a window of time ("Don't touch my code!", Bird et al. 2011,
who call a contributor with at least 5 % of a component's changes a major one and
measure ownership as the largest share). :func:`owners_from_history` applies it:

1. commits before ``since`` are left out (the window);
2. each file change belongs to the service whose folder holds it (the longest folder
   wins, see :func:`teamsim.ownership.service_folders`), and each commit counts once per
   service it changed (``measure="commits"``) or by lines changed (``"lines"``);
3. a team's share of a service is the changes its members made over *all* its changes
   (an author in several teams credits each equally; authors in no team count in the
   total and for no team, so unknown authors dilute every team's share);
4. when the top team's share is at least ``threshold`` (0.5 by default: a majority of
   the changes) and no other team has the same share, that team becomes the service's
   only owner; otherwise the declared owner is kept. A tie at the top decides nothing.

Every service whose history owner differs from its declared owners is reported as an
:class:`~teamsim.ownership.OwnerConflict` (applied or not), so nothing changes silently.

References
----------
.. [1] Bird, C., Nagappan, N., Murphy, B., Gall, H., Devanbu, P., "Don't touch my code!
   Examining the effects of ownership on software quality", ESEC/FSE 2011, section 2
   (ownership = proportion of changes; major contributors >= 5 %).

Examples
--------
>>> import datetime as dt
>>> from teamsim.importers.git import Commit
>>> s = Scenario.model_validate({"people": [{"name": "ann"}, {"name": "bo"}],
...     "services": [{"name": "cart"}],
...     "teams": [{"name": "Carts", "members": ["ann"]}, {"name": "Web", "members": ["bo"],
...                                                         "services": ["cart"]}]})
>>> log = [Commit("a", dt.date(2024, 1, 1), "ann", (("src/cart/a.py", 1, 0),)),
...        Commit("b", dt.date(2024, 1, 2), "ann", (("src/cart/b.py", 1, 0),)),
...        Commit("c", dt.date(2024, 1, 3), "bo", (("src/cart/a.py", 1, 0),))]
>>> r = owners_from_history(s, log, "src/{name}/")
>>> r.assigned, [(c.service, c.declared, c.history_owner, round(c.share, 3)) for c in r.conflicts]
({'cart': 'Carts'}, [('cart', ['Web'], 'Carts', 0.667)])
>>> [t.service_names for t in r.scenario.teams]
[['cart'], []]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from teamsim._results import Result
from teamsim.defaults import BOT_PATTERN
from teamsim.errors import InputError
from teamsim.importers._result import ImportWarning
from teamsim.ownership import NO_TEAM, ModuleOwnership, OwnerConflict, service_history
from teamsim.scenario import Scenario

if TYPE_CHECKING:
    from teamsim.importers import ReadResult
    from teamsim.importers.git_history import Commit

__all__ = ["DEFAULT_OWNER_THRESHOLD", "HistoryOwners", "applied_status", "apply_history_owners",
           "conflict_rows", "owners_from_history", "parse_since", "read_history_owners"]

#: The share of a service's changes the top team needs to become its owner: a majority.
DEFAULT_OWNER_THRESHOLD = 0.5

_EPS = 1e-12


class HistoryOwners(Result):
    """What :func:`owners_from_history` decided.

    Attributes
    ----------
    scenario : Scenario
        The scenario with the owners from history applied.
    history : list of ModuleOwnership
        Every service changed in the window, with its team shares and declared owners.
    assigned : dict of str to str
        Service -> the team history made its owner (only services whose owner changed).
    conflicts : list of OwnerConflict
        Services whose history owner is not their declared owner (``applied`` tells whether
        history won).
    ties : dict of str to list of str
        Services whose top share is held by several teams (declared owner kept).
    threshold : float
    since : datetime.date or None
    commits : int
        Commits in the window.
    """

    scenario: Scenario
    history: list[ModuleOwnership] = []
    assigned: dict[str, str] = {}
    conflicts: list[OwnerConflict] = []
    ties: dict[str, list[str]] = {}
    threshold: float = DEFAULT_OWNER_THRESHOLD
    since: dt.date | None = None
    commits: int = 0


def parse_since(since: str | dt.date | None) -> dt.date | None:
    """The start of the window: a date, ``YYYY-MM-DD`` text, or None (the whole history).

    Parameters
    ----------
    since : str, datetime.date or None
        The first day of the window; None for no window.

    Returns
    -------
    datetime.date or None

    Raises
    ------
    InputError
        Text that is not a ``YYYY-MM-DD`` date.

    See Also
    --------
    read_history_owners : Reads the history from that day on.

    Examples
    --------
    >>> parse_since("2024-03-01"), parse_since(None)
    (datetime.date(2024, 3, 1), None)
    """
    if since is None or isinstance(since, dt.date):
        return since
    try:
        return dt.date.fromisoformat(since.strip())
    except ValueError:
        raise InputError(f"--since {since!r} is not a date", entity="--since",
                         hint="write the first day of the window as YYYY-MM-DD, e.g. 2024-01-01") from None


def _top(h: ModuleOwnership) -> tuple[float, list[str]]:
    """The largest team share of a service and every team holding it (sorted)."""
    shares = {t: v for t, v in h.team_shares.items() if t != NO_TEAM and v > 0}
    if not shares:
        return 0.0, []
    best = max(shares.values())
    return best, sorted(t for t, v in shares.items() if best - v <= _EPS)


def owners_from_history(scenario: Scenario, commits: Iterable[Commit],
                        service_paths: Mapping[str, str | Iterable[str]] | str = "{name}/", *,
                        threshold: float = DEFAULT_OWNER_THRESHOLD, since: str | dt.date | None = None,
                        measure: str = "commits") -> HistoryOwners:
    """Set each service's owner from history where its top team's share reaches ``threshold``.

    Parameters
    ----------
    scenario : Scenario
        Services, and teams with members (authors are matched to members by name: clean
        the authors with an alias map first, see :func:`teamsim.importers.git.clean_authors`).
    commits : iterable of Commit
        The history (``GitLog.commits``); each needs ``.date``, ``.author`` and ``.changes``.
    service_paths : str or mapping, default "{name}/"
        The services' folders (:func:`teamsim.ownership.service_folders`).
    threshold : float, default 0.5
        Smallest share of a service's changes (in [0, 1]) that makes the top team its owner.
    since : str or datetime.date, optional
        First day of the window (``YYYY-MM-DD``); default the whole history.
    measure : {"commits", "lines"}, default "commits"
        See :func:`teamsim.ownership.infer_ownership`.

    Returns
    -------
    HistoryOwners
        The scenario with the owners applied, the history, what changed and the conflicts.

    Raises
    ------
    InputError
        A threshold outside [0, 1], a ``since`` that is not a date, an unknown measure.

    See Also
    --------
    teamsim.ownership.service_history : The shares, without applying them.

    References
    ----------
    .. [1] Bird, C. et al., "Don't touch my code!", ESEC/FSE 2011, section 2.

    Examples
    --------
    A share below the threshold keeps the declared owner and reports the conflict:

    >>> import datetime as dt
    >>> from teamsim.importers.git import Commit
    >>> s = Scenario.model_validate({"people": [{"name": "ann"}, {"name": "bo"}],
    ...     "services": [{"name": "cart"}], "teams": [{"name": "A", "members": ["ann"]},
    ...                                              {"name": "B", "members": ["bo"], "services": ["cart"]}]})
    >>> log = [Commit("a", dt.date(2024, 1, 1), "ann", (("cart/x.py", 1, 0),)),
    ...        Commit("b", dt.date(2024, 2, 1), "ann", (("cart/y.py", 1, 0),)),
    ...        Commit("c", dt.date(2023, 1, 1), "bo", (("cart/x.py", 1, 0),))]
    >>> r = owners_from_history(s, log, threshold=0.75)
    >>> r.assigned, r.conflicts[0].applied, round(r.conflicts[0].share, 3)
    ({}, False, 0.667)
    >>> owners_from_history(s, log, threshold=0.75, since="2024-01-01").assigned
    {'cart': 'A'}
    """
    if not 0 <= threshold <= 1:
        raise InputError(f"owner threshold must be in [0, 1], got {threshold}", entity="--owner-threshold",
                         hint="give the share of a service's changes the top team needs, e.g. 0.5")
    start = parse_since(since)
    window = [c for c in commits if start is None or c.date >= start]
    history = service_history(scenario, window, service_paths, measure=measure)
    assigned: dict[str, str] = {}
    conflicts: list[OwnerConflict] = []
    ties: dict[str, list[str]] = {}
    for h in history:
        share, top = _top(h)
        if len(top) > 1:
            ties[h.module] = top
            continue
        if not top or h.declared_owners == top:
            continue
        applied = share >= threshold - _EPS
        if applied:
            assigned[h.module] = top[0]
        if h.declared_owners:
            conflicts.append(OwnerConflict(service=h.module, declared=h.declared_owners, history_owner=top[0],
                                           share=share, applied=applied))
    return HistoryOwners(scenario=_assign(scenario, assigned), history=history, assigned=assigned,
                         conflicts=conflicts, ties=ties, threshold=threshold, since=start,
                         commits=len(window))


def _assign(scenario: Scenario, owner: Mapping[str, str]) -> Scenario:
    """A copy of the scenario where ``owner[s]`` is the only owner of each service ``s`` listed:
    :func:`teamsim.reorg.move_service` for many services in one validation."""
    if not owner:
        return scenario
    from teamsim.reorg._common import _data, _entry_name, _keep, _prune_interactions

    data = _data(scenario)
    for t in data["teams"]:
        kept = [x for x in t.get("services", []) if _entry_name(x) not in owner]
        kept += [s for s, team in owner.items() if team == t["name"]]
        t["services"] = kept
    for sd in data.get("services", []):
        if sd["name"] in owner:
            sd.pop("unresolved_owner", None)
    data["teams"] = [t for t in data["teams"] if _keep(t)]
    _prune_interactions(data)
    return Scenario.model_validate(data)


def read_history_owners(read: ReadResult, git: str | Path, *,
                        service_paths: Mapping[str, str | Iterable[str]] | str = "{name}/",
                        aliases: str | Path | Mapping[str, str] | None = None, bots: str | None = BOT_PATTERN,
                        threshold: float = DEFAULT_OWNER_THRESHOLD, since: str | dt.date | None = None,
                        measure: str = "commits") -> tuple[ReadResult, HistoryOwners]:
    """Read a git history and apply :func:`owners_from_history` to merged sources.

    Parameters
    ----------
    read : ReadResult
        The merged sources (:func:`teamsim.importers.read`).
    git : str or Path
        A git repository folder or a log file (Code Maat's format, ``.gz`` allowed).
    service_paths : str or mapping, default "{name}/"
        The services' folders.
    aliases : path or mapping, optional
        Author alias map (``Canonical = alias`` lines or a ``.mailmap``), applied before
        authors are matched to team members.
    bots : str or None, default :data:`~teamsim.defaults.BOT_PATTERN`
        Bot authors to leave out.
    threshold, since, measure
        See :func:`owners_from_history`.

    Returns
    -------
    (ReadResult, HistoryOwners)
        As :func:`apply_history_owners`, with the history's own warnings too, ``git`` in
        ``sources`` and the history as ``git_log``.

    See Also
    --------
    apply_history_owners : The same for a history already read.
    owners_from_history : The rule it applies.

    Examples
    --------
    >>> from teamsim.importers import read
    >>> r, h = read_history_owners(read("scenarios/service-graphs/online-boutique.csv"),
    ...                            "scenarios/online-boutique/microservices-demo.gitlog",
    ...                            service_paths="src/{name}/")
    >>> h.commits > 100, r.git_log is not None
    (True, True)
    """
    from teamsim.importers.registry import ReadOptions, read_git_source

    log, warnings = read_git_source(Path(git), ReadOptions(aliases=aliases, bots=bots))
    read = read.model_copy(update={"warnings": [*read.warnings, *warnings], "git_log": log,
                                   "sources": [*read.sources, str(git)]})
    return apply_history_owners(read, source=str(git), service_paths=service_paths, threshold=threshold,
                                since=since, measure=measure)


def _git_source(read: ReadResult) -> str:
    """The one git source among ``read.kinds`` (a refusal naming what to do otherwise)."""
    from teamsim.importers.registry import GIT_KINDS

    gits = [name for name, kind in read.kinds if kind in GIT_KINDS]
    if read.git_log is None or len(gits) > 1:
        said = f"{len(gits)} git histories were read ({', '.join(gits)})" if len(gits) > 1 else \
            "no git history was read"
        raise InputError(f"owners from history need one git history: {said}", entity="git history",
                         hint="give exactly one git log or repository (concatenate several logs into one)")
    return gits[0] if gits else "git history"


def apply_history_owners(read: ReadResult, *, source: str | None = None,
                         service_paths: Mapping[str, str | Iterable[str]] | str = "{name}/",
                         threshold: float = DEFAULT_OWNER_THRESHOLD, since: str | dt.date | None = None,
                         measure: str = "commits") -> tuple[ReadResult, HistoryOwners]:
    """Apply :func:`owners_from_history` to merged sources that hold their git history.

    For sources read with the history among them (``teamsim.importers.read`` of a
    scenario and a git log, or the files of :func:`teamsim.importers.uploaded.read_uploads`,
    whose aliases file applies to the log): ``read.git_log`` is the history.

    Parameters
    ----------
    read : ReadResult
        The merged sources, with ``git_log`` set (exactly one git source read).
    source : str, optional
        The history's name in warnings and provenance; default the git source in
        ``read.kinds``.
    service_paths : str or mapping, default "{name}/"
        The services' folders.
    threshold, since, measure
        See :func:`owners_from_history`.

    Returns
    -------
    (ReadResult, HistoryOwners)
        The sources with the owners from history applied (the catalog groups' ``owns`` too),
        their warnings plus one per
        conflict and tie (kinds ``"owner conflict"``, ``"owner tie"``, naming the history)
        and their provenance plus ``(history's file name, "history")`` for each service
        whose owner history set; and the decision.

    Raises
    ------
    InputError
        No git history, or several, in ``read``; a bad threshold or ``since``.

    See Also
    --------
    owners_from_history : The rule it applies.
    read_history_owners : The same, reading the history first.

    Examples
    --------
    >>> from teamsim.importers import read
    >>> base = read(["tests/data/history-owners/scenario.yaml", "tests/data/history-owners/history.gitlog"])
    >>> r, h = apply_history_owners(base, service_paths="src/{name}/")
    >>> h.assigned, [w.kind for w in r.warnings]
    ({'api': 'Ops', 'pay': 'Web'}, ['owner conflict', 'owner tie'])
    >>> r.provenance.services["api"][-1]
    ('history.gitlog', 'history')
    """
    where = source if source is not None else _git_source(read)
    if read.git_log is None:
        raise InputError("owners from history need one git history: no git history was read",
                         entity="git history", hint="give a git log or repository")
    owners = owners_from_history(read.scenario, read.git_log.commits, service_paths, threshold=threshold,
                                 since=since, measure=measure)
    warnings = [ImportWarning(message=c.message(), file=where, entity=f"service {c.service}",
                              kind="owner conflict") for c in owners.conflicts]
    warnings += [ImportWarning(message=f"service {s!r}: {' and '.join(ts)} made equal shares of its changes: "
                               "declared owner kept", file=where, entity=f"service {s}", kind="owner tie")
                 for s, ts in owners.ties.items()]
    services = dict(read.provenance.services)
    for s in owners.assigned:
        services[s] = [*services.get(s, []), (Path(where).name, "history")]
    from teamsim.importers.registry import regroup

    result = read.model_copy(update={
        "scenario": owners.scenario, "warnings": [*read.warnings, *warnings],
        "provenance": read.provenance.model_copy(update={"services": services}),
        "groups": regroup(read.groups, owners.scenario, read.no_folder)})
    return result, owners


def conflict_rows(owners: HistoryOwners) -> list[tuple[str, str, str, str, str]]:
    """The conflicts with declared owners as table rows, in the order of :attr:`HistoryOwners.conflicts`.

    Parameters
    ----------
    owners : HistoryOwners
        From :func:`owners_from_history` (or :func:`apply_history_owners`).

    Returns
    -------
    list of (str, str, str, str, str)
        (service, declared owners, history owner, its share of the changes as a
        percentage, ``"applied"`` or ``"declared kept"``).

    See Also
    --------
    owners_from_history : The result whose conflicts they list.

    Examples
    --------
    >>> from teamsim.ownership import OwnerConflict
    >>> h = HistoryOwners(scenario=Scenario(), conflicts=[OwnerConflict(
    ...     service="cart", declared=["Web", "Ops"], history_owner="Carts", share=0.75, applied=True)])
    >>> conflict_rows(h)
    [('cart', 'Web, Ops', 'Carts', '75%', 'applied')]
    """
    return [(c.service, ", ".join(c.declared), c.history_owner, f"{c.share:.0%}",
             "applied" if c.applied else "declared kept") for c in owners.conflicts]


def applied_status(owners: HistoryOwners, service: str) -> str:
    """Whether the owner from history became ``service``'s owner, and why not.

    Parameters
    ----------
    owners : HistoryOwners
        From :func:`owners_from_history` (or :func:`apply_history_owners`).
    service : str
        A service of ``owners.history``.

    Returns
    -------
    str
        ``"applied"`` (history set its owner), ``"tie"`` (several teams share the top
        share: declared kept), ``"declared kept"`` (the top share is below the threshold),
        or ``"same as declared"`` (history agrees with the declared owner, or names no team).

    See Also
    --------
    owners_from_history : The rule whose outcome it reports.
    conflict_rows : The conflicts with declared owners as table rows.

    Examples
    --------
    >>> from teamsim.ownership import OwnerConflict
    >>> h = HistoryOwners(scenario=Scenario(), assigned={"cart": "Carts"}, ties={"web": ["A", "B"]},
    ...                   conflicts=[OwnerConflict(service="db", declared=["Ops"], history_owner="Web",
    ...                                            share=0.3, applied=False)])
    >>> [applied_status(h, s) for s in ("cart", "web", "db", "api")]
    ['applied', 'tie', 'declared kept', 'same as declared']
    """
    if service in owners.assigned:
        return "applied"
    if service in owners.ties:
        return "tie"
    if any(c.service == service and not c.applied for c in owners.conflicts):
        return "declared kept"
    return "same as declared"
