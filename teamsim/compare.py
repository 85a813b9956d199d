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

import json
from collections.abc import Callable, Iterable
from typing import Any, Literal

from teamsim._results import Result
from teamsim.reorg import MetricChange, compare_reports
from teamsim.scenario import Scenario

__all__ = ["METRICS", "Change", "Comparison", "compare", "diff_scenarios", "format_metric", "metric_rows",
           "scenario_metrics"]

Kind = Literal["tool", "person", "candidate", "team", "service", "project", "task"]


class Change(Result):
    """One difference between two scenarios.

    ``change`` is "added", "removed", "moved" (a person's teams or a service's owners
    differ) or "changed" (any other field differs). For a move ``before``/``after`` are
    the teams; for a change ``before`` lists the fields that differ. ``detail`` says what
    changed in words: ``"Payments → Platform"``, ``"tools: +Go, -SQL; role: dev → SRE"``.
    Lists of names (tools, members, owned services, dependencies) are sets: their order
    is not a change.
    """

    kind: Kind
    name: str
    change: Literal["added", "removed", "moved", "changed"]
    before: str | None = None
    after: str | None = None
    detail: str | None = None


class Comparison(Result):
    """The result of :func:`compare`.

    JSON: ``{"before", "after", "changes", "metrics", "sources", "titles"}``; each metric has
    ``name``, ``scope``, ``metric``, ``before``, ``after`` and ``change`` (raw values);
    ``sources`` maps an organisation metric to where it is defined (a paper, or "teamsim's
    own measure"); ``titles`` maps every metric to its readable title.
    """

    before: str
    after: str
    changes: list[Change]
    metrics: list[MetricChange]
    sources: dict[str, str]
    titles: dict[str, str]

    def title(self, metric: MetricChange) -> str:
        """The readable title of one of :attr:`metrics` (its ``metric`` when it has none)."""
        return self.titles.get(metric.metric, metric.metric)


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


