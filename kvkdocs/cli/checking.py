"""`kvkdocs validate`, `kvkdocs rules` and `kvkdocs programmes`."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import click

from ..errors import UsageError
from ..files import OutputFile, shown
from ..safetext import shown_path
from .base import LANG, PROGRAMMES_DIR, _friendly, _parse_date, cli


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
    from ..check import Checker
    from ..report import BINARY_FORMATS, renderer
    from ..result import BatchResult

    if not paths:
        raise UsageError("Oppgi minst én fil eller mappe, for eksempel «kvkdocs validate samples/».")
    if not any(os.path.lexists(p) for p in paths):
        raise UsageError(f"Finner ikke {', '.join(shown_path(p) for p in paths)}. Sjekk stien.")
    if fmt in BINARY_FORMATS and output is None:
        raise UsageError(f"Formatet {fmt} må skrives til en fil: legg til «-o rapport.{fmt}».")
    target = OutputFile(output, force=force, inputs=paths) if output is not None else None
    checker = Checker(programme, deadline=_parse_date(deadline), lang=lang, programme_dirs=programme_dirs,
                      roots=paths)
    inbox = checker.scan(paths)  # a missing or unreadable argument is a finding; the others go on
    batch = BatchResult([], programme, checker.deadline, skipped=inbox.skipped)
    try:
        with _progress(len(inbox.files)) as bar:
            for result in checker.iter_check(inbox):
                batch.files.append(result)
                bar.update(1)
    finally:
        checker.close()
    _emit(batch, fmt, target, lang, checklist, renderer(fmt), fmt in BINARY_FORMATS)
    sys.exit(batch.exit_code)


def _progress(total: int):
    """A progress bar on a terminal for more than a handful of files; none when piped."""
    from contextlib import nullcontext

    if total < 5 or not sys.stderr.isatty():
        return nullcontext(_NoBar())
    from tqdm import tqdm

    return tqdm(total=total, unit="fil", file=sys.stderr, leave=False)


class _NoBar:
    def update(self, _n: int) -> None:
        pass


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
    from ..findings import kind_label
    from ..programmes import Catalogue
    from ..rule_listing import rule_rows

    catalogue = Catalogue(programme_dirs)
    editions = [catalogue.get(programme)] if programme else list(catalogue)
    rows = rule_rows(editions, lang, one_edition=bool(programme))
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
    from ..programmes import Catalogue
    from ..rules import RULES

    for edition in Catalogue(programme_dirs):
        agreement = edition.data.get("avtale") or {}
        click.echo(f"{edition.id}")
        day = agreement.get("dato") or "udatert"  # a date known only to the year is shown as the year
        day = day[:4] if agreement.get("dato_presisjon") == "år" else day
        click.echo(f"    {edition.name(lang)} ({day}"
                   f"{', ikke underskrevet' if agreement.get('underskrevet') is False else ''})")
        groups = [RULES[r].group for r in edition.rules]
        click.echo(f"    {groups.count('application')} regler for søknader, {groups.count('decision')} for vedtak"
                   f" · {edition.source}")
