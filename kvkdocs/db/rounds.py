"""Rounds, applications and their versions, and the audit log: what the pages read and write.

Every change goes through a function here that also writes an
:class:`~kvkdocs.db.models.AuditEvent`, so no change can skip the log.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload

from ..messages import Text, stored
from ..result import FileResult
from .models import (
    Application,
    ApplicationVersion,
    AuditEvent,
    LetterBatch,
    MeetingFile,
    Round,
    StoredFile,
    Upload,
    UploadFile,
    User,
    utcnow,
)
from .results import to_json


def audit(db: DbSession, user: User | None, action: str, detail: str | Text = "", *,
          round_id: int | None = None, application_id: int | None = None) -> None:
    """Log who did what; a ``detail`` given as a :class:`~kvkdocs.messages.Text` is kept as its key and values
    (JSON), so that each reader sees it in their målform (:func:`~kvkdocs.messages.render_stored`)."""
    kept = stored(detail) if isinstance(detail, Text) else detail
    db.add(AuditEvent(user_id=user.id if user else None, username=user.username if user else "system",
                      action=action, detail=kept, round_id=round_id, application_id=application_id))


#: The fields of a meeting file's ``avsender`` a round keeps (the secretariat's address on the receipt).
SENDER_FIELDS = ("navn", "adresse", "postnummer", "poststed", "epost")


def _sender_kept(sender: dict | None) -> dict | None:
    """Only the known fields that are filled in; None when none is."""
    kept = {k: sender[k] for k in SENDER_FIELDS if sender and sender.get(k)}
    return kept or None


def _sender_line(sender: dict) -> str:
    """The address on one line for the log («KS, Postboks 1378 Vika, 0114 Oslo, post@ks.no»)."""
    def plain(value):
        return value.get("nb", "") if isinstance(value, dict) else str(value)

    place = " ".join(plain(sender[k]) for k in ("postnummer", "poststed") if sender.get(k))
    parts = [plain(sender[k]) for k in ("navn", "adresse") if sender.get(k)] + ([place] if place else [])
    return ", ".join(parts + ([plain(sender["epost"])] if sender.get("epost") else []))


def create_round(db: DbSession, user: User | None, *, name: str, edition: str, number: int,
                 deadline: dt.date, budget: int | None, sender: dict | None = None) -> Round:
    round_ = Round(name=name, edition=edition, number=number, deadline=deadline, budget=budget,
                   avsender=_sender_kept(sender))
    db.add(round_)
    db.flush()
    audit(db, user, "runde opprettet", Text("audit.round-created", {"name": name, "edition": edition, "number": number,
                                                                    "deadline": deadline.isoformat()}),
          round_id=round_.id)
    if round_.avsender:
        audit(db, user, "avsender endret", Text("audit.round-sender", {"sender": _sender_line(round_.avsender)}),
              round_id=round_.id)
    return round_


def set_sender(db: DbSession, user: User | None, round_: Round, sender: dict | None) -> bool:
    """Keep the secretariat's address for the round (logged); False when nothing changed (nothing logged)."""
    kept = _sender_kept(sender)
    if kept == round_.avsender:
        return False
    round_.avsender = kept
    detail = (Text("audit.round-sender", {"sender": _sender_line(kept)}) if kept
              else Text("audit.round-sender-removed"))
    audit(db, user, "avsender endret", detail, round_id=round_.id)
    db.flush()
    return True


def find_round(db: DbSession, edition: str, number: int) -> Round | None:
    return db.scalar(select(Round).where(Round.edition == edition, Round.number == number))


def list_rounds(db: DbSession) -> list[Round]:
    return list(db.scalars(select(Round).order_by(Round.deadline.desc(), Round.id.desc())))


def applications(db: DbSession, round_: Round) -> list[Application]:
    return list(db.scalars(select(Application).where(Application.round_id == round_.id)
                           .options(selectinload(Application.versions)).order_by(Application.key)))


@dataclass(frozen=True)
class Listed:
    """An application as the dashboard lists it: its id and key, and its latest version's columns (not its findings)."""

    id: int
    key: str
    latest: object