def _canonical(value: Any) -> Any:
    """``value`` with every list sorted: lists in a scenario entity are sets of names."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


def _label(item: Any) -> str:
    return str(item.get("name", item)) if isinstance(item, dict) else str(item)


def _describe(field: str, a: Any, b: Any) -> str:
    """One changed field in words: ``"tools: +Go, -SQL"``, ``"role: dev → SRE"``."""
    if isinstance(a, list | type(None)) and isinstance(b, list | type(None)):
        old, new = [_label(x) for x in a or []], [_label(x) for x in b or []]
        parts = [f"+{x}" for x in new if x not in old] + [f"-{x}" for x in old if x not in new]
        return f"{field}: {', '.join(parts) or 'changed'}"
    if isinstance(a, dict) and isinstance(b, dict):
        keys = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
        return f"{field}: " + ", ".join(f"{k} {a.get(k, '—')} → {b.get(k, '—')}" for k in keys)
    return f"{field}: {'—' if a is None else a} → {'—' if b is None else b}"


def _diff_kind(kind: Kind, a: dict[str, Any], b: dict[str, Any],
               placement: tuple[dict[str, str], dict[str, str]] | None) -> list[Change]:
    out = [Change(kind=kind, name=n, change="removed") for n in a if n not in b]
    out += [Change(kind=kind, name=n, change="added") for n in b if n not in a]
    for n in a.keys() & b.keys():
        if placement is not None:
            pa, pb = placement[0].get(n) or "—", placement[1].get(n) or "—"
            if pa != pb:
                out.append(Change(kind=kind, name=n, change="moved", before=pa, after=pb,
                                  detail=f"{pa} → {pb}"))
        skip = {"members", "services"} if kind == "team" else set()
        da = _canonical(a[n].model_dump(mode="json", exclude=skip))
        db = _canonical(b[n].model_dump(mode="json", exclude=skip))
        fields = sorted(k for k in da.keys() | db.keys() if da.get(k) != db.get(k))
        if fields:
            out.append(Change(kind=kind, name=n, change="changed", before=", ".join(fields),
                              detail="; ".join(_describe(f, da.get(f), db.get(f)) for f in fields)))
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
        fields, ``detail`` what changed: ``"tools: +Go"``). The order of a list of
        names is no change. Order: by kind, then removed/added/moved/changed, then name.

    See Also
    --------
    compare : The changes and every metric before and after.
    scenario_metrics : The metrics of one scenario.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> a = Scenario.model_validate({"tools": [{"name": "A"}]})
    >>> b = Scenario.model_validate({"tools": [{"name": "A", "value": 2}, {"name": "B"}]})
    >>> [(c.name, c.change, c.detail) for c in diff_scenarios(a, b)]
    [('B', 'added', None), ('A', 'changed', 'value: 1.0 → 2.0')]
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


def _coverage_metrics(s: Scenario) -> dict[str, float | None]:
    if not any(x.tools for x in s.services):
        return {"services_covered": None, "services_uncovered": None}
    from teamsim.coverage import coverage_report

    r = coverage_report(s)
    needing = sum(bool(c.tools) for c in r.services)
    return {"services_covered": float(needing - r.uncovered), "services_uncovered": float(r.uncovered)}


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
    "services_covered": ("services the owner team can run (holds every needed tool)",
                         "teamsim's own measure"),
    "services_uncovered": ("services with a needed tool no owner holds", "teamsim's own measure"),
    "q": ("small-world quotient Q (analytic null)", "Uzzi & Spiro 2005, eq. 1"),
    "transitivity": ("clustering coefficient (transitivity)", "Newman, Strogatz & Watts 2001"),
}
_GROUPS: list[Callable[[Scenario], dict[str, float | None]]] = [
    lambda s: {"people": float(len(s.people)), "teams": float(len(s.teams)),
               "services": float(len(s.services))},
    _ability_metrics, _truck_factor, _coverage_metrics, _network_metrics]


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
    from teamsim.ownership import OwnershipReport, TeamOwnership, ownership_report

    ma, mb = scenario_metrics(before), scenario_metrics(after)
    metrics = [MetricChange(scope="organisation", metric=k, before=ma[k], after=mb[k],
                            change=_delta(ma[k], mb[k])) for k in METRICS]
    titles = {k: title for k, (title, _) in METRICS.items()}
    if before.services or after.services:
        org = OwnershipReport.metric_titles()
        # the counts (people, teams, services) are already organisation metrics above
        metrics += [m for m in compare_reports(ownership_report(before), ownership_report(after))
                    if m.scope != "organisation" or org[m.metric] not in titles.values()]
        titles = {**TeamOwnership.metric_titles(), **org, **titles}
    return Comparison(before=labels[0], after=labels[1], changes=diff_scenarios(before, after),
                      metrics=metrics, sources={k: src for k, (_, src) in METRICS.items()},
                      titles=titles)


def format_metric(value: float | None, *, signed: bool = False) -> str:
    """A metric value for a table: counts as integers, other values to 2 decimals, None as "—".

    Parameters
    ----------
    value : float or None
        The raw value (JSON keeps it as it is).
    signed : bool, default False
        Write "+" before a positive value (a change).

    Returns
    -------
    str

    See Also
    --------
    metric_rows : Every metric of a comparison, formatted.

    Examples
    --------
    >>> format_metric(3.0), format_metric(2.3333), format_metric(0.5, signed=True), format_metric(None)
    ('3', '2.33', '+0.50', '—')
    """
    if value is None:
        return "—"
    text = f"{int(value):,d}" if float(value).is_integer() else f"{value:,.2f}"
    return f"+{text}" if signed and value > 0 else text


def metric_rows(comparison: Comparison) -> list[list[str]]:
    """The metrics of a comparison as table rows: title, scope, before, after, change, source.

    Titles come from :data:`METRICS` and the ``Field(title=...)`` of the ownership results;
    values are formatted by :func:`format_metric`. ``teamsim compare`` and the app's
    Compare page show these rows.

    Parameters
    ----------
    comparison : Comparison
        A result of :func:`compare`.

    Returns
    -------
    list of list of str
        One row per metric, in the comparison's order.

    See Also
    --------
    format_metric : How each value is written.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> a = Scenario.model_validate({"people": [{"name": "Ann"}]})
    >>> metric_rows(compare(a, a))[0]
    ['people', 'organisation', '1', '1', '0', 'count']
    """
    return [[comparison.title(m), m.scope, format_metric(m.before), format_metric(m.after),
             format_metric(m.change, signed=True),
             comparison.sources.get(m.metric, "teamsim ownership metric")]
            for m in comparison.metrics]
