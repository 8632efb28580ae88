"""From a document's visible blocks (paragraphs and tables) to application data.

Shared by the Word and PDF readers: each turns its file into a list of
:class:`Block`; this module finds the sections by their headings and reads
each with the rules of :mod:`kvkdocs.docmodel`. It also records, for every
value, where it was found (section, table, row, page), so findings can point
into the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..dates import read_date
from ..docmodel import (
    SECTIONS,
    Column,
    Section,
    clean,
    closest_section,
    column_for_label,
    hidden_characters,
    parse_value,
    plain,
    section_for_title,
    split_label,
    visible,
)
from ..errors import StructureError
from ..messages import Forms, Text

# Which day a month without a day stands for, by field: a start is its first day, an end its last.
MONTH_END = {"start": "first", "slutt": "last", "måldato": "last"}
# The prompts Word puts in an empty content control; in a PDF they are printed, in grey.
PROMPTS = {p.casefold() for p in (
    "Klikk eller trykk her for å skrive inn tekst.", "Klikk her for å skrive inn tekst.",
    "Klikk eller trykk for å skrive inn en dato.", "Klikk her for å skrive inn en dato.",
    "Velg et element.", "Click or tap here to enter text.", "Click here to enter text.",
    "Click or tap to enter a date.", "Choose an item.")}
# Text fields that are identifiers: an unseen character makes them wrong, so a message shows it.
EXACT_TEXT = ("kommunenummer", "organisasjonsnummer", "epost", "telefon", "saksnummer")


class Block:
    """One paragraph or table as the reader saw it.

    A plain class with slots, not a dataclass: a document has a block per
    paragraph, and making them was a tenth of reading a Word file. A
    paragraph shares the empty ``rows`` and ``notes``, which nothing changes.
    """

    __slots__ = ("kind", "text", "rows", "heading", "page", "plain", "notes")

    def __init__(self, kind: str, text: str = "", rows: list[list[str]] | tuple = (), heading: bool = False,
                 page: int | None = None, plain: bool = True, notes: list[bool] | tuple = ()) -> None:
        self.kind = kind  # "p" or "table"
        self.text = text
        self.rows = rows
        self.heading = heading
        self.page = page
        self.plain = plain  # a plain paragraph (no list or other special style) may also be a heading
        self.notes = notes  # per row: one cell across the whole table (a note, not data)

    def __repr__(self) -> str:
        return f"Block({self.kind!r}, {self.text!r}, rows={self.rows!r}, heading={self.heading}, page={self.page})"


@dataclass
class Reading:
    """What a reader made of a document: the data, where each value was, the sections, and notes.

    Notes are findings the reader owes the user (a renamed heading, a date it
    could not read, unaccepted tracked changes), as data: the checker words
    them in the user's language. Unpacks as ``data, where, sections``.
    """

    data: dict
    where: dict[str, dict]
    sections: set[str]
    notes: list[dict] = field(default_factory=list)

    def __iter__(self):
        return iter((self.data, self.where, self.sections))

    def __getitem__(self, index: int):
        return (self.data, self.where, self.sections)[index]


@dataclass
class _Found:
    section: Section
    title: str
    blocks: list[Block] = field(default_factory=list)


def _split(blocks: list[Block], notes: list[dict]) -> list[_Found]:
    """Blocks grouped under the known section headings; other headings end a section.

    A heading that is not known but close to one not yet found
    («Styringsgrupe») is read as that section, with one note naming both:
    the officer sees the content was read, and nothing cascades from it.
    """
    found: list[_Found] = []
    current: _Found | None = None
    for block in blocks:
        if block.kind == "p":
            can_head = block.heading or block.plain
            # An empty paragraph names no section (forms space their parts with them: a third of all paragraphs).
            section = section_for_title(block.text) if can_head and 0 < len(block.text) < 80 else None
            if section is None and block.heading and block.text.strip():
                section = closest_section(block.text, {f.section.key for f in found})
                if section is not None:
                    notes.append({"key": "input.renamed-section", "pointer": "/" + "/".join(section.path),
                                  "severity": "warning", "found": " ".join(clean(block.text).split()),
                                  "title": (section.nb, section.nn)})
            if section is not None:
                current = _Found(section, " ".join(clean(block.text).split()))
                found.append(current)
                continue
            if block.heading:
                current = None
                continue
        if current is not None:
            current.blocks.append(block)
    return found


def _without(text: str, characters: list[str]) -> str:
    return text.translate(dict.fromkeys(map(ord, characters))) if characters else text


def _set(target: dict, dotted: str, value) -> None:
    keys = dotted.split(".")
    for key in keys[:-1]:
        target = target.setdefault(key, {})
    target[keys[-1]] = value


def _pairs(section: Section, block: Block):
    """(column, value text, row number) for each label–value row of a table, or a «Label: value» paragraph.

    The label is the row's first non-empty cell; the value the rest of the
    row. A label and value written in one cell («Kommunenummer: 1445») are split.
    """
    if block.kind == "p":
        for line in block.text.split("\n"):
            pair = split_label(section, line)
            if pair is not None:
                yield pair[0], pair[1], None
        return
    for r_index, cells in enumerate(block.rows, start=1):
        if r_index - 1 < len(block.notes) and block.notes[r_index - 1]:
            pair = split_label(section, next((c for c in cells if c.strip()), ""))
            if pair is not None:
                yield pair[0], pair[1], r_index
            continue
        filled = [c for c in cells if c.strip()]
        if not filled:
            continue
        column = column_for_label(section, filled[0])
        if column is not None and len(cells) >= 2:
            rest = [c for c in cells[cells.index(filled[0]) + 1:] if c.strip()]
            yield column, " ".join(rest), r_index
            continue
        for cell in filled:  # a layout of «Label: value» cells, one or more a row
            for line in cell.split("\n"):
                pair = split_label(section, line)
                if pair is not None:
                    yield pair[0], pair[1], r_index


class _Reader:
    def __init__(self, notes: list[dict]) -> None:
        self.data: dict = {"dokument": "søknad"}
        self.where: dict[str, dict] = {}
        self.notes = notes

    def mark(self, pointer: str, found: _Found, table: int | None = None, row: int | None = None,
             page: int | None = None) -> None:
        self.where.setdefault(pointer, {"section": found.title, "table": table, "row": row, "page": page})

    def value(self, column: Column, text: str, pointer: str):
        """The value of a cell, with a note where the text cannot be read as a person would want it."""
        text = " ".join(clean(text).split())
        if not text:
            return None  # an empty cell, as parse_value reads it
        if text.casefold() in PROMPTS:
            return None  # a form's prompt, printed in grey where nothing was filled in
        hidden = hidden_characters(text)
        if hidden and (column.kind != "text" or column.key.rsplit(".", 1)[-1] in EXACT_TEXT):
            self.note("input.hidden-characters", pointer, column, value=visible(text))
            return text
        if hidden:
            text = _without(text, hidden)
        if column.kind == "date" and text:
            reading = read_date(plain(text), MONTH_END.get(column.key))
            if reading.value is None:
                key = {"month-only": "input.date-month", "no-such-day": "input.date-no-day"}.get(
                    reading.problem, "input.date-unclear")
                self.note(key, pointer, column, value=visible(text))
                return text
            return reading.value
        if column.kind == "text" and not hidden:
            return text  # cleaned above: parse_value would clean it again to the same text
        return parse_value(text, column.kind)

    def note(self, key: str, pointer: str, column: Column, **params) -> None:
        self.notes.append({"key": key, "pointer": pointer, "rule": "input.schema", "field": (column.nb, column.nn),
                           **params})

    def container(self, section: Section) -> dict:
        target = self.data
        for key in section.path[:-1]:
            target = target.setdefault(key, {})
        return target

    def fields(self, found: _Found) -> None:
        section, base = found.section, "/" + "/".join(found.section.path) if found.section.path else ""
        target = {} if section.path else self.data
        self.mark(base or "/søker", found, page=self.first_page(found))
        t_index = 0
        for block in found.blocks:
            t_index += block.kind == "table"
            for column, text, r_index in _pairs(section, block):
                pointer = base + "/" + column.key.replace(".", "/")
                value = self.value(column, text, pointer)
                if value is None:
                    continue
                _set(target, column.key, value)
                self.mark(pointer, found, t_index if block.kind == "table" else None, r_index, block.page)
        if section.path and target:  # an empty form reads as a missing part
            self.container(section).setdefault(section.path[-1], {}).update(target)

    def table(self, found: _Found) -> None:
        """Rows under a header row; a table split by a page break or an empty paragraph goes on.

        The header is the first row naming at least two columns (or the only
        one there is), so a title row above it is passed by; a later table
        without a header continues the one before, and a repeated header row
        starts nothing new. Rows of one cell across the table are notes.
        """
        section = found.section
        pointer = "/" + "/".join(section.path)
        items: list[dict] = []
        header: list[Column | None] = []
        wanted = min(2, len(section.columns))
        for t_index, block in enumerate((b for b in found.blocks if b.kind == "table"), start=1):
            start = 0
            for r_index, cells in enumerate(block.rows):
                named = [column_for_label(section, cell) for cell in cells]
                if sum(c is not None for c in named) >= wanted:
                    header, start = named, r_index + 1
                    break
            if not header or (start == 0 and len(block.rows[0]) != len(header) if block.rows else True):
                continue
            for r_index, cells in enumerate(block.rows[start:], start=start + 1):
                if r_index - 1 < len(block.notes) and block.notes[r_index - 1]:
                    continue
                if (len(cells) == len(header) and column_for_label(section, cells[0]) is header[0]
                        and [column_for_label(section, cell) for cell in cells] == header):
                    continue  # the header row repeated after a page break
                item = {}
                at = f"{pointer}/{len(items)}"
                for column, cell in zip(header, cells, strict=False):
                    value = self.value(column, cell, f"{at}/{column.key}") if column else None
                    if value is not None and value != []:
                        item[column.key] = value
                if item:
                    self.mark(at, found, t_index, r_index, block.page)
                    items.append(item)
        self.mark(pointer, found, page=self.first_page(found))
        if items:  # an empty table reads as no entries at all
            self.container(section)[section.path[-1]] = items

    def records(self, found: _Found) -> None:
        """One record per table, or more: a record starts again where a label it already has comes back."""
        section = found.section
        pointer = "/" + "/".join(section.path)
        items: list[dict] = []
        item: dict | None = None
        t_index = 0
        for block in found.blocks:
            t_index += block.kind == "table"
            fresh = block.kind == "table"
            for column, text, _r in _pairs(section, block):
                if item is None or (fresh and item and column is section.columns[0]) or column.key in item:
                    item = {}
                    items.append(item)
                    self.mark(f"{pointer}/{len(items) - 1}", found, t_index or None, None, block.page)
                fresh = False
                value = self.value(column, text, f"{pointer}/{len(items) - 1}/{column.key}")
                if value is not None and value != []:
                    item[column.key] = value
        items = [i for i in items if i]
        self.mark(pointer, found, page=self.first_page(found))
        if items:
            self.data[section.path[-1]] = items

    @staticmethod
    def first_page(found: _Found) -> int | None:
        return found.blocks[0].page if found.blocks else None

    def paragraphs(self, found: _Found) -> list[str]:
        texts = (" ".join(clean(b.text).split()) for b in found.blocks if b.kind == "p")
        return [_without(t, hidden_characters(t)) for t in texts if t]

    def read(self, found: _Found) -> None:
        kind = found.section.kind
        if kind == "fields":
            self.fields(found)
        elif kind == "table":
            self.table(found)
        elif kind == "records":
            self.records(found)
        elif kind == "list":
            items = self.paragraphs(found)
            if items:
                self.data[found.section.path[-1]] = items
            self.mark("/" + found.section.path[-1], found, page=self.first_page(found))
        else:
            text = "\n\n".join(self.paragraphs(found))
            if text:
                self.data[found.section.path[-1]] = text
            self.mark("/" + found.section.path[-1], found, page=self.first_page(found))


def blocks_to_application(blocks: list[Block], pages: int | None, notes: list[dict] | None = None) -> Reading:
    """The :class:`Reading` of a document's blocks; StructureError if no section is found."""
    notes = list(notes or [])
    sections = _split(blocks, notes)
    if not sections:
        titles = Forms(", ".join(s.nb for s in SECTIONS[:5]), ", ".join(s.nn for s in SECTIONS[:5]))
        raise StructureError(Text("layout.no-sections", {"titles": titles}), Text("hint.keep-headings"))
    reader = _Reader(notes)
    seen = set()
    for found in sections:
        if found.section.key in seen:
            continue  # a section pasted twice: the first one counts
        seen.add(found.section.key)
        reader.read(found)
    return Reading(reader.data, reader.where, seen, notes)
