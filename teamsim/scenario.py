"""The scenario: cognitive tools, people, teams, services, projects and tasks.

A :class:`Scenario` is the one data model every teamsim analysis reads. It is
loaded from YAML or JSON (:func:`teamsim.importers.load_scenario`), from a
skills-matrix CSV, or built in Python. Models are immutable pydantic v2 models
that reject unknown fields; a scenario is validated as a whole (unique names,
references that resolve, an acyclic prerequisite graph) and invalid input
raises :class:`~teamsim.errors.ScenarioError` naming the entity and field.

A person is a set of *cognitive tools* (Scott E. Page, *The Diversity Bonus*,
2017). A person who lists a tool is assumed to know its prerequisites too
(see :mod:`teamsim.prerequisites`); :meth:`Scenario.tool_set` returns that
effective set.

Examples
--------
>>> s = Scenario.model_validate({
...     "tools": [{"name": "A"}, {"name": "B"}],
...     "people": [{"name": "Ann", "tools": ["A"]}, {"name": "Bo", "tools": ["B"]}],
...     "teams": [{"name": "T", "members": ["Ann", "Bo"]}]})
>>> sorted(s.tool_set("Ann"))
['A']
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from functools import cached_property
from typing import Annotated, Any, Literal, NoReturn, Protocol, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from teamsim.errors import ScenarioError
from teamsim.prerequisites import _closure, find_prerequisite_cycle

__all__ = [
    "CognitiveTool",
    "Dependency",
    "MAX_NUMBER",
    "SHOWN_MAX",
    "Interaction",
    "InteractionMode",
    "OwnedService",
    "Person",
    "Project",
    "Scenario",
    "Service",
    "ServiceTool",
    "Task",
    "Team",
    "TeamType",
]

TeamType = Literal["stream-aligned", "platform", "enabling", "complicated-subsystem"]
"""Team Topologies' four fundamental team types (Skelton & Pais, *Team Topologies*, 2019)."""

InteractionMode = Literal["collaboration", "x-as-a-service", "facilitating"]
"""Team Topologies' three team interaction modes (Skelton & Pais 2019, ch. 7)."""

Name = str

MAX_NUMBER = 1e12
"""Largest value, weight, level, cost, load or capacity a scenario may hold (only ratios matter)."""
SHOWN_MAX = f"{MAX_NUMBER:.0e}".replace("e+", "e")  # '1e12', for messages


def _real_number(value: object) -> object:
    """Refuse ``true``/``false`` and quoted numbers where a number is expected.

    pydantic's lax mode would read ``true`` as 1 and ``"5"`` as 5: in a scenario
    file both are nearly always a mistake (a YAML boolean, a quoted cell).
    """
    if isinstance(value, bool):
        raise PydanticCustomError("number_bool", "a number is needed, not a boolean", {"value": value})
    if isinstance(value, str):
        raise PydanticCustomError("number_text", "a number is needed, not text", {"value": value})
    return value


def _date_text(value: object) -> object:
    """Refuse a number where a date is expected (pydantic would read it as Unix time)."""
    if isinstance(value, (bool, int, float)):
        raise PydanticCustomError("date_number", "a date is needed, not a number", {"value": value})
    return value


Amount = Annotated[float, Field(ge=0, le=MAX_NUMBER, allow_inf_nan=False), BeforeValidator(_real_number)]
"""A finite number in [0, MAX_NUMBER]; ``true`` and quoted numbers are refused."""
Weight = Annotated[float, Field(gt=0, le=MAX_NUMBER, allow_inf_nan=False), BeforeValidator(_real_number)]
"""A finite number in (0, MAX_NUMBER]; ``true`` and quoted numbers are refused."""
Year = Annotated[int, Field(ge=1, le=9999), BeforeValidator(_real_number)]
"""A calendar year, 1 to 9999 (the range of :class:`datetime.date`)."""


def _no_items() -> list[Any]:
    """An empty list: the default of list fields (a Python function, as ``list`` is not, so pydantic
    reads its signature quickly when it builds the models at import)."""
    return []


