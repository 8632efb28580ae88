"""`kvkdocs validate`, `kvkdocs rules` and `kvkdocs programmes`."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import click

from ..errors import UsageError
from ..files import OutputFile, shown
from .base import LANG, PROGRAMMES_DIR, Bar, _friendly, _parse_date, application, cli


def _use_colour(stream) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR")


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--programme", "-p", metavar="ID", help="Kontroller mot denne programutgaven (se «kvkdocs programmes»).")
@click.option("--deadline", metavar="ÅÅÅÅ-MM-DD", help="Søknadsfristen for runden; senere søknader får en advarsel.")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json", "csv", "xlsx", "html"]), default="text",
              show_default=True, help="Rapportformat.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Skriv rapporten til denne filen.")
@click.option("--force", is_flag=True, help="Skriv over en rapportfil som finnes fra før.")
@click.option("--checklist", is_flag=True, help="Vis hele sjekklisten per søknad (tekstformat).")
@LANG
@PROGRAMMES_DIR
@_friendly
def validate(paths, programme, deadline, fmt, output, force, checklist, lang, programme_dirs):
    """Kontroller søknader (filer eller mapper) mot reglene i programutgaven.

    \b
    Eksempler:
      kvkdocs validate samples/
      kvkdocs validate INNBOKS/ --programme kvalitetskommune-2006 --deadline 2008-09-15
      kvkdocs validate INNBOKS/ --format xlsx -o rapport.xlsx
    """
    from .. import verbs
    from ..report import BINARY_FORMATS, renderer

    if not paths:
        raise UsageError("Oppgi minst én fil eller mappe, for eksempel «kvkdocs validate samples/».")
    verbs.existing_paths(paths)
    if fmt in BINARY_FORMATS and output is None:
        raise UsageError(f"Formatet {fmt} må skrives til en fil: legg til «-o rapport.{fmt}».")
    target = OutputFile(output, force=force, inputs=paths) if output is not None else None
    with application(programme_dirs) as app, Bar() as bar:
        batch = verbs.validate(paths, programme, deadline=_parse_date(deadline), lang=lang, app=app, progress=bar)
    _emit(batch, fmt, target, lang, checklist, renderer(fmt), fmt in BINARY_FORMATS)
    sys.exit(0 if batch.compliant else 1)


def _emit(batch, fmt, output: OutputFile | None, lang, checklist, render, binary) -> None:
    if binary:
        buffer = io.BytesIO()
        render(batch, buffer, lang=lang)
        output.write(buffer.getvalue())
        return
    text = io.StringIO()
    colour = output is None and fmt == "text" and _use_colour(sys.stdout)
    render(batch, text, lang=lang, colour=colour, checklist=checklist)
    if output is None:
        click.echo(text.getvalue(), nl=False, color=colour or None)
    else:
        output.write(text.getvalue().encode("utf-8"))
        click.echo(f"Rapporten er skrevet til {shown(output.path)}.", err=True)


@cli.command()
@click.option("--programme", "-p", metavar="ID", help="Vis reglene slik denne programutgaven bruker dem.")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@LANG
@PROGRAMMES_DIR
@_friendly
def rules(programme, fmt, lang, programme_dirs):
    """List reglene: id, alvorlighet, utgaver, hjemmel og hva de sjekker.

    Hjemmelen sier alltid hva slags grunnlag regelen har: sitat fra kilden,
    tolkning av et sitat, praksis, eller praktisk krav som ingen kilde stiller.

    \b
    Eksempler:
      kvkdocs rules
      kvkdocs rules --programme sammen-om-en-bedre-kommune-2011
      kvkdocs rules --format json
    """
    from .. import verbs
    from ..findings import kind_label

    with application(programme_dirs) as app:
        rows = verbs.rules(programme, lang=lang, app=app)
    if fmt == "json":
        import json

        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    basis = "Heimel" if lang == "nn" else "Hjemmel"
    for row in rows:
        click.echo(f"{row['id']:<26} {row['severity']:<8} {', '.join(row['editions'])}")
        click.echo(f"    {row['checks']}")
        if row["citation"]:
            click.echo(f"    {basis}: {row['citation']}")
        else:
            for use in row["by_edition"]:  # per edition: its severity and the kind of its citation
                kind = kind_label(use["citation"]["kind"], lang) or "–"
                click.echo(f"    {use['edition']}: {use['severity']} · {basis.lower()}: {kind}")


@cli.command()
@LANG
@PROGRAMMES_DIR
@_friendly
def programmes(lang, programme_dirs):
    """List programutgavene kvkdocs kjenner, og hvor de er lest fra.

    \b
    Eksempel:
      kvkdocs programmes
    """
    from .. import verbs

    with application(programme_dirs) as app:
        editions = verbs.programmes(lang=lang, app=app)
    for edition in editions:
        click.echo(f"{edition.id}")
        click.echo(f"    {edition.name} ({edition.date or 'udatert'}"
                   f"{', ikke underskrevet' if edition.signed is False else ''})")
        click.echo(f"    {edition.application_rules} regler for søknader, {edition.decision_rules} for vedtak"
                   f" · {edition.source}")
