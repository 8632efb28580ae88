"""Municipalities in the database: invitations, their accounts, and the drafts they fill in.

An invitation is a random token sent as a link; the table keeps only its
SHA-256 (like a session's), so a copy of the database lets nobody in. It can
be used once, before it expires, and every step (invited, account set up) is
in the audit log. A municipality's account belongs to one kommunenummer, and
every query for a draft here takes that number, so a page cannot fetch
another municipality's draft by id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload

from ..messages import Text
from .accounts import MIN_PASSWORD_LENGTH, AccountError, hash_password
from .models import Draft, DraftVersion, Invitation, MunicipalityAccount, Round, Session, User, utcnow
from .rounds import audit

ROLE = "kommune"
INVITED = "kommune invitert"
REVOKED = "invitasjon trukket tilbake"
ACCOUNT_CREATED = "konto opprettet"
PASSWORD_RESET = "passord satt på nytt"
#: What the invitations page's log shows («invitasjon brukt» is what older versions logged for both).
INVITATION_ACTIONS = (INVITED, REVOKED, ACCOUNT_CREATED, PASSWORD_RESET, "invitasjon brukt")
INVITATION_LIFETIME = dt.timedelta(days=14)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def username_for(kommunenummer: str) -> str:
    """The account name of a municipality: one account per municipality, named so people can tell whose it is."""
    return f"kommune-{kommunenummer}"


@dataclass(frozen=True)
class Invited:
    kommunenummer: str
    name: str
    token: str  # shown once, in the link; never stored


def invite(db: DbSession, user: User | None, round_: Round, municipalities: list[tuple[str, str]],
           lifetime: dt.timedelta = INVITATION_LIFETIME, initial=None) -> list[Invited]:
    """One new invitation per (kommunenummer, name), each logged; ``initial(number)`` gives a new draft's data.

    A municipality invited again gets a new link and keeps its draft; its older
    links that are still open stop working (one forwarded or leaked link must not
    outlive the one the secretariat sent last).
    """
    from sqlalchemy import update

    out = []
    for number, name in municipalities:
        db.execute(update(Invitation).where(Invitation.kommunenummer == number, Invitation.used_at.is_(None),
                                            Invitation.expires_at > utcnow()).values(expires_at=utcnow()))
        token = secrets.token_urlsafe(32)
        db.add(Invitation(round_id=round_.id, kommunenummer=number, token_hash=_digest(token),
                          expires_at=utcnow() + lifetime, created_by=user.id if user else None))
        if initial is not None and find_draft(db, round_, number) is None:
            draft = Draft(round_id=round_.id, kommunenummer=number)
            db.add(draft)
            db.flush()
            db.add(DraftVersion(draft_id=draft.id, number=1, data=initial(number), raw={}, seen=[],
                                saved_by=user.id if user else None))
        audit(db, user, INVITED, Text("audit.kommune-invited", {
            "number": number, "name": name, "until": f"{(utcnow() + lifetime):%d.%m.%Y}"}), round_id=round_.id)
        out.append(Invited(number, name, token))
    db.flush()
    return out


def invitations(db: DbSession, round_: Round) -> list[Invitation]:
    return list(db.scalars(select(Invitation).where(Invitation.round_id == round_.id)
                           .order_by(Invitation.kommunenummer, Invitation.id)))


def find_invitation(db: DbSession, token: str | None) -> tuple[Invitation | None, str]:
    """The invitation a link's token names, and its state: ``open``, ``used``, ``expired`` or ``unknown``."""
    if not token or len(token) > 100:
        return None, "unknown"
    row = db.scalar(select(Invitation).where(Invitation.token_hash == _digest(token)))
    if row is None:
        return None, "unknown"
    if row.used_at is not None:
        return row, "used"
    if row.expires_at < utcnow():
        return row, "expired"
    return row, "open"


