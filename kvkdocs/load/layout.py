"""From a document's visible blocks (paragraphs and tables) to application data.

Shared by the Word and PDF readers: each turns its file into a list of
:class:`Block`; this module finds the sections by their headings and reads
each with the rules of :mod:`kvkdocs.docmodel`. It also records, for every
value, where it was found (section, table, row, page), so findings can point
into the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..docmodel import SECTIONS, Section, column_for_label, parse_value, section_for_title
from ..errors import StructureError


@dataclass
class Block:
    kind: str  # "p" or "table"
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    heading: bool = False
    page: int | None = None
    plain: bool = True  # a plain paragraph (no list or other special style) may also be a heading


@dataclass
class _Found:
    section: Section
    title: str
    blocks: list[Block] = field(default_factory=list)


def _split(blocks: list[Block]) -> list[_Found]:
    """Blocks grouped under the known section headings; other headings end a section."""
    found: list[_Found] = []
    current: _Found | None = None
    for block in blocks:
        if block.kind == "p":
            can_head = block.heading or block.plain
            section = section_for_title(block.text) if can_head and len(block.text) < 80 else None
            if section is not None:
                current = _Found(section, " ".join(block.text.split()))
                found.append(current)
                continue
            if block.heading:
                current = None
                continue
        if current is not None:
            current.blocks.append(block)
    return found


def _set(target: dict, dotted: str, value) -> None:
    keys = dotted.split(".")
    for key in keys[:-1]:
        target = target.setdefault(key, {})
    target[keys[-1]] = value


class _Reader:
    def __init__(self) -> None:
        self.data: dict = {"dokument": "søknad"}
        self.where: dict[str, dict] = {}

    def mark(self, pointer: str, found: _Found, table: int | None = None, row: int | None = None,
             page: int | None = None) -> None:
        self.where.setdefault(pointer, {"section": found.title, "table": table, "row": row, "page": page})

    def container(self, section: Section) -> dict:
        target = self.data
        for key in section.path[:-1]:
            target = target.setdefault(key, {})
        return target

    def fields(self, found: _Found) -> None:
        section, base = found.section, "/" + "/".join(found.section.path) if found.section.path else ""
        target = {} if section.path else self.data
        tables = [b for b in found.blocks if b.kind == "table"]
        self.mark(base or "/søker", found, page=found.blocks[0].page if found.blocks else None)
        for t_index, block in enumerate(tables, start=1):
            for r_index, cells in enumerate(block.rows, start=1):
                column = column_for_label(section, cells[0]) if len(cells) >= 2 else None
                value = parse_value(cells[-1], column.kind) if column else None
                if column is None or value is None:
                    continue
                _set(target, column.key, value)
                self.mark(base + "/" + column.key.replace(".", "/"), found, t_index, r_index, block.page)
        if section.path and target:  # an empty form reads as a missing part
            self.container(section).setdefault(section.path[-1], {}).update(target)

    def table(self, found: _Found) -> None:
        section = found.section
        pointer = "/" + "/".join(section.path)
        items: list[dict] = []
        for t_index, block in enumerate(b for b in found.blocks if b.kind == "table"):
            header = [column_for_label(section, cell) for cell in block.rows[0]] if block.rows else []
            if not any(header):
                continue
            for r_index, cells in enumerate(block.rows[1:], start=2):
                item = {}
                for column, cell in zip(header, cells, strict=False):
                    value = parse_value(cell, column.kind) if column else None
                    if value is not None and value != []:
                        item[column.key] = value
                if item:
                    self.mark(f"{pointer}/{len(items)}", found, t_index + 1, r_index, block.page)
                    items.append(item)
        self.mark(pointer, found, page=found.blocks[0].page if found.blocks else None)
        if items:  # an empty table reads as no entries at all
            self.container(section)[section.path[-1]] = items

    def records(self, found: _Found) -> None:
        section = found.section
        pointer = "/" + "/".join(section.path)
        items = []
        for t_index, block in enumerate((b for b in found.blocks if b.kind == "table"), start=1):
            item = {}
            for cells in block.rows:
                column = column_for_label(section, cells[0]) if len(cells) >= 2 else None
                value = parse_value(cells[-1], column.kind) if column else None
                if column is not None and value is not None and value != []:
                    item[column.key] = value
            if item:
                self.mark(f"{pointer}/{len(items)}", found, t_index, None, block.page)
                items.append(item)
        self.mark(pointer, found)
        if items:
            self.data[section.path[-1]] = items

    @staticmethod
    def first_page(found: _Found) -> int | None:
        return found.blocks[0].page if found.blocks else None

    def paragraphs(self, found: _Found) -> list[str]:
        return [" ".join(b.text.split()) for b in found.blocks if b.kind == "p" and b.text.strip()]

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


def blocks_to_application(blocks: list[Block], pages: int | None):
    """(data, locations by pointer, keys of the sections found); StructureError if none is."""
    sections = _split(blocks)
    if not sections:
        titles = ", ".join(s.nb for s in SECTIONS[:5])
        raise StructureError(
            f"Dokumentet ser ikke ut som en søknad: fant ingen av delene ({titles} …).",
            "Lag søknaden med «kvkdocs draft», eller behold overskriftene i malen.")
    reader = _Reader()
    seen = set()
    for found in sections:
        if found.section.key in seen:
            continue  # a section pasted twice: the first one counts
        seen.add(found.section.key)
        reader.read(found)
    return reader.data, reader.where, seen
