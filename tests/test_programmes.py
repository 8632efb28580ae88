"""Editions are data: a new file changes verdicts with no code change."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kvkdocs import Catalogue, Checker, ProgrammeError
from kvkdocs.cli import cli
from kvkdocs.resources import resource_dir

from .conftest import EDITION_SAMPLES, rule_ids

TIGHT = """\
dokument: programutgave
id: sammen-stram-2012
bygger_på: sammen-om-en-bedre-kommune-2011
navn: {nb: "Sammen om en bedre kommune, stramt tak"}
regler:
  grant.amount:
    tak_per_kommune: 100000
  evaluation.plan:
    alvorlighet: error
    hjemmel: {type: praktisk, tekst: {nb: Prøveordning med krav om evalueringsplan.}}
"""


@pytest.fixture
def extra(tmp_path):
    (tmp_path / "stram.yaml").write_text(TIGHT, encoding="utf-8")
    return tmp_path


def test_new_edition_from_a_folder_changes_the_verdict(extra, compliant):
    app = compliant("sammen-om-en-bedre-kommune-2011")
    assert Checker("sammen-om-en-bedre-kommune-2011").check_data(app).compliant
    result = Checker("sammen-stram-2012", programme_dirs=[extra]).check_data(app)
    assert {"grant.amount", "evaluation.plan", "input.structure"} <= rule_ids(result)
    assert not result.compliant


def test_new_edition_from_the_environment(extra, monkeypatch):
    monkeypatch.setenv("KVKDOCS_PROGRAMMES", str(extra))
    assert "sammen-stram-2012" in Catalogue().ids()
    result = CliRunner().invoke(cli, ["validate", str(EDITION_SAMPLES["sammen-om-en-bedre-kommune-2011"]),
                                      "--programme", "sammen-stram-2012"])
    assert result.exit_code == 1 and "grant.amount" in result.output


def test_inherited_rules_cite_the_base_agreement():
    ks = Catalogue().get("kvalitetskommune-ks-2010")
    assert ks.citation("steering.three-parties").source == "avtalen av 23. oktober 2006"
    assert ks.citation("scope.sector").source == "nyhetssaken «Strid om kvalitetskommunene» i Kommunal Rapport"
    assert ks.rules["evaluation.plan"].severity == "warning"  # ks-2010 keeps every 2006 rule


def test_shipped_editions_have_their_parameters():
    catalogue = Catalogue()
    assert catalogue.ids() == ["kvalitetskommune-2006", "kvalitetskommune-ks-2010", "sammen-om-en-bedre-kommune-2011"]
    assert catalogue.get("sammen-om-en-bedre-kommune-2011").rules["grant.amount"].params["tak_per_kommune"] == 300000
    assert catalogue.get("kvalitetskommune-2006").data["budsjett"]["stimuleringsmidler"] == 10_000_000
    assert catalogue.get("kvalitetskommune-ks-2010").rules["scope.sector"].params["sektorer"] == ["pleie-og-omsorg", "barnehage"]


@pytest.mark.parametrize("text,words", [
    ("dokument: programutgave\nid: x-1\nregler:\n  finnes.ikke: {}\n", "ukjente regler"),
    ("dokument: programutgave\nid: x-1\nregler:\n  grant.amount: {alvorlighet: kritisk}\n", "ugyldig"),
    ("dokument: programutgave\nid: x-1\nbygger_på: mangler\n", "mangler"),
])
def test_broken_edition_is_a_clear_error(tmp_path, text, words):
    (tmp_path / "x.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ProgrammeError, match=words):
        Catalogue([tmp_path]).get("x-1")
    result = CliRunner().invoke(cli, ["programmes", "--programmes-dir", str(tmp_path)])
    assert result.exit_code == 2 and result.output.startswith("Feil:") and "Traceback" not in result.output


def test_editions_are_found_in_the_checkout():
    assert (resource_dir("programmes") / "kvalitetskommune-2006.yaml").is_file()
