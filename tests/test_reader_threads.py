"""One reader pool shared by several threads (the web application's intake, meeting and municipality pages).

A worker is held deterministically by a named pipe with a Word file's name:
the worker blocks opening it until the test opens the other end, so the test
decides how long that file takes, whatever the machine's speed.
"""

from __future__ import annotations

import os
import threading
import time

import pytest

from kvkdocs.errors import LoadError
from kvkdocs.load import isolated

from .conftest import SAMPLES

DOCX = SAMPLES / "dokumenter/1902-tromso.docx"


def _release(fifo) -> None:
    """Let the worker blocked on ``fifo`` go on (it then finds no Word file there)."""
    fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    os.close(fd)


def _released_when_opened(fifo, after: float) -> None:
    """Let the worker go on ``after`` seconds from when it opens ``fifo`` (the file's own reading time)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)  # fails until a worker has it open for reading
        except OSError:
            time.sleep(0.01)
            continue
        time.sleep(after)
        os.close(fd)
        return
    raise AssertionError(f"no worker opened {fifo}")


def _in_thread(function):
    """Run ``function`` in a thread; returns (thread, outcome dict with 'value' or 'error')."""
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = function()
        except BaseException as exc:  # noqa: BLE001 - the test looks at it
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


@pytest.fixture
def held(tmp_path):
    fifo = tmp_path / "held.docx"
    os.mkfifo(fifo)
    return fifo


def test_a_file_queued_behind_other_files_is_not_timed_out_while_it_waits_its_turn(tmp_path):
    """The time limit counts from when a worker can have taken the file, not from when it was handed in:
    behind two files that each take less than the limit, a file waits longer than the limit and is read."""
    first, second = tmp_path / "først.docx", tmp_path / "andre.docx"
    os.mkfifo(first)
    os.mkfifo(second)
    reader = isolated.IsolatedReader(processes=1, start_method="forkserver", time_limit=1.0)
    try:
        reader.start()
        pool = reader._pool
        reader.prefetch([first, second])  # another caller's files, ahead of this one on the only worker
        began = time.monotonic()
        thread, outcome = _in_thread(lambda: reader.read(DOCX))
        time.sleep(0.7)
        _release(first)  # each held file takes 0.7 s, under the limit
        _released_when_opened(second, 0.7)
        thread.join(30)
        data, _, _ = outcome["value"]
        assert data["søker"]["kommunenummer"] == "1902"
        assert time.monotonic() - began > 1.0  # it waited longer than the limit, behind the others
        assert reader._pool is pool  # and no file was timed out: each was read within the limit
    finally:
        reader.close()


def test_a_hanging_file_costs_its_own_caller_only_and_another_threads_file_is_read_in_the_new_pool(held):
    reader = isolated.IsolatedReader(processes=1, start_method="forkserver", time_limit=0.5)
    try:
        reader.prefetch([held])
        queued = threading.Event()
        original = reader._submit

        def submit(key):
            pending = original(key)
            if key == str(DOCX):
                queued.set()
            return pending

        reader._submit = submit
        thread, outcome = _in_thread(lambda: reader.read(DOCX))
        assert queued.wait(10)  # the other thread's file is in the pool, behind the held one
        with pytest.raises(LoadError, match="sekunder"):
            reader.read(held)  # the held file is this caller's: it times out and its pool is replaced
        thread.join(30)
        data, _, _ = outcome["value"]  # read again in the new pool, not lost with the old one
        assert data["søker"]["kommunenummer"] == "1902"
    finally:
        reader.close()


def test_files_handed_in_from_several_threads_at_once_each_get_their_own_answer(tmp_path):
    """Four threads, each with its own three applications (four different ones, in its own order): each
    thread gets its own answers, in its order, never another thread's."""
    import shutil

    samples = ["1432-forde-felles", "1445-gloppen", "1545-midsund", "1902-tromso"]
    reader = isolated.IsolatedReader(processes=2, start_method="forkserver")
    mine, expected = [], []
    for t in range(4):
        names = [samples[(t + k) % 4] for k in ((0, 1, 2), (3, 1, 0), (2, 0, 3), (1, 3, 2))[t]]
        paths = []
        for k, name in enumerate(names):
            folder = tmp_path / f"{t}-{k}"
            folder.mkdir()
            paths.append(shutil.copy(SAMPLES / f"dokumenter/{name}.docx", folder / "soknad.docx"))
        mine.append(paths)
        expected.append([name[:4] for name in names])
    try:
        start = threading.Barrier(4)

        def work(paths):
            start.wait()
            reader.prefetch(paths)
            return [reader.read(path)[0]["søker"]["kommunenummer"] for path in paths]

        runs = [_in_thread(lambda paths=paths: work(paths)) for paths in mine]
        for thread, _ in runs:
            thread.join(60)
        assert [outcome.get("value") for _, outcome in runs] == expected
        assert reader._pool is not None and not reader._pending  # one pool, nothing left behind
    finally:
        reader.close()


