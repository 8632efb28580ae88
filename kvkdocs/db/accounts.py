"""Accounts, login sessions and login throttling.

Passwords are hashed with argon2id. A session token is random and kept by
the browser only; the database holds its SHA-256, so a copy of the database
does not log anyone in. Logging in is two steps, *who is this* (here: a
password; later perhaps an OpenID Connect provider such as ID-porten) and
:func:`start_session` for a known user, so another way to say who one is can
be added without touching sessions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session as DbSession

from ..errors import KvkdocsError
from ..messages import Text
from .models import ROLES, LoginAttempt, Session, User, utcnow

SESSION_LIFETIME = dt.timedelta(hours=10)
THROTTLE_WINDOW = dt.timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20
MIN_PASSWORD_LENGTH = 10

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters; holds no resources


class AccountError(KvkdocsError):
    """An account cannot be created or changed as asked."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _verify(stored: str | None, password: str) -> bool:
    if not stored:
        _hasher.hash(password)  # spend the same time whether or not the account exists
        return False
    try:
        return _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def add_user(db: DbSession, username: str, password: str, role: str, display_name: str = "") -> User:
    """Create an account, or set a new password and role for an existing one."""
    username = username.strip().lower()
    if not username or len(username) > 100 or any(c.isspace() for c in username):
        raise AccountError.said(Text("account.bad-username"))
    if role not in ROLES:
        raise AccountError.said(Text("account.unknown-role", {"role": role, "roles": ", ".join(ROLES)}))
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError.said(Text("account.short-password", {"length": MIN_PASSWORD_LENGTH}))
    user = db.scalar(select(User).where(User.username == username))
    if user is None:
        user = User(username=username, role=role, display_name=display_name or username)
        db.add(user)
    user.role = role
    user.password_hash = hash_password(password)
    if display_name:
        user.display_name = display_name
    db.flush()
    return user


@dataclass(frozen=True)
class LoginOutcome:
    user: User | None
    #: ``ok``, ``wrong`` (unknown user or wrong password: never told apart) or ``throttled``.
    status: str


def throttled(db: DbSession, username: str, address: str, now: dt.datetime | None = None) -> bool:
    since = (now or utcnow()) - THROTTLE_WINDOW
    failures = select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.succeeded.is_(False), LoginAttempt.at >= since)
    by_account = db.scalar(failures.where(LoginAttempt.username == username))
    by_address = db.scalar(failures.where(LoginAttempt.address == address))
    return by_account >= MAX_FAILURES_PER_ACCOUNT or by_address >= MAX_FAILURES_PER_ADDRESS


def check_password(db: DbSession, username: str, password: str, address: str) -> LoginOutcome:
    """Who is this, by password; every try is recorded, and too many failures stop further tries."""
    username = username.strip().lower()[:100]
    address = address[:64]
    if throttled(db, username, address):
        return LoginOutcome(None, "throttled")
    user = db.scalar(select(User).where(User.username == username, User.active.is_(True)))
    ok = _verify(user.password_hash if user else None, password)
    db.add(LoginAttempt(username=username, address=address, succeeded=ok))
    db.flush()
    return LoginOutcome(user if ok else None, "ok" if ok else "wrong")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(db: DbSession, user: User) -> tuple[str, Session]:
    """A new session for a user already known to be who they say; returns the cookie's token."""
    token = secrets.token_urlsafe(32)
    row = Session(token_hash=_digest(token), user_id=user.id, csrf_token=secrets.token_urlsafe(32),
                  expires_at=utcnow() + SESSION_LIFETIME)
    db.add(row)
    db.execute(delete(Session).where(Session.expires_at < utcnow()))
    db.flush()
    return token, row


def find_session(db: DbSession, token: str | None) -> Session | None:
    if not token or len(token) > 100:
        return None
    row = db.get(Session, _digest(token))
    if row is None or row.expires_at < utcnow() or not row.user.active:
        return None
    return row


def end_session(db: DbSession, token: str | None) -> None:
    if token:
        db.execute(delete(Session).where(Session.token_hash == _digest(token)))
