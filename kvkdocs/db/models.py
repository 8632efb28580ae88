"""SQLAlchemy 2 models: one table per thing the secretariat keeps.

The schema itself is created by the Alembic migrations in
``kvkdocs/db/migrations``; these classes must match them (a test compares).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

#: Roles a user may have. ``sekretariat`` runs rounds; ``lesetilgang`` may look, not change.
ROLES = ("sekretariat", "lesetilgang")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class User(Base):
    """An account. ``password_hash`` is empty for a user who logs in elsewhere (a later OIDC provider)."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(30))
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Session(Base):
    """A server-side login session; the cookie holds a random token, the table only its SHA-256."""

    __tablename__ = "sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    user: Mapped[User] = relationship()


class LoginAttempt(Base):
    """One try at logging in, for throttling per account and per address."""

    __tablename__ = "login_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    succeeded: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)


class Round(Base):
    """An application round (pulje) of one programme edition."""

    __tablename__ = "rounds"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    edition: Mapped[str] = mapped_column(String(100))
    number: Mapped[int] = mapped_column(Integer)
    deadline: Mapped[dt.date] = mapped_column(Date)
    budget: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    #: The secretariat's address for the round, keyed as a meeting file's ``avsender`` (navn, adresse,
    #: postnummer, poststed, epost), so that the receipt names it before any meeting file exists.
    avsender: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    applications: Mapped[list[Application]] = relationship(back_populates="round", order_by="Application.key")
    __table_args__ = (UniqueConstraint("edition", "number", name="uq_rounds_edition_number"),)


class StoredFile(Base):
    """A file in the content-addressed file store, named by the SHA-256 of its bytes."""

    __tablename__ = "stored_files"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Application(Base):
    """One municipality's application in a round (or one file that is no application)."""

    __tablename__ = "applications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    #: The kommunenummer, or «fil:NAME» for a file that names no municipality.
    key: Mapped[str] = mapped_column(String(300))
    round: Mapped[Round] = relationship(back_populates="applications")
    versions: Mapped[list[ApplicationVersion]] = relationship(
        back_populates="application", order_by="ApplicationVersion.number")
    __table_args__ = (UniqueConstraint("round_id", "key", name="uq_applications_round_key"),)

    @property
    def latest(self) -> ApplicationVersion:
        return self.versions[-1]


class ApplicationVersion(Base):
    """One received file of an application and the checker's verdict on it.

    ``result`` is the whole :class:`~kvkdocs.result.FileResult` as JSON
    (see :mod:`kvkdocs.db.results`); the columns beside it are copies for
    sorting and listing.
    """

    __tablename__ = "application_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(300))
    file_sha256: Mapped[str] = mapped_column(ForeignKey("stored_files.sha256"))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    kind: Mapped[str | None] = mapped_column(String(30), nullable=True)
    kommunenummer: Mapped[str | None] = mapped_column(String(4), nullable=True)
    kommunenavn: Mapped[str | None] = mapped_column(String(100), nullable=True)
    maalform: Mapped[str | None] = mapped_column(String(20), nullable=True)
    compliant: Mapped[bool] = mapped_column(Boolean)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    grant_asked: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    result: Mapped[dict] = mapped_column(JSON)
    application: Mapped[Application] = relationship(back_populates="versions")
    uploader: Mapped[User | None] = relationship()
    __table_args__ = (UniqueConstraint("application_id", "number", name="uq_versions_application_number"),)


