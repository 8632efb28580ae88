"""What a loader hands to the checker."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..findings import Location


@dataclass
class Document:
    """A file's data, what kind of document it says it is, and how to find spots in it.

    ``locate`` maps a JSON pointer into ``data`` to a :class:`Location` in the
    original file (a line for YAML/JSON; section, table, row and page for
    Word and PDF). It is called only for pointers that carry a finding.
    """

    path: str
    kind: str
    data: Any
    locate: Callable[[str], Location] = field(repr=False, default=None)  # type: ignore[assignment]
    sections: set[str] | None = None  # for Word and PDF: the section headings that were found
    notes: list[dict] = field(default_factory=list)  # for Word and PDF: what the reader has to tell (layout.Reading)
    where: dict[str, dict] | None = None  # for Word and PDF: section, table, row and page of each value read

    def location(self, pointer: str) -> Location:
        if self.locate is None:
            return Location(file=self.path, pointer=pointer)
        return self.locate(pointer)
