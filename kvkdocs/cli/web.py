"""`kvkdocs serve`, `kvkdocs db …` and `kvkdocs users …`: the web application's commands.

The web and database packages are imported inside each command, so the
rest of the CLI works (and starts fast) without the ``web`` extra.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import UsageError
from .base import _friendly, cli

_MISSING = ("Nettløsningen krever tilleggspakkene i «web». "
            "Installer dem med: pip install 'kvkdocs[web]' (eller kjør «make serve»).")


def _settings(database_url: str | None = None):
    try:
        import sqlalchemy  # noqa: F401

        from ..web.settings import Settings
    except ImportError as exc:
        raise UsageError(_MISSING) from exc
    return Settings.from_env(database_url=database_url)


def _engine(settings):
    from ..db.engine import make_engine

    return make_engine(settings.database_url)


DATABASE = click.option("--database-url", default=None, metavar="URL",
                        help="Databaseadresse (ellers KVKDOCS_DATABASE_URL, eller SQLite under var/).")


@cli.group("db")
def db_group() -> None:
    """Databasen til nettløsningen: oppgradering, sikkerhetskopi og gjenoppretting."""


@db_group.command("upgrade")
@DATABASE
@_friendly
def db_upgrade(database_url: str | None) -> None:
    """Opprett databasen, eller oppgrader den til nyeste versjon."""
    from ..db.migrate import current, upgrade

    engine = _engine(_settings(database_url))
    try:
        upgrade(engine)
        click.echo(f"Databasen er oppdatert (versjon {current(engine)}).")
    finally:
        engine.dispose()


@db_group.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@DATABASE
@_friendly
def db_backup(file: Path, database_url: str | None) -> None:
    """Ta sikkerhetskopi av databasen til FILE (SQLite, mens tjenesten kjører)."""
    from ..db.backup import backup

    engine = _engine(_settings(database_url))
    try:
        backup(engine, file)
    finally:
        engine.dispose()
    click.echo(f"Sikkerhetskopi skrevet til {file}.")


@db_group.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@DATABASE
@_friendly
def db_restore(file: Path, database_url: str | None) -> None:
    """Gjenopprett databasen fra sikkerhetskopien FILE. Stopp tjenesten først."""
    from ..db.backup import restore

    engine = _engine(_settings(database_url))
    try:
        restore(engine, file)
    finally:
        engine.dispose()
    click.echo(f"Databasen er gjenopprettet fra {file}.")


@cli.group("users")
def users_group() -> None:
    """Brukerkontoer i nettløsningen."""


@users_group.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(["sekretariat", "lesetilgang"]), default="sekretariat", show_default=True,
              help="Rollen: sekretariat (kan endre) eller lesetilgang (kan bare se).")
@click.option("--name", "display_name", default="", help="Navnet som vises, for eksempel «Kari Nordmann».")
@click.option("--password-stdin", is_flag=True, help="Les passordet fra standard inn (første linje).")
@DATABASE
@_friendly
def users_add(username: str, role: str, display_name: str, password_stdin: bool, database_url: str | None) -> None:
    """Opprett brukeren USERNAME, eller gi den nytt passord og ny rolle."""
    settings = _settings(database_url)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Passord", hide_input=True, confirmation_prompt="Gjenta passordet")
    from ..db.accounts import add_user
    from ..db.engine import make_sessionmaker
    from ..db.migrate import is_current

    engine = _engine(settings)
    try:
        if not is_current(engine):
            raise UsageError("Databasen er ikke oppdatert. Kjør «kvkdocs db upgrade» først.")
        with make_sessionmaker(engine)() as db, db.begin():
            user = add_user(db, username, password, role, display_name)
            name = user.username
    finally:
        engine.dispose()
    click.echo(f"Brukeren {name} har rollen {role}.")


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Adressen tjenesten lytter på.")
@click.option("--port", default=8000, show_default=True, type=int, help="Porten tjenesten lytter på.")
@click.option("--demo", is_flag=True,
              help="Oppgrader databasen, last inn eksempelrundene fra samples/ og lag en demobruker først.")
@DATABASE
@_friendly
def serve(host: str, port: int, demo: bool, database_url: str | None) -> None:
    """Start nettløsningen for sekretariatet."""
    settings = _settings(database_url)
    try:
        import uvicorn
    except ImportError as exc:
        raise UsageError(_MISSING) from exc
    from ..db.migrate import is_current, upgrade
    from ..web.app import WebApp, create_app

    login = None
    if demo:
        from ..web.demo import demo_user, load_samples

        with WebApp(settings) as web:
            upgrade(web.engine)
            samples = Path("samples")
            if not samples.is_dir():
                raise UsageError("Fant ikke mappen samples/. Kjør «make serve» fra kvkdocs-mappen.")
            for line in load_samples(web, samples):
                click.echo(line)
            login = demo_user(web)
    else:
        engine = _engine(settings)
        try:
            if not is_current(engine):
                raise UsageError("Databasen er ikke oppdatert. Kjør «kvkdocs db upgrade» først.")
        finally:
            engine.dispose()
    click.echo(f"\nkvkdocs kjører på http://{host}:{port}/")
    if login:
        click.echo(f"bruker: {login[0]}  passord: {login[1]}")
    click.echo("Stopp med Ctrl+C.\n")
    uvicorn.run(create_app(settings), host=host, port=port, server_header=False, proxy_headers=False,
                log_level="warning")
