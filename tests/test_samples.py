"""Acceptance tests generated from samples/: each sample triggers exactly its rules."""

from __future__ import annotations

import pytest
import yaml

from kvkdocs import validate
from kvkdocs.rules import RULES

from .conftest import ROOT, SAMPLES, shared

EXPECTED = yaml.safe_load((ROOT / "tests/expected_samples.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope=shared)
def batch():
    return validate([SAMPLES])


def test_every_sample_is_listed(batch):
    found = {str(p.relative_to(SAMPLES)) for p in SAMPLES.rglob("*") if p.is_file()}
    assert found == set(EXPECTED)


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_sample_triggers_exactly_its_rules(batch, rel):
    result = next(f for f in batch.files if f.path == str(SAMPLES / rel))
    assert sorted({f.rule for f in result.findings}) == EXPECTED[rel], [f.message for f in result.findings]


def test_samples_cover_every_application_and_input_rule(batch):
    seen = {f.rule for r in batch.files for f in r.findings}
    wanted = {r.id for r in RULES.values() if r.group in ("application", "input")}
    assert wanted <= seen


def test_compliant_samples_have_no_errors(batch):
    for result in batch.files:
        rel = result.path[len(str(SAMPLES)) + 1:]
        if EXPECTED[rel] == [] and result.kind == "søknad":
            assert result.compliant and result.errors == 0, rel


def test_round_four_has_sixteen_applications(batch):
    round4 = [f for f in batch.files if "/pulje-4/" in f.path and f.kind == "søknad"]
    assert len(round4) == 16
    assert {f.kommunenavn for f in round4} >= {"Bærum", "Gloppen", "Bjugn", "Jondal", "Høyanger"}
    late = {f.kommunenavn for f in round4 if "application.deadline" in {x.rule for x in f.findings}}
    assert late == {"Bjugn", "Jondal", "Høyanger"}
