"""The Word reader's one-walk way through a plain document gives exactly the blocks the careful way gives.

:func:`kvkdocs.load.word._walk` reads most documents (those Word and
LibreOffice write from the template) in one walk, and leaves every other
document to the careful reader. If the two ever disagreed, the same document
could get another verdict after an edit that only changed which way it was
read. So random documents, built from the pieces people's documents have,
are read both ways here.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from kvkdocs.load import word

from . import wordml as w

ROOT = Path(__file__).resolve().parent.parent


def _body(xml: str):
    document = f"<w:document {w.NS}><w:body>{xml}<w:sectPr/></w:body></w:document>"
    return etree.fromstring(document.encode()).find(f"{word.W}body")


def _careful(body):
    ctx = word._Context(body)
    return word._blocks(body, ctx), ctx.changes


def _seen(walked):
    blocks, changes = walked
    return [(b.kind, b.text, b.rows, b.heading, b.plain, b.notes) for b in blocks], changes


texts = st.sampled_from(["Søker", "Kommunenummer", "1445", "Kommunenummer: 1445", "Mål", "Prosjekter", "", " ",
                         "Sum", "kr 700.000,-", "a & b", "Styringsgruppe"])
plain_runs = st.one_of(
    texts.map(w.run),
    texts.map(lambda t: w.run(t, bold=True)),
    st.just("<w:r><w:tab/></w:r>"),
    st.just('<w:r><w:br w:type="page"/></w:r>'),
    st.just("<w:r><w:br/><w:cr/><w:noBreakHyphen/></w:r>"),
    texts.map(lambda t: f'<w:hyperlink r:id="rId9">{w.run(t)}</w:hyperlink>'),
    texts.map(lambda t: w.inserted(w.run(t))),
    texts.map(lambda t: f'<w:smartTag w:element="x">{w.run(t)}</w:smartTag>'),
    st.just('<w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="0" w:name="a"/><w:bookmarkEnd w:id="0"/>'),
)
# What sends a document the careful way.
careful_runs = st.one_of(
    texts.map(w.deleted),
    texts.map(lambda t: f'<w:r><w:rPr><w:vanish/></w:rPr><w:t>{escape(t)}</w:t></w:r>'),
    texts.map(lambda t: w.sdt(w.run(t))),
)
body_styles = st.sampled_from(["", '<w:pStyle w:val="Heading1"/>', '<w:pStyle w:val="Overskrift 1"/>',
                               '<w:pStyle w:val="ListBullet"/>', '<w:pStyle w:val="Normal"/>',
                               '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>',
                               '<w:pPrChange w:id="5"><w:pPr><w:pStyle w:val="Heading1"/></w:pPr></w:pPrChange>'])
# In a table, a heading makes it a layout table, which is read the careful way.
cell_styles = st.sampled_from(["", '<w:pStyle w:val="Normal"/>', '<w:jc w:val="right"/>',
                               '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'])


@st.composite
def paragraphs(draw, runs, styles):
    props = "".join(draw(st.lists(styles, max_size=2)))
    before = draw(st.sampled_from(["", '<w:bookmarkStart w:id="1" w:name="b"/>']))  # then pPr does not come first
    inner = "".join(draw(st.lists(runs, max_size=4)))
    return f"<w:p>{before}{f'<w:pPr>{props}</w:pPr>' if props else ''}{inner}</w:p>"


@st.composite
def cells(draw, inner):
    props = draw(st.sampled_from(["", '<w:gridSpan w:val="2"/>', '<w:vMerge w:val="restart"/>', "<w:vMerge/>",
                                  '<w:vMerge w:val="continue"/>', '<w:gridSpan w:val="x"/>',
                                  # a property twice: the last one counts, as in Word
                                  '<w:gridSpan w:val="2"/><w:gridSpan w:val="3"/>',
                                  '<w:vMerge w:val="restart"/><w:vMerge/>', '<w:vMerge/><w:vMerge w:val="restart"/>']))
    first = draw(st.sampled_from(["", '<w:bookmarkStart w:id="2" w:name="c"/>']))  # then tcPr does not come first
    content = "".join(draw(st.lists(inner, max_size=3)))
    extra = draw(st.sampled_from(["", w.run("løs tekst")]))  # text straight in the cell, outside a paragraph
    return f"<w:tc>{first}<w:tcPr><w:tcW w:w=\"2000\"/>{props}</w:tcPr>{content}{extra}</w:tc>"


@st.composite
def rows(draw, inner, careful=False):
    props = draw(st.sampled_from(["", '<w:trPr><w:gridBefore w:val="1"/></w:trPr>', '<w:trPr><w:tblHeader/></w:trPr>',
                                  '<w:trPr><w:cantSplit/><w:gridBefore w:val="2"/></w:trPr>',
                                  # a property twice: the last one counts, as in Word
                                  '<w:trPr><w:gridBefore w:val="1"/><w:gridBefore w:val="2"/></w:trPr>',
                                  '<w:trPr><w:gridBefore w:val="2"/><w:gridBefore w:val="x"/></w:trPr>']))
    row = f"<w:tr>{props}{''.join(draw(st.lists(cells(inner), max_size=4)))}</w:tr>"
    if careful:
        return draw(st.sampled_from([row, w.sdt(row), '<w:tr><w:trPr><w:del w:id="9"/></w:trPr></w:tr>']))
    return row


def tables(inner, careful=False):
    return st.lists(rows(inner, careful), max_size=4).map(w.table)


plain_blocks = st.one_of(paragraphs(plain_runs, body_styles),
                         tables(paragraphs(plain_runs, cell_styles)),
                         texts.map(w.run))  # a run straight in the body, outside any paragraph
any_runs = st.one_of(plain_runs, careful_runs)
any_paragraphs = paragraphs(any_runs, body_styles)
any_blocks = st.recursive(any_paragraphs, lambda inner: st.one_of(
    tables(inner, careful=True), inner.map(w.sdt), inner.map(lambda b: f'<w:customXml w:element="x">{b}</w:customXml>'),
    any_paragraphs.map(w.textbox), any_paragraphs.map(lambda b: w.textbox(b, vml_only=True))), max_leaves=8)


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(plain_blocks, max_size=8))
def test_one_walk_reads_a_plain_document_as_the_careful_way_does(pieces):
    body = _body("".join(pieces))
    walked = word._walk(body)
    assert walked is not None
    assert _seen(walked) == _seen(_careful(body))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(plain_blocks, any_blocks), max_size=6))
def test_one_walk_leaves_any_other_document_to_the_careful_way(pieces):
    body = _body("".join(pieces))
    walked = word._walk(body)
    if walked is not None:
        assert _seen(walked) == _seen(_careful(body))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(paragraphs(plain_runs, cell_styles)))
def test_a_plain_tables_grid_from_one_walk_is_the_grid_read_cell_by_cell(table):
    """:func:`word._plain_grid` (the texts of one walk) and :func:`word._grid` read cell by cell agree, also on
    a row or cell property given twice, so a table never reads differently for the way it was read."""
    body = _body(table)
    tbl = body.find(f"{word.W}tbl")
    texts = word._Context(body).texts
    assert texts is not None
    plain = word._plain_grid(tbl, texts)
    assert plain is not None
    by_cell = word._Context(body)
    by_cell.texts = None  # each paragraph's text read on its own, and every table the careful way
    assert plain == word._grid(tbl, by_cell)


def test_the_samples_and_a_libreoffice_save_are_read_in_one_walk():
    """The one walk is the way the documents people send mostly take; it must not fall back for them."""
    import zipfile

    for path in sorted((ROOT / "samples/dokumenter").glob("*.docx")):
        with zipfile.ZipFile(path) as archive:
            body = etree.fromstring(archive.read("word/document.xml")).find(f"{word.W}body")
        walked = word._walk(body)
        assert walked is not None, path.name
        assert _seen(walked) == _seen(_careful(body)), path.name


def test_plain_tables_with_merged_cells_and_tracked_insertions_are_read_in_one_walk():
    body = _body(w.para("Styringsgruppe", "Heading1") + w.table([
        w.row(["Navn", "Rolle"]),
        w.row([w.cell("Part A", merge="restart"), w.cell("Leder")], raw=True),
        w.row([w.cell("", merge="continue"), w.cell("Medlem")], raw=True),
        w.row([w.cell("Merknad over hele tabellen", span=2)], raw=True),
    ]) + f"<w:p>{w.inserted(w.run('Lagt til'))}</w:p>")
    walked = word._walk(body)
    assert walked is not None
    assert _seen(walked) == _seen(_careful(body))
    blocks, changes = walked
    assert changes
    assert blocks[1].rows == [["Navn", "Rolle"], ["Part A", "Leder"], ["Part A", "Medlem"],
                              ["Merknad over hele tabellen", ""]]
    assert blocks[1].notes == [False, False, False, True]
    assert blocks[2].text == "Lagt til"
