"""Writing files so that nobody ever sees half of one, and nothing a user has is lost.

Every command that writes a file goes through :class:`OutputFile`, so that
one rule holds everywhere: an existing file is replaced only with
``--force``, an input is never written over (not even with ``--force``), a
symbolic link or a special file (``/dev/null``, a pipe) is never written
through, and every failure of the operating system (disk full, read-only
disk, no permission) ends in a Norwegian message instead of a traceback.
The batch folder of ``kvkdocs letters`` has its own rules in
:mod:`kvkdocs.batch`, built from the pieces here.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import OutputError, os_write_reason
from .messages import Text, choice, render
from .safetext import shown_path


class NameTaken(FileExistsError):
    """The output name was taken by someone else while we wrote."""


def shown(path: os.PathLike | str | bytes) -> str:
    """``path`` as it may appear in a message (see :func:`kvkdocs.safetext.shown_path`)."""
    return shown_path(path)


def os_error_text(exc: OSError, target: os.PathLike | str) -> Text:
    """What went wrong writing ``target``, and what to do, as a message key (to say in either målform).

    The words for each error are in the one table of them, :data:`kvkdocs.errors.OS_ERRORS`."""
    return Text("output.os-error", {"target": shown(target), "reason": os_write_reason(exc)})


def describe_os_error(exc: OSError, target: os.PathLike | str) -> str:
    """A Norwegian sentence (bokmål) for an operating-system error while writing ``target``."""
    return render(os_error_text(exc, target))


def write_all(fh, data: bytes) -> None:
    """The one place file bytes go to disk (disk-full tests inject their fault here)."""
    fh.write(data)


def write_new(path: Path, data: bytes) -> None:
    """Write a new file that must not exist yet (inside a private staging folder)."""
    with open(path, "xb") as fh:
        write_all(fh, data)


def _regular_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask  # mkstemp makes files private; these are ordinary documents


def write_atomically(path: Path, data: bytes, *, replace: bool = True) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename.

    With ``replace=False`` an existing file is never replaced, not even one
    that appears while we write (a hard link is created, which fails if the
    name is taken); raises :class:`NameTaken` then.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:100]}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            write_all(fh, data)
            fh.flush()
            os.fsync(fh.fileno())  # a full disk can show up only here
        os.chmod(tmp, _regular_mode())
        if replace:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise NameTaken(errno.EEXIST, "exists", str(path)) from None
            except OSError:  # a file system without hard links: check, then rename
                if os.path.lexists(path):
                    raise NameTaken(errno.EEXIST, "exists", str(path)) from None
                os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _real(path: Path) -> Path:
    """``path`` made absolute with every folder resolved, the last part kept as given."""
    if path.name in ("", ".", ".."):
        return Path(os.path.realpath(path))
    return Path(os.path.realpath(path.parent)) / path.name


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def input_clash(out: Path, inputs: Iterable[Path]) -> Text | None:
    """Why writing the file ``out`` would write over one of ``inputs`` (files or folders), or ``None``."""
    real = _real(out)
    for given in inputs:
        given = Path(given)
        target = Path(os.path.realpath(given))
        if real == target or Path(os.path.realpath(real)) == target or _same_file(out, given):
            return Text("output.is-input-file", {"name": shown(out), "given": shown(given)})
        if target.is_dir() and real.is_relative_to(target) and os.path.lexists(real):
            return Text("output.in-input-folder", {"name": shown(out), "given": shown(given)})
    return None


class OutputFile:
    """A file a command is about to write, checked before the work and again at the write.

    Construct it before any slow work, so a refused output costs nothing;
    call :meth:`write` with the finished bytes.
    """

    def __init__(self, path: os.PathLike | str, *, force: bool = False, inputs: Iterable[Path] = ()) -> None:
        self.path = Path(path)
        self.force = force
        self.inputs = [Path(p) for p in inputs]
        self.check()

    def check(self) -> None:
        """Raise :class:`OutputError` if the rule forbids writing ``path``."""
        path, name = self.path, shown(self.path)
        if path.name in ("", ".", ".."):
            raise OutputError.said(Text("output.folder-give-file", {"name": name, "choice": choice("output-file")}))
        if os.path.islink(path):
            raise OutputError.said(Text("output.symlink", {"name": name, "choice": choice("force")}))
        clash = input_clash(path, self.inputs)
        if clash:
            raise OutputError.said(Text("output.input-clash", {"clash": clash, "choice": choice("force")}))
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            mode = None
        except OSError as exc:
            raise OutputError.said(os_error_text(exc, path)) from exc
        if mode is not None:
            if stat.S_ISDIR(mode):
                raise OutputError.said(Text("output.is-folder", {"name": name}))
            if not stat.S_ISREG(mode):
                raise OutputError.said(Text("output.not-regular", {"name": name}))
            if not self.force:
                raise OutputError.said(Text("output.exists", {"name": name, "choice": choice("force")}))
        for parent in path.absolute().parents:
            if os.path.lexists(parent):
                if not parent.is_dir():
                    raise OutputError.said(Text("output.parent-is-file", {"name": name, "parent": shown(parent)}))
                break

    def write(self, data: bytes) -> None:
        """Write ``data`` whole, or nothing, with a Norwegian message on every failure."""
        self.check()  # things may have changed while we worked
        try:
            write_atomically(self.path, data, replace=self.force)
        except NameTaken:
            raise OutputError.said(Text("output.name-taken", {"name": shown(self.path), "choice": choice("force")})) from None
        except OSError as exc:
            raise OutputError.said(os_error_text(exc, self.path)) from exc
