"""Compiled inner loops of the network metrics (numba, compiled once and cached on disk).

Kernels that numpy cannot vectorise without many passes over arrays larger than the
graph: triangle counting (every wedge of the degree-oriented graph is checked against a
marker array, one cache line at a time) and bit-parallel breadth-first search (64 sources
per machine word). Both take a CSR adjacency (``indptr``, ``indices``) of a simple
undirected graph: symmetric, no self-loops, no repeated entries.

Private: :mod:`teamsim.smallworld` wraps them with input checks and the public API.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypedDict, cast

import numba as nb
import numpy as np
import numpy.typing as npt
from numba.core.typing.templates import Signature
from numba.extending import intrinsic

__all__ = ["bfs_distance_sums", "bipartite_switches", "bit_clustering", "bit_rows_csr", "bit_triangles",
           "closed_wedges", "clustering_sums", "components", "induced_subgraph", "is_simple",
           "membership_bits", "membership_components", "projection_bits", "triangles"]



class _JitOptions(TypedDict):
    cache: bool
    nogil: bool
    boundscheck: bool


_JIT: _JitOptions = {"cache": True, "nogil": True, "boundscheck": False}

Ints = npt.NDArray[np.integer[Any]]   # node / edge indices, int32 or int64 (CSR from scipy)
I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
Bits = npt.NDArray[np.uint64]          # one row of 64-bit words
Bits2 = npt.NDArray[np.uint64]         # (rows, words) bit table
Values = npt.NDArray[Any]              # CSR stored values (any numeric dtype; 0 is no edge)


@nb.njit(**_JIT)
def _oriented(indptr: Ints, indices: Ints, data: Values) -> tuple[bool, I32, I32]:
    """Out-lists of the degree orientation (u -> v when (deg u, u) < (deg v, v)), int32.

    Returns ``(ok, out_ptr, out)``; ``ok`` is False (and the lists unusable) unless the
    input is a simple adjacency: every row strictly increasing (sorted, no repeats), no
    diagonal entry, no stored zero (see :func:`is_simple`), and at most half the entries
    pointing up (as in a symmetric one). The order is one int64 key per node,
    ``deg * n + u``, and every entry is written then kept or not without a branch.
    """
    n = indptr.size - 1
    key = np.empty(n, np.int64)
    for u in range(n):
        key[u] = np.int64(indptr[u + 1] - indptr[u]) * n + u
    out_ptr = np.empty(n + 1, np.int32)
    out = np.empty(indices.size + 1, np.int32)
    q = 0
    for u in range(n):
        out_ptr[u] = q
        ku = key[u]
        last = -1
        for p in range(indptr[u], indptr[u + 1]):
            v = indices[p]
            if v <= last or v == u or data[p] == 0:
                return False, out_ptr, out
            last = v
            out[q] = v
            q += ku < key[v]
    out_ptr[n] = q
    return q <= indices.size // 2, out_ptr, out


@nb.njit(**_JIT)
def triangles(indptr: Ints, indices: Ints, data: Values, per_node: bool) -> tuple[bool, I64]:
    """``(ok, t)``: triangles through each node (int64, shape (N,); with ``per_node``
    False, only the total, in element 0) by the forward algorithm; ``ok`` as
    :func:`_oriented` (False: not a simple adjacency, nothing counted).

    Each triangle is found once, from its lowest node u in the degree order: the
    out-neighbours of u are marked, and every out-neighbour v's out-list is scanned for
    marks. O(sum over oriented edges (u, v) of outdeg(v)) = O(m^1.5) time (Chiba &
    Nishizeki 1985; Latapy 2008), O(n + m) memory.
    """
    ok, out_ptr, out = _oriented(indptr, indices, data)
    if not ok:
        return False, np.zeros(0, np.int64)
    if per_node:
        return True, _triangles_per_node(out_ptr, out)
    tri = np.zeros(1, np.int64)
    tri[0] = _triangle_total(out_ptr, out)
    return True, tri


@nb.njit(**_JIT)
def _mark_out(out_ptr: I32, out: I32, mark: I32, u: int) -> bool:
    """Mark u's out-neighbours with u; False when it has fewer than two (no triangle from u)."""
    a, b = out_ptr[u], out_ptr[u + 1]
    if b - a < 2:
        return False
    for p in range(a, b):
        mark[out[p]] = u
    return True


