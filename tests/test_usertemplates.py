"""The secretariat's own templates: export, README, --templates/maler:/KVKDOCS_TEMPLATES, the check, the logo."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kvkdocs.agreement import agreement_context, local_context
from kvkdocs.cli import cli
from kvkdocs.decisions import DecisionCheck, collect_applications
from kvkdocs.letters import Planner
from kvkdocs.meeting import load_meeting
from kvkdocs.messages import render
from kvkdocs.programmes import Catalogue
from kvkdocs.render.docx import CompiledDocx
from kvkdocs.render.templatedata import Shape
from kvkdocs.render.usertemplates import all_keys, check_file, shipped_path
from kvkdocs.templatefolder import documented_names

from .conftest import SAMPLES, load_sample
from .docx_text import docx_text
from .wordml import run as wrun

MEETING = SAMPLES / "meetings/2008-11-04-pulje-4.yaml"
APPS = SAMPLES / "pulje-4"
SUBJECT = "Vedtak om opptak: {{ program_navn }}, pulje {{ pulje }}"
SHIPPED_SUBJECT = "Opptak i {{ program_navn }} – pulje {{ pulje }}"


def invoke(*args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


# --- building templates as a user would leave them ----------------------------------------------------

def png(width: int = 120, height: int = 40) -> bytes:
    """A small solid PNG logo, built in code."""
    raw = b"".join(b"\x00" + bytes((0x1F, 0x2A, 0x44)) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def page_number(paragraph, words: str = "Side ") -> None:
    """«Side N» as Word writes it: a PAGE field in runs of its own."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.add_run(words)
    run = paragraph.add_run()
    for kind in ("begin", "instr", "separate", "end"):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
        if kind == "separate":
            text = OxmlElement("w:t")
            text.text = "1"
            run._r.append(text)


def with_logo_and_subject(path: Path, logo: Path, subject: bool = True) -> None:
    """Open an exported template in python-docx as Word would: a logo in the header, «Side N» in the footer,
    a new subject and title."""
    from docx import Document
    from docx.shared import Cm

    doc = Document(str(path))
    header = doc.sections[0].header
    header.add_paragraph().add_run().add_picture(str(logo), width=Cm(4))
    page_number(doc.sections[0].footer.paragraphs[0], "Sekretariatet – side ")
    if not subject:
        doc.save(str(path))
        return
    for para in doc.paragraphs:
        if para.text == SHIPPED_SUBJECT:
            for run in para.runs[1:]:
                run.text = ""
            para.runs[0].text = SUBJECT
    doc.core_properties.title = SUBJECT
    doc.save(str(path))


def rewrite(path: Path, change, part: str = "word/document.xml") -> None:
    """Change one part of a .docx as raw XML, keeping every other member as it is."""
    source = zipfile.ZipFile(path)
    members = [(info, source.read(info)) for info in source.infolist()]
    source.close()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            if info.filename == part:
                text = data.decode("utf-8")
                changed = change(text)
                assert changed != text, "the change did not apply"
                data = changed.encode("utf-8")
            out.writestr(info, data)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("eksport") / "maler"
    assert invoke("templates", "export", folder).exit_code == 0
    return folder


def user_folder(tmp_path: Path, exported: Path, *names: str) -> Path:
    folder = tmp_path / "maler"
    folder.mkdir()
    for name in names:
        shutil.copy(exported / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def logo_folder(exported, tmp_path_factory):
    """Every template of the round-4 batch with a logo in its header, the admission letters with a new subject."""
    folder = tmp_path_factory.mktemp("logo") / "maler"
    folder.mkdir()
    logo = folder.parent / "logo.png"
    logo.write_bytes(png())
    for name in ("opptaksbrev.nb.docx", "opptaksbrev.nn.docx", "protokoll.nb.docx"):
        shutil.copy(exported / name, folder / name)
        with_logo_and_subject(folder / name, logo, subject=name.startswith("opptaksbrev"))
    return folder


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.suffix == ".docx"}


