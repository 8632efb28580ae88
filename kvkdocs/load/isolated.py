"""Word and PDF files are parsed in a worker process with time and memory limits.

Parsers of hostile files can hang, recurse or allocate without bound; in a
worker, that costs one file, not the batch. One pool of worker processes is
reused for every file (starting a process per file would cost more than
reading the file), and it is replaced only when a worker had to be stopped.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

from ..errors import LoadError
from .library_texts import reader_detail

TIME_LIMIT = 30  # seconds per file
MEMORY_LIMIT = 1536 * 1024 * 1024  # bytes of address space per worker


def _limit_worker() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not on every platform
        pass


def _read(path: str):
    """Worker side: parse one file; LoadErrors travel back as values, not as pickled exceptions."""
    try:
        if path.lower().endswith(".pdf"):  # import only the reader needed: PDFium costs a Word worker time
            from .pdf import read_pdf as reader
        else:
            from .word import read_word as reader
        return "ok", reader(Path(path))
    except LoadError as exc:
        return "error", (type(exc).__name__, exc.message, exc.hint)
    except MemoryError:
        return "error", ("LoadError", "Filen krevde mer minne enn grensen.", "Filen kan være skadet eller manipulert.")
    except RecursionError:
        return "error", ("LoadError", "Filen er nestet for dypt til å leses.", "Filen kan være skadet eller manipulert.")
    except Exception as exc:  # a parser bug on a hostile file must cost this file only
        return "error", ("LoadError", f"Filen kunne ikke leses ({type(exc).__name__}: {str(exc)[:120]}).",
                         "Åpne den og lagre på nytt, eller be om en ny kopi.")


def _import_readers(paths) -> None:
    """Import the readers the first files need, here, before the workers are forked.

    A forked worker starts with this process's modules: imported once here,
    lxml, PDFium and the layout rules cost no worker its own import. Only
    the readers these files need: a batch of Word files does not load
    PDFium. The parent needs the layout module anyway, to unpickle what the
    workers send back. PDFium starts no threads, so it is safe to fork
    after loading it.
    """
    if os.name != "posix":
        return  # spawned workers import for themselves
    suffixes = {os.path.splitext(str(p))[1].lower() for p in paths}
    if ".pdf" in suffixes:
        import pypdfium2  # noqa: F401

        from . import pdf  # noqa: F401
    if suffixes - {".pdf"}:
        import lxml.etree  # noqa: F401

        from . import word  # noqa: F401


class IsolatedReader:
    """A reusable pool of reader processes; ``read(path)`` returns what the readers return.

    ``prefetch`` hands files to idle workers ahead of time, so that a batch
    keeps every core busy while the checker works through the results.
    """

    def __init__(self, processes: int | None = None) -> None:
        self.processes = processes or max(1, min(os.cpu_count() or 1, 4))
        self._pool = None
        self._pending: dict[str, object] = {}

    def prefetch(self, paths) -> None:
        paths = list(paths)
        if self._pool is None:
            _import_readers(paths)
        pool = self._get_pool()
        for path in paths:
            key = str(path)
            if key not in self._pending:
                self._pending[key] = pool.apply_async(_read, (key,))

    def _get_pool(self):
        if self._pool is None:
            context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
            self._pool = context.Pool(self.processes, initializer=_limit_worker, maxtasksperchild=200)
        return self._pool

    def read(self, path: Path):
        from .. import errors

        pending = self._pending.pop(str(path), None)
        if pending is None:
            if self._pool is None:
                _import_readers([path])
            pending = self._get_pool().apply_async(_read, (str(path),))
        try:
            status, value = pending.get(timeout=TIME_LIMIT)
        except multiprocessing.TimeoutError:
            self.close(kill=True)
            raise LoadError(f"Filen tok mer enn {TIME_LIMIT} sekunder å lese og ble stoppet.",
                            "Filen kan være skadet eller manipulert; be om en ny kopi.") from None
        if status == "ok":
            return value
        name, message, hint = value
        # The readers quote lxml, pypdf and zipfile; their English becomes Norwegian here, at the boundary.
        raise getattr(errors, name, LoadError)(reader_detail(message), hint)

    def close(self, kill: bool = False) -> None:
        self._pending.clear()
        if self._pool is not None:
            if kill:
                self._pool.terminate()
            else:
                self._pool.close()
            self._pool.join()
            self._pool = None

    def __del__(self) -> None:  # pragma: no cover - best effort at interpreter exit
        try:
            self.close(kill=True)
        except Exception:
            pass
