"""Faults a request meets on the way: the disk full, the database locked or gone.

Each gives a Norwegian page with the right status (507, 503), and the request
fails whole: no database row without its file, and no file without its row.
"""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import types
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kvkdocs.db import filestore
from kvkdocs.db.engine import make_engine, make_sessionmaker
from kvkdocs.db.filestore import FileStore
from kvkdocs.db.models import ApplicationVersion, AuditEvent, LetterBatch, StoredFile

from .conftest import create_round, csrf_of, finish

SAMPLES = Path("samples")
MEETING = SAMPLES / "meetings" / "2008-11-04-pulje-4.yaml"
FILES = [SAMPLES / "pulje-4" / name for name in ("0219-baerum.yaml", "0429-amot.yaml", "0602-drammen.yaml")]


def _stored(settings) -> list[str]:
    """Every file in the store, temporary ones included (a half file would show here); empty folders are no files."""
    root = Path(settings.files_dir)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _counts(settings) -> dict[str, int]:
    engine = make_engine(settings.database_url)
    try:
        with make_sessionmaker(engine)() as db:
            return {model.__name__: db.scalar(select(func.count()).select_from(model))
                    for model in (StoredFile, ApplicationVersion, LetterBatch)} | {
                "fil mottatt": db.scalar(select(func.count()).select_from(AuditEvent)
                                         .where(AuditEvent.action == "fil mottatt"))}
    finally:
        engine.dispose()


def _upload(client, round_id, paths):
    page = client.get(f"/runder/{round_id}")
    files = [("filer", (p.name, p.read_bytes(), "application/x-yaml")) for p in paths]
    return finish(client, client.post(f"/runder/{round_id}/mottak", data={"csrf": csrf_of(page.text)}, files=files))


def _disk_full_after(monkeypatch, files_written: int) -> None:
    """The file store's writes fail with ENOSPC from the (``files_written`` + 1)th file on."""
    opened = [0]

    class Full:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, _data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.handle, name)

    def fdopen(fd, *args, **kwargs):
        handle = os.fdopen(fd, *args, **kwargs)
        opened[0] += 1
        return Full(handle) if opened[0] > files_written else handle

    fake_os = types.ModuleType("os")
    fake_os.__dict__.update(os.__dict__)
    fake_os.fdopen = fdopen
    monkeypatch.setattr(filestore, "os", fake_os)


def test_a_full_disk_fails_the_upload_whole_with_507_and_a_norwegian_message(kari, settings, monkeypatch):
    round_id = create_round(kari)
    before, counts = _stored(settings), _counts(settings)
    _disk_full_after(monkeypatch, files_written=2)  # the first two files are written, the third is not
    response = _upload(kari, round_id, FILES)
    assert response.status_code == 507
    assert "Disken er full" in response.text and "Ingenting ble lagret" in response.text
    assert "Traceback" not in response.text and "ENOSPC" not in response.text
    assert _stored(settings) == before  # the two written files are gone again, and no temporary file is left
    assert _counts(settings) == counts
    monkeypatch.undo()
    response = _upload(kari, round_id, FILES)  # space again: the same files go in
    assert response.status_code == 200 and _counts(settings)["ApplicationVersion"] == 3


def test_a_full_disk_when_the_letters_zip_is_stored_keeps_no_batch(kari, settings, monkeypatch):
    round_id = create_round(kari, budsjett="10 000 000")
    assert _upload(kari, round_id, sorted((SAMPLES / "pulje-4").glob("[0-9]*.yaml"))).status_code == 200
    page = kari.get(f"/runder/{round_id}/mote")
    response = kari.post(f"/runder/{round_id}/mote", data={"csrf": csrf_of(page.text)},
                         files=[("motefil", (MEETING.name, MEETING.read_bytes(), "application/yaml"))])
    assert response.status_code == 303
    before, counts = _stored(settings), _counts(settings)
    _disk_full_after(monkeypatch, files_written=0)
    response = kari.post(f"/runder/{round_id}/brev", data={"csrf": csrf_of(page.text)})
    assert response.status_code == 507 and "Disken er full" in response.text
    assert _stored(settings) == before and _counts(settings) == counts
    assert "/brev/" not in kari.get(f"/runder/{round_id}/mote").text  # no ZIP offered for download


