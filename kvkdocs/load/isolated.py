"""Word and PDF files are parsed in a worker process with time and memory limits.

Parsers of hostile files can hang, recurse or allocate without bound; in a
worker, that costs one file, not the batch. One pool of worker processes is
reused for every file (starting a process per file would cost more than
reading the file), and it is replaced only when a worker had to be stopped.

Workers are started by a fork server (or spawned), never forked from the
caller: a server runs threads, and a child forked from a threaded process can
inherit a lock some other thread held and hang. The fork server imports the
readers once, so a new worker costs a fork, not an import.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

from ..errors import LoadError
from ..messages import Text, from_data, map_plain, to_data
from .library_texts import reader_details

TIME_LIMIT = 30  # seconds per file
MEMORY_LIMIT = 1536 * 1024 * 1024  # bytes of address space per worker


#: Imported once in the fork server, so that each worker starts with the readers loaded:
#: a worker then costs a fork, not an import. PDFium and lxml start no threads, so the
#: server may hold them loaded.
READERS = ("kvkdocs.load.isolated", "kvkdocs.load.word", "kvkdocs.load.pdf", "pypdfium2.raw", "lxml.etree")
#: What a reader pool's fork server imports for the files it is first given: no worker starts
#: before the server has imported its list, and importing PDFium for a batch of Word files
#: made the first file wait. A later PDF has each worker import PDFium itself.
#: ``logging`` is what each worker's initializer (:func:`_limit_worker`) imports.
READER_PRELOAD = {"word": ("logging", "kvkdocs.load.isolated", "kvkdocs.load.word", "lxml.etree"),
                  "pdf": ("logging", "kvkdocs.load.isolated", "kvkdocs.load.pdf", "pypdfium2.raw")}


def reader_preload(paths) -> tuple[str, ...]:
    """The modules a reader pool's fork server imports for ``paths`` (both readers if none are known yet)."""
    kinds = {"pdf" if str(p).lower().endswith(".pdf") else "word" for p in paths} or {"word", "pdf"}
    return tuple(dict.fromkeys(m for kind in sorted(kinds, reverse=True) for m in READER_PRELOAD[kind]))


def _limit_worker(memory_limit: int = MEMORY_LIMIT) -> None:
    import logging

    # pypdf reads leniently and logs what it repairs; the finding says what matters.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
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
        return "error", (type(exc).__name__, *(to_data(part) for part in exc.parts()))
    except MemoryError:
        return "error", ("LoadError", to_data(Text("load.memory")), to_data(Text("hint.damaged")))
    except RecursionError:
        return "error", ("LoadError", to_data(Text("load.nested")), to_data(Text("hint.damaged")))
    except Exception as exc:  # a parser bug on a hostile file must cost this file only
        return "error", ("LoadError", to_data(Text("load.crashed", {"detail": f"{type(exc).__name__}: {str(exc)[:120]}"})),
                         to_data(Text("hint.open-save-copy")))


def worker_start_method() -> str:
    """``forkserver`` where the platform has it, else ``spawn``; never ``fork``."""
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def worker_context(method: str | None = None, preload: tuple[str, ...] = READERS):
    """The multiprocessing context every kvkdocs pool starts its workers from (see the module docstring).

    ``preload`` names the modules the fork server imports once for its
    workers. A process has one fork server, started by the first pool: it
    preloads what that pool needs (the readers, or the letter renderer for a
    batch), so a command that only reads never imports the renderer; a later
    pool of the other kind imports its modules once per worker.
    """
    method = method or worker_start_method()
    if method == "fork":
        raise ValueError("kvkdocs workers are never forked from the caller (see the module docstring)")
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(list(preload))  # no effect once the server runs
    return context


class IsolatedReader:
    """A reusable pool of reader processes; ``read(path)`` returns what the readers return.

    ``prefetch`` hands files to idle workers ahead of time, so that a batch
    keeps every core busy while the checker works through the results.
    """

    def __init__(self, processes: int | None = None, *, start_method: str | None = None,
                 time_limit: float = TIME_LIMIT, memory_limit: int = MEMORY_LIMIT) -> None:
        self.processes = processes or max(1, min(os.cpu_count() or 1, 4))
        self.start_method = start_method or worker_start_method()
        if self.start_method == "fork":
            raise ValueError("kvkdocs workers are never forked from the caller (see the module docstring)")
        self.time_limit = time_limit
        self.memory_limit = memory_limit
        self._pool = None
        self._pending: dict[str, object] = {}

    def start(self) -> None:
        """Start the worker processes now, with both readers loaded (a server does this once, at start-up,
        so that the first file sent does not wait for them)."""
        self._get_pool()

    def prefetch(self, paths) -> None:
        paths = list(paths)
        pool = self._get_pool(paths)
        for path in paths:
            key = str(path)
            if key not in self._pending:
                self._pending[key] = pool.apply_async(_read, (key,))

    def _get_pool(self, paths=()):
        if self._pool is None:
            self._pool = worker_context(self.start_method, reader_preload(paths)).Pool(self.processes, initializer=_limit_worker, initargs=(self.memory_limit,),
                                      maxtasksperchild=200)
        return self._pool

    def read(self, path: Path):
        from .. import errors

        pending = self._pending.pop(str(path), None) or self._get_pool([path]).apply_async(_read, (str(path),))
        try:
            status, value = pending.get(timeout=self.time_limit)
        except multiprocessing.TimeoutError:
            self.close(kill=True)
            raise LoadError(Text("load.timeout", {"seconds": f"{self.time_limit:g}"}), Text("hint.damaged-copy")) from None
        if status == "ok":
            return value
        name, message, hint = value  # plain data: a message key and its values, each (see kvkdocs.messages.to_data)
        # The readers quote lxml, pypdf and zipfile; their English becomes Norwegian here, at the boundary.
        raise getattr(errors, name, LoadError)(map_plain(from_data(message), reader_details), from_data(hint) or "")

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
