"""A content-addressed file store: each file is kept once, named by its SHA-256.

A file is written to a temporary name in the same folder, flushed to disk and
then renamed into place, so a reader never sees half a file and a crash
leaves at most a temporary file behind. An existing file is never
overwritten: the same bytes give the same address, and a re-upload of
changed bytes is simply another file (another version of the application).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Collection
from pathlib import Path
from typing import BinaryIO

from ..errors import KvkdocsError
from ..messages import Text, message

DISK_FULL = message("store.disk-full")


def _cannot_store(root: Path, exc: OSError) -> Text:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return Text("store.disk-full")
    return Text("store.cannot-store", {"detail": str(exc.strerror or exc)})

_ADDRESS = re.compile(r"^[0-9a-f]{64}$")
_FOLDER = re.compile(r"^[0-9a-f]{2}$")
#: How old (seconds) an unreferenced stored file must be before the sweep removes it:
#: a day, far beyond any request, so a file whose row is still being written is never touched.
ORPHAN_AGE = 24 * 3600
CHUNK = 1024 * 1024
#: The temporary names kvkdocs itself makes in the store's folder: a file being written
#: (``.tmp-``), and the staging folders of a check, a meeting and a meeting file read
#: (``.sjekk-``, ``.mote-``, ``.les-``). ``tempfile`` adds 8 characters of [a-z0-9_].
TEMPORARY = re.compile(r"^\.(tmp|sjekk|mote|les)-[a-z0-9_]{8}$")


def _sync_folder(folder: Path) -> None:
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


class FileStoreError(KvkdocsError):
    """The file store cannot be written or read."""


class FileStore:
    """Files under ``root/ab/cdef…`` (the first two hex digits make a folder)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._claims: dict[str, int] = {}  # address -> requests in this process that rely on it, not yet committed
        self._claims_lock = threading.Lock()

    def clean_leftovers(self) -> list[str]:
        """Remove what a killed server left in the store's folder: its temporary files and staging folders.

        Run at start-up, before any request: a temporary name then belongs to no
        running writer. Only kvkdocs' own temporary names (:data:`TEMPORARY`)
        directly in the store's folder are removed; stored files and anything
        else someone put there are left alone. Returns the names removed.
        """
        removed = []
        try:
            entries = list(os.scandir(self.root))
        except FileNotFoundError:
            return removed
        for entry in entries:
            if not TEMPORARY.match(entry.name):
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)
            removed.append(entry.name)
        return sorted(removed)

    def sweep_orphans(self, referenced: Collection[str], *, older_than: float = ORPHAN_AGE,
                      now: float | None = None) -> list[str]:
        """Remove stored files that no database row names and that are older than ``older_than`` seconds.

        A server killed between storing a file and committing its row leaves a
        complete file that nothing names, and it would stay forever. Only a
        file in the store's own layout (``ab/cdef…``, 2 + 62 hex digits, a
        regular file, not a link) is a candidate; anything else someone put
        there stays. The age limit keeps a file whose request is still running
        (in this or another server process sharing the store) from being
        touched, and a file some request of this process has claimed
        (:meth:`pending`) stays whatever its age. Returns the addresses removed.

        Left: another process storing the very same bytes as a day-old orphan in
        the instant between this check and the removal; its row would then name
        a file that is gone (the download says so). Same bytes a day apart,
        exactly then, is not worth a lock across processes.
        """
        now = time.time() if now is None else now
        keep = set(referenced)
        removed = []
        try:
            folders = list(os.scandir(self.root))
        except FileNotFoundError:
            return removed
        for folder in folders:
            if not _FOLDER.match(folder.name) or not folder.is_dir(follow_symlinks=False):
                continue
            for entry in os.scandir(folder.path):
                address = folder.name + entry.name
                if not _ADDRESS.match(address) or not entry.is_file(follow_symlinks=False) or address in keep:
                    continue
                try:
                    if now - entry.stat(follow_symlinks=False).st_mtime < older_than:
                        continue
                    with self._claims_lock:
                        if address in self._claims:
                            continue
                        os.unlink(entry.path)
                except FileNotFoundError:
                    continue
                removed.append(address)
        return sorted(removed)

    @contextlib.contextmanager
    def pending(self):
        """Files put for one request, removed again if the request fails before its rows are committed.

        Yields a function that puts a stream or bytes (like :meth:`put`) and remembers the
        address if the file is new. If the block raises, each new file that no
        other request in this process is still using is removed, so that a
        failed request leaves no file without its database row. (A file whose
        bytes were already stored is never removed: rows may name it.)
        """
        created: list[str] = []
        claimed: list[str] = []

        def put(stream: BinaryIO | bytes) -> str:
            address, new = self._put(io.BytesIO(stream) if isinstance(stream, bytes) else stream)
            with self._claims_lock:
                self._claims[address] = self._claims.get(address, 0) + 1
                claimed.append(address)
                if not self.exists(address):  # a failing request removed it between the write and the claim
                    raise FileStoreError.said(Text("store.removed"))
            if new:
                created.append(address)
            return address

        failed = False
        try:
            yield put
        except BaseException:
            failed = True
            raise
        finally:
            with self._claims_lock:
                for address in claimed:
                    self._claims[address] -= 1
                    if not self._claims[address]:
                        del self._claims[address]
                if failed:
                    for address in created:
                        if address not in self._claims:
                            with contextlib.suppress(OSError):
                                os.unlink(self.path(address))

    def path(self, address: str) -> Path:
        if not _ADDRESS.match(address):
            raise FileStoreError.said(Text("store.bad-address", {"address": address}))
        return self.root / address[:2] / address[2:]

    def exists(self, address: str) -> bool:
        return self.path(address).is_file()

    def put_bytes(self, data: bytes) -> str:
        return self.put(io.BytesIO(data))

    def put(self, stream: BinaryIO) -> str:
        """Store what ``stream`` holds; returns its address (the SHA-256 in hex)."""
        return self._put(stream)[0]

    def _put(self, stream: BinaryIO) -> tuple[str, bool]:
        """The address, and whether this call created the file (False: the same bytes were stored already)."""
        digest = hashlib.sha256()
        temporary = None
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=self.root)
            with os.fdopen(handle, "wb") as out:
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
        except OSError as exc:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)  # no half file left behind
            raise FileStoreError.said(_cannot_store(self.root, exc)) from exc
        address = digest.hexdigest()
        target = self.path(address)
        try:
            if target.exists():
                return address, False  # same bytes, same address: keep the file that is there
            new_folder = not target.parent.exists()
            target.parent.mkdir(exist_ok=True)
            os.link(temporary, target)  # fails rather than overwrite if another writer won the race
            # The file's name on disk before its row is committed, so that a power cut after the
            # answer «mottatt» cannot lose it (the bytes were synced above; the name is the folder's).
            _sync_folder(target.parent)
            if new_folder:
                _sync_folder(self.root)
        except FileExistsError:
            return address, False
        except OSError as exc:
            raise FileStoreError.said(_cannot_store(self.root, exc)) from exc
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        return address, True

    def open(self, address: str) -> BinaryIO:
        try:
            return self.path(address).open("rb")
        except FileNotFoundError as exc:
            raise FileStoreError.said(Text("store.missing", {"address": address[:12], "root": str(self.root)})) from exc
