"""Regenerate docs/science.md: every model, its source's figure, teamsim's figure, the command.

    python docs/make_science.py                    # runs every command (a few CPU-minutes)
    python docs/make_science.py --hongpage-json once.json --hongpage-relay-json relay.json
        # the Hong-Page figures from saved `--json` outputs of the two hongpage commands

teamsim's figures are computed here by the same library calls the commands make (same
defaults, same seeds). ``rows()`` lists the table's fixed columns; a test checks that
docs/science.md lists every row's model and command, so a row added here and not
regenerated fails the suite.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

#: Landscapes per setting of teamsim's single-pass runs (the replication used 500).
LANDSCAPES = 100
HONG_PAGE = "Hong & Page, PNAS 101(46) 16385 (2004), Table 1"
WALLRICH = "Wallrich et al. (2022), 500-landscape replication of Hong & Page (single-pass relay)"
GUIMERA = "Guimerà, Uzzi, Spiro & Amaral, Science 308, 697 (2005), Fig. 2"
NSW = "Newman, Strogatz & Watts, Phys. Rev. E 64, 026118 (2001)"
UZZI = "Uzzi & Spiro, AJS 111(2), 447 (2005)"
BONUS_BOOK = "Page, The Diversity Bonus (Princeton, 2017)"
DIFFERENCE = "Page, The Difference (Princeton, 2007), Diversity Prediction Theorem"
LAPPAS = "Lappas, Liu & Terzi, KDD 2009, running example (Fig. 1)"
CROWD_CSV = "docs/data/crowd-example.csv"


@dataclass(frozen=True)
class Row:
    model: str
    source: str
    source_figure: str
    command: str
    key: str  # which computation gives teamsim's figure


def rows() -> list[Row]:
    """The table's rows, without teamsim's figures (cheap)."""
    return [
        Row("Small-world Q of a random affiliation network (N = 10⁴)", f"{UZZI}; {NSW}",
            "Q = 1 by construction of the null", "python benchmarks/bench_network.py --only-null",
            "q_random"),
        Row("Random clustering C_r, analytic vs simulated (same network)", NSW,
            "C_r = (M/N) g0'''(1) / G0''(1), exact for large sparse networks",
            "python benchmarks/bench_network.py --only-null", "c_random"),
        Row("Broadway small world, 1945–1989", UZZI,
            "2,092 artists, 474 musicals; Q per year (values not available here)",
            "— (the Broadway data are not in this repository)", "broadway"),
        Row("Team assembly, all newcomers (p = 0), m = 4, τ = 30", GUIMERA,
            "a dust of small clusters (S small)", "teamsim assembly --p 0", "asm_p0"),
        Row("Team assembly, p = 0.3, q = 0.5", GUIMERA,
            "transition in p, later for larger q (figure values not found)", "teamsim assembly --p 0.3",
            "asm_p03"),
        Row("Team assembly, p = 0.6, q = 0.5 (defaults)", GUIMERA,
            "giant component past the transition (figure values not found)", "teamsim assembly", "asm_p06"),
        Row("Team assembly, p = 0.6, q = 1", GUIMERA,
            "repeat collaborations delay the giant component (figure values not found)",
            "teamsim assembly --q 1", "asm_q1"),
        Row("Hong-Page, N = 10, l = 12, best-N team (relay until no one improves)", HONG_PAGE, "92.56",
            "teamsim hongpage", "hp_best"),
        Row("Hong-Page, N = 10, l = 12 (single-pass relay)", WALLRICH, "best 92.34, random 94.35",
            f"teamsim hongpage --paper --mode relay-once --landscapes {LANDSCAPES}", "hp_w_10_12"),
        Row("Hong-Page, N = 10, l = 20 (single-pass relay)", WALLRICH, "best 93.55, random 95.73",
            f"teamsim hongpage --paper --mode relay-once --landscapes {LANDSCAPES}", "hp_w_10_20"),
        Row("Hong-Page, N = 20, l = 12 (single-pass relay)", WALLRICH, "best 93.66, random 94.74",
            f"teamsim hongpage --paper --mode relay-once --landscapes {LANDSCAPES}", "hp_w_20_12"),
        Row("Page's example: individual and team ability (complex task: union of tools)", BONUS_BOOK,
            "Adam {A,B,C,D,E} = 5, Betsy {A,B,E,F} = 4, Carl {C,D,G} = 3; Adam+Betsy = 6, Betsy+Carl = 7",
            "teamsim analyze scenarios/diversity-bonus.yaml", "page_example"),
        Row("Diversity bonus = team ability − best member (teamsim's own definition)",
            f"{BONUS_BOOK} names the bonus; the formula is teamsim's",
            "— (no formula in the source: teamsim's own measure)",
            "teamsim analyze scenarios/diversity-bonus.yaml", "bonus"),
        Row("Diversity Prediction Theorem: collective error = average error − diversity", DIFFERENCE,
            "an identity: holds exactly for every crowd (squared errors, crowd = mean prediction)",
            f"teamsim crowd {CROWD_CSV}", "crowd"),
        Row("Team formation (RarestFirst, diameter) on the five experts a–e", LAPPAS,
            "skills as in the paper; smallest covering team {a, e}. The figure's edges could not be "
            "checked: the paper's team and cost are not reproduced",
            "teamsim team-formation scenarios/lappas-experts.yaml --task project", "lappas"),
    ]


def _hong_page_rows(path: Path | None, relay_once: bool) -> list[dict]:
    """Rows of ``teamsim hongpage [--paper --mode relay-once --landscapes L] --json``: read
    from ``path`` or computed by the same call the command makes."""
    import json

    from teamsim.hongpage import DEFAULTS, PAPER_SETTINGS, hong_page_sweep

    if path is not None:
        return json.loads(path.read_text(encoding="utf-8"))
    if relay_once:
        settings = [{**s, "mode": "relay-once", "landscapes": LANDSCAPES} for s in PAPER_SETTINGS]
    else:
        settings = [{"N": DEFAULTS["N"], "l": DEFAULTS["l"]}]
    return hong_page_sweep(settings, seed=0, progress=False)


def _figures(once: Path | None, relay: Path | None) -> dict[str, str]:
    out = {"broadway": "not reproduced"}
    out.update(_network_figures())
    out.update(_assembly_figures())
    out.update(_hong_page_figures(once, relay))
    out.update(_page_figures())
    return out


def _network_figures() -> dict[str, str]:
    from teamsim.affiliation import random_affiliation
    from teamsim.smallworld import small_world

    r = small_world(random_affiliation(10**4, seed=2), null_samples=20)
    an, sim = r.analytic, r.simulated
    return {"q_random": (f"Q = {r.q:.3f}, 95% interval {r.q_ci[0]:.3f}–{r.q_ci[1]:.3f} "
                         f"(analytic Q {an.q:.3f})"),
            "c_random": (f"analytic {an.transitivity:.4f}, simulated {sim.transitivity:.4f}; "
                         f"L_r analytic {an.path_length:.2f}, simulated {sim.path_length:.2f}")}


def _assembly_figures() -> dict[str, str]:
    from teamsim.assembly import assemble_teams, stationary

    out = {}
    runs = (("asm_p0", 0.0, 0.5), ("asm_p03", 0.3, 0.5), ("asm_p06", 0.6, 0.5), ("asm_q1", 0.6, 1.0))
    for key, p, q in runs:
        s = stationary(assemble_teams(p=p, q=q, seed=0))
        out[key] = (f"S = {s.giant_share:.3f} (sd {s.giant_share_sd:.3f} over the last 20% of the run, "
                    f"seed 0), {s.active:.0f} active agents")
    return out


def _hong_page_figures(once: Path | None, relay: Path | None) -> dict[str, str]:
    h = _hong_page_rows(relay, False)[0]
    out = {"hp_best": (f"{h['best_performance']:.2f} ± {h['best_performance_se']:.2f} (SE, "
                       f"{h['landscapes']} landscapes; random {h['random_performance']:.2f})")}
    for row in _hong_page_rows(once, True):
        if row["mode"] != "relay-once" or row["landscapes"] != LANDSCAPES:
            raise ValueError(f"{once}: not the output of the row's command (mode {row['mode']}, "
                             f"{row['landscapes']} landscapes; expected relay-once, {LANDSCAPES})")
        out[f"hp_w_{row['N']}_{row['l']}"] = (
            f"best {row['best_performance']:.2f} ± {row['best_performance_se']:.2f}, random "
            f"{row['random_performance']:.2f} ± {row['random_performance_se']:.2f} "
            f"(SE, {row['landscapes']} landscapes)")
    return out


def _num(x: float) -> str:
    return f"{x:g}" if abs(x - round(x, 1)) < 1e-9 else f"{x:.2f}"


def _page_figures() -> dict[str, str]:
    """Page's example, teamsim's diversity bonus, the theorem on the crowd example, Lappas."""
    from teamsim.ability import diversity_bonus, individual_ability, team_ability
    from teamsim.crowd import crowd_report
    from teamsim.importers import load_scenario
    from teamsim.importers.predictions import read_predictions
    from teamsim.teamformation import scenario_team

    root = Path(__file__).resolve().parent.parent
    s = load_scenario(root / "scenarios" / "diversity-bonus.yaml")
    people = ", ".join(f"{p} = {_num(individual_ability(s, p))}" for p in ("Adam", "Betsy", "Carl"))
    teams = ", ".join(f"{'+'.join(t)} = {_num(team_ability(s, t))}" for t in (["Adam", "Betsy"],
                                                                               ["Betsy", "Carl"]))
    bonus = ", ".join(f"{'+'.join(t)}: {_num(team_ability(s, t))} − "
                      f"{_num(max(individual_ability(s, p) for p in t))} = "
                      f"{_num(diversity_bonus(s, t))}" for t in (["Adam", "Betsy"], ["Betsy", "Carl"]))
    preds = read_predictions(root / CROWD_CSV)
    r = crowd_report(preds)
    q = r.questions[0]
    shown = ", ".join(_num(x) for x in preds.values[:, preds.questions.index(q.question)])
    crowd = (f"{q.question}: predictions {shown}, truth {_num(q.truth)}: "
             f"({_num(q.collective_prediction)} − {_num(q.truth)})² = {_num(q.collective_error)} = "
             f"{_num(q.average_error)} − {_num(q.diversity)}; over all {len(r.questions)} questions "
             f"{_num(r.collective_error)} = {_num(r.average_error)} − {_num(r.diversity)}")
    t = scenario_team(load_scenario(root / "scenarios" / "lappas-experts.yaml"), task="project")
    lappas = (f"on teamsim's own chain a – b – c – d – e (not the paper's graph): team "
              f"{{{', '.join(t.team)}}}, diameter {_num(t.cost)} hops")
    return {"page_example": f"{people}; {teams}", "bonus": bonus, "crowd": crowd, "lappas": lappas}


HEAD = """# The science behind teamsim: sources against teamsim's own figures

