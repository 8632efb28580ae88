"""Behaviours that deliberate small bugs in the core once slipped past.

Each test here was written by breaking the behaviour it names and watching
the suite stay green; it fails when that behaviour breaks again.
"""

from __future__ import annotations

import copy
import io
import os
import zipfile
from pathlib import Path

import docx
import pytest

from kvkdocs import Checker
from kvkdocs.draft import render_draft
from kvkdocs.load.word import read_word

from .conftest import rule_ids

EDITION = "kvalitetskommune-2006"


def errors_of(result) -> set[str]:
    return {f.rule for f in result.findings if f.severity == "error"}


# -- rules -----------------------------------------------------------------------------


def test_an_application_that_lists_no_unions_is_not_compliant(checker, compliant):
    for empty in ([], None):
        app = compliant(EDITION)
        if empty is None:
            del app["arbeidstakerorganisasjoner"]
        else:
            app["arbeidstakerorganisasjoner"] = empty
        result = checker.check_data(app)
        assert not result.compliant and "anchoring.all-unions" in errors_of(result)


def test_a_steering_group_member_without_a_name_counts_for_no_party(checker, compliant):
    app = compliant(EDITION)
    for member in app["styringsgruppe"]:
        if member["part"] == "folkevalgte":
            member["navn"] = "   "
    result = checker.check_data(app)
    assert "steering.three-parties" in errors_of(result)
    assert any("folkevalgte" in f.message.lower() for f in result.findings if f.rule == "steering.three-parties")


# -- Word reader -------------------------------------------------------------------------


def draft_document(app: dict) -> docx.Document:
    checker = Checker()
    result = checker.check_data(app)
    data = render_draft(app, result, checker.catalogue.get(EDITION))
    return docx.Document(io.BytesIO(data))


def save(document: docx.Document, path: Path) -> Path:
    document.save(str(path))
    return path


def heading(document: docx.Document, *titles: str):
    return next(p for p in document.paragraphs if p.text.strip() in titles)


def table_after(paragraph):
    node = paragraph._p.getnext()
    while node is not None and not node.tag.endswith("}tbl"):
        node = node.getnext()
    return node


def steering_parties(path: Path) -> list[str]:
    data, _, _ = read_word(path)
    return [m.get("part") for m in data.get("styringsgruppe", [])]


def test_a_heading_retyped_in_the_normal_style_is_still_found(compliant, tmp_path):
    app = compliant(EDITION)
    document = draft_document(app)
    title = heading(document, "Styringsgruppe", "Styringsgruppa")
    title.style = document.styles["Normal"]
    for run in title.runs:
        run.bold = True
    assert sorted(steering_parties(save(document, tmp_path / "normal.docx"))) == sorted(
        m["part"] for m in app["styringsgruppe"])


def test_an_unrelated_heading_ends_the_steering_group_section(compliant, tmp_path):
    app = compliant(EDITION)
    app["styringsgruppe"] = [m for m in app["styringsgruppe"] if m["part"] != "folkevalgte"]
    document = draft_document(app)
    table = table_after(heading(document, "Styringsgruppe", "Styringsgruppa"))
    annex_title = copy.deepcopy(heading(document, "Styringsgruppe", "Styringsgruppa")._p)
    for t in annex_title.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"):
        t.text = ""
    next(annex_title.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")).text = "Vedlegg"
    annex_table = copy.deepcopy(table)
    rows = annex_table.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tr")
    texts = rows[-1].iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")
    cells = list(texts)
    cells[0].text = "Ola Ordfører"
    cells[1].text = "Folkevalgte"
    table.addnext(annex_title)
    annex_title.addnext(annex_table)
    path = save(document, tmp_path / "vedlegg.docx")
    assert "folkevalgte" not in steering_parties(path)
    assert "steering.three-parties" in errors_of(Checker().check_file(path))


def test_a_section_pasted_twice_is_read_from_its_first_copy(compliant, tmp_path):
    app = compliant(EDITION)
    document = draft_document(app)
    title = heading(document, "Styringsgruppe", "Styringsgruppa")
    table = table_after(title)
    second_title, second_table = copy.deepcopy(title._p), copy.deepcopy(table)
    cells = list(second_table.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))
    cells[-3].text = "Kari Kopi"
    document.element.body.append(second_title)
    document.element.body.append(second_table)
    document.element.body.append(document.element.body.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sectPr"))
    data, _, _ = read_word(save(document, tmp_path / "twice.docx"))
    names = [m.get("navn") for m in data["styringsgruppe"]]
    assert "Kari Kopi" not in names and names == [m["navn"] for m in app["styringsgruppe"]]


# -- ZIP checks before any parsing ---------------------------------------------------------


def with_extra_part(source: Path, target: Path, name: str, payload: bytes) -> Path:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in original.infolist():
            out.writestr(info, original.read(info.filename))
        out.writestr(name, payload)
    return target


@pytest.fixture
def plain_draft(compliant, tmp_path):
    return save(draft_document(compliant(EDITION)), tmp_path / "plain.docx")


def test_a_word_file_with_twenty_megabytes_of_zeros_is_refused(plain_draft, tmp_path):
    bomb = with_extra_part(plain_draft, tmp_path / "nuller.docx", "word/media/image9.bin", bytes(20 * 1024 * 1024))
    result = Checker().check_file(bomb)
    assert rule_ids(result) == {"input.unreadable"}
    assert "ZIP-bombe" in result.findings[0].message


def test_a_part_over_the_per_part_limit_is_refused_and_the_message_names_that_limit(plain_draft, tmp_path):
    # 31 MB of four letters: deflates about 4:1, so only the per-part limit can catch it.
    letters = bytes.maketrans(bytes(range(256)), b"ACGT" * 64)
    payload = os.urandom(31 * 1024 * 1024).translate(letters)
    big = with_extra_part(plain_draft, tmp_path / "stor.docx", "word/media/image9.bin", payload)
    result = Checker().check_file(big)
    assert rule_ids(result) == {"input.unreadable"}
    message = result.findings[0].message
    assert "30 MB" in message and "100 MB" not in message
