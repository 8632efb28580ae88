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
