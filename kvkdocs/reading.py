"""What the checker read from a file, shown so that a person can compare it with the document.

When the secretariat doubts a verdict on a Word or PDF application, the
question is whether the document or the reader is at fault. This module
answers it: the application as the checker understood it (the same schema
as a hand-written application), and every value with where it stood
(section, table, row, page; or the line of a YAML/JSON file). ``kvkdocs
read`` prints it (:func:`kvkdocs.verbs.read` reads the file), and the HTML
report links each finding to the value.
"""

from __future__ import annotations

from typing import Any

from .docmodel import SECTIONS
from .load.document import Document
from .messages import reading_message

# Labels of the values, by the last key of their pointer, as the document shows them.
_LABELS: dict[str, tuple[str, str]] = {}
for _section in SECTIONS:
    _LABELS[_section.path[-1] if _section.path else _section.key] = (_section.nb, _section.nn)
    for _column in _section.columns:
        _LABELS.setdefault(_column.key.rsplit(".", 1)[-1], (_column.nb, _column.nn))


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def label(pointer: str, lang: str = "nb") -> str:
    """«Kommunenummer» for ``/søker/kommunenummer``; the pointer's last key where no label is known."""
    key = pointer.rsplit("/", 1)[-1]
    if key.isdigit():
        key = pointer.rsplit("/", 2)[-2]
    forms = _LABELS.get(key.replace("~1", "/").replace("~0", "~"))
    return forms[1 if lang == "nn" else 0] if forms else key


def values(document: Document, lang: str = "nb") -> list[dict[str, Any]]:
    """Every value read, in the application's order, each with its label and where it stood.

    A list of plain words (focus areas, sectors) is one value; a list of
    records is walked into.
    """
    out: list[dict[str, Any]] = []

    def walk(value: Any, pointer: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{pointer}/{_escape(str(key))}")
        elif isinstance(value, list) and any(isinstance(item, dict | list) for item in value):
            for index, item in enumerate(value):
                walk(item, f"{pointer}/{index}")
        else:
            spot = document.location(pointer)
            out.append({"pointer": pointer, "label": label(pointer, lang), "value": value,
                        "section": spot.section, "table": spot.table, "row": spot.row, "page": spot.page,
                        "line": spot.line})

    walk(document.data, "")
    return out


def notes(document: Document, lang: str = "nb") -> list[dict[str, Any]]:
    """What the reader had to say about the document (renamed headings, unreadable dates, tracked changes)."""
    return [{"rule": n.get("rule", "input.structure"), "severity": n.get("severity", "error"),
             "pointer": n["pointer"], "message": reading_message(n, lang)} for n in document.notes]


def as_yaml(document: Document, lang: str = "nb") -> str:
    """The application as YAML in the schema of a hand-written one; the reader's notes as comments on top."""
    import yaml

    head = "".join(f"# {n['message']}\n" for n in notes(document, lang))
    return head + yaml.safe_dump(document.data, allow_unicode=True, sort_keys=False, width=100)


def as_json(document: Document, lang: str = "nb") -> dict[str, Any]:
    return {"path": document.path, "kind": document.kind, "data": document.data,
            "values": values(document, lang), "notes": notes(document, lang)}


def anchor_for(read: list[dict[str, Any]], pointer: str) -> int | None:
    """Index of the value a finding at ``pointer`` is about: that value, the first one under it, or the nearest above."""
    for index, item in enumerate(read):
        if item["pointer"] == pointer:
            return index
    for index, item in enumerate(read):
        if item["pointer"].startswith(pointer + "/"):
            return index
    probe = pointer
    while probe:
        probe = probe.rsplit("/", 1)[0]
        for index, item in enumerate(read):
            if item["pointer"] == probe or item["pointer"].startswith(probe + "/"):
                return index
    return None
