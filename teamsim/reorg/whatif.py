"""What changes if a service or a person moves to another team: every ownership metric before and after.

:func:`move_service` and :func:`move_person` return the new scenario, :func:`what_if` the
before/after value of every ownership metric (:mod:`teamsim.ownership`) and
:func:`compare_reports` the metric changes between any two ownership reports.
"""

from __future__ import annotations

from typing import cast

from teamsim.communication import TWO_PIZZA_LIMIT
from teamsim.errors import InputError
from teamsim.ownership import Congruence, OwnershipReport, TeamOwnership, ownership_report
from teamsim.reorg._common import _data, _entry_name, _keep, _prune_interactions
from teamsim.reorg.results import MetricChange, WhatIf
from teamsim.scenario import Scenario

__all__ = ["compare_reports", "move_person", "move_service", "what_if"]

def _metric_value(v: object) -> float | None:
    """A metric field's number: a list counts its items, congruence is its ``congruence``."""
    if isinstance(v, list):
        v = len(v)
    elif isinstance(v, Congruence):
        v = v.congruence
    return None if v is None else float(v)  # type: ignore[arg-type]


def compare_reports(before: OwnershipReport, after: OwnershipReport) -> list[MetricChange]:
    """Every organisation and team metric before and after, with the change.

    The metrics are the titled fields of :class:`teamsim.ownership.OwnershipReport` and
    :class:`teamsim.ownership.TeamOwnership` (``Model.metric_titles()``), in their order.

    Teams that exist on one side only have None on the other.

    Parameters
    ----------
    before, after : OwnershipReport
        :func:`teamsim.ownership.ownership_report` of the two organisations.

    Returns
    -------
    list of MetricChange
        Organisation metrics, then each team's, each with its value before and
        after and the change (None where a side lacks the metric).

    See Also
    --------
    what_if : Move something and compare the reports.
    teamsim.compare.compare : Compare two whole scenarios.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> from teamsim.ownership import ownership_report
    >>> s = Scenario.model_validate({"services": [{"name": "x"}],
    ...                              "teams": [{"name": "A", "services": ["x"]}]})
    >>> [c for c in compare_reports(ownership_report(s), ownership_report(s)) if c.change]
    []
    """
    out = []
    for m in OwnershipReport.metric_titles():
        b, a = _metric_value(getattr(before, m)), _metric_value(getattr(after, m))
        out.append(MetricChange(scope="organisation", metric=m, before=b, after=a,
                                change=None if a is None or b is None else a - b))
    tb = {t.name: t for t in before.teams}
    ta = {t.name: t for t in after.teams}
    for name in [*tb, *(n for n in ta if n not in tb)]:
        for m in TeamOwnership.metric_titles():
            b = _metric_value(getattr(tb[name], m)) if name in tb else None
            a = _metric_value(getattr(ta[name], m)) if name in ta else None
            out.append(MetricChange(scope=name, metric=m, before=b, after=a,
                                    change=None if a is None or b is None else a - b))
    return out


def move_service(scenario: Scenario, service: str, to_team: str, *,
                 from_team: str | None = None) -> Scenario:
    """A copy of the scenario where ``to_team`` owns ``service``.

    Parameters
    ----------
    scenario : Scenario
        The organisation: services, dependencies, teams and members (left unchanged).
    service, to_team : str
        The service, and the team that takes it over.
    from_team : str, optional
        Move only this owner's share (shared ownership); by default every
        current owner gives the service up.

    Returns
    -------
    Scenario
        A new, validated scenario with the move.

    Raises
    ------
    InputError
        Unknown service or team, or ``from_team`` does not own the service.

    See Also
    --------
    move_person : The same what-if for a person.
    teamsim.reorg.suggest_ownership : Suggest owners for every service.

    Examples
    --------
    >>> s = Scenario.model_validate({"people": [{"name": "p"}], "services": [{"name": "x"}],
    ...     "teams": [{"name": "A", "members": ["p"], "services": ["x"]},
    ...               {"name": "B", "services": ["x"]}]})
    >>> [t.service_names for t in move_service(s, "x", "B").teams]
    [[], ['x']]
    """
    names = {s.name for s in scenario.services}
    if service not in names:
        raise InputError(f"unknown service {service!r}", entity=f"service {service!r}",
                         hint=f"choose one of: {', '.join(sorted(names))}")
    scenario.team(to_team)
    if from_team is not None and service not in scenario.team(from_team).service_names:
        raise InputError(f"team {from_team!r} does not own {service!r}", entity=f"team {from_team!r}",
                         hint="leave out --from to move the service from all its owners")
    data = _data(scenario)
    moved_w = 0.0
    for t in data["teams"]:
        if t["name"] == to_team:
            continue
        if from_team is None or t["name"] == from_team:
            keep = []
            for x in t.get("services", []):
                if _entry_name(x) == service:
                    moved_w += 1.0 if isinstance(x, str) else x.get("weight", 1.0)
                else:
                    keep.append(x)
            t["services"] = keep
    for t in data["teams"]:
        if t["name"] == to_team:
            svcs = t.setdefault("services", [])
            cur = next((i for i, x in enumerate(svcs) if _entry_name(x) == service), None)
            if cur is None:
                svcs.append(service if from_team is None or moved_w == 1.0 else
                            {"name": service, "weight": moved_w})
            elif from_team is None:
                svcs[cur] = service
            else:
                x = svcs[cur]
                w = (1.0 if isinstance(x, str) else x.get("weight", 1.0)) + moved_w
                svcs[cur] = {"name": service, "weight": w}
    for sd in data.get("services", []):
        if sd["name"] == service:
            sd.pop("unresolved_owner", None)
    data["teams"] = [t for t in data["teams"] if _keep(t) or t["name"] == to_team]
    _prune_interactions(data)
    return Scenario.model_validate(data)


