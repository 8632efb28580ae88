"""Walking an inbox that somebody else filled: nothing in it is trusted.

* A symbolic link that leads out of the folder the user gave is never
  followed (a link to another user's file must not print its contents); it
  becomes a finding. Links that stay inside are followed, each real file and
  folder once, so a link loop ends and nothing is checked twice; a second
  route to the same place is reported, not skipped silently.
* FIFOs, sockets and devices are refused from ``stat``, before anything
  opens them, so no reader can block on one.
* An unreadable folder or a missing argument is a finding, and the walk goes
  on with the rest.
* Files that operating systems and office programs leave behind (Word's
  ``~$`` lock files, LibreOffice's ``.~lock.*#``, ``.DS_Store``,
  ``Thumbs.db``, ``desktop.ini``, ``__MACOSX/`` and macOS ``._`` files) are
  skipped and counted, not reported as unreadable applications.

Problems are :class:`~kvkdocs.errors.LoadError`\\ s in the user's language;
the checker turns them into ``input.unreadable`` findings like any other
file that cannot be read.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import LoadError, os_reason_text
from ..messages import Text

SYSTEM_FILES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})
SYSTEM_FOLDERS = frozenset({"__macosx"})
MAX_LINK_DEPTH = 40  # links inside links inside links: more than this is a trap, not an inbox

_LINK_ERRORS = {errno.ENOENT: "dangling", errno.ELOOP: "loop"}
def problem(key: str, lang: str = "nb", **values: object) -> LoadError:
    """The finding for one inbox problem, as a message key and values (``inbox.*``), said in any målform where shown.

    ``lang`` is not used: it is kept for callers that still pass it."""
    return LoadError(Text("inbox." + key, values), Text("inbox." + key + ".hint", values))


def _reason(exc: OSError) -> Text:
    return os_reason_text(exc)


def special_kind(mode: int) -> str | None:
    """``None`` for a regular file or folder; else which kind of special file ``stat`` says it is."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "other"


def refuse_special(mode: int, lang: str = "nb") -> LoadError | None:
    kind = special_kind(mode)
    if kind is None:
        return None
    return problem("special", lang, kind=Text("inbox.kind." + kind))


def is_system_file(name: str) -> bool:
    """Lock files, thumbnails and folder settings that nobody sends as an application."""
    return (name.casefold() in SYSTEM_FILES or name.startswith(("~$", "._"))
            or (name.startswith(".~lock.") and name.endswith("#")))


@dataclass(frozen=True)
class InputFile:
    """One file to check, or one thing that could not be: ``problem`` says why."""

    path: Path
    problem: LoadError | None = None


@dataclass
class Inbox:
    """Everything found under the paths the user gave, in the order found."""

    files: list[InputFile] = field(default_factory=list)
    skipped: int = 0  # system files left out on purpose
    missing: list[Path] = field(default_factory=list)  # arguments that do not exist

    def readable(self) -> list[Path]:
        return [f.path for f in self.files if f.problem is None]


def scan(paths: Iterable[Path | str], lang: str = "nb") -> Inbox:
    """Walk the given files and folders; never raises for what it finds."""
    inbox = Inbox()
    for arg in paths:
        arg = Path(arg)
        try:
            info = os.stat(arg)  # the user named this path: a link here is followed
        except OSError as exc:
            if not os.path.lexists(arg):
                inbox.missing.append(arg)
                inbox.files.append(InputFile(arg, problem("missing", lang)))
            elif os.path.islink(arg) and exc.errno in _LINK_ERRORS:
                inbox.files.append(InputFile(arg, problem(_LINK_ERRORS[exc.errno], lang)))
            else:
                inbox.files.append(InputFile(arg, problem("entry", lang, reason=_reason(exc))))
            continue
        if stat.S_ISDIR(info.st_mode):
            _Walker(arg, lang, inbox).run()
        else:
            inbox.files.append(InputFile(arg, refuse_special(info.st_mode, lang)))
    return inbox


class _Walker:
    """One folder the user gave: everything reached without links first, then the links."""

    def __init__(self, root: Path, lang: str, inbox: Inbox) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)
        self.lang = lang
        self.inbox = inbox
        self.claimed: set[tuple[int, int]] = set()

    def run(self) -> None:
        # Claiming every plainly reachable file and folder before following any
        # link means a link never steals a file from its real place.
        self.inbox.files.extend(self._expand(self._plain(self.root), 0))

    def _inside(self, real: str) -> bool:
        return real == self.real_root or real.startswith(self.real_root.rstrip(os.sep) + os.sep)

    def _plain(self, top: Path) -> list:
        """Files, problems and unresolved links under ``top``, sorted as ``os.walk`` would, links not entered."""
        found: list = []
        try:
            info = os.stat(top)
            self.claimed.add((info.st_dev, info.st_ino))
        except OSError:
            pass
        stack = [top]
        while stack:
            folder = stack.pop()
            try:
                with os.scandir(folder) as entries:
                    children = sorted(entries, key=lambda e: e.name)
            except OSError as exc:
                found.append(InputFile(folder, problem("folder", self.lang, reason=_reason(exc))))
                continue
            subfolders = []
            for child in children:
                path = Path(child.path)
                try:
                    if child.is_symlink():
                        found.append(path)  # resolved in _expand, once everything plain is claimed
                        continue
                    info = child.stat(follow_symlinks=False)
                    if stat.S_ISDIR(info.st_mode):
                        if child.name.casefold() in SYSTEM_FOLDERS:
                            self.inbox.skipped += _count_files(path)
                        elif not child.name.startswith("."):  # .git and other hidden folders
                            self.claimed.add((info.st_dev, info.st_ino))
                            subfolders.append(path)
                        continue
                    if is_system_file(child.name):
                        self.inbox.skipped += 1
                        continue
                    self.claimed.add((info.st_dev, info.st_ino))
                    found.append(InputFile(path, refuse_special(info.st_mode, self.lang)))
                except OSError as exc:
                    found.append(InputFile(path, problem("entry", self.lang, reason=_reason(exc))))
            stack.extend(reversed(subfolders))
        return found

    def _expand(self, found: list, depth: int) -> list[InputFile]:
        """Replace each link by what it leads to, or by the reason it is not followed."""
        result: list[InputFile] = []
        for item in found:
            if isinstance(item, InputFile):
                result.append(item)
            else:
                result.extend(self._follow(item, depth))
        return result

    def _follow(self, link: Path, depth: int) -> list[InputFile]:
        lang = self.lang
        try:
            info = os.stat(link)
        except OSError as exc:
            key = _LINK_ERRORS.get(exc.errno, "entry")
            return [InputFile(link, problem(key, lang, reason=_reason(exc)))]
        if not self._inside(os.path.realpath(link)):
            return [InputFile(link, problem("link-out", lang))]
        if (info.st_dev, info.st_ino) in self.claimed:
            return [InputFile(link, problem("repeat", lang))]
        if depth >= MAX_LINK_DEPTH:
            return [InputFile(link, problem("deep", lang, limit=MAX_LINK_DEPTH))]
        self.claimed.add((info.st_dev, info.st_ino))
        if stat.S_ISDIR(info.st_mode):
            return self._expand(self._plain(link), depth + 1)
        return [InputFile(link, refuse_special(info.st_mode, lang))]


def _count_files(folder: Path) -> int:
    """Files in a skipped system folder (``__MACOSX``), links not followed."""
    return sum(len(files) for _, _, files in os.walk(folder))