def test_a_full_disk_while_a_meeting_file_is_checked_gives_507_and_keeps_nothing(kari, settings, monkeypatch):
    from kvkdocs.db.models import MeetingFile
    from kvkdocs.web import meetings

    round_id = create_round(kari)
    before = _stored(settings)

    def no_space(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    fake_tempfile = types.SimpleNamespace(TemporaryDirectory=no_space)
    monkeypatch.setattr(meetings, "tempfile", fake_tempfile)  # the staging folder cannot be made
    page = kari.get(f"/runder/{round_id}/mote")
    response = kari.post(f"/runder/{round_id}/mote", data={"csrf": csrf_of(page.text)},
                         files=[("motefil", (MEETING.name, MEETING.read_bytes(), "application/yaml"))])
    assert response.status_code == 507 and "Disken er full" in response.text
    assert _stored(settings) == before
    engine = make_engine(settings.database_url)
    with make_sessionmaker(engine)() as db:
        assert db.scalar(select(func.count()).select_from(MeetingFile)) == 0
    engine.dispose()


@pytest.fixture
def quick_lock(monkeypatch):
    """SQLite waits 15 s for a lock in service; a test waits a tenth of a second before it says «locked»."""
    from kvkdocs.db import engine as engine_module

    original = engine_module.create_engine

    def create_engine(url, **kwargs):
        if "connect_args" in kwargs:
            kwargs["connect_args"] = {**kwargs["connect_args"], "timeout": 0.1}
        return original(url, **kwargs)

    monkeypatch.setattr(engine_module, "create_engine", create_engine)


def test_a_locked_database_fails_the_upload_whole_with_503(quick_lock, kari, settings):
    round_id = create_round(kari)
    before, counts = _stored(settings), _counts(settings)
    holder = sqlite3.connect(settings.database_url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
        response = _upload(kari, round_id, FILES)
        assert response.status_code == 503
        assert "Databasen er opptatt" in response.text and "ingenting ble lagret" in response.text
        assert _stored(settings) == before  # the files written before the database said no are gone again
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _counts(settings) == counts
    assert _upload(kari, round_id, FILES).status_code == 200  # the lock released: the same upload goes in


def test_a_database_that_is_gone_gives_503_and_keeps_no_files(kari, settings, client, monkeypatch):
    round_id = create_round(kari)
    before = _stored(settings)
    web = client.app.state.web
    path = Path(settings.database_url.removeprefix("sqlite:///"))
    from kvkdocs.web import intake

    receive = intake.receive

    def receive_then_lose_the_database(*args, **kwargs):
        received = receive(*args, **kwargs)  # the file is in the store by now, its row not yet written
        web.engine.dispose()  # open connections would still see the removed file
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        return received

    monkeypatch.setattr(intake, "receive", receive_then_lose_the_database)
    response = _upload(kari, round_id, FILES)
    assert response.status_code == 503
    assert "Databasen kan ikke brukes" in response.text and "Traceback" not in response.text
    assert _stored(settings) == before  # the files written before the database was found gone are removed
    page = kari.get("/runder")
    assert page.status_code == 503 and "Databasen kan ikke brukes" in page.text


def test_a_failed_request_keeps_files_that_rows_already_name(tmp_path):
    """Bytes stored before (a row names them) are never removed by a failing request that sent them again."""
    store = FileStore(tmp_path / "filer")
    kept = store.put_bytes(b"sendt for en uke siden")
    with pytest.raises(RuntimeError), store.pending() as put:
        assert put(b"sendt for en uke siden") == kept
        new = put(b"ny fil")
        raise RuntimeError("the database said no")
    assert store.exists(kept) and not store.exists(new)
    with store.pending() as put:
        address = put(b"ny fil")
    assert store.exists(address) and address == hashlib.sha256(b"ny fil").hexdigest()


def test_start_up_removes_only_kvkdocs_own_temporary_names(settings, template_database):
    import shutil

    from starlette.testclient import TestClient

    from kvkdocs.web.app import create_app

    store = FileStore(settings.files_dir)
    kept = store.put_bytes(b"en mottatt fil")
    root = Path(settings.files_dir)
    (root / ".tmp-ab3_9xyz").write_bytes(b"halv fi")  # a write a kill -9 stopped
    for name in (".mote-k2j4h5g6", ".sjekk-a1b2c3d4", ".les-zz99yy88"):
        (root / name / "soknader").mkdir(parents=True)
        (root / name / "soknader" / "0219-baerum.yaml").write_text("kommunenummer: '0219'\n")
    others = [root / "notater.txt", root / ".mote-mine", root / ".tmp-", root / "ab" / ".tmp-ab3_9xyz"]
    for other in others:
        other.parent.mkdir(exist_ok=True)
        other.write_text("ikke kvkdocs sitt")
    shutil.copyfile(template_database, settings.database_url.removeprefix("sqlite:///"))
    with TestClient(create_app(settings)):
        left = sorted(p.name for p in root.iterdir())
    assert left == sorted([".mote-mine", ".tmp-", "ab", "notater.txt", kept[:2]])
    assert all(other.exists() for other in others) and store.exists(kept)