Each row: a model, the publication it comes from and the figure that publication reports,
the figure teamsim computes, and the command that computes it. "Not found" and "not
reproduced" are said plainly; no source figure here is inferred. Generated by
`python docs/make_science.py` (a test checks that every row and command is listed): do not
edit by hand.
Means are ± one standard error; teamsim's single-pass Hong-Page runs use {landscapes}
landscapes per setting (the replication used 500), so their standard errors are about
2.2 times the replication's.

| model | source | source's figure | teamsim's figure | command |
|---|---|---|---|---|
"""


def render(figures: dict[str, str]) -> str:
    lines = [f"| {r.model} | {r.source} | {r.source_figure} | {figures[r.key]} | `{r.command}` |"
             for r in rows()]
    return HEAD.format(landscapes=LANDSCAPES) + "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write docs/science.md; on any error print one message (no traceback) and return 2 or 1."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hongpage-json", type=Path, help="saved output of the relay-once command's --json")
    ap.add_argument("--hongpage-relay-json", type=Path, help="saved output of `teamsim hongpage --json`")
    args = ap.parse_args(argv)
    from teamsim.errors import TeamsimError

    try:
        figures = _figures(args.hongpage_json, args.hongpage_relay_json)
        (Path(__file__).parent / "science.md").write_text(render(figures), encoding="utf-8")
    except TeamsimError as e:
        print(f"make_science.py: docs/science.md not written.\n{e.render()}", file=sys.stderr)
        return 2
    except Exception as e:   # e.g. a saved JSON file that is missing or not the command's output
        print(f"make_science.py: docs/science.md not written: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    print("wrote docs/science.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
