"""The ``kvkdocs`` command group, its Norwegian help, and what every command shares.

Each command turns options into a library call; a
:class:`~kvkdocs.errors.KvkdocsError` becomes a clean message. Exit status:
0 all compliant, 1 some file has an error finding, 2 the command itself
could not run.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from pathlib import Path

import click

from .._version import __version__
from ..errors import KvkdocsError, UsageError
from ..safetext import escape_controls
from . import click_norsk

click_norsk.install()  # before any option is made: click.Path names its type ("FIL") when created

LANG = click.option("--lang", type=click.Choice(["nb", "nn"]), default="nb", show_default=True,
                    help="Språk i meldingene: bokmål (nb) eller nynorsk (nn).")
PROGRAMMES_DIR = click.option("--programmes-dir", "programme_dirs", multiple=True,
                              type=click.Path(file_okay=False, path_type=Path),
                              help="Mappe med flere programutgaver (YAML). Kan gis flere ganger.")

TEMPLATES_DIR = click.option("--templates", "templates", type=click.Path(file_okay=False, path_type=Path),
                             metavar="MAPPE", help="Mappe med egne Word-maler (se «kvkdocs templates export»); "
                             "ellers «maler:» i møtefilen eller KVKDOCS_TEMPLATES.")


class _NorwegianFormatter(click.HelpFormatter):
    """click writes its help chrome in English; ours is Norwegian."""

    SECTIONS = {"Options": "Valg", "Commands": "Kommandoer", "Arguments": "Argumenter"}

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix or "Bruk: ")

    def section(self, name: str):
        return super().section(self.SECTIONS.get(name, name))


class _NorwegianContext(click.Context):
    formatter_class = _NorwegianFormatter


# What an argument is called in «Bruk: kvkdocs draft [VALG] SØKNAD»; click would print its Python name.
ARGUMENT_NAMES = {"paths": "FIL/MAPPE", "application": "SØKNAD", "meeting": "MØTEFIL"}


class _NorwegianCommand(click.Command):
    context_class = _NorwegianContext

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", "[VALG]")
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, click.Argument) and param.metavar is None:
                name = ARGUMENT_NAMES.get(param.name or "", (param.name or "").upper())
                if not param.required:
                    name = f"[{name}]"
                param.metavar = name + ("..." if param.nargs != 1 else "")

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Vis denne hjelpen og avslutt."
        return option


class _NorwegianGroup(_NorwegianCommand, click.Group):
    command_class = _NorwegianCommand
    group_class = type  # sub-groups are of this class too

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("subcommand_metavar", "KOMMANDO [ARGUMENTER]...")
        super().__init__(*args, **kwargs)


def main() -> None:
    """Run the CLI; click's own usage errors are reported in Norwegian, with exit status 2."""
    try:
        cli.main(prog_name="kvkdocs", standalone_mode=False)
    except click.exceptions.UsageError as exc:
        if exc.ctx is not None:
            click.echo(exc.ctx.get_usage(), err=True)
            click.echo(f"Se «{exc.ctx.command_path} --help».", err=True)
        click.echo(f"Feil: {escape_controls(exc.format_message())}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("Avbrutt.", err=True)
        sys.exit(1)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    sys.exit(0)


def _friendly(fn):
    """Run a command; a KvkdocsError becomes «Feil: …» on stderr and exit 2."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except KvkdocsError as exc:
            click.echo(f"Feil: {escape_controls(str(exc))}", err=True)
            sys.exit(exc.exit_code)

    return wrapper


@click.group(cls=_NorwegianGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kvkdocs", message="%(prog)s %(version)s",
                      help="Vis versjonen og avslutt.")
def cli() -> None:
    """Kontroll av søknader og dokumenter for Kvalitetskommuneprogrammet
    og Sammen om en bedre kommune."""


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"«{value}» er ikke en dato. Skriv datoen som ÅÅÅÅ-MM-DD, for eksempel 2008-09-15.") from None