def media(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [n for n in z.namelist() if n.startswith("word/media/")]


# --- export and the README ----------------------------------------------------------------------------

def test_export_writes_every_kind_in_both_maalformer_and_a_readme(exported):
    names = sorted(p.name for p in exported.iterdir())
    assert names == sorted([f"{k}.docx" for k in all_keys()] + ["README.md"])
    readme = (exported / "README.md").read_text(encoding="utf-8")
    for command in ("kvkdocs templates export", "kvkdocs templates check", "--templates"):
        assert command in readme
    assert "| `mottaker.navn` | tekst | «" in readme and "| `opptatt[].kommune` | tekst |" in readme
    # the exported copy is the shipped template, with real dates Word accepts in its properties
    with zipfile.ZipFile(exported / "opptaksbrev.nb.docx") as z:
        core = z.read("docProps/core.xml").decode("utf-8")
    assert "2000-01-01T00:00:00Z" in core and "{{ dokumentdato_iso }}" not in core
    assert f"<dc:title>{SHIPPED_SUBJECT}</dc:title>" in core
    again = invoke("templates", "export", exported)
    assert again.exit_code == 2 and "finnes allerede" in again.output  # nothing of the user's is overwritten


def real_contexts() -> dict[str, list[dict]]:
    """The contexts the renderer builds for the sample meetings, editions and applications (not the example)."""
    found: dict[str, list[dict]] = {}
    for meeting_name, folder in (("2008-11-04-pulje-4.yaml", "pulje-4"), ("2011-09-21-sammen-pulje-1.yaml", "sammen-2011")):
        meeting = load_meeting(SAMPLES / "meetings" / meeting_name, Catalogue())
        check = DecisionCheck(meeting, collect_applications(SAMPLES / folder, meeting))
        check.run()
        planner = Planner(meeting, check)
        for doc in planner.plan():
            found.setdefault(doc.kind, []).append(doc.context)
        found["protokoll"].append(planner.minutes("nn").context)
    for programme in Catalogue():
        found.setdefault("programavtale", []).extend(agreement_context(programme, lang) for lang in ("nb", "nn"))
    from kvkdocs.check import Checker
    from kvkdocs.draft import draft_context

    checker = Checker()
    for sample in ("pulje-4/1445-gloppen.yaml", "pulje-4/1548-fraena.yaml"):
        data = load_sample(SAMPLES / sample)
        programme = Catalogue().get(data["program"])
        found.setdefault("samarbeidsavtale", []).append(local_context(data, programme, "nb"))
        found.setdefault("soknad", []).append(draft_context(data, checker.check_data(data), programme, "nn"))
    return found


def test_readme_lists_exactly_what_the_renderer_gives(exported):
    """The README cannot drift: its names are the names of the contexts real documents are rendered from."""
    documented = documented_names((exported / "README.md").read_text(encoding="utf-8"))
    assert set(documented) == {"opptaksbrev", "avslag", "protokoll", "programavtale", "samarbeidsavtale", "soknad"}
    for kind, contexts in real_contexts().items():
        assert documented[kind] == set(Shape.of(*contexts).paths()), kind


def test_every_name_a_shipped_template_uses_is_in_the_readme(exported):
    documented = documented_names((exported / "README.md").read_text(encoding="utf-8"))
    for template_key in all_keys():
        used = CompiledDocx(shipped_path(template_key)).variables
        assert used <= documented[template_key.split(".")[0]], template_key


@pytest.mark.parametrize("template_key", all_keys())
def test_every_shipped_template_passes_the_check_and_has_a_title(template_key):
    assert check_file(shipped_path(template_key), template_key) == []


# --- using a folder of templates ----------------------------------------------------------------------

@pytest.mark.slow
def test_logo_and_subject_render_the_round_four_batch_the_same_twice_with_the_logo_in_every_letter_and_pdf(
        logo_folder, tmp_path):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui); .ci/run installs it")
    from pypdf import PdfReader

    first, second = tmp_path / "a", tmp_path / "b"
    result = invoke("letters", MEETING, "-a", APPS, "-o", first, "--templates", logo_folder, "--pdf")
    assert result.exit_code == 0, result.output
    assert invoke("letters", MEETING, "-a", APPS, "-o", second, "--templates", logo_folder).exit_code == 0
    assert digests(first) == digests(second) and len(digests(first)) == 17  # byte-identical on a re-run
    rows = json.loads((first / "manifest.json").read_text(encoding="utf-8"))["dokumenter"]
    for row in rows:
        data = (first / row["filnavn"]).read_bytes()
        assert media(data), row["filnavn"]  # the logo is in the document's package
        pdf = PdfReader(first / row["pdf_filnavn"])
        assert pdf.pages[0].images, row["pdf_filnavn"]  # and on the PDF's page
        for number, page in enumerate(pdf.pages, start=1):  # the footer's page number, counted by LibreOffice
            assert f"Sekretariatet – side {number}" in page.extract_text(), (row["pdf_filnavn"], number)
        if row["type"] == "opptaksbrev":
            text = docx_text(data)
            assert "Vedtak om opptak: Kvalitetskommuneprogrammet, pulje 4" in text
            assert "Opptak i Kvalitetskommuneprogrammet" not in text
            # the archive title is the document's own, as the edited template fills it
            assert row["tittel"] == "Vedtak om opptak: Kvalitetskommuneprogrammet, pulje 4"
    assert next(r for r in rows if r["type"] == "protokoll")["tittel"] == "Protokoll – Kvalitetskommuneprogrammet, pulje 4"


