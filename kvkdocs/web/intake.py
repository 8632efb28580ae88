"""Intake: received files into the file store, each checked by the library's checker.

A file is checked exactly as ``kvkdocs validate`` checks it in a folder whose
``runde.yaml`` names the round's edition and deadline: the same verb
(:func:`kvkdocs.verbs.check_received`), and Word and PDF files are read in the
application's worker processes, never in the web server's own process. A ZIP (as mail
attachments are often sent) is unpacked into its files, with limits on count
and size so that a small archive cannot fill the disk.

An upload is acknowledged (files in the store, rows in the database) before
any file is checked, so that a deadline-day crowd waits for a disk write, not
for the checker: :class:`IntakeQueue` checks the waiting files in the
background and each verdict is shown as soon as it is committed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError

from .. import verbs
from ..application import Application
from ..db.filestore import FileStore
from ..db.rounds import Facts, record_checked, record_upload, waiting_files
from ..errors import IntakeError
from ..load.library_texts import reader_details
from ..messages import Text, render, stored
from ..result import FileResult

MAX_ZIP_MEMBERS = 1000
MAX_ZIP_TOTAL = 500 * 1024 * 1024
DEADLINE_RULE = "application.deadline"
logger = logging.getLogger("kvkdocs.web")


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


def receive(store: FileStore, filename: str, stream, put=None) -> list[Received]:
    """Store one sent file; a ZIP gives one :class:`Received` per file inside it.

    ``put`` stores a stream or bytes (default :meth:`FileStore.put`); a request
    passes the one of :meth:`FileStore.pending`, so that its files go if it fails.
    """
    put = put or store.put
    name = safe_name(filename)
    address = put(stream)
    size = store.path(address).stat().st_size
    if not name.lower().endswith(".zip"):
        return [Received(name, address, size)]
    return _unzip(store, name, address, put)


def _unzip(store: FileStore, name: str, address: str, put) -> list[Received]:
    try:
        with zipfile.ZipFile(store.path(address)) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()
                       and not m.filename.startswith("__MACOSX/") and not safe_name(m.filename).startswith(".")]
            if len(members) > MAX_ZIP_MEMBERS:
                raise IntakeError.said(Text("intake.zip-members", {"name": name, "count": len(members),
                                                                    "limit": MAX_ZIP_MEMBERS}))
            if sum(m.file_size for m in members) > MAX_ZIP_TOTAL:
                raise IntakeError.said(Text("intake.zip-size", {"name": name, "limit": MAX_ZIP_TOTAL // 2**20}))
            received = []
            for member in members:
                with archive.open(member) as data:
                    content = data.read(member.file_size + 1)
                if len(content) > member.file_size:
                    raise IntakeError.said(Text("intake.zip-member-size", {"name": name, "member": member.filename}))
                received.append(Received(safe_name(member.filename), put(content), len(content)))
            return received
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError) as exc:
        raise IntakeError.said(Text("intake.zip-unreadable", {"name": name, "detail": reader_details(str(exc))})) from exc


@dataclass(frozen=True)
class ToCheck:
    """One acknowledged file to check, with what its check depends on (its round, its uploader's målform)."""

    key: int
    received: Received
    edition: str
    deadline: object
    lang: str


class IntakeChecker:
    """Checks the files received for rounds, a batch at a time: the intake queue's checker.

    Not the library's checker factory (``web.app.checker()``, one
    :class:`~kvkdocs.check.Checker` per call): this lays received files out
    under their own names and hands them to :func:`kvkdocs.verbs.check_received`,
    which makes those checkers. A batch's Word and PDF files are handed to
    every worker at once, and each file's verdict is given as soon as it is
    ready, not after the whole batch.

    It holds no lock: the reader pool hands out work from several threads
    (see :mod:`kvkdocs.load.isolated`) and each check makes its own checker,
    so a meeting's letters, a municipality's submission or live findings
    never wait for a batch here, nor a batch for them.
    """

    def __init__(self, app: Application, lang: str = "nb") -> None:
        self.app = app
        self.lang = lang

    def check_each(self, store: FileStore, files: list[ToCheck], started=None):
        """Yield ``(file, result, facts)`` for each file, in order, each as soon as it is checked.

        ``started(file)`` is called as each file's check begins. A file that
        cannot be checked at all (gone from the store, a fault in the checker)
        gets an ``input.unreadable`` finding saying so, and the others go on.
        """
        with tempfile.TemporaryDirectory(prefix=".sjekk-", dir=store.root) as folder:
            links: list[Path | Exception] = []
            for i, item in enumerate(files):
                # Each file under its own name (the readers go by the suffix), in a folder of its own.
                own = Path(folder) / str(i)
                own.mkdir()
                link = own / item.received.filename
                try:
                    try:
                        os.link(store.path(item.received.sha256), link)
                    except OSError:
                        with store.open(item.received.sha256) as src, link.open("wb") as dst:
                            shutil.copyfileobj(src, dst)
                    links.append(link)
                except Exception as exc:  # noqa: BLE001 - this file's problem, told in its verdict
                    links.append(exc)
            documents = [link for link in links if isinstance(link, Path) and link.suffix.lower() in (".docx", ".pdf")]
            if documents:
                self.app.reader.prefetch(documents)  # every worker busy while the verdicts are made one by one
            try:
                for item, link in zip(files, links, strict=True):
                    if started is not None:
                        started(item)
                    try:
                        if isinstance(link, Exception):
                            raise link
                        [checked] = verbs.check_received([(link, item.received.filename)], item.edition,
                                                         item.deadline, lang=item.lang or self.lang, app=self.app)
                    except Exception:  # noqa: BLE001 - one file that cannot be checked never stops the rest
                        logger.exception("Filen %s kunne ikke kontrolleres", item.received.filename)
                        yield item, _not_checked(item), Facts()
                        continue
                    yield item, checked.result, _facts(checked.result, checked.data, item.deadline)
            finally:  # stopped early (the server stops, the database fails): drop what no one will read now
                if documents:
                    self.app.reader.forget(documents)


def _not_checked(item: ToCheck) -> FileResult:
    """The verdict of a file the service could not check: an error, so it is never taken for compliant."""
    from ..findings import Finding, Location, Severity

    name = item.received.filename
    text = Text("intake.not-checked")
    return FileResult(name, findings=[Finding("input.unreadable", Severity.ERROR, render(text, item.lang or "nb"),
                                              Location(file=name), text=text)])


def _facts(result: FileResult, data: dict, deadline) -> Facts:
    from ..register import load_register

    if result.kind != "søknad":
        return Facts()
    maalform = None
    if result.kommunenummer:
        try:
            maalform = load_register().maalform(result.kommunenummer, deadline)
        except Exception:  # an unknown number is the checker's finding, not ours
            maalform = None
    grant = data.get("tilskudd")
    amount = grant.get("beløp") if isinstance(grant, dict) else None
    return Facts(maalform=maalform, late=any(f.rule == DEADLINE_RULE for f in result.findings),
                 grant_asked=amount if isinstance(amount, int) and not isinstance(amount, bool) else None)




def take_in(web, user_id: int | None, round_id: int, items, lang: str | None = None) -> tuple[int, int]:
    """Receive ``items`` (file name, binary stream) into the file store and acknowledge them as one upload.

    The one path every received file takes, from the upload page and from the
    demo loader alike. Returns (upload id, number of files taken in); files
    that could not be taken in at all (a broken ZIP) are kept as the upload's
    problems, as message keys, so each reader sees them in their own målform.
    Nothing is checked here: the intake queue checks each file in the
    background, in ``lang`` (the målform of the person who sent them); the
    findings keep their message keys too.
    """
    from ..db.models import Round, User

    received, problems = [], []
    # Files first, rows after, in one transaction: a row never names a missing file, and if the
    # request fails before the rows are committed, the files it added are removed again.
    with web.store.pending() as put:
        for filename, stream in items:
            try:
                received.extend(receive(web.store, filename, stream, put))
            except IntakeError as exc:
                problems.append(stored(exc.text) if exc.text is not None else str(exc))
        with web.db() as db, db.begin():
            user = db.get(User, user_id) if user_id is not None else None
            upload = record_upload(db, user, db.get(Round, round_id), received, lang=lang or "nb", problems=problems)
            upload_id = upload.id
    web.intake.wake()
    return upload_id, len(received)


class IntakeQueue:
    """Checks acknowledged files in the background: one thread, owned and stopped by the web application.

    The queue is the database itself (files with no verdict yet), so a file
    acknowledged before a crash is checked after the restart like any other,
    and no verdict is ever given twice. Files waiting together are checked as
    one batch (their Word and PDF reading spread over every worker), and each
    verdict is committed and announced as soon as it is made. ``notify`` is
    called with an upload's id whenever one of its files starts or ends
    being checked (the pages that wait for it listen).
    """

    BATCH = 64
    RETRY = 1.0  # seconds before trying again when the database cannot be used
    CONFLICTS = 3  # tries of a verdict another request's rows keep conflicting with, before it is an error

    def __init__(self, web, notify=None) -> None:
        self.web = web
        self.notify = notify or (lambda upload_id: None)
        self.checking: set[int] = set()  # upload file ids being checked right now
        self._conflicts: dict[int, int] = {}  # upload file id: its verdict's tries that conflicted (IntegrityError)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the thread; files left waiting by an earlier run are checked first."""
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="kvkdocs-mottak", daemon=True)
        self._thread.start()
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def wake(self) -> None:
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait()
            self._wake.clear()
            try:
                while not self._stop.is_set() and self.check_waiting():
                    pass
            except Exception:  # the database gone or locked: the files stay waiting, and are tried again
                logger.exception("Kontrollen av mottatte filer stoppet; prøver igjen om litt")
                self._stop.wait(self.RETRY)
                self._wake.set()

    def _record(self, key: int, result: FileResult, facts: Facts) -> None:
        from ..db.models import UploadFile

        with self.web.db() as db, db.begin():
            sent = db.get(UploadFile, key)
            if sent is not None and sent.checked_at is None:
                record_checked(db, sent, result=result, facts=facts)

    def drain(self) -> None:
        """Check every waiting file in this thread (for the demo loader, which runs before the server)."""
        while self.check_waiting():
            pass

    def check_waiting(self) -> int:
        """Check one batch of waiting files, committing each verdict as it comes; returns how many."""

        web = self.web
        with web.db() as db:
            waiting = waiting_files(db, self.BATCH)
            batch = [ToCheck(f.id, Received(f.filename, f.file_sha256, f.size), f.upload.round.edition,
                             f.upload.round.deadline, f.upload.lang) for f in waiting]
            uploads = {f.id: f.upload_id for f in waiting}
        if not batch:
            return 0

        def started(item: ToCheck) -> None:
            self.checking.add(item.key)
            self.notify(uploads[item.key])

        try:
            # Closed when this batch stops early (the server stops, or the database fails): the files it read
            # ahead for are dropped from the reader, not left for no one to wait for.
            with contextlib.closing(web.intake_checker.check_each(web.store, batch, started)) as verdicts:
                for item, result, facts in verdicts:
                    if self._stop.is_set():
                        break  # the server stops: the rest stay waiting, and are checked after the restart
                    try:
                        self._record(item.key, result, facts)
                    except (OperationalError, InterfaceError):
                        raise  # the database itself is locked or gone: the file stays waiting and is tried again
                    except IntegrityError:
                        # Another request stored a row this one needs meanwhile (a municipality's submission of
                        # the same application): the file was checked fine, so it stays waiting and is tried
                        # again, unless that keeps failing (then the error below, never a retry for ever).
                        self._conflicts[item.key] = self._conflicts.get(item.key, 0) + 1
                        if self._conflicts[item.key] < self.CONFLICTS:
                            raise
                        self._not_stored(item)
                    except Exception:  # noqa: BLE001 - this file's verdict cannot be stored; never retry it for ever
                        self._not_stored(item)
                    self._conflicts.pop(item.key, None)
                    self.checking.discard(item.key)
                    self.notify(uploads[item.key])
        finally:
            self.checking.difference_update(item.key for item in batch)
        return len(batch)

    def _not_stored(self, item: ToCheck) -> None:
        """The verdict of a file whose own verdict the database refuses: an error saying it was not checked."""
        logger.exception("Vurderingen av %s kunne ikke lagres", item.received.filename)
        self._record(item.key, _not_checked(item), Facts())
