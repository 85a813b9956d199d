"""The small-world report of a network and of its time windows: C, L, the nulls, Q.

:func:`small_world` measures one affiliation network (:mod:`teamsim.smallworld.metrics`),
sets it against both random references (:mod:`teamsim.smallworld.null`) and gives the
CC ratio, the PL ratio and the small-world quotient Q with their intervals;
:func:`small_world_by_window` does it for every time window.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from pydantic import Field

from teamsim._results import Result
from teamsim.affiliation import AffiliationNetwork, time_windows
from teamsim.defaults import CLUSTERING_EXACT_EDGES, EXACT_LIMIT, NULL_SAMPLES, SAMPLE_SOURCES
from teamsim.errors import InputError
from teamsim.limits import check_count
from teamsim.seeds import DEFAULT_SEED, Seed, make_rng
from teamsim.smallworld.metrics import (
    WEDGE_SAMPLES,
    PathLength,
    _giant,
    _measure_clustering,
    _path_length,
)
from teamsim.smallworld.null import RandomExpectation, random_bipartite_expectation, randomize_affiliation

__all__ = ["NULL_SAMPLES", "SmallWorldReport", "SmallWorldSeries", "small_world", "small_world_by_window",
           "window_notes"]


class SmallWorldReport(Result):
    """Small-world measures of one affiliation network (one time window).

    Attributes
    ----------
    window : str or None
        Window label (``"2019"``, ``"2013-2019"``, ``"all"``).
    people, projects, memberships, edges : int
        N, M, person-project links, collaboration ties (edges of the projection).
    mean_projects_per_person, mean_project_size : float or None
    components : int
        Connected components of the projection.
    giant_size : int
    giant_share : float or None
        Share of people in the giant component.
    transitivity, average_clustering : float or None
    clustering_method : {"exact", "sampled"}
        ``sampled`` when the projection has more than ``exact_edges`` ties: both coefficients
        (and the shuffled networks') are then estimated from ``clustering_samples`` wedges each.
    clustering_samples : int
        Wedges sampled per coefficient (0 when exact).
    transitivity_se, average_clustering_se : float or None
        Standard errors of the two coefficients (0 when exact).
    path_length : PathLength
        With ``method`` ``"exact"`` or ``"sampled"`` (``sources``, ``se``).
    analytic, simulated : RandomExpectation
        ``simulated`` is None when ``null_samples=0``.
    cc_ratio, pl_ratio, q : float or None
        The headline ratios: against the simulated null (``simulated``), so Q = 1 for a
        network that is itself random. The analytic ratios of Newman, Strogatz & Watts are
        in ``analytic``.
    cc_ratio_ci, pl_ratio_ci, q_ci : list of two floats or None
        Their intervals (``simulated.cc_ci``, ``pl_ci``, ``q_ci``); an interval missing
        beside a defined ratio has its reason in ``undefined``.
    null_samples : int
        Shuffled networks behind the headline values.
    undefined : dict of str to str
        Field -> why it is None.
    """

    window: str | None = None
    people: int
    projects: int
    memberships: int
    edges: int
    mean_projects_per_person: float | None = None
    mean_project_size: float | None = None
    components: int = 0
    giant_size: int = 0
    giant_share: float | None = None
    transitivity: float | None = None
    average_clustering: float | None = None
    clustering_method: Literal["exact", "sampled"] = "exact"
    clustering_samples: int = 0
    transitivity_se: float | None = None
    average_clustering_se: float | None = None
    path_length: PathLength
    analytic: RandomExpectation
    simulated: RandomExpectation | None = None
    cc_ratio: float | None = None
    pl_ratio: float | None = None
    q: float | None = None
    cc_ratio_ci: list[float] | None = None
    pl_ratio_ci: list[float] | None = None
    q_ci: list[float] | None = None
    null_samples: int = 0
    undefined: dict[str, str] = Field(default_factory=dict)


class SmallWorldSeries(Result):
    """Small-world reports over time windows.

    Attributes
    ----------
    source : str or None
    width : int
        Window width in years.
    windows : list of SmallWorldReport
    notes : list of str
        What a reader must know to read the windows: projects without a year (in their
        own ``undated`` window), a window wider than the history.
    """

    source: str | None = None
    width: int = 1
    windows: list[SmallWorldReport] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)



def _with_ratios(r: RandomExpectation, c: float | None, c_local: float | None, length: float | None,
                 c_reason: str | None, l_reason: str | None) -> RandomExpectation:
    und = dict(r.undefined)
    cc = pl = q = ccl = None
    if c is None:
        und["cc_ratio"] = f"actual transitivity undefined ({c_reason})"
    elif r.transitivity is None:
        und["cc_ratio"] = f"random transitivity undefined ({und.get('transitivity', 'see transitivity')})"
    elif r.transitivity == 0:
        und["cc_ratio"] = "random transitivity is 0 (no project of three or more people)"
    else:
        cc = c / r.transitivity
    if length is None:
        und["pl_ratio"] = f"actual path length undefined ({l_reason})"
    elif r.path_length is None:
        und["pl_ratio"] = f"random path length undefined ({und.get('path_length', 'see path_length')})"
    else:
        pl = length / r.path_length
    if cc is not None and pl is not None:
        q = cc / pl
    else:
        und["q"] = "needs both the CC ratio and the PL ratio"
    if r.kind == "simulated":
        if c_local is not None and r.average_clustering:
            ccl = c_local / r.average_clustering
        else:
            und["cc_ratio_local"] = "random average clustering is 0 or undefined"
    return r.model_copy(update={"cc_ratio": cc, "pl_ratio": pl, "q": q, "cc_ratio_local": ccl,
                                "undefined": und})


def _measure_null(net: AffiliationNetwork, samples: int, *, exact_limit: int, sources: int,
                  exact_edges: int, rng: np.random.Generator
                  ) -> tuple[list[float | None], list[float], list[float | None]]:
    """Transitivity, average clustering and path length of ``samples`` shuffled networks."""
    cs, cls, ls = [], [], []
    for _ in range(samples):
        shuffled = randomize_affiliation(net, seed=rng)
        r, est = _measure_clustering(shuffled, exact_edges=exact_edges, samples=WEDGE_SAMPLES, rng=rng)
        cs.append(est.transitivity)
        cls.append(est.average_clustering)
        ls.append(_path_length(r, _giant(r, shuffled)[2], exact_limit=exact_limit, sources=sources,
                               seed=rng).value)
    return cs, cls, ls


def _percentiles(values: npt.NDArray[np.float64], confidence: float) -> list[float]:
    lo, hi = np.quantile(values, [(1 - confidence) / 2, (1 + confidence) / 2])
    return [float(lo), float(hi)]


def _simulated(net: AffiliationNetwork, samples: int, c: float | None, c_local: float,
               length: float | None, reasons: tuple[str | None, str | None], *, exact_limit: int,
               sources: int, exact_edges: int, confidence: float, rng: np.random.Generator
               ) -> RandomExpectation:
    """The simulated null: means over ``samples`` shuffled networks, the ratios against the
    means and the percentile intervals of the ratios against each network alone."""
    cs, cls, ls = _measure_null(net, samples, exact_limit=exact_limit, sources=sources,
                                exact_edges=exact_edges, rng=rng)
    und: dict[str, str] = {}
    known_cs = [x for x in cs if x is not None]
    rc = float(np.mean(known_cs)) if len(known_cs) == len(cs) else None
    if rc is None:
        und["transitivity"] = "a shuffled network has no connected triples"
    known_ls = [x for x in ls if x is not None]
    rl = float(np.mean(known_ls)) if len(known_ls) == len(ls) else None
    if rl is None:
        und["path_length"] = "a shuffled network's giant component has fewer than two people"
    null = RandomExpectation(kind="simulated", transitivity=rc, average_clustering=float(np.mean(cls)),
                             path_length=rl, samples=samples, undefined=und)
    r = _with_ratios(null, c, c_local, length, *reasons)
    return r.model_copy(update=_intervals(r, c, length, cs, ls, confidence))


def _intervals(r: RandomExpectation, c: float | None, length: float | None, cs: list[float | None],
               ls: list[float | None], confidence: float) -> dict[str, Any]:
    """``cc_ci``, ``pl_ci``, ``q_ci`` of the ratios against each shuffled network alone, or, for
    a defined ratio without an interval, the reason under ``undefined``."""
    ci: dict[str, list[float]] = {}
    und = dict(r.undefined)
    zeros = sum(1 for x in cs if x == 0)
    no_spread = "one shuffled network: no spread to give an interval (use 20 or more null samples)"
    no_triangle = (f"{zeros} of {len(cs)} shuffled networks have transitivity 0 (no closed triple): the "
                   "ratio against them alone is undefined")
    for key, ratio, needs_c in (("cc_ci", r.cc_ratio, True), ("pl_ci", r.pl_ratio, False),
                                ("q_ci", r.q, True)):
        if ratio is None:
            continue   # the ratio's own reason explains
        if len(cs) < 2 or (needs_c and zeros):
            und[key] = no_spread if len(cs) < 2 else no_triangle
            continue
        pl = length / np.asarray(ls, float)
        values = pl
        if needs_c:
            cc = c / np.asarray(cs, float)
            values = cc / pl if key == "q_ci" else cc
        ci[key] = _percentiles(values, confidence)
    return {**ci, "undefined": und}


def _empty_report(window: str | None, m: int, null_samples: int, confidence: float) -> SmallWorldReport:
    why = "empty window: no projects with people"
    und = {k: why for k in ("mean_projects_per_person", "mean_project_size", "giant_share",
                            "transitivity", "cc_ratio", "pl_ratio", "q")}
    an = RandomExpectation(kind="analytic", undefined={"transitivity": why, "path_length": why})
    sim = (RandomExpectation(kind="simulated", undefined={"transitivity": why, "path_length": why})
           if null_samples else None)
    return SmallWorldReport(window=window, people=0, projects=m, memberships=0, edges=0,
                            path_length=PathLength(undefined=why, confidence=confidence), analytic=an,
                            simulated=sim, null_samples=null_samples, undefined=und)


def _check_samples(null_samples: int) -> None:
    if isinstance(null_samples, bool) or not isinstance(null_samples, (int, np.integer)) or null_samples < 0:
        raise InputError(f"null_samples = {null_samples!r} is not a whole number >= 0",
                         entity="null_samples", hint=f"give a positive count, e.g. {NULL_SAMPLES}")
    check_count("max_null_samples", int(null_samples), entity="--null-samples",
                what="shuffled networks of the simulated null:")


def small_world(net: AffiliationNetwork, *, window: str | None = None, null_samples: int = NULL_SAMPLES,
                exact_limit: int = EXACT_LIMIT, sources: int = SAMPLE_SOURCES,
                exact_edges: int = CLUSTERING_EXACT_EDGES, confidence: float = 0.95,
                seed: Seed = DEFAULT_SEED) -> SmallWorldReport:
    """The small-world report of an affiliation network: C, L, random expectations and Q.

    Parameters
    ----------
    net : AffiliationNetwork
        People x projects memberships (with project years for time windows).
    window : str, optional
        Label copied into the report.
    null_samples : int, default 20
        Shuffled networks for the simulated null, which gives the headline CC ratio, PL ratio
        and Q and their intervals (0 = analytic only: the headline values are then None).
        At most ``TEAMSIM_MAX_NULL_SAMPLES``.
    exact_limit, sources
        Path length options, see :func:`mean_path_length`.
    exact_edges : int, default 500,000
        Clustering is counted exactly in projections of up to this many ties, else estimated
        from sampled wedges (:func:`~teamsim.smallworld.metrics.estimate_clustering`).
    confidence : float, default 0.95
        Level of the intervals (sampled path length, ``q_ci``, ``cc_ratio_ci``, ``pl_ratio_ci``).
    seed : int, numpy Generator or None, default 0
        For path-length sampling and the simulated null; reproducible by default.

    Returns
    -------
    SmallWorldReport
        Never raises on degenerate networks; undefined values are None with a reason.

    Raises
    ------
    InputError
        ``null_samples`` negative, not a whole number or over the limit.

    See Also
    --------
    small_world_by_window : The same per time window.
    teamsim.smallworld.clustering_coefficients : C alone.
    teamsim.smallworld.mean_path_length : L alone.

    Notes
    -----
    ``Q = (C / C_r) / (L / L_r)`` (Uzzi & Spiro 2005, the small-world quotient), with C the
    transitivity. Headline: ``C_r, L_r`` are the means over ``null_samples`` networks from
    :func:`randomize_affiliation` (the bipartite configuration model: degrees kept on both
    sides), measured the same way as the real one; ``q_ci`` is the central ``confidence``
    range of Q against each shuffled network alone, so a random network's Q is 1 within it.
    Beside it, ``analytic`` holds the generating-function values of
    :func:`random_bipartite_expectation` (Newman, Strogatz & Watts 2001, Eq. 54 for L) with
    the ``flags`` of the assumptions that fail. Cost: one projection O(sum_k n_k^2),
    clustering O(m^1.5), path length as :func:`mean_path_length`, times (1 + null_samples).

    References
    ----------
    .. [1] B. Uzzi and J. Spiro, "Collaboration and Creativity: The Small World Problem",
       American Journal of Sociology 111(2), 447-504 (2005): the small-world quotient
       Q = CC ratio / PL ratio and its two ratios against a random bipartite network.
    .. [2] M. E. J. Newman, S. H. Strogatz and D. J. Watts, Phys. Rev. E 64, 026118 (2001):
       the random bipartite expectation, Eq. (54) for the path length.
    .. [3] D. J. Watts and S. H. Strogatz, Nature 393, 440-442 (1998): C and L of a small world.

    Examples
    --------
    >>> from teamsim.affiliation import affiliation_from_members
    >>> r = small_world(affiliation_from_members({"x": ["solo"]}))
    >>> r.people, r.transitivity, r.path_length.value, r.undefined["transitivity"][:20]
    (1, None, None, 'no connected triples')
    """
    _check_samples(null_samples)
    rng = make_rng(seed)
    n, m = net.n_people, net.n_projects
    if n == 0:
        return _empty_report(window, m, null_samples, confidence)
    und: dict[str, str] = {}
    dp, ns = net.projects_per_person, net.project_sizes
    a, clus = _measure_clustering(net, exact_edges=exact_edges, samples=WEDGE_SAMPLES, rng=rng)
    c, c_local = clus.transitivity, clus.average_clustering
    ncomp, _, giant = _giant(a, net)
    c_reason = None
    if c is None:
        c_reason = und["transitivity"] = "no connected triples: nobody has two collaborators"
    pl = _path_length(a, giant, exact_limit=exact_limit, sources=sources, confidence=confidence, seed=rng)
    if pl.value is None:
        und["path_length"] = pl.undefined or "undefined"
    reasons = (c_reason, pl.undefined)
    an = _with_ratios(random_bipartite_expectation(dp, ns), c, c_local, pl.value, *reasons)
    sim = None
    if null_samples > 0:
        # the shuffled networks are measured as the observed one was: exact or estimated alike
        sim = _simulated(net, null_samples, c, c_local, pl.value, reasons,
                         exact_limit=1 if pl.method == "sampled" else max(exact_limit, n), sources=sources,
                         exact_edges=-1 if clus.method == "sampled" else a.shape[0] ** 2,
                         confidence=confidence, rng=rng)
    head = sim or RandomExpectation(kind="simulated", undefined={
        k: "no simulated null (null_samples = 0): see analytic" for k in ("cc_ratio", "pl_ratio", "q")})
    for k in ("cc_ratio", "pl_ratio", "q"):
        if getattr(head, k) is None:
            und[k] = head.undefined.get(k, "undefined")
    for k, ci in (("cc_ratio_ci", "cc_ci"), ("pl_ratio_ci", "pl_ci"), ("q_ci", "q_ci")):
        if ci in head.undefined:
            und[k] = head.undefined[ci]
    return SmallWorldReport(
        window=window, people=n, projects=m, memberships=int(dp.sum()), edges=int(a.nnz // 2),
        mean_projects_per_person=float(dp.mean()), mean_project_size=float(ns.mean()) if m else None,
        components=int(ncomp), giant_size=len(giant), giant_share=len(giant) / n,
        transitivity=c, average_clustering=c_local, clustering_method=clus.method,
        clustering_samples=clus.samples, transitivity_se=clus.transitivity_se,
        average_clustering_se=clus.average_clustering_se, path_length=pl, analytic=an, simulated=sim,
        cc_ratio=head.cc_ratio, pl_ratio=head.pl_ratio, q=head.q, cc_ratio_ci=head.cc_ci,
        pl_ratio_ci=head.pl_ci, q_ci=head.q_ci, null_samples=null_samples, undefined=und)


def small_world_by_window(net: AffiliationNetwork, *, width: int = 1, source: str | None = None,
                          **options: Any) -> SmallWorldSeries:
    """:func:`small_world` for every time window of ``width`` years.

    Windows as :func:`~teamsim.affiliation.time_windows`.

    Parameters
    ----------
    net : AffiliationNetwork
        People x projects memberships (with project years for time windows).
    width : int, default 1
        Window width in years (>= 1).
    source : str, optional
        Copied into the result.
    **options
        Passed to :func:`small_world` (``null_samples``, ``exact_limit``, ``sources``, ``seed``...).

    Returns
    -------
    SmallWorldSeries

    Raises
    ------
    InputError
        If ``width`` < 1, or ``null_samples`` is negative or over the limit (before any
        window is measured).

    See Also
    --------
    small_world : One network.
    teamsim.affiliation.time_windows : How the windows are cut.
    window_notes : What to know about the windows' values.

    Examples
    --------
    >>> from teamsim.affiliation import affiliation_from_members
    >>> net = affiliation_from_members({"a": ["x", "y"], "b": ["y", "z"]}, years={"a": 2020, "b": 2022})
    >>> [(w.window, w.people) for w in small_world_by_window(net, null_samples=0).windows]
    [('2020', 2), ('2021', 0), ('2022', 2)]
    """
    _check_samples(options.get("null_samples", NULL_SAMPLES))
    return SmallWorldSeries(source=source, width=width, notes=window_notes(net, width=width),
                            windows=[small_world(w, window=label, **options)
                                     for label, w in time_windows(net, width=width)])


def window_notes(net: AffiliationNetwork, *, width: int = 1) -> list[str]:
    """Notes on how :func:`~teamsim.affiliation.time_windows` cuts a network.

    Parameters
    ----------
    net : AffiliationNetwork
        People x projects memberships (with project years for time windows).
    width : int, default 1
        Window width in years.

    Returns
    -------
    list of str
        One note per fact a reader needs: projects without a year and where they are
        counted, and a window wider than the whole history.

    See Also
    --------
    small_world_by_window : The series these notes are about.

    Examples
    --------
    >>> from teamsim.affiliation import affiliation_from_members
    >>> net = affiliation_from_members({"a": ["x", "y"], "T": ["x", "z"]}, years={"a": 2020})
    >>> window_notes(net, width=3)  # doctest: +NORMALIZE_WHITESPACE
    ["1 project without a year (T): not counted in the yearly windows; it forms the
      'undated' window", 'window of 3 years is wider than the history (2020, 1 year):
      one window over all of it']
    """
    undated = [p for p, y in zip(net.projects, net.years, strict=True) if y is None]
    dated = sorted({y for y in net.years if y is not None})
    notes = []
    if undated:
        names = ", ".join(undated[:3]) + (f", ... ({len(undated) - 3} more)" if len(undated) > 3 else "")
        n = len(undated)
        what = f"{n} project{'s' if n != 1 else ''} without a year ({names})"
        if dated:
            notes.append(f"{what}: not counted in the yearly windows; "
                         f"{'they form' if n != 1 else 'it forms'} the 'undated' window")
        else:
            notes.append(f"no project has a year: one window 'all' over every project and team "
                         f"({n})")
    if dated and width > 1 and dated[-1] - dated[0] + 1 < width:
        span = dated[-1] - dated[0] + 1
        rng = str(dated[0]) if span == 1 else f"{dated[0]}-{dated[-1]}"
        notes.append(f"window of {width} years is wider than the history ({rng}, {span} "
                     f"year{'s' if span != 1 else ''}): one window over all of it")
    return notes
