"""Reading an application back from a PDF (for example exported from Word or LibreOffice).

PDFium (the PDF engine of Chromium, through pypdfium2) gives each piece of
text with its position, in C: about ten times faster than pypdf's text
extraction, which spends its time interpreting content streams in Python. Pieces on one baseline
form a line; section headings are found by their text; inside a section,
labels and column headers tell which value is which, and a larger vertical
gap than a wrapped line's tells where a table row ends. Encrypted PDFs,
PDFs without a text layer (scans) and broken files get their own messages.
Running headers, footers and page numbers are not content, and neither is a
table's header row repeated after a page break.
"""

from __future__ import annotations

import functools
import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..docmodel import closest_section, column_for_label, section_for_title, split_label
from ..errors import PdfReadError
from ..messages import Text
from .layout import Block, blocks_to_application

MAX_PAGES = 300
BULLETS = ("\uf0b7", "•", "▪", "◦", "–", "-")


@dataclass
class _Piece:
    page: int
    y: float
    x: float
    text: str
    size: float


@dataclass
class _Line:
    page: int
    y: float
    pieces: list[_Piece]  # a word's pieces joined back (see _glued)
    size: float
    raw: list[_Piece] = field(default_factory=list)  # the pieces as the PDF has them, left to right
    columns: frozenset[int] = frozenset()  # where text starts on three or more lines of the page

    @property
    def text(self) -> str:
        return _words(self.pieces)

    @property
    def x(self) -> float:
        return self.pieces[0].x


def _words(pieces: list[_Piece]) -> str:
    """The pieces' words, one space between them: the text headings and labels are matched against.

    A plain function rather than the body of ``_Line.text``: mutmut (``make mutation``)
    does not mutate a decorated function, and this join decides what a line says.
    """
    return " ".join(p.text.strip() for p in pieces if p.text.strip())


def _open(path: Path):
    """(PDFium's handle of the document, its number of pages); raises PdfReadError saying why not.

    PDFium opens a file with the empty user password, as a viewer does, and
    decrypts RC4 and AES itself. The caller closes the handle
    (``FPDF_CloseDocument``).
    """
    import os

    import pypdfium2.raw as c

    with path.open("rb") as fh:
        if not fh.read(1024).lstrip().startswith(b"%PDF"):
            raise PdfReadError(Text("pdf.no-header"), Text("hint.send-as"))
    document = c.FPDF_LoadDocument(os.fsencode(path), None)
    if not document:  # the error code is only set by a failure: read it only after one
        code = c.FPDF_GetLastError()
        if code == _ERR_PASSWORD:
            raise PdfReadError(Text("pdf.password"), Text("hint.no-password"))
        if code == _ERR_SECURITY:
            raise PdfReadError(Text("pdf.encrypted"), Text("hint.no-password"))
        why = Text({_ERR_FORMAT: "pdf.why-format", _ERR_FILE: "pdf.why-file"}.get(code, "load.unknown"))
        raise PdfReadError(Text("pdf.damaged", {"why": why}), Text("hint.export-pdf"))
    pages = c.FPDF_GetPageCount(document)
    if pages <= 0 or pages > MAX_PAGES:
        c.FPDF_CloseDocument(document)
        if pages <= 0:
            raise PdfReadError(Text("pdf.no-pages"), Text("hint.export-pdf"))
        raise PdfReadError(Text("pdf.many-pages", {"pages": pages, "limit": MAX_PAGES}), Text("hint.right-file"))
    return document, pages


_ERR_FILE, _ERR_FORMAT, _ERR_PASSWORD, _ERR_SECURITY = 2, 3, 4, 5  # FPDF_GetLastError (fpdfview.h)