def accept(db: DbSession, invitation: Invitation, password: str, display_name: str = "") -> User:
    """Use an open invitation: set the municipality account's password (creating the account) once.

    The invitation is marked used in the same transaction, and the update
    only succeeds while it is still unused, so two tabs cannot both use it.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError.said(Text("kommune.password-too-short", {"length": MIN_PASSWORD_LENGTH}))
    from sqlalchemy import update

    # The slow hash first: the update below takes SQLite's write lock, held until commit, and 50
    # municipalities setting passwords at once must not queue behind each other's hashing.
    hashed = hash_password(password)
    claimed = db.execute(update(Invitation).where(Invitation.id == invitation.id, Invitation.used_at.is_(None))
                         .values(used_at=utcnow()))
    if claimed.rowcount != 1:
        raise AccountError.said(Text("kommune.link-used"))
    number = invitation.kommunenummer
    account = db.scalar(select(MunicipalityAccount).where(MunicipalityAccount.kommunenummer == number))
    if account is None:
        user = User(username=username_for(number), role=ROLE, display_name=display_name or f"Kommune {number}")
        db.add(user)
        db.flush()
        db.add(MunicipalityAccount(user_id=user.id, kommunenummer=number))
        action = ACCOUNT_CREATED
    else:
        user = account.user
        # A new password ends every session of the old one: whoever held the account before is logged out.
        db.execute(delete(Session).where(Session.user_id == user.id))
        action = PASSWORD_RESET
    user.password_hash = hashed
    user.active = True
    db.flush()
    # The log says what the link did: a first account, or a new password for one that was there (someone
    # may have forgotten it, or the secretariat may be handing the municipality to a new contact).
    audit(db, user, action, Text("audit.invitation-used", {"username": user.username, "number": number}),
          round_id=invitation.round_id)
    return user


def revoke(db: DbSession, user: User | None, round_: Round, invitation_id: int,
           name_of=lambda number: "") -> Invitation | None:
    """End an open invitation of ``round_`` now (logged); None if the round has no such open invitation.

    ``name_of(kommunenummer)`` gives the municipality's name for the log.

    The link then gets the page an expired one gets, so whoever holds it learns
    nothing about the municipality or why it stopped working. The row is kept
    (ended, not deleted): the log and the page still show it was sent.
    """
    from sqlalchemy import update

    invitation = db.scalar(select(Invitation).where(Invitation.id == invitation_id,
                                                    Invitation.round_id == round_.id))
    if invitation is None:
        return None
    now = utcnow()
    # Only while still open, in the update itself: a link used a moment ago stays used.
    ended = db.execute(update(Invitation).where(Invitation.id == invitation.id, Invitation.used_at.is_(None),
                                                Invitation.expires_at > now)
                       .values(expires_at=now - dt.timedelta(seconds=1)))
    if ended.rowcount != 1:
        return None
    db.refresh(invitation)
    audit(db, user, REVOKED, Text("audit.invitation-revoked", {
        "number": invitation.kommunenummer, "name": name_of(invitation.kommunenummer),
        "created": f"{invitation.created_at:%d.%m.%Y}"}),
          round_id=round_.id)
    return invitation


def is_open(invitation: Invitation, now: dt.datetime | None = None) -> bool:
    return invitation.used_at is None and invitation.expires_at > (now or utcnow())


def revoked_at(db: DbSession, round_: Round) -> dict[str, dt.datetime]:
    """kommunenummer → when the round's newest revocation for it was logged (the page's «trukket tilbake»)."""
    import json

    from .models import AuditEvent

    out: dict[str, dt.datetime] = {}
    for event in db.scalars(select(AuditEvent).where(AuditEvent.round_id == round_.id, AuditEvent.action == REVOKED)
                            .order_by(AuditEvent.at)):
        try:
            number = json.loads(event.detail)["values"]["number"]
        except (ValueError, KeyError, TypeError):
            continue
        out[str(number)] = event.at
    return out


def invitation_log(db: DbSession, round_: Round):
    """The round's log of invitations and what their links did, newest first."""
    from .models import AuditEvent

    return list(db.scalars(select(AuditEvent).where(AuditEvent.round_id == round_.id,
                                                    AuditEvent.action.in_(INVITATION_ACTIONS))
                           .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())))


def municipality_of(db: DbSession, user: User) -> str | None:
    """The kommunenummer a ``kommune`` user belongs to (None for anyone else)."""
    if user.role != ROLE:
        return None
    account = db.get(MunicipalityAccount, user.id)
    return account.kommunenummer if account else None


def find_draft(db: DbSession, round_: Round, kommunenummer: str) -> Draft | None:
    return db.scalar(select(Draft).where(Draft.round_id == round_.id, Draft.kommunenummer == kommunenummer))


def draft_of(db: DbSession, draft_id: int, kommunenummer: str) -> Draft | None:
    """The draft ``draft_id`` if it is this municipality's, else None (a page answers 404 either way)."""
    return db.scalar(select(Draft).where(Draft.id == draft_id, Draft.kommunenummer == kommunenummer)
                     .options(selectinload(Draft.versions)))


def drafts_of(db: DbSession, kommunenummer: str) -> list[Draft]:
    return list(db.scalars(select(Draft).join(Round).where(Draft.kommunenummer == kommunenummer)
                           .order_by(Round.deadline.desc(), Draft.id.desc())))


