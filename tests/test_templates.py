"""Golden text for every template in both målformer, the variable check, and PDFs."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from click.testing import CliRunner

from kvkdocs.agreement import agreement_context
from kvkdocs.batch import Templates
from kvkdocs.cli import cli
from kvkdocs.decisions import DecisionCheck, collect_applications
from kvkdocs.errors import TemplateError
from kvkdocs.letters import Planner
from kvkdocs.meeting import load_meeting
from kvkdocs.programmes import Catalogue
from kvkdocs.render.docx import CompiledDocx

from .conftest import ROOT, SAMPLES
from .docx_text import docx_text
from .golden import compare_golden

GOLDEN = ROOT / "tests/golden/templates"


def planner(meeting_name: str, folder: str) -> Planner:
    meeting = load_meeting(SAMPLES / "meetings" / meeting_name, Catalogue())
    check = DecisionCheck(meeting, collect_applications(SAMPLES / folder, meeting))
    check.run()
    return Planner(meeting, check)


@pytest.fixture(scope="module")
def contexts():
    p4 = planner("2008-11-04-pulje-4.yaml", "pulje-4")
    p11 = planner("2011-09-21-sammen-pulje-1.yaml", "sammen-2011")
    jondal = next(d for d in p4.meeting.decisions if d["kommunenummer"] == "1227")
    voss = next(d for d in p11.meeting.decisions if d["kommunenummer"] == "1235")
    forde = next(d for d in p11.meeting.decisions if d["kommunenummer"] == "1432")
    return {
        "opptaksbrev": p4.letter("opptaksbrev", jondal, "1227", ["1227"]).context,
        "opptaksbrev-felles": p11.letter("opptaksbrev", forde, "1433", ["1432", "1433"]).context,
        "avslag": p11.letter("avslag", voss, "1235", ["1235"]).context,
        "protokoll": p4.minutes().context,
        "programavtale-2006": agreement_context(Catalogue().get("kvalitetskommune-2006")),
        "programavtale-2011": agreement_context(Catalogue().get("sammen-om-en-bedre-kommune-2011")),
    }


CASES = [("brev/opptaksbrev", "opptaksbrev"), ("brev/opptaksbrev", "opptaksbrev-felles"), ("brev/avslag", "avslag"),
         ("brev/protokoll", "protokoll"), ("avtale/programavtale", "programavtale-2006"),
         ("avtale/programavtale", "programavtale-2011")]


@pytest.mark.parametrize("lang", ["nb", "nn"])
@pytest.mark.parametrize("template,case", CASES)
def test_template_golden_text(contexts, template, case, lang):
    compiled = CompiledDocx(ROOT / "templates" / f"{template}.{lang}.docx")
    context = dict(contexts[case])
    if case.startswith("programavtale"):
        context = agreement_context(Catalogue().get(
            "kvalitetskommune-2006" if case.endswith("2006") else "sammen-om-en-bedre-kommune-2011"), lang)
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
        assert "Organisering" in text and "Økonomi" in text


def test_pdf_without_libreoffice_writes_word_and_says_how(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on the path
    out = tmp_path / "ut"
    result = CliRunner().invoke(cli, ["letters", str(SAMPLES / "meetings/2011-09-21-sammen-pulje-1.yaml"),
                                      "-a", str(SAMPLES / "sammen-2011"), "-o", str(out), "--pdf"])
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
    assert text.startswith("Utkast – ikke underskrevet") and "pleie og omsorg og barnehage" in text
