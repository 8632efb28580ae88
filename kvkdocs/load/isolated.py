"""Word and PDF files are parsed in a worker process with time and memory limits.

Parsers of hostile files can hang, recurse or allocate without bound; in a
worker, that costs one file, not the batch. One pool of worker processes is
reused for every file (starting a process per file would cost more than
reading the file), and it is replaced only when a worker had to be stopped.

A child forked from a process with several threads can inherit a lock some
other thread held and hang, so workers are forked from the caller only where
nothing can hold one: a command (never the web server) whose one thread is
the one asking (:func:`fork_is_safe`). Everywhere else they come from a fork
server (or are spawned), which imports the readers once, so that a new worker
costs a fork, not an import. Forking the caller saves starting that server
too: a fresh interpreter and its imports before the first file can be read.
A forked pool forks no workers on its own later (no planned replacement),
and once the caller runs a thread of its own, the pool is stopped and the
next file goes to a fork-server pool.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import os
import threading
from importlib import import_module
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
    import signal

    # A worker forked from a command inherits its handlers (LibreOffice's clean-up on SIGTERM):
    # stopping the pool must stop the worker, as it stops one from the fork server.
    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)):
        signal.signal(signum, signal.SIG_DFL)

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
    """``forkserver`` where the platform has it, else ``spawn``: what a pool uses where it may not fork."""
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def fork_is_safe() -> bool:
    """Whether forking the calling process now can hand no child a lock another thread holds:
    where ``fork`` exists, asked from the main thread, with no other thread running."""
    return ("fork" in multiprocessing.get_all_start_methods()
            and threading.current_thread() is threading.main_thread() and threading.active_count() == 1)


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
        raise ValueError("kvkdocs pools fork only where it is safe, and choose it themselves (see the module docstring)")
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(list(preload))  # no effect once the server runs
    return context


class _ReaderPool(multiprocessing.pool.Pool):
    """A process pool whose worker-minding thread sleeps until a worker ends or the pool changes.

    The standard pool also wakes that thread whenever a result is waiting in
    the result pipe, and until the result thread has read it, the minding
    thread goes round its loop without sleeping: reading 210 Word files, that
    cost the parent process as much CPU as the rest of its work (0.06 to
    0.1 s). Results are the result thread's to read; a worker that ends (a
    crash, or its task limit) still wakes the minding thread by its own
    sentinel, and closing the pool or emptying its cache by the pool's
    notifier, as in the standard library's own thread pool, which waits on
    the notifier alone.
    """

    def _get_sentinels(self):
        return [self._change_notifier._reader]


class IsolatedReader:
    """A reusable pool of reader processes; ``read(path)`` returns what the readers return.

    ``prefetch`` hands files to idle workers ahead of time, so that a batch
    keeps every core busy while the checker works through the results.

    ``start_method`` None forks the workers from the caller where that is
    safe (see the module docstring), else uses the fork server; ``server``
    (the web application) never forks. ``forkserver`` or ``spawn`` is used
    as given; ``fork`` cannot be asked for, only chosen where it is safe.
    """

    def __init__(self, processes: int | None = None, *, start_method: str | None = None, server: bool = False,
                 time_limit: float = TIME_LIMIT, memory_limit: int = MEMORY_LIMIT) -> None:
        self.processes = processes or max(1, min(os.cpu_count() or 1, 4))
        if start_method == "fork":
            raise ValueError("kvkdocs pools fork only where it is safe, and choose it themselves (see the module docstring)")
        self.start_method = start_method
        self.server = server
        self.time_limit = time_limit
        self.memory_limit = memory_limit
        self._pool = None
        self._forked: set | None = None  # for a forked pool: the threads that ran when it started (its own too)
        self._pending: dict[str, object] = {}

    def start(self) -> None:
        """Start the worker processes now, with both readers loaded (a server does this once, at start-up,
        so that the first file sent does not wait for them)."""
        self._get_pool()

    def _method(self) -> str:
        """How the next pool starts its workers: forked where it is safe and allowed, else as set."""
        if self.start_method is None and not self.server and fork_is_safe():
            return "fork"
        return self.start_method or worker_start_method()

    def _stop_forking(self) -> None:
        """Give up a forked pool once the caller runs a thread it did not have when the pool started:
        the files not yet read go to a new pool, which will not fork."""
        if self._forked is not None and not self._forked.issuperset(threading.enumerate()):
            self.close(kill=True)

    def prefetch(self, paths) -> None:
        paths = list(paths)
        self._stop_forking()
        pool = self._get_pool(paths)
        for path in paths:
            key = str(path)
            if key not in self._pending:
                self._pending[key] = pool.apply_async(_read, (key,))

    def _get_pool(self, paths=()):
        if self._pool is None:
            method = self._method()
            if method == "fork":
                for module in reader_preload(paths):  # what the fork server would import, once, for every worker
                    import_module(module)
                context = multiprocessing.get_context("fork")
            else:
                context = worker_context(method, reader_preload(paths))
            # A forked pool replaces no worker on plan: a replacement would be forked by the pool's own thread.
            self._pool = _ReaderPool(self.processes, _limit_worker, (self.memory_limit,),
                                     None if method == "fork" else 200, context=context)
            self._forked = set(threading.enumerate()) if method == "fork" else None
        return self._pool

    def read(self, path: Path):
        from .. import errors

        self._stop_forking()
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
            self._forked = None

    def __del__(self) -> None:  # pragma: no cover - best effort at interpreter exit
        try:
            self.close(kill=True)
        except Exception:
            pass
