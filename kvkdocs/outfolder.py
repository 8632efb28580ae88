"""The folder a batch of letters goes to: claimed, locked, and replaced only when nothing is lost.

``kvkdocs letters -o ut --force`` replaces a whole folder. That is safe only
when the folder is a previous kvkdocs batch: its ``manifest.json`` lists
every file in it and every listed file is as kvkdocs wrote it. Anything
else (the applications folder, the current folder, a folder with one file
of the user's) is refused, with or without ``--force``. A lock file beside
the folder lets one run at a time write there; leftovers of a killed run
are cleaned (or, if the kill came mid-swap, the old batch put back) by the
next run, under the same lock.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import stat
from collections.abc import Iterable
from pathlib import Path

from .errors import OutputError, os_reason_text
from .files import os_error_text, shown
from .messages import Text, Word, choice

MANIFEST_LIMIT = 64 * 1024 * 1024  # a manifest of 100 000 letters is about 60 MB
_HELD: set[int] = set()  # lock descriptors this process holds


def _drop_inherited_locks() -> None:
    """A forked worker must not hold the folder's lock: it could outlive a killed parent."""
    for fd in list(_HELD):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


os.register_at_fork(after_in_child=_drop_inherited_locks)


def _absolute(path: Path) -> Path:
    """Absolute, every folder resolved, the last part kept (so a link there can be seen)."""
    if path.name in ("", ".", ".."):
        return Path(os.path.realpath(path))
    return Path(os.path.realpath(path.parent)) / path.name


def _listing(names: list[str], limit: int = 3) -> str | Text:
    shown_names = ", ".join(shown(n) for n in names[:limit])
    if len(names) <= limit:
        return shown_names
    return Text("outfolder.and-more", {"names": shown_names, "more": len(names) - limit})


def batch_problem(folder: Path) -> Text | None:
    """Why ``folder`` is not a previous kvkdocs batch that can be replaced whole (``outfolder.why.*``,
    said inside ``outfolder.not-a-batch``); ``None`` when it is one.

    An empty folder counts as one: replacing it loses nothing.
    """
    try:
        entries = sorted(os.listdir(folder))
    except OSError as exc:
        return Text("outfolder.why.unreadable", {"reason": os_reason_text(exc)})
    if not entries:
        return None
    if "manifest.json" not in entries:
        return Text("outfolder.why.no-manifest", {"files": _listing(entries)})
    manifest = folder / "manifest.json"
    try:
        info = os.lstat(manifest)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MANIFEST_LIMIT:
            raise ValueError
        data = json.loads(manifest.read_bytes())
        rows = data["dokumenter"]
        if data.get("format") != 1 or not isinstance(rows, list):
            raise ValueError
        expected = {"manifest.csv": "", "manifest.json": ""}
        for row in rows:
            expected[row["filnavn"]] = row.get("sha256", "")
            if row.get("pdf_filnavn"):
                expected[row["pdf_filnavn"]] = row.get("pdf_sha256", "")
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return Text("outfolder.why.not-a-manifest")
    extra = [name for name in entries if name not in expected]
    if extra:
        return Text("outfolder.why.foreign-files", {"files": _listing(extra)})
    for name in entries:
        path = folder / name
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):
                return Text("outfolder.why.not-a-file", {"name": shown(name)})
            digest = expected[name]
            if digest and hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                return Text("outfolder.why.changed", {"name": shown(name)})
        except OSError as exc:
            return Text("outfolder.why.file-unreadable", {"name": shown(name), "reason": os_reason_text(exc)})
    return None