#: The latest version's columns the dashboard shows, sorts and filters by.
LISTED_COLUMNS = ("number", "filename", "received_at", "kommunenummer", "kommunenavn", "maalform", "compliant",
                  "late", "errors", "warnings", "grant_asked")


def listing(db: DbSession, round_: Round) -> list[Listed]:
    """Each application of the round with its latest version, in one query of plain rows.

    A round of 430 applications is listed without building 860 ORM objects
    or reading any findings: the dashboard answers in a fraction of the time.
    """
    latest = (select(ApplicationVersion.application_id, func.max(ApplicationVersion.number).label("number"))
              .join(Application).where(Application.round_id == round_.id)
              .group_by(ApplicationVersion.application_id).subquery())
    query = (select(ApplicationVersion.application_id, Application.key, *(getattr(ApplicationVersion, c) for c in LISTED_COLUMNS))
             .join(latest, (ApplicationVersion.application_id == latest.c.application_id)
                   & (ApplicationVersion.number == latest.c.number))
             .join(Application, Application.id == ApplicationVersion.application_id)
             .order_by(Application.key))
    return [Listed(row.application_id, row.key, row) for row in db.execute(query)]


@dataclass(frozen=True)
class Facts:
    """What the checker's result does not carry but the dashboard shows."""

    maalform: str | None = None
    late: bool = False
    grant_asked: int | None = None


KOMMUNENUMMER = re.compile(r"\d{4}")
MAX_GRANT = 10**12  # kroner: far above any grant, far below the column's limit


def record_version(db: DbSession, user: User | None, round_: Round, *, filename: str, sha256: str, size: int,
                   result: FileResult, facts: Facts, received_at: dt.datetime | None = None) -> ApplicationVersion:
    """Store one received file's verdict as the next version of its application.

    ``received_at`` is when the file was acknowledged (its upload), not when it was checked.

    The intake and a municipality's submission (or a double click) may record
    versions of one application at once: the application is added unless it
    is there (an insert that does nothing on a conflict, so a second request
    waits for the first instead of failing on its key), and its row is locked
    before the next number is taken, so the second gets version 2, not a
    duplicate of 1. SQLite has one writer at a time, so there the second
    simply waits its turn.
    """
    stored_file(db, sha256, size)
    # The columns are copies for listing, taken from the file as its sender wrote it: a «kommunenummer» that is
    # no number, a very long name or an absurd grant is the checker's finding, and must not make the row fail.
    number_ = result.kommunenummer if isinstance(result.kommunenummer, str) and KOMMUNENUMMER.fullmatch(
        result.kommunenummer) else None
    name = str(result.kommunenavn)[:100] if result.kommunenavn else None
    grant = facts.grant_asked if facts.grant_asked is not None and 0 <= facts.grant_asked <= MAX_GRANT else None
    key = number_ if result.kind == "søknad" and number_ else f"fil:{filename}"
    application = _application(db, round_.id, key)
    number = 1 + (db.scalar(select(func.max(ApplicationVersion.number))
                            .where(ApplicationVersion.application_id == application.id)) or 0)
    version = ApplicationVersion(
        application_id=application.id, number=number, filename=filename, file_sha256=sha256,
        uploaded_by=user.id if user else None, received_at=received_at or utcnow(), kind=result.kind,
        kommunenummer=number_,
        kommunenavn=name, maalform=facts.maalform, compliant=result.compliant, late=facts.late,
        errors=result.errors, warnings=result.warnings, grant_asked=grant, result=to_json(result))
    db.add(version)
    db.flush()
    warnings = Text("audit.warning" if result.warnings == 1 else "audit.warnings", {"count": result.warnings})
    audit(db, user, "fil mottatt", Text("audit.file-received", {"filename": filename, "number": number,
                                                                "verdict": _verdict(result.compliant, result.errors),
                                                                "warnings": warnings}),
          round_id=round_.id, application_id=application.id)
    return version


