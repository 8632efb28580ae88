"""The application object: settings, and everything built from them that holds resources.

Both front doors (the ``kvkdocs`` command and ``kvkdocs serve``) make one
:class:`Application` and hand it to the verbs of :mod:`kvkdocs.verbs`. It
owns the programme catalogue (read and checked once), the municipality
register, the compiled letter templates and the pool of reader processes,
and closes them when it is closed, so that no module has to keep a pool or a
cache in a global, and a server's pool never outlives it.

The settings are one table, read from the environment once:

=========================  ==============================================  ==================================
Setting                    Environment variable                            Default
=========================  ==============================================  ==================================
programme_dirs             ``KVKDOCS_PROGRAMMES_DIR`` (``:``-separated)    none (the shipped editions)
templates_dir              ``KVKDOCS_TEMPLATES``                           none (the shipped templates)
database_url               ``KVKDOCS_DATABASE_URL``                        ``sqlite:///var/kvkdocs.sqlite3``
files_dir                  ``KVKDOCS_FILES_DIR``                           ``var/filer``
upload_limit (bytes)       ``KVKDOCS_UPLOAD_LIMIT_MB`` (megabytes)         50 MB per request
read_time_limit (seconds)  ``KVKDOCS_READ_TIME_LIMIT``                     30 s per Word or PDF file
reader_processes           ``KVKDOCS_READER_PROCESSES``                    the cores, at most 4
start_method               ``KVKDOCS_START_METHOD``                        forked where safe, else ``forkserver``
secure_cookies             ``KVKDOCS_SECURE_COOKIES`` (``1`` behind HTTPS)  off
server                     (set by the web application)                    off
=========================  ==============================================  ==================================

A child forked from a process with several threads can inherit a lock another
thread held and hang. A server runs threads, so its workers never are forked:
they come from a fork server, started once per process, that forks cheaply
after that. A command may fork its reader workers while it runs one thread, which
saves starting that server (see :mod:`kvkdocs.load.isolated`); ``forkserver``
or ``spawn`` as the start method turns that off.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import UsageError
from .messages import Text

if TYPE_CHECKING:
    from .batch import Templates
    from .check import Checker
    from .load.isolated import IsolatedReader
    from .programmes import Catalogue
    from .register import Register

DEFAULT_DATABASE_URL = "sqlite:///var/kvkdocs.sqlite3"
START_METHODS = ("forkserver", "spawn")


@dataclass(frozen=True)
class Settings:
    """The one table of settings (see the module's docstring for the environment variables)."""

    programme_dirs: tuple[Path, ...] = field(default_factory=tuple)
    templates_dir: Path | None = None
    database_url: str = DEFAULT_DATABASE_URL
    files_dir: Path = Path("var/filer")
    upload_limit: int = 50 * 1024 * 1024
    read_time_limit: float = 30
    reader_processes: int | None = None
    start_method: str | None = None  # None: a command forks where it is safe, else the fork server
    secure_cookies: bool = False
    server: bool = False  # a process that runs threads (the web): its workers are never forked

    def __post_init__(self) -> None:
        if self.start_method is not None and self.start_method not in START_METHODS:
            raise UsageError.said(Text("usage.start-method", {"method": self.start_method,
                                                              "choices": " eller ".join(START_METHODS)}))
        object.__setattr__(self, "programme_dirs", tuple(Path(p) for p in self.programme_dirs))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> Settings:
        """The settings from ``environ`` (the process's environment by default); ``overrides`` that are not None win."""
        env = os.environ if environ is None else environ
        values: dict = {}
        if env.get("KVKDOCS_DATABASE_URL"):
            values["database_url"] = env["KVKDOCS_DATABASE_URL"]
        if env.get("KVKDOCS_FILES_DIR"):
            values["files_dir"] = Path(env["KVKDOCS_FILES_DIR"])
        if env.get("KVKDOCS_TEMPLATES"):
            values["templates_dir"] = Path(env["KVKDOCS_TEMPLATES"])
        if env.get("KVKDOCS_UPLOAD_LIMIT_MB"):
            values["upload_limit"] = int(_positive(env, "KVKDOCS_UPLOAD_LIMIT_MB") * 1024 * 1024)
        if env.get("KVKDOCS_READ_TIME_LIMIT"):
            values["read_time_limit"] = _positive(env, "KVKDOCS_READ_TIME_LIMIT")
        if env.get("KVKDOCS_READER_PROCESSES"):
            values["reader_processes"] = max(1, int(_positive(env, "KVKDOCS_READER_PROCESSES")))
        if env.get("KVKDOCS_START_METHOD"):
            values["start_method"] = env["KVKDOCS_START_METHOD"].strip()
        if env.get("KVKDOCS_PROGRAMMES_DIR"):
            values["programme_dirs"] = tuple(Path(p) for p in env["KVKDOCS_PROGRAMMES_DIR"].split(os.pathsep) if p)
        if env.get("KVKDOCS_SECURE_COOKIES"):
            values["secure_cookies"] = env["KVKDOCS_SECURE_COOKIES"].strip().lower() in ("1", "true", "ja", "yes")
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def _positive(env: Mapping[str, str], name: str) -> float:
    try:
        number = float(env[name])
    except ValueError:
        raise UsageError.said(Text("usage.not-a-number", {"name": name, "value": env[name]})) from None
    if number <= 0:
        raise UsageError.said(Text("usage.not-positive", {"name": name}))
    return number


class Application:
    """One running kvkdocs: its settings and the objects built from them, closed together.

    Everything is built on first use, so a command that lists the rules
    starts no processes. Use it as a context manager::

        with Application(Settings(programme_dirs=(Path("utgaver"),))) as app:
            batch = verbs.validate(["innboks/"], app=app)
    """

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._catalogue: Catalogue | None = None
        self._reader: IsolatedReader | None = None
        self._templates: Templates | None = None

    @property
    def catalogue(self) -> Catalogue:
        """The programme editions on the settings' search path, read and checked once."""
        if self._catalogue is None:
            from .programmes import Catalogue

            self._catalogue = Catalogue(self.settings.programme_dirs)
        return self._catalogue

    @property
    def register(self) -> Register:
        """The municipality register (shipped data, read once per process)."""
        from .register import load_register

        return load_register()

    @property
    def reader(self) -> IsolatedReader:
        """The pool of reader processes for Word and PDF files, started on first use."""
        if self._reader is None:
            from .load.isolated import IsolatedReader

            self._reader = IsolatedReader(self.settings.reader_processes, start_method=self.settings.start_method,
                                          server=self.settings.server, time_limit=self.settings.read_time_limit)
        return self._reader

    @property
    def templates(self) -> Templates:
        """The letter and minutes templates, each compiled once: the user's folder's where it has one."""
        if self._templates is None:
            from .batch import Templates

            self._templates = Templates(self.template_folder())
        return self._templates

    def template_folder(self, option=None, meeting=None):
        """The user's templates a command uses (see :func:`kvkdocs.render.usertemplates.choose_folder`), or None.

        ``option`` is the command's own choice (``--templates``); ``meeting`` a
        meeting whose file may name a folder (``maler:``); this application's
        ``templates_dir`` comes last.
        """
        from .render.usertemplates import choose_folder

        return choose_folder(option, meeting.path if meeting is not None else None,
                             meeting.data.get("maler") if meeting is not None else None,
                             fallback=self.settings.templates_dir)

    def checker(self, programme: str | None = None, **options) -> Checker:
        """A checker sharing this application's catalogue and reader pool (closing it leaves them open)."""
        from .check import Checker

        return Checker(programme, catalogue=self.catalogue, reader=self.reader, **options)

    def close(self) -> None:
        """Stop the reader processes; the application can be used again (they start anew)."""
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def __enter__(self) -> Application:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
