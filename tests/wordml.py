"""Word files written as raw WordprocessingML, the way Word and LibreOffice write them.

python-docx cannot write content controls, text boxes, merged cells or
tracked changes, and it writes tables one way only. The layout tests need
each of those, so this module writes ``word/document.xml`` by hand from an
application's data, section by section; a test swaps the writer of one
section (or the heading style) to lay that section out another way.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from xml.sax.saxutils import escape

from kvkdocs.docmodel import PARTIES, SECTIONS, Section, format_value

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
      'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
      'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" mc:Ignorable="w14 w15"')
SECTION = {s.key: s for s in SECTIONS}


# --- pieces ----------------------------------------------------------------------------------------

def run(text: str, bold: bool = False) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(text: str = "", style: str | None = None, runs: str | None = None) -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{props}{runs if runs is not None else (run(text) if text else '')}</w:p>"


def page_break() -> str:
    return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


def cell(content: str, span: int = 1, merge: str | None = None, raw: bool = False) -> str:
    """A table cell; ``content`` is text (one paragraph a line) unless ``raw``."""
    props = ''
    props += f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    props += ('<w:vMerge w:val="restart"/>' if merge == "restart" else "<w:vMerge/>") if merge else ""
    body = content if raw else "".join(para(line) for line in (content.split("\n") if content else [""]))
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{body}</w:tc>"


def row(cells: list[str], header: bool = False, raw: bool = False) -> str:
    props = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
    return f"<w:tr>{props}{''.join(c if raw else cell(c) for c in cells)}</w:tr>"


# Grid widths (twips, 9071 = the text area) as the draft template has them: the steering group's five
# columns and the unions' four are as wide as tools/build_templates.py makes them (DRAFT_WIDTHS).
WIDTHS = {1: (9071,), 2: (2835, 6236), 3: (3024, 3024, 3023), 4: (2835, 2551, 1984, 1701),
          5: (1701, 1701, 1871, 2381, 1417)}


def table(rows: list[str], columns: int = 2) -> str:
    """A bordered table on a grid as wide as the text area (the draft template's widths)."""
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in WIDTHS[columns])
    return ('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
            '<w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/>'
            '<w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/>'
            '<w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders>'
            f'</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')


def sdt(content: str, alias: str = "Felt", placeholder: bool = False, repeating: bool = False) -> str:
    """A content control around ``content`` (a run, paragraph, cell or row, as Word nests them)."""
    props = f'<w:alias w:val="{alias}"/><w:tag w:val="{alias}"/>'
    props += "<w:showingPlcHdr/>" if placeholder else ""
    props += "<w15:repeatingSection/>" if repeating else "<w:text/>"
    return f"<w:sdt><w:sdtPr>{props}</w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>"


def textbox(inner: str, vml_only: bool = False) -> str:
    """A paragraph anchoring a text box: DrawingML with the VML copy Word writes beside it, or VML alone."""
    vml = (f'<w:pict><v:shape id="tb1" type="#_x0000_t202" style="width:400pt;height:80pt">'
           f'<v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict>')
    if vml_only:
        return f"<w:p><w:r>{vml}</w:r></w:p>"
    drawing = ('<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
               'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
               '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
               '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
               '<wp:extent cx="5080000" cy="1016000"/><wp:wrapTopAndBottom/><wp:docPr id="1" name="Tekstboks 1"/>'
               '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
               f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="5080000" cy="1016000"/>'
               f'</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr><wps:txbx><w:txbxContent>{inner}'
               '</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>')
    return (f'<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps">{drawing}</mc:Choice>'
            f'<mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent></w:r></w:p>')


# --- an application, section by section -------------------------------------------------------------

Writer = Callable[[Section, dict, str], str]


def _get(data: dict, dotted: str):
    for key in dotted.split("."):
        data = data.get(key) if isinstance(data, dict) else None
    return data


def value_text(column, value, lang: str) -> str:
    return format_value(value, column.kind, lang) if value is not None else ""


def fields_rows(section: Section, values: dict, lang: str) -> list[tuple[str, str]]:
    return [(c.label(lang), value_text(c, _get(values, c.key), lang)) for c in section.columns]


def write_fields(section: Section, data: dict, lang: str) -> str:
    values = data if not section.path else _get(data, ".".join(section.path)) or {}
    return table([row([label, value]) for label, value in fields_rows(section, values, lang)])


def write_records(section: Section, data: dict, lang: str, heading: Callable[[str, int], str] | None = None) -> str:
    out = []
    word = "Prosjekt" if section.key == "prosjekter" else "Mål"
    for number, record in enumerate(data.get(section.path[-1]) or [], start=1):
        out.append(para(heading(word, number) if heading else f"{word} {number}", "Heading2"))
        out.append(table([row([c.label(lang), value_text(c, record.get(c.key), lang)]) for c in section.columns]))
    return "".join(out)


