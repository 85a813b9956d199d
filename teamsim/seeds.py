"""Seeds: one way for every simulation in teamsim to turn a user's seed into random numbers.

A seed may be a non-negative int, a :class:`numpy.random.SeedSequence`, a
:class:`numpy.random.Generator` or None (fresh entropy). Independent streams for
the parts of a run (the landscapes of a Hong-Page experiment, the points of a
parameter sweep) are the children of one ``SeedSequence``, as NumPy recommends:
child ``i`` depends only on the seed and ``i``, so results do not depend on how
many workers run the parts or in which order they finish.

Examples
--------
>>> a = spawn(7, 3)
>>> [int(s.generate_state(1)[0]) == int(b.generate_state(1)[0]) for s, b in zip(a, spawn(7, 3))]
[True, True, True]
>>> a[2].spawn_key
(2,)
"""

from __future__ import annotations

import secrets

import numpy as np

from teamsim.defaults import DEFAULT_SEED
from teamsim.errors import InputError

__all__ = ["DEFAULT_SEED", "Seed", "make_rng", "seed_int", "seed_sequence", "spawn"]

Seed = int | np.random.Generator | np.random.SeedSequence | None


def seed_sequence(seed: Seed) -> np.random.SeedSequence:
    """The ``SeedSequence`` behind ``seed``.

    Parameters
    ----------
    seed : int >= 0, SeedSequence, Generator or None
        A Generator is consumed: one 63-bit integer is drawn from it. None gives fresh
        entropy from the operating system.

    Returns
    -------
    numpy.random.SeedSequence
        For an int ``s``, ``SeedSequence(s)``; a SeedSequence is returned as given.

    Raises
    ------
    InputError
        A negative int, a bool or any other type.

    See Also
    --------
    make_rng : A Generator from a seed.
    spawn : Independent child streams.

    Examples
    --------
    >>> seed_sequence(3).entropy
    3
    >>> seed_sequence(-1)
    Traceback (most recent call last):
    ...
    teamsim.errors.InputError: error: seed must be a non-negative integer, a numpy Generator or None, got -1
      entity: parameter seed
      fix: pass e.g. seed=0
    """
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if isinstance(seed, np.random.Generator):
        return np.random.SeedSequence(int(seed.integers(2**63)))
    if seed is None or (isinstance(seed, (int, np.integer)) and not isinstance(seed, bool) and seed >= 0):
        return np.random.SeedSequence(None if seed is None else int(seed))
    raise InputError(f"seed must be a non-negative integer, a numpy Generator or None, got {seed!r}",
                     entity="parameter seed", hint="pass e.g. seed=0")


def seed_int(seed: Seed) -> int | None:
    """An int that reproduces ``seed``, to record beside results.

    Parameters
    ----------
    seed : int >= 0, SeedSequence, Generator or None
        None draws a fresh 63-bit seed and a Generator gives one 63-bit draw, so the
        run can be repeated (and resumed) from the recorded number.

    Returns
    -------
    int or None
        None only for a SeedSequence that is itself a child (a spawn key) or has
        non-integer entropy: no single int reproduces it.

    Raises
    ------
    InputError
        As :func:`seed_sequence`.

    See Also
    --------
    seed_sequence : The SeedSequence behind a seed.

    Examples
    --------
    >>> seed_int(5), seed_int(np.random.SeedSequence(5).spawn(1)[0])
    (5, None)
    >>> 0 <= seed_int(None) < 2**63
    True
    """
    if seed is None:
        return secrets.randbits(63)
    seq = seed_sequence(seed)
    if seq.spawn_key or not isinstance(seq.entropy, int) or seq.entropy >= 2**63:
        return None
    return seq.entropy


def spawn(seed: Seed, n: int) -> list[np.random.SeedSequence]:
    """The first ``n`` children of ``seed``'s ``SeedSequence``.

    Unlike ``SeedSequence.spawn`` this does not depend on children spawned before:
    the same seed always gives the same children.

    Parameters
    ----------
    seed : int >= 0, SeedSequence, Generator or None
        The parent seed, as for :func:`seed_sequence` (a Generator is consumed).
    n : int
        Number of children.

    Returns
    -------
    list of numpy.random.SeedSequence
        Child ``i`` has spawn key ``seed.spawn_key + (i,)``, exactly
        ``SeedSequence(seed).spawn(n)[i]`` for an int seed.

    See Also
    --------
    seed_sequence : The parent of the children.
    teamsim.sweep.sweep : Gives each run of a sweep its own child.

    Examples
    --------
    >>> s = np.random.SeedSequence(1)
    >>> _ = s.spawn(5)
    >>> spawn(s, 2)[1].spawn_key == np.random.SeedSequence(1).spawn(2)[1].spawn_key
    True
    """
    seq = seed_sequence(seed)
    return [np.random.SeedSequence(seq.entropy, spawn_key=(*seq.spawn_key, i), pool_size=seq.pool_size)
            for i in range(n)]


def make_rng(seed: Seed) -> np.random.Generator:
    """A Generator for ``seed``: a Generator is used as given, anything else seeds PCG64.

    Parameters
    ----------
    seed : int >= 0, SeedSequence, Generator or None
        The seed; None gives fresh entropy from the operating system.

    Returns
    -------
    numpy.random.Generator
        For an int or SeedSequence, the same as ``numpy.random.default_rng(seed)``.

    Raises
    ------
    InputError
        As :func:`seed_sequence`.

    See Also
    --------
    seed_sequence : The SeedSequence behind a seed.
    spawn : Independent child streams.

    Examples
    --------
    >>> float(make_rng(2).random()) == float(np.random.default_rng(2).random())
    True
    """
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.Generator(np.random.PCG64(seed_sequence(seed)))
