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