def _no_entries() -> dict[Any, Any]:
    """An empty dict: the default of mapping fields (see :func:`_no_items`)."""
    return {}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class CognitiveTool(_Model):
    """A cognitive tool (skill): a way of representing or solving problems (Page 2017).

    Attributes
    ----------
    name : str
        Unique name.
    description : str, optional
    value : float, default 1
        Weight of the tool in (weighted) ability; finite, 0 <= value <= 1e12.
    requires : list of str
        Prerequisite tools that must be learned first.

    Examples
    --------
    >>> CognitiveTool(name="Kubernetes", requires=["Linux"]).value
    1.0
    """

    name: Name = Field(min_length=1)
    description: str | None = None
    value: Amount = 1.0
    requires: list[Name] = Field(default_factory=_no_items)


class Person(_Model):
    """A person, described by the cognitive tools they hold.

    Attributes
    ----------
    name : str
        Unique across people and candidates.
    tools : list of str
        Tools the person holds (prerequisites are implied unless strict).
    role, level : str, optional
        Free text such as "backend engineer", "senior".
    cost : float, optional
        Yearly cost in any currency unit, 0 to 1e12.
    levels : dict of str to float
        Optional proficiency per tool, as read from a skills matrix (0 to 1e12).

    Examples
    --------
    >>> Person(name="Adam", tools=["A", "B"]).tools
    ['A', 'B']
    """

    name: Name = Field(min_length=1)
    tools: list[Name] = Field(default_factory=_no_items)
    role: str | None = None
    level: str | None = None
    cost: Amount | None = None
    levels: dict[Name, Amount] = Field(default_factory=_no_entries)


class OwnedService(_Model):
    """A service a team owns, with its share when ownership is shared.

    In a team's ``services`` list an entry is either a service name (weight 1)
    or ``{name: ..., weight: ...}``. A service's ownership shares are its
    owners' weights divided by their sum, so ``{name: api, weight: 3}`` in one
    team and ``{name: api, weight: 1}`` in another give shares 0.75 and 0.25.

    Examples
    --------
    >>> OwnedService(name="api", weight=3).weight
    3.0
    """

    name: Name = Field(min_length=1)
    weight: Weight = 1.0


class Dependency(_Model):
    """A weighted dependency on another service (calls per second, coupling strength, ...).

    In a service's ``depends_on`` list an entry is either a service name
    (weight 1) or ``{service: ..., weight: ...}``.

    Examples
    --------
    >>> Dependency(service="db", weight=2.5).weight
    2.5
    """

    service: Name = Field(min_length=1)
    weight: Weight = 1.0


class Interaction(_Model):
    """A declared interaction with another team (Team Topologies interaction mode).

    Examples
    --------
    >>> Interaction(team="Platform", mode="x-as-a-service").mode
    'x-as-a-service'
    """

    team: Name = Field(min_length=1)
    mode: InteractionMode = "collaboration"


class Team(_Model):
    """A team: members and the services it owns ("you build it, you run it").

    Attributes
    ----------
    name : str
    members : list of str
        Names of people (not candidates).
    services : list of str or OwnedService
        Services the team owns: a name, or ``{name, weight}`` for shared
        ownership (see :class:`OwnedService`).
    type : {"stream-aligned", "platform", "enabling", "complicated-subsystem"}, optional
        Team Topologies type (Skelton & Pais 2019).
    interactions : list of Interaction
        Declared interactions with other teams: ``{team, mode}`` with mode
        collaboration, x-as-a-service or facilitating.
    capacity : float, optional
        Largest total service load the team can own (same unit as
        :attr:`Service.load`; a service without a load counts 1). Used by the
        reorganisation suggestion (:mod:`teamsim.reorg`). A planned team with
        neither members nor services is allowed only when it has a capacity.
    members_unknown : bool, default False
        The source names the team (e.g. a Backstage owner that is not a Group
        entity) but not its members: reports say "members unknown" instead of
        calling its services orphaned. Another source giving members clears it.
    """

    name: Name = Field(min_length=1)
    members: list[Name] = Field(default_factory=_no_items)
    services: list[Name | OwnedService] = Field(default_factory=_no_items)
    type: TeamType | None = None
    interactions: list[Interaction] = Field(default_factory=_no_items)
    capacity: Amount | None = None
    members_unknown: bool = False

    @property
    def service_names(self) -> list[str]:
        """Names of the services the team owns, in order.

        >>> Team(name="T", services=["a", {"name": "b", "weight": 2}]).service_names
        ['a', 'b']
        """
        return [x if isinstance(x, str) else x.name for x in self.services]

    @property
    def service_weights(self) -> dict[str, float]:
        """Service name -> ownership weight (1 for a plain name)."""
        return {(x if isinstance(x, str) else x.name): (1.0 if isinstance(x, str) else x.weight)
                for x in self.services}


