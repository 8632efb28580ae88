"""Hidden text in a Word file (Skjult tekst) is not read: the officer checks what the sender sees."""

from __future__ import annotations

import pytest

from kvkdocs.load.word import read_word

from . import wordml as w

HIDDEN = '<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve">SKJULT </w:t></w:r>'
SHOWN = ('<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t xml:space="preserve">vist </w:t></w:r>'
         '<w:r><w:rPr><w:vanish w:val="false"/></w:rPr><w:t xml:space="preserve">også </w:t></w:r>')


def test_hidden_runs_are_left_out_and_runs_marked_not_hidden_are_read(tmp_path):
    body = (w.para("Arbeidsform", style="Heading1")
            + w.para(runs=w.run("Vi møtes ") + HIDDEN + SHOWN + w.run("hver måned.")))
    path = tmp_path / "skjult.docx"
    path.write_bytes(w.docx(body))
    assert read_word(path).data["arbeidsform"] == "Vi møtes vist også hver måned."


LINES = ('<w:r><w:t xml:space="preserve">Kommunenummer:</w:t><w:tab/><w:t>1902</w:t><w:br/>'
         '<w:t>Kommunenavn: Nord</w:t><w:noBreakHyphen/><w:t>Fron</w:t><w:cr/>'
         '<w:t>Fylke: Tr</w:t><w:br w:type="page"/><w:t>oms</w:t></w:r>')
ELSEWHERE = {
    "vanlig": "",  # read in one walk
    "innholdskontroll": w.sdt(w.para("Merknad")),  # a content control: read the careful way, texts in one pass
    "skjult-tekst": w.para(runs=HIDDEN),  # hidden text: each paragraph read node by node
}


@pytest.mark.parametrize("kind", sorted(ELSEWHERE))
def test_tabs_line_breaks_and_hyphens_read_the_same_whichever_way_the_document_is_read(tmp_path, kind):
    """A line break (or carriage return) starts a new line, a tab is a space, a non-breaking hyphen is «-»,
    and a page break inside a line joins its halves."""
    body = w.para("Søker", style="Heading1") + w.para(runs=LINES) + ELSEWHERE[kind]
    path = tmp_path / f"{kind}.docx"
    path.write_bytes(w.docx(body))
    assert read_word(path).data["søker"] == {"kommunenummer": "1902", "kommunenavn": "Nord-Fron", "fylke": "Troms"}


@pytest.mark.parametrize("kind", sorted(ELSEWHERE))
def test_heading_and_list_styles_are_told_apart_whichever_way_the_document_is_read(tmp_path, kind):
    """A misspelt heading in «Overskrift 1» (a style name with a space) is read as its section; a bullet
    that names a section is text."""
    members = w.table([w.row(["Navn", "Part", "Rolle"]), w.row(["Kari Nordmann", "administrasjon", "Rådmann"])],
                      columns=3)
    body = (w.para("Styringsgrupe", style="Overskrift 1") + members + w.para("Arbeidsform", style="Heading1")
            + w.para("Styringsgruppe", style="ListParagraph") + ELSEWHERE[kind])
    path = tmp_path / f"{kind}.docx"
    path.write_bytes(w.docx(body))
    reading = read_word(path)
    assert reading.data["styringsgruppe"] == [{"navn": "Kari Nordmann", "part": "administrasjon", "rolle": "Rådmann"}]
    assert reading.data["arbeidsform"].startswith("Styringsgruppe")
    assert [n["key"] for n in reading.notes] == ["input.renamed-section"]


def test_paragraphs_in_custom_xml_and_after_an_empty_content_control_are_read(tmp_path):
    """Custom XML wraps paragraphs and smart tags wrap text a reader sees; a content control still showing its prompt
    holds nothing, and what follows it is read; a cell saying it spans one column is one column."""
    one = '<w:tc><w:tcPr><w:gridSpan w:val="1"/></w:tcPr>' + w.para("Kommunenavn") + "</w:tc>"
    body = (w.para("Søker", style="Heading1")
            + '<w:customXml w:element="søker">' + w.para("Kommunenummer: 1902") + "</w:customXml>"
            + w.para(runs='<w:smartTag w:element="sted">' + w.run("Fylke: Troms") + "</w:smartTag>")
            + w.sdt(w.para("Klikk her for å skrive inn tekst."), placeholder=True)
            + w.para("Kontaktperson: Siri Nygård")
            + w.table([w.row([one, w.cell("Tromsø")], raw=True)]))
    path = tmp_path / "innpakket.docx"
    path.write_bytes(w.docx(body))
    assert read_word(path).data["søker"] == {"kommunenummer": "1902", "fylke": "Troms", "kommunenavn": "Tromsø",
                                             "kontaktperson": {"navn": "Siri Nygård"}}


@pytest.mark.parametrize("kind", sorted(ELSEWHERE))
def test_merged_and_spanning_cells_and_deleted_rows_read_the_same_whichever_way(tmp_path, kind):
    """A Part merged down belongs to each member beside it; a note across the table and a row deleted with
    tracked changes are no members."""
    deleted = ('<w:tr><w:trPr><w:del w:id="9" w:author="Kari" w:date="2007-01-01T00:00:00Z"/></w:trPr>'
               + w.cell("Slettet Person") + w.cell("folkevalgte") + w.cell("Varaordfører") + "</w:tr>")
    members = w.table([
        w.row(["Navn", "Part", "Rolle"]),
        w.row([w.cell("Kari Nordmann"), w.cell("administrasjon", merge="restart"), w.cell("Rådmann")], raw=True),
        w.row([w.cell("Ola Hansen"), w.cell("", merge="continue"), w.cell("Kommunalsjef")], raw=True),
        deleted,
        w.row([w.cell("Merknad: to av medlemmene er vara.", span=3)], raw=True),
        w.row(["Per Olsen", "folkevalgte", "Ordfører"]),
    ], columns=3)
    path = tmp_path / f"{kind}.docx"
    path.write_bytes(w.docx(w.para("Styringsgruppe", style="Heading1") + members + ELSEWHERE[kind]))
    assert [(m["navn"], m["part"], m["rolle"]) for m in read_word(path).data["styringsgruppe"]] == [
        ("Kari Nordmann", "administrasjon", "Rådmann"), ("Ola Hansen", "administrasjon", "Kommunalsjef"),
        ("Per Olsen", "folkevalgte", "Ordfører")]