@nb.njit(**_JIT)
def _triangle_total(out_ptr: I32, out: I32) -> int:
    n = out_ptr.size - 1
    mark = np.full(n, -1, np.int32)
    total = 0
    for u in range(n):
        if not _mark_out(out_ptr, out, mark, u):
            continue
        for p in range(out_ptr[u], out_ptr[u + 1]):
            v = out[p]
            for q in range(out_ptr[v], out_ptr[v + 1]):
                total += mark[out[q]] == u
    return total


@nb.njit(**_JIT)
def _triangles_per_node(out_ptr: I32, out: I32) -> I64:
    """Per node; the third node's credit goes to its slot in v's out-list (memory already
    in cache) and moves to the node in one pass at the end."""
    n = out_ptr.size - 1
    mark = np.full(n, -1, np.int32)
    tri = np.zeros(n, np.int64)
    slot = np.zeros(out_ptr[n], np.int32)
    for u in range(n):
        if not _mark_out(out_ptr, out, mark, u):
            continue
        t = 0
        for p in range(out_ptr[u], out_ptr[u + 1]):
            v = out[p]
            tv = 0
            for q in range(out_ptr[v], out_ptr[v + 1]):
                if mark[out[q]] == u:
                    tv += 1
                    slot[q] += 1
            tri[v] += tv
            t += tv
        tri[u] += t
    for q in range(out_ptr[n]):  # out may be longer than its used part
        tri[out[q]] += slot[q]
    return tri


@nb.njit(**_JIT)
def clustering_sums(indptr: Ints, indices: Ints, data: Values,
                    local: bool) -> tuple[bool, np.int64, np.int64, float]:
    """``(ok, 3 x triangles, connected triples, sum of local clustering)`` in one call.

    The local coefficients ``t_i / (k_i (k_i - 1) / 2)`` are summed left to right in node
    order (0 for k_i < 2), as networkx's ``sum(...)`` and igraph do, so the mean is the
    same to the last bit. Without ``local`` the per-node counts and the sum are skipped.
    """
    n = indptr.size - 1
    ok, out_ptr, out = _oriented(indptr, indices, data)
    if not ok:
        return False, np.int64(0), np.int64(0), 0.0
    if local:
        tri = _triangles_per_node(out_ptr, out)
    else:
        tri = np.zeros(1, np.int64)
        tri[0] = _triangle_total(out_ptr, out)
    triples = np.int64(0)
    local_sum = 0.0
    total = np.int64(0)
    for u in range(n):
        d = np.int64(indptr[u + 1] - indptr[u])
        p = d * (d - 1) // 2
        triples += p
        if local:
            total += tri[u]
            if p > 0:
                local_sum += tri[u] / p
    if not local:
        total = 3 * tri[0]
    return True, total, triples, local_sum


@nb.njit(**_JIT)
def is_simple(indptr: Ints, indices: Ints, data: Values) -> bool:
    """Whether every row is strictly increasing (sorted, no repeats), without the diagonal,
    and no stored value is 0: a simple adjacency (non-zeros are edges), no copy needed."""
    n = indptr.size - 1
    for u in range(n):
        last = -1
        for p in range(indptr[u], indptr[u + 1]):
            v = indices[p]
            if v <= last or v == u or data[p] == 0:
                return False
            last = v
    return True


def _ctpop(typingctx: object, x: nb.types.Type) -> tuple[Signature, Callable[..., Any]] | None:
    """Set bits of a uint64: LLVM's ``ctpop`` (one instruction where the CPU has it)."""
    if x != nb.types.uint64:
        return None

    def codegen(context: object, builder: Any, signature: Signature, args: Sequence[Any]) -> Any:
        return builder.ctpop(args[0])

    return nb.types.uint64(nb.types.uint64), codegen