class ServiceTool(_Model):
    """A cognitive tool a service needs, with its weight (how much it matters).

    In a service's ``tools`` list an entry is either a tool name (weight 1) or
    ``{name: ..., weight: ...}``.

    Examples
    --------
    >>> ServiceTool(name="Go", weight=2).weight
    2.0
    """

    name: Name = Field(min_length=1)
    weight: Weight = 1.0


class Service(_Model):
    """A deployable service (component) and the services it depends on.

    Attributes
    ----------
    name : str
    depends_on : list of str or Dependency
        Services this one calls or needs: a name (weight 1) or
        ``{service, weight}``.
    load : float, optional
        Operational load in any unit (e.g. on-call pages per week), 0 to 1e12.
        Ownership metrics count a service without a load as 1.
    description : str, optional
    system : str, optional
        The system (Backstage ``System``) the service belongs to.
    unresolved_owner : str, optional
        An owner named by the source (catalog, CODEOWNERS) that is not a team
        of the scenario, e.g. ``user:guest``; kept so that ownership reports can
        say why the service is orphaned.
    tools : list of str or ServiceTool
        Cognitive tools the owner team must hold to build and run the service
        ("you build it, you run it"): a name (weight 1) or ``{name, weight}``.
        See :mod:`teamsim.coverage`.
    """

    name: Name = Field(min_length=1)
    depends_on: list[Name | Dependency] = Field(default_factory=_no_items)
    load: Amount | None = None
    description: str | None = None
    system: str | None = None
    unresolved_owner: str | None = None
    tools: list[Name | ServiceTool] = Field(default_factory=_no_items)

    @property
    def tool_weights(self) -> dict[str, float]:
        """Needed tool -> weight (1 for a plain name), in order.

        >>> Service(name="a", tools=["Go", {"name": "SQL", "weight": 2}]).tool_weights
        {'Go': 1.0, 'SQL': 2.0}
        """
        return {(x if isinstance(x, str) else x.name): (1.0 if isinstance(x, str) else x.weight)
                for x in self.tools}

    @property
    def dependency_names(self) -> list[str]:
        """Names of the services this one depends on, in order.

        >>> Service(name="a", depends_on=["b", {"service": "c", "weight": 2}]).dependency_names
        ['b', 'c']
        """
        return [d if isinstance(d, str) else d.service for d in self.depends_on]

    @property
    def dependency_weights(self) -> list[float]:
        """Weights of :attr:`dependency_names` (1 for a plain name)."""
        return [1.0 if isinstance(d, str) else d.weight for d in self.depends_on]


class Project(_Model):
    """A project (a musical in Uzzi & Spiro 2005; a module in a repository), with its members.

    Attributes
    ----------
    name : str
    members : list of str
        People who worked on it (at least one).
    date : datetime.date, optional
    year : int, optional
        1 to 9999; taken from ``date`` when only the date is given.
    """

    name: Name = Field(min_length=1)
    members: list[Name] = Field(min_length=1)
    date: Annotated[dt.date, BeforeValidator(_date_text)] | None = None
    year: Year | None = None

    @model_validator(mode="after")
    def _year_matches_date(self) -> Project:
        if self.date is not None and self.year is not None and self.date.year != self.year:
            raise ValueError(f"year {self.year} does not match date {self.date}")
        return self

    @property
    def when(self) -> int | None:
        """The project's year, from ``year`` or ``date``."""
        return self.year if self.year is not None else (self.date.year if self.date else None)


class Task(_Model):
    """A task given by the cognitive tools it requires.

    Attributes
    ----------
    name : str
    tools : list of str
        Required tools (at least one).
    weights : dict of str to float
        Optional weight per required tool; defaults to the tool's ``value``.
    """

    name: Name = Field(min_length=1)
    tools: list[Name] = Field(min_length=1)
    weights: dict[Name, Amount] = Field(default_factory=_no_entries)
    description: str | None = None


class _Named(Protocol):
    """Anything with a name: every scenario entity."""

    @property
    def name(self) -> str: ...


_N = TypeVar("_N", bound=_Named)


def _find(items: Sequence[_N], name: str, kind: str) -> _N:
    """The item called ``name`` in ``items``, or a ScenarioError listing the choices."""
    for it in items:
        if it.name == name:
            return it
    raise ScenarioError(
        f"unknown {kind} {name!r}", entity=f"{kind} {name!r}",
        hint=f"choose one of: {', '.join(it.name for it in items) or '(none)'}",
    )


