"""Intake: received files into the file store, each checked by the library's checker.

A file is checked exactly as ``kvkdocs validate`` checks it in a folder whose
``runde.yaml`` names the round's edition and deadline: the same verb
(:func:`kvkdocs.verbs.check_received`), and Word and PDF files are read in the
application's worker processes, never in the web server's own process. A ZIP (as mail
attachments are often sent) is unpacked into its files, with limits on count
and size so that a small archive cannot fill the disk.
"""

from __future__ import annotations

import os
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .. import verbs
from ..application import Application
from ..db.filestore import FileStore
from ..db.rounds import Facts
from ..errors import IntakeError
from ..load.library_texts import reader_details
from ..messages import Text
from ..result import FileResult

MAX_ZIP_MEMBERS = 1000
MAX_ZIP_TOTAL = 500 * 1024 * 1024
DEADLINE_RULE = "application.deadline"


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


class RoundChecker:
    """Checks received files with the application's checker, shared by every request.

    The application's reader pool hands work to its worker processes (started
    by a fork server, never forked from the server's threads) from one thread
    at a time, so requests take turns here; each batch is read ahead on all workers.
    """

    def __init__(self, app: Application, lang: str = "nb") -> None:
        self.app = app
        self.lang = lang
        self.lock = threading.Lock()  # the meeting pages take their turn here too

    def programmes(self) -> list[str]:
        return list(self.app.catalogue.ids())

    def check(self, store: FileStore, files: list[Received], edition: str, deadline,
              lang: str | None = None) -> list[tuple[FileResult, Facts]]:
        """Each file's result, its findings in ``lang`` (the uploader's målform; the checker's own if none)."""
        with self.lock, tempfile.TemporaryDirectory(prefix=".sjekk-", dir=store.root) as folder:
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
            checked = verbs.check_received([(link, r.filename) for link, r in zip(links, files, strict=True)],
                                           edition, deadline, lang=lang or self.lang, app=self.app)
            return [(c.result, _facts(c.result, c.data, deadline)) for c in checked]


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




def take_in(web, user_id: int | None, round_id: int, items, lang: str | None = None) -> tuple[list[tuple], list[str]]:
    """Receive ``items`` (file name, binary stream), check them, and store each as a new version.

    The one path every received file takes, from the upload page and from the
    demo loader alike. Returns (application id, version, file name, result)
    per file, and the problems of files that could not be taken in at all, in ``lang``. The findings
    are checked in ``lang`` and keep their message keys, so each reader sees them in their own målform.
    """
    from ..db.models import Round, User
    from ..db.rounds import record_version

    received, problems = [], []
    # Files first, rows after, in one transaction: a row never names a missing file, and if the
    # request fails before the rows are committed, the files it added are removed again.
    with web.store.pending() as put:
        for filename, stream in items:
            try:
                received.extend(receive(web.store, filename, stream, put))
            except IntakeError as exc:
                problems.append(exc.in_language(lang or "nb"))
        with web.db() as db:
            round_ = db.get(Round, round_id)
            edition, deadline = round_.edition, round_.deadline
        checked = web.checker.check(web.store, received, edition, deadline, lang)
        with web.db() as db, db.begin():
            user = db.get(User, user_id) if user_id is not None else None
            round_ = db.get(Round, round_id)
            versions = [record_version(db, user, round_, filename=r.filename, sha256=r.sha256, size=r.size,
                                       result=result, facts=facts)
                        for r, (result, facts) in zip(received, checked, strict=True)]
            outcome = [(v.application_id, v.number, v.filename, result)
                       for v, (result, _) in zip(versions, checked, strict=True)]
    return outcome, problems
