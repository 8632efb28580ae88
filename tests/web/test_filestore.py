"""The content-addressed file store: same bytes, same address; nothing is ever overwritten."""

from __future__ import annotations

import hashlib
import io

import pytest

from kvkdocs.db.filestore import FileStore, FileStoreError


def test_same_bytes_give_the_same_address_and_one_file(tmp_path):
    store = FileStore(tmp_path)
    first = store.put_bytes(b"soknad")
    path = store.path(first)
    inode, mtime = path.stat().st_ino, path.stat().st_mtime_ns
    assert first == hashlib.sha256(b"soknad").hexdigest()
    assert store.put(io.BytesIO(b"soknad")) == first
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == (inode, mtime)  # not written again
    assert store.open(first).read() == b"soknad"


def test_changed_bytes_are_a_new_file_and_the_old_one_is_kept(tmp_path):
    store = FileStore(tmp_path)
    old, new = store.put_bytes(b"versjon 1"), store.put_bytes(b"versjon 2")
    assert old != new
    assert store.open(old).read() == b"versjon 1" and store.open(new).read() == b"versjon 2"


def test_an_existing_file_is_never_overwritten(tmp_path):
    store = FileStore(tmp_path)
    address = store.put_bytes(b"original")
    store.path(address).write_bytes(b"changed on disk")  # even a damaged copy is not replaced behind our back
    store.put_bytes(b"original")
    assert store.path(address).read_bytes() == b"changed on disk"


def test_no_temporary_file_is_left_behind(tmp_path):
    store = FileStore(tmp_path)
    for data in (b"a", b"b", b"a"):
        store.put_bytes(data)
    assert not [p for p in tmp_path.rglob("*") if p.name.startswith(".tmp-")]


def test_an_address_that_is_no_sha256_is_refused(tmp_path):
    store = FileStore(tmp_path)
    with pytest.raises(FileStoreError, match="ingen gyldig filadresse"):
        store.path("../../etc/passwd")
    with pytest.raises(FileStoreError, match="finnes ikke"):
        store.open("0" * 64)


# -- the orphan sweep ------------------------------------------------------------------

DAY = 24 * 3600


def _aged(path, seconds: float) -> None:
    import os
    import time

    then = time.time() - seconds
    os.utime(path, (then, then))


def test_the_sweep_removes_only_old_files_no_row_names(tmp_path):
    store = FileStore(tmp_path)
    orphan, fresh, named = store.put_bytes(b"foreldrelos"), store.put_bytes(b"fersk"), store.put_bytes(b"navngitt")
    _aged(store.path(orphan), DAY + 60)
    _aged(store.path(named), 30 * DAY)
    foreign = [tmp_path / "notat.txt", tmp_path / orphan[:2] / "les-meg.txt", tmp_path / "zz" / ("a" * 62),
               tmp_path / "ab" / ("b" * 61), tmp_path / "sikkerhetskopi" / orphan[:2] / orphan[2:]]
    for path in foreign:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"ikke vaart")
        _aged(path, 30 * DAY)
    link = tmp_path / "cd" / ("c" * 62)  # a link in the layout is someone's, not a stored file
    link.parent.mkdir()
    link.symlink_to(foreign[0])

    assert store.sweep_orphans({named}) == [orphan]
    assert not store.path(orphan).exists()
    assert store.open(fresh).read() == b"fersk" and store.open(named).read() == b"navngitt"
    assert all(path.read_bytes() == b"ikke vaart" for path in foreign) and link.is_symlink()
    assert store.sweep_orphans({named}) == []  # nothing more to do


def test_the_sweep_leaves_a_file_a_running_request_has_claimed(tmp_path):
    store = FileStore(tmp_path)
    with store.pending() as put:
        address = put(b"under arbeid")
        _aged(store.path(address), 2 * DAY)
        assert store.sweep_orphans(set()) == []
    assert store.sweep_orphans(set()) == [address]


def test_a_restart_sweeps_the_file_a_killed_server_left_without_a_row(settings, template_database):
    import shutil

    from starlette.testclient import TestClient

    from kvkdocs.web.app import create_app

    from .conftest import create_round, csrf_of, login

    shutil.copyfile(template_database, settings.database_url.removeprefix("sqlite:///"))
    app = create_app(settings)
    with TestClient(app, follow_redirects=False) as client:
        assert login(client).status_code == 303
        round_id = create_round(client)
        page = client.get(f"/runder/{round_id}")
        response = client.post(f"/runder/{round_id}/mottak", data={"csrf": csrf_of(page.text)},
                               files=[("filer", ("0219-baerum.yaml", open("samples/pulje-4/0219-baerum.yaml", "rb"),
                                                 "application/yaml"))])
        assert response.status_code in (200, 303)
    store = FileStore(settings.files_dir)
    kept = [p for p in settings.files_dir.rglob("*") if p.is_file()]
    assert len(kept) == 1
    _aged(kept[0], 2 * DAY)  # an old upload with its row: it stays
    orphan = store.put_bytes(b"mottatt, men raden ble aldri skrevet")
    _aged(store.path(orphan), 2 * DAY)
    young = store.put_bytes("en forespørsel som fortsatt kan holde på".encode())
    with TestClient(create_app(settings), follow_redirects=False):
        pass
    assert not store.path(orphan).exists() and store.exists(young) and kept[0].exists()
