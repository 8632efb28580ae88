"""Word and PDF applications: init, draft, round trips, the same verdict in every format."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kvkdocs import Checker, validate
from kvkdocs.cli import cli
from kvkdocs.docmodel import SECTIONS, closest_section, section_for_title
from kvkdocs.draft import render_draft
from kvkdocs.load.layout import PROMPTS
from kvkdocs.load.pdf import read_pdf
from kvkdocs.load.structured import parse_yaml
from kvkdocs.load.word import read_word

from .conftest import SAMPLES
from .docx_text import docx_text

HAS_LIBREOFFICE = bool(shutil.which("soffice") or shutil.which("libreoffice"))
needs_libreoffice = pytest.mark.skipif(not HAS_LIBREOFFICE, reason="LibreOffice is not installed "
                                       "(apt-get install libreoffice-writer-nogui); .ci/run installs it")
APPLICATIONS = sorted(p for p in SAMPLES.rglob("*.yaml")
                      if "dokument: søknad" in p.read_text(encoding="utf-8") and "inndata" not in p.parts)


def norm(value):
    """Whitespace-normalised free text: what a round trip may change."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", " ".join(value.split()))  # documents are written in NFC
    if isinstance(value, dict):
        return {k: norm(v) for k, v in value.items()
                if v not in ("", [], None, {}) and not (isinstance(v, str) and not v.strip())}
    if isinstance(value, list):
        return [norm(v) for v in value]
    return value


def draft_file(source: Path, out: Path) -> Path:
    checker = Checker()
    result = checker.check_file(source)
    data = parse_yaml(source.read_text(encoding="utf-8"))[0]
    out.write_bytes(render_draft(data, result, checker.catalogue.get(result.programme)))
    return out


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("drafts")
    return {src: draft_file(src, folder / f"{src.parent.name}-{src.stem}.docx") for src in APPLICATIONS}


@pytest.fixture(scope="module")
def pdfs(drafts):
    if not HAS_LIBREOFFICE:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui); .ci/run installs it")
    from kvkdocs.render.pdf import convert

    folder = next(iter(drafts.values())).parent
    convert(list(drafts.values()), folder)
    return {src: path.with_suffix(".pdf") for src, path in drafts.items()}


def meaning(data):
    """What a round trip must keep: a sector or theme by its code, an amount in kroner.

    A document prints «sjukefråvær» and «kr 225 000,-» as the reader expects
    and reads them back as the code and the number they mean.
    """
    from kvkdocs.amounts import AmountError, parse_amount
    from kvkdocs.programmes import Catalogue
    from kvkdocs.rules._terms import Terms

    catalogue = Catalogue()
    terms = Terms(catalogue.get("kvalitetskommune-2006"))
    data = json.loads(json.dumps(data))
    if isinstance(data.get("program"), str):  # a document names its edition; the checker reads the id
        data["program"] = catalogue.id_for_name(data["program"]) or data["program"]
    for project in data.get("prosjekter") or []:
        for key in ("sektorer", "tema"):
            if isinstance(project.get(key), list):
                project[key] = [terms.code_of(v) or v for v in project[key]]
    for goal in data.get("mål") or []:
        if isinstance(goal.get("tema"), str):
            goal["tema"] = terms.code_of(goal["tema"]) or goal["tema"]
    grant = data.get("tilskudd") or {}
    for item in [grant, *(grant.get("budsjett") or [])]:
        try:
            item["beløp"] = parse_amount(item.get("beløp"))
        except AmountError:
            pass
    return norm(data)


