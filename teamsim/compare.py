"""Compare two plans: what changed (people, teams, services) and every metric before and after.

:func:`compare` takes two scenarios (two files, or two workspace versions) and returns
a :class:`Comparison`: the list of changes (added, removed, moved, changed) and the
metrics of both sides, each with its name, a readable title, the value before and
after, and whether the metric is one a paper defines or teamsim's own.

Examples
--------
>>> from teamsim.scenario import Scenario
>>> a = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B"}],
...     "people": [{"name": "Ann", "tools": ["A"]}, {"name": "Bo", "tools": ["B"]}],
...     "teams": [{"name": "T", "members": ["Ann"]}, {"name": "U", "members": ["Bo"]}]})
>>> b = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B"}],
...     "people": [{"name": "Ann", "tools": ["A"]}, {"name": "Bo", "tools": ["B"]}],
...     "teams": [{"name": "T", "members": ["Ann", "Bo"]}]})
>>> c = compare(a, b)
>>> [(x.kind, x.name, x.change) for x in c.changes]
[('team', 'U', 'removed'), ('person', 'Bo', 'moved')]
>>> m = {x.name: x for x in c.metrics}
>>> (m["teams"].before, m["teams"].after, m["mean_diversity_bonus"].after)
(2.0, 1.0, 1.0)
>>> c.sources["mean_diversity_bonus"]
"teamsim's own measure"
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Literal

from teamsim._results import Result
from teamsim.reorg import MetricChange, compare_reports
from teamsim.scenario import Scenario

__all__ = ["METRICS", "Change", "Comparison", "compare", "diff_scenarios", "scenario_metrics"]

Kind = Literal["tool", "person", "candidate", "team", "service", "project", "task"]


class Change(Result):
    """One difference between two scenarios.

    ``change`` is "added", "removed", "moved" (a person's teams or a service's owners
    differ) or "changed" (any other field differs); ``before``/``after`` describe the
    moved or changed part.
    """

    kind: Kind
    name: str
    change: Literal["added", "removed", "moved", "changed"]
    before: str | None = None
    after: str | None = None


class Comparison(Result):
    """The result of :func:`compare`.

    JSON: ``{"before", "after", "changes", "metrics", "sources"}``; each metric has ``name``,
    ``scope``, ``metric``, ``before``, ``after`` and ``change``; ``sources`` maps an
    organisation metric to where it is defined (a paper, or "teamsim's own measure").
    """

    before: str
    after: str
    changes: list[Change]
    metrics: list[MetricChange]
    sources: dict[str, str]


def _named(items: Iterable[Any]) -> dict[str, Any]:
    return {x.name: x for x in items}


def _memberships(s: Scenario) -> dict[str, str]:
    teams: dict[str, list[str]] = {}
    for t in s.teams:
        for m in t.members:
            teams.setdefault(m, []).append(t.name)
    return {p: ", ".join(sorted(ts)) for p, ts in teams.items()}


def _owners(s: Scenario) -> dict[str, str]:
    owners: dict[str, list[str]] = {}
    for t in s.teams:
        for name in t.service_names:
            owners.setdefault(name, []).append(t.name)
    return {k: ", ".join(sorted(v)) for k, v in owners.items()}


def _diff_kind(kind: Kind, a: dict[str, Any], b: dict[str, Any],
               placement: tuple[dict[str, str], dict[str, str]] | None) -> list[Change]:
    out = [Change(kind=kind, name=n, change="removed") for n in a if n not in b]
    out += [Change(kind=kind, name=n, change="added") for n in b if n not in a]
    for n in a.keys() & b.keys():
        if placement is not None:
            pa, pb = placement[0].get(n), placement[1].get(n)
            if pa != pb:
                out.append(Change(kind=kind, name=n, change="moved", before=pa or "—", after=pb or "—"))
        skip = {"members", "services"} if kind == "team" else set()
        da, db = a[n].model_dump(exclude=skip), b[n].model_dump(exclude=skip)
        fields = sorted(k for k in da.keys() | db.keys() if da.get(k) != db.get(k))
        if fields:
            out.append(Change(kind=kind, name=n, change="changed", before=", ".join(fields)))
    return out


def diff_scenarios(before: Scenario, after: Scenario) -> list[Change]:
    """List what differs between two scenarios, entity by entity.

    Parameters
    ----------
    before, after : Scenario
        The two scenarios, matched entity by entity by name.

    Returns
    -------
    list of Change
        Tools, people, candidates, teams, services, projects and tasks added or
        removed; people whose teams differ and services whose owners differ as
        "moved"; any other field that differs as "changed" (``before`` lists the
        fields). Order: by kind, then removed/added/moved/changed, then name.

    See Also
    --------
    compare : The changes and every metric before and after.
    scenario_metrics : The metrics of one scenario.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> a = Scenario.model_validate({"tools": [{"name": "A"}]})
    >>> b = Scenario.model_validate({"tools": [{"name": "A", "value": 2}, {"name": "B"}]})
    >>> [(c.name, c.change, c.before) for c in diff_scenarios(a, b)]
    [('B', 'added', None), ('A', 'changed', 'value')]
    """
    order = {"removed": 0, "added": 1, "moved": 2, "changed": 3}
    out: list[Change] = []
    groups: list[tuple[Kind, str, tuple[dict[str, str], dict[str, str]] | None]] = [
        ("tool", "tools", None), ("team", "teams", None),
        ("person", "people", (_memberships(before), _memberships(after))),
        ("candidate", "candidates", None),
        ("service", "services", (_owners(before), _owners(after))),
        ("project", "projects", None), ("task", "tasks", None)]
    for kind, attr, placement in groups:
        part = _diff_kind(kind, _named(getattr(before, attr)), _named(getattr(after, attr)), placement)
        out += sorted(part, key=lambda c: (order[c.change], c.name))
    return out


def _ability_metrics(s: Scenario) -> dict[str, float | None]:
    from teamsim.report import analyze

    r = analyze(s, k=min(2, len(s.people)) or 1) if s.people else None
    if r is None:
        return {"ability": None, "mean_diversity_bonus": None, "tools_held_by_one": None}
    bonus = [t.diversity_bonus for t in r.teams]
    return {"ability": r.organisation.ability,
            "mean_diversity_bonus": sum(bonus) / len(bonus) if bonus else None,
            "tools_held_by_one": float(len(r.organisation.tools_held_by_one))}


def _truck_factor(s: Scenario) -> dict[str, float | None]:
    from teamsim.hiring import truck_factor

    values = [truck_factor(s, t.name).value for t in s.teams if t.members]
    return {"min_truck_factor": float(min(values)) if values else None}


def _network_metrics(s: Scenario) -> dict[str, float | None]:
    if not s.projects:
        return {"q": None, "transitivity": None}
    from teamsim.affiliation import affiliation_network
    from teamsim.smallworld import small_world

    r = small_world(affiliation_network(s, teams=False), null_samples=0)
    return {"q": r.analytic.q, "transitivity": r.transitivity}


# name -> (title, source); each group of metrics is computed by one function below
METRICS: dict[str, tuple[str, str]] = {
    "people": ("people", "count"),
    "teams": ("teams", "count"),
    "services": ("services", "count"),
    "ability": ("organisation ability (union of tools)", "Page 2017, ch. 3"),
    "mean_diversity_bonus": ("mean team diversity bonus (team - best member)", "teamsim's own measure"),
    "tools_held_by_one": ("tools only one person holds", "teamsim's own measure"),
    "min_truck_factor": ("smallest team truck factor (skills)", "teamsim's own measure"),
    "q": ("small-world quotient Q (analytic null)", "Uzzi & Spiro 2005, eq. 1"),
    "transitivity": ("clustering coefficient (transitivity)", "Newman, Strogatz & Watts 2001"),
}
_GROUPS: list[Callable[[Scenario], dict[str, float | None]]] = [
    lambda s: {"people": float(len(s.people)), "teams": float(len(s.teams)),
               "services": float(len(s.services))},
    _ability_metrics, _truck_factor, _network_metrics]


def _delta(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else after - before


def scenario_metrics(scenario: Scenario) -> dict[str, float | None]:
    """Every metric :func:`compare` reports, for one scenario.

    Parameters
    ----------
    scenario : Scenario
        The scenario to measure.

    Returns
    -------
    dict of str to float or None
        Keyed as :data:`METRICS`; None where a metric is undefined (no services, no
        projects, no teams).

    See Also
    --------
    compare : The metrics of two scenarios side by side.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}],
    ...                              "people": [{"name": "Ann", "tools": ["A"]}]})
    >>> scenario_metrics(s)["ability"], scenario_metrics(s)["q"]
    (1.0, None)
    """
    out: dict[str, float | None] = {}
    for group in _GROUPS:
        out.update(group(scenario))
    return {k: (None if v is None else float(v)) for k, v in out.items()}


def compare(before: Scenario, after: Scenario, *, labels: tuple[str, str] = ("before", "after")
            ) -> Comparison:
    """Compare two scenarios: their changes and every metric before and after.

    Parameters
    ----------
    before, after : Scenario
        The plan today and the plan to compare it with.
    labels : (str, str), default ("before", "after")
        What to call each side (file names or workspace references).

    Returns
    -------
    Comparison
        ``changes`` from :func:`diff_scenarios`; ``metrics``: the organisation metrics
        of :data:`METRICS` (ability, diversity bonus, truck factor, Q, ...), then, when
        either side has services, every ownership metric of
        :func:`teamsim.reorg.compare_reports` (cross-team dependencies, modularity,
        orphaned services, congruence, per-team cohesion and coupling).

    See Also
    --------
    diff_scenarios : The changes alone.
    scenario_metrics : The metrics of one scenario.
    teamsim.reorg.compare_reports : The ownership metrics of two reports.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> a = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B"}],
    ...                              "people": [{"name": "Ann", "tools": ["A"]}]})
    >>> b = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B"}],
    ...     "people": [{"name": "Ann", "tools": ["A"]}, {"name": "Bo", "tools": ["B"]}]})
    >>> c = compare(a, b)
    >>> [(x.name, x.change) for x in c.changes]
    [('Bo', 'added')]
    >>> next((m.before, m.after) for m in c.metrics if m.metric == "ability")
    (1.0, 2.0)
    """
    from teamsim.ownership import ownership_report

    ma, mb = scenario_metrics(before), scenario_metrics(after)
    metrics = [MetricChange(scope="organisation", metric=k, before=ma[k], after=mb[k],
                            change=_delta(ma[k], mb[k])) for k in METRICS]
    if before.services or after.services:
        metrics += compare_reports(ownership_report(before), ownership_report(after))
    return Comparison(before=labels[0], after=labels[1], changes=diff_scenarios(before, after),
                      metrics=metrics, sources={k: src for k, (_, src) in METRICS.items()})
