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
A pool's own thread replaces a worker that ends; in a forked pool it never
does, since that thread would fork a process that runs several threads. A
forked pool plans no replacements, and when one of its workers dies (a crash,
a kill from outside), the file it was reading gets its error and the pool is
given up: the files not yet read go to a new pool, forked again only if that
is still safe. Once the caller runs a thread of its own, a forked pool is
given up the same way and the next file goes to a fork-server pool.

Several threads may share one reader (the web application's intake, its
meeting pages and its municipalities' pages): handing out work and replacing
the pool happen under the reader's own lock, held for moments, and each
thread waits for its own files outside it, so no caller waits for another's
batch. A file's time limit counts from when a worker can have taken it up (no
more files ahead of it than there are workers), not from when it was handed
in: a file queued behind another caller's batch is not taken for a hanging
one. Every caller waiting keeps the clock of the files ahead of its own, so
a file read ahead for a caller that has gone (a batch stopped early) cannot
hang everyone behind it; a caller that stops early drops what it read ahead
(:meth:`IsolatedReader.forget`). When a file does hang, its pool is
replaced, and every other caller's file that pool still held, read ahead or
waited for, is read again in the new one. A closed reader starts no pool.

Ctrl+C is the caller's to handle: workers ignore SIGINT (a terminal sends it
to them too), and a pool with files still outstanding is stopped, not waited
for, when the reader closes. A worker ends with its parent (on Linux), so that
one ignoring Ctrl+C never outlives a command killed before it could stop it.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import multiprocessing.pool
import os
import signal
import threading
import time
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


#: In a forked worker: the pool's table of what each worker is reading (pid, task number per row;
#: see :class:`_ReaderPool`) and this worker's row in it.
_TABLE = None
_ROW: int | None = None


def _limit_worker(memory_limit: int = MEMORY_LIMIT, table=None, rows=None, die_with_parent: bool = True) -> None:
    """Set up a worker: its limits and signals, and in a forked pool, its row in the pool's table."""
    import logging

    # Ctrl+C reaches the workers too (the terminal signals the whole process group); the parent
    # handles it and stops them. A worker dying of it would print a traceback and leave its task lost.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # a forked worker is born with it blocked
    # Ignoring Ctrl+C, a worker must not outlive its parent (the command, or the fork server, which ends
    # with the command): if the parent dies before it could stop the pool, the worker gets SIGTERM.
    # Not a spawned worker: its parent is whichever thread started the pool, and a thread may end.
    if die_with_parent:
        _die_with_parent()

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
    if table is not None:
        global _ROW, _TABLE
        _TABLE = table
        with rows.get_lock():
            _ROW = rows.value
            rows.value += 1
        table[2 * _ROW] = os.getpid()