# Compiled code calls the intrinsic with ``x`` only (numba supplies the typing context),
# which the stubs cannot express: the cast states the call signature.
_popcount = cast("Callable[[np.uint64], np.uint64]", intrinsic(_ctpop))


@nb.njit(**_JIT)
def _start_batch(n: int, src: Ints) -> tuple[Bits, Bits2, Bits2, I64, int]:
    """Depth 0 of a batch: the all-sources mask, frontier, visited bits and active nodes."""
    k_src = src.size
    w = (k_src + 63) // 64
    full = np.zeros(w, np.uint64)
    for b in range(k_src):
        full[b // 64] |= np.uint64(1) << np.uint64(b % 64)
    frontier = np.zeros((n, w), np.uint64)
    visited = np.zeros((n, w), np.uint64)
    active = np.empty(n, np.int64)
    n_active = 0
    for b in range(k_src):
        s = src[b]
        bit = np.uint64(1) << np.uint64(b % 64)
        if not _any_row(frontier, s, w):
            active[n_active] = s
            n_active += 1
        frontier[s, b // 64] |= bit
        visited[s, b // 64] |= bit
    return full, frontier, visited, active, n_active


@nb.njit(**_JIT)
def _bfs_batch(indptr: Ints, indices: Ints, src: Ints, per_source: bool, sums: I64) -> np.int64:
    """One batch of up to 64 x W sources; returns the sum of all distances found.

    ``frontier[v, k]`` bit b: v was first reached at the current depth from source
    64 k + b. Each level either pushes from the frontier (few frontier nodes, or few
    sources per node: only its non-zero words are pushed) or pulls into the nodes not yet
    reached by every source (Beamer's direction optimisation), whichever touches fewer
    words. With ``per_source``, ``sums[b]`` gets source b's sum.
    """
    n = indptr.size - 1
    w = (src.size + 63) // 64
    full, frontier, visited, active, n_active = _start_batch(n, src)
    nxt = np.zeros((n, w), np.uint64)
    open_ = np.ones(n, np.bool_)  # not yet reached by every source
    open_edges = indptr[n]
    total = np.int64(0)
    depth = 0
    acc = np.zeros(w, np.uint64)
    ks = np.zeros(w, np.int64)
    while n_active > 0:
        depth += 1
        if _push_cost(indptr, frontier, active, n_active) < open_edges * w // 4:
            _push(indptr, indices, frontier, visited, nxt, active, n_active, ks)
        else:
            for v in range(n):
                if open_[v]:
                    _pull(indptr, indices, frontier, visited, full, acc, v)
                    for k in range(w):
                        nxt[v, k] = acc[k] & ~visited[v, k]
        # the new frontier: clear the old one, collect nodes with new bits
        for i in range(n_active):
            for k in range(w):
                frontier[active[i], k] = 0
        n_active = 0
        for v in range(n):
            if not open_[v]:
                continue
            hit = False
            done = True
            for k in range(w):
                x = nxt[v, k]
                if x:
                    hit = True
                    nxt[v, k] = 0
                    frontier[v, k] = x
                    visited[v, k] |= x
                    total += depth * np.int64(_popcount(x))
                    if per_source:
                        while x:
                            low = x & (~x + np.uint64(1))
                            sums[64 * k + _bit_index(low)] += depth
                            x ^= low
                if visited[v, k] != full[k]:
                    done = False
            if hit:
                active[n_active] = v
                n_active += 1
            if done:
                open_[v] = False
                open_edges -= indptr[v + 1] - indptr[v]
    return total


@nb.njit(**_JIT)
def _push_cost(indptr: Ints, frontier: Bits2, active: I64, n_active: int) -> int:
    """Word operations of a push: each frontier node's edges x its non-zero frontier words."""
    w = frontier.shape[1]
    cost = 0
    for i in range(n_active):
        u = active[i]
        nz = 0
        for k in range(w):
            nz += frontier[u, k] != 0
        cost += (indptr[u + 1] - indptr[u]) * nz
    return cost


@nb.njit(**_JIT)
def _push(indptr: Ints, indices: Ints, frontier: Bits2, visited: Bits2, nxt: Bits2, active: I64,
          n_active: int, ks: I64) -> None:
    """Top-down step: every frontier node ORs its non-zero frontier words into its
    neighbours' next words (``ks``: scratch for the word numbers)."""
    w = frontier.shape[1]
    for i in range(n_active):
        u = active[i]
        nz = 0
        for k in range(w):
            if frontier[u, k]:
                ks[nz] = k
                nz += 1
        for p in range(indptr[u], indptr[u + 1]):
            v = indices[p]
            for t in range(nz):
                k = ks[t]
                nxt[v, k] |= frontier[u, k] & ~visited[v, k]


@nb.njit(**_JIT)
def _pull(indptr: Ints, indices: Ints, frontier: Bits2, visited: Bits2, full: Bits, acc: Bits,
          v: int) -> None:
    """``acc`` = the OR of v's neighbours' frontier words, stopping early once every source
    has reached v (bottom-up step: in a dense graph a few neighbours usually cover all)."""
    w = acc.size
    for k in range(w):
        acc[k] = visited[v, k]
    for p in range(indptr[v], indptr[v + 1]):
        u = indices[p]
        covered = True
        for k in range(w):
            acc[k] |= frontier[u, k]
            covered &= acc[k] == full[k]
        if covered:
            return


@nb.njit(**_JIT)
def _any_row(a: Bits2, i: int, w: int) -> bool:
    for k in range(w):
        if a[i, k]:
            return True
    return False


@nb.njit(**_JIT)
def _bit_index(low: np.uint64) -> np.uint64:
    """Index of the single set bit of ``low``."""
    return _popcount(low - np.uint64(1))


@nb.njit(**_JIT)
def bfs_distance_sums(indptr: Ints, indices: Ints, sources: Ints, per_source: bool,
                      words: int) -> tuple[np.int64, I64]:
    """Distance sums from ``sources`` to the nodes they reach, ``64 x words`` sources per batch.

    Returns ``(total, sums)``: the sum of the distances from every source to every node it
    reaches, and (with ``per_source``) each source's sum, shape (len(sources),), else zeros.
    Nodes no source reaches add nothing (they only cost their edges in bottom-up steps).
    """
    k_all = sources.size
    sums = np.zeros(k_all, np.int64)
    total = np.int64(0)
    batch = 64 * words
    for b0 in range(0, k_all, batch):
        b1 = min(b0 + batch, k_all)
        part = np.zeros(b1 - b0, np.int64)
        total += _bfs_batch(indptr, indices, sources[b0:b1], per_source, part)
        sums[b0:b1] = part
    return total, sums


@nb.njit(**_JIT)
def components(indptr: Ints, indices: Ints) -> tuple[int, I64]:
    """``(count, labels)``: connected components of a symmetric CSR adjacency, labelled
    0, 1, ... in the order of their lowest node (as scipy's ``connected_components``).
    Depth-first with an explicit stack; O(n + m)."""
    n = indptr.size - 1
    labels = np.full(n, -1, np.int64)
    stack = np.empty(n, np.int64)
    count = 0
    for s in range(n):
        if labels[s] >= 0:
            continue
        labels[s] = count
        stack[0] = s
        top = 1
        while top:
            top -= 1
            u = stack[top]
            for p in range(indptr[u], indptr[u + 1]):
                v = indices[p]
                if labels[v] < 0:
                    labels[v] = count
                    stack[top] = v
                    top += 1
        count += 1
    return count, labels


@nb.njit(**_JIT)
def membership_bits(person: Ints, proj: Ints, n: int, m: int) -> Bits2:
    """``held[a, k >> 6]`` bit ``k & 63``: person a is on project k (n x ceil(m / 64) words)."""
    held = np.zeros((n, (m + 63) // 64), np.uint64)
    for e in range(person.size):
        held[person[e], proj[e] >> 6] |= np.uint64(1) << np.uint64(proj[e] & 63)
    return held


@nb.njit(**_JIT)
def _holds(proj: Ints, ptr: Ints, order: Ints, a: int, k: int) -> bool:
    """Whether person ``a`` (memberships ``order[ptr[a]:ptr[a + 1]]``) is on project ``k``."""
    for t in range(ptr[a], ptr[a + 1]):
        if proj[order[t]] == k:
            return True
    return False


@nb.njit(**_JIT)
def _bit(held: Bits2, a: int, k: int) -> np.uint64:
    """Bit k of person a's row of ``held`` (0 or 1, uint64)."""
    return np.uint64((held[a, k >> 6] >> np.uint64(k & 63)) & np.uint64(1))


@nb.njit(**_JIT)
def _switches_bits(person: Ints, proj: Ints, held: Bits2, pairs: Ints) -> int:
    """:func:`bipartite_switches` with the bit table. A loop of its own: one loop that
    branches on the table inside (or in a helper) ran 10x slower under numba."""
    made = 0
    one = np.uint64(1)
    for t in range(pairs.shape[0]):
        i = pairs[t, 0]
        j = pairs[t, 1]
        a = person[i]
        b = person[j]
        k = proj[i]
        l_ = proj[j]
        if a == b or k == l_ or _bit(held, a, l_) or _bit(held, b, k):
            continue
        proj[i] = l_
        proj[j] = k
        made += 1
        held[a, k >> 6] ^= one << np.uint64(k & 63)
        held[a, l_ >> 6] ^= one << np.uint64(l_ & 63)
        held[b, l_ >> 6] ^= one << np.uint64(l_ & 63)
        held[b, k >> 6] ^= one << np.uint64(k & 63)
    return made


@nb.njit(**_JIT)
def bipartite_switches(person: Ints, proj: Ints, ptr: Ints, order: Ints, held: Bits2, pairs: Ints) -> int:
    """Degree-preserving switches of a simple bipartite graph, in place on ``proj``.

    Memberships ``(person[e], proj[e])``; ``order[ptr[a]:ptr[a + 1]]`` are person a's
    memberships (a switch never moves a membership to another person, only to another
    project). ``held``: the memberships as bits (:func:`membership_bits`, kept up to date),
    or an empty (0, 1) array to scan each person's memberships instead. For each row
    ``(i, j)`` of ``pairs`` the switch ``(a, k), (b, l) -> (a, l), (b, k)`` is made unless
    it would repeat a membership (or ``a == b`` or ``k == l``), so the graph stays simple;
    a check costs O(1) with bits, O(projects of a person) without. Returns the switches
    made.
    """
    if held.shape[0]:
        return _switches_bits(person, proj, held, pairs)
    made = 0
    for t in range(pairs.shape[0]):
        i = pairs[t, 0]
        j = pairs[t, 1]
        a = person[i]
        b = person[j]
        k = proj[i]
        l_ = proj[j]
        if a == b or k == l_ or _holds(proj, ptr, order, a, l_) or _holds(proj, ptr, order, b, k):
            continue
        proj[i] = l_
        proj[j] = k
        made += 1
    return made


@nb.njit(**_JIT)
def projection_bits(n: int, person: Ints, proj: Ints, m: int) -> Bits2:
    """Bit rows of the one-mode projection of memberships ``(person[e], proj[e])``.

    ``rows[i, x]`` bit b: person i shares a project with person ``64 x + b`` (never itself).
    Each project of two or more people ORs its member bits into every member's row, over
    the words its members span only: O(n^2 / 64) memory, O(E x words spanned) time for E
    memberships. Repeated memberships do no harm (bits are set, not counted).
    """
    w = (n + 63) // 64
    ptr = np.zeros(m + 1, np.int64)
    for e in range(proj.size):
        ptr[proj[e] + 1] += 1
    for k in range(m):
        ptr[k + 1] += ptr[k]
    fill = ptr[:-1].copy()
    members = np.empty(proj.size, np.int64)
    for e in range(proj.size):
        members[fill[proj[e]]] = person[e]
        fill[proj[e]] += 1
    rows = np.zeros((n, w), np.uint64)
    bits = np.zeros(w, np.uint64)
    for k in range(m):
        a, b = ptr[k], ptr[k + 1]
        if b - a < 2:
            continue
        lo, hi = w, 0
        for t in range(a, b):
            i = members[t]
            bits[i >> 6] |= np.uint64(1) << np.uint64(i & 63)
            lo = min(lo, i >> 6)
            hi = max(hi, (i >> 6) + 1)
        for t in range(a, b):
            i = members[t]
            for x in range(lo, hi):
                rows[i, x] |= bits[x]
        for x in range(lo, hi):
            bits[x] = 0
    for i in range(n):
        rows[i, i >> 6] &= ~(np.uint64(1) << np.uint64(i & 63))
    return rows


@nb.njit(**_JIT)
def _row_spans(rows: Bits2) -> tuple[I64, I64, I64]:
    """First and one-past-last non-zero word of every row, and every row's popcount."""
    n, w = rows.shape
    lo = np.zeros(n, np.int64)
    hi = np.zeros(n, np.int64)
    deg = np.zeros(n, np.int64)
    for u in range(n):
        first, last, d = w, 0, np.int64(0)
        for x in range(w):
            if rows[u, x]:
                first = min(first, x)
                last = x + 1
                d += np.int64(_popcount(rows[u, x]))
        lo[u], hi[u], deg[u] = first, last, d
    return lo, hi, deg


@nb.njit(**_JIT)
def bit_rows_csr(rows: Bits2) -> tuple[I32, I32]:
    """The sorted CSR lists ``(indptr, indices)`` (int32) of a graph given as bit rows.

    O(n x words + m): every row's set bits, lowest first.
    """
    n, w = rows.shape
    lo, hi, deg = _row_spans(rows)
    indptr = np.zeros(n + 1, np.int32)
    for u in range(n):
        indptr[u + 1] = indptr[u] + deg[u]
    indices = np.empty(indptr[n], np.int32)
    for u in range(n):
        q = indptr[u]
        for x in range(lo[u], hi[u]):
            word = rows[u, x]
            while word:
                low = word & (~word + np.uint64(1))
                indices[q] = 64 * x + np.int64(_bit_index(low))
                q += 1
                word ^= low
    return indptr, indices


@nb.njit(**_JIT)
def bit_triangles(rows: Bits2, indptr: Ints, indices: Ints) -> tuple[np.int64, np.int64, float]:
    """``(3 x triangles, connected triples, sum of local clustering)`` of a graph given as bit
    rows and as the CSR lists of :func:`bit_rows_csr`, as :func:`clustering_sums` (local
    coefficients summed left to right in node order).

    For every edge u < v the common neighbours are ``popcount(row u & row v)`` over the
    words both rows span; the sum over u's edges is twice the triangles through u.
    O(m x n / 64) word operations: for dense graphs (mean degree above n / 64) far fewer
    than the forward algorithm's.
    """
    n = rows.shape[0]
    lo, hi, deg = _row_spans(rows)
    twice = np.zeros(n, np.int64)
    for u in range(n):
        for p in range(indptr[u], indptr[u + 1]):
            v = indices[p]
            if v > u:
                c = np.int64(0)
                for y in range(max(lo[u], lo[v]), min(hi[u], hi[v])):
                    c += np.int64(_popcount(rows[u, y] & rows[v, y]))
                twice[u] += c
                twice[v] += c
    triples = np.int64(0)
    total = np.int64(0)
    local_sum = 0.0
    for u in range(n):
        p = deg[u] * (deg[u] - 1) // 2
        triples += p
        t = twice[u] // 2
        total += t
        if p > 0:
            local_sum += t / p
    return total, triples, local_sum


@nb.njit(**_JIT)
def bit_clustering(rows: Bits2) -> tuple[np.int64, np.int64, float, I32, I32]:
    """Clustering sums and the CSR adjacency of a graph given as bit rows (symmetric, no diagonal).

    Returns ``(3 x triangles, connected triples, sum of local clustering, indptr, indices)``:
    :func:`bit_triangles` and :func:`bit_rows_csr` in one call.
    """
    indptr, indices = bit_rows_csr(rows)
    total, triples, local_sum = bit_triangles(rows, indptr, indices)
    return total, triples, local_sum, indptr, indices


@nb.njit(**_JIT)
def closed_wedges(indptr: Ints, indices: Ints, rows: Bits2, centers: Ints, first: Ints, second: Ints) -> int:
    """How many of the wedges ``(x, c, y)`` are closed (x and y adjacent), for every sample t:
    centre ``c = centers[t]``, ends ``x, y`` its neighbours at positions ``first[t]`` and
    ``second[t]`` of its sorted CSR row. The closing tie is one bit of ``rows`` (the bit
    rows of the same graph) when given (shape (n, words)), else a binary search in x's row
    (``rows`` of shape (0, 1)): O(samples) or O(samples x log degree).
    """
    hits = 0
    bits = rows.shape[0] > 0
    for t in range(centers.size):
        c = centers[t]
        x = indices[indptr[c] + first[t]]
        y = indices[indptr[c] + second[t]]
        if bits:
            hits += (rows[x, y >> 6] >> np.uint64(y & 63)) & np.uint64(1)
            continue
        lo, hi = indptr[x], indptr[x + 1]
        while lo < hi:
            mid = (lo + hi) // 2
            if indices[mid] < y:
                lo = mid + 1
            else:
                hi = mid
        if lo < indptr[x + 1] and indices[lo] == y:
            hits += 1
    return hits


@nb.njit(**_JIT)
def induced_subgraph(indptr: Ints, indices: Ints, nodes: Ints) -> tuple[I64, I32]:
    """CSR lists (int64 indptr, int32 indices) of the subgraph induced by the sorted ``nodes``,
    relabelled 0..len(nodes)-1 in their order; rows stay sorted. O(n + edges kept)."""
    n = indptr.size - 1
    new = np.full(n, -1, np.int64)
    for i in range(nodes.size):
        new[nodes[i]] = i
    ptr = np.zeros(nodes.size + 1, np.int64)
    for i in range(nodes.size):
        u = nodes[i]
        d = 0
        for p in range(indptr[u], indptr[u + 1]):
            d += new[indices[p]] >= 0
        ptr[i + 1] = ptr[i] + d
    out = np.empty(ptr[nodes.size], np.int32)
    for i in range(nodes.size):
        u = nodes[i]
        q = ptr[i]
        for p in range(indptr[u], indptr[u + 1]):
            v = new[indices[p]]
            if v >= 0:
                out[q] = v
                q += 1
    return ptr, out


@nb.njit(**_JIT)
def _root(parent: Ints, u: int) -> int:
    """Root of u in a union-find forest, halving the path on the way."""
    while parent[u] != u:
        parent[u] = parent[parent[u]]
        u = parent[u]
    return u


@nb.njit(**_JIT)
def membership_components(n: int, person: Ints, proj: Ints, m: int) -> tuple[int, I64]:
    """``(count, labels)`` of the one-mode projection of memberships ``(person[e], proj[e])``
    without building it, labelled as :func:`components` (in the order of their lowest node).

    Union-find over each project's members (everyone joins the project's first member):
    O(E) for E memberships instead of O(edges of the projection).
    """
    parent = np.arange(n)
    first = np.full(m, -1, np.int64)
    for e in range(person.size):
        k = proj[e]
        if first[k] < 0:
            first[k] = person[e]
            continue
        a = _root(parent, person[e])
        b = _root(parent, first[k])
        if a != b:
            parent[max(a, b)] = min(a, b)
    labels = np.empty(n, np.int64)
    named = np.full(n, -1, np.int64)
    count = 0
    for u in range(n):
        r = _root(parent, u)
        if named[r] < 0:
            named[r] = count
            count += 1
        labels[u] = named[r]
    return count, labels
