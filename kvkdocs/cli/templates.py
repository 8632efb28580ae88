"""`kvkdocs templates export` and `kvkdocs templates check`: the secretariat's own templates."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..files import shown
from ..messages import render
from .base import LANG, OPTION_NAMES, _friendly, cli


@cli.group()
def templates():
    """Egne Word-maler: skriv ut malene som følger med, og kontroller dine egne."""


@templates.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), metavar="MAPPE")
@click.option("--force", is_flag=True, help="Skriv over maler som finnes fra før i mappen.")
@_friendly
def templates_export(folder, force):
    """Skriv malene som følger med (alle dokumenttyper, bokmål og nynorsk) og en README til MAPPE.

    \b
    Eksempel:
      kvkdocs templates export maler/
    """
    from ..templatefolder import README, export

    written = export(folder, force=force)
    click.echo(f"Skrev {len(written) - 1} maler og {README} til {shown(folder)}. Rediger malene i Word, "
               f"kontroller dem med «kvkdocs templates check {shown(folder)}», og bruk dem med "
               f"«--templates {shown(folder)}».")


@templates.command("check")
@click.argument("folder", type=click.Path(path_type=Path), metavar="MAPPE")
@LANG
@_friendly
def templates_check(folder, lang):
    """Kontroller malene i MAPPE slik en batch gjør før den skriver noe.

    Avslutningsstatus 1 når en mal har feil.

    \b
    Eksempel:
      kvkdocs templates check maler/
    """
    from ..templatefolder import check_folder

    result = check_folder(folder)
    nn = lang == "nn"
    for problem in result.problems:
        click.echo(f"feil  {render(problem, lang, names=OPTION_NAMES)}", err=True)
    for name, problems in result.checked.items():
        if not problems:
            click.echo(f"ok    {name}")
        for problem in problems:
            click.echo(f"feil  {render(problem, lang, names=OPTION_NAMES)}", err=True)
    if result.shipped and folder.is_dir():
        shipped = ", ".join(result.shipped)
        click.echo(f"Desse blir laga med malane som følgjer med kvkdocs: {shipped}." if nn
                   else f"Disse lages med malene som følger med kvkdocs: {shipped}.")
    if not result.ok:
        click.echo("Rett malane i Word og køyr kontrollen på nytt; ingen batch brukar ein mal med feil." if nn
                   else "Rett malene i Word og kjør kontrollen på nytt; ingen batch bruker en mal med feil.", err=True)
        sys.exit(1)
    click.echo(f"Malane i {shown(folder)} kan brukast." if nn else f"Malene i {shown(folder)} kan brukes.")
