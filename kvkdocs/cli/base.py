"""The ``kvkdocs`` command group, its Norwegian help, and what every command shares.

Each command parses its options, calls one verb of :mod:`kvkdocs.verbs`, and
prints the result; a :class:`~kvkdocs.errors.KvkdocsError` becomes a clean
message. Exit status: 0 all compliant, 1 some file has an error finding (or
the meeting file cannot be used), 2 the command itself could not run. The
library's errors carry no exit status: :data:`EXIT_CODES` maps them here.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from pathlib import Path

import click

from .._version import __version__
from ..errors import KvkdocsError, MeetingError, UsageError
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


#: Exit status by exception class, first match wins: a meeting file that cannot be
#: used is a verdict on the user's input (1), anything else means the command could not run (2).
EXIT_CODES: tuple[tuple[type[KvkdocsError], int], ...] = ((MeetingError, 1), (KvkdocsError, 2))

#: What the library's messages call a choice or a listing (kvkdocs.errors.CHOICES), as the command line offers it.
OPTION_NAMES = {
    "force": "--force",
    "pdf": "--pdf",
    "pdf-optional": "--no-pdf-ok",
    "draft": "--utkast",
    "date": "--dato",
    "output-file": "et filnavn, for eksempel «-o rapport.html»",
    "output-folder": "«-o ut»",
    "programmes": "«kvkdocs programmes»",
    "rules": "«kvkdocs rules»",
    "templates-export": "«kvkdocs templates export»",
    "templates": "--templates",
    # Choices said with values (kvkdocs.messages.render): the pattern is filled with the message's own.
    "templates-check": "«kvkdocs templates check {folder}»",
    "templates-export-to": "«kvkdocs templates export {folder}»",
}


def exit_code(exc: KvkdocsError) -> int:
    return next(code for kind, code in EXIT_CODES if isinstance(exc, kind))


def fail(exc: KvkdocsError, lang: str = "nb") -> None:
    """Print a library error as the command line says it (options by name, in the command's målform),
    and exit with its status."""
    # A library message may list its points on lines of their own (a template's problems); what it
    # quotes from files was escaped where it was put in, and any other control is escaped here.
    lines = exc.phrased(OPTION_NAMES, lang).split("\n")
    click.echo("Feil: " + "\n".join(escape_controls(line) for line in lines), err=True)
    sys.exit(exit_code(exc))


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
    """Run a command; a KvkdocsError becomes «Feil: …» on stderr (in the målform of ``--lang``) and exit 2."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except KvkdocsError as exc:
            fail(exc, kwargs.get("lang") or "nb")

    return wrapper


@click.group(cls=_NorwegianGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kvkdocs", message="%(prog)s %(version)s",
                      help="Vis versjonen og avslutt.")
def cli() -> None:
    """Kontroll av søknader og dokumenter for Kvalitetskommuneprogrammet
    og Sammen om en bedre kommune."""


def application(programme_dirs=(), **settings):
    """The application a command runs in: the settings from the environment, the options' folders, ``settings``."""
    from ..application import Application, Settings

    return Application(Settings.from_env(programme_dirs=tuple(programme_dirs) or None, **settings))


class Bar:
    """A verb's ``progress(done, total)`` as a progress bar on a terminal; none for a handful of files or when piped."""

    def __init__(self) -> None:
        self._bar = None
        self._done = 0

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            if total < 5 or not sys.stderr.isatty():
                self._bar = False
            else:
                from tqdm import tqdm

                tqdm.monitor_interval = 0  # no monitor thread: a command's reader pool forks while it runs one thread
                self._bar = tqdm(total=total, unit="fil", file=sys.stderr, leave=False)
        if self._bar:
            self._bar.update(done - self._done)
        self._done = done

    def __enter__(self) -> Bar:
        return self

    def __exit__(self, *exc) -> None:
        if self._bar:
            self._bar.close()


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"«{value}» er ikke en dato. Skriv datoen som ÅÅÅÅ-MM-DD, for eksempel 2008-09-15.") from None
