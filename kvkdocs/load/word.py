"""Reading an application back from a Word file, by what a person can see.

Sections are found by their headings and values by their row labels and
column headers (in bokmål or nynorsk), never by position, so the document
survives edited text, added or deleted rows, inserted paragraphs, moved
sections and a re-save in LibreOffice. Hidden data (document properties,
deleted tracked changes, hidden text, a content control's prompt) is ignored:
the visible text is the application, with tracked changes read as accepted.
Content controls, custom XML, layout tables, nested tables, merged cells and
text boxes (DrawingML, or VML where it stands alone) are looked through.

The file is checked as a ZIP before anything parses it (entry count,
declared sizes, compression ratio, names, macros), and the XML is parsed by
lxml with entities and network access off.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import DocxReadError
from ..messages import Text
from .layout import Block, blocks_to_application

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
MAX_ENTRIES = 1000
MAX_TOTAL = 100 * 1024 * 1024
MAX_PART = 30 * 1024 * 1024
MAX_RATIO = 200
HEADING_STYLES = {"heading1", "overskrift1", "title", "tittel"}
_PROTECTED = Text("word.protected")


def check_package(fh) -> zipfile.ZipFile:
    """Open the ZIP in the open file ``fh`` only if it looks like a sane Word document; raise DocxReadError saying why not.

    The file is opened once, by the caller, for the first bytes and the ZIP
    directory both; the archive reads from it and leaves closing it to the caller.
    """
    head = fh.read(8)
    fh.seek(0)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise DocxReadError(_PROTECTED, Text("hint.save-without-password"))
    if head.startswith(b"%PDF"):
        raise DocxReadError(Text("word.is-pdf"), Text("hint.rename-pdf"))
    if head.startswith(b"{\\rtf"):
        raise DocxReadError(Text("word.is-rtf"), Text("hint.save-rtf"))
    try:
        archive = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DocxReadError(Text("word.not-zip"), Text("hint.open-and-save")) from exc
    infos = archive.infolist()
    names = {i.filename for i in infos}
    problem = _package_problem(infos, names)
    if problem:
        archive.close()
        raise DocxReadError(*problem)
    return archive


def _package_problem(infos, names) -> tuple[Text, Text] | None:
    if len(infos) > MAX_ENTRIES:
        return Text("word.many-parts", {"count": len(infos)}), Text("hint.save-in-word")
    if sum(i.file_size for i in infos) > MAX_TOTAL:
        return Text("word.too-big", {"limit": MAX_TOTAL // 2**20}), Text("hint.remove-big-save")
    big = next((i for i in infos if i.file_size > MAX_PART), None)
    if big is not None:
        return Text("word.part-too-big", {"name": big.filename[:60], "limit": MAX_PART // 2**20}), Text("hint.compress")
    for info in infos:
        name = info.filename
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/") or ":" in name:
            return Text("word.bad-name", {"name": name[:60]}), Text("hint.manipulated")
        if info.file_size > 1024 * 1024 and info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            return Text("word.bomb"), Text("hint.new-copy")
        if info.flag_bits & 0x1:
            return _PROTECTED, Text("hint.remove-password")
    if "word/vbaProject.bin" in names or any(n.lower().endswith("vbaproject.bin") for n in names):
        return ("Filen inneholder makroer.", "Lagre dokumentet som vanlig Word-dokument (.docx) uten makroer.")
    if "[Content_Types].xml" not in names:
        return "Filen mangler innholdsfortegnelsen til et Word-dokument ([Content_Types].xml).", "Lagre dokumentet på nytt i Word."
    if "word/document.xml" not in names:
        if "EncryptionInfo" in names or "EncryptedPackage" in names:
            return _PROTECTED, Text("hint.remove-password")
        return "Filen er en ZIP-fil, men ikke et Word-dokument (word/document.xml mangler).", "Send søknaden som .docx."
    return None


def _parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False)


def _hidden_run(node) -> bool:
    run = node.getparent()
    while run is not None and run.tag != W + "r":
        run = run.getparent()
    vanish = run.find(f"{W}rPr/{W}vanish") if run is not None else None
    return vanish is not None and vanish.get(W + "val") not in ("0", "false")


class _Context:
    """What one document needs to read its paragraphs: which subtrees a reader does not see as this text."""

    def __init__(self, root) -> None:
        # Text boxes are read as their own blocks; the VML copy of a text box
        # (mc:Fallback) and text moved away by a tracked change are not text.
        # One walk over the marks that matter, in C: lxml's find() of
        # ".//rPr/vanish" would take a Python step for every element.
        self.skip = set()
        self.vanish = self.changes = False
        for node in root.iter(*_MARKS):
            tag = node.tag
            if tag == _SDT:
                if _placeholder(node):
                    self.skip.add(node)
            elif tag == _VANISH:
                self.vanish = self.vanish or node.getparent().tag == _RPR
            else:
                self.changes = self.changes or tag in _CHANGES
                if tag in _SKIPPED:
                    self.skip.add(node)
        # The common document (no text box, placeholder, deleted or hidden text) has every
        # paragraph's text from one walk; the others take the careful way, paragraph by paragraph.
        self.texts = None if self.skip or self.vanish else _all_texts(root)

    def text(self, p) -> str:
        if self.texts is not None:
            return self.texts.get(p, "")
        parts = []
        for node in p.iter(W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen"):
            if self.skip and self._skipped(node, p):
                continue
            if self.vanish and _hidden_run(node):
                continue
            tag = node.tag
            if tag == W + "t":
                parts.append(node.text or "")
            elif tag == W + "tab":
                parts.append("\t")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            elif node.get(W + "type") != "page":
                parts.append("\n")
        return "".join(parts)

    def _skipped(self, node, p) -> bool:
        for ancestor in node.iterancestors():
            if ancestor is p:
                return False
            if ancestor in self.skip:
                return True
        return False

    def boxes(self, p) -> list:
        """Text boxes anchored in a paragraph: the DrawingML one, or the VML one where it stands alone."""
        if not self.skip:
            return []
        return [box for box in p.iter(W + "txbxContent")
                if not any(a.tag == MC + "Fallback" or a.tag == W + "txbxContent" for a in box.iterancestors())]


_SDT, _VANISH, _RPR = W + "sdt", W + "vanish", W + "rPr"
_SKIPPED = frozenset((W + "txbxContent", MC + "Fallback", W + "moveFrom", W + "del"))
_CHANGES = frozenset((W + "ins", W + "del", W + "moveFrom", W + "moveTo"))
_MARKS = (_SDT, _VANISH, *_SKIPPED, *_CHANGES)
_TEXT_TAGS = (W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen")
_TEXT_OF = {W + "tab": "\t", W + "noBreakHyphen": "-", W + "cr": "\n"}


def _all_texts(root) -> dict:
    """Each paragraph's text, as :meth:`_Context.text` reads it, from one walk over the document.

    Asking every paragraph for its own descendants costs a tree walk set up
    per paragraph, the largest share of reading a Word file; here lxml walks
    once. A piece of text belongs to the paragraph it stands in (its nearest
    ``w:p`` ancestor), so text outside any paragraph, in a broken file, is
    not given to the paragraph before it. Only for documents without text
    boxes, where paragraphs do not nest.
    """
    texts: dict = {}
    parts: list[str] = []
    current = None
    for node in root.iter(W + "p", *_TEXT_TAGS):
        tag = node.tag
        if tag == _P:
            current, parts = node, []
            texts[node] = parts
            continue
        if node.getparent().getparent() is not current:  # not in a run straight in the paragraph: look up
            owner = next(node.iterancestors(_P), None)
            if owner is None or owner is not current:
                continue
        if tag == _T:
            parts.append(node.text or "")
        elif tag == _BR:
            if node.get(W + "type") != "page":
                parts.append("\n")
        else:
            parts.append(_TEXT_OF[tag])
    return {p: "".join(found) for p, found in texts.items()}


def _unwrap(parent, tag: str):
    """Children with ``tag``, looking through content controls (repeating sections too) and custom XML."""
    for node in parent:
        if node.tag == tag:
            yield node
        elif node.tag == W + "sdt":
            if _placeholder(node):
                continue
            content = node.find(f"{W}sdtContent")
            if content is not None:
                yield from _unwrap(content, tag)
        elif node.tag in (W + "customXml", W + "smartTag"):
            yield from _unwrap(node, tag)


def _placeholder(sdt) -> bool:
    """A content control still showing its prompt («Klikk her for å skrive inn tekst») holds nothing."""
    return sdt.find(f"{W}sdtPr/{W}showingPlcHdr") is not None


def _int(node, default: int = 1) -> int:
    try:
        return max(1, min(int(node.get(W + "val")), 64)) if node is not None else default
    except (TypeError, ValueError):
        return default


def _grid(tbl, ctx: _Context) -> tuple[list[list[str]], list[bool]]:
    """Rows of cell texts on the table's grid, and which rows are one cell across the whole table.

    A cell spanning columns (gridSpan) holds its text in its first column;
    a cell merged down (vMerge) repeats the text of the cell it continues,
    so a Part written once for three members belongs to all three.
    """
    if ctx.texts is not None:
        plain = _plain_grid(tbl, ctx.texts)
        if plain is not None:
            return plain
    rows: list[list[str]] = []
    full: list[bool] = []
    for tr in _unwrap(tbl, W + "tr"):
        props = _props(tr, W + "trPr")
        if W + "del" in props:
            continue  # a row deleted with tracked changes on: read as accepted
        cells: list[str] = [""] * _int(props.get(W + "gridBefore"), 0)
        spans = 0
        for tc in _unwrap(tr, W + "tc"):
            props = _props(tc, W + "tcPr")
            span = _int(props.get(W + "gridSpan"))
            merge = props.get(W + "vMerge")
            column = len(cells)
            if merge is not None and merge.get(W + "val") in (None, "continue") and rows:
                text = rows[-1][column] if column < len(rows[-1]) else ""
            else:
                text = "\n".join([ctx.text(p) for p in _cell_paragraphs(tc)])
            cells.append(text)
            cells.extend([""] * (span - 1))
            spans += 1
        rows.append(cells)
        full.append(spans == 1)
    width = max((len(r) for r in rows), default=0)
    full = [f and width > 1 for f in full]
    return rows, full


_TR, _TC, _TRPR = W + "tr", W + "tc", W + "trPr"
_GRID_BEFORE, _GRID_SPAN, _VMERGE = W + "gridBefore", W + "gridSpan", W + "vMerge"


def _plain_grid(tbl, texts: dict) -> tuple[list[list[str]], list[bool]] | None:
    """:func:`_grid` for a table of rows straight in the table, cells straight in rows and paragraphs
    straight in cells, from one walk; None for any other table, which :func:`_grid` then reads.

    The row and cell properties count, as there, only as the first child of
    their row or cell. Only where paragraph texts were read in one walk, so
    there is no deleted row, content control prompt or text box.
    """
    rows: list[list[str]] = []
    full: list[bool] = []
    cells: list[str] | None = None
    paragraphs: list[str] = []
    row = cell = merge = None
    span = spans = 0

    def close_cell() -> None:
        column = len(cells)
        if merge is not None and merge.get(W + "val") in (None, "continue") and rows:
            text = rows[-1][column] if column < len(rows[-1]) else ""
        else:
            text = "\n".join(paragraphs)
        cells.append(text)
        cells.extend([""] * (span - 1))

    for node in tbl.iter(_TR, _TC, _P, _GRID_BEFORE, _GRID_SPAN, _VMERGE):
        tag, parent = node.tag, node.getparent()
        if tag == _P:
            if parent is not cell or cell is None:
                return None
            paragraphs.append(texts.get(node, ""))
        elif tag == _TC:
            if parent is not row or row is None:
                return None
            if cell is not None:
                close_cell()
            cell, merge, span, paragraphs = node, None, 1, []
            spans += 1
        elif tag == _TR:
            if parent is not tbl:
                return None
            if row is not None:
                if cell is not None:
                    close_cell()
                rows.append(cells)
                full.append(spans == 1)
            row, cell, cells, spans = node, None, [], 0
        elif parent.getprevious() is None:  # a row's or a cell's properties, if they come first
            owner = parent.getparent()
            if tag == _GRID_BEFORE:
                if owner is row and cell is None and parent.tag == _TRPR:
                    cells[:] = [""] * _int(node, 0)  # given twice, the last counts (as in Word and in _grid)
            elif owner is cell and cell is not None and parent.tag == _TCPR:
                if tag == _GRID_SPAN:
                    span = _int(node)
                else:
                    merge = node
    if row is not None:
        if cell is not None:
            close_cell()
        rows.append(cells)
        full.append(spans == 1)
    width = max((len(r) for r in rows), default=0)
    return rows, [f and width > 1 for f in full]


def _props(node, tag: str) -> dict:
    """The property elements of a row, cell or paragraph by tag (its first child, if that is ``tag``)."""
    for first in node:
        return {child.tag: child for child in first} if first.tag == tag else {}
    return {}


def _cell_paragraphs(tc) -> list:
    paragraphs = []
    for node in tc:
        if node.tag == _P:
            paragraphs.append(node)
        elif node.tag != _TCPR:  # a content control or custom XML: look through it
            return list(_unwrap(tc, _P))
    return paragraphs


_P, _TCPR, _T, _BR = W + "p", W + "tcPr", W + "t", W + "br"


def _is_layout(tbl) -> bool:
    """A table used to place things on the page: it holds tables or headings, not values."""
    inner = tbl.iter(_TBL, _PSTYLE)  # one walk, in C, for both
    next(inner)  # the table itself
    return any(node.tag == _TBL or _style_key(node.get(_VAL)) in HEADING_STYLES for node in inner)


_TBL, _PPR, _PSTYLE, _NUMPR, _VAL = W + "tbl", W + "pPr", W + "pStyle", W + "numPr", W + "val"
_BLOCK_TAGS = frozenset((_P, _TBL))
_LOOKED_THROUGH = frozenset((W + "customXml", W + "ins", W + "moveTo"))


def _style_key(value: str | None) -> str:
    """A style id as compared: «Heading 1» and «heading1» are the same style."""
    return (value or "").replace(" ", "").casefold()


def _blocks(parent, ctx: _Context) -> list[Block]:
    blocks: list[Block] = []
    texts = ctx.texts
    for node in _unwrap_blocks(parent):
        if node.tag == _P:
            style, listed = "", False
            for first in node:  # the paragraph's properties, if they come first
                if first.tag == _PPR:
                    for prop in first:
                        tag = prop.tag
                        if tag == _PSTYLE:
                            style = _style_key(prop.get(_VAL))
                        elif tag == _NUMPR:
                            listed = True
                break
            text = texts.get(node, "") if texts is not None else ctx.text(node)
            blocks.append(Block("p", text, heading=style in HEADING_STYLES,
                                plain=not listed and style in ("", "normal", "standard")))
            if ctx.skip:
                for box in ctx.boxes(node):
                    blocks.extend(_blocks(box, ctx))
        elif _is_layout(node):
            for tr in _unwrap(node, _TR):
                for tc in _unwrap(tr, _TC):
                    merge = _props(tc, _TCPR).get(_VMERGE)
                    if merge is None or merge.get(_VAL) == "restart":
                        blocks.extend(_blocks(tc, ctx))
        else:
            rows, full = _grid(node, ctx)
            blocks.append(Block("table", rows=rows, notes=full))
    return blocks


def _unwrap_blocks(parent):
    """Paragraphs and tables, looking through content controls, custom XML and tracked insertions."""
    for node in parent:
        tag = node.tag
        if tag in _BLOCK_TAGS:
            yield node
        elif tag == _SDT:
            if not _placeholder(node):
                content = node.find(f"{W}sdtContent")
                if content is not None:
                    yield from _unwrap_blocks(content)
        elif tag in _LOOKED_THROUGH:
            yield from _unwrap_blocks(node)


_MOVE_TO, _INS, _TXBX, _FALLBACK = W + "moveTo", W + "ins", W + "txbxContent", MC + "Fallback"
#: What :func:`_walk` is given: the blocks, their text, their properties, and every mark that needs the careful way.
_WALKED = (_P, _T, W + "tab", _BR, W + "cr", W + "noBreakHyphen", _TBL, _TR, _TC, _PSTYLE, _NUMPR, _GRID_BEFORE,
           _GRID_SPAN, _VMERGE, _INS, _MOVE_TO, _SDT, _VANISH, _TXBX, _FALLBACK, W + "moveFrom", W + "del")
_CAREFUL = frozenset((_SDT, _VANISH, _TXBX, _FALLBACK, W + "moveFrom", W + "del"))
_PLAIN_STYLES = frozenset(("", "normal", "standard"))


def _walk(body) -> tuple[list[Block], bool] | None:
    """The blocks of a plain document and whether it has tracked changes, from one walk; None for any other.

    A plain document has paragraphs and tables straight in its body, rows
    straight in its tables, cells straight in their rows and paragraphs
    straight in their cells, and no content control, text box, hidden,
    deleted or moved-away text, nested table or heading inside a table: what
    Word and LibreOffice write from the template, and what most edits leave.
    For it, :func:`_blocks` with :class:`_Context` would give the same
    blocks, but walks the tree three times and asks every paragraph and
    table for its children (a Python step per node each time); here lxml
    walks once, in C, and hands over only the nodes that matter. Anything
    else, as soon as it is met, sends the document the careful way: a
    walk that is cut short costs less than reading a document wrong.
    """
    blocks: list[Block] = []
    changes = pending = in_table = listed = False  # pending: a paragraph in the body whose block is still to make
    paragraph = row = cell = table = merge = None
    parts: list[str] = []  # the text of the paragraph in the body, or of the cell (its paragraphs a line each)
    style = ""
    rows: list[list[str]] = []
    full: list[bool] = []
    cells: list[str] = []
    span = spans = lines = 0

    def end_cell() -> None:
        column = len(cells)
        if merge is not None and merge.get(_VAL) in (None, "continue") and rows:
            cells.append(rows[-1][column] if column < len(rows[-1]) else "")
        else:
            cells.append("".join(parts))
        if span > 1:
            cells.extend([""] * (span - 1))

    def end_table() -> None:
        if row is not None:
            if cell is not None:
                end_cell()
            rows.append(cells)
            full.append(spans == 1)
        width = max(map(len, rows), default=0)
        blocks.append(Block("table", rows=rows, notes=[f and width > 1 for f in full]))

    for node in body.iter(_WALKED):
        tag = node.tag
        if tag == _T:
            if node.getparent().getparent() is not paragraph:  # not in a run straight in the paragraph: look up
                if paragraph is None or next(node.iterancestors(_P), None) is not paragraph:
                    continue
            parts.append(node.text or "")
        elif tag == _P:
            parent = node.getparent()
            if parent is body:
                if pending:
                    blocks.append(Block("p", "".join(parts), heading=style in HEADING_STYLES,
                                        plain=not listed and style in _PLAIN_STYLES))
                elif in_table:
                    end_table()
                    in_table = False
                pending, parts, style, listed = True, [], "", False
            elif parent is cell and cell is not None:
                if lines:
                    parts.append("\n")
                lines += 1
            else:
                return None
            paragraph = node
        elif tag == _TC:
            if node.getparent() is not row or row is None:
                return None
            if cell is not None:
                end_cell()
            paragraph, cell, merge, span, parts, lines = None, node, None, 1, [], 0
            spans += 1
        elif tag == _TR:
            if node.getparent() is not table or not in_table:
                return None
            if row is not None:
                if cell is not None:
                    end_cell()
                rows.append(cells)
                full.append(spans == 1)
            paragraph, row, cell, cells, spans = None, node, None, [], 0
        elif tag == _TBL:
            if node.getparent() is not body:
                return None  # a nested table: a layout table, read the careful way
            if pending:
                blocks.append(Block("p", "".join(parts), heading=style in HEADING_STYLES,
                                    plain=not listed and style in _PLAIN_STYLES))
                pending = False
            elif in_table:
                end_table()
            paragraph, in_table, table, row, cell, rows, full = None, True, node, None, None, [], []
        elif tag in _TEXT_OF or tag == _BR:
            if node.getparent().getparent() is not paragraph:
                if paragraph is None or next(node.iterancestors(_P), None) is not paragraph:
                    continue
            if tag != _BR:
                parts.append(_TEXT_OF[tag])
            elif node.get(W + "type") != "page":
                parts.append("\n")
        elif tag == _PSTYLE or tag == _NUMPR:
            if in_table:
                if tag == _PSTYLE and _style_key(node.get(_VAL)) in HEADING_STYLES:
                    return None  # a heading in a table: a layout table
                continue  # a paragraph in a cell: its style does not count
            parent = node.getparent()
            if pending and parent.tag == _PPR and parent.getparent() is paragraph \
                    and parent.getprevious() is None:  # the paragraph's properties, if they come first
                if tag == _PSTYLE:
                    style = _style_key(node.get(_VAL))
                else:
                    listed = True
        elif tag in _CAREFUL:
            return None
        elif tag == _INS or tag == _MOVE_TO:
            changes = True
        else:  # a row's or a cell's grid properties, if they come first in it
            parent = node.getparent()
            if parent.getprevious() is None:
                owner = parent.getparent()
                if tag == _GRID_BEFORE:
                    if owner is row and row is not None and cell is None and parent.tag == _TRPR:
                        cells[:] = [""] * _int(node, 0)  # given twice, the last counts (as in Word and in _grid)
                elif owner is cell and cell is not None and parent.tag == _TCPR:
                    if tag == _GRID_SPAN:
                        span = _int(node)
                    else:
                        merge = node
    if pending:
        blocks.append(Block("p", "".join(parts), heading=style in HEADING_STYLES,
                            plain=not listed and style in _PLAIN_STYLES))
    elif in_table:
        end_table()
    return blocks, changes


def read_word(path: Path):
    """(data, pointer→Location fields, sections found) from a .docx file; raises DocxReadError."""
    from lxml import etree

    with path.open("rb") as fh, check_package(fh) as archive:
        try:
            xml = archive.read("word/document.xml")
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise DocxReadError(Text("word.unpack"), Text("hint.save-again-word")) from exc
    if b"<!DOCTYPE" in xml[:2000] or b"<!ENTITY" in xml[:5000]:
        raise DocxReadError(Text("word.doctype"), Text("hint.manipulated"))
    try:
        root = etree.fromstring(xml, _parser())
    except etree.XMLSyntaxError as exc:
        raise DocxReadError(Text("word.bad-xml", {"detail": str(exc)[:80]}), Text("hint.open-save-word")) from exc
    body = root.find(f"{W}body")
    if body is None:
        raise DocxReadError(Text("word.no-body"), Text("hint.send-again"))
    walked = _walk(body)
    if walked is None:
        ctx = _Context(body)
        blocks, changes = _blocks(body, ctx), ctx.changes
    else:
        blocks, changes = walked
    return blocks_to_application(blocks, pages=None,
                                 notes=[{"key": "input.tracked-changes", "pointer": "", "severity": "info"}] if changes else [])