def _pieces(document, pages: int) -> list[_Piece]:
    """Each run of text drawn by one text object (a PDF's Tj or TJ), with where it starts and its size.

    PDFium's text page gives every character with the object that drew it,
    in the order drawn; a run of characters from one object is one piece,
    as pypdf's visitor gives one piece per text-showing operator. Where the
    text starts is the first character's origin, and the size is the font
    size times the vertical scale of the character's matrix (text matrix and
    CTM). The characters PDFium adds between objects (a space or a line
    break it guesses) are no one's: the line finder decides. All in C but
    one call a character: about a millisecond a page of text.
    """
    import ctypes

    import pypdfium2.raw as c

    pieces: list[_Piece] = []
    owner_of = _owner_function()
    x, y, matrix = ctypes.c_double(), ctypes.c_double(), c.FS_MATRIX()
    for number in range(1, pages + 1):
        page = c.FPDF_LoadPage(document, number - 1)
        if not page:
            raise PdfReadError(Text("pdf.page", {"number": number}), Text("hint.export-pdf"))
        textpage = c.FPDFText_LoadPage(page)
        try:
            if not textpage:
                raise PdfReadError(Text("pdf.page-text", {"number": number}), Text("hint.export-pdf"))
            count = c.FPDFText_CountChars(textpage)
            if count <= 0:
                continue
            text = _page_text(c, textpage, count)
            handle = ctypes.cast(textpage, ctypes.c_void_p)
            owners = [owner_of(handle, i) for i in range(count)]
            start = 0
            for owner, run in itertools.groupby(owners):
                end = start + sum(1 for _ in run)
                if owner is not None and not text[start:end].isspace():
                    c.FPDFText_GetCharOrigin(textpage, start, x, y)
                    scale = abs(matrix.d) if c.FPDFText_GetMatrix(textpage, start, matrix) else 1.0
                    size = (c.FPDFText_GetFontSize(textpage, start) or 10) * (scale or 1.0)
                    pieces.append(_Piece(number, y.value, x.value, text[start:end], size))
                start = end
        finally:
            if textpage:
                c.FPDFText_ClosePage(textpage)
            c.FPDF_ClosePage(page)
    return pieces


def _page_text(c, textpage, count: int) -> str:
    """The page's characters as one string, one character an index.

    One call for the whole page; a character outside the Basic Multilingual
    Plane takes two UTF-16 units (room is made for them), and then the page
    is read a character at a time.
    """
    import ctypes

    buffer = (ctypes.c_ushort * (2 * count + 1))()
    written = c.FPDFText_GetText(textpage, 0, count, buffer)
    text = ctypes.string_at(buffer, 2 * max(written - 1, 0)).decode("utf-16-le", "replace")
    if len(text) != count:
        codes = (c.FPDFText_GetUnicode(textpage, i) for i in range(count))
        text = "".join(chr(code) if code <= 0x10FFFF else "\ufffd" for code in codes)
    return text