def test_logo_survives_rendering_with_header_footer_page_numbers_and_styles(exported, tmp_path):
    """A template made in code the way Word lays one out: logo in the header, «Side N av M» in the footer,
    a style of the user's own; the rendered letter keeps every one of them."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Cm

    folder = user_folder(tmp_path, exported, "opptaksbrev.nb.docx")
    (tmp_path / "logo.png").write_bytes(png())
    doc = Document(str(folder / "opptaksbrev.nb.docx"))
    doc.sections[0].header.add_paragraph().add_run().add_picture(str(tmp_path / "logo.png"), width=Cm(3))
    page_number(doc.sections[0].footer.paragraphs[0])
    style = doc.styles.add_style("Sekretariatets brødtekst", WD_STYLE_TYPE.PARAGRAPH)
    style.font.name = "Liberation Serif"
    doc.add_paragraph("Med vennlig hilsen fra sekretariatet", style="Sekretariatets brødtekst")
    doc.save(str(folder / "opptaksbrev.nb.docx"))
    out = tmp_path / "ut"
    result = invoke("letters", MEETING, "-a", APPS, "-o", out, "--templates", folder)
    assert result.exit_code == 0, result.output
    letter = (out / "0219-baerum-opptaksbrev.docx").read_bytes()
    rendered = Document(io.BytesIO(letter))
    assert media(letter) and rendered.sections[0].header.part.related_parts  # the header's picture and its link
    assert "PAGE" in rendered.sections[0].footer._element.xml
    assert rendered.paragraphs[-1].style.name == "Sekretariatets brødtekst"
    # letters to nynorsk municipalities come from the shipped template: the folder has no opptaksbrev.nn.docx
    assert not media((out / "1445-gloppen-opptaksbrev.docx").read_bytes())


def test_templates_come_from_option_then_meeting_file_then_environment(exported, tmp_path):
    own = user_folder(tmp_path, exported, "opptaksbrev.nb.docx")
    rewrite(own / "opptaksbrev.nb.docx", lambda x: x.replace(SHIPPED_SUBJECT, "Fra mappen i møtefilen"))
    other = tmp_path / "andre"
    other.mkdir()
    shutil.copy(exported / "opptaksbrev.nb.docx", other / "opptaksbrev.nb.docx")
    rewrite(other / "opptaksbrev.nb.docx", lambda x: x.replace(SHIPPED_SUBJECT, "Fra en annen mappe"))
    meeting = yaml.safe_load(MEETING.read_text(encoding="utf-8"))
    meeting["maler"] = "maler"  # relative to the meeting file
    (tmp_path / "m.yaml").write_text(yaml.safe_dump(meeting, allow_unicode=True), encoding="utf-8")

    def subject(out: Path, *extra, env=None) -> str:
        result = invoke("letters", tmp_path / "m.yaml", "-a", APPS, "-o", out, *extra, env=env)
        assert result.exit_code == 0, result.output
        return docx_text((out / "0219-baerum-opptaksbrev.docx").read_bytes())

    assert "Fra mappen i møtefilen" in subject(tmp_path / "u1", env={"KVKDOCS_TEMPLATES": str(other)})
    assert "Fra en annen mappe" in subject(tmp_path / "u2", "--templates", other)
    meeting.pop("maler")
    (tmp_path / "m.yaml").write_text(yaml.safe_dump(meeting, allow_unicode=True), encoding="utf-8")
    assert "Fra en annen mappe" in subject(tmp_path / "u3", env={"KVKDOCS_TEMPLATES": str(other)})


def test_minutes_agreements_and_draft_take_templates_too(exported, tmp_path):
    folder = user_folder(tmp_path, exported, "protokoll.nn.docx", "programavtale.nb.docx", "samarbeidsavtale.nn.docx",
                         "soknad.nb.docx")
    for name in ("protokoll.nn.docx", "programavtale.nb.docx", "samarbeidsavtale.nn.docx", "soknad.nb.docx"):
        rewrite(folder / name, lambda x: x.replace("<w:body>", "<w:body><w:p><w:r><w:t>Sekretariatets mal</w:t></w:r></w:p>", 1))
    runs = {
        "p.docx": ("minutes", MEETING, "--nynorsk"),
        "a.docx": ("agreement", "programme", "-p", "kvalitetskommune-2006"),
        "s.docx": ("agreement", "local", SAMPLES / "pulje-4/1445-gloppen.yaml"),
        "d.docx": ("draft", SAMPLES / "pulje-4/0219-baerum.yaml"),
    }
    for name, args in runs.items():
        result = invoke(*args, "-o", tmp_path / name, "--templates", folder)
        assert result.exit_code in (0, 1) and (tmp_path / name).exists(), result.output
        assert docx_text((tmp_path / name).read_bytes()).startswith("Sekretariatets mal"), name
    result = invoke("minutes", MEETING, "-o", tmp_path / "p-nb.docx", "--templates", folder)  # no protokoll.nb.docx
    assert not docx_text((tmp_path / "p-nb.docx").read_bytes()).startswith("Sekretariatets mal")


# --- the check: each problem its own message, where Word shows it, and nothing written ---------------

def letters_with(folder: Path, tmp_path: Path):
    out = tmp_path / "ut"
    result = invoke("letters", MEETING, "-a", APPS, "-o", out, "--templates", folder)
    assert result.exit_code == 2, result.output
    assert not out.exists() and not list(tmp_path.glob(".ut*"))  # nothing written, no staging left
    checked = invoke("templates", "check", folder)
    assert checked.exit_code == 1
    error = result.output[result.output.index("Feil: "):]  # after the meeting's findings
    assert not re.search(r"linje \d", error + checked.output)  # a place in Word, never a line of XML
    return error, checked.output


def test_misspelt_variable_names_template_paragraph_and_closest_name(exported, tmp_path):
    folder = user_folder(tmp_path, exported, "opptaksbrev.nb.docx")
    rewrite(folder / "opptaksbrev.nb.docx", lambda x: x.replace("<w:t>{{ mottaker.navn }}</w:t>", "<w:t>Til {{ mottaker.navm }}</w:t>", 1))
    output, checked = letters_with(folder, tmp_path)
    for text in (output, checked):
        assert "opptaksbrev.nb.docx" in text and "«mottaker.navm»" in text
        assert "i avsnittet «Til {{ mottaker.navm }}»" in text and "Mente du «mottaker.navn»?" in text


def test_each_problem_is_on_a_line_of_its_own_in_the_batch_error(exported, tmp_path):
    """The batch's error lists the problems one per line, as «templates check» does, never as a literal «\\n»."""
    folder = user_folder(tmp_path, exported, "opptaksbrev.nb.docx")
    rewrite(folder / "opptaksbrev.nb.docx", lambda x: x.replace("<w:t>{{ mottaker.navn }}</w:t>", "<w:t>Til {{ mottaker.navm }}</w:t>", 1))
    output, _ = letters_with(folder, tmp_path)
    assert "\\n" not in output
    assert "\n  - Malen opptaksbrev.nb.docx bruker «mottaker.navm»" in output


