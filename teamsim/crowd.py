"""The Diversity Prediction Theorem: a crowd's error is its average error minus its diversity.

Forecasters predict a number (a delivery date, an estimate, a sales figure) for each
question; later the truth is known. For one question with truth θ and predictions
s_1, ..., s_n, the collective prediction is their mean c = (1/n) Σ s_i, and

.. math::

    (c - θ)^2 = \\frac{1}{n} \\sum_i (s_i - θ)^2 - \\frac{1}{n} \\sum_i (s_i - c)^2

**collective error = average individual error − prediction diversity** (Page 2007). It
is an identity, not an estimate: a crowd is never worse than its average member, and
at equal average error the more diverse crowd is the more accurate one.

Data are arrays of shape (forecasters, questions); ``NaN`` means "no prediction".
Each question's crowd is the forecasters who answered it (a documented choice: real
forecast logs have gaps), so the theorem holds question by question; the overall
numbers are means over questions (each question weighs the same), so it holds overall
too. The what-ifs ask what happens to the collective error when forecasters are
dropped (:func:`leave_one_out`) or when only the best k are kept (:func:`best_crowd`).

Examples
--------
>>> p = np.array([[2.0], [8.0], [11.0]])          # three forecasters, one question
>>> [float(x[0]) for x in decompose(p, np.array([5.0]))]
[4.0, 18.0, 14.0]
"""

from __future__ import annotations

import difflib
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from teamsim._results import Result
from teamsim.budget import check_memory, check_work, fits
from teamsim.errors import InputError
from teamsim.limits import check_count, limit

__all__ = [
    "CrowdChoice",
    "CrowdReport",
    "ForecasterEffect",
    "Predictions",
    "QuestionResult",
    "best_crowd",
    "check_table_memory",
    "crowd_report",
    "decompose",
    "leave_one_out",
]


@dataclass(frozen=True, eq=False)
class Predictions:
    """Predictions of F forecasters on Q questions, with the true answers.

    Attributes
    ----------
    forecasters : tuple of str, length F
    questions : tuple of str, length Q
    values : numpy.ndarray, shape (F, Q), float
        ``NaN`` where a forecaster made no prediction.
    truth : numpy.ndarray, shape (Q,), float
    source : str, optional
        The file they were read from.
    """

    forecasters: tuple[str, ...]
    questions: tuple[str, ...]
    values: np.ndarray
    truth: np.ndarray
    source: str | None = None


#: Peak bytes per forecaster x question cell of reading a predictions table and reporting on it:
#: the dense float64 table plus up to 7 arrays of its shape at once (its NaN-free copy, squared
#: errors, the leave-one-out sums and counts, masks); tracemalloc measures about 61.
BYTES_PER_CELL = 8 * 8


def check_table_memory(forecasters: int, questions: int, file: str | None = None) -> None:
    """Refuse a predictions table whose report would need more than ``max_memory_bytes``.

    The table is dense (forecasters x questions), so a sparse file -- every forecaster
    on other questions -- needs memory quadratic in its rows: 11,000 such rows need
    about 7.7 GB. The estimate is ``forecasters x questions x`` :data:`BYTES_PER_CELL`.

    Parameters
    ----------
    forecasters, questions : int
        The table's size.
    file : str, optional
        The predictions file, for the message.

    Raises
    ------
    InputError
        Over the limit, naming the sizes and ``TEAMSIM_MAX_MEMORY_BYTES``.

    See Also
    --------
    teamsim.budget.check_memory : The memory budget it applies.

    Examples
    --------
    >>> check_table_memory(1_000, 500)
    >>> try:
    ...     check_table_memory(20_000, 20_000, "p.csv")
    ... except InputError as e:
    ...     print(e.entity)
    20,000 forecasters x 20,000 questions
    """
    check_memory(forecasters * questions * BYTES_PER_CELL, file=file,
                 params="the forecasters or questions (the table is dense: split a sparse file)",
                 entity=f"{forecasters:,} forecasters x {questions:,} questions")


class QuestionResult(Result):
    """One question: the theorem's three terms over the forecasters who answered it."""

    question: str
    truth: float
    forecasters: int
    collective_prediction: float
    collective_error: float
    average_error: float
    diversity: float


