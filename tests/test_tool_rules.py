"""teamsim.tool_rules: the path -> tool rules, one home shared by the git reader and coverage."""

import pytest

import teamsim.coverage.tools as coverage_tools
import teamsim.importers.git as git
from teamsim import tool_rules


def test_one_home_for_the_rules():
    assert git.TOOL_RULES is tool_rules.TOOL_RULES is coverage_tools.TOOL_RULES
    assert git.tool_of is tool_rules.tool_of


def test_first_rule_wins_and_user_rules_come_first():
    assert tool_rules.tool_of("charts/cart/values.yaml") == "Helm"
    assert tool_rules.tool_of("Src/Main.GO") == "Go"  # the path is lower-cased
    assert tool_rules.tool_of("README") is None
    assert tool_rules.tool_of("ops/x.yaml", [("ops/*", "Ops"), *tool_rules.TOOL_RULES]) == "Ops"


def test_analysis_modules_do_not_import_readers_for_the_rules():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(coverage_tools.__file__).read_text())
    names = {(n.module, a.name) for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    assert ("teamsim.tool_rules", "TOOL_RULES") in names
    assert not any(m and m.startswith("teamsim.importers") and a in ("TOOL_RULES", "tool_of")
                   for m, a in names)


@pytest.mark.parametrize("module", ["coverage/tools.py", "coverage/report.py", "coverage/whatif.py",
                                    "coverage/truckfactor.py", "coverage/analysis.py", "teamformation.py"])
def test_coverage_and_team_formation_import_no_reader_at_run_time(module):
    """GitLog is only an annotation there: imported under TYPE_CHECKING, not at run time."""
    import ast
    from pathlib import Path

    import teamsim

    tree = ast.parse((Path(teamsim.__file__).parent / module).read_text())
    top = [n.module for n in tree.body if isinstance(n, ast.ImportFrom)]
    assert not [m for m in top if m and m.startswith("teamsim.importers")]


def test_import_warning_is_a_core_record():
    """ImportWarning lives in teamsim.input_warnings; the readers' name is the same class."""
    import ast
    from pathlib import Path

    import teamsim
    from teamsim.importers import ImportWarning as from_readers
    from teamsim.input_warnings import ImportWarning
    from teamsim.reorg.results import ImportWarning as from_reorg

    assert from_readers is ImportWarning is from_reorg
    tree = ast.parse((Path(teamsim.__file__).parent / "reorg" / "results.py").read_text())
    assert not [n.module for n in tree.body if isinstance(n, ast.ImportFrom)
                and (n.module or "").startswith("teamsim.importers")]