def test_misspelt_variable_in_a_table_cell_names_the_cell(exported, tmp_path):
    folder = user_folder(tmp_path, exported, "opptaksbrev.nn.docx")
    rewrite(folder / "opptaksbrev.nn.docx", lambda x: x.replace("{{ var_ref }}", "{{ vår_ref }}", 1))
    output, _ = letters_with(folder, tmp_path)
    assert "«vår_ref» i tabell 1, rad 2, kolonne 2: «{{ vår_ref }}»" in output and "Mente du «var_ref»?" in output


def test_kommunenavm_in_the_local_agreement_suggests_kommune(exported, tmp_path):
    folder = user_folder(tmp_path, exported, "samarbeidsavtale.nn.docx")
    rewrite(folder / "samarbeidsavtale.nn.docx", lambda x: x.replace("{{ kommune }}", "{{ kommunenavm }}", 1))
    out = tmp_path / "a.docx"
    result = invoke("agreement", "local", SAMPLES / "pulje-4/1445-gloppen.yaml", "-o", out, "--templates", folder)
    assert result.exit_code == 2 and not out.exists()
    assert "samarbeidsavtale.nn.docx bruker «kommunenavm»" in result.output and "Mente du «kommune»?" in result.output


def test_unclosed_if_names_the_tag_that_opened_it(exported, tmp_path):
    folder = user_folder(tmp_path, exported, "opptaksbrev.nb.docx")
    # the last {%p endif %} of the letter (after «Kopi: …») is gone
    rewrite(folder / "opptaksbrev.nb.docx",
            lambda x: x[:x.rindex("<w:p>", 0, x.rindex("{%p endif %}"))] + x[x.index("</w:p>", x.rindex("{%p endif %}")) + 6:])
    output, checked = letters_with(folder, tmp_path)
    for text in (output, checked):
        assert "«{%p if kopi %}» i avsnittet «{%p if kopi %}» (etter «Saksbehandler: {{ avsender.saksbehandler }}" in text
        assert "som aldri lukkes" in text
        assert "Legg til «{%p endif %}»" in text


