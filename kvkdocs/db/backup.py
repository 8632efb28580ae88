"""Back up and restore the database.

SQLite: the online backup API copies a consistent snapshot while the server
keeps running, and restores the same way (page by page, under SQLite's own
locks). PostgreSQL has its own tools; for it we say how to use them instead
of copying half a database.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from ..messages import Text
from .engine import DatabaseError, is_sqlite


def _pg_advice(engine: Engine, verb: str, file: Path) -> Text:
    url = make_url(str(engine.url)).set(drivername="postgresql").render_as_string(hide_password=True)
    return Text("db.pg-backup" if verb == "backup" else "db.pg-restore", {"file": str(file), "url": url})


def _raw(engine: Engine) -> sqlite3.Connection:
    return engine.raw_connection().driver_connection


def backup(engine: Engine, file: Path) -> None:
    """Copy the live SQLite database to ``file`` (which must not exist yet)."""
    file = Path(file)
    if not is_sqlite(str(engine.url)):
        raise DatabaseError.said(_pg_advice(engine, "backup", file))
    if file.exists():
        raise DatabaseError.said(Text("db.backup-exists", {"file": str(file)}))
    if not file.parent.is_dir():
        raise DatabaseError.said(Text("db.no-folder", {"folder": str(file.parent)}))
    connection = engine.raw_connection()
    try:
        target = sqlite3.connect(file)
        try:
            connection.driver_connection.backup(target)
        finally:
            target.close()
    except sqlite3.Error as exc:
        file.unlink(missing_ok=True)
        raise DatabaseError.said(Text("db.backup-failed", {"file": str(file), "detail": str(exc)})) from exc
    finally:
        connection.close()


def restore(engine: Engine, file: Path) -> None:
    """Replace the live SQLite database's contents with the backup in ``file``."""
    file = Path(file)
    if not is_sqlite(str(engine.url)):
        raise DatabaseError.said(_pg_advice(engine, "restore", file))
    if not file.is_file():
        raise DatabaseError.said(Text("db.backup-missing", {"file": str(file)}))
    try:
        source = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DatabaseError.said(Text("db.cannot-open", {"file": str(file), "detail": str(exc)})) from exc
    try:
        try:
            tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError as exc:
            raise DatabaseError.said(Text("db.not-sqlite", {"file": str(file), "detail": str(exc)})) from exc
        if "alembic_version" not in tables or "rounds" not in tables:
            raise DatabaseError.said(Text("db.not-a-backup", {"file": str(file)}))
        engine.dispose()  # no pooled connection may keep reading the old pages
        connection = engine.raw_connection()
        try:
            source.backup(connection.driver_connection)
        finally:
            connection.close()
        engine.dispose()
    except sqlite3.Error as exc:
        raise DatabaseError.said(Text("db.restore-failed", {"detail": str(exc)})) from exc
    finally:
        source.close()
