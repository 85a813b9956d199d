"""Service dependency edge lists: CSV ``source,target[,weight]``.

One row per directed dependency "source calls / needs target", with an
optional positive weight (default 1). A header row naming the columns is
required; extra columns are ignored with a warning, and so is a file with
no rows. A self-dependency is skipped and a
repeated edge has its weights added, each with a warning; a bad weight or a
missing name is an error naming the line.

Examples
--------
>>> r = read_dependencies_text("source,target,weight\\nweb,api,2\\napi,db\\n", "deps.csv")
>>> [(s.name, s.dependency_names, s.dependency_weights) for s in r.scenario.services]
[('web', ['api'], [2.0]), ('api', ['db'], [1.0]), ('db', [], [])]
"""

from __future__ import annotations

import math
from pathlib import Path

from teamsim.errors import InputError
from teamsim.importers._csv import CsvRows, plain_decimal, refuse_extra_cells, refuse_repeated_columns
from teamsim.importers._result import ImportResult, ImportWarning
from teamsim.importers._yaml import read_text
from teamsim.scenario import MAX_NUMBER, SHOWN_MAX, Scenario

__all__ = ["read_dependencies", "read_dependencies_text"]


def read_dependencies_text(text: str, file: str = "dependencies.csv") -> ImportResult:
    """Parse dependency CSV text into a scenario of services (no teams).

    Parameters
    ----------
    text : str
        CSV with header ``source,target`` and optionally ``weight``.
    file : str
        Name used in messages.

    Returns
    -------
    ImportResult
        Services in order of first appearance, with weighted ``depends_on``.

    Raises
    ------
    InputError
        Empty file, missing or repeated columns, empty names, a weight that is
        not a positive number up to 1e12 (alone or added up over repeated rows),
        a cell over ``max_cell_bytes`` or an unclosed quote (naming the line).

    See Also
    --------
    read_dependencies : Read the same from a file.

    Examples
    --------
    >>> r = read_dependencies_text("source,target,weight\\ncart,db,2\\nweb,cart,1\\n")
    >>> [(s.name, s.dependency_names, s.dependency_weights) for s in r.scenario.services]
    [('cart', ['db'], [2.0]), ('db', [], []), ('web', ['cart'], [1.0])]
    """
    rows = [(line, r) for line, r in CsvRows(text, file) if "".join(r).strip()]
    if not rows:
        raise InputError("the file is empty", file=file, hint="write a header 'source,target[,weight]'"
                         " and one row per dependency")
    head_line, header = rows[0]
    cols = [c.strip().lower() for c in header]
    if "source" not in cols or "target" not in cols:
        raise InputError(f"header must name the columns source and target, got {header}", file=file,
                         line=head_line, hint="first line: source,target[,weight]")
    refuse_repeated_columns([c if c in ("source", "target", "weight") else None for c in cols], header,
                            file, line=head_line)
    si, ti = cols.index("source"), cols.index("target")
    wi = cols.index("weight") if "weight" in cols else None
    order: dict[str, None] = {}
    deps: dict[str, dict[str, float]] = {}
    warnings: list[ImportWarning] = []
    extra = [h.strip() for h, c in zip(header, cols) if c not in ("source", "target", "weight")]
    if extra:
        warnings.append(ImportWarning(
            message=f"column{'s' * (len(extra) > 1)} {', '.join(repr(x) for x in extra)} ignored: "
                    "teamsim reads only source, target and weight",
            file=file, line=head_line, hint="name the weight column 'weight' if it is one",
            kind="extra columns"))
    if len(rows) == 1:
        warnings.append(ImportWarning(message="the file has a header but no dependencies",
                                      file=file, line=head_line,
                                      hint="add one row source,target[,weight] per dependency",
                                      kind="no dependencies"))
    def cell(r: list[str], i: int) -> str:
        return r[i].strip() if i < len(r) else ""

    for line, r in rows[1:]:
        refuse_extra_cells(r, header, file, line, "cart,db,1")
        a, b = cell(r, si), cell(r, ti)
        if not a or not b:
            raise InputError("empty service name", file=file, line=line,
                             hint="give both source and target on every row")
        w = 1.0
        if wi is not None and cell(r, wi):
            try:
                w = plain_decimal(cell(r, wi))
            except ValueError as e:
                raise InputError(f"weight {cell(r, wi)!r} is {e}", file=file, line=line,
                                 entity=f"dependency {a} -> {b}", loc=("weight",),
                                 hint="give a positive plain decimal number (ASCII digits) or leave it "
                                 "empty for 1") from None
            if not math.isfinite(w) or w <= 0 or w > MAX_NUMBER:
                raise InputError(f"weight must be a positive number up to {SHOWN_MAX}, got "
                                 f"{cell(r, wi)}", file=file, line=line, entity=f"dependency {a} -> {b}",
                                 hint="give a positive number or leave it empty for 1; only ratios "
                                 "matter, so scale large weights down")
        order.setdefault(a)
        order.setdefault(b)
        if a == b:
            warnings.append(ImportWarning(message=f"service {a!r} depends on itself; row skipped",
                                          file=file, line=line, kind="self dependency"))
            continue
        d = deps.setdefault(a, {})
        if b in d:
            warnings.append(ImportWarning(message=f"dependency {a} -> {b} repeated; weights added",
                                          file=file, line=line, kind="repeated dependency"))
        d[b] = d.get(b, 0.0) + w
        if d[b] > MAX_NUMBER:
            raise InputError(f"the weights of the repeated dependency add up to {d[b]:.3g}, over the "
                             f"largest weight {SHOWN_MAX}", file=file, line=line,
                             entity=f"dependency {a} -> {b}",
                             hint="give the dependency once, or scale the weights down (only ratios "
                             "matter)")
    services = []
    for n in order:
        ds = deps.get(n, {})
        services.append({"name": n, "depends_on": [
            x if w == 1.0 else {"service": x, "weight": w} for x, w in ds.items()]})
    name = Path(file).stem
    return ImportResult(scenario=Scenario.model_validate({"name": name, "services": services}),
                        warnings=warnings, sources=[file])


def read_dependencies(path: str | Path) -> ImportResult:
    """Read a dependency CSV file (see :func:`read_dependencies_text`).

    Parameters
    ----------
    path : str or pathlib.Path
        CSV file with header ``source,target`` and optionally ``weight``
        (a regular file within the size limit).

    Returns
    -------
    ImportResult
        Services in order of first appearance, with weighted ``depends_on``, and
        the file as its source.

    Raises
    ------
    InputError
        Missing or unreadable file and the errors of :func:`read_dependencies_text`.

    See Also
    --------
    read_dependencies_text : The same for CSV text already read.
    teamsim.importers.sources.check_csv_names : Warns about services no other source knows.

    Examples
    --------
    >>> r = read_dependencies("scenarios/service-graphs/online-boutique.csv")
    >>> len(r.scenario.services), sum(len(s.depends_on) for s in r.scenario.services)
    (13, 17)
    """
    return read_dependencies_text(read_text(path), str(path))