def test_a_tag_word_splits_into_runs_still_works(exported, tmp_path):
    """Word splits a tag it spell-checks into runs with proofing marks between: docxtpl joins them again."""
    folder = user_folder(tmp_path, exported, "opptaksbrev.nb.docx")
    proof = '<w:proofErr w:type="spellStart"/>'
    split = wrun("{{ mottaker.") + proof + '<w:r w:rsidR="00C4"><w:rPr><w:lang w:val="nb-NO"/></w:rPr><w:t>na</w:t></w:r>' \
        + '<w:proofErr w:type="spellEnd"/>' + wrun("vn }}")
    rewrite(folder / "opptaksbrev.nb.docx", lambda x: x.replace(
        '<w:r><w:rPr><w:b w:val="0"/><w:i w:val="0"/></w:rPr><w:t>{{ mottaker.navn }}</w:t></w:r>', split, 1))
    assert invoke("templates", "check", folder).exit_code == 0
    out = tmp_path / "ut"
    assert invoke("letters", MEETING, "-a", APPS, "-o", out, "--templates", folder).exit_code == 0
    assert docx_text((out / "0219-baerum-opptaksbrev.docx").read_bytes()).splitlines()[2] == "Bærum kommune"


def test_a_tag_split_across_paragraphs_is_named_with_how_to_mend_it(exported, tmp_path):
    folder = user_folder(tmp_path, exported, "opptaksbrev.nb.docx")
    rewrite(folder / "opptaksbrev.nb.docx", lambda x: x.replace("<w:t>{{ mottaker.navn }}</w:t>",
                                                                "<w:t>{{ mottaker.</w:t></w:r></w:p><w:p><w:r><w:t>navn }}</w:t>", 1))
    output, checked = letters_with(folder, tmp_path)
    for text in (output, checked):
        assert ("har taggen «{{ mottaker. navn }}» delt over to avsnitt: den begynner i avsnittet «{{ mottaker.» "
                "og slutter i avsnittet «navn }}»") in text
        assert "slett linjeskiftet inne i taggen i Word" in text