@functools.cache
def _owner_function():
    """FPDFText_GetTextObject returning the object's address as an int (None for a character PDFium added):
    ints compare by value, the pointer objects of the ordinary binding do not."""
    import ctypes

    import pypdfium2.raw as c

    address = ctypes.cast(c.FPDFText_GetTextObject, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(address)


def _lines(pieces: list[_Piece]) -> list[_Line]:
    lines: list[_Line] = []
    for piece in sorted(pieces, key=lambda p: (p.page, -p.y, p.x)):
        last = lines[-1] if lines else None
        if last and last.page == piece.page and abs(last.y - piece.y) < 1.5:
            last.pieces.append(piece)
        else:
            lines.append(_Line(piece.page, piece.y, [piece], piece.size))
    starts = Counter((line.page, round(p.x)) for line in lines for p in line.pieces)
    page_columns: dict[int, frozenset[int]] = {}
    for (page, x), n in starts.items():
        if n >= 3:
            page_columns[page] = page_columns.get(page, frozenset()) | {x}
    for line in lines:
        line.pieces.sort(key=lambda p: p.x)
        line.raw = list(line.pieces)
        line.columns = page_columns.get(line.page, frozenset())
        line.pieces = _glued(line.raw, line.columns)
    return lines


def _column(x: float, starts: list[float]) -> int:
    """The index of the table column a piece starting at ``x`` stands in (by the header cells' starts)."""
    return max([i for i, start in enumerate(starts) if x >= start - 2] or [0])


def _glued(pieces: list[_Piece], columns: frozenset[int], starts: list[float] | None = None) -> list[_Piece]:
    """Pieces of one word joined back.

    A PDF writer breaks a word where an invisible character or a combining
    accent stood («Kommune» + «nummer»), and a reader sees one word. Glyph
    widths are not known here, so a piece is taken to touch the one before
    if it starts within a generous estimate of that one's width (digits are
    exactly half a font size wide, so «77 79» with a non-breaking space stays
    two numbers), and never where a table column starts: at an x where text
    starts on three or more lines of the page, or, inside a table whose
    header row is known (``starts``), wherever the two pieces stand in
    different columns, so a full narrow cell never runs into the next one
    («Hovedtillitsvalgt» | «Fagforbundet»).
    """
    if not pieces:
        return []
    out = [pieces[0]]
    for piece in pieces[1:]:
        last = out[-1]
        a, b = last.text[-1:], piece.text[:1]
        if (not a.strip() or not b.strip() or round(piece.x) in columns
                or (starts and _column(piece.x, starts) != _column(last.x, starts))):
            out.append(piece)
            continue
        if a.isdigit() and b.isdigit():
            digits = len(last.text) - len(last.text.rstrip("0123456789"))
            end = last.x + 0.5 * last.size * len(last.text) if digits == len(last.text) else None
            touching = end is not None and abs(piece.x - end) < 0.1 * last.size
        else:
            touching = piece.x < last.x + 0.6 * last.size * len(last.text) + 0.3 * last.size
        if touching:
            out[-1] = _Piece(last.page, last.y, last.x, last.text + piece.text, last.size)
        else:
            out.append(piece)
    return out


_PAGE_NUMBER = re.compile(r"(?:side|page|s\.)?\s*[-–(]?\s*\d{1,3}\s*(?:(?:av|of|/)\s*\d{1,3})?\s*[-–)]?\Z", re.I)
_PAGE_WORD = re.compile(r"\b(?:side|sida|page|s\.)\s*\d", re.I)
EDGE_LINES = 2  # how many lines at the top and the bottom of a page may be a running header or footer


def _running(lines: list[_Line]) -> list[_Line]:
    """Lines without running headers, footers and page numbers: they are on the page, not in the application.

    A line at the top or bottom edge of a page is running text if it is a
    page number («Side 2 av 4», «- 2 -», «2») or if the same text stands at
    the same edge of another page (a page number in it aside). Table rows
    that happen to start two pages differ in their text, so they stay.
    """
    pages: dict[int, list[_Line]] = {}
    for line in lines:
        pages.setdefault(line.page, []).append(line)
    edges: dict[tuple[str, str], set[int]] = {}
    candidates: list[tuple[_Line, str]] = []
    for number, page_lines in pages.items():
        for where, chosen in (("top", page_lines[:EDGE_LINES]), ("bottom", page_lines[-EDGE_LINES:])):
            for line in chosen:
                shape = " ".join(line.text.split()).casefold()
                if _PAGE_WORD.search(shape):  # «Gloppen kommune – side 2»: the number changes, the line does not
                    shape = re.sub(r"\d+", "#", shape)
                edges.setdefault((where, shape), set()).add(number)
                candidates.append((line, (where, shape)))
    drop = {id(line) for line, key in candidates
            if _PAGE_NUMBER.match(line.text.strip()) or (len(pages) > 1 and len(edges[key]) > 1)}
    return [line for line in lines if id(line) not in drop]


def _new_row(previous: _Line | None, line: _Line, gap_limit: float) -> bool:
    return previous is None or previous.page != line.page or previous.y - line.y > gap_limit


def _key_value_tables(section, lines: list[_Line], gap: float) -> list[Block]:
    """Label | value rows; a record starts again where its first label comes back."""
    tables: list[Block] = []
    first = section.columns[0]
    current: list[list[str]] | None = None
    previous = None
    for line in lines:
        head = line.pieces[0].text
        column = column_for_label(section, head)
        rest = " ".join(p.text.strip() for p in line.pieces[1:] if p.text.strip())
        if column is None and ":" in line.text:
            pair = split_label(section, line.text)  # «Kommunenummer: 1445» in one cell
            if pair is not None:
                column, head, rest = pair[0], pair[0].nb, pair[1]
        if column is not None:
            if current is None or (column is first and any(column_for_label(section, r[0]) is first for r in current)):
                current = []
                tables.append(Block("table", rows=current, page=line.page))
            current.append([head, rest])
        elif line.size > gap / 1.45 * 1.1:
            pass  # a sub-heading («Prosjekt 2»), not a wrapped value
        elif current and not _new_row(previous, line, gap) or (current and previous and previous.page != line.page
                                                                 and line.x > previous.x + 20):
            current[-1][1] = f"{current[-1][1]} {line.text}".strip()  # the value wrapped onto this line
        previous = line
    return tables


def _grid_table(section, lines: list[_Line], gap: float) -> list[Block]:
    """A table with a header row: columns by the header labels' positions.

    A row starts where the vertical gap is larger than a wrapped line's, or
    where a line fills two or more columns (rows drawn without padding sit
    as close as wrapped lines). A line on a new page whose first column is
    empty goes on with the row the page break split.
    """
    found = _find_header(section, lines, gap)
    if found is None:
        return []
    at, used, starts = found
    table = [[label for _, label in starts]]
    bounds = [x for x, _ in starts]
    previous = lines[at + used - 1]
    for line in lines[at + used:]:
        line = replace(line, pieces=_glued(line.raw, line.columns, bounds))  # no word runs on into the next cell
        placed = [(_column(piece.x, bounds), piece.text.strip()) for piece in line.pieces if piece.text.strip()]
        columns = {index for index, _ in placed}
        if _across(line, starts):
            previous = line
            continue  # a note across the whole table, not a row of values
        if previous.page != line.page:
            if [text for _, text in placed] == table[0]:
                previous = line  # the header row repeated at the top of the new page
                continue
            new = len(columns) >= 2 and 0 in columns  # else the row the page break split goes on
        else:
            new = _new_row(previous, line, gap) or len(columns) >= 2
        if len(table) == 1 or new:
            table.append([""] * len(starts))
        for index, text in placed:
            table[-1][index] = f"{table[-1][index]} {text}".strip()
        previous = line
    return [Block("table", rows=table, page=lines[at].page)]


def _across(line: _Line, starts: list[tuple[float, str]]) -> bool:
    """A line of one piece that is wider than its column could be: a row spanning the table (a note).

    The width is a low estimate (0.4 font sizes a character), so a cell's
    own text, which wraps inside its column, is never taken for one.
    """
    if len(line.pieces) != 1 or len(starts) < 2:
        return False
    piece = line.pieces[0]
    index = _column(piece.x, [x for x, _ in starts])
    end = starts[index + 1][0] if index + 1 < len(starts) else None
    return end is not None and piece.x + 0.4 * piece.size * len(piece.text.strip()) > end


def _find_header(section, lines: list[_Line], gap: float) -> tuple[int, int, list] | None:
    """(first line, number of lines, cells) of the header row; a header may wrap over up to three lines.

    A row whose every cell is a column label wins (so a title row just above
    the header is not glued to it); failing that, one naming two columns.
    """
    for complete in (True, False):
        for index in range(len(lines)):
            for used in (1, 2, 3):
                group = lines[index:index + used]
                if len(group) < used or (used > 1 and _new_row(group[-2], group[-1], gap)):
                    break
                cells = _header_cells(section, group)
                if cells and (not complete or all(column_for_label(section, t) is not None for _, t in cells)):
                    return index, used, cells
    return None


def _header_cells(section, row: list[_Line]) -> list[tuple[float, str]]:
    """(x, label) of each header cell; a label wrapped over two lines is joined."""
    columns: dict[float, str] = {}
    for line in row:
        for piece in _header_pieces(section, line):
            key = min(columns, key=lambda x: abs(x - piece.x), default=None)
            if key is not None and abs(key - piece.x) < 3:
                columns[key] += piece.text.strip()
            else:
                columns[piece.x] = piece.text.strip()
    cells = sorted(columns.items())
    if sum(column_for_label(section, text) is not None for _, text in cells) < 2:
        return []
    return cells


def _header_pieces(section, line: _Line) -> list[_Piece]:
    """A header line's pieces joined back as in :func:`_glued`, except that a label already whole
    («Organisasjon») is never run on into the next cell's («Kommune»): the header gives the column
    starts that bound every other join, so it must not lose one itself."""
    glued = _glued(line.raw, line.columns)
    out: list[_Piece] = []
    for index, piece in enumerate(glued):
        end = glued[index + 1].x if index + 1 < len(glued) else float("inf")
        out += _split_labels(section, piece, [p for p in line.raw if piece.x <= p.x < end])
    return out


def _split_labels(section, glued: _Piece, raw: list[_Piece]) -> list[_Piece]:
    """``glued`` back in the raw pieces it was made of, at each point where the text so far is a whole label
    and the text after it is one too; unchanged where it is a label itself or no such point exists."""
    if len(raw) < 2 or column_for_label(section, glued.text) is not None:
        return [glued]
    for cut in range(1, len(raw)):
        head, tail = raw[:cut], raw[cut:]
        first = _Piece(glued.page, glued.y, head[0].x, "".join(p.text for p in head), glued.size)
        rest = _Piece(glued.page, glued.y, tail[0].x, "".join(p.text for p in tail), glued.size)
        if column_for_label(section, first.text) is not None:
            after = _split_labels(section, rest, tail)
            if all(column_for_label(section, p.text) is not None for p in after):
                return [first, *after]
    return [glued]


def _paragraphs(lines: list[_Line], gap: float, items: bool) -> list[Block]:
    blocks: list[Block] = []
    previous = None
    for line in lines:
        text = line.text
        bullet = text[:1] in BULLETS and (len(text) == 1 or text[1] == " ")
        if bullet:
            text = text[1:].strip()
        if not blocks or bullet or (not items and _new_row(previous, line, gap)):
            blocks.append(Block("p", text, page=line.page))
        else:
            blocks[-1].text = f"{blocks[-1].text} {text}".strip()
        previous = line
    return blocks


def _to_blocks(lines: list[_Line]) -> list[Block]:
    if not lines:
        return []
    size = statistics.median(line.size for line in lines) or 11
    gap = size * 1.45  # wrapped lines sit about 1.15 font sizes apart; rows and paragraphs further
    blocks: list[Block] = []
    section, region = None, []

    def flush() -> None:
        if section is None:
            return
        if section.kind in ("fields", "records"):
            blocks.extend(_key_value_tables(section, region, gap))
        elif section.kind == "table":
            blocks.extend(_grid_table(section, region, gap))
        else:
            blocks.extend(_paragraphs(region, gap, items=section.kind == "list"))

    seen: set[str] = set()
    level = size * 1.15  # the size of the section headings, once one is known: smaller ones are sub-headings
    for line in lines:
        found = section_for_title(line.text) if len(line.text) < 80 else None
        big = line.size > size * 1.15 and line.size >= level * 0.95
        if found is None and big:
            found = closest_section(line.text, seen)  # a renamed heading; the layout notes it
        if found is not None:
            seen.add(found.key)
            if line.size > size * 1.15:
                level = max(level, line.size) if len(seen) == 1 else level
            flush()
            section, region = found, []
            blocks.append(Block("p", line.text, heading=True, page=line.page))
        elif big and section is not None:
            flush()  # a heading we do not know ends the section
            section, region = None, []
            blocks.append(Block("p", line.text, heading=True, page=line.page))
        elif section is not None:
            region.append(line)
    flush()
    return blocks


def read_pdf(path: Path):
    """(data, pointer→Location fields, sections found) from a PDF; raises PdfReadError."""
    import pypdfium2.raw as c

    document, pages = _open(path)
    try:
        pieces = _pieces(document, pages)
    finally:
        c.FPDF_CloseDocument(document)
    if not pieces:
        raise PdfReadError(Text("pdf.scanned"), Text("hint.not-scanned"))
    return blocks_to_application(_to_blocks(_running(_lines(pieces))), pages=pages)
