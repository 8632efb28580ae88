"""`make mutation`'s runner: its plan names real test files and covers every module mutmut mutates."""

from __future__ import annotations

import importlib.util
import tomllib

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("mutation_run", ROOT / "tools" / "mutation_run.py")
mutation_run = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mutation_run)


def test_the_plan_names_test_files_that_exist():
    """A renamed test file would leave a module's mutants run against nothing, or stop `make mutation`."""
    for _, first, more in mutation_run.PLAN:
        for test in first + more:
            assert (ROOT / test).is_file(), test
    for node in mutation_run.DESELECT:
        assert (ROOT / node.split("::")[0]).is_file(), node


def test_every_mutated_module_has_a_plan():
    """A module added to mutmut's only_mutate and not to the plan would silently get no score."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]
    planned = [pattern.removesuffix(".*") for pattern, _, _ in mutation_run.PLAN]
    for path in config["only_mutate"]:
        module = path.removesuffix(".py").removesuffix("/*").replace("/", ".")
        assert any(module == p or module.startswith(p + ".") or p.startswith(module + ".") for p in planned), path


def test_the_tests_that_name_the_mutated_rule_run_first():
    """The rule's id and the function's name pick the likeliest killers; the order is otherwise kept."""
    first = mutation_run._FirstFailure("kvkdocs.rules.application.x_evaluation_plan__mutmut_3")
    assert {"evaluation.plan", "evaluation_plan("} <= first.words
    method = mutation_run._FirstFailure("kvkdocs.letters.xǁPlannerǁcommon__mutmut_7")
    assert method.words == {"common("}
