"""Redundancy and nesting: how many people hold each tool, tools only one person holds, and
nested tool sets (one person's tools inside another's).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from teamsim.ability.matrix import tool_matrix
from teamsim.scenario import Scenario

__all__ = ["is_nested", "nested_rows", "tool_redundancy", "unique_tools"]


def tool_redundancy(scenario: Scenario, members: Sequence[str] | None = None) -> dict[str, int]:
    """Number of members holding each tool (0 = nobody; 1 = a single point of failure).

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, candidates, tools and tasks.
    members : sequence of str, optional
        People and/or candidates counted (default: the scenario's people).

    Returns
    -------
    dict of str to int
        For every tool of the scenario, in declaration order, how many of the
        members hold it (prerequisites implied).

    See Also
    --------
    unique_tools : The tools held by exactly one member, and by whom.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B"}],
    ...     "people": [{"name": "P", "tools": ["A"]}, {"name": "Q", "tools": ["A"]}]})
    >>> tool_redundancy(s)
    {'A': 2, 'B': 0}
    """
    m = tool_matrix(scenario, members)
    return dict(zip(m.tools, m.held.sum(axis=0).astype(int).tolist()))


def unique_tools(scenario: Scenario, members: Sequence[str] | None = None) -> dict[str, list[str]]:
    """Tools held by exactly one member, grouped by that member (members with none omitted).

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, candidates, tools and tasks.
    members : sequence of str, optional
        People and/or candidates considered (default: the scenario's people).

    Returns
    -------
    dict of str to list of str
        ``{member: [tools only this member holds]}``, in member and tool order.

    See Also
    --------
    tool_redundancy : How many members hold each tool.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B"}],
    ...     "people": [{"name": "P", "tools": ["A", "B"]}, {"name": "Q", "tools": ["A"]}]})
    >>> unique_tools(s)
    {'P': ['B']}
    """
    m = tool_matrix(scenario, members)
    single = m.held.sum(axis=0) == 1
    out: dict[str, list[str]] = {}
    for i, p in enumerate(m.people):
        tools = [m.tools[j] for j in np.flatnonzero(m.held[i] & single)]
        if tools:
            out[p] = tools
    return out


def is_nested(scenario: Scenario, members: Sequence[str]) -> bool:
    """True when the members' tool sets form a chain under inclusion.

    Nested tool sets mean "no diversity, no bonus": the best member already
    holds every tool of the team (Page 2017), e.g. tools learned in the same
    order. Teams of fewer than two people are not nested.

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, candidates, tools and tasks.
    members : sequence of str
        People (or candidates) on the team.

    Returns
    -------
    bool
        True when for every two members one's tools (prerequisites implied)
        include the other's.

    See Also
    --------
    nested_rows : The same test on a boolean people x tools matrix.
    teamsim.ability.diversity_bonus : Zero for a nested team.

    References
    ----------
    .. [1] Page, S. E., *The Diversity Bonus*, Princeton University Press, 2017.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B"}],
    ...     "people": [{"name": "P", "tools": ["A", "B"]}, {"name": "Q", "tools": ["A"]}]})
    >>> is_nested(s, ["P", "Q"])
    True
    """
    if len(members) < 2:
        return False
    return nested_rows(tool_matrix(scenario, members).held)


def nested_rows(held: np.ndarray) -> bool:
    """True when the rows of a people x tools matrix form a chain under inclusion.

    Fewer than two rows are not nested. Used by :func:`is_nested` and by
    reports that already hold a :class:`ToolMatrix`.

    Parameters
    ----------
    held : numpy.ndarray of bool, shape (n, t)
        ``held[i, j]`` is True when person i holds tool j.

    Returns
    -------
    bool
        True when n >= 2 and, for every two rows, one row's True cells include
        the other's.

    See Also
    --------
    is_nested : The same test on named members of a scenario.

    Examples
    --------
    >>> nested_rows(np.array([[True, False], [True, True]]))
    True
    >>> nested_rows(np.array([[True, False], [False, True]]))
    False
    """
    if len(held) < 2:
        return False
    h = held[np.argsort(-held.sum(axis=1), kind="stable")]
    # a chain iff each set contains the next smaller one
    return bool(np.all(h[:-1] | ~h[1:]))
