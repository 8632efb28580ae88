"""`kill -9` of the real server while it takes in an upload and while it makes letters, then a restart.

The server is ``kvkdocs serve`` in a subprocess on 127.0.0.1 (a free port, SQLite
in tmp_path). It is killed at a known point, never after a sleep: a hook set by
the environment (as in :mod:`tests.pausing`) lets the chosen verb run, touches a
file, and waits to be killed. An upload is acknowledged before its files are
checked, so the kill hits the background check: after the restart every
acknowledged upload must be in the database and the file store with its SHA-256,
the files still waiting must be checked without being sent again, no temporary
or half file may be left, and the letters job must run again and give the same ZIP.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from kvkdocs.db.engine import make_engine, make_sessionmaker
from kvkdocs.db.filestore import TEMPORARY
from kvkdocs.db.models import ApplicationVersion, LetterBatch, UploadFile

from ..conftest import ROOT
from .conftest import create_round, csrf_of, finish, login, wait_for_verdicts

httpx = pytest.importorskip("httpx")

SAMPLES = ROOT / "samples"
MEETING = SAMPLES / "meetings" / "2008-11-04-pulje-4.yaml"

#: ``kvkdocs serve`` with one change: the ``PAUSE_AT``-th call of ``kvkdocs.verbs.PAUSE_IN`` runs, then
#: touches ``PAUSED`` and waits (for the kill) instead of returning.
PAUSING_SERVER = """
import os, sys, time
from pathlib import Path

import kvkdocs.verbs as verbs
from kvkdocs.cli import main

if os.environ.get("PAUSE_IN"):
    original = getattr(verbs, os.environ["PAUSE_IN"])
    calls = [0]

    def paused(*args, **kwargs):
        result = original(*args, **kwargs)
        calls[0] += 1
        if calls[0] == int(os.environ["PAUSE_AT"]):
            Path(os.environ["PAUSED"]).touch()
            end = time.time() + 600
            while time.time() < end:
                time.sleep(0.05)
        return result

    setattr(verbs, os.environ["PAUSE_IN"], paused)