class ForecasterEffect(Result):
    """One forecaster: their own error and what dropping them does to the crowd.

    ``change`` is the crowd's collective error without them minus with them: negative
    means the crowd is more accurate without them. It is None when they are the only
    forecaster on some question (``note`` says which).
    """

    name: str
    questions: int
    individual_error: float
    collective_error_without: float | None
    change: float | None
    note: str | None = None


class CrowdChoice(Result):
    """The k forecasters whose crowd has the smallest collective error.

    ``method`` is "exact" (every crowd of k enumerated) or "greedy" (forward
    selection, no guarantee); ``uncovered`` lists questions none of them answered.
    """

    k: int
    members: list[str]
    collective_error: float
    average_error: float
    diversity: float
    method: str
    exact: bool
    uncovered: list[str] = []
    note: str = ""


class CrowdReport(Result):
    """The theorem per question and overall, and the what-ifs.

    JSON shape: ``{"source", "forecasters", "dropped", "questions": [{"question", "truth",
    "forecasters", "collective_prediction", "collective_error", "average_error",
    "diversity"}], "collective_error", "average_error", "diversity", "best_individual",
    "best_individual_error", "drop_ranking": [{"name", "questions", "individual_error",
    "collective_error_without", "change", "note"}], "best_crowd"}``.
    """

    source: str | None
    forecasters: list[str]
    dropped: list[str]
    questions: list[QuestionResult]
    collective_error: float
    average_error: float
    diversity: float
    best_individual: str
    best_individual_error: float
    drop_ranking: list[ForecasterEffect]
    best_crowd: CrowdChoice | None = None