def test_a_file_read_ahead_for_a_caller_that_has_gone_is_timed_out_by_the_next_one_waiting(held):
    """A batch that stopped early leaves a file read ahead that hangs: the next caller waiting behind it times it
    out after the limit (its own file is read in a new pool), instead of waiting for it for ever."""
    reader = isolated.IsolatedReader(processes=1, start_method="forkserver", time_limit=0.5)
    try:
        reader.prefetch([held])  # its caller goes away and never reads it
        thread, outcome = _in_thread(lambda: reader.read(DOCX))
        thread.join(20)
        assert not thread.is_alive()
        data, _, _ = outcome["value"]
        assert data["søker"]["kommunenummer"] == "1902"
        with pytest.raises(LoadError, match="0.5 sekunder"):
            reader.read(held)  # had anyone asked for it, the time limit's error
    finally:
        reader.close()


def test_a_batch_stopped_early_drops_the_files_it_read_ahead(tmp_path):
    """Closing a check of a folder after its first file leaves nothing read ahead behind in a shared reader."""
    import shutil

    from kvkdocs.check import Checker

    for name in ("1445-gloppen", "1545-midsund", "1902-tromso"):
        shutil.copy(SAMPLES / f"dokumenter/{name}.docx", tmp_path / f"{name}.docx")
    reader = isolated.IsolatedReader(processes=2, start_method="forkserver")
    try:
        results = Checker(reader=reader).iter_check([tmp_path])
        first = next(results)
        assert first.kommunenummer == "1445" and reader._pending  # the others are read ahead
        results.close()
        assert reader._pending == {}
    finally:
        reader.close()


def test_after_a_hanging_file_replaced_the_pool_the_files_read_ahead_are_read_ahead_in_the_new_one(held, tmp_path):
    import shutil

    others = [shutil.copy(SAMPLES / f"dokumenter/{name}.docx", tmp_path / f"{name}.docx")
              for name in ("1445-gloppen", "1545-midsund")]
    reader = isolated.IsolatedReader(processes=1, start_method="forkserver", time_limit=0.5)
    try:
        reader.prefetch([held])
        reader.prefetch(others)  # another thread's batch, queued behind the hanging file
        with pytest.raises(LoadError, match="sekunder"):
            reader.read(held)
        assert set(reader._pending) == {str(p) for p in others}  # handed to the new pool, not lost
        assert [reader.read(p)[0]["søker"]["kommunenummer"] for p in others] == ["1445", "1545"]
    finally:
        reader.close()


def test_a_read_after_close_is_refused_and_starts_no_pool(held):
    reader = isolated.IsolatedReader(processes=1, start_method="forkserver", time_limit=30)
    reader.prefetch([held])
    thread, outcome = _in_thread(lambda: reader.read(held))  # waiting when the reader is closed
    time.sleep(0.3)
    reader.close()
    thread.join(20)
    assert isinstance(outcome.get("error"), LoadError) and "stoppet" in str(outcome["error"])
    with pytest.raises(LoadError, match="allerede stoppet"):
        reader.read(DOCX)
    with pytest.raises(LoadError, match="allerede stoppet"):
        reader.prefetch([DOCX])
    assert reader._pool is None