def _die_with_parent() -> None:
    """Have the kernel send this process SIGTERM when its parent ends (Linux; elsewhere nothing)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        parent = os.getppid()
        libc.prctl(1, int(signal.SIGTERM), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return
    if os.getppid() != parent:  # the parent ended before the request took effect
        os.kill(os.getpid(), signal.SIGTERM)


def _read(path: str, number: int = -1):
    """Worker side: parse one file; LoadErrors travel back as values, not as pickled exceptions.

    In a forked pool, ``number`` (the task's) stands in the worker's row while
    it reads, so that if the worker dies, the pool knows which file killed it.
    """
    table = _TABLE
    if _ROW is not None and table is not None:
        table[2 * _ROW + 1] = number
    try:
        return _parse(path)
    finally:
        if _ROW is not None and table is not None:
            table[2 * _ROW + 1] = -1


def _parse(path: str):
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
        # No effect once the server runs; the first module makes its workers ignore Ctrl+C from birth.
        context.set_forkserver_preload(["kvkdocs.load.forkserver_signals", *preload])
    return context


class _Vacancy:
    """What a forked pool's minding thread gets instead of a new worker: nothing is forked, and it never
    ends, so the thread does not try again; it takes no tasks (the pool is given up, see :class:`_ReaderPool`)."""

    name = "Vacancy"
    daemon = True
    exitcode = None
    pid = None

    def start(self) -> None:
        pass

    def terminate(self) -> None:
        pass

    def is_alive(self) -> bool:
        return False

    def join(self, timeout=None) -> None:
        pass


#: The value a task of a given-up pool gets when its worker did not read it: read it anew elsewhere.
RETRY = ("retry", None)
#: Seconds between looks at whether a queued file can have been taken up by a worker yet
#: (see :meth:`IsolatedReader._wait`).
QUEUE_POLL = 0.25


class _ReaderPool(multiprocessing.pool.Pool):
    """A process pool whose worker-minding thread sleeps until a worker ends or the pool changes,
    and which, when forked, never forks from that thread.

    The standard pool also wakes that thread whenever a result is waiting in
    the result pipe, and until the result thread has read it, the minding
    thread goes round its loop without sleeping: reading 210 Word files, that
    cost the parent process as much CPU as the rest of its work (0.06 to
    0.1 s). Results are the result thread's to read; a worker that ends (a
    crash, or its task limit) still wakes the minding thread by its own
    sentinel, and closing the pool or emptying its cache by the pool's
    notifier, as in the standard library's own thread pool, which waits on
    the notifier alone.

    The minding thread replaces a worker that ends by starting a process
    (:meth:`Process`). In a forked pool (``forked``), that would fork from a
    thread of a process with several threads, so it starts none
    (:class:`_Vacancy`): instead every task still waiting is given its
    answer at once, so that no caller waits for a worker that is gone. The
    file a dead worker was reading gets the error ``load.worker-died``: each
    worker writes the number of the task it reads in its row of ``table``;
    every other task gets :data:`RETRY`, and the reader sends it to a new
    pool (:attr:`broken` says this one is given up).
    """

    def __init__(self, *args, forked: bool = False, **kwargs) -> None:
        self.forked = forked
        self.broken = False
        self._clocks: dict[int, float] = {}  # task number: when a waiting caller first saw it takeable
        self._clock_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def _get_sentinels(self):
        return [self._change_notifier._reader]

    def Process(self, ctx, *args, **kwds):  # noqa: N802 - the name the standard pool calls
        if self.forked and threading.current_thread() is not threading.main_thread():
            self._give_up()
            return _Vacancy()
        return ctx.Process(*args, **kwds)

    def read_async(self, path: str, number: int):
        result = self.apply_async(_read, (path, number))
        result.number = number
        return result

    def overdue(self, result, workers: int, limit: float) -> tuple[object | None, float]:
        """The oldest file up to ``result``'s that a worker can have been reading for ``limit`` seconds
        (or None), and the seconds until the next one could be.

        The ``workers`` oldest unanswered files can be in a worker's hands; a
        file's clock starts when a waiting caller first sees it there. Any
        caller waiting behind a file keeps its clock, not only the one that
        asked for it: a file read ahead for a caller that has gone (its batch
        stopped) would otherwise hold a worker, and everyone behind it, for ever.
        """
        number, now = result.number, time.monotonic()
        unanswered = sorted((other for other in list(self._cache.values()) if hasattr(other, "number")),
                            key=lambda other: other.number)
        takeable = [other for other in unanswered[:workers] if other.number <= number]
        with self._clock_lock:
            numbers = {other.number for other in unanswered}
            for gone in [n for n in self._clocks if n not in numbers]:
                del self._clocks[gone]
            started = [(self._clocks.setdefault(other.number, now), other) for other in takeable]
        for since, other in started:  # oldest first
            if now - since >= limit:
                return other, 0.0
        wait = min((since + limit - now for since, _ in started), default=limit)
        # Until this file is takeable itself, the files ahead change as they are answered: look again soon.
        return None, wait if any(other is result for other in takeable) else min(wait, QUEUE_POLL)

    @staticmethod
    def time_out(result, seconds: float) -> None:
        """Once stopped: answer ``result`` (a file a worker was reading for too long) with the time limit's error,
        for whichever caller waits for it; unless its worker answered it first."""
        try:
            result._set(0, (True, ("error", ("LoadError", to_data(Text("load.timeout", {"seconds": f"{seconds:g}"})),
                                                to_data(Text("hint.damaged-copy"))))))
        except KeyError:  # answered meanwhile
            pass

    def retry_outstanding(self) -> None:
        """Once stopped (:meth:`terminate` and :meth:`join`): answer every task still waiting with
        :data:`RETRY`, so that the callers waiting for them (other threads) read their files anew
        elsewhere instead of waiting for a dead pool."""
        for result in list(self._cache.values()):
            try:
                result._set(0, (True, RETRY))
            except KeyError:  # answered meanwhile
                pass

    def _give_up(self) -> None:
        """Answer every task still waiting, in the minding thread, once a forked worker has died."""
        self.broken = True
        table = self._initargs[1] if len(self._initargs) > 1 else None
        alive = {worker.pid for worker in self._pool}
        lost = set()
        if table is not None:
            for row in range(len(table) // 2):
                pid, number = table[2 * row], table[2 * row + 1]
                if pid and pid not in alive and number >= 0:
                    lost.add(number)
        died = ("error", ("LoadError", to_data(Text("load.worker-died")), to_data(Text("hint.damaged-copy"))))
        for result in list(self._cache.values()):
            try:
                result._set(0, (True, died if getattr(result, "number", None) in lost else RETRY))
            except KeyError:  # answered by its worker meanwhile
                pass


@contextlib.contextmanager
def _ctrl_c_deferred():
    """Hold back SIGINT (Ctrl+C) for the block, and handle it after the block if one came.

    Blocking it in this thread is not enough: another thread may take it,
    and Python then interrupts this one all the same.
    """
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    came = []
    previous = signal.getsignal(signal.SIGINT)
    defer = threading.current_thread() is threading.main_thread() and callable(previous)
    if defer:
        signal.signal(signal.SIGINT, lambda *_: came.append(1))
    try:
        yield
    finally:
        if defer:
            signal.signal(signal.SIGINT, previous)
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    if came:
        previous(signal.SIGINT, None)


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
        self._numbers = itertools.count()
        self._closed = False  # closed by its owner: no new pool is started, a read is refused
        # Held while work is handed out or the pool replaced, never while a file is waited for.
        self._lock = threading.RLock()

    def start(self) -> None:
        """Start the worker processes now, with both readers loaded (a server does this once, at start-up,
        so that the first file sent does not wait for them)."""
        with self._lock:
            self._get_pool()

    def _method(self) -> str:
        """How the next pool starts its workers: forked where it is safe and allowed, else as set."""
        if self.start_method is None and not self.server and fork_is_safe():
            return "fork"
        return self.start_method or worker_start_method()

    def _stop_forking(self) -> None:
        """Give up a forked pool once the caller runs a thread it did not have when the pool started,
        or once one of its workers died: the files not yet read go to a new pool, which forks only if
        that is still safe."""
        if self._forked is not None and (self._pool.broken or not self._forked.issuperset(threading.enumerate())):
            self._renew()

    def _renew(self, timed_out=None) -> None:
        """Replace the pool (under the lock): the files read ahead and not answered yet, for any caller, are
        handed to the new one, so that no other thread loses its read-ahead; ``timed_out``, a file a worker
        was reading for too long, gets the time limit's error instead."""
        waiting = [key for key, pending in self._pending.items() if not pending.ready() and pending is not timed_out]
        answered = {key: pending for key, pending in self._pending.items()
                    if pending.ready() or pending is timed_out}
        self._stop_pool(kill=True, timed_out=timed_out)
        self._pending = answered
        if waiting:
            self.prefetch(waiting)

    def _submit(self, key: str):
        return self._get_pool([key]).read_async(key, next(self._numbers))

    def prefetch(self, paths) -> None:
        """Hand ``paths`` to the workers now; :meth:`read` then takes each one's answer. A caller that will not
        read them all (its batch stopped early) says so with :meth:`forget`."""
        paths = list(paths)
        with self._lock:
            self._stop_forking()
            self._get_pool(paths)
            for path in paths:
                key = str(path)
                if key not in self._pending:
                    self._pending[key] = self._submit(key)

    def forget(self, paths) -> None:
        """Drop the files read ahead for ``paths`` that the caller will not read (a batch stopped early, a
        generator closed): their answers are not kept, and a new pool does not read them again. A worker may
        still be reading one; if it hangs, a caller waiting behind it times it out (see :meth:`_wait`)."""
        with self._lock:
            for path in paths:
                self._pending.pop(str(path), None)

    def _get_pool(self, paths=()):
        if self._closed:
            # A read after close() would start a pool no one closes: a mistake in the caller, said plainly.
            raise LoadError(Text("load.reader-closed"), Text("hint.start-again"))
        if self._pool is None:
            method = self._method()
            if method == "fork":
                for module in reader_preload(paths):  # what the fork server would import, once, for every worker
                    import_module(module)
                context = multiprocessing.get_context("fork")
                # Each worker's row: its pid and the task it reads (see _ReaderPool).
                initargs = (self.memory_limit, context.RawArray("q", 2 * self.processes), context.Value("i", 0))
            else:
                context = worker_context(method, reader_preload(paths))
                initargs = (self.memory_limit, None, None, method != "spawn")
            # A Ctrl+C while the pool starts waits until it has started, so that the pool is ours to stop:
            # interrupted half-way, its workers would outlive us. Forked workers are born with it blocked
            # (until _limit_worker ignores it), and so are the pool's threads.
            with _ctrl_c_deferred():
                # A forked pool replaces no worker on plan (and none at all, see _ReaderPool).
                self._pool = _ReaderPool(self.processes, _limit_worker, initargs,
                                         None if method == "fork" else 200, context=context, forked=method == "fork")
            self._forked = set(threading.enumerate()) if method == "fork" else None
        return self._pool

    def read(self, path: Path):
        from .. import errors

        key = str(path)
        while True:
            with self._lock:
                self._stop_forking()
                pending = self._pending.pop(key, None) or self._submit(key)
                pool = self._pool
            try:
                status, value = self._wait(pending, pool)
            except multiprocessing.TimeoutError:
                self._replace(pool)
                raise LoadError(Text("load.timeout", {"seconds": f"{self.time_limit:g}"}),
                                Text("hint.damaged-copy")) from None
            except BaseException:  # Ctrl+C: the files outstanding are not waited for
                self._replace(pool, refill=False)
                raise
            if status != "retry":  # its pool was given up before a worker read it: read it anew
                break
        if status == "ok":
            return value
        name, message, hint = value  # plain data: a message key and its values, each (see kvkdocs.messages.to_data)
        # The readers quote lxml, pypdf and zipfile; their English becomes Norwegian here, at the boundary.
        raise getattr(errors, name, LoadError)(map_plain(from_data(message), reader_details), from_data(hint) or "")

    def _wait(self, pending, pool):
        """``pending``'s answer, or TimeoutError once a worker can have been reading it for the time limit.

        Files are taken up in the order they were handed in, so a file with
        fewer unanswered files ahead of it than there are workers can be in
        a worker's hands; until then it waits its turn (behind another
        thread's batch, say), and that waiting is not counted against it.
        A file ahead of it that a worker has been reading for the time limit
        is timed out by this caller too, whoever asked for it: its own caller
        may have gone (a batch stopped early), and it would hold everyone
        behind it for ever. Its pool is then replaced, and this file is read
        again in the new one (its answer is :data:`RETRY`).
        """
        while not pending.ready():
            late, wait = pool.overdue(pending, self.processes, self.time_limit)
            if late is pending:
                raise multiprocessing.TimeoutError
            if late is not None:
                self._replace(pool, timed_out=late)
                continue
            try:
                return pending.get(timeout=max(wait, 0.001))
            except multiprocessing.TimeoutError:
                continue
        return pending.get()

    def _replace(self, pool, timed_out=None, refill: bool = True) -> None:
        """Stop ``pool`` (a worker hangs, or Ctrl+C) unless another thread has replaced it already.

        ``refill``: the other callers' files read ahead go to a new pool (not
        on Ctrl+C, when nothing more is to be read).
        """
        with self._lock:
            if pool is self._pool:
                if refill:
                    self._renew(timed_out)
                else:
                    self._pending.clear()
                    self._stop_pool(kill=True)

    def close(self, kill: bool = False) -> None:
        """Stop the workers for good: let them finish first (for a clean exit) only if no task is outstanding;
        files still queued after an error or Ctrl+C are not read (a worker lost would leave ``join`` waiting).
        Another thread still waiting for a file of this pool gets :data:`RETRY`, and its read then fails with
        ``load.reader-closed``, as does any read after this: no pool is started that no one would close."""
        with self._lock:
            self._closed = True
            self._pending.clear()
            self._stop_pool(kill)

    def _stop_pool(self, kill: bool, timed_out=None) -> None:
        """Stop the pool, if one runs (under the lock); a later read starts a new one.

        ``timed_out``: a file of it a worker was reading for too long, which
        gets the time limit's error; every other unanswered one :data:`RETRY`.
        """
        if self._pool is not None:
            pool = self._pool
            if kill or pool.broken or pool._cache:
                pool.terminate()
            else:
                pool.close()
            pool.join()
            if timed_out is not None:
                pool.time_out(timed_out, self.time_limit)
            pool.retry_outstanding()
            self._pool = None
            self._forked = None

    def __del__(self) -> None:  # pragma: no cover - best effort at interpreter exit
        try:
            self.close(kill=True)
        except Exception:
            pass
