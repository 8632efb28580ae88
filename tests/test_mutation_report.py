"""The mutation report (`make mutation`): scores leave out listed equivalents, and stale lists are flagged."""

from __future__ import annotations

import importlib.util

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("mutation_report", ROOT / "tools" / "mutation_report.py")
mutation_report = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mutation_report)

RESULTS = """
    kvkdocs.decisions.x_summarise__mutmut_1: killed
    kvkdocs.decisions.x_summarise__mutmut_2: killed
    kvkdocs.decisions.x_summarise__mutmut_3: killed
    kvkdocs.decisions.x_summarise__mutmut_4: survived
    kvkdocs.decisions.x_summarise__mutmut_5: survived
    kvkdocs.decisions.x_summarise__mutmut_6: killed
    kvkdocs.letters.x_slug__mutmut_1: survived
"""


def test_a_listed_equivalent_is_left_out_of_the_score(capsys):
    code = mutation_report.report(RESULTS, {"kvkdocs.decisions.x_summarise__mutmut_5": "never read"},
                                  ["kvkdocs.decisions"])
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("kvkdocs.decisions"))
    assert row.split()[1:4] == ["6", "4", "1"] and row.endswith("80%")  # 4 of 5, the equivalent not counted
    assert "kvkdocs.decisions.x_summarise__mutmut_4" in out and "letters" not in out
    assert code == 0


def test_listed_equivalents_that_are_gone_or_killed_are_flagged_and_fail_the_report(capsys):
    listed = {"kvkdocs.decisions.x_summarise__mutmut_5": "never read",
              "kvkdocs.decisions.x_summarise__mutmut_6": "renumbered: now names a killed mutant",
              "kvkdocs.decisions.x_summarise__mutmut_99": "the function lost mutants"}
    code = mutation_report.report(RESULTS, listed, ["kvkdocs.decisions"])
    out = capsys.readouterr().out
    stale, doubtful = out.split("no longer mutmut's mutants")[1].split("did not survive")
    assert "x_summarise__mutmut_99" in stale and "x_summarise__mutmut_6" in doubtful
    assert code == 1  # a stale list is never read as a score
