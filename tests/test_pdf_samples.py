"""The sample PDFs read as the Word files they were exported from, with the page of each value.

``samples/dokumenter`` ships each sample application as Word and as PDF
(exported by LibreOffice when the samples were made). Read by the two readers,
a pair must give the same data, the same sections and the same places (section,
table, row); the PDF adds the page, which a finding shows the officer. No
LibreOffice is needed here, so every PDF-reader change is checked in seconds.
"""

from __future__ import annotations

import pytest

from kvkdocs.load.pdf import read_pdf
from kvkdocs.load.word import read_word

from .conftest import SAMPLES

PAIRS = sorted(p.stem for p in (SAMPLES / "dokumenter").glob("*.pdf") if p.with_suffix(".docx").is_file())


def test_the_samples_have_pdfs_to_read():
    assert len(PAIRS) >= 5  # each edition's example applications, one joint


@pytest.mark.parametrize("stem", PAIRS)
def test_a_sample_pdf_reads_as_its_word_file(stem):
    pdf = read_pdf(SAMPLES / "dokumenter" / f"{stem}.pdf")
    word = read_word(SAMPLES / "dokumenter" / f"{stem}.docx")
    assert pdf.data == word.data
    assert pdf.sections == word.sections
    assert pdf.notes == word.notes == []
    without_page = {pointer: {k: v for k, v in place.items() if k != "page"} for pointer, place in pdf.where.items()}
    assert without_page == {pointer: {k: v for k, v in place.items() if k != "page"}
                            for pointer, place in word.where.items()}


@pytest.mark.parametrize("stem", PAIRS)
def test_each_value_in_a_sample_pdf_has_its_page_in_reading_order(stem):
    from pypdf import PdfReader

    path = SAMPLES / "dokumenter" / f"{stem}.pdf"
    pages = len(PdfReader(path).pages)
    where = read_pdf(path).where
    values = [place["page"] for pointer, place in where.items() if place["table"] is not None]
    assert values and all(isinstance(page, int) and 1 <= page <= pages for page in values)
    assert values[0] == 1 and values == sorted(values)  # a document is read from its first page on
    assert max(values) > 1  # and the steering group and the rest are on later pages


def test_tromso_s_steering_group_is_on_page_two_and_the_unions_on_page_three():
    where = read_pdf(SAMPLES / "dokumenter/1902-tromso.pdf").where
    assert where["/søker/kommunenummer"]["page"] == where["/søker"]["page"] == 1
    assert where["/politisk_forankring"]["page"] == where["/evaluering"]["page"] == 3
    assert where["/innsatsområder"]["page"] == where["/arbeidsform"]["page"] == 1
    assert [where[f"/styringsgruppe/{n}"]["page"] for n in range(6)] == [2] * 6
    assert where["/styringsgruppe"]["page"] == 2
    # Record sections have their page too (a finding on all the projects or goals shows where they start).
    assert where["/prosjekter"]["page"] == where["/prosjekter/0"]["page"] is not None
    assert where["/mål"]["page"] == where["/mål/0"]["page"] is not None
    assert where["/arbeidstakerorganisasjoner/0"]["page"] == where["/tilskudd/beløp"]["page"] == 3