@pytest.mark.parametrize("source", APPLICATIONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_word_round_trip(drafts, source):
    data, _, _ = read_word(drafts[source])
    assert meaning(data) == meaning(parse_yaml(source.read_text(encoding="utf-8"))[0])


@needs_libreoffice
@pytest.mark.parametrize("source", APPLICATIONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_pdf_round_trip(pdfs, source):
    data, _, _ = read_pdf(pdfs[source])
    assert meaning(data) == meaning(parse_yaml(source.read_text(encoding="utf-8"))[0])


@pytest.mark.parametrize("source", APPLICATIONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_same_rules_in_yaml_and_word(drafts, source):
    checker = Checker()
    assert {f.rule for f in checker.check_file(source).findings if f.rule != "application.deadline"} == \
        {f.rule for f in checker.check_file(drafts[source]).findings}
    checker.close()


@needs_libreoffice
def test_same_rules_in_pdf(pdfs):
    checker = Checker()
    for source, pdf in pdfs.items():
        expected = {f.rule for f in checker.check_file(source).findings if f.rule != "application.deadline"}
        assert {f.rule for f in checker.check_file(pdf).findings} == expected, source
    checker.close()


# Free text that is a section heading («Samarbeidskommuner»), or close enough to be one renamed
# («BUDSJETTET»), reads as that heading: a plain paragraph may be a heading retyped in the Normal
# style, and the two cannot be told apart. Known limitation (noted for the readers), so generated
# text leaves out what the reader would take for a heading.
_HEADINGS = {t.casefold() for s in SECTIONS for t in (s.nb, s.nn)}


def _not_a_heading(text: str) -> bool:
    """Text a person could type in a field: not a heading, and not one of Word's empty-field prompts
    (the reader rightly takes «Choose an item.», in any case, for an empty field)."""
    return (bool(text) and text.casefold().rstrip(".") not in _HEADINGS
            and section_for_title(text) is None and closest_section(text) is None
            and text.casefold() not in PROMPTS)


TEXT = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd"), whitelist_characters=" -.,æøåÆØÅ"),
               min_size=1, max_size=40).map(lambda s: " ".join(s.split())).filter(_not_a_heading)
DATES = st.dates(min_value=dt.date(2006, 1, 1), max_value=dt.date(2015, 12, 31)).map(dt.date.isoformat)
NUMBERS = st.decimals(min_value=0, max_value=100, places=1).map(float)


@st.composite
def applications(draw):
    base = parse_yaml((SAMPLES / "utgaver/kvalitetskommune-2006-godkjent.yaml").read_text(encoding="utf-8"))[0]
    base["søker"]["kontaktperson"]["navn"] = draw(TEXT)
    base["arbeidsform"] = draw(TEXT)
    base["innsatsområder"] = draw(st.lists(TEXT, min_size=1, max_size=4))
    base["styringsgruppe"] = [{"navn": draw(TEXT), "part": draw(st.sampled_from(["folkevalgte", "administrasjon", "tillitsvalgte"])),
                               "rolle": draw(TEXT)} for _ in range(draw(st.integers(1, 6)))]
    base["arbeidstakerorganisasjoner"] = [{"organisasjon": draw(TEXT), "tillitsvalgt": draw(TEXT), "bekreftet": draw(DATES)}
                                          for _ in range(draw(st.integers(1, 5)))]
    for goal in base["mål"]:
        goal["utgangsverdi"], goal["målverdi"], goal["måldato"] = draw(NUMBERS), draw(NUMBERS), draw(DATES)
    base["tilskudd"]["beløp"] = draw(st.integers(1, 10_000_000))
    return base


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(applications())
def test_generated_applications_survive_word(tmp_path_factory, data):
    checker = Checker()
    result = checker.check_data(data)
    path = tmp_path_factory.mktemp("h") / "s.docx"
    path.write_bytes(render_draft(data, result, checker.catalogue.get("kvalitetskommune-2006"), "nb"))
    read = read_word(path)[0]
    assert read["program"] == "Kvalitetskommuneprogrammet"  # people read the edition's name, not its id
    assert norm({**read, "program": "kvalitetskommune-2006"}) == norm(data)


def test_draft_with_errors_is_marked_and_lists_them(tmp_path):
    out = tmp_path / "s.docx"
    result = CliRunner().invoke(cli, ["draft", str(SAMPLES / "pulje-4/1548-fraena.yaml"), "-o", str(out)])
    assert result.exit_code == 0 and "UTKAST" in result.output
    text = docx_text(out.read_bytes())
    assert text.startswith("UTKAST – søknaden har 1 open feil")  # Fræna writes nynorsk
    assert "Styringsgruppa manglar" not in text or "Opne funn" in text
    assert "Søkjar" in text and "Underskrifter" in text and "Ordførar (folkevalde)" in text


def test_draft_of_a_compliant_application_is_not_marked(tmp_path):
    out = tmp_path / "s.docx"
    CliRunner().invoke(cli, ["draft", str(SAMPLES / "utgaver/kvalitetskommune-2006-godkjent.yaml"), "-o", str(out)])
    text = docx_text(out.read_bytes())
    assert "UTKAST" not in text and text.startswith("Søknad om deltakelse i Kvalitetskommuneprogrammet")


def test_missing_section_is_named(tmp_path):
    from docx import Document

    doc = Document(SAMPLES / "dokumenter/1902-tromso.docx")
    body = doc.element.body
    start = next(i for i, p in enumerate(doc.paragraphs) if p.text == "Styringsgruppe")
    heading = doc.paragraphs[start]._p
    table = heading.getnext()
    while not table.tag.endswith("}tbl"):
        table = table.getnext()
    body.remove(heading)
    body.remove(table)
    doc.save(tmp_path / "uten.docx")
    findings = validate([tmp_path / "uten.docx"]).files[0].findings
    assert {f.rule for f in findings} == {"input.structure", "steering.three-parties"}
    assert "«Styringsgruppe»" in next(f.message for f in findings if f.rule == "input.structure")


def test_init_for_every_edition_fills_in_to_a_compliant_application(tmp_path):
    runner = CliRunner()
    for edition, number in (("kvalitetskommune-2006", "1445"), ("kvalitetskommune-ks-2010", "0219"),
                            ("sammen-om-en-bedre-kommune-2011", "1432")):
        out = tmp_path / f"{edition}.yaml"
        assert runner.invoke(cli, ["init", "-p", edition, "-k", number, "-o", str(out)]).exit_code == 0
        data = parse_yaml(out.read_text(encoding="utf-8"))[0]
        assert data["søker"]["kommunenummer"] == number and data["program"] == edition
        filled = fill_in(data)
        out.write_text(yaml.safe_dump(filled, allow_unicode=True), encoding="utf-8")
        result = validate([out]).files[0]
        assert result.compliant and not result.findings, [f.message for f in result.findings]


def test_init_writes_nynorsk_hints_for_a_nynorsk_municipality():
    text = CliRunner().invoke(cli, ["init", "-p", "kvalitetskommune-2006", "-k", "1445"]).output
    assert "Målform etter kommuneregisteret: nynorsk" in text and "Datoar skriv du" in text
    assert 'kommunenavn: "Gloppen"' in text and 'fylke: "Sogn og Fjordane"' in text


def test_init_refuses_a_number_that_did_not_exist_during_the_programme():
    result = CliRunner().invoke(cli, ["init", "-p", "sammen-om-en-bedre-kommune-2011", "-k", "4650"])
    assert result.exit_code == 2 and "--dato" in result.output


def test_init_rejects_an_unknown_number():
    result = CliRunner().invoke(cli, ["init", "-p", "kvalitetskommune-2006", "-k", "2999"])
    assert result.exit_code == 2 and "finnes ikke i kommuneregisteret" in result.output


def fill_in(data: dict) -> dict:
    """What a municipality types into the starter."""
    day = data["søknadsdato"]
    data["søker"]["kontaktperson"] = {"navn": "Kari Nordmann", "stilling": "Rådgiver", "epost": "kari@example.no", "telefon": "1"}
    if "innsatsområder" in data:
        data["innsatsområder"], data["arbeidsform"] = ["Nærvær"], "Trepartsgruppe i hver enhet."
    start = dt.date.fromisoformat(day)
    data["prosjekter"][0].update(tittel="Nærvær", beskrivelse="Tiltak", start=day,
                                 slutt=min(start.replace(year=start.year + 2), dt.date(2015, 12, 31)).isoformat())
    data["prosjekter"][0]["sektorer"] = ["pleie-og-omsorg", "barnehage"]
    goal = data["mål"][0]
    goal.update(beskrivelse="Lavere sykefravær", indikator="Sykefravær i prosent", utgangsverdi=9.0, målverdi=7.5,
                måldato=data["prosjekter"][0]["slutt"])
    if not goal["tema"]:
        goal["tema"] = "sykefravær"
    for member, name in zip(data["styringsgruppe"], ("A", "B", "C"), strict=True):
        member.update(navn=name, rolle="Medlem")
    for union in data["arbeidstakerorganisasjoner"]:
        union.update(tillitsvalgt="T", bekreftet=day)
    data["alle_organisasjoner_med"] = "ja"
    data["politisk_forankring"].update(dato=day, saksnummer="1/06")
    if "evaluering" in data:
        data["evaluering"] = "Årlig evaluering."
    data["tilskudd"] = {"beløp": 200000, "budsjett": [{"post": "Prosjektledelse", "beløp": 200000}]}
    return data


def test_nynorsk_draft_lists_findings_in_nynorsk(tmp_path):
    out = tmp_path / "s.docx"
    CliRunner().invoke(cli, ["draft", str(SAMPLES / "pulje-4/1548-fraena.yaml"), "-o", str(out)])
    text = docx_text(out.read_bytes())
    assert "Styringsgruppa manglar folkevalde" in text and "Styringsgruppen mangler" not in text


def test_local_agreement_has_a_line_for_every_union(tmp_path):
    out = tmp_path / "a.docx"
    result = CliRunner().invoke(cli, ["agreement", "local", str(SAMPLES / "pulje-4/1445-gloppen.yaml"), "-o", str(out)])
    assert result.exit_code == 0
    text = docx_text(out.read_bytes())
    assert text.startswith("Lokal samarbeidsavtale\nGloppen kommune – Kvalitetskommuneprogrammet")
    assert "Partar" in text and "dialog, ikkje forhandling" in text and "likeverdige" in text
    for union in ("Fagforbundet", "Utdanningsforbundet", "Norsk Sykepleierforbund", "Delta"):
        assert f"for {union}" in text
    assert "Ordførar, Gloppen kommune" in text and "Rådmann, Gloppen kommune" in text


def test_findings_point_into_word_and_pdf():
    result = validate([SAMPLES / "dokumenter/1545-midsund.docx"]).files[0]
    where = result.findings[0].location
    assert (where.section, where.table, where.row) == ("Arbeidstakarorganisasjonar", 1, 4)
    where = validate([SAMPLES / "dokumenter/1545-midsund.pdf"]).files[0].findings[0].location
    assert where.section == "Arbeidstakarorganisasjonar" and where.page


def test_drafts_and_agreements_refuse_what_is_not_an_application(tmp_path):
    meeting = str(SAMPLES / "meetings/2008-11-04-pulje-4.yaml")
    runner = CliRunner()
    result = runner.invoke(cli, ["agreement", "local", meeting, "-o", str(tmp_path / "a.docx")])
    assert result.exit_code == 2 and "ikke en søknad" in result.output
    result = runner.invoke(cli, ["draft", meeting, "-o", str(tmp_path / "d.docx")])
    assert result.exit_code == 1 and "ikke en søknad" in result.output
    assert list(tmp_path.iterdir()) == []