def _dupes(names: list[str]) -> list[str]:
    if len(set(names)) == len(names):
        return []
    return [n for n, c in Counter(names).items() if c > 1]


_TOOL_HINT = "declare it under tools: (or fix the spelling)"


def _fail(msg: str, loc: tuple[str | int, ...], entity: str, hint: str) -> NoReturn:
    """Raise the ScenarioError for one failed rule."""
    raise ScenarioError(msg, loc=loc, entity=entity, hint=hint)


def _no_repeats(values: list[str], loc: tuple[str | int, ...], entity: str, what: str) -> None:
    """Refuse a list that names the same thing twice."""
    d = _dupes(values)
    if d:
        _fail(f"{entity} lists {what} {d[0]!r} twice", loc, entity,
              f"remove the repeated {what}")


def _check_unique_names(sc: Scenario) -> None:
    """Every name is unique in its group, and no candidate is already a person."""
    groups: tuple[tuple[str, Sequence[_Named], str], ...] = (
        ("tools", sc.tools, "tool"), ("teams", sc.teams, "team"), ("services", sc.services, "service"),
        ("projects", sc.projects, "project"), ("tasks", sc.tasks, "task"), ("people", sc.people, "person"),
        ("candidates", sc.candidates, "candidate"))
    for group, items, kind in groups:
        seen: dict[str, int] = {}
        for i, it in enumerate(items):
            if it.name in seen:
                _fail(f"duplicate {kind} name {it.name!r}", (group, i, "name"),
                      f"{kind} {it.name!r}",
                      f"rename one of them; the first is {group}[{seen[it.name]}]")
            seen[it.name] = i
    people = {p.name for p in sc.people}
    for i, c in enumerate(sc.candidates):
        if c.name in people:
            _fail(f"candidate {c.name!r} is already a person in the scenario",
                  ("candidates", i, "name"), f"candidate {c.name!r}",
                  "remove the candidate or rename them")


def _check_tool_prerequisites(sc: Scenario, tools: set[str]) -> None:
    """Prerequisites name other declared tools, once each, without a cycle."""
    for i, t in enumerate(sc.tools):
        for j, r in enumerate(t.requires):
            if r == t.name:
                _fail(f"tool {t.name!r} requires itself", ("tools", i, "requires", j),
                      f"tool {t.name!r}", f"remove {r!r} from its own requires")
            if r not in tools:
                _fail(f"unknown tool {r!r}", ("tools", i, "requires", j),
                      f"tool {t.name!r}", _TOOL_HINT)
        _no_repeats(t.requires, ("tools", i, "requires"), f"tool {t.name!r}", "prerequisite")
    cycle = find_prerequisite_cycle(sc)
    if cycle:
        i = next(k for k, t in enumerate(sc.tools) if t.name == cycle[1])
        _fail("prerequisite cycle " + " -> ".join(cycle), ("tools", i, "requires"),
              f"tool {cycle[1]!r}",
              "tools must be learnable in some order; remove one prerequisite in the cycle")


def _check_person_tools(sc: Scenario, tools: set[str]) -> None:
    """People and candidates hold declared tools, once each, with levels only for held tools."""
    for group, persons in (("people", sc.people), ("candidates", sc.candidates)):
        kind = "person" if group == "people" else "candidate"
        for i, p in enumerate(persons):
            for j, t in enumerate(p.tools):
                if t not in tools:
                    _fail(f"unknown tool {t!r}", (group, i, "tools", j),
                          f"{kind} {p.name!r}", _TOOL_HINT)
            _no_repeats(p.tools, (group, i, "tools"), f"{kind} {p.name!r}", "tool")
            held = set(p.tools) if p.levels else ()
            for t in p.levels:
                if t not in held:
                    _fail(f"level given for tool {t!r} that {p.name!r} does not list",
                          (group, i, "levels", t), f"{kind} {p.name!r}",
                          f"add {t!r} to tools or remove its level")