def _insert_for(db: DbSession):
    """The dialect's INSERT that can do nothing on a conflict (SQLite, PostgreSQL), or None."""
    from sqlalchemy.dialects import postgresql, sqlite

    return {"sqlite": sqlite.insert, "postgresql": postgresql.insert}.get(db.get_bind().dialect.name)


def _application(db: DbSession, round_id: int, key: str) -> Application:
    """The round's application ``key``, added unless it is there, and locked until the transaction ends.

    Another transaction adding the same application meanwhile makes this
    insert wait for it and then do nothing; the row is then that one's.
    """
    insert = _insert_for(db)
    if insert is not None:
        db.execute(insert(Application).values(round_id=round_id, key=key)
                   .on_conflict_do_nothing(index_elements=["round_id", "key"]))
    query = (select(Application).where(Application.round_id == round_id, Application.key == key)
             .with_for_update().execution_options(populate_existing=True))
    application = db.scalar(query)
    if application is None:  # pragma: no cover - only SQLite and PostgreSQL are supported
        application = Application(round_id=round_id, key=key)
        db.add(application)
        db.flush()
    return application


def stored_file(db: DbSession, sha256: str, size: int) -> None:
    """The file store's row for ``sha256``, added unless it is there, also when another request adds it meanwhile.

    Two uploads of the same new file at once (a double click) both find no
    row; a plain insert would then fail the second with a duplicate key. The
    insert that does nothing on a conflict lets both go through.
    """
    insert = _insert_for(db)
    if insert is None:  # pragma: no cover - only SQLite and PostgreSQL are supported
        if db.get(StoredFile, sha256) is None:
            db.add(StoredFile(sha256=sha256, size=size))
        return
    db.execute(insert(StoredFile).values(sha256=sha256, size=size, created_at=utcnow())
               .on_conflict_do_nothing(index_elements=["sha256"]))


def record_upload(db: DbSession, user: User | None, round_: Round, files, *, lang: str = "nb",
                  problems: list[str] | None = None) -> Upload:
    """Acknowledge an upload: one row per file (name as sent, address in the file store, size), none checked yet.

    ``files`` are objects with ``filename``, ``sha256`` and ``size``, already in
    the file store. Their verdicts come later (:func:`record_checked`).
    """
    upload = Upload(round_id=round_.id, uploaded_by=user.id if user else None, lang=lang,
                    problems=list(problems or []))
    db.add(upload)
    for sha256, size in {f.sha256: f.size for f in files}.items():
        stored_file(db, sha256, size)
    db.flush()
    for position, sent in enumerate(files):
        db.add(UploadFile(upload_id=upload.id, position=position, filename=sent.filename, file_sha256=sent.sha256,
                          size=sent.size))
    db.flush()
    return upload


def record_checked(db: DbSession, sent: UploadFile, *, result: FileResult, facts: Facts) -> ApplicationVersion:
    """A waiting file's verdict: the next version of its application, logged as received by its uploader."""
    upload = sent.upload
    version = record_version(db, upload.uploader, upload.round, filename=sent.filename, sha256=sent.file_sha256,
                             size=sent.size, result=result, facts=facts, received_at=upload.received_at)
    sent.version_id = version.id
    sent.checked_at = utcnow()
    return version


def waiting_files(db: DbSession, limit: int | None = None) -> list[UploadFile]:
    """Acknowledged files with no verdict yet, oldest first (what a restart must check again)."""
    query = select(UploadFile).where(UploadFile.checked_at.is_(None)).order_by(UploadFile.id)
    return list(db.scalars(query.limit(limit) if limit else query))


def waiting_in_round(db: DbSession, round_: Round) -> list[UploadFile]:
    """The round's acknowledged files that have no verdict yet, oldest first."""
    return list(db.scalars(select(UploadFile).join(Upload).where(Upload.round_id == round_.id,
                                                                 UploadFile.checked_at.is_(None))
                           .order_by(UploadFile.id)))


def audit_log(db: DbSession, application: Application) -> list[AuditEvent]:
    return list(db.scalars(select(AuditEvent).where(AuditEvent.application_id == application.id)
                           .order_by(AuditEvent.at, AuditEvent.id)))


