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

LANG = click.option("--lang", type=click.Choice(["nb", "nn"]), default="nb", show_default=True,
                    help="Språk i meldingene: bokmål (nb) eller nynorsk (nn).")
PROGRAMMES_DIR = click.option("--programmes-dir", "programme_dirs", multiple=True,
                              type=click.Path(file_okay=False, path_type=Path),
                              help="Mappe med flere programutgaver (YAML). Kan gis flere ganger.")


class _NorwegianFormatter(click.HelpFormatter):
    """click writes its help chrome in English; ours is Norwegian."""

    SECTIONS = {"Options": "Valg", "Commands": "Kommandoer", "Arguments": "Argumenter"}

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix or "Bruk: ")

    def section(self, name: str):
        return super().section(self.SECTIONS.get(name, name))


class _NorwegianContext(click.Context):
    formatter_class = _NorwegianFormatter


class _NorwegianCommand(click.Command):
    context_class = _NorwegianContext

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Vis denne hjelpen og avslutt."
        return option


class _NorwegianGroup(_NorwegianCommand, click.Group):
    command_class = _NorwegianCommand
    group_class = type  # sub-groups are of this class too


def main() -> None:
    """Run the CLI; click's own usage errors are reported in Norwegian, with exit status 2."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.UsageError as exc:
        if exc.ctx is not None:
            click.echo(exc.ctx.get_usage(), err=True)
            click.echo(f"Se «{exc.ctx.command_path} --help».", err=True)
        click.echo(f"Feil: {exc.format_message()}", err=True)
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
            click.echo(f"Feil: {exc}", err=True)
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