def _check_services(sc: Scenario, tools: set[str], services: set[str]) -> None:
    """Services depend on other declared services and need declared tools, once each."""
    for i, s in enumerate(sc.services):
        for j, d in enumerate(s.dependency_names):
            if d == s.name:
                _fail(f"service {s.name!r} depends on itself", ("services", i, "depends_on", j),
                      f"service {s.name!r}", "remove the self-dependency")
            if d not in services:
                _fail(f"unknown service {d!r}", ("services", i, "depends_on", j),
                      f"service {s.name!r}", "declare it under services: (or fix the spelling)")
        _no_repeats(s.dependency_names, ("services", i, "depends_on"), f"service {s.name!r}",
                    "dependency")
        needed = [x if isinstance(x, str) else x.name for x in s.tools]
        for j, t in enumerate(needed):
            if t not in tools:
                _fail(f"unknown tool {t!r}", ("services", i, "tools", j), f"service {s.name!r}",
                      _TOOL_HINT)
        _no_repeats(needed, ("services", i, "tools"), f"service {s.name!r}", "tool")


def _check_team_members(sc: Scenario, people: set[str], services: set[str]) -> None:
    """Teams are not empty, their members are people and their services are declared."""
    candidates = {c.name for c in sc.candidates}
    for i, t in enumerate(sc.teams):
        if not t.members and not t.services and t.capacity is None:
            _fail(f"team {t.name!r} is empty", ("teams", i, "members"), f"team {t.name!r}",
                  "add members (people listed under people:) or remove the team")
        for j, m in enumerate(t.members):
            if m not in people:
                hint = ("candidates cannot be team members; move them to people: first"
                        if m in candidates else "list them under people: (or fix the spelling)")
                _fail(f"member {m!r} is not a person", ("teams", i, "members", j),
                      f"team {t.name!r}", hint)
        _no_repeats(t.members, ("teams", i, "members"), f"team {t.name!r}", "member")
        for j, s in enumerate(t.service_names):
            if s not in services:
                _fail(f"unknown service {s!r}", ("teams", i, "services", j),
                      f"team {t.name!r}", "declare it under services: (or fix the spelling)")
        _no_repeats(t.service_names, ("teams", i, "services"), f"team {t.name!r}", "service")


def _check_team_interactions(sc: Scenario) -> None:
    """Team interactions name other declared teams, once each."""
    team_names = {t.name for t in sc.teams}
    for i, t in enumerate(sc.teams):
        for j, x in enumerate(t.interactions):
            if x.team == t.name:
                _fail(f"team {t.name!r} interacts with itself", ("teams", i, "interactions", j),
                      f"team {t.name!r}", "remove the interaction")
            if x.team not in team_names:
                _fail(f"unknown team {x.team!r}", ("teams", i, "interactions", j, "team"),
                      f"team {t.name!r}", "declare it under teams: (or fix the spelling)")
        _no_repeats([x.team for x in t.interactions], ("teams", i, "interactions"),
                    f"team {t.name!r}", "interaction with team")


def _check_projects(sc: Scenario, people: set[str]) -> None:
    """Project members are people, listed once each."""
    for i, pr in enumerate(sc.projects):
        for j, m in enumerate(pr.members):
            if m not in people:
                _fail(f"member {m!r} is not a person", ("projects", i, "members", j),
                      f"project {pr.name!r}", "list them under people: (or fix the spelling)")
        _no_repeats(pr.members, ("projects", i, "members"), f"project {pr.name!r}", "member")


def _check_tasks(sc: Scenario, tools: set[str]) -> None:
    """Tasks need declared tools, once each, with weights only for required tools."""
    for i, task in enumerate(sc.tasks):
        for j, t in enumerate(task.tools):
            if t not in tools:
                _fail(f"unknown tool {t!r}", ("tasks", i, "tools", j), f"task {task.name!r}",
                      _TOOL_HINT)
        _no_repeats(task.tools, ("tasks", i, "tools"), f"task {task.name!r}", "tool")
        required = set(task.tools) if task.weights else ()
        for t in task.weights:
            if t not in required:
                _fail(f"weight given for tool {t!r} that task {task.name!r} does not require",
                      ("tasks", i, "weights", t), f"task {task.name!r}",
                      f"add {t!r} to the task's tools or remove its weight")