sys.argv = ["kvkdocs", *sys.argv[1:]]
main()
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A running ``kvkdocs serve``; ``pause_in``/``pause_at`` choose where it stops to be killed."""

    def __init__(self, folder: Path, pause_in: str = "", pause_at: int = 0) -> None:
        self.folder = folder
        self.paused = folder / "paused"
        self.paused.unlink(missing_ok=True)
        self.port = _free_port()
        env = dict(os.environ, PYTHONPATH=str(ROOT), KVKDOCS_DATABASE_URL=f"sqlite:///{folder}/web.sqlite3",
                   KVKDOCS_FILES_DIR=str(folder / "filer"), KVKDOCS_READER_PROCESSES="1",
                   PAUSE_IN=pause_in, PAUSE_AT=str(pause_at), PAUSED=str(self.paused))
        self.log = (folder / f"server-{self.port}.log").open("wb")
        self.proc = subprocess.Popen([sys.executable, "-c", PAUSING_SERVER, "serve", "--host", "127.0.0.1",
                                      "--port", str(self.port)], env=env, cwd=ROOT, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.base = f"http://127.0.0.1:{self.port}"
        end = time.time() + 60
        while time.time() < end:
            assert self.proc.poll() is None, f"the server stopped: {self.output()}"
            try:
                if httpx.get(f"{self.base}/logg-inn", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.05)
        raise AssertionError(f"the server never answered: {self.output()}")

    def output(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")[-2000:]

    def client(self) -> httpx.Client:
        client = httpx.Client(base_url=self.base, follow_redirects=False, timeout=120)
        assert login(client).status_code == 303
        return client

    def send_and_kill(self, client: httpx.Client, url: str, **request) -> None:
        """Send a request that the hook pauses, and kill -9 the server while it is paused."""
        def send():
            try:
                client.post(url, **request)
            except httpx.TransportError:
                pass  # the server died: the request was never acknowledged

        sender = threading.Thread(target=send)
        sender.start()
        end = time.time() + 120
        while not self.paused.exists() and self.proc.poll() is None and time.time() < end:
            time.sleep(0.02)
        assert self.paused.exists(), f"the server never reached the point where it pauses: {self.output()}"
        self.kill()
        sender.join(30)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)  # the server itself, as an operator's kill -9 would
        self.proc.wait(30)
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # its reader processes too, so that none outlives the test
        except ProcessLookupError:
            pass
        self.log.close()


@pytest.fixture
def servers(tmp_path, template_database):
    shutil.copyfile(template_database, tmp_path / "web.sqlite3")
    started: list[Server] = []

    def start(**pause) -> Server:
        server = Server(tmp_path, **pause)
        started.append(server)
        return server

    yield start
    for server in started:
        if server.proc.poll() is None:
            server.kill()


def _upload(client, round_id, paths):
    page = client.get(f"/runder/{round_id}")
    files = [("filer", (p.name, p.read_bytes(), "application/x-yaml")) for p in paths]
    return {"url": f"/runder/{round_id}/mottak", "data": {"csrf": csrf_of(page.text)}, "files": files}


def _temporary(store: Path) -> list[str]:
    return sorted(p.name for p in store.iterdir() if TEMPORARY.match(p.name))


def _versions(folder: Path) -> list[ApplicationVersion]:
    engine = make_engine(f"sqlite:///{folder}/web.sqlite3")
    try:
        with make_sessionmaker(engine)() as db:
            return list(db.scalars(select(ApplicationVersion)))
    finally:
        engine.dispose()


def _upload_files(folder: Path) -> list[UploadFile]:
    engine = make_engine(f"sqlite:///{folder}/web.sqlite3")
    try:
        with make_sessionmaker(engine)() as db:
            return list(db.scalars(select(UploadFile).order_by(UploadFile.id)))
    finally:
        engine.dispose()


def _batches(folder: Path) -> int:
    engine = make_engine(f"sqlite:///{folder}/web.sqlite3")
    try:
        with make_sessionmaker(engine)() as db:
            return len(list(db.scalars(select(LetterBatch))))
    finally:
        engine.dispose()


def _letters(client, round_id) -> bytes:
    page = client.get(f"/runder/{round_id}/mote")
    response = client.post(f"/runder/{round_id}/brev", data={"csrf": csrf_of(page.text)})
    assert response.status_code == 303, response.text
    batch = response.headers["location"].rsplit("#brev-", 1)[1]
    download = client.get(f"/runder/{round_id}/brev/{batch}.zip")
    assert download.status_code == 200
    return download.content


@pytest.mark.slow
def test_kill_9_during_an_upload_and_during_letters_loses_nothing_acknowledged(tmp_path, servers):
    store = tmp_path / "filer"
    files = sorted((SAMPLES / "pulje-4").glob("[0-9]*.yaml"))
    first, rest = files[:8], files[8:]

    # 1. One upload acknowledged and checked; the next acknowledged, and the server killed while its files are
    #    being checked in the background (after the first of them got its verdict).
    server = servers(pause_in="check_received", pause_at=len(first) + 2)
    kari = server.client()
    round_id = create_round(kari, budsjett="10 000 000")
    request = _upload(kari, round_id, first)
    assert finish(kari, kari.post(request.pop("url"), **request)).status_code == 200
    request = _upload(kari, round_id, rest)
    server.send_and_kill(kari, request.pop("url"), **request)
    assert any(name.startswith(".sjekk-") for name in _temporary(store)), "the kill did not hit a check in progress"
    acknowledged = {f.filename: f.file_sha256 for f in _upload_files(tmp_path)}
    assert sorted(acknowledged) == sorted(p.name for p in files)  # both uploads were acknowledged before the kill
    assert len(_versions(tmp_path)) == len(first) + 1  # the verdict being made when it was killed is not there

    # 2. After the restart: the files still waiting are checked without being sent again, the acknowledged files
    #    are all there with their SHA-256, and no temporary file or folder is left.
    server = servers(pause_in="letters", pause_at=2)
    kari = server.client()
    receipt = f"/runder/{round_id}/mottak/{_upload_files(tmp_path)[-1].upload_id}"
    page = wait_for_verdicts(kari, receipt)
    assert page.text.count('class="vurdering"') == len(rest)
    stored = {v.filename: v.file_sha256 for v in _versions(tmp_path)}
    assert sorted(stored) == sorted(p.name for p in files)  # each checked once: no verdict given twice
    for path in files:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert stored[path.name] == acknowledged[path.name] == digest
        kept = store / digest[:2] / digest[2:]
        assert hashlib.sha256(kept.read_bytes()).hexdigest() == digest
    assert _temporary(store) == []

    # 3. Letters made once, then killed while making them again.
    page = kari.get(f"/runder/{round_id}/mote")
    response = kari.post(f"/runder/{round_id}/mote", data={"csrf": csrf_of(page.text)},
                         files=[("motefil", (MEETING.name, MEETING.read_bytes(), "application/yaml"))])
    assert response.status_code == 303
    made = _letters(kari, round_id)
    server.send_and_kill(kari, f"/runder/{round_id}/brev", data={"csrf": csrf_of(page.text)})
    assert any(name.startswith(".mote-") for name in _temporary(store)), "the kill did not hit letters in progress"

    # 4. After the restart: no half letters anywhere, the killed job kept no batch, and it runs again the same.
    server = servers()
    assert _temporary(store) == [] and _batches(tmp_path) == 1
    kari = server.client()
    assert _letters(kari, round_id) == made
    assert _batches(tmp_path) == 2
