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

from .errors import CHOICES, OutputError
from .safetext import shown_path


class NameTaken(FileExistsError):
    """The output name was taken by someone else while we wrote."""


def shown(path: os.PathLike | str | bytes) -> str:
    """``path`` as it may appear in a message (see :func:`kvkdocs.safetext.shown_path`)."""
    return shown_path(path)


_REASONS = {
    errno.ENOSPC: "disken er full. Frigjør plass, eller skriv til en annen disk",
    errno.EDQUOT: "diskkvoten din er brukt opp. Frigjør plass, eller skriv til en annen disk",
    errno.EROFS: "disken er skrivebeskyttet. Velg en mappe på en disk du kan skrive til",
    errno.EACCES: "du har ikke skrivetilgang der. Velg en mappe du kan skrive i",
    errno.EPERM: "du har ikke skrivetilgang der. Velg en mappe du kan skrive i",
    errno.ENOTDIR: "en del av stien er en fil, ikke en mappe. Sjekk stien",
    errno.ENAMETOOLONG: "navnet er for langt. Velg et kortere navn",
    errno.EISDIR: "det er en mappe. Oppgi et filnavn",
    errno.ENOENT: "mappen finnes ikke lenger. Sjekk stien",
    errno.EEXIST: "den finnes allerede. Velg et annet navn",
    errno.EBUSY: "den er i bruk (kanskje et monteringspunkt). Velg en annen mappe",
}


def describe_os_error(exc: OSError, target: os.PathLike | str) -> str:
    """A Norwegian sentence for an operating-system error while writing ``target``."""
    reason = _REASONS.get(exc.errno or 0)
    if reason is None:
        reason = f"operativsystemet sa nei ({exc.strerror or exc})"
    return f"Kunne ikke skrive {shown(target)}: {reason}. Ingenting er skrevet."


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


def input_clash(out: Path, inputs: Iterable[Path]) -> str:
    """Why writing the file ``out`` would write over one of ``inputs`` (files or folders), or ''."""
    real = _real(out)
    for given in inputs:
        given = Path(given)
        target = Path(os.path.realpath(given))
        if real == target or Path(os.path.realpath(real)) == target or _same_file(out, given):
            return f"{shown(out)} er inndatafilen {shown(given)}"
        if target.is_dir() and real.is_relative_to(target) and os.path.lexists(real):
            return f"{shown(out)} ligger i inndatamappen {shown(given)} og leses som inndata"
    return ""


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
            raise OutputError(f"{name} er en mappe. Oppgi {CHOICES['output-file']}.")
        if os.path.islink(path):
            raise OutputError(f"{name} er en symbolsk lenke. kvkdocs skriver aldri gjennom eller over en lenke, "
                              f"heller ikke med {CHOICES['force']}. Oppgi stien til en vanlig fil.")
        clash = input_clash(path, self.inputs)
        if clash:
            raise OutputError(f"{clash}. kvkdocs skriver aldri over en fil det leser, heller ikke med "
                              f"{CHOICES['force']}. Velg et annet filnavn.")
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            mode = None
        except OSError as exc:
            raise OutputError(describe_os_error(exc, path)) from exc
        if mode is not None:
            if stat.S_ISDIR(mode):
                raise OutputError(f"{name} er en mappe. Oppgi et filnavn i mappen.")
            if not stat.S_ISREG(mode):
                raise OutputError(f"{name} er ikke en vanlig fil (men for eksempel en enhet eller et rør), "
                                  "så kvkdocs skriver ikke dit. Oppgi et vanlig filnavn.")
            if not self.force:
                raise OutputError(f"{name} finnes allerede, og ingenting er endret. Velg et annet navn, "
                                  f"eller bruk {CHOICES['force']} for å skrive over den.")
        for parent in path.absolute().parents:
            if os.path.lexists(parent):
                if not parent.is_dir():
                    raise OutputError(f"Kunne ikke skrive {name}: {shown(parent)} er en fil, ikke en mappe. "
                                      "Sjekk stien.")
                break

    def write(self, data: bytes) -> None:
        """Write ``data`` whole, or nothing, with a Norwegian message on every failure."""
        self.check()  # things may have changed while we worked
        try:
            write_atomically(self.path, data, replace=self.force)
        except NameTaken:
            raise OutputError(f"{shown(self.path)} ble laget av noe annet mens kvkdocs arbeidet, og er ikke endret. "
                              f"Velg et annet navn, eller bruk {CHOICES['force']}.") from None
        except OSError as exc:
            raise OutputError(describe_os_error(exc, self.path)) from exc
