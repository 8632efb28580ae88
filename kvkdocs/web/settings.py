"""The web application's settings: one table, read from the environment once.

=========================  ==============================================  ==========================
Setting                    Environment variable                            Default
=========================  ==============================================  ==========================
database_url               ``KVKDOCS_DATABASE_URL``                        ``sqlite:///var/kvkdocs.sqlite3``
files_dir                  ``KVKDOCS_FILES_DIR``                           ``var/filer``
upload_limit (bytes)       ``KVKDOCS_UPLOAD_LIMIT_MB`` (megabytes)         50 MB per request
programme_dirs             ``KVKDOCS_PROGRAMMES_DIR`` (``:``-separated)    none (the shipped editions)
secure_cookies             ``KVKDOCS_SECURE_COOKIES`` (``1`` behind HTTPS)  off
=========================  ==============================================  ==========================

The settings object is plain data; the objects built from it (engine, file
store, checker) belong to :class:`kvkdocs.web.app.WebApp`, never to a global.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError

DEFAULT_DATABASE_URL = "sqlite:///var/kvkdocs.sqlite3"


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    files_dir: Path = Path("var/filer")
    upload_limit: int = 50 * 1024 * 1024
    programme_dirs: tuple[Path, ...] = field(default_factory=tuple)
    secure_cookies: bool = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> Settings:
        env = os.environ if environ is None else environ
        values: dict = {}
        if env.get("KVKDOCS_DATABASE_URL"):
            values["database_url"] = env["KVKDOCS_DATABASE_URL"]
        if env.get("KVKDOCS_FILES_DIR"):
            values["files_dir"] = Path(env["KVKDOCS_FILES_DIR"])
        if env.get("KVKDOCS_UPLOAD_LIMIT_MB"):
            try:
                megabytes = float(env["KVKDOCS_UPLOAD_LIMIT_MB"])
            except ValueError:
                raise UsageError(f"KVKDOCS_UPLOAD_LIMIT_MB må være et tall, ikke «{env['KVKDOCS_UPLOAD_LIMIT_MB']}».") from None
            if megabytes <= 0:
                raise UsageError("KVKDOCS_UPLOAD_LIMIT_MB må være større enn 0.")
            values["upload_limit"] = int(megabytes * 1024 * 1024)
        if env.get("KVKDOCS_PROGRAMMES_DIR"):
            values["programme_dirs"] = tuple(Path(p) for p in env["KVKDOCS_PROGRAMMES_DIR"].split(os.pathsep) if p)
        if env.get("KVKDOCS_SECURE_COOKIES"):
            values["secure_cookies"] = env["KVKDOCS_SECURE_COOKIES"].strip().lower() in ("1", "true", "ja", "yes")
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)
