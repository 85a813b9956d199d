"""Prerequisites: some cognitive tools must be learned in order.

Tools form a directed acyclic graph (DAG) with an edge ``p -> t`` when tool
``p`` is a prerequisite of tool ``t`` (``t.requires`` contains ``p``). Scott E.
Page's example of tools "learned in order" (*The Diversity Bonus*, 2017, ch. 3)
is a chain A -> B -> C -> D -> E: anyone who knows D also knows A, B and C, so
tool sets along a chain are nested and a team of such people has no diversity
bonus.

Functions here take either a :class:`~teamsim.scenario.Scenario` or a plain
mapping ``{tool: [prerequisites]}`` so that the scenario model itself can use
them while validating.

Examples
--------
>>> req = {"A": [], "B": ["A"], "C": ["B"]}
>>> sorted(prerequisite_closure(req, ["C"]))
['A', 'B', 'C']
>>> find_prerequisite_cycle(req) is None
True
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from teamsim.errors import ScenarioError

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from teamsim.scenario import Scenario

__all__ = [
    "check_prerequisites",
    "find_prerequisite_cycle",
    "implied_prerequisites",
    "learning_order",
    "learning_path",
    "prerequisite_closure",
    "closure_table",
    "prerequisite_graph",
    "tool_depth",
]

Requires = Mapping[str, Iterable[str]]


def _requires(source: Scenario | Requires) -> dict[str, list[str]]:
    if isinstance(source, Mapping):
        return {t: list(r) for t, r in source.items()}
    return {t.name: list(t.requires) for t in source.tools}


def prerequisite_graph(source: Scenario | Requires) -> nx.DiGraph:
    """Build the prerequisite DAG.

    Parameters
    ----------
    source : Scenario or mapping of str to iterable of str
        A scenario, or ``{tool: prerequisites}``.

    Returns
    -------
    networkx.DiGraph
        One node per tool, an edge ``p -> t`` for each prerequisite ``p`` of ``t``.

    See Also
    --------
    tool_depth : The depth of each tool in it.
    find_prerequisite_cycle : A cycle that makes it no DAG.

    Examples
    --------
    >>> sorted(prerequisite_graph({"A": [], "B": ["A"]}).edges())
    [('A', 'B')]
    """
    import networkx as nx  # only here: loading scenarios needs no networkx

    req = _requires(source)
    g = nx.DiGraph()
    g.add_nodes_from(req)
    g.add_edges_from((p, t) for t, ps in req.items() for p in ps)
    return g


def _unlocks(req: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """Tool -> the tools it is a direct prerequisite of (every tool named is a key)."""
    unlocks: dict[str, list[str]] = {t: [] for t in req}
    for t, ps in req.items():
        for p in ps:
            unlocks.setdefault(p, []).append(t)
    return unlocks


def find_prerequisite_cycle(source: Scenario | Requires) -> list[str] | None:
    """Return one prerequisite cycle as a list of tools ``[a, b, ..., a]``, or None.

    An iterative depth-first search, O(tools + prerequisite edges): a chain of
    20,000 tools is checked in milliseconds and cannot exhaust the call stack. The
    cycle is given in learning direction (each tool is a prerequisite of the next),
    starting from its smallest name.

    Parameters
    ----------
    source : Scenario or mapping of str to iterable of str
        A scenario, or ``{tool: prerequisites}`` naming every tool as a key.

    Returns
    -------
    list of str or None
        The tools of one cycle, first tool repeated at the end, or None when
        the prerequisites form a DAG.

    See Also
    --------
    learning_order : A valid learning order, when there is no cycle.

    Examples
    --------
    >>> find_prerequisite_cycle({"A": ["B"], "B": ["A"]})
    ['A', 'B', 'A']
    >>> find_prerequisite_cycle({"A": [], "B": ["A"], "C": ["A", "B"]}) is None
    True
    """
    unlocks = _unlocks(_requires(source))
    done: set[str] = set()
    for root in unlocks:
        if root in done:
            continue
        path, on_path, todo = [root], {root}, [iter(unlocks[root])]
        while todo:
            for nxt in todo[-1]:
                if nxt in on_path:
                    cycle = path[path.index(nxt):]
                    i = cycle.index(min(cycle))
                    cycle = cycle[i:] + cycle[:i]
                    return cycle + [cycle[0]]
                if nxt not in done:
                    path.append(nxt)
                    on_path.add(nxt)
                    todo.append(iter(unlocks[nxt]))
                    break
            else:
                todo.pop()
                on_path.discard(last := path.pop())
                done.add(last)
    return None


def _closure(req: Mapping[str, Iterable[str]], tools: Iterable[str]) -> frozenset[str]:
    seen: set[str] = set()
    stack = list(tools)
    while stack:
        t = stack.pop()
        if t in seen:
            continue
        if t not in req:
            raise ScenarioError(f"unknown tool {t!r}", hint="declare it under tools:")
        seen.add(t)
        stack.extend(req[t])
    return frozenset(seen)


def prerequisite_closure(source: Scenario | Requires, tools: Iterable[str]) -> frozenset[str]:
    """The given tools together with all their direct and indirect prerequisites.

    Output-sensitive: O(size of the closure + the prerequisite edges inside it),
    after reading the scenario's ``{tool: requires}`` map once.

    Parameters
    ----------
    source : Scenario or mapping of str to iterable of str
        A scenario, or ``{tool: prerequisites}`` naming every tool as a key.
    tools : iterable of str
        Declared tool names.

    Returns
    -------
    frozenset of str
        ``tools`` and every tool reachable from them along prerequisite edges.

    Raises
    ------
    ScenarioError
        If a tool is not declared.

    See Also
    --------
    closure_table : Every tool's closure at once.

    Examples
    --------
    >>> sorted(prerequisite_closure({"A": [], "B": ["A"], "C": []}, ["B"]))
    ['A', 'B']
    """
    return _closure(_requires(source), tools)


def closure_table(source: Scenario | Requires) -> dict[str, frozenset[str]]:
    """Every tool's prerequisite closure (the tool and all its direct and indirect prerequisites).

    Computed once in learning order. The table's total size is the sum of all
    closures, which is quadratic for a long chain (20,000 tools: 200 million
    entries), so use it for small catalogues; :meth:`Scenario.tool_set` computes
    each person's closure alone instead.

    Parameters
    ----------
    source : Scenario or mapping of str to iterable of str
        A scenario, or ``{tool: prerequisites}`` naming every tool as a key.

    Returns
    -------
    dict of str to frozenset of str
        Tool -> the tool and all its direct and indirect prerequisites, keys in
        learning order.

    Raises
    ------
    ScenarioError
        The prerequisites hold a cycle.

    See Also
    --------
    prerequisite_closure : The closure of a few tools.

    Examples
    --------
    >>> {t: sorted(c) for t, c in closure_table({"A": [], "B": ["A"], "C": ["B"]}).items()}
    {'A': ['A'], 'B': ['A', 'B'], 'C': ['A', 'B', 'C']}
    """
    req = _requires(source)
    table: dict[str, frozenset[str]] = {}
    for t in learning_order(req):
        table[t] = frozenset({t}).union(*(table[p] for p in req[t]))
    return table


def implied_prerequisites(scenario: Scenario) -> dict[str, list[str]]:
    """For each person, the prerequisites they did not list but must know.

    By default teamsim assumes a person who lists a tool also knows its
    prerequisites (you cannot know D without A, B and C); the report says so.

    Parameters
    ----------
    scenario : Scenario
        The scenario; its people and candidates are checked.

    Returns
    -------
    dict of str to list of str
        Person name -> implied tools in learning order; people with none are omitted.

    See Also
    --------
    check_prerequisites : Refuse such people instead (strict mode).

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B", "requires": ["A"]}],
    ...                              "people": [{"name": "Ann", "tools": ["B"]}]})
    >>> implied_prerequisites(s)
    {'Ann': ['A']}
    """
    order = {t: i for i, t in enumerate(learning_order(scenario))}
    out: dict[str, list[str]] = {}
    for p in scenario.all_people:
        listed = set(p.tools)
        extra = scenario.tool_set(p.name) - listed
        if extra:
            out[p.name] = sorted(extra, key=order.__getitem__)
    return out


def check_prerequisites(scenario: Scenario, *, file: str | None = None) -> None:
    """Strict mode: raise if any person lists a tool without its prerequisites.

    Parameters
    ----------
    scenario : Scenario
        The scenario; its people and candidates are checked.
    file : str, optional
        The scenario's file, named in the error message.

    Raises
    ------
    ScenarioError
        Naming the first such person, where they are in the file and the
        missing prerequisites.

    See Also
    --------
    implied_prerequisites : The prerequisites each person did not list.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B", "requires": ["A"]}],
    ...                              "people": [{"name": "Ann", "tools": ["B"]}]})
    >>> try:
    ...     check_prerequisites(s)
    ... except ScenarioError as e:
    ...     print(e.entity)
    person 'Ann'
    """
    implied = implied_prerequisites(scenario)
    if implied:
        name, missing = next(iter(implied.items()))
        idx, group = scenario.locate_person(name)
        shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10:,} more" if len(missing) > 10 else "")
        raise ScenarioError(
            f"person {name!r} lists tools without their prerequisites {missing[:10]}"
            + (f" and {len(missing) - 10:,} more" if len(missing) > 10 else ""),
            file=file,
            entity=f"person {name!r}",
            loc=(group, idx, "tools"),
            hint=f"add {shown} to {name}'s tools, or run without --strict to imply prerequisites",
        )


def learning_order(source: Scenario | Requires) -> list[str]:
    """All tools in a valid learning order (prerequisites first, ties by name).

    Kahn's algorithm with a heap, O((tools + edges) log tools).

    Parameters
    ----------
    source : Scenario or mapping of str to iterable of str
        A scenario, or ``{tool: prerequisites}`` naming every tool as a key.

    Returns
    -------
    list of str
        Every tool once, each after all its prerequisites; among tools ready
        at the same time the smallest name first.

    Raises
    ------
    ScenarioError
        The prerequisites hold a cycle (a validated scenario never does).

    See Also
    --------
    find_prerequisite_cycle : The cycle that prevents an order.

    References
    ----------
    .. [1] Kahn, A. B., "Topological sorting of large networks", Communications
       of the ACM 5(11): 558-562, 1962.

    Examples
    --------
    >>> learning_order({"C": ["B"], "B": ["A"], "A": [], "X": []})
    ['A', 'B', 'C', 'X']
    """
    unlocks = _unlocks(_requires(source))
    waiting = dict.fromkeys(unlocks, 0)
    for ts in unlocks.values():
        for t in ts:
            waiting[t] += 1
    ready = [t for t, n in waiting.items() if n == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        t = heapq.heappop(ready)
        order.append(t)
        for u in unlocks[t]:
            waiting[u] -= 1
            if waiting[u] == 0:
                heapq.heappush(ready, u)
    if len(order) < len(unlocks):
        cycle = find_prerequisite_cycle(source) or []
        raise ScenarioError("prerequisite cycle " + " -> ".join(cycle),
                            hint="tools must be learnable in some order; remove one prerequisite "
                                 "in the cycle")
    return order


def learning_path(scenario: Scenario, person: str, target: str) -> list[str]:
    """The tools ``person`` still lacks to acquire ``target``, in learning order.

    The path includes ``target`` itself (unless the person already has it, in
    which case the path is empty). Prerequisites the person already has,
    explicitly or implied, are skipped.

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the person and the tools.
    person : str
        A person or candidate.
    target : str
        The tool to acquire.

    Returns
    -------
    list of str
        The missing tools of ``target``'s prerequisite closure, in
        :func:`learning_order`, ending with ``target``; empty when the person
        already holds it.

    Raises
    ------
    ScenarioError
        If the person or the tool is unknown.

    See Also
    --------
    teamsim.hiring.learning_plan : The same path as a result object.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({
    ...     "tools": [{"name": "A"}, {"name": "B", "requires": ["A"]},
    ...               {"name": "C", "requires": ["B"]}],
    ...     "people": [{"name": "Ann", "tools": ["A"]}]})
    >>> learning_path(s, "Ann", "C")
    ['B', 'C']
    """
    has = scenario.tool_set(person)
    if target not in scenario.tool_names:
        raise ScenarioError(
            f"unknown tool {target!r}", entity=f"tool {target!r}",
            hint=f"choose one of: {', '.join(sorted(scenario.tool_names))}",
        )
    needed = prerequisite_closure(scenario, [target]) - has
    order = learning_order(scenario)
    return [t for t in order if t in needed]


def tool_depth(source: Scenario | Requires) -> dict[str, int]:
    """Length of the longest prerequisite chain below each tool (0 = no prerequisites).

    Used to order tools on charts from foundational to advanced.

    Parameters
    ----------
    source : Scenario or mapping of str to iterable of str
        A scenario, or ``{tool: prerequisites}`` naming every tool as a key.

    Returns
    -------
    dict of str to int
        Tool -> number of edges on the longest prerequisite path ending at the
        tool, keys in learning order.

    Raises
    ------
    ScenarioError
        The prerequisites hold a cycle.

    See Also
    --------
    prerequisite_graph : The DAG it measures.
    learning_order : An order to learn tools in.

    Examples
    --------
    >>> tool_depth({"A": [], "B": ["A"], "C": ["A", "B"]})
    {'A': 0, 'B': 1, 'C': 2}
    """
    req = _requires(source)
    depth: dict[str, int] = {}
    for t in learning_order(req):
        depth[t] = 1 + max((depth[p] for p in req[t]), default=-1)
    return depth