def save(db: DbSession, user: User | None, draft: Draft, data: dict, raw: dict, seen: list[str]) -> DraftVersion:
    """Keep ``data`` as the draft's next version, unless nothing changed (then the latest one stays)."""
    latest = draft.latest
    if latest.data == data and latest.raw == raw and latest.seen == seen:
        return latest
    version = DraftVersion(draft_id=draft.id, number=latest.number + 1, data=data, raw=raw, seen=seen,
                           saved_by=user.id if user else None)
    db.add(version)
    db.flush()
    db.refresh(draft)
    return version


# -- submissions, their state and the municipality's letter (issue 11, second part) ------------------


def account_user_id(db: DbSession, kommunenummer: str) -> int | None:
    account = db.scalar(select(MunicipalityAccount).where(MunicipalityAccount.kommunenummer == kommunenummer))
    return account.user_id if account else None


def submissions(db: DbSession, draft: Draft) -> list:
    """The versions of the round's application for this municipality that its own account sent in, oldest first.

    A submission is an ordinary :class:`~kvkdocs.db.models.ApplicationVersion` (so the
    secretariat's pages need nothing new); what marks it as the municipality's own is who
    uploaded it, so a file the secretariat took in by mail is not shown as a receipt.
    """
    from .models import Application, ApplicationVersion

    user_id = account_user_id(db, draft.kommunenummer)
    if user_id is None:
        return []
    return list(db.scalars(select(ApplicationVersion).join(Application)
                           .where(Application.round_id == draft.round_id,
                                  Application.key == draft.kommunenummer,
                                  ApplicationVersion.uploaded_by == user_id)
                           .order_by(ApplicationVersion.number)))


def submission(db: DbSession, draft: Draft, number: int):
    return next((v for v in submissions(db, draft) if v.number == number), None)


def letter_member(names: list[str], kommunenummer: str) -> str | None:
    """The municipality's own letter in a letters ZIP, else None.

    The names are the ones :class:`kvkdocs.letters.Planner` gives: ``<nummer>-<slug of the name>-<kind>``
    (``0219-baerum-opptaksbrev.docx``); the minutes (``protokoll-…``) belong to no municipality.
    """
    import re

    pattern = re.compile(rf"(^|/){re.escape(kommunenummer)}-[a-z0-9-]+-(opptaksbrev|avslag)\.docx$")
    return next((n for n in sorted(names) if pattern.search(n)), None)


def latest_letters(db: DbSession, round_: Round):
    """The round's newest letter batch, or None while no letters are made."""
    from .rounds import letter_batches

    batches = letter_batches(db, round_)
    return batches[0] if batches else None


def add_signed(db: DbSession, user: User | None, draft: Draft, *, filename: str, sha256: str, size: int,
               comparable: bool, differences: list[dict]):
    """Keep an uploaded signed document (not yet accepted) with what comparing it found; logged."""
    from .models import SignedDocument, StoredFile

    if db.get(StoredFile, sha256) is None:
        db.add(StoredFile(sha256=sha256, size=size))
        db.flush()  # the file's row before the row that names it
    row = SignedDocument(draft_id=draft.id, filename=filename, file_sha256=sha256, comparable=comparable,
                         differences=differences, uploaded_by=user.id if user else None)
    db.add(row)
    db.flush()
    compared = (Text("audit.signed-not-comparable") if not comparable else Text("audit.signed-difference")
                if len(differences) == 1 else Text("audit.signed-differences", {"count": len(differences)}))
    audit(db, user, "signert dokument lastet opp", Text("audit.signed-uploaded", {
        "filename": filename, "sha256": sha256, "number": draft.kommunenummer, "compared": compared}),
        round_id=draft.round_id)
    return row


def signed_of(db: DbSession, draft: Draft, document_id: int):
    """The signed document ``document_id`` if it belongs to this draft, else None."""
    from .models import SignedDocument

    return db.scalar(select(SignedDocument).where(SignedDocument.id == document_id,
                                                  SignedDocument.draft_id == draft.id))


def signed_documents(db: DbSession, draft: Draft, accepted_only: bool = False) -> list:
    from .models import SignedDocument

    query = select(SignedDocument).where(SignedDocument.draft_id == draft.id)
    if accepted_only:
        query = query.where(SignedDocument.accepted_at.is_not(None))
    return list(db.scalars(query.order_by(SignedDocument.id)))


def accept_signed(db: DbSession, user: User | None, draft: Draft, document) -> None:
    """Accept an uploaded signed document as the submission's document (once; logged)."""
    if document.accepted_at is None:
        document.accepted_at = utcnow()
        audit(db, user, "signert dokument godtatt", Text("audit.signed-accepted", {
            "filename": document.filename, "sha256": document.file_sha256, "number": draft.kommunenummer}),
            round_id=draft.round_id)