def test_typographic_quotes_in_a_tag_are_named(exported, tmp_path):
    folder = user_folder(tmp_path, exported, "avslag.nb.docx")
    rewrite(folder / "avslag.nb.docx", lambda x: x.replace("{{ begrunnelse }}", "{{ begrunnelse or “–” }}", 1))
    output, _ = letters_with(folder, tmp_path)
    assert "typografiske anførselstegn (“) i taggen «{{ begrunnelse or “–” }}»" in output


def test_a_corrupt_file_is_not_a_word_document(exported, tmp_path):
    folder = user_folder(tmp_path, exported)
    (folder / "protokoll.nb.docx").write_bytes((exported / "protokoll.nb.docx").read_bytes()[:5000])  # cut short
    output, checked = letters_with(folder, tmp_path)
    for text in (output, checked):
        assert "Malen protokoll.nb.docx kan ikke åpnes som Word-dokument" in text and "Lagre" not in text.split("ZIP")[0]
        assert "«Word-dokument (.docx)»" in text


def test_a_file_the_folder_would_never_use_is_named(exported, tmp_path):
    folder = user_folder(tmp_path, exported)
    shutil.copy(exported / "avslag.nb.docx", folder / "avslag-nb.docx")
    shutil.copy(exported / "opptaksbrev.nn.docx", folder / "opptaksbrev.nn.dotx")
    (folder / "~$ptaksbrev.nb.docx").write_bytes(b"Word's lock file")  # ignored, as Word keeps it beside an open file
    output, checked = letters_with(folder, tmp_path)
    assert "avslag-nb.docx, som ikke er navnet på noen mal" in output and "Mente du avslag.nb.docx?" in output
    assert "opptaksbrev.nn.dotx" in checked and "Word-dokument (.docx)" in checked


def test_a_template_without_a_title_is_refused(exported, tmp_path):
    folder = user_folder(tmp_path, exported, "avslag.nn.docx")
    rewrite(folder / "avslag.nn.docx", lambda x: x.replace("<dc:title>Søknad om deltaking i {{ program_navn }} – avslag</dc:title>",
                                                           "<dc:title></dc:title>"), part="docProps/core.xml")
    output, _ = letters_with(folder, tmp_path)
    assert "avslag.nn.docx har ingen tittel" in output and "Fil → Info → Egenskaper → Tittel" in output


def test_check_reports_ok_and_which_kinds_stay_shipped(exported, tmp_path):
    folder = user_folder(tmp_path, exported, "opptaksbrev.nb.docx")
    result = invoke("templates", "check", folder)
    assert result.exit_code == 0
    assert "ok    opptaksbrev.nb.docx" in result.output and "opptaksbrev.nn.docx" in result.output.split("følger med")[1]
    missing = invoke("templates", "check", tmp_path / "finnes-ikke")
    assert missing.exit_code == 1 and "Finner ikke malmappen" in missing.output


def test_the_manifest_title_is_each_documents_own_dc_title(tmp_path):
    """Noark's title in the manifest is what the document says it is (the shipped templates fill dc:title)."""
    from docx import Document

    out = tmp_path / "ut"
    assert invoke("letters", SAMPLES / "meetings/2011-09-21-sammen-pulje-1.yaml", "-a", SAMPLES / "sammen-2011",
                  "-o", out).exit_code == 0
    rows = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["dokumenter"]
    assert {r["type"] for r in rows} == {"opptaksbrev", "avslag", "protokoll"}
    for row in rows:
        title = Document(str(out / row["filnavn"])).core_properties.title
        assert title and row["tittel"] == title, row["filnavn"]
    assert next(r for r in rows if r["type"] == "avslag")["tittel"] == "Søknad om deltaking i Saman om ein betre kommune – avslag"


