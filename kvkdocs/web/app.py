"""The application object and the Starlette app built around it.

:class:`WebApp` owns everything with resources: the library's
:class:`~kvkdocs.application.Application` (catalogue, templates, reader
processes), the database engine, the file store and the page templates. It
is a context manager, and the Starlette app opens and closes it in its
lifespan, so no pool outlives the server and none lives in a global.

A library error reaching a page becomes the HTTP status of
:data:`HTTP_STATUS` (the CLI has its exit codes; the library has neither).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import errno
import logging
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import pass_context
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session as DbSession
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ..application import Application
from ..db.engine import DatabaseError, make_engine, make_sessionmaker
from ..db.filestore import DISK_FULL, FileStore, FileStoreError
from ..db.migrate import is_current
from ..errors import IntakeError, KvkdocsError, LoadError, MeetingError, OutputError, ProgrammeError, UsageError
from ..messages import render_stored
from .intake import IntakeChecker, IntakeQueue
from .security import LoginRequired, SecurityHeaders
from .settings import Settings
from .tables import RoundTables
from .texts import context as page_texts
from .texts import lang_of

HERE = Path(__file__).parent
logger = logging.getLogger("kvkdocs.web")
OSLO = ZoneInfo("Europe/Oslo")


def _date(value) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _datetime(value: dt.datetime | None) -> str:
    if not value:
        return ""
    return value.replace(tzinfo=dt.UTC).astimezone(OSLO).strftime("%d.%m.%Y kl. %H:%M")


def _kroner(value) -> str:
    if value is None:
        return ""
    return "kr\u00a0" + f"{value:,}".replace(",", "\u00a0")


#: HTTP status by exception class, first match wins: what the user asked for or sent
#: cannot be used (4xx), or the service cannot do it now (5xx).
HTTP_STATUS: tuple[tuple[type[KvkdocsError], int], ...] = (
    (UsageError, 400), (ProgrammeError, 400), (MeetingError, 422), (LoadError, 422), (IntakeError, 422),
    (OutputError, 409), (DatabaseError, 503), (FileStoreError, 507), (KvkdocsError, 500),
)


def http_status(exc: KvkdocsError) -> int:
    return next(status for kind, status in HTTP_STATUS if isinstance(exc, kind))


def database_fault(exc: Exception) -> tuple[int, str]:
    """The status and Norwegian message for a database that cannot be used now (locked, read-only, gone, full).

    The request's transaction is rolled back whole, so the message can say that
    nothing was saved; the driver's own words are for the server log, not the page.
    """
    text = str(getattr(exc, "orig", exc)).lower()
    if "full" in text:
        return 507, ("Disken til databasen er full, så ingenting ble lagret. "
                     "Be driftsansvarlig frigjøre plass, og prøv igjen.")
    if "locked" in text or "busy" in text:
        return 503, ("Databasen er opptatt akkurat nå, så ingenting ble lagret. "
                     "Vent litt og prøv igjen.")
    return 503, ("Databasen kan ikke brukes akkurat nå (den kan mangle, være skrivebeskyttet eller ikke svare), "
                 "så ingenting ble lagret. Prøv igjen om litt, og si fra til driftsansvarlig hvis det varer.")


def sweep_orphans(web: WebApp) -> list[str]:
    """At start-up: remove stored files a killed server left without a row (older than a day, see the store).

    At start-up rather than as a command, because a start-up is what follows
    the ``kill -9`` that leaves them, and nobody has to remember to run it; the
    age limit makes it safe while another server process shares the store.
    """
    from ..db.rounds import stored_addresses

    with web.db() as db:
        named = stored_addresses(db)
    removed = web.store.sweep_orphans(named)
    if removed:
        logger.warning("Fjernet %d filer uten rad i databasen fra fillageret (eldre enn et døgn): %s",
                       len(removed), ", ".join(a[:12] for a in removed))
    return removed


class WebApp:
    """Everything one running web application holds, closed together."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings = replace(settings, server=True)  # a server runs threads: its workers are never forked
        self.app = Application(settings)
        self.engine = make_engine(settings.database_url)
        self.sessions = make_sessionmaker(self.engine)
        self.store = FileStore(settings.files_dir)
        # The intake's batch checker; the library's checker factory is ``self.app.checker()``.
        self.intake_checker = IntakeChecker(self.app)
        self.intake = IntakeQueue(self, notify=self._changed)
        self.loop: asyncio.AbstractEventLoop | None = None  # the server's, once it runs (see :meth:`start`)
        self._listeners: dict[int, asyncio.Event] = {}  # upload id -> pages waiting for its next verdict
        self.templates = Jinja2Templates(directory=HERE / "templates", context_processors=[page_texts])
        env = self.templates.env
        env.filters.update(dato=_date, tidspunkt=_datetime, kroner=_kroner, utgave=pass_context(
            lambda page, edition_id: self._edition_name(edition_id, page.get("lang", "nb"))), detalj=pass_context(
            lambda page, detail: render_stored(detail, page.get("lang", "nb"))))
        from .kommune import LiveFindings, page_context

        # The municipalities' pages: the same environment and filters, in the municipality's målform.
        self.kommune_templates = Jinja2Templates(env=env, context_processors=[page_context])
        self.live_findings = LiveFindings(self.app)  # the application form's findings as it is filled in
        self.round_tables = RoundTables()  # the dashboard's tables, kept until their round changes

    def editions(self) -> list[str]:
        """The programme editions a round may be for (their ids)."""
        return list(self.app.catalogue.ids())

    def _edition_name(self, edition_id: str, lang: str = "nb") -> str:
        """People read the edition's name («Kvalitetskommuneprogrammet»), never its id, in the page's målform."""
        catalogue = self.app.catalogue
        return catalogue.get(edition_id).name(lang) if edition_id in catalogue.ids() else edition_id

    def db(self) -> DbSession:
        """A database session; ``with app.db() as db, db.begin():`` commits or rolls back whole."""
        return self.sessions()

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Start checking in the background (files left waiting by an earlier run first); pages wait on ``loop``."""
        self.loop = loop
        self.app.reader.start()  # the workers up before the first upload, not during it
        for edition in self.editions():  # every edition read once here, not by two requests at once
            self.app.catalogue.get(edition)
        self.intake.start()

    def listen(self, upload_id: int) -> asyncio.Event:
        """An event set (on the server's loop) the next time one of the upload's files starts or ends its check.

        Take it before reading the upload's state, so that no change between the
        reading and the waiting is missed.
        """
        return self._listeners.setdefault(upload_id, asyncio.Event())

    def _changed(self, upload_id: int) -> None:
        """Called from the intake thread: wake the pages waiting on this upload."""
        loop = self.loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed between the test and the call
                loop.call_soon_threadsafe(self._wake_listeners, upload_id)

    def _wake_listeners(self, upload_id: int) -> None:
        event = self._listeners.pop(upload_id, None)
        if event is not None:
            event.set()

    def close(self) -> None:
        self.intake.stop()  # no check may be left using the pool or the engine below
        self.app.close()
        self.engine.dispose()

    def __enter__(self) -> WebApp:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def create_app(settings: Settings | None = None) -> Starlette:
    """The ASGI application. The database must already be migrated (``kvkdocs db upgrade``)."""
    from . import kommune, views

    settings = settings or Settings.from_env()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        with WebApp(settings) as web:
            if not is_current(web.engine):
                raise SystemExit("Databasen er ikke oppdatert. Kjør «kvkdocs db upgrade» først.")
            removed = web.store.clean_leftovers()  # before any request: no writer of ours is running
            if removed:
                logger.warning("Fjernet %d midlertidige filer/mapper etter et avbrutt løp: %s",
                               len(removed), ", ".join(removed))
            sweep_orphans(web)
            app.state.web = web
            web.start(asyncio.get_running_loop())
            yield

    async def login_required(request: Request, _exc: LoginRequired):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/logg-inn?neste={target}" if target != "/" else "/logg-inn", status_code=303)

    async def library_error(request: Request, exc: KvkdocsError):
        """A library error as a page with its HTTP status; the message is shown only for what the user can fix.

        The database and the file store say what is wrong in words for the user
        (locked, gone, disk full), so their messages are shown with 503 and 507.
        """
        status = http_status(exc)
        if isinstance(exc, DatabaseError | FileStoreError):
            return views.unavailable(request, status, str(exc))
        if status >= 500:
            response = await views.server_error(request, exc)
            response.status_code = status
            return response
        return await views.error_page(request, HTTPException(status, exc.in_language(lang_of(request))))

    async def database_error(request: Request, exc: OperationalError):
        """The database locked, read-only, gone or full: a Norwegian page with 503 (507 when the disk is full)."""
        logger.error("Databasefeil: %s", exc)
        status, message = database_fault(exc)
        return views.unavailable(request, status, message)

    async def os_error(request: Request, exc: OSError):
        """A full disk met outside the file store (a staging folder, the letters being written) is still 507."""
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            logger.error("Disken er full: %s", exc)
            return views.unavailable(request, 507, DISK_FULL)
        logger.error("Uventet feil fra filsystemet", exc_info=exc)
        return await views.server_error(request, exc)

    routes = [*views.ROUTES,
              *kommune.ROUTES,  # the municipalities' pages (issue 11)
              Mount("/static", StaticFiles(directory=HERE / "static"), name="static")]
    return Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={LoginRequired: login_required, HTTPException: views.error_page, KvkdocsError: library_error,
                            OperationalError: database_error, OSError: os_error, Exception: views.server_error},
        lifespan=lifespan,
    )
