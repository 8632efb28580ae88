"""Citations must be true: every quote is in its source, every kind is said wherever a citation is shown.

The quote tests read the source texts in ``../shared/seeds/`` beside the
checkout (CI has them); without them they skip and say why. The edition
files are read with their samples (``samples/programutgaver/``), so an
example edition is held to the same standard as a shipped one.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from kvkdocs import Catalogue, ProgrammeError
from kvkdocs.cli import cli
from kvkdocs.findings import Citation, Severity
from kvkdocs.rules import RULES

from .conftest import ROOT

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SAMPLE_EDITIONS = ROOT / "samples" / "programutgaver"
KINDS = {"avtale", "tolkning", "praksis", "praktisk"}


def _catalogue() -> Catalogue:
    return Catalogue([SAMPLE_EDITIONS])


def _uses():
    """(edition, rule id, setting) for every rule every edition uses, samples included."""
    return [(e, rule_id, s) for e in _catalogue() for rule_id, s in e.rules.items()]


USES = _uses()
IDS = [f"{e.id}:{r}" for e, r, _ in USES]
QUOTED = [(e, r, s) for e, r, s in USES if s.kind != "praktisk"]
QUOTED_IDS = [f"{e.id}:{r}" for e, r, _ in QUOTED]


def _normal(text: str) -> str:
    return " ".join(text.split())


def _seed(edition, setting) -> str:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} finnes ikke: kildetekstene i ../shared/seeds trengs for å sjekke sitatene")
    number = (edition.data["kilder"][setting.source]).get("seed")
    assert number, f"kilden «{setting.source}» sier ikke hvilken kildetekst (seed) sitatene står i"
    found = sorted(SEEDS.glob(f"{number}_*.txt"))
    assert len(found) == 1, f"fant ikke kildeteksten {number} i {SEEDS}"
    return found[0].read_text(encoding="utf-8")


def _heading(line: str) -> str:
    return line.strip().strip("#*: ").strip()


# --- every hjemmel has a kind, and each kind has what it needs ---------------------------------


@pytest.mark.parametrize(("edition", "rule_id", "setting"), USES, ids=IDS)
def test_every_rule_of_every_edition_says_its_kind_of_citation(edition, rule_id, setting):
    assert setting.kind in KINDS, f"{edition.id}: {rule_id} har ingen hjemmelstype"
    if setting.kind == "praktisk":
        assert not setting.quote and not setting.source, "et praktisk krav siterer ingen kilde"
    else:
        assert setting.quote and setting.source in edition.data["kilder"]
    if setting.kind != "avtale":
        assert setting.text.get("nb") and setting.text.get("nn"), "tolkning, praksis og praktisk sier det i egne ord"


def test_every_edition_lists_a_citation_for_each_decision_rule():
    for edition in _catalogue():
        for rule_id in ("decision.budget", "decision.known-applicant", "decision.compliant", "decision.once",
                        "decision.late"):
            assert edition.citation(rule_id).kind in KINDS, (edition.id, rule_id)


@pytest.mark.parametrize(("edition", "rule_id", "setting"), USES, ids=IDS)
def test_nynorsk_citations_carry_no_bokmal_names(edition, rule_id, setting):
    citation = edition.citation(rule_id, "nn")
    if setting.source:
        assert edition.data["kilder"][setting.source]["navn"].get("nn"), setting.source
    if setting.section:
        assert setting.section.get("nn"), f"{rule_id}: avsnittet mangler nynorsk form"
    if setting.text:
        assert setting.text.get("nn") and citation.text == setting.text["nn"]


# --- the quotes are in their sources ------------------------------------------------------------


@pytest.mark.parametrize(("edition", "rule_id", "setting"), QUOTED, ids=QUOTED_IDS)
def test_every_quote_is_in_its_source_word_for_word(edition, rule_id, setting):
    seed = _normal(_seed(edition, setting))
    assert _normal(setting.quote) in seed, f"{edition.id}: sitatet for {rule_id} står ikke i kilden"


@pytest.mark.parametrize(("edition", "rule_id", "setting"), QUOTED, ids=QUOTED_IDS)
def test_a_named_section_exists_and_holds_the_quote(edition, rule_id, setting):
    text = _seed(edition, setting)
    if not setting.section:
        return  # a source with no sections (the 2011 programme description) is cited by its title
    lines = text.splitlines()
    at = 0
    for part in setting.section["nb"].split(" – "):  # «Organisering – Lokalt»: a heading, then a sub-heading
        hits = [i for i in range(at, len(lines)) if _heading(lines[i]) == part]
        assert hits, f"{rule_id}: avsnittet «{part}» finnes ikke i kilden"
        at = hits[0]
    top = next(i for i in range(len(lines)) if _heading(lines[i]) == setting.section["nb"].split(" – ")[0])
    end = next((i for i in range(top + 1, len(lines)) if lines[i].startswith("### ")), len(lines))
    assert _normal(setting.quote) in _normal("\n".join(lines[at:end])), f"{rule_id}: sitatet står ikke i «{setting.section['nb']}»"


@pytest.mark.parametrize(("edition", "rule_id", "setting"), QUOTED, ids=QUOTED_IDS)
def test_quotes_are_short_citations_not_copies(edition, rule_id, setting):
    assert len(setting.quote) <= 250
    assert not re.search(r"[.!?] +[A-ZÆØÅ]", setting.quote), f"{rule_id}: mer enn én setning"


def test_the_quote_test_fails_on_a_quote_the_source_does_not_have(tmp_path):
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} finnes ikke: kildetekstene i ../shared/seeds trengs for å sjekke sitatene")
    (tmp_path / "feil.yaml").write_text(
        "dokument: programutgave\nid: feil-sitat\nbygger_på: kvalitetskommune-2006\nregler:\n"
        "  goals.defined:\n    hjemmel:\n      type: avtale\n      kilde: avtale-2006\n"
        "      avsnitt: {nb: Innhold, nn: Innhald}\n"
        "      sitat: Kommunene skal sette mål for alt de gjør.\n", encoding="utf-8")
    edition = Catalogue([tmp_path]).get("feil-sitat")
    setting = edition.rules["goals.defined"]
    assert _normal(setting.quote) not in _normal(_seed(edition, setting))


# --- severity and wording agree -----------------------------------------------------------------


@pytest.mark.parametrize(("edition", "rule_id", "setting"), QUOTED, ids=QUOTED_IDS)
def test_a_bor_is_never_an_error(edition, rule_id, setting):
    if re.search(r"\bbør\b", setting.quote, re.IGNORECASE):
        assert setting.severity is not Severity.ERROR, f"{edition.id}: {rule_id} siterer «bør», men er en feil"


def test_severities_the_catalogue_states():
    catalogue = Catalogue()
    old, ks, new = (catalogue.get(i) for i in ("kvalitetskommune-2006", "kvalitetskommune-ks-2010",
                                                "sammen-om-en-bedre-kommune-2011"))
    assert old.rules["project.duration"].severity is Severity.WARNING  # «bør ha en varighet på 2-3 år»
    assert old.rules["project.duration"].kind == "avtale" and "bør" in old.rules["project.duration"].quote
    assert old.rules["scope.sector"].severity is Severity.WARNING  # «i første rekke», not «bare»
    assert ks.rules["scope.sector"].severity is Severity.ERROR
    assert new.rules["project.duration"].severity is Severity.ERROR
    assert old.rules["goals.sick-leave"].severity is Severity.ERROR
    assert old.rules["application.deadline"].severity is Severity.WARNING
    assert old.rules["decision.late"].severity is Severity.INFO  # no «alvorlighet»: the catalogue's


def test_late_applications_are_practice_with_their_source():
    for edition in Catalogue():
        citation = edition.citation("application.deadline")
        assert citation.kind == "praksis" and "søknadsfristen" in citation.quote
        assert "2008" in citation.source


def test_inherited_rules_keep_citing_the_2006_agreement():
    ks = Catalogue().get("kvalitetskommune-ks-2010")
    assert ks.citation("goals.defined").source == "avtalen av 23. oktober 2006"
    assert ks.citation("goals.defined").section == "Innhold"
    assert "Kommunal Rapport" in ks.citation("scope.sector").source


# --- how a citation reads ----------------------------------------------------------------------


def test_each_kind_reads_as_what_it_is():
    practical = Citation("x", "", "", "Sekretariatet trenger en adresse.", "praktisk")
    assert practical.describe("nb") == "Praktisk krav, ikke i avtalen: Sekretariatet trenger en adresse."
    assert practical.describe("nn").startswith("Praktisk krav, ikkje i avtalen")
    quote = Citation("x", "avtalen av 23. oktober 2006", "Innhold", "", "avtale", "Et mål.")
    assert quote.describe("nb") == "Sitat fra avtalen av 23. oktober 2006, avsnittet Innhold: «Et mål.»"
    reading = Citation("x", "avtalen frå 23. oktober 2006", "Innhald", "Slik.", "tolkning", "Et mål.")
    assert reading.describe("nn") == ("Tolking av avtalen frå 23. oktober 2006, avsnittet Innhald: «Et mål.» "
                                      "Prosjektet les det slik: Slik.")
    practice = Citation("x", "nyhetsbrevet", "", "Sene søknader for seg.", "praksis", "Tre kom sent.")
    assert practice.describe("nb").startswith("Praksis, ikke krav i avtalen (nyhetsbrevet): «Tre kom sent.»")


def test_a_nynorsk_citation_names_source_and_section_in_nynorsk():
    citation = Catalogue().get("kvalitetskommune-2006").citation("goals.defined", "nn")
    assert citation.describe("nn").startswith("Sitat frå avtalen frå 23. oktober 2006, avsnittet Innhald:")


# --- bad editions get a clear Norwegian message --------------------------------------------------


@pytest.mark.parametrize(("hjemmel", "words"), [
    ("{tekst: {nb: Uten type.}}", "Type"),
    ("{type: avtale, tekst: {nb: Uten sitat.}}", "Sitat"),
    ("{type: praktisk, kilde: avtale-2006, sitat: Arbeidet må forankres, tekst: {nb: Lånt.}}",
     "praktisk krav og kan ikke ha kilde eller sitat"),
    ("{type: avtale, kilde: finnes-ikke, sitat: Noe.}", "«finnes-ikke», som ikke står under «kilder»"),
])
def test_an_edition_with_a_bad_citation_is_refused_in_norwegian(tmp_path, hjemmel, words):
    (tmp_path / "x.yaml").write_text(
        "dokument: programutgave\nid: x-1\nbygger_på: kvalitetskommune-2006\nregler:\n"
        f"  goals.defined:\n    hjemmel: {hjemmel}\n", encoding="utf-8")
    with pytest.raises(ProgrammeError, match=re.escape(words)):
        Catalogue([tmp_path])
    result = CliRunner().invoke(cli, ["rules", "--programmes-dir", str(tmp_path)])
    assert result.exit_code == 2 and words in result.output and "Traceback" not in result.output


# --- every place a citation is shown says its kind -----------------------------------------------


@pytest.fixture
def failing(tmp_path, compliant):
    """An application with a sick-leave goal missing (a reading) and no contact (a practical requirement)."""
    import yaml

    app = compliant("kvalitetskommune-2006")
    app["mål"] = [g for g in app["mål"] if g.get("tema") != "sykefravær"]
    del app["søker"]["kontaktperson"]
    path = tmp_path / "soknad.yaml"
    path.write_text(yaml.safe_dump(app, allow_unicode=True), encoding="utf-8")
    return path


def _run(*args):
    return CliRunner().invoke(cli, list(args))


def test_text_report_names_the_kind(failing):
    out = _run("validate", str(failing), "--checklist").output
    assert "Hjemmel: Tolkning av avtalen av 23. oktober 2006, avsnittet Innhold: «Reduksjon av sykefraværet" in out
    assert "Hjemmel: Praktisk krav, ikke i avtalen:" in out
    assert "goals.defined: " in out and "(hjemmel: sitat)" in out  # the checklist too
    nn = _run("validate", str(failing), "--lang", "nn", "--checklist").output
    assert "Heimel: Praktisk krav, ikkje i avtalen:" in nn and "(heimel: tolking)" in nn


def test_json_report_has_kind_and_quote(failing):
    data = json.loads(_run("validate", str(failing), "-f", "json").output)
    entry = data["files"][0]
    sick = next(f for f in entry["findings"] if f["rule"] == "goals.sick-leave")["citation"]
    assert sick["kind"] == "tolkning" and sick["quote"] == "Reduksjon av sykefraværet er et obligatorisk mål."
    assert {"edition", "source", "section", "text"} <= set(sick)  # the documented keys stay
    contact = next(c for c in entry["checklist"] if c["rule"] == "applicant.contact")["citation"]
    assert contact["kind"] == "praktisk" and contact["quote"] == "" and contact["source"] == ""


def test_csv_and_xlsx_reports_have_the_kind(failing, tmp_path):
    out = tmp_path / "r.csv"
    _run("validate", str(failing), "-f", "csv", "-o", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    by_rule = {r["regel"]: r for r in rows}
    assert by_rule["goals.sick-leave"]["hjemmelstype"] == "tolkning"
    assert by_rule["goals.sick-leave"]["hjemmel"].startswith("Tolkning av avtalen")
    assert by_rule["applicant.contact"]["hjemmelstype"] == "praktisk"
    book = tmp_path / "r.xlsx"
    _run("validate", str(failing), "-f", "xlsx", "-o", str(book))
    with zipfile.ZipFile(book) as z:
        strings = z.read("xl/sharedStrings.xml").decode()
    assert "hjemmelstype" in strings and "Praktisk krav, ikke i avtalen" in strings


def test_html_report_names_the_kind_in_findings_and_checklist(failing, tmp_path):
    out = tmp_path / "r.html"
    _run("validate", str(failing), "-f", "html", "-o", str(out))
    page = out.read_text(encoding="utf-8")
    assert '<span class="kind">Praktisk krav, ikke i avtalen</span>' in page
    assert ('<span class="kind">Tolkning</span> · avtalen av 23. oktober 2006, avsnittet Innhold<br>'
            '<span class="quote">«Reduksjon av sykefraværet er et obligatorisk mål.»</span><br>'
            'Prosjektet leser det slik:') in page
    assert '<span class="kind">Sitat</span> · avtalen av 23. oktober 2006' in page  # a passed rule in the checklist
    nn = tmp_path / "nn.html"
    _run("validate", str(failing), "-f", "html", "-o", str(nn), "--lang", "nn")
    assert "Praktisk krav, ikkje i avtalen" in nn.read_text(encoding="utf-8")


def test_decision_findings_carry_their_citation():
    from kvkdocs.decisions import DecisionCheck
    from kvkdocs.meeting import load_meeting

    meeting = load_meeting(ROOT / "samples/meetings/2008-11-04-budsjett-sprengt.yaml", Catalogue())
    findings = DecisionCheck(meeting, None).run()
    budget = next(f for f in findings if f.rule == "decision.budget")
    assert budget.citation.kind == "tolkning" and budget.citation.section == "Økonomi"
    late = next(f for f in findings if f.rule == "decision.late")
    assert late.citation.kind == "praksis"


# --- kvkdocs rules and the README table ----------------------------------------------------------


def test_rules_json_shows_severity_kind_and_quote_per_edition():
    rows = {r["id"]: r for r in json.loads(_run("rules", "--format", "json").output)}
    uses = {u["edition"]: u for u in rows["project.duration"]["by_edition"]}
    old = uses["kvalitetskommune-2006"]
    assert old["severity"] == "warning" and old["citation"]["kind"] == "avtale"
    assert old["citation"]["quote"] == "Prosjektene lokalt bør ha en varighet på 2-3 år."
    assert uses["sammen-om-en-bedre-kommune-2011"]["severity"] == "error"
    assert uses["sammen-om-en-bedre-kommune-2011"]["citation"]["quote"] == "Sammen om en bedre kommune, skal vare ut 2015."
    contact = rows["applicant.contact"]["by_edition"][0]["citation"]
    assert contact["kind"] == "praktisk" and contact["quote"] == ""
    assert rows["decision.late"]["by_edition"][0]["citation"]["kind"] == "praksis"
    for row in rows.values():
        for use in row["by_edition"]:
            assert use["citation"]["kind"] in KINDS, (row["id"], use["edition"])


def test_rules_text_says_the_kind():
    one = _run("rules", "--programme", "kvalitetskommune-2006").output
    assert "Hjemmel: Sitat fra avtalen av 23. oktober 2006, avsnittet Innhold: «Prosjektene lokalt bør" in one
    every = _run("rules").output
    assert "kvalitetskommune-2006: error · hjemmel: praktisk krav, ikke i avtalen" in every


def _rule_table_tool():
    spec = importlib.util.spec_from_file_location("rule_table", ROOT / "tools" / "rule_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_rule_table_is_generated_from_rules_json(monkeypatch):
    monkeypatch.delenv("KVKDOCS_PROGRAMMES", raising=False)
    tool = _rule_table_tool()
    rows = json.loads(_run("rules", "--format", "json").output)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert tool.with_table(readme, tool.table(rows)) == readme, "kjør «python tools/rule_table.py»"
    assert "| `project.duration` | `kvalitetskommune-2006`, `kvalitetskommune-ks-2010` | warning | avtale |" in readme


def test_the_readme_check_notices_a_changed_edition():
    tool = _rule_table_tool()
    rows = json.loads(_run("rules", "--format", "json").output)
    rows[0]["by_edition"][0]["citation"]["describe"] = "Endret hjemmel"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert tool.with_table(readme, tool.table(rows)) != readme


def test_every_rule_in_the_catalogue_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for rule_id in RULES:
        assert f"| `{rule_id}` |" in readme, rule_id
