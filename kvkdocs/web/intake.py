"""Intake: received files into the file store, each checked by the library's checker.

A file is checked exactly as ``kvkdocs validate`` checks it in a folder whose
``runde.yaml`` names the round's edition and deadline: the same
:class:`kvkdocs.Checker`, and Word and PDF files are read in the checker's
worker processes, never in the web server's own process. A ZIP (as mail
attachments are often sent) is unpacked into its files, with limits on count
and size so that a small archive cannot fill the disk.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .. import Checker, load_register
from ..db.filestore import FileStore
from ..db.rounds import Facts
from ..errors import LoadError
from ..findings import Finding, Location, Severity
from ..load import load_file
from ..load.isolated import IsolatedReader
from ..result import FileResult

MAX_ZIP_MEMBERS = 1000
MAX_ZIP_TOTAL = 500 * 1024 * 1024
DEADLINE_RULE = "application.deadline"


class IntakeError(Exception):
    """A received file cannot be taken in at all (not merely found wanting)."""


@dataclass(frozen=True)
class Received:
    """One file as received: its name as sent, and where its bytes lie in the file store."""

    filename: str
    sha256: str
    size: int


def safe_name(name: str) -> str:
    """The last part of a sent file name, with nothing that could climb out of a folder."""
    base = PurePosixPath(name.replace("\\", "/")).name.strip()
    base = "".join(c for c in base if c.isprintable() and c not in "/\0")
    return base[:200] or "uten-navn"


def receive(store: FileStore, filename: str, stream) -> list[Received]:
    """Store one sent file; a ZIP gives one :class:`Received` per file inside it."""
    name = safe_name(filename)
    address = store.put(stream)
    size = store.path(address).stat().st_size
    if not name.lower().endswith(".zip"):
        return [Received(name, address, size)]
    return _unzip(store, name, address)


def _unzip(store: FileStore, name: str, address: str) -> list[Received]:
    try:
        with zipfile.ZipFile(store.path(address)) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()
                       and not m.filename.startswith("__MACOSX/") and not safe_name(m.filename).startswith(".")]
            if len(members) > MAX_ZIP_MEMBERS:
                raise IntakeError(f"{name} inneholder {len(members)} filer; grensen er {MAX_ZIP_MEMBERS}.")
            if sum(m.file_size for m in members) > MAX_ZIP_TOTAL:
                raise IntakeError(f"{name} blir for stor når den pakkes ut (over {MAX_ZIP_TOTAL // 2**20} MB).")
            received = []
            for member in members:
                with archive.open(member) as data:
                    content = data.read(member.file_size + 1)
                if len(content) > member.file_size:
                    raise IntakeError(f"{name} oppgir feil størrelse for {member.filename}; filen er avvist.")
                received.append(Received(safe_name(member.filename), store.put_bytes(content), len(content)))
            return received
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError) as exc:
        raise IntakeError(f"{name} kan ikke pakkes ut ({exc}). Send filene enkeltvis, eller en vanlig ZIP-fil.") from exc


class _ForkserverReader(IsolatedReader):
    """The library's reader pool, with workers started by ``forkserver`` (``spawn`` off POSIX)."""

    def _get_pool(self):
        if self._pool is None:
            import multiprocessing

            from ..load.isolated import _limit_worker

            method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
            self._pool = multiprocessing.get_context(method).Pool(
                self.processes, initializer=_limit_worker, maxtasksperchild=200)
        return self._pool


