"""The application object and the Starlette app built around it.

:class:`WebApp` owns everything with resources: the database engine, the
file store, the checker (and so its reader processes) and the templates. It
is a context manager, and the Starlette app opens and closes it in its
lifespan, so no pool outlives the server and none lives in a global.
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

from ..db.engine import make_engine, make_sessionmaker
from ..db.filestore import FileStore
from ..db.migrate import is_current
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


class WebApp:
    """Everything one running web application holds, closed together."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = make_engine(settings.database_url)
        self.sessions = make_sessionmaker(self.engine)
        self.store = FileStore(settings.files_dir)
        self.checker = RoundChecker(programme_dirs=settings.programme_dirs)
        self.templates = Jinja2Templates(directory=HERE / "templates")
        env = self.templates.env
        env.filters.update(dato=_date, tidspunkt=_datetime, kroner=_kroner, utgave=self._edition_name)

    def _edition_name(self, edition_id: str) -> str:
        """People read the edition's name («Kvalitetskommuneprogrammet»), never its id."""
        catalogue = self.checker.checker.catalogue
        return catalogue.get(edition_id).name("nb") if edition_id in catalogue.ids() else edition_id

    def db(self) -> DbSession:
        """A database session; ``with app.db() as db, db.begin():`` commits or rolls back whole."""
        return self.sessions()

    def close(self) -> None:
        self.checker.close()
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

    routes = [*views.ROUTES, Mount("/static", StaticFiles(directory=HERE / "static"), name="static")]
    return Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={LoginRequired: login_required, HTTPException: views.error_page,
                            Exception: views.server_error},
        lifespan=lifespan,
    )