class Scenario(_Model):
    """A whole planning scenario.

    Attributes
    ----------
    name, description : str, optional
    tools : list of CognitiveTool
    people : list of Person
        Current staff; teams draw their members from here.
    candidates : list of Person
        People who could be hired (used by hiring what-ifs).
    teams : list of Team
    services : list of Service
    projects : list of Project
        Collaboration data (people x projects affiliation network).
    tasks : list of Task

    Raises
    ------
    ScenarioError
        On duplicate names, unknown references, empty teams, self-dependencies
        and prerequisite cycles; ``loc`` names the offending field.

    Examples
    --------
    >>> Scenario.model_validate({"tools": [{"name": "A", "requires": ["A"]}]})
    Traceback (most recent call last):
    ...
    teamsim.errors.ScenarioError: error: tool 'A' requires itself
      entity: tool 'A'
      field: tools[0].requires[0]
      fix: remove 'A' from its own requires
    """

    name: str | None = None
    description: str | None = None
    tools: list[CognitiveTool] = Field(default_factory=_no_items)
    people: list[Person] = Field(default_factory=_no_items)
    candidates: list[Person] = Field(default_factory=_no_items)
    teams: list[Team] = Field(default_factory=_no_items)
    services: list[Service] = Field(default_factory=_no_items)
    projects: list[Project] = Field(default_factory=_no_items)
    tasks: list[Task] = Field(default_factory=_no_items)

    # ------------------------------------------------------------------ validation
    @model_validator(mode="after")
    def _check(self) -> Scenario:
        """Apply every scenario rule in order; the first broken one raises.

        pydantic runs this again whenever a scenario is given to another model (a
        ``ReadResult``, a report), a second per 250,000 people: the identities of the fields
        last checked are kept beside them (like a cached property, outside the fields and
        equality), and the same field objects are not checked again. A ``model_copy`` with
        an update has new field objects, so it is checked.
        """
        fields = tuple(id(getattr(self, f)) for f in type(self).model_fields)
        if self.__dict__.get("_checked_fields") == fields:
            return self
        _check_unique_names(self)
        people = {p.name for p in self.people}
        tools = {t.name for t in self.tools}
        _check_tool_prerequisites(self, tools)
        _check_person_tools(self, tools)
        services = {s.name for s in self.services}
        _check_services(self, tools, services)
        _check_team_members(self, people, services)
        _check_team_interactions(self)
        _check_projects(self, people)
        _check_tasks(self, tools)
        self.__dict__["_checked_fields"] = fields
        return self

    # ------------------------------------------------------------------ lookups
    @cached_property
    def tool_names(self) -> list[str]:
        """Tool names in declaration order."""
        return [t.name for t in self.tools]

    @cached_property
    def tool_values(self) -> dict[str, float]:
        """Tool name -> value."""
        return {t.name: t.value for t in self.tools}

    @property
    def all_people(self) -> list[Person]:
        """People followed by candidates."""
        return [*self.people, *self.candidates]

    @cached_property
    def _people_by_name(self) -> dict[str, Person]:
        return {p.name: p for p in self.all_people}

    @cached_property
    def _tool_sets(self) -> dict[str, frozenset[str]]:
        # one closure per person: O(the person's effective tools + prerequisite edges among
        # them), never a table of every tool's closure (quadratic for a long chain)
        req = {t.name: t.requires for t in self.tools}
        return {p.name: _closure(req, p.tools) for p in self.all_people}

    def person(self, name: str) -> Person:
        """The person or candidate called ``name``.

        Raises
        ------
        ScenarioError
            If there is no such person.
        """
        try:
            return self._people_by_name[name]
        except KeyError:
            raise ScenarioError(
                f"unknown person {name!r}", entity=f"person {name!r}",
                hint=f"choose one of: {', '.join(sorted(self._people_by_name)) or '(none)'}",
            ) from None

    def locate_person(self, name: str) -> tuple[int, str]:
        """``(index, "people" | "candidates")`` of a person in the document."""
        for group, persons in (("people", self.people), ("candidates", self.candidates)):
            for i, p in enumerate(persons):
                if p.name == name:
                    return i, group
        self.person(name)  # raises
        raise AssertionError  # pragma: no cover

    def tool_set(self, name: str) -> frozenset[str]:
        """Effective tools of a person: listed tools plus implied prerequisites.

        Raises
        ------
        ScenarioError
            If there is no such person.
        """
        self.person(name)
        return self._tool_sets[name]

    def team(self, name: str) -> Team:
        """The team called ``name``.

        Raises
        ------
        ScenarioError
            If there is no such team.
        """
        return _find(self.teams, name, "team")

    def task(self, name: str) -> Task:
        """The task called ``name``.

        Raises
        ------
        ScenarioError
            If there is no such task.
        """
        return _find(self.tasks, name, "task")