def test_worker_processes_render_from_the_users_templates(logo_folder, tmp_path):
    """A large batch forks workers: they inherit the user's templates, not the shipped ones."""
    from kvkdocs.batch import write_batch
    from kvkdocs.render.usertemplates import TemplateFolder

    meeting = load_meeting(MEETING, Catalogue())
    check = DecisionCheck(meeting, collect_applications(APPS, meeting))
    check.run()
    out = tmp_path / "ut"
    write_batch(Planner(meeting, check).plan(), out, workers=2, templates=TemplateFolder(logo_folder, "test"))
    rows = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["dokumenter"]
    assert all(media((out / r["filnavn"]).read_bytes()) for r in rows)
    assert {r["tittel"] for r in rows if r["type"] == "opptaksbrev"} == {"Vedtak om opptak: Kvalitetskommuneprogrammet, pulje 4"}


def test_problems_in_the_header_and_beside_a_paragraph_tag_are_named(tmp_path):
    """Tags in the page header are checked too; text beside a {%p} tag would vanish, so the check says so."""
    import kvkdocs.letters  # noqa: F401  (its example contexts)
    from kvkdocs.render.docx import environment
    from kvkdocs.render.usertemplates import kind_shape
    from kvkdocs.render.wordtags import WordTemplate, check_template

    from .wordml import docx, para

    body = para("Hei {%p if kopi %}") + para("Kopi: {{ kopi }}") + para("{%p endif %}")
    word = WordTemplate.read(docx(body, header="{{ avsendr.navn }}"), "opptaksbrev.nb.docx")
    problems = [render(p) for p in check_template(word, kind_shape("opptaksbrev"), environment())]
    assert len(problems) == 1 and "tekst ved siden av taggen «{%p if kopi %}»" in problems[0]
    assert "også teksten «Hei»" in problems[0]
    word = WordTemplate.read(docx(para("Kopi: {{ kopi }}"), header="{{ avsendr.navn }}"), "opptaksbrev.nb.docx")
    (problem,) = [render(p) for p in check_template(word, kind_shape("opptaksbrev"), environment())]
    assert "«avsendr.navn» i avsnittet «{{ avsendr.navn }}» i toppteksten" in problem
    assert "Mente du «avsender.navn»?" in problem


def test_tracked_changes_and_comments_left_in_a_template_are_named(exported, tmp_path):
    """Word's revision marks and comments would be in every letter: the check says how to clear them."""
    from .wordml import inserted

    folder = user_folder(tmp_path, exported, "avslag.nb.docx")
    rewrite(folder / "avslag.nb.docx", lambda x: x.replace(
        "<w:t>{{ begrunnelse }}</w:t></w:r>",
        "<w:t>{{ begrunnelse }}</w:t></w:r>" + inserted(wrun(" Med vennlig hilsen.")) +
        '<w:commentRangeStart w:id="7"/><w:r><w:commentReference w:id="7"/></w:r>', 1))
    output, _ = letters_with(folder, tmp_path)
    assert "avslag.nb.docx har sporede endringer (den første i avsnittet «{{ begrunnelse }} Med vennlig hilsen.»)" in output
    assert "Godta alle endringer" in output and "Slett alle kommentarer" in output


