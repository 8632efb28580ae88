"""One reader pool shared by several threads (the web application's intake, meeting and municipality pages).

A worker is held deterministically by a named pipe with a Word file's name:
the worker blocks opening it until the test opens the other end, so the test
decides how long that file takes, whatever the machine's speed.
"""

from __future__ import annotations

import os
import threading

import pytest

from kvkdocs.errors import LoadError
from kvkdocs.load import isolated

from .conftest import SAMPLES

DOCX = SAMPLES / "dokumenter/1902-tromso.docx"


def _release(fifo) -> None:
    """Let the worker blocked on ``fifo`` go on (it then finds no Word file there)."""
    fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    os.close(fd)


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


def test_a_file_queued_behind_another_threads_file_is_not_timed_out_while_it_waits(held):
    """The time limit counts from when a worker can have taken the file, not from when it was handed in."""
    reader = isolated.IsolatedReader(processes=1, start_method="forkserver", time_limit=0.5)
    try:
        reader.prefetch([held])  # another caller's file holds the only worker
        thread, outcome = _in_thread(lambda: reader.read(DOCX))
        thread.join(2.0)  # four times the limit, all of it spent waiting behind the held file
        assert thread.is_alive() and not outcome, outcome
        _release(held)
        thread.join(30)
        data, _, _ = outcome["value"]
        assert data["søker"]["kommunenummer"] == "1902"
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
    import shutil

    reader = isolated.IsolatedReader(processes=2, start_method="forkserver")
    copies = []
    for i in range(12):
        folder = tmp_path / str(i)
        folder.mkdir()
        copies.append(shutil.copy(DOCX, folder / "soknad.docx"))
    try:
        start = threading.Barrier(4)

        def work(mine):
            start.wait()
            reader.prefetch(mine)
            return [reader.read(path)[0]["søker"]["kommunenummer"] for path in mine]

        runs = [_in_thread(lambda mine=copies[i::4]: work(mine)) for i in range(4)]
        for thread, _ in runs:
            thread.join(60)
        assert [outcome.get("value") for _, outcome in runs] == [["1902"] * 3] * 4
        assert reader._pool is not None and not reader._pending  # one pool, nothing left behind
    finally:
        reader.close()
