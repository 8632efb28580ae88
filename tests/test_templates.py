"""Golden text for every template in both målformer, the variable check, and PDFs."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml
from click.testing import CliRunner

from kvkdocs.agreement import agreement_context, local_context
from kvkdocs.batch import Templates
from kvkdocs.cli import cli
from kvkdocs.decisions import DecisionCheck, collect_applications
from kvkdocs.errors import TemplateError
from kvkdocs.letters import Planner
from kvkdocs.meeting import load_meeting
from kvkdocs.programmes import Catalogue
from kvkdocs.render.docx import CompiledDocx

from .conftest import ROOT, SAMPLES, load_sample, shared
from .docx_text import docx_text
from .golden import compare_golden

GOLDEN = ROOT / "tests/golden/templates"


def planner(meeting_name: str, folder: str) -> Planner:
    meeting = load_meeting(SAMPLES / "meetings" / meeting_name, Catalogue())
    check = DecisionCheck(meeting, collect_applications(SAMPLES / folder, meeting))
    check.run()
    return Planner(meeting, check)


@pytest.fixture(scope=shared)
def contexts():
    p4 = planner("2008-11-04-pulje-4.yaml", "pulje-4")
    p11 = planner("2011-09-21-sammen-pulje-1.yaml", "sammen-2011")
    jondal = next(d for d in p4.meeting.decisions if d["kommunenummer"] == "1227")
    midsund = next(d for d in p4.meeting.decisions if d["kommunenummer"] == "1545")
    voss = next(d for d in p11.meeting.decisions if d["kommunenummer"] == "1235")
    forde = next(d for d in p11.meeting.decisions if d["kommunenummer"] == "1432")
    return {
        "opptaksbrev": p4.letter("opptaksbrev", jondal, "1227", ["1227"]).context,
        "opptaksbrev-dispensasjon": p4.letter("opptaksbrev", midsund, "1545", ["1545"]).context,
        "opptaksbrev-felles": p11.letter("opptaksbrev", forde, "1433", ["1432", "1433"]).context,
        "avslag": p11.letter("avslag", voss, "1235", ["1235"]).context,
        "protokoll": {lang: p4.minutes(lang).context for lang in ("nb", "nn")},
        "protokoll-2011": {lang: p11.minutes(lang).context for lang in ("nb", "nn")},
        **{f"programavtale-{key}": {lang: agreement_context(Catalogue().get(edition), lang) for lang in ("nb", "nn")}
           for key, edition in EDITIONS.items()},
        "samarbeidsavtale": {lang: local_context(load_sample(SAMPLES / "pulje-4/1445-gloppen.yaml"),
                                                 Catalogue().get("kvalitetskommune-2006"), lang) for lang in ("nb", "nn")},
    }


EDITIONS = {"2006": "kvalitetskommune-2006", "ks-2010": "kvalitetskommune-ks-2010", "2011": "sammen-om-en-bedre-kommune-2011"}
CASES = [("brev/opptaksbrev", "opptaksbrev"), ("brev/opptaksbrev", "opptaksbrev-dispensasjon"), ("brev/opptaksbrev", "opptaksbrev-felles"), ("brev/avslag", "avslag"),
         ("brev/protokoll", "protokoll"), ("brev/protokoll", "protokoll-2011"),
         *(("avtale/programavtale", f"programavtale-{key}") for key in EDITIONS),
         ("avtale/samarbeidsavtale", "samarbeidsavtale")]


@pytest.mark.parametrize("lang", ["nb", "nn"])
@pytest.mark.parametrize("template,case", CASES)
def test_template_golden_text(contexts, template, case, lang):
    compiled = CompiledDocx(ROOT / "templates" / f"{template}.{lang}.docx")
    context = contexts[case]
    context = dict(context.get(lang, context))  # documents in both målformer have a context per målform
    assert compiled.missing(context) == set()
    text = docx_text(compiled.render(context))
    compare_golden(GOLDEN / f"{case}.{lang}.txt", text)


def test_missing_variable_names_template_and_variable(tmp_path, contexts):
    context = dict(contexts["opptaksbrev"])
    context.pop("tilskudd")
    with pytest.raises(TemplateError, match=r"opptaksbrev\.nb\.docx bruker tilskudd"):
        Templates().check("opptaksbrev.nb", context)


def test_broken_template_tag_is_a_clear_error(tmp_path):
    import zipfile

    source = ROOT / "templates/brev/avslag.nb.docx"
    broken = tmp_path / "avslag.nb.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"{{ begrunnelse }}", b"{{ begrunnelse ")
            dst.writestr(info, data)
    with pytest.raises(TemplateError, match="avslag.nb.docx"):
        CompiledDocx(broken)


def test_every_document_opens_in_libreoffice_as_pdf(tmp_path):
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui); .ci/run installs it")
    from pypdf import PdfReader

    out = tmp_path / "ut"
    result = CliRunner().invoke(cli, ["letters", str(SAMPLES / "meetings/2011-09-21-sammen-pulje-1.yaml"),
                                      "-a", str(SAMPLES / "sammen-2011"), "-o", str(out), "--pdf"])
    assert result.exit_code == 0, result.output
    rows = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["dokumenter"]
    assert len(rows) == 5
    for row in rows:
        reader = PdfReader(out / row["pdf_filnavn"])
        text = " ".join(page.extract_text() for page in reader.pages)
        assert len(reader.pages) >= 1 and (row["mottaker_navn"] or "Protokoll") in " ".join(text.split())
        if row["type"] != "protokoll":
            assert len(reader.pages) == 1, row["filnavn"]  # a letter fits on one page
    first = {r["pdf_filnavn"]: r["pdf_sha256"] for r in rows}
    CliRunner().invoke(cli, ["letters", str(SAMPLES / "meetings/2011-09-21-sammen-pulje-1.yaml"),
                             "-a", str(SAMPLES / "sammen-2011"), "-o", str(out), "--pdf", "--force"])
    again = {r["pdf_filnavn"]: r["pdf_sha256"] for r in json.loads((out / "manifest.json").read_text())["dokumenter"]}
    assert again == first  # PDFs are reproducible too


def test_agreements_open_in_libreoffice(tmp_path):
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui); .ci/run installs it")
    from pypdf import PdfReader

    from kvkdocs.render.pdf import convert

    files = []
    for edition in Catalogue().ids():
        for flag, lang in (([], "nb"), (["--nynorsk"], "nn")):
            path = tmp_path / f"{edition}.{lang}.docx"
            assert CliRunner().invoke(cli, ["agreement", "programme", "-p", edition, "-o", str(path), *flag]).exit_code == 0
            files.append(path)
    convert(files, tmp_path)
    for path in files:
        text = " ".join(page.extract_text() for page in PdfReader(path.with_suffix(".pdf")).pages)
        assert "Kilde:" in text or "Kjelde:" in text


def test_pdf_without_libreoffice_writes_word_and_says_how(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on the path
    out = tmp_path / "ut"
    result = CliRunner().invoke(cli, ["letters", str(SAMPLES / "meetings/2011-09-21-sammen-pulje-1.yaml"),
                                      "-a", str(SAMPLES / "sammen-2011"), "-o", str(out), "--pdf", "--no-pdf-ok"])
    assert result.exit_code == 0
    assert "apt-get install libreoffice-writer-nogui" in result.output
    assert len(list(out.glob("*.docx"))) == 5 and not list(out.glob("*.pdf"))


def test_minutes_and_agreement_commands(tmp_path):
    runner = CliRunner()
    assert runner.invoke(cli, ["minutes", str(SAMPLES / "meetings/2008-11-04-pulje-4.yaml"), "-o",
                               str(tmp_path / "p.docx"), "--nynorsk"]).exit_code == 0
    text = docx_text((tmp_path / "p.docx").read_bytes())
    assert "Desse kommunane vert tekne opp" in text and "Bjugn" in text
    assert runner.invoke(cli, ["agreement", "programme", "-p", "kvalitetskommune-ks-2010", "-o",
                               str(tmp_path / "a.docx")]).exit_code == 0
    text = docx_text((tmp_path / "a.docx").read_bytes())
    assert text.startswith("Forslag – ikke vedtatt og ikke underskrevet") and "barnehager og i pleie og omsorg" in text


# --- what the documents may say --------------------------------------------------------------------

def agreement_text(edition: str, lang: str) -> str:
    template = CompiledDocx(ROOT / "templates/avtale" / f"programavtale.{lang}.docx")
    return docx_text(template.render(agreement_context(Catalogue().get(edition), lang)))


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_programme_agreements_render_their_edition_clauses_with_sources(lang):
    source = {"nb": "Kilde:", "nn": "Kjelde:"}[lang]
    text = agreement_text("kvalitetskommune-2006", lang)
    note = {"nb": "Dette dokumentet gjengir med prosjektets egne ord", "nn": "Dette dokumentet gjev att med eigne ord"}[lang]
    assert text.splitlines()[2].startswith(note)  # under the title and the programme name
    assert f"{source} Økonomi" in text and f"{source} Organisering, lokalt" in text
    assert "Oslo, 23.10.2006" in text and "Åslaug Haga" in text and "Gunn Olander" in text
    text = agreement_text("sammen-om-en-bedre-kommune-2011", lang)
    assert "300 000 kroner" in text and "Programmet varer ut 2015." in text and "Inngått i 2011" in text
    assert "01.01.2011" not in text and "Oslo" not in text and "____" not in text  # no place, day or signatures the seed lacks
    assert all(party in text for party in ("LO Kommune", "YS Kommune", "Unio", "Akademikerne", "KS"))
    text = agreement_text("kvalitetskommune-ks-2010", lang)
    assert text.startswith({"nb": "Forslag – ikke vedtatt", "nn": "Framlegg – ikkje vedteke"}[lang])
    assert "2006" not in text.split("\n", 3)[3].split("avtalen")[0]  # no date it never had
    assert "23.10.2006" not in text and "____" not in text and "Oslo" not in text


def test_every_clause_of_every_edition_names_its_source():
    for programme in Catalogue():
        for lang in ("nb", "nn"):
            for part in agreement_context(programme, lang)["deler"]:
                assert part["overskrift"] and part["ledd"]
                assert all(clause["tekst"] and clause["kilde"] for clause in part["ledd"]), programme.id


def local_agreement(tmp_path, change=None, *flags):
    source = load_sample(SAMPLES / "pulje-4/1445-gloppen.yaml")
    if change:
        change(source)
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(source, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "a.docx"
    return CliRunner().invoke(cli, ["agreement", "local", str(path), "-o", str(out), *flags]), out


@pytest.mark.parametrize("change,rule", [
    (lambda d: d.update(styringsgruppe=[m for m in d["styringsgruppe"] if m["part"] != "tillitsvalgte"]),
     "steering.three-parties"),
    (lambda d: d["arbeidstakerorganisasjoner"][0].pop("bekreftet"), "anchoring.all-unions"),
])
def test_local_agreement_refuses_without_the_three_parties_or_the_unions(tmp_path, change, rule):
    result, out = local_agreement(tmp_path, change)
    assert result.exit_code == 1 and rule in result.output and "--utkast" in result.output
    assert not out.exists()
    result, out = local_agreement(tmp_path, change, "--utkast")
    assert result.exit_code == 0, result.output
    assert docx_text(out.read_bytes()).startswith("UTKAST – søknaden manglar enno")  # Gloppen writes nynorsk


def test_a_sound_application_gives_a_local_agreement_without_utkast(tmp_path):
    result, out = local_agreement(tmp_path)
    assert result.exit_code == 0 and "UTKAST" not in docx_text(out.read_bytes())


# --- no internal codes, no bokmål in nynorsk ---------------------------------------------------------

CODES = ["pleie-og-omsorg", "heltid-deltid", "kompetanse-rekruttering", "kvalitetskommune-2006",
         "kvalitetskommune-ks-2010", "sammen-om-en-bedre-kommune-2011", "styringsgruppe:", "politisk-kontaktmøte",
         "goals.", "steering.", "anchoring.", "scope.", "None", "{{", "{%"]
BOKMAAL = ["ikke", "Ikke", "hilsen", "Deres ref", "Saksbehandler", "tilskudd", "ledelse", "Leder", "leder,",
           "vedtatt", "oppdiktede", "Kilde:", "sykefravær", "arbeidstakerorganisasjonene", "Programleder", "møteleder",
           "Stimuleringsmidler", "veiledere", "Tildelt tidligere", "Gjenstår", "kommuner "]


@pytest.fixture(scope=shared)
def every_document(tmp_path_factory):
    """Every kind of document, in both målformer: text by (name, målform)."""
    import io
    import zipfile

    from kvkdocs.check import Checker
    from kvkdocs.draft import render_draft

    folder = tmp_path_factory.mktemp("alle")
    runner = CliRunner()
    found = {}
    for meeting, apps in (("2008-11-04-pulje-4.yaml", "pulje-4"), ("2011-09-21-sammen-pulje-1.yaml", "sammen-2011")):
        out = folder / meeting
        assert runner.invoke(cli, ["letters", str(SAMPLES / "meetings" / meeting), "-a", str(SAMPLES / apps),
                                   "-o", str(out)]).exit_code == 0
        rows = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["dokumenter"]
        for row in rows:
            found[(row["filnavn"], "nn" if row["målform"] == "nynorsk" else "nb")] = (out / row["filnavn"]).read_bytes()
        for flag, lang in (([], "nb"), (["--nynorsk"], "nn")):
            path = folder / f"{meeting}.{lang}.docx"
            assert runner.invoke(cli, ["minutes", str(SAMPLES / "meetings" / meeting), "-o", str(path), *flag]).exit_code == 0
            found[(path.name, lang)] = path.read_bytes()
    for programme in Catalogue():
        for lang in ("nb", "nn"):
            template = CompiledDocx(ROOT / "templates/avtale" / f"programavtale.{lang}.docx")
            found[(programme.id, lang)] = template.render(agreement_context(programme, lang))
    checker = Checker()
    for sample in ("pulje-4/1445-gloppen.yaml", "pulje-4/0219-baerum.yaml", "sammen-2011/1432-forde.yaml"):
        data = load_sample(SAMPLES / sample)
        result = checker.check_file(SAMPLES / sample)
        programme = Catalogue().get(data["program"])
        for lang in ("nb", "nn"):
            found[(f"draft {sample}", lang)] = render_draft(data, result, programme, lang)
            template = CompiledDocx(ROOT / "templates/avtale" / f"samarbeidsavtale.{lang}.docx")
            found[(f"local {sample}", lang)] = template.render(local_context(data, programme, lang))
    texts = {}
    for key, data in found.items():
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            headers = " ".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/header"))
        texts[key] = docx_text(data) + "\n" + re.sub(r"<[^>]+>", "", headers)
    return texts


def test_no_document_shows_an_internal_code_or_edition_id(every_document):
    assert len(every_document) > 40
    for (name, _lang), text in every_document.items():
        lines = text.splitlines()
        for code in CODES:
            assert not any(code in line for line in lines), (name, code)


def test_nynorsk_documents_carry_no_bokmaal(every_document):
    meeting_data = ("Friskere arbeidsplasser", "Jondal er en liten kommune", "Sykepleierforbundet har", "Formannskapet har",
                    "Prosjektet om kvalitet i barnehagen")  # the meeting file's own words, quoted
    nynorsk = {k: v for k, v in every_document.items() if k[1] == "nn"}
    assert len(nynorsk) > 15
    for (name, _lang), text in nynorsk.items():
        own_words = name.startswith(("draft", "local"))  # table rows there are the application's own values
        lines = [line for line in text.splitlines()
                 if not any(q in line for q in meeting_data)
                 and not (own_words and " | " in line)]
        for word in BOKMAAL:
            pattern = re.compile(r"(?<!\w)" + re.escape(word.strip()) + r"(?!\w)")
            hits = [line for line in lines if pattern.search(line)]
            assert not hits, (name, word, hits[:2])


# --- layout as a person sees it ------------------------------------------------------------------------

TEMPLATES = sorted((ROOT / "templates").glob("*/*.docx"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_table_rows_never_split_and_signatures_keep_with_their_text(path):
    import zipfile

    from lxml import etree

    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(f"{W}body")
    rows = body.iter(f"{W}tr")
    assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)
    if path.parent.name == "kvittering":  # a receipt is not signed: only its rows are checked
        return
    blocks = list(body)
    text = ["".join(b.itertext()) for b in blocks]
    signature = next((i for i, b in enumerate(blocks) if b.tag == f"{W}tbl" and "____" in text[i]), None)
    if signature is None:  # a letter: closing and signatory are paragraphs
        signature = next(i for i, t in enumerate(text) if t == "{{ avsender.underskriver }}")
        assert blocks[signature].find(f"{W}pPr/{W}keepNext") is not None
    before = [b for b, t in zip(blocks[:signature], text[:signature], strict=True)
              if b.tag == f"{W}p" and t.strip() and "{%" not in t][-2:]  # the last paragraph, the closing
    assert all(b.find(f"{W}pPr/{W}keepNext") is not None for b in before), ["".join(b.itertext()) for b in before]


def test_init_dates_a_new_application_today_while_the_programme_runs():
    """The starter template (templates/soknad/start.yaml.j2) is dated today, or says why not."""
    import datetime as dt

    text = CliRunner().invoke(cli, ["init", "-p", "kvalitetskommune-2006", "-k", "4650"]).output  # Gloppen today
    assert f'søknadsdato: "{dt.date.today().isoformat()}"' in text and "ikkje i bruk i dag" not in text
    text = CliRunner().invoke(cli, ["init", "-p", "kvalitetskommune-2006", "-k", "1445"]).output  # Gloppen until 2019
    assert 'søknadsdato: "2006-10-23"' in text and "Kommunenummeret er ikkje i bruk i dag" in text


@pytest.mark.parametrize("lang,unknown,one", [("nb", "Ikke oppgitt.", "1 åpen feil"), ("nn", "Ikkje oppgitt.", "1 open feil")])
def test_the_draft_leaves_out_unknown_values_and_counts_in_words(lang, unknown, one):
    from kvkdocs.check import Checker
    from kvkdocs.draft import render_draft

    data = load_sample(SAMPLES / "pulje-4/1548-fraena.yaml")  # one error: no elected politicians
    data["søker"]["kontaktperson"].pop("telefon", None)
    data["søker"].pop("organisasjonsnummer", None)
    data["politisk_forankring"] = {}
    result = Checker(lang=lang).check_data(data)
    text = docx_text(render_draft(data, result, Catalogue().get(data["program"]), lang))
    lines = text.splitlines()
    assert not any(line.startswith(("Telefon |", "Organisasjonsnummer |", "Mottatt |", "Motteken |")) for line in lines)
    assert not any(line.rstrip().endswith("|") for line in lines if line.startswith(("Kontaktperson", "Stilling")))
    politisk = lines.index("Politisk forankring")
    assert lines[politisk + 1] == unknown  # a section with nothing known says so instead of an empty table
    assert one in text.splitlines()[0]