@pytest.mark.slow
def test_templates_saved_by_an_office_suite_check_and_render_the_same_letters(exported, tmp_path):
    """LibreOffice rewrites a template as an office suite does (its own runs, styles and properties):
    the check passes and the letters say word for word what the shipped templates say."""
    import subprocess

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui); .ci/run installs it")
    names = ["opptaksbrev.nn.docx", "avslag.nn.docx", "protokoll.nb.docx"]
    source = user_folder(tmp_path, exported, *names)
    folder = tmp_path / "lagret"
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(folder), *(str(source / n) for n in names)],
                   check=True, capture_output=True, timeout=180)
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)
    assert invoke("templates", "check", folder).exit_code == 0
    meeting, apps = SAMPLES / "meetings/2011-09-21-sammen-pulje-1.yaml", SAMPLES / "sammen-2011"
    assert invoke("letters", meeting, "-a", apps, "-o", tmp_path / "egne", "--templates", folder).exit_code == 0
    assert invoke("letters", meeting, "-a", apps, "-o", tmp_path / "levert").exit_code == 0
    ours = json.loads((tmp_path / "egne/manifest.json").read_text(encoding="utf-8"))["dokumenter"]
    shipped = json.loads((tmp_path / "levert/manifest.json").read_text(encoding="utf-8"))["dokumenter"]
    for mine, theirs in zip(ours, shipped, strict=True):
        assert mine["tittel"] == theirs["tittel"]
        assert (docx_text((tmp_path / "egne" / mine["filnavn"]).read_bytes())
                == docx_text((tmp_path / "levert" / theirs["filnavn"]).read_bytes())), mine["filnavn"]
        assert mine["sha256"] != theirs["sha256"]  # and they did come from the saved templates


def test_a_word_template_or_macro_file_saved_as_docx_is_named(exported, tmp_path):
    folder = user_folder(tmp_path, exported, "avslag.nb.docx")
    rewrite(folder / "avslag.nb.docx", lambda x: x.replace("wordprocessingml.document.main+xml",
                                                           "wordprocessingml.template.main+xml"), part="[Content_Types].xml")
    output, _ = letters_with(folder, tmp_path)
    assert "avslag.nb.docx er lagret som en Word-mal (.dotx)" in output and "«Word-dokument (.docx)»" in output
    strict = tmp_path / "strict"
    strict.mkdir()
    shutil.copy(exported / "avslag.nn.docx", strict / "avslag.nn.docx")
    rewrite(strict / "avslag.nn.docx", lambda x: x.replace("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                                                           "http://purl.oclc.org/ooxml/wordprocessingml/main"))
    checked = invoke("templates", "check", strict)
    assert checked.exit_code == 1 and "avslag.nn.docx er lagret som «Strict Open XML-dokument»" in checked.output


def test_an_expression_that_fails_on_the_example_data_is_a_clear_error(exported, tmp_path):
    """Each tag is sound on its own, but {{ pulje + "x" }} cannot be computed: rendering the example says so."""
    folder = user_folder(tmp_path, exported, "avslag.nb.docx")
    rewrite(folder / "avslag.nb.docx", lambda x: x.replace("{{ begrunnelse }}", '{{ pulje + "x" }}', 1))
    output, checked = letters_with(folder, tmp_path)
    for text in (output, checked):
        assert "Med eksempelmøtets data nr. 1 for avslag: malen avslag.nb.docx kunne ikke fylles ut" in text
        assert "et uttrykk i en tagg virker ikke på dataene (TypeError" in text and "Traceback" not in text


def test_a_split_docxtpl_could_not_join_is_named_with_its_paragraph():
    """docxtpl joins every split we could make Word write (above); should one ever stay split in its
    patched XML, the check names the tag and its paragraph instead of failing on Jinja's XML error."""
    from kvkdocs.render.wordtags import WordTemplate

    from .wordml import docx, para

    word = WordTemplate.read(docx(para("Til {{ mottaker.navn }}")), "opptaksbrev.nb.docx")
    patched = '<w:p><w:r><w:t>Til {{ mottaker.</w:t></w:r><w:bookmarkStart w:id="0"/><w:r><w:t>navn }}</w:t></w:r></w:p>'
    (problem,) = [render(p) for p in word.unmerged("word/document.xml", patched)]
    assert "taggen «{{ mottaker.navn }}» i avsnittet «Til {{ mottaker.navn }}», men Word har delt den opp" in problem
    assert "skriv den inn på nytt i ett strekk" in problem
    assert word.unmerged("word/document.xml", "<w:p><w:r><w:t>Til {{ mottaker.navn }}</w:t></w:r></w:p>") == []
