"""Tool-set overlap between people: Jaccard overlap and nested tool sets (no diversity bonus)."""

from __future__ import annotations

import numpy as np

from teamsim._results import Result
from teamsim.ability import tool_matrix
from teamsim.budget import check_memory, check_work
from teamsim.errors import InputError
from teamsim.hiring._common import TeamArg, _members
from teamsim.scenario import Scenario


class PairOverlap(Result):
    """Two people and the overlap of their tool sets.

    ``nested`` is True when one set contains the other ("no diversity, no bonus").
    """

    a: str
    b: str
    jaccard: float
    shared: list[str]
    nested: bool


class OverlapReport(Result):
    """"Beware hiring managers": overlapping and nested tool sets in a team or pool.

    Attributes
    ----------
    people : list of str
    jaccard : list of list of float
        Pairwise Jaccard similarity |A & B| / |A | B| (1 on the diagonal; 0 for two empty sets).
    mean_jaccard : float
        Mean over pairs.
    diversity : float
        1 - mean_jaccard: mean pairwise Jaccard distance of the pool.
    coverage_ratio : float
        Union ability / sum of individual abilities (1 = no tool held twice).
    similar : list of PairOverlap
        Pairs with Jaccard >= threshold, most similar first.
    nested : list of PairOverlap
        Pairs whose tool sets are nested (one contains the other).
    threshold : float
    """

    people: list[str]
    jaccard: list[list[float]]
    mean_jaccard: float
    diversity: float
    coverage_ratio: float
    similar: list[PairOverlap]
    nested: list[PairOverlap]
    threshold: float


def overlap(
    scenario: Scenario, people: TeamArg = None, *, candidates: bool = False, threshold: float = 0.7,
) -> OverlapReport:
    """Pairwise overlap of tool sets in a team or a pool: similar pairs, nested pairs, diversity.

    Managers tend to hire people like the ones they have ("beware hiring managers",
    Page 2017): this flags pairs with highly overlapping (Jaccard >= threshold) or
    nested tool sets and reports the pool's diversity.

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, candidates, tools and tasks.
    people : str, sequence of str or None
        Team name, explicit names (people and/or candidates) or everyone.
    candidates : bool, default False
        Also include the scenario's candidates (when ``people`` is None or a team).
    threshold : float in [0, 1], default 0.7
        Pairs whose Jaccard similarity of tool sets is at least this are flagged.

    Returns
    -------
    OverlapReport
        Pairwise Jaccard similarities, the similar and nested pairs, and the
        pool's diversity (1 - mean pairwise Jaccard similarity).

    Raises
    ------
    InputError
        Fewer than two people, threshold outside [0, 1].

    See Also
    --------
    teamsim.ability.is_nested : Whether one tool set contains another.
    teamsim.hiring.rank_candidates : Candidates ranked by what they add.

    Notes
    -----
    J(A, B) = |A & B| / |A | B| (Jaccard 1901); all pairs at once from the Gram
    matrix H H^T of the people x tools matrix, O(n^2 t), and one result per pair
    (refused over the ``max_work`` or ``max_memory_bytes`` limit: about 2,800 people).

    References
    ----------
    .. [1] Jaccard, P., "Distribution de la flore alpine dans le bassin des Dranses et
       dans quelques regions voisines", Bull. Soc. Vaudoise Sci. Nat. 37: 241-272, 1901.
    .. [2] Page, S. E., *The Diversity Bonus*, Princeton University Press, 2017.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": x} for x in "ABC"],
    ...     "people": [{"name": "P", "tools": ["A", "B"]}, {"name": "Q", "tools": ["A"]},
    ...                {"name": "R", "tools": ["C"]}]})
    >>> r = overlap(s)
    >>> [(p.a, p.b, p.jaccard) for p in r.nested], round(r.diversity, 3)
    ([('P', 'Q', 0.5)], 0.833)
    """
    if not 0 <= threshold <= 1:
        raise InputError(f"threshold {threshold} is outside [0, 1]", entity="parameter threshold",
                         hint="give a Jaccard similarity between 0 and 1, e.g. 0.7")
    _, names = _members(scenario, people)
    if candidates and (people is None or isinstance(people, str)):
        names += [c.name for c in scenario.candidates]
    if len(names) < 2:
        raise InputError("overlap needs at least two people", hint="choose a bigger team or add candidates")
    # one PairOverlap per pair: measured 40-50 us and 1,230 bytes each (the people x people
    # matrices are small beside them)
    pairs_n = len(names) * (len(names) - 1) // 2
    entity = f"overlap of {len(names):,} people ({pairs_n:,} pairs)"
    check_memory(1_300 * pairs_n, params="people (team or pool)", entity=entity)
    check_work(5_000 * pairs_n, params="people (team or pool)", entity=entity)
    m = tool_matrix(scenario, names)
    h = m.held.astype(np.int64)
    inter = h @ h.T
    size = h.sum(axis=1)
    union = size[:, None] + size[None, :] - inter
    jac = np.where(union > 0, inter / np.maximum(union, 1), 0.0)
    np.fill_diagonal(jac, 1.0)
    nested_m = (inter == size[:, None]) | (inter == size[None, :])
    iu, ju = np.triu_indices(len(names), 1)
    pairs = []
    for i, j in zip(iu, ju):
        pairs.append(PairOverlap(a=names[i], b=names[j], jaccard=float(jac[i, j]),
                                 shared=[m.tools[c] for c in np.flatnonzero(m.held[i] & m.held[j])],
                                 nested=bool(nested_m[i, j] and size[i] + size[j] > 0)))
    mean = float(jac[iu, ju].mean())
    total = float(m.abilities().sum())
    return OverlapReport(
        people=names, jaccard=jac.round(6).tolist(), mean_jaccard=mean, diversity=1 - mean,
        coverage_ratio=m.union_value(np.arange(len(names))) / total if total > 0 else 1.0,
        similar=sorted((p for p in pairs if p.jaccard >= threshold), key=lambda p: -p.jaccard),
        nested=[p for p in pairs if p.nested], threshold=threshold)
