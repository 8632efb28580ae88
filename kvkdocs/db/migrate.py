"""Alembic migrations shipped inside the package, run without an ``alembic.ini``.

The scripts live in ``kvkdocs/db/migrations`` so that a plain
``pip install .`` carries them; :func:`upgrade` finds them from this file's
own folder, never from the working directory.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from ..messages import Text
from .engine import DatabaseError

MIGRATIONS = Path(__file__).parent / "migrations"


def _config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` (the newest by default); safe to run again."""
    try:
        command.upgrade(_config(engine), revision)
    except SQLAlchemyError as exc:
        raise DatabaseError.said(Text("db.upgrade-failed", {"detail": f"{exc.__class__.__name__}: {str(exc)[:200]}"})) from exc


def current(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head() -> str:
    return ScriptDirectory.from_config(_config(None)).get_current_head()


def is_current(engine: Engine) -> bool:
    return current(engine) == head()
