"""Shared fixtures: applications built in code, so each test shows what it changes."""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest

from kvkdocs.load.structured import parse_yaml

ROOT = Path(__file__).resolve().parent.parent
os.environ.pop("KVKDOCS_TEMPLATES", None)  # a user's own templates must not change what the tests see
SAMPLES = ROOT / "samples"
EDITION_SAMPLES = {
    "kvalitetskommune-2006": SAMPLES / "utgaver/kvalitetskommune-2006-godkjent.yaml",
    "kvalitetskommune-ks-2010": SAMPLES / "utgaver/kvalitetskommune-ks-2010-godkjent.yaml",
    "sammen-om-en-bedre-kommune-2011": SAMPLES / "utgaver/sammen-om-en-bedre-kommune-2011-godkjent.yaml",
}


def load_sample(path: Path) -> dict:
    return parse_yaml(path.read_text(encoding="utf-8"))[0]


@pytest.fixture
def compliant():
    """A compliant application per edition id; each call gets fresh copies."""
    cache = {k: load_sample(v) for k, v in EDITION_SAMPLES.items()}
    return lambda edition: copy.deepcopy(cache[edition])


@pytest.fixture(scope="session")
def checker():
    from kvkdocs import Checker

    return Checker()


def rule_ids(result) -> set[str]:
    return {f.rule for f in result.findings}


# -- CI: a skipped test is a failure --------------------------------------------------
# A test that skips because LibreOffice, the shared corpus or the seeds are
# missing has checked nothing. Locally that is a reason printed by `-rs`; in
# CI (where `.ci/run` installs everything) it means the set-up is broken, so
# the run must not pass.


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CI") and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which must run every test: {reason}"


# -- mutation testing (`make mutation`) ------------------------------------------------
# mutmut runs, for each mutant, the tests it saw reaching the mutated function, and
# names them in no particular order. A module-scoped fixture (a letter batch rendered
# once, the sample folder validated once) is torn down whenever the order leaves its
# module, and built again when it comes back: a run of a few hundred tests then takes
# many minutes. Under mutmut the tests are put back in file order, cheapest files
# first, which changes no test and no verdict.


def _main_module_workers_can_import() -> None:
    """Under mutmut, let worker processes start without importing mutmut's script.

    kvkdocs starts its workers from a fork server (never ``fork``), and such a
    worker first imports the parent's main module again. Under mutmut that is
    the ``mutmut`` script, which cannot be imported outside mutmut's folder (a
    CLI test runs in a temporary one), so every worker would die and every
    Word file would time out. Naming the main module by the console script's
    module (``kvkdocs._entry``, which does nothing on import) is what the
    ``kvkdocs`` command itself gives its workers.
    """
    import importlib.machinery
    import sys

    main = sys.modules.get("__main__")
    if main is not None and getattr(main, "__spec__", None) is None:
        main.__spec__ = importlib.machinery.ModuleSpec("kvkdocs._entry", None)


def _workers_know_mutmuts_configuration() -> None:
    """Have the fork server read mutmut's configuration once, for its workers (see ``tests/_mutmut_worker.py``)."""
    from kvkdocs.load import isolated

    os.environ.setdefault("KVKDOCS_MUTMUT_ROOT", os.getcwd())  # mutmut runs the tests from its own folder
    plain = isolated.worker_context

    def worker_context(method=None, preload=isolated.READERS):
        return plain(method, ("tests._mutmut_worker", *preload))

    isolated.worker_context = worker_context


if "MUTANT_UNDER_TEST" in os.environ:
    _main_module_workers_can_import()
    _workers_know_mutmuts_configuration()


def shared(fixture_name, config):
    """Scope for a fixture built once per module that several tests read from.

    While mutmut maps tests to code (``MUTANT_UNDER_TEST=stats``), the code a
    fixture runs is credited only to the test that built it; a mutant in that
    code would then be tried against that one test, not the others that check
    what the fixture made. So while mapping, the fixture is built per test.
    """
    return "function" if os.environ.get("MUTANT_UNDER_TEST") == "stats" else "module"


def pytest_collection_modifyitems(items):
    if "MUTANT_UNDER_TEST" in os.environ:
        items.sort(key=_mutation_order())


def _mutation_order():
    """Test files whose tests ran fastest on average when mutmut timed them first, each in file order.

    A mutant is killed by its first failing test, and most are killed by a quick
    unit test; a surviving mutant runs them all either way.
    """
    import json

    seconds: dict[str, list[float]] = {}
    try:  # mutmut runs the tests in its mutants/ folder, beside its timings
        timings = json.loads(Path("mutmut-stats.json").read_text(encoding="utf-8"))["duration_by_test"]
    except (OSError, ValueError, KeyError):
        timings = {}
    for test, duration in timings.items():
        seconds.setdefault(test.split("::")[0], []).append(duration)
    mean = {file: sum(durations) / len(durations) for file, durations in seconds.items()}
    return lambda item: (mean.get(item.nodeid.split("::")[0], 0.0), str(item.path), item.location[1])
