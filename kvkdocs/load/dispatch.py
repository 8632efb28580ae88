"""From paths on disk to loaded documents, one format at a time."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import LoadError, StructureError, UnsupportedFormat, os_reason_text
from ..findings import Location
from ..messages import Forms, Text
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
OTHER_WORD = {".doc": ("det gamle Word-formatet (.doc)", "det gamle Word-formatet (.doc)"),
              ".docm": ("Word med makroer (.docm)", "Word med makroar (.docm)"),
              ".dotx": ("en Word-mal (.dotx)", "ein Word-mal (.dotx)"),
              ".dotm": ("en Word-mal med makroer (.dotm)", "ein Word-mal med makroar (.dotm)"),
              ".odt": ("OpenDocument (.odt)", "OpenDocument (.odt)"), ".rtf": ("RTF", "RTF")}


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
            raise _cannot_open(exc, "hint.check-exists") from exc
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
        raise UnsupportedFormat(Text("load.other-format", {"what": Forms(*OTHER_WORD[suffix])}), Text("hint.save-as-docx"))
    raise UnsupportedFormat(Text("load.unsupported-type", {"suffix": suffix or Text("load.no-suffix")}),
                            Text("hint.known-types"))


def _cannot_open(exc: OSError, hint: str) -> LoadError:
    return LoadError(Text("load.cannot-open", {"reason": os_reason_text(exc)}), Text(hint))


def _refuse_non_files(path: Path, keep_open: bool = False) -> int | None:
    """FIFOs, sockets and devices are refused from ``stat`` alone: opening one can block for ever.

    With ``keep_open`` the file stays open and its descriptor is returned (the caller closes it).
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise _cannot_open(exc, "hint.check-exists") from exc
    if stat.S_ISDIR(mode):
        raise LoadError(Text("load.folder"), Text("hint.folder"))
    refusal = refuse_special(mode)
    if refusal is not None:
        raise refusal
    # A regular file: try to open it here, so that a file we may not read gets a clear
    # message before a worker process tries. O_NONBLOCK: should it have been swapped
    # for a FIFO since the stat, the open still returns at once, and fstat tells.
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise _cannot_open(exc, "hint.check-access") from exc
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
        raise _cannot_open(exc, "hint.check-exists") from exc
    if size == 0:
        raise LoadError(Text("load.empty"), Text("hint.send-again"))
    if size > MAX_DOCUMENT_BYTES:
        raise LoadError(Text("load.document-too-big", {"size": f"{size / 1024 / 1024:.0f}",
                                                       "limit": MAX_DOCUMENT_BYTES // 1024 // 1024}),
                        Text("hint.remove-big"))
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
        found = {list: ("en liste", "ei liste"), str: ("en tekst", "ein tekst"),
                 type(None): ("ingenting", "ingenting")}.get(type(data), ("en enkeltverdi", "ein enkeltverdi"))
        raise StructureError(Text("load.not-a-mapping", {"found": Forms(*found)}), Text("hint.application-start"))
    kind = data.get("dokument")
    if not isinstance(kind, str) or kind.strip().lower() not in KINDS:
        raise StructureError(Text("load.unknown-kind", {"kind": kind}) if kind is not None else Text("load.no-kind"),
                             Text("hint.kind"))
    return KINDS[kind.strip().lower()]