class AuditEvent(Base):
    """Who did what, when: every change is written here and shown on the application's page."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    username: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), nullable=True, index=True)
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), nullable=True, index=True)
    detail: Mapped[str] = mapped_column(Text, default="")


class MeetingFile(Base):
    """One uploaded meeting file (the decisions of a round's meeting) and the decision rules' verdict on it.

    The file's bytes are kept unchanged in the file store, so that an export
    gives back exactly what was uploaded; a new upload is a new version.
    ``findings`` is a :class:`~kvkdocs.result.FileResult` as JSON, checked
    against the round's applications when the file was uploaded.
    """

    __tablename__ = "meeting_files"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(300))
    file_sha256: Mapped[str] = mapped_column(ForeignKey("stored_files.sha256"))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    ok: Mapped[bool] = mapped_column(Boolean)
    budget: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    granted: Mapped[int] = mapped_column(BigInteger, default=0)
    findings: Mapped[dict] = mapped_column(JSON)
    uploader: Mapped[User | None] = relationship()
    __table_args__ = (UniqueConstraint("round_id", "number", name="uq_meeting_files_round_number"),)


class LetterBatch(Base):
    """The letters, minutes and manifest made from one meeting file, kept as one ZIP in the file store.

    The same meeting with and without PDF gives two different ZIPs (two
    addresses); ``pdf`` says which one a row holds.
    """

    __tablename__ = "letter_batches"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting_files.id", ondelete="CASCADE"), index=True)
    zip_sha256: Mapped[str] = mapped_column(ForeignKey("stored_files.sha256"))
    documents: Mapped[int] = mapped_column(Integer)
    #: Whether the ZIP holds a PDF copy of each document beside the Word file («Også PDF»).
    pdf: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    meeting: Mapped[MeetingFile] = relationship()


class Upload(Base):
    """One upload (the files of one request, or the demo loader's), acknowledged before any file is checked.

    The person who sent the files and their målform are kept, so that a file
    checked later (after a restart, too) gets its findings in that målform
    and its audit entry names that person. ``problems`` are the Norwegian
    reasons some sent files could not be taken in at all (a broken ZIP).
    """

    __tablename__ = "uploads"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    lang: Mapped[str] = mapped_column(String(2), default="nb")
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    problems: Mapped[list] = mapped_column(JSON, default=list)
    round: Mapped[Round] = relationship()
    uploader: Mapped[User | None] = relationship()
    files: Mapped[list[UploadFile]] = relationship(back_populates="upload", order_by="UploadFile.position")


class UploadFile(Base):
    """One acknowledged file of an upload: in the file store, waiting for its verdict until ``checked_at`` is set.

    The verdict itself is an :class:`ApplicationVersion` (``version_id``): which
    application a file belongs to is known only once it has been read.
    """

    __tablename__ = "upload_files"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    upload_id: Mapped[int] = mapped_column(ForeignKey("uploads.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(300))
    file_sha256: Mapped[str] = mapped_column(ForeignKey("stored_files.sha256"))
    size: Mapped[int] = mapped_column(BigInteger)
    checked_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True, index=True)
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("application_versions.id", ondelete="SET NULL"), nullable=True)
    upload: Mapped[Upload] = relationship(back_populates="files")
    version: Mapped[ApplicationVersion | None] = relationship()


# -- municipalities: invitations, accounts and draft applications (migration 0005) ----------------------


class MunicipalityAccount(Base):
    """A user of role ``kommune`` and the one municipality (kommunenummer) whose applications it may see."""

    __tablename__ = "kommune_accounts"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kommunenummer: Mapped[str] = mapped_column(String(4), unique=True)
    user: Mapped[User] = relationship()


class Invitation(Base):
    """A single-use link for a municipality's contact to set a password; the table holds only the token's SHA-256."""

    __tablename__ = "invitations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    kommunenummer: Mapped[str] = mapped_column(String(4), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    round: Mapped[Round] = relationship()


class Draft(Base):
    """A municipality's application being filled in in the browser: one per municipality and round."""

    __tablename__ = "drafts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    kommunenummer: Mapped[str] = mapped_column(String(4))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    round: Mapped[Round] = relationship()
    versions: Mapped[list[DraftVersion]] = relationship(back_populates="draft", order_by="DraftVersion.number")
    __table_args__ = (UniqueConstraint("round_id", "kommunenummer", name="uq_drafts_round_kommune"),)

    @property
    def latest(self) -> DraftVersion:
        return self.versions[-1]


class DraftVersion(Base):
    """One saved state of a draft: the application as the schema wants it (``data``), and what could not be
    read yet as typed (``raw``: pointer → text), so that nothing a person wrote is lost."""

    __tablename__ = "draft_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict] = mapped_column(JSON)
    raw: Mapped[dict] = mapped_column(JSON)
    #: The steps the municipality has saved at least once: their findings are shown from then on.
    seen: Mapped[list] = mapped_column(JSON)
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    saved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    draft: Mapped[Draft] = relationship(back_populates="versions")
    __table_args__ = (UniqueConstraint("draft_id", "number", name="uq_draft_versions_draft_number"),)


# -- municipalities: signed documents uploaded to a draft (migration 0006) -------------------------------


class SignedDocument(Base):
    """A signed Word or PDF file a municipality uploaded for its draft, and what reading it back found.

    ``differences`` is the field-by-field comparison with the entered data at
    upload time (pointer, entered, read); ``comparable`` is false when the file
    has no text to read (a hand-signed scan). The file itself is in the
    content-addressed file store; ``accepted_at`` is set when the municipality
    accepts it as the submission's document.
    """

    __tablename__ = "signed_documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(300))
    file_sha256: Mapped[str] = mapped_column(ForeignKey("stored_files.sha256"))
    comparable: Mapped[bool] = mapped_column(Boolean)
    differences: Mapped[list] = mapped_column(JSON)
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
