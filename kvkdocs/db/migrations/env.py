"""Alembic's environment: runs on the engine handed over by :mod:`kvkdocs.db.migrate`."""

from alembic import context

from kvkdocs.db.models import Base

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    context.run_migrations()
