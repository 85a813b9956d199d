"""A straightforward pure-Python Hong-Page implementation, the yardstick for teamsim.hongpage.

Loops exactly as the paper describes the model (Hong & Page, PNAS 101(46), 2004):
one agent, one starting point, one step at a time. The only numpy use is the
random draws (the same generator calls as :mod:`teamsim.hongpage`), so both
implementations see identical landscapes and random teams on the same seed.
Not part of the library: it lives in ``benchmarks/`` on purpose.
"""

# ruff: noqa: E741  (l is the paper's name for the largest step size)
from __future__ import annotations

import itertools

import numpy as np


def landscape(n, rng, smoothing=0):
    values = [float(v) for v in rng.uniform(0.0, 100.0, n)]
    if smoothing:
        w = 2 * smoothing + 1
        values = [sum(values[(x + d) % n] for d in range(-smoothing, smoothing + 1)) / w for x in range(n)]
    return values


def agent_search(values, steps, x):
    """One agent from x: try steps in turn, move when strictly better, stop after k failures in a row."""
    n, k = len(values), len(steps)
    i = fails = 0
    while fails < k:
        y = (x + steps[i]) % n
        if values[y] > values[x]:
            x, fails = y, 0
        else:
            fails += 1
        i = (i + 1) % k
    return x


def relay(values, team, x):
    """Team search in relay: each agent continues from where the last stopped, until N in a row fail."""
    idle = t = 0
    while idle < len(team):
        y = agent_search(values, team[t % len(team)], x)
        idle = 0 if y != x else idle + 1
        x, t = y, t + 1
    return x


def tournament(values, team, x):
    """Tournament: all agents search from x, the team moves to the best stopping point."""
    while True:
        best = x
        for steps in team:
            y = agent_search(values, steps, x)
            if values[y] > values[best]:
                best = y
        if best == x:
            return x
        x = best


def mean(xs):
    total = 0.0
    for v in xs:
        total += v
    return total / len(xs)


def landscape_outcome(seed_seq, n=2000, k=3, l=12, N=10, mode="relay", smoothing=0):
    """The same quantities as teamsim.hongpage.LandscapeOutcome, as a dict."""
    rng = np.random.Generator(np.random.PCG64(seed_seq))
    values = landscape(n, rng, smoothing)
    agents = list(itertools.permutations(range(1, l + 1), k))
    random_ids = [int(i) for i in rng.choice(len(agents), size=N, replace=False)]
    ability = [mean([values[agent_search(values, a, x)] for x in range(n)]) for a in agents]
    best_ids = sorted(range(len(agents)), key=lambda a: -ability[a])[:N]
    search = relay if mode == "relay" else tournament
    out = {"best_agent_ability": ability[best_ids[0]]}
    for name, ids in (("best", best_ids), ("random", random_ids)):
        team = [agents[i] for i in ids]
        out[f"{name}_team"] = [list(a) for a in team]
        out[f"{name}_performance"] = mean([values[search(values, team, x)] for x in range(n)])
        pairs = list(itertools.combinations(team, 2))
        diffs = [sum(a != b for a, b in zip(p, q)) / k for p, q in pairs]
        out[f"{name}_diversity"] = mean(diffs) if pairs else 0.0
        out[f"{name}_coverage"] = len({s for a in team for s in a}) / l
        out[f"{name}_mean_ability"] = mean([ability[i] for i in ids])
    return out