def grid_rows(section: Section, data: dict, lang: str) -> list[list[str]]:
    items = _get(data, ".".join(section.path)) or []
    return [[value_text(c, item.get(c.key), lang) for c in section.columns] for item in items]


def write_table(section: Section, data: dict, lang: str) -> str:
    header = row([c.label(lang) for c in section.columns], header=True)
    return table([header] + [row(cells) for cells in grid_rows(section, data, lang)], len(section.columns))


def write_text(section: Section, data: dict, lang: str) -> str:
    value = data.get(section.path[-1])
    if section.kind == "list":
        return "".join(para(item, "ListBullet") for item in value or [])
    return "".join(para(chunk) for chunk in (value or "").split("\n\n"))


DEFAULT: dict[str, Writer] = {"fields": write_fields, "records": write_records, "table": write_table,
                              "list": write_text, "text": write_text}


def heading_plain(section: Section, number: int, lang: str) -> str:
    return section.title(lang)


def application_body(data: dict, lang: str = "nb", writers: dict[str, Writer] | None = None,
                     heading: Callable[[Section, int, str], str] = heading_plain, style: str = "Heading1") -> str:
    """The body of an application document; ``writers`` lays out chosen sections (by key) another way."""
    writers = writers or {}
    parts = [para("Søknad om deltakelse i Kvalitetskommuneprogrammet", "Title")]
    for number, section in enumerate(SECTIONS, start=1):
        if section.key == "samarbeidskommuner" and not data.get("samarbeidskommuner"):
            continue
        parts.append(para(heading(section, number, lang), style))
        parts.append((writers.get(section.key) or DEFAULT[section.kind])(section, data, lang))
    return "".join(parts)


def party(code: str, lang: str) -> str:
    return PARTIES[code][1 if lang == "nn" else 0]


# --- the package -------------------------------------------------------------------------------------

STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Serif" w:hAnsi="Liberation Serif"/><w:sz w:val="22"/>
</w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="40"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>
<w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="26"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/>
<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:style>
<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/></w:style>
</w:styles>"""
NUMBERING = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>
<w:lvlText w:val="•"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"""
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
{extra}</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
{extra}</Relationships>"""
_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}"


def _field(instruction: str) -> str:
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {instruction} '
            '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def docx(body: str, header: str | None = None, page_numbers: bool = False) -> bytes:
    """A .docx with ``body``; a running ``header`` and a «Side N av M» footer if asked."""
    refs = types = rels = ""
    parts = {}
    if header:
        parts["word/header1.xml"] = f'<w:hdr {NS}>{para(header)}</w:hdr>'
        refs += '<w:headerReference w:type="default" r:id="rId2"/>'
        types += f'<Override PartName="/word/header1.xml" ContentType="{_TYPE.format(kind="header")}"/>'
        rels += f'<Relationship Id="rId2" Type="{_REL.format(kind="header")}" Target="header1.xml"/>'
    if page_numbers:
        runs = run("Side ") + _field("PAGE") + run(" av ") + _field("NUMPAGES")
        parts["word/footer1.xml"] = f'<w:ftr {NS}><w:p><w:pPr><w:jc w:val="center"/></w:pPr>{runs}</w:p></w:ftr>'
        refs += '<w:footerReference w:type="default" r:id="rId3"/>'
        types += f'<Override PartName="/word/footer1.xml" ContentType="{_TYPE.format(kind="footer")}"/>'
        rels += f'<Relationship Id="rId3" Type="{_REL.format(kind="footer")}" Target="footer1.xml"/>'
    section = (f'<w:sectPr>{refs}<w:pgSz w:w="11906" w:h="16838"/>'
               '<w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" w:header="708" w:footer="708"/></w:sectPr>')
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {NS}><w:body>{body}{section}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(extra=types))
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/_rels/document.xml.rels", DOC_RELS.format(extra=rels))
        archive.writestr("word/styles.xml", STYLES)
        archive.writestr("word/numbering.xml", NUMBERING)
        archive.writestr("word/document.xml", document)
        for name, xml in parts.items():
            archive.writestr(name, xml)
    return buffer.getvalue()


# --- tracked changes, as Word writes them with «Spor endringer» on -----------------------------------

_MARK = 'w:id="{id}" w:author="Kari Nordmann" w:date="2008-08-20T10:00:00Z"'


def inserted(runs: str, id: int = 1) -> str:
    return f"<w:ins {_MARK.format(id=id)}>{runs}</w:ins>"


def deleted(text: str, id: int = 2) -> str:
    return f'<w:del {_MARK.format(id=id)}><w:r><w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>'


def tracked_row(cells: list[str], change: str, id: int = 3) -> str:
    """A table row inserted or deleted with tracking on; a deleted row's text is delText."""
    body = "".join(cell(f'<w:p>{deleted(c, id) if change == "del" else inserted(run(c), id)}</w:p>', raw=True)
                   for c in cells)
    return f"<w:tr><w:trPr><w:{change} {_MARK.format(id=id)}/></w:trPr>{body}</w:tr>"