def _arrays(predictions: np.ndarray, truth: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(values with NaN -> 0, answered mask, truth) after checking shapes and values."""
    p = np.asarray(predictions, dtype=float)
    t = np.asarray(truth, dtype=float)
    if p.ndim != 2 or t.shape != (p.shape[1],):
        raise InputError(f"predictions of shape {p.shape} and truth of shape {t.shape} do not match",
                         hint="give predictions as (forecasters, questions) and one truth per question")
    answered = ~np.isnan(p)
    if not np.isfinite(t).all() or np.isinf(p).any():
        raise InputError("predictions and truths must be finite numbers (NaN marks a missing prediction)",
                         hint="remove infinite values and NaN truths")
    if p.shape[1] and not answered.any(axis=0).all():
        q = int(np.flatnonzero(~answered.any(axis=0))[0])
        raise InputError(f"question {q} has no prediction", hint="drop the question or add predictions")
    return np.where(answered, p, 0.0), answered, t


def decompose(predictions: np.ndarray, truth: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The theorem's three terms for every question.

    Parameters
    ----------
    predictions : array_like, shape (F, Q)
        ``NaN`` where a forecaster made no prediction; each question needs at least one.
    truth : array_like, shape (Q,)
        The true answer θ of each of the Q questions (finite).

    Returns
    -------
    collective_error, average_error, diversity : numpy.ndarray, shape (Q,)
        ``(c - θ)^2``, ``mean_i (s_i - θ)^2`` and ``mean_i (s_i - c)^2`` over the
        forecasters who answered; ``collective_error == average_error - diversity``
        up to rounding.

    Raises
    ------
    InputError
        Shapes that do not match, infinite values, a NaN truth, or a question nobody answered.

    See Also
    --------
    crowd_report : The theorem and the best crowd for a predictions file.
    leave_one_out : The crowd's error without each forecaster.

    References
    ----------
    .. [1] S. E. Page, *The Difference: How the Power of Diversity Creates Better Groups,
       Firms, Schools, and Societies*, Princeton University Press (2007), ch. 8
       "Diversity and Prediction", the Diversity Prediction Theorem:
       Collective Error = Average Individual Error - Prediction Diversity, that is
       ``(c - θ)^2 = (1/n) Σ_i (s_i - θ)^2 - (1/n) Σ_i (s_i - c)^2`` with
       ``c = (1/n) Σ_i s_i``.
    .. [2] S. E. Page, *The Diversity Bonus*, Princeton University Press (2017).

    Examples
    --------
    >>> c, a, d = decompose(np.array([[48.0], [47.0], [51.0]]), np.array([49.0]))
    >>> round(float(c[0]), 4), float(a[0]), round(float(d[0]), 4)   # 1/9, 3, 26/9
    (0.1111, 3.0, 2.8889)
    """
    p, m, t = _arrays(predictions, truth)
    n = m.sum(axis=0)
    c = p.sum(axis=0) / n
    average = np.where(m, (p - t) ** 2, 0.0).sum(axis=0) / n
    diversity = np.where(m, (p - c) ** 2, 0.0).sum(axis=0) / n
    return (c - t) ** 2, average, diversity


def _scores(sums: np.ndarray, counts: np.ndarray, truth: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For crowds given by prediction sums and counts (..., Q): (uncovered questions, mean collective
    error over the questions they cover; inf when they cover none)."""
    covered = counts > 0
    err = np.where(covered, (sums / np.where(covered, counts, 1) - truth) ** 2, 0.0)
    k = covered.sum(axis=-1)
    mean = np.divide(err.sum(axis=-1), k, out=np.full(k.shape, np.inf), where=k > 0)
    return covered.shape[-1] - k, mean


def leave_one_out(predictions: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """The overall collective error of the crowd without each forecaster in turn.

    Parameters
    ----------
    predictions : array_like, shape (F, Q)
        ``NaN`` where a forecaster made no prediction.
    truth : array_like, shape (Q,)
        The true answer θ of each of the Q questions (finite).

    Returns
    -------
    numpy.ndarray, shape (F,)
        Mean over questions of ``(c_{-j} - θ)^2``, c_{-j} the mean of the others'
        predictions; ``NaN`` when forecaster j is the only one on some question.

    See Also
    --------
    decompose : The theorem's three terms with every forecaster.

    Notes
    -----
    O(F·Q) from the column sums, no loop over forecasters.

    References
    ----------
    .. [1] S. E. Page, *The Difference*, Princeton University Press (2007), ch. 8
       (the Diversity Prediction Theorem: collective error = average error - diversity).

    Examples
    --------
    >>> leave_one_out(np.array([[48.0], [47.0], [51.0], [42.0]]), np.array([49.0])).round(3).tolist()
    [5.444, 4.0, 11.111, 0.111]
    """
    p, m, t = _arrays(predictions, truth)
    uncovered, err = _scores(p.sum(axis=0) - p, m.sum(axis=0) - m, t)
    return np.where(uncovered > 0, np.nan, err)


def _exact_crowd(p: np.ndarray, m: np.ndarray, t: np.ndarray, k: int) -> np.ndarray:
    f, q = p.shape
    best_key, best = (math.inf, math.inf), np.arange(k)
    it = itertools.combinations(range(f), k)
    chunk = max(1, 2**22 // max(1, k * q))
    while True:
        combos = np.array(list(itertools.islice(it, chunk)), dtype=np.int64).reshape(-1, k)
        if not len(combos):
            return best
        uncovered, err = _scores(p[combos].sum(axis=1), m[combos].sum(axis=1), t)
        i = int(np.lexsort((err, uncovered))[0])
        if (uncovered[i], err[i]) < best_key:
            best_key, best = (uncovered[i], err[i]), combos[i]


def _greedy_crowd(p: np.ndarray, m: np.ndarray, t: np.ndarray, k: int) -> np.ndarray:
    chosen: list[int] = []
    sums, counts = np.zeros(p.shape[1]), np.zeros(p.shape[1])
    free = np.ones(p.shape[0], bool)
    for _ in range(k):
        uncovered, err = _scores(sums + p, counts + m, t)
        uncovered = np.where(free, uncovered, p.shape[1] + 1)
        j = int(np.lexsort((err, uncovered))[0])
        chosen.append(j)
        free[j] = False
        sums, counts = sums + p[j], counts + m[j]
    return np.array(sorted(chosen))


def best_crowd(predictions: np.ndarray, truth: np.ndarray, k: int, *,
               method: str = "auto") -> tuple[np.ndarray, str]:
    """The k forecasters whose mean prediction has the smallest overall collective error.

    Parameters
    ----------
    predictions : array_like, shape (F, Q)
        ``NaN`` where a forecaster made no prediction.
    truth : array_like, shape (Q,)
        The true answer θ of each of the Q questions (finite).
    k : int
        Crowd size, 1 <= k <= F.
    method : {"auto", "exact", "greedy"}
        "exact" enumerates every crowd of k (up to the ``max_exact_subsets`` limit);
        "greedy" adds, k times, the forecaster that lowers the error most; "auto" is
        exact when C(F, k) is within the limit, else greedy.

    Returns
    -------
    members : numpy.ndarray of int, sorted
        Row indices of the k chosen forecasters.
    method : str
        "exact" or "greedy".

    Raises
    ------
    InputError
        k out of range, an unknown method, or "exact" over the limit.

    See Also
    --------
    decompose : The collective error of a crowd, per question.
    crowd_report : The theorem and the best crowd for a predictions file.

    Notes
    -----
    Crowds that leave fewer questions unanswered always win; among those, the
    smallest mean collective error over the questions they answer. Ties go to the
    first crowd in lexicographic order. Exact: O(C(F, k)·k·Q), vectorised in chunks;
    "auto" also turns to greedy (O(k·F·Q)) when the exact search is over the ``max_work`` limit.

    Examples
    --------
    >>> p = np.array([[48.0], [47.0], [51.0], [42.0]])
    >>> best_crowd(p, np.array([49.0]), 2)
    (array([1, 2]), 'exact')
    """
    p, m, t = _arrays(predictions, truth)
    f = p.shape[0]
    if not 1 <= k <= f:
        raise InputError(f"crowd size {k} is out of range: there are {f} forecasters", entity="--best",
                         hint=f"choose k between 1 and {f}")
    _check_method(method)
    count, q = math.comb(f, k), p.shape[1]
    exact_work = count * ((k + 5) * q // 4 + 50)   # k + 5 numpy passes of Q (1-3 ns each) per crowd
    entity = f"crowds of {k} from {f} forecasters over {q} questions"
    if method == "exact":
        check_count("max_exact_subsets", count, entity=entity)
        check_work(exact_work, params="--best (k) and the forecasters and questions", entity=entity)
    if method == "greedy" or (method == "auto" and (count > limit("max_exact_subsets")
                                                    or not fits(0, exact_work))):
        check_work(k * f * q, params="--best (k) and the forecasters and questions",
                   entity=f"greedy selection of {k} from {f} forecasters over {q} questions")
        return _greedy_crowd(p, m, t, k), "greedy"
    return _exact_crowd(p, m, t, k), "exact"


def _suggest(name: str, names: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, list(names), n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(repr(c) for c in close) + "?"
    return "the forecasters are: " + ", ".join(names[:10]) + (" ..." if len(names) > 10 else "")


def _drop(preds: Predictions, drop: Sequence[str]) -> Predictions:
    """The predictions without the dropped forecasters (refusing unknown names and empty questions)."""
    index = {n: i for i, n in enumerate(preds.forecasters)}
    for name in drop:
        if name not in index:
            raise InputError(f"unknown forecaster {name!r}", file=preds.source, entity="--drop",
                             hint=_suggest(name, preds.forecasters))
    keep = np.array([n not in set(drop) for n in preds.forecasters], bool)
    empty = ~(~np.isnan(preds.values[keep])).any(axis=0)
    if not keep.any() or empty.any():
        q = preds.questions[int(np.flatnonzero(empty)[0])] if empty.any() else None
        raise InputError("dropping " + ", ".join(repr(n) for n in drop) + " leaves "
                         + (f"question {q!r} without predictions" if q is not None else "nobody"),
                         file=preds.source, entity="--drop", hint="drop fewer forecasters")
    return Predictions(tuple(n for n, k in zip(preds.forecasters, keep) if k), preds.questions,
                       preds.values[keep], preds.truth, preds.source)


def _effects(preds: Predictions, overall: float) -> list[ForecasterEffect]:
    v, t = preds.values, preds.truth
    answered = ~np.isnan(v)
    own = np.where(answered, (np.nan_to_num(v) - t) ** 2, 0.0).sum(axis=1) / answered.sum(axis=1)
    without = leave_one_out(v, t)
    alone = answered & (answered.sum(axis=0) == 1)
    out = []
    for i, name in enumerate(preds.forecasters):
        w = None if math.isnan(without[i]) else float(without[i])
        note = None
        if w is None:
            only = [preds.questions[q] for q in np.flatnonzero(alone[i])]
            note = ("the only forecaster on " + ", ".join(repr(q) for q in only[:3])
                    + (" ..." if len(only) > 3 else "")) if only else "the only forecaster"
        out.append(ForecasterEffect(name=name, questions=int(answered[i].sum()),
                                    individual_error=float(own[i]), collective_error_without=w,
                                    change=None if w is None else w - overall, note=note))
    return sorted(out, key=lambda e: (e.change is None, e.change or 0.0, e.name))


def _choice(preds: Predictions, k: int, method: str) -> CrowdChoice:
    rows, used = best_crowd(preds.values, preds.truth, k, method=method)
    v = preds.values[rows]
    covered = (~np.isnan(v)).any(axis=0)
    c, a, d = decompose(v[:, covered], preds.truth[covered])
    exact = used == "exact"
    note = "" if exact else (f"greedy forward selection (C({len(preds.forecasters)}, {k}) crowds is over "
                             "the max_exact_subsets or max_work limit): no guarantee of the best crowd")
    return CrowdChoice(k=k, members=[preds.forecasters[i] for i in rows], collective_error=float(c.mean()),
                       average_error=float(a.mean()), diversity=float(d.mean()), method=used, exact=exact,
                       uncovered=[q for q, ok in zip(preds.questions, covered) if not ok], note=note)


def _check_method(method: str) -> None:
    if method not in ("auto", "exact", "greedy"):
        raise InputError(f"unknown method {method!r}", entity="--method", hint="choose auto, exact or greedy")


def crowd_report(preds: Predictions, *, drop: Sequence[str] = (), best: int | None = None,
                 method: str = "auto") -> CrowdReport:
    """The theorem per question and overall, each forecaster's effect, and the best crowd of k.

    Parameters
    ----------
    preds : Predictions
        The forecasters x questions predictions and the true answers.
    drop : sequence of str
        Forecasters to leave out first (the what-if "without them").
    best : int, optional
        Also find the best crowd of this size (see :func:`best_crowd`).
    method : {"auto", "exact", "greedy"}
        For ``best``.

    Returns
    -------
    CrowdReport
        Overall numbers are means over questions, so ``collective_error ==
        average_error - diversity`` holds overall too. ``drop_ranking`` lists the
        forecasters by the change in collective error when each is dropped alone, most
        helpful drop (most negative change) first.

    Raises
    ------
    InputError
        A forecaster without predictions, an unknown forecaster in ``drop``, a drop that
        leaves a question without predictions, a bad ``best``, an unknown ``method`` (also
        without ``best``), or a table too large for the ``max_memory_bytes`` limit
        (:func:`check_table_memory`).

    See Also
    --------
    decompose : The theorem's terms per question.
    best_crowd : The best sub-crowd.
    leave_one_out : Each forecaster's effect.

    Examples
    --------
    >>> preds = Predictions(("Ann", "Bo", "Cy"), ("q",), np.array([[2.0], [8.0], [11.0]]),
    ...                     np.array([5.0]))
    >>> r = crowd_report(preds)
    >>> r.collective_error, r.average_error, r.diversity, r.drop_ranking[0].name
    (4.0, 18.0, 14.0, 'Cy')
    """
    _check_method(method)   # even without best: a typo is not silently ignored
    check_table_memory(preds.values.shape[0], preds.values.shape[1], file=preds.source)
    silent = np.flatnonzero(np.isnan(preds.values).all(axis=1))
    if len(silent):
        raise InputError(f"forecaster {preds.forecasters[silent[0]]!r} has no prediction", file=preds.source,
                         hint="give them at least one prediction, or leave them out")
    data = _drop(preds, drop) if drop else preds
    c, a, d = decompose(data.values, data.truth)
    n = (~np.isnan(data.values)).sum(axis=0)
    mean = np.nanmean(data.values, axis=0)
    questions = [QuestionResult(question=q, truth=float(data.truth[i]), forecasters=int(n[i]),
                                collective_prediction=float(mean[i]), collective_error=float(c[i]),
                                average_error=float(a[i]), diversity=float(d[i]))
                 for i, q in enumerate(data.questions)]
    overall = float(c.mean())
    effects = _effects(data, overall)
    top = min(effects, key=lambda e: (e.individual_error, e.name))
    return CrowdReport(source=preds.source, forecasters=list(data.forecasters), dropped=list(drop),
                       questions=questions, collective_error=overall, average_error=float(a.mean()),
                       diversity=float(d.mean()), best_individual=top.name,
                       best_individual_error=top.individual_error, drop_ranking=effects,
                       best_crowd=None if best is None else _choice(data, best, method))
