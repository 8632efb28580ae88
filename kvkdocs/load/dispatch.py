"""From paths on disk to loaded documents, one format at a time."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import LoadError, StructureError, UnsupportedFormat, os_reason
from ..findings import Location
from .document import Document
from .inbox import refuse_special, scan
from .structured import load_structured

STRUCTURED_SUFFIXES = (".yaml", ".yml", ".json")
DOCUMENT_SUFFIXES = (".docx", ".pdf")
SUPPORTED_SUFFIXES = STRUCTURED_SUFFIXES + DOCUMENT_SUFFIXES
KINDS = {"søknad": "søknad", "møte": "møte", "runde": "runde", "programutgave": "programutgave"}
ROUND_FILES = ("runde.yaml", "runde.yml")


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Every file under the given paths that may be opened, sorted, sub-folders included.

    Links out of a given folder, special files, unreadable folders and system
    files are left out here; :func:`~kvkdocs.load.inbox.scan` says why for
    each, and ``kvkdocs validate`` reports them. Files of unknown types are
    yielded, so they can be reported. Hidden folders (``.git``) are not entered.
    """
    yield from scan(paths).readable()


MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
OTHER_WORD = {".doc": "det gamle Word-formatet (.doc)", ".docm": "Word med makroer (.docm)",
              ".dotx": "en Word-mal (.dotx)", ".dotm": "en Word-mal med makroer (.dotm)", ".odt": "OpenDocument (.odt)",
              ".rtf": "RTF"}


def load_file(path: Path, reader=None) -> Document:
    """Read one file into a :class:`Document`; raise LoadError if it cannot be.

    Word and PDF files are parsed in a worker process (``reader``, an
    :class:`~kvkdocs.load.isolated.IsolatedReader`, usually the application's
    pool). Without one, a single worker is started for this file and stopped
    after it: no pool outlives the call, and none is kept in a global.
    """
    suffix = path.suffix.lower()
    if suffix in STRUCTURED_SUFFIXES:  # most files of a batch: open once, check and read from that
        fd = _refuse_non_files(path, keep_open=True)
        try:
            data, locate = load_structured(path, fd)
        except OSError as exc:
            raise LoadError(f"Filen kan ikke åpnes ({os_reason(exc)}).", "Sjekk at filen finnes og kan leses.") from exc
        finally:
            os.close(fd)
        return Document(str(path), document_kind(data), data, locate)
    _refuse_non_files(path)
    if suffix in DOCUMENT_SUFFIXES:
        if reader is None:
            from .isolated import IsolatedReader

            own = IsolatedReader(processes=1)
            try:
                return _load_document(path, own)
            finally:
                own.close()
        return _load_document(path, reader)
    if suffix in OTHER_WORD:
        raise UnsupportedFormat(f"Filen er {OTHER_WORD[suffix]}, som kvkdocs ikke leser.",
                                "Lagre søknaden som Word-dokument (.docx) uten makroer, eller som PDF.")
    raise UnsupportedFormat(
        f"Filtypen «{suffix or 'uten endelse'}» støttes ikke.",
        "kvkdocs leser .docx, .pdf, .yaml, .yml og .json. Flytt andre filer ut av mappen.",
    )


def _refuse_non_files(path: Path, keep_open: bool = False) -> int | None:
    """FIFOs, sockets and devices are refused from ``stat`` alone: opening one can block for ever.

    With ``keep_open`` the file stays open and its descriptor is returned (the caller closes it).
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise LoadError(f"Filen kan ikke åpnes ({os_reason(exc)}).", "Sjekk at filen finnes og kan leses.") from exc
    if stat.S_ISDIR(mode):
        raise LoadError("Dette er en mappe, ikke en fil.", "Oppgi filene i mappen, eller mappen selv til «kvkdocs validate».")
    refusal = refuse_special(mode)
    if refusal is not None:
        raise refusal
    # A regular file: try to open it here, so that a file we may not read gets a clear
    # message before a worker process tries. O_NONBLOCK: should it have been swapped
    # for a FIFO since the stat, the open still returns at once, and fstat tells.
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise LoadError(f"Filen kan ikke åpnes ({os_reason(exc)}).", "Sjekk at filen kan leses (tilgangen til den).") from exc
    try:
        mode = os.fstat(fd).st_mode
        refusal = refuse_special(mode)
        if refusal is not None:
            raise refusal
    except BaseException:
        os.close(fd)
        raise
    if keep_open:
        return fd
    os.close(fd)
    return None


def _load_document(path: Path, reader) -> Document:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LoadError(f"Filen kan ikke åpnes ({os_reason(exc)}).", "Sjekk at filen finnes og kan leses.") from exc
    if size == 0:
        raise LoadError("Filen er tom.", "Send søknaden på nytt.")
    if size > MAX_DOCUMENT_BYTES:
        raise LoadError(f"Filen er på {size / 1024 / 1024:.0f} MB; grensen er {MAX_DOCUMENT_BYTES // 1024 // 1024} MB.",
                        "Fjern store bilder eller vedlegg og send på nytt.")
    reading = reader.read(path)
    return Document(str(path), "søknad", reading.data, _layout_locator(str(path), reading.where),
                    sections=reading.sections, notes=reading.notes, where=reading.where)


def _layout_locator(path: str, where: dict[str, dict]):
    def locate(pointer: str) -> Location:
        probe = pointer
        while probe not in where and probe:
            probe = probe.rsplit("/", 1)[0]
        spot = where.get(probe, {})
        return Location(file=path, pointer=pointer, section=spot.get("section"), table=spot.get("table"),
                        row=spot.get("row"), page=spot.get("page"))

    return locate


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
