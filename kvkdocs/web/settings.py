"""The web application's settings are the application's: one table, in :mod:`kvkdocs.application`.

The settings object is plain data; the objects built from it belong to
:class:`kvkdocs.application.Application` (catalogue, reader pool, templates)
and to :class:`kvkdocs.web.app.WebApp` (engine, file store), never to a global.
"""

from __future__ import annotations

from ..application import DEFAULT_DATABASE_URL, Settings

__all__ = ["DEFAULT_DATABASE_URL", "Settings"]
