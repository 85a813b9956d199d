"""Speed of teamsim's readers on large inputs, against a minimal parse of the same file.

Cases (generated into a temporary folder):

1. a skills-matrix CSV of 100,000 people by 30 tools (about 7 MB): ``read_skills_matrix``
   (checks every cell and builds a validated scenario) against ``csv.reader`` alone;
2. a 50 MB scenario (200,000 people, 25 tools each, 2,000 teams): ``load_scenario``
   against ``yaml.load`` with PyYAML's fastest loader (CSafeLoader when libyaml is
   installed), which builds the same data without any check;
3. a prerequisite chain of 2,000 tools declared before their prerequisites (the order
   that made the old cycle search quadratic): loaded, validated and every implied
   prerequisite computed, against ``yaml.load``;
4. a random prerequisite DAG of 20,000 tools and 2,000 people, likewise.

The rules of ``benchmarks/_bench.py`` apply (alternated repetitions, CPU time, ratios =
peer time / teamsim time). Targets: the CSV and both prerequisite cases within 10 s of
CPU time, and the 50 MB scenario at least as fast as the minimal ``yaml.load`` (median
ratio >= 1) and within 60 s. A miss exits 1.

Run: ``python benchmarks/bench_parsers.py`` (``--quick`` for a tenth of the sizes; the
full run takes about ten minutes of CPU time, most of it in ``yaml.load``).
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import tempfile
from pathlib import Path

import yaml
from _bench import Bench

from teamsim.importers import load_scenario, read_skills_matrix
from teamsim.importers._files import read_text
from teamsim.prerequisites import implied_prerequisites

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def skills_csv(path: Path, people: int, tools: int = 30) -> None:
    rng = random.Random(1)
    names = [f"T{j}" for j in range(tools)]
    with open(path, "w") as f:
        f.write("name,team,role," + ",".join(names) + "\n")
        for i in range(people):
            cells = (rng.choice(("", "", "1", "x", "2")) for _ in names)
            f.write(f"P{i},Team{i % 500},eng," + ",".join(cells) + "\n")


def big_scenario(path: Path, people: int, tools: int = 200, per_person: int = 25) -> None:
    rng = random.Random(2)
    with open(path, "w") as f:
        f.write("tools:\n" + "".join(f"  - {{name: Tool{i}}}\n" for i in range(tools)) + "people:\n")
        for i in range(people):
            held = ", ".join(f"Tool{j}" for j in sorted(rng.sample(range(tools), per_person)))
            f.write(f"  - name: Person {i}\n    role: engineer\n    tools: [{held}]\n")
        f.write("teams:\n")
        for k in range(people // 100):
            members = ", ".join(f"Person {i}" for i in range(k * 100, (k + 1) * 100))
            f.write(f"  - name: Team {k}\n    members: [{members}]\n")


def chain(path: Path, n: int) -> None:
    with open(path, "w") as f:
        f.write("tools:\n" + "".join(f"  - {{name: T{i}, requires: [T{i + 1}]}}\n" for i in range(n - 1)))
        f.write(f"  - {{name: T{n - 1}}}\npeople:\n  - {{name: Ann, tools: [T0]}}\n")


def random_dag(path: Path, n: int, people: int) -> None:
    rng = random.Random(3)
    with open(path, "w") as f:
        f.write("tools:\n")
        for i in range(n):
            reqs = ", ".join(f"T{r}" for r in rng.sample(range(i), min(i, rng.randint(0, 3))))
            f.write(f"  - {{name: T{i}, requires: [{reqs}]}}\n")
        f.write("people:\n")
        for i in range(people):
            f.write(f"  - {{name: P{i}, tools: [{', '.join(f'T{rng.randrange(n)}' for _ in range(5))}]}}\n")


def scenario_with_implied(path: Path):
    s = load_scenario(path)
    implied_prerequisites(s)
    return s


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="a tenth of the sizes")
    bench = Bench("bench_parsers", __doc__, ap)
    scale = 10 if bench.args.quick else 1
    yaml_load = f"yaml.load ({FAST_LOADER.__name__})"
    cases = [
        ("skills CSV", "matrix.csv", lambda p: skills_csv(p, 100_000 // scale), read_skills_matrix,
         "csv.reader", lambda p: list(csv.reader(io.StringIO(read_text(p)))), None),
        ("scenario YAML", "big.yaml", lambda p: big_scenario(p, 200_000 // scale), load_scenario,
         yaml_load, lambda p: yaml.load(read_text(p), Loader=FAST_LOADER), 1.0),
        ("2,000-tool chain", "chain.yaml", lambda p: chain(p, 2_000), scenario_with_implied,
         yaml_load, lambda p: yaml.load(read_text(p), Loader=FAST_LOADER), None),
        (f"{20_000 // scale:,}-tool DAG", "dag.yaml",
         lambda p: random_dag(p, 20_000 // scale, 2_000 // scale), scenario_with_implied,
         yaml_load, lambda p: yaml.load(read_text(p), Loader=FAST_LOADER), None),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for label, name, make, ours, peer, base, ratio in cases:
            path = Path(tmp) / name
            make(path)
            bench.heading(f"{label}: {path.stat().st_size / 2**20:.1f} MB")
            rec = bench.compare(label, lambda: ours(path), {peer: lambda: base(path)},  # noqa: B023
                                target=(peer, ratio) if ratio else None)
            limit_s = 60.0 if ratio else 10.0
            ok = bench.check(rec["teamsim"]["min"] <= limit_s,
                             f"{label}: min CPU time {rec['teamsim']['min']:.2f} s <= {limit_s:g} s")
            rec["target"] = "; ".join(filter(None, [rec.get("target"), f"min CPU time <= {limit_s:g} s"]))
            rec["ok"] = ok and rec.get("ok", True)
    return bench.finish()


if __name__ == "__main__":
    sys.exit(main())