def record_meeting(db: DbSession, user: User | None, round_: Round, *, filename: str, sha256: str, size: int,
                   result: FileResult, ok: bool, budget: int | None, granted: int,
                   action: str = "møtefil lastet opp", follows: int | None = None) -> MeetingFile:
    """Keep an uploaded meeting file as the round's next meeting version, with the decision rules' verdict.

    ``follows`` is the version a change was made from: the new one is
    numbered right after it, so that when another version was kept since,
    the (round, number) constraint refuses it (IntegrityError) instead of it
    quietly becoming the newest without the other change.
    """
    if db.get(StoredFile, sha256) is None:
        db.add(StoredFile(sha256=sha256, size=size))
        db.flush()  # the file's row before the row that names it
    if follows is None:
        number = 1 + (db.scalar(select(func.max(MeetingFile.number)).where(MeetingFile.round_id == round_.id)) or 0)
    else:
        number = follows + 1
    meeting = MeetingFile(round_id=round_.id, number=number, filename=filename, file_sha256=sha256,
                          uploaded_by=user.id if user else None, ok=ok, budget=budget, granted=granted,
                          findings=to_json(result))
    db.add(meeting)
    db.flush()
    audit(db, user, action, Text("audit.meeting", {"filename": filename, "number": number,
                                                   "verdict": _verdict(ok, result.errors)}), round_id=round_.id)
    return meeting


def _verdict(ok: bool, errors: int) -> Text:
    return Text("audit.no-errors") if ok else Text("audit.errors", {"count": errors})


def latest_meeting(db: DbSession, round_: Round) -> MeetingFile | None:
    return db.scalar(select(MeetingFile).where(MeetingFile.round_id == round_.id)
                     .order_by(MeetingFile.number.desc()).limit(1))


def meeting_version(db: DbSession, round_: Round, number: int) -> MeetingFile | None:
    """The round's meeting file version ``number`` (a form built from it is compared with the newest)."""
    return db.scalar(select(MeetingFile).where(MeetingFile.round_id == round_.id, MeetingFile.number == number))


def record_letters(db: DbSession, user: User | None, meeting: MeetingFile, *, sha256: str, size: int,
                   documents: int, pdf: bool = False) -> LetterBatch:
    """Keep a made letter batch (a ZIP in the file store) and log who made it from which meeting file.

    ``pdf`` says the ZIP holds PDF copies beside the Word files; the log says so too.
    """
    if db.get(StoredFile, sha256) is None:
        db.add(StoredFile(sha256=sha256, size=size))
        db.flush()  # the file's row before the row that names it
    batch = LetterBatch(meeting_id=meeting.id, zip_sha256=sha256, documents=documents, pdf=pdf,
                        created_by=user.id if user else None)
    db.add(batch)
    db.flush()
    kind = Text("audit.word-pdf" if pdf else "audit.word")
    audit(db, user, "brev laget", Text("audit.letters", {"documents": documents, "kind": kind, "number": meeting.number,
                                                         "filename": meeting.filename}),
          round_id=meeting.round_id)
    return batch


def letter_batches(db: DbSession, round_: Round) -> list[LetterBatch]:
    return list(db.scalars(select(LetterBatch).join(MeetingFile).where(MeetingFile.round_id == round_.id)
                           .order_by(LetterBatch.id.desc())))


def round_log(db: DbSession, round_: Round) -> list[AuditEvent]:
    """The round's own events (meeting files, letters), newest first."""
    return list(db.scalars(select(AuditEvent).where(AuditEvent.round_id == round_.id,
                                                    AuditEvent.application_id.is_(None))
                           .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())))


def stored_addresses(db: DbSession) -> set[str]:
    """Every file-store address a row names: what the orphan sweep must keep."""
    named: set[str] = set(db.scalars(select(StoredFile.sha256)))
    for column in (ApplicationVersion.file_sha256, MeetingFile.file_sha256, LetterBatch.zip_sha256):
        named |= set(db.scalars(select(column)))
    return named
