"""From paths on disk to loaded documents, one format at a time."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import LoadError, StructureError, UnsupportedFormat
from .document import Document
from .structured import load_structured

STRUCTURED_SUFFIXES = (".yaml", ".yml", ".json")
DOCUMENT_SUFFIXES = (".docx", ".pdf")
SUPPORTED_SUFFIXES = STRUCTURED_SUFFIXES + DOCUMENT_SUFFIXES
KINDS = {"søknad": "søknad", "møte": "møte", "runde": "runde"}
ROUND_FILES = ("runde.yaml", "runde.yml")


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Every file under the given paths, sorted, sub-folders included.

    Nothing is skipped silently: files of unknown types are yielded too, so
    they can be reported. Hidden folders (``.git``) are not entered.
    """
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    yield Path(root) / name
        else:
            yield path


def load_file(path: Path) -> Document:
    """Read one file into a :class:`Document`; raise LoadError if it cannot be."""
    suffix = path.suffix.lower()
    if suffix in DOCUMENT_SUFFIXES:
        raise UnsupportedFormat(
            f"Word- og PDF-filer ({suffix}) kan ikke leses ennå i denne versjonen av kvkdocs.",
            "Send søknaden som YAML eller JSON (lag en mal med «kvkdocs init»), eller vent på neste versjon.",
        )
    if suffix not in STRUCTURED_SUFFIXES:
        raise UnsupportedFormat(
            f"Filtypen «{suffix or 'uten endelse'}» støttes ikke.",
            "kvkdocs leser .yaml, .yml og .json (Word og PDF kommer). Flytt andre filer ut av mappen.",
        )
    try:
        data, locate = load_structured(path)
    except OSError as exc:
        raise LoadError(f"Filen kan ikke åpnes ({exc.strerror or exc}).", "Sjekk at filen finnes og kan leses.") from exc
    return Document(str(path), document_kind(data), data, locate)


def document_kind(data: object) -> str:
    """What the file says it is (``dokument: søknad`` or ``dokument: møte``)."""
    if not isinstance(data, dict):
        found = {list: "en liste", str: "en tekst", type(None): "ingenting"}.get(type(data), "en enkeltverdi")
        raise StructureError(
            f"Filen inneholder {found}, ikke et sett med felt.",
            "En søknad begynner med «dokument: søknad» og felt som «søker:» og «mål:». Lag en mal med «kvkdocs init».",
        )
    kind = data.get("dokument")
    if not isinstance(kind, str) or kind.strip().lower() not in KINDS:
        raise StructureError(
            "Filen sier ikke hva den er: feltet «dokument» mangler eller har en ukjent verdi"
            + (f" («{kind}»)." if kind is not None else "."),
            "Skriv «dokument: søknad» for en søknad, «dokument: møte» for en møtefil "
            "eller «dokument: runde» for et rundeoppsett øverst i filen.",
        )
    return KINDS[kind.strip().lower()]
