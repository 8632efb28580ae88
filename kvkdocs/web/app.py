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

import contextlib
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

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
from ..db.filestore import FileStore, FileStoreError
from ..db.migrate import is_current
from ..errors import IntakeError, KvkdocsError, LoadError, MeetingError, OutputError, ProgrammeError, UsageError
from .intake import RoundChecker
from .security import LoginRequired, SecurityHeaders
from .settings import Settings

HERE = Path(__file__).parent
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


class WebApp:
    """Everything one running web application holds, closed together."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.app = Application(settings)
        self.engine = make_engine(settings.database_url)
        self.sessions = make_sessionmaker(self.engine)
        self.store = FileStore(settings.files_dir)
        self.checker = RoundChecker(self.app)
        self.templates = Jinja2Templates(directory=HERE / "templates")
        env = self.templates.env
        env.filters.update(dato=_date, tidspunkt=_datetime, kroner=_kroner, utgave=self._edition_name)

    def _edition_name(self, edition_id: str) -> str:
        """People read the edition's name («Kvalitetskommuneprogrammet»), never its id."""
        catalogue = self.app.catalogue
        return catalogue.get(edition_id).name("nb") if edition_id in catalogue.ids() else edition_id

    def db(self) -> DbSession:
        """A database session; ``with app.db() as db, db.begin():`` commits or rolls back whole."""
        return self.sessions()

    def close(self) -> None:
        self.app.close()
        self.engine.dispose()

    def __enter__(self) -> WebApp:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def create_app(settings: Settings | None = None) -> Starlette:
    """The ASGI application. The database must already be migrated (``kvkdocs db upgrade``)."""
    from . import views

    settings = settings or Settings.from_env()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        with WebApp(settings) as web:
            if not is_current(web.engine):
                raise SystemExit("Databasen er ikke oppdatert. Kjør «kvkdocs db upgrade» først.")
            app.state.web = web
            yield

    async def login_required(request: Request, _exc: LoginRequired):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/logg-inn?neste={target}" if target != "/" else "/logg-inn", status_code=303)

    async def library_error(request: Request, exc: KvkdocsError):
        """A library error as a page with its HTTP status; the message is shown only for what the user can fix."""
        status = http_status(exc)
        if status >= 500:
            response = await views.server_error(request, exc)
            response.status_code = status
            return response
        return await views.error_page(request, HTTPException(status, str(exc)))

    routes = [*views.ROUTES, Mount("/static", StaticFiles(directory=HERE / "static"), name="static")]
    return Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={LoginRequired: login_required, HTTPException: views.error_page, KvkdocsError: library_error,
                            Exception: views.server_error},
        lifespan=lifespan,
    )