class RoundChecker:
    """The checker of a running application, shared by every request.

    The checker's reader pool hands work to its worker processes from one
    thread at a time, so requests take turns here; each batch is read ahead
    on all workers first.
    """

    def __init__(self, programme_dirs=(), lang: str = "nb") -> None:
        self.checker = Checker(lang=lang, programme_dirs=programme_dirs)
        # The server runs threads; a worker forked from a threaded process can
        # inherit a lock some other thread held and hang, so workers start from
        # a fork server instead. (The library's reader forks: a start-method
        # option there would make this subclass unnecessary.)
        self.checker._documents = _ForkserverReader()
        self._lock = threading.Lock()

    def close(self) -> None:
        self.checker.close()

    def programmes(self) -> list[str]:
        return list(self.checker.catalogue.ids())

    def check(self, store: FileStore, files: list[Received], edition: str, deadline) -> list[tuple[FileResult, Facts]]:
        settings = {"program": edition, "søknadsfrist": deadline.isoformat()}
        with self._lock, tempfile.TemporaryDirectory(prefix=".sjekk-", dir=store.root) as folder:
            links = []
            for i, received in enumerate(files):
                # Each file under its own name (the readers go by the suffix), in a folder of its own.
                own = Path(folder) / str(i)
                own.mkdir()
                link = own / received.filename
                try:
                    os.link(store.path(received.sha256), link)
                except OSError:
                    with store.open(received.sha256) as src, link.open("wb") as dst:
                        dst.write(src.read())
                links.append(link)
            documents = [p for p in links if p.suffix.lower() in (".docx", ".pdf")]
            if documents:
                self.checker.documents().prefetch(documents)
            return [self._check_one(link, received.filename, settings) for link, received in zip(links, files, strict=True)]

    def _check_one(self, link: Path, filename: str, settings: dict) -> tuple[FileResult, Facts]:
        reader = self.checker.documents() if link.suffix.lower() in (".docx", ".pdf") else None
        try:
            document = load_file(link, reader)
        except LoadError as exc:
            # The same finding as the checker gives a file it cannot load.
            text = f"{exc.message} {exc.hint}".strip()
            return FileResult(filename, findings=[Finding(exc.rule, Severity.ERROR, text,
                                                          Location(file=filename, line=exc.line))]), Facts()
        result = self.checker.check_document(document, settings if document.kind == "søknad" else {})
        return _relabel(result, str(link), filename), _facts(result, document.data, settings)


def _relabel(result: FileResult, temporary: str, filename: str) -> FileResult:
    """Findings name the file as it was sent, not the temporary name it was checked under."""
    result.path = filename
    result.findings = [dataclasses.replace(f, location=dataclasses.replace(f.location, file=filename))
                       if f.location.file == temporary else f for f in result.findings]
    return result


def _facts(result: FileResult, data: dict, settings: dict) -> Facts:
    import datetime as dt

    if result.kind != "søknad":
        return Facts()
    maalform = None
    if result.kommunenummer:
        try:
            maalform = load_register().maalform(result.kommunenummer, dt.date.fromisoformat(settings["søknadsfrist"]))
        except Exception:  # an unknown number is the checker's finding, not ours
            maalform = None
    grant = data.get("tilskudd")
    amount = grant.get("beløp") if isinstance(grant, dict) else None
    return Facts(maalform=maalform, late=any(f.rule == DEADLINE_RULE for f in result.findings),
                 grant_asked=amount if isinstance(amount, int) and not isinstance(amount, bool) else None)




def take_in(web, user_id: int | None, round_id: int, items) -> tuple[list[tuple], list[str]]:
    """Receive ``items`` (file name, binary stream), check them, and store each as a new version.

    The one path every received file takes, from the upload page and from the
    demo loader alike. Returns (application id, version, file name, result)
    per file, and the problems of files that could not be taken in at all.
    """
    from ..db.models import Round, User
    from ..db.rounds import record_version

    received, problems = [], []
    for filename, stream in items:
        try:
            received.extend(receive(web.store, filename, stream))
        except IntakeError as exc:
            problems.append(str(exc))
    with web.db() as db:
        round_ = db.get(Round, round_id)
        edition, deadline = round_.edition, round_.deadline
    checked = web.checker.check(web.store, received, edition, deadline)
    with web.db() as db, db.begin():
        user = db.get(User, user_id) if user_id is not None else None
        round_ = db.get(Round, round_id)
        versions = [record_version(db, user, round_, filename=r.filename, sha256=r.sha256, size=r.size,
                                   result=result, facts=facts)
                    for r, (result, facts) in zip(received, checked, strict=True)]
        outcome = [(v.application_id, v.number, v.filename, result) for v, (result, _) in zip(versions, checked, strict=True)]
    return outcome, problems