def move_person(scenario: Scenario, person: str, to_team: str, *,
                from_team: str | None = None) -> Scenario:
    """A copy of the scenario where ``person`` is a member of ``to_team``.

    By default the person leaves every other team; with ``from_team`` only that one.

    Parameters
    ----------
    scenario : Scenario
        The organisation: services, dependencies, teams and members (left unchanged).
    person : str
        A person of the scenario.
    to_team : str
        The team they join.
    from_team : str, optional
        Leave only this team (default: every other team).

    Returns
    -------
    Scenario
        A new, validated scenario with the move.

    Raises
    ------
    InputError
        Unknown person or team.

    See Also
    --------
    move_service : The same what-if for a service.
    teamsim.edits.remove_person : Take the person out of every team.

    Examples
    --------
    >>> s = Scenario.model_validate({"people": [{"name": "p"}, {"name": "q"}], "teams": [
    ...     {"name": "A", "members": ["p", "q"]}, {"name": "B", "members": ["q"]}]})
    >>> [t.members for t in move_person(s, "p", "B").teams]
    [['q'], ['q', 'p']]
    """
    if person not in {p.name for p in scenario.people}:
        raise InputError(f"unknown person {person!r}", entity=f"person {person!r}",
                         hint="choose one of the people listed in the scenario")
    scenario.team(to_team)
    if from_team is not None and person not in scenario.team(from_team).members:
        raise InputError(f"{person!r} is not a member of team {from_team!r}",
                         entity=f"team {from_team!r}")
    data = _data(scenario)
    for t in data["teams"]:
        if t["name"] != to_team and (from_team is None or t["name"] == from_team):
            t["members"] = [m for m in t.get("members", []) if m != person]
        if t["name"] == to_team and person not in t.get("members", []):
            t.setdefault("members", []).append(person)
    dropped = [t["name"] for t in data["teams"] if not _keep(t)]
    data["teams"] = [t for t in data["teams"] if t["name"] not in dropped]
    _prune_interactions(data)
    return Scenario.model_validate(data)


def what_if(scenario: Scenario, *, service: str | None = None, person: str | None = None,
            to_team: str, from_team: str | None = None,
            two_pizza_limit: int = TWO_PIZZA_LIMIT) -> WhatIf:
    """Move a service or a person and report every ownership metric before and after.

    Parameters
    ----------
    scenario : Scenario
        The organisation: services, dependencies, teams and members (left unchanged).
    service, person : str
        Exactly one of them.
    to_team : str
        The team that takes the service or the person.
    from_team : str, optional
        See :func:`move_service` and :func:`move_person`.
    two_pizza_limit : int, default 9
        Largest team that still counts as a two-pizza team.

    Returns
    -------
    WhatIf
        The moved scenario and every ownership metric before and after.

    Raises
    ------
    InputError
        Neither or both of ``service`` and ``person``; unknown names.

    See Also
    --------
    move_service : The service move alone.
    move_person : The person move alone.
    compare_reports : The comparison it reports.

    Examples
    --------
    >>> s = Scenario.model_validate({"people": [{"name": "p"}, {"name": "q"}],
    ...     "services": [{"name": "x", "depends_on": ["y"]}, {"name": "y"}],
    ...     "teams": [{"name": "A", "members": ["p"], "services": ["x"]},
    ...               {"name": "B", "members": ["q"], "services": ["y"]}]})
    >>> w = what_if(s, service="x", to_team="B")
    >>> [(c.metric, c.before, c.after) for c in w.changed if c.scope == "organisation"][:2]
    [('cross_team_count', 1.0, 0.0), ('cross_team_dependencies', 1.0, 0.0)]
    """
    if (service is None) == (person is None):
        raise InputError("give exactly one of a service or a person to move",
                         hint="give service=NAME or person=NAME "
                              "(CLI: --move-service NAME or --move-person NAME)")
    if service is not None:
        owners = [t.name for t in scenario.teams if service in t.service_names]
        after = move_service(scenario, service, to_team, from_team=from_team)
        if owners == [to_team]:
            desc = f"{service} is already owned by {to_team}: nothing changes"
        else:
            gives = [from_team] if from_team else [o for o in owners if o != to_team]
            desc = (f"move service {service} to team {to_team}"
                    + (f" (from {', '.join(gives)})" if gives else " (it had no owner team)"))
    else:
        teams_of = [t.name for t in scenario.teams if person in t.members]
        person = cast(str, person)   # exactly one of service and person is given
        after = move_person(scenario, person, to_team, from_team=from_team)
        leaves = [from_team] if from_team else [t for t in teams_of if t != to_team]
        if not leaves and to_team in teams_of:
            desc = f"{person} is already a member of {to_team}: nothing changes"
        else:
            desc = (f"move {person} to team {to_team}"
                    + (f", leaving {' and '.join(leaves)}" if leaves else ""))
    rb = ownership_report(scenario, two_pizza_limit=two_pizza_limit)
    ra = ownership_report(after, two_pizza_limit=two_pizza_limit)
    return WhatIf(description=desc, changes=compare_reports(rb, ra), before=rb, after=ra,
                  scenario=after)
