"""Speed of teamsim's readers on large inputs, against a minimal parse of the same file.

Cases (generated into a temporary folder):

1. a skills-matrix CSV of 100,000 people by 30 tools (about 7 MB), read with
   ``read_skills_matrix``, against ``csv.reader`` alone;
2. a 50 MB scenario (200,000 people, 25 tools each, 2,000 teams), read with
   ``load_scenario``, against ``yaml.load`` with PyYAML's fastest loader (CSafeLoader
   when libyaml is installed) which builds the same data without any checks;
3. a prerequisite chain of 2,000 tools declared before their prerequisites (the order
   that made the old cycle search quadratic), validated and then every implied
   prerequisite computed, against ``yaml.load``;
4. a random prerequisite DAG of 20,000 tools and 2,000 people, likewise.

Times are CPU seconds of this process (``time.process_time``), which a busy shared
machine disturbs far less than wall-clock time; wall-clock seconds are printed beside
them. The script exits non-zero when a case misses its target: 10 CPU seconds for the
CSV and the prerequisite cases, and for the 50 MB scenario no slower than the minimal
parse and at most 60 CPU seconds.

Run: ``python benchmarks/bench_parsers.py`` (``--quick`` for a tenth of the sizes).
"""

from __future__ import annotations

import csv
import io
import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from teamsim.importers import load_scenario, read_skills_matrix  # noqa: E402
from teamsim.importers._files import read_text  # noqa: E402
from teamsim.prerequisites import implied_prerequisites  # noqa: E402

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def timed(fn, *args, **kw):
    """(result, CPU seconds, wall seconds) of one call."""
    cpu, wall = time.process_time(), time.perf_counter()
    out = fn(*args, **kw)
    return out, time.process_time() - cpu, time.perf_counter() - wall


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


def main(quick: bool = False) -> int:
    scale = 10 if quick else 1
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        cases = [
            ("skills CSV", d / "matrix.csv", lambda p: skills_csv(p, 100_000 // scale),
             read_skills_matrix, lambda p: list(csv.reader(io.StringIO(read_text(p)))), "csv.reader", 10.0),
            ("scenario YAML", d / "big.yaml", lambda p: big_scenario(p, 200_000 // scale),
             load_scenario, lambda p: yaml.load(read_text(p), Loader=FAST_LOADER),
             f"yaml.load ({FAST_LOADER.__name__})", None),
            ("2,000-tool chain", d / "chain.yaml", lambda p: chain(p, 2_000),
             scenario_with_implied, lambda p: yaml.load(read_text(p), Loader=FAST_LOADER),
             f"yaml.load ({FAST_LOADER.__name__})", 10.0),
            ("20,000-tool DAG", d / "dag.yaml", lambda p: random_dag(p, 20_000 // scale, 2_000 // scale),
             scenario_with_implied, lambda p: yaml.load(read_text(p), Loader=FAST_LOADER),
             f"yaml.load ({FAST_LOADER.__name__})", 10.0),
        ]
        for label, path, make, ours, base, base_label, target in cases:
            make(path)
            mb = path.stat().st_size / 2**20
            _, cpu, wall = timed(ours, path)
            _, bcpu, bwall = timed(base, path)
            ok = cpu <= target if target else cpu <= max(bcpu, 1.0) and cpu <= 60
            rows.append((label, mb, cpu, wall, base_label, bcpu, bwall, ok,
                         f"<= {target:g} s" if target else "<= minimal parse, <= 60 s"))
    print(f"{'case':18} {'MB':>6} {'teamsim cpu':>12} {'(wall)':>8}  {'minimal parse':28} {'cpu':>7} "
          f"{'(wall)':>8} {'ratio':>6}  target")
    for label, mb, cpu, wall, base_label, bcpu, bwall, ok, target in rows:
        print(f"{label:18} {mb:6.1f} {cpu:11.2f}s {wall:7.1f}s  {base_label:28} {bcpu:6.2f}s {bwall:7.1f}s "
              f"{cpu / max(bcpu, 1e-9):6.2f}  {target}: {'met' if ok else 'MISSED'}")
    return 0 if all(r[7] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main(quick="--quick" in sys.argv))