class OutputFolder:
    """A batch's output folder, checked and locked from the first check until the batch is in place.

    Use it as a context manager. ``inputs`` pairs a description (a word or a :class:`~kvkdocs.messages.Word`)
    to a folder or file the batch reads: the output can never be that folder
    (or a file's folder) or a folder above it.
    """

    def __init__(self, path: os.PathLike | str, *, force: bool = False,
                 inputs: Iterable[tuple[str, Path]] = ()) -> None:
        self.given = Path(path)
        self.path = _absolute(self.given)
        self.force = force
        self.inputs = list(inputs)
        self._lock: int | None = None

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(f".{self.path.name}.lock")

    def __enter__(self) -> OutputFolder:
        self.claim()
        return self

    def __exit__(self, *_exc) -> None:
        self.release()

    def _refuse(self, key: str, **values) -> OutputError:
        return OutputError.said(Text(key, {"path": shown(self.given), **values}))

    def check_place(self) -> None:
        """The rules that hold whatever is there: no link, not an input, not the current folder."""
        path = self.path
        if path == path.parent:
            raise self._refuse("outfolder.root", choice=choice("output-folder"))
        if os.path.islink(path):
            raise self._refuse("outfolder.symlink", choice=choice("force"))
        never = Text("outfolder.never", {"choice": choice("force")})
        here = Path(os.path.realpath(os.getcwd()))
        if here == path:
            raise self._refuse("outfolder.is-cwd", never=never, example=choice("output-folder"))
        if here.is_relative_to(path):
            raise self._refuse("outfolder.above-cwd", never=never, example=choice("output-folder"))
        for what, given in self.inputs:
            given = Path(given)
            if not os.path.exists(given):
                continue  # the command says it is missing; a typo's parent folder is no input
            folders = {Path(os.path.realpath(given))}
            if not given.is_dir():
                folders = {Path(os.path.realpath(given)).parent, Path(os.path.abspath(given)).parent}
            for folder in folders:
                if folder == path:
                    raise self._refuse("outfolder.is-input", what=what, never=never)
                if folder.is_relative_to(path):
                    raise self._refuse("outfolder.above-input", what=what, folder=shown(folder), never=never)

    def check_existing(self) -> None:
        """What is at the path now: nothing, or a previous batch that ``--force`` may replace."""
        try:
            mode = os.lstat(self.path).st_mode
        except FileNotFoundError:
            return
        except OSError as exc:
            raise OutputError.said(os_error_text(exc, self.given)) from exc
        if stat.S_ISLNK(mode):
            self.check_place()
        if not stat.S_ISDIR(mode):
            raise self._refuse("outfolder.is-file")
        problem = batch_problem(self.path)
        if problem is not None:
            raise self._refuse("outfolder.not-a-batch", problem=problem, choice=choice("force"))
        if not self.force:
            kind = Word("earlier-batch") if os.listdir(self.path) else Word("empty-folder")
            raise self._refuse("outfolder.exists", kind=kind, choice=choice("force"))

    def claim(self) -> None:
        """Check, take the lock, clean what killed runs left, and check what is there."""
        self.check_place()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._take_lock()
        except OSError as exc:
            raise OutputError.said(os_error_text(exc, self.given)) from exc
        try:
            self.recover()
            self.check_existing()
        except OSError as exc:
            self.release()
            raise OutputError.said(os_error_text(exc, self.given)) from exc
        except BaseException:
            self.release()
            raise

    def _take_lock(self) -> None:
        for _ in range(10):
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise self._refuse("outfolder.busy") from None
            # The holder before us may have removed the file after we opened it: lock the one at the path.
            try:
                if os.stat(self.lock_path).st_ino == os.fstat(fd).st_ino:
                    self._lock = fd
                    _HELD.add(fd)
                    return
            except FileNotFoundError:
                pass
            os.close(fd)
        raise self._refuse("outfolder.busy-again")

    def release(self) -> None:
        if self._lock is None:
            return
        try:
            self.lock_path.unlink(missing_ok=True)  # still ours: the lock is held until the close below
        except OSError:
            pass
        _HELD.discard(self._lock)
        os.close(self._lock)
        self._lock = None

    def _leftovers(self, kind: str) -> list[Path]:
        prefix = f".{self.path.name}.{kind}-"
        try:
            return sorted(p for p in self.path.parent.iterdir() if p.name.startswith(prefix))
        except OSError:
            return []

    def recover(self) -> None:
        """Undo what a killed run left. We hold the lock, so every leftover is from a run that is gone.

        A run killed between moving the old batch aside and moving the new
        one in leaves no folder at the path: the old batch is put back.
        """
        for stale in self._leftovers("tmp"):
            shutil.rmtree(stale, ignore_errors=True)
        old = self._leftovers("old")
        if old and not os.path.lexists(self.path):
            os.rename(old.pop(), self.path)
        for stale in old:
            shutil.rmtree(stale, ignore_errors=True)

    def staging(self) -> Path:
        """A fresh hidden folder beside the output, on the same disk, so the final move is a rename."""
        staging = self.path.with_name(f".{self.path.name}.tmp-{os.getpid()}")
        if os.path.lexists(staging):
            shutil.rmtree(staging)
        staging.mkdir()
        return staging

    def publish(self, staging: Path) -> None:
        """Move a finished batch into place; a previous batch is swapped out and then removed."""
        self.check_place()
        self.check_existing()  # only a previous batch, and only with --force, gets this far
        if not os.path.lexists(self.path):
            os.rename(staging, self.path)
            return
        old = self.path.with_name(f".{self.path.name}.old-{os.getpid()}")
        os.rename(self.path, old)
        try:
            os.rename(staging, self.path)
        except BaseException:
            os.rename(old, self.path)
            raise
        shutil.rmtree(old, ignore_errors=True)  # if this fails half-way, the next run removes the rest
