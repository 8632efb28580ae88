"""A content-addressed file store: each file is kept once, named by its SHA-256.

A file is written to a temporary name in the same folder, flushed to disk and
then renamed into place, so a reader never sees half a file and a crash
leaves at most a temporary file behind. An existing file is never
overwritten: the same bytes give the same address, and a re-upload of
changed bytes is simply another file (another version of the application).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO

from ..errors import KvkdocsError

_ADDRESS = re.compile(r"^[0-9a-f]{64}$")
CHUNK = 1024 * 1024


class FileStoreError(KvkdocsError):
    """The file store cannot be written or read."""


class FileStore:
    """Files under ``root/ab/cdef…`` (the first two hex digits make a folder)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, address: str) -> Path:
        if not _ADDRESS.match(address):
            raise FileStoreError(f"«{address}» er ingen gyldig filadresse.")
        return self.root / address[:2] / address[2:]

    def exists(self, address: str) -> bool:
        return self.path(address).is_file()

    def put_bytes(self, data: bytes) -> str:
        import io

        return self.put(io.BytesIO(data))

    def put(self, stream: BinaryIO) -> str:
        """Store what ``stream`` holds; returns its address (the SHA-256 in hex)."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        try:
            handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=self.root)
            with os.fdopen(handle, "wb") as out:
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
        except OSError as exc:
            raise FileStoreError(f"Filen kunne ikke lagres i {self.root} ({exc.strerror or exc}). "
                                 "Sjekk at det er plass på disken og at mappen kan skrives.") from exc
        address = digest.hexdigest()
        target = self.path(address)
        try:
            if target.exists():
                os.unlink(temporary)  # same bytes, same address: keep the file that is there
                return address
            target.parent.mkdir(exist_ok=True)
            os.link(temporary, target)  # fails rather than overwrite if another writer won the race
        except FileExistsError:
            pass
        except OSError as exc:
            raise FileStoreError(f"Filen kunne ikke lagres i {self.root} ({exc.strerror or exc}).") from exc
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        return address

    def open(self, address: str) -> BinaryIO:
        try:
            return self.path(address).open("rb")
        except FileNotFoundError as exc:
            raise FileStoreError(f"Filen {address[:12]}… finnes ikke i fillageret {self.root}.") from exc
