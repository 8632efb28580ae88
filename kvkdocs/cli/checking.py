"""`kvkdocs validate`, `kvkdocs rules` and `kvkdocs programmes`."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import click

from ..errors import UsageError
from ..files import write_atomically
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
@click.option("--checklist", is_flag=True, help="Vis hele sjekklisten per søknad (tekstformat).")
@LANG
@PROGRAMMES_DIR
@_friendly
def validate(paths, programme, deadline, fmt, output, checklist, lang, programme_dirs):
    """Kontroller søknader (filer eller mapper) mot reglene i programutgaven.

    \b
    Eksempler:
      kvkdocs validate samples/
      kvkdocs validate INNBOKS/ --programme kvalitetskommune-2006 --deadline 2008-09-15
      kvkdocs validate INNBOKS/ --format xlsx -o rapport.xlsx
    """
    from ..check import Checker
    from ..load import iter_input_files
    from ..report import BINARY_FORMATS, renderer
    from ..result import BatchResult

    if not paths:
        raise UsageError("Oppgi minst én fil eller mappe, for eksempel «kvkdocs validate samples/».")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"Finner ikke {', '.join(missing)}. Sjekk stien.")
    if fmt in BINARY_FORMATS and output is None:
        raise UsageError(f"Formatet {fmt} må skrives til en fil: legg til «-o rapport.{fmt}».")
    checker = Checker(programme, deadline=_parse_date(deadline), lang=lang, programme_dirs=programme_dirs,
                      roots=paths)
    files = list(iter_input_files(paths))
    batch = BatchResult([], programme, checker.deadline)
    try:
        with _progress(len(files)) as bar:
            for result in checker.iter_check(files):
                batch.files.append(result)
                bar.update(1)
    finally:
        checker.close()
    _emit(batch, fmt, output, lang, checklist, renderer(fmt), fmt in BINARY_FORMATS)
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


def _emit(batch, fmt, output, lang, checklist, render, binary) -> None:
    if binary:
        buffer = io.BytesIO()
        render(batch, buffer, lang=lang)
        write_atomically(output, buffer.getvalue())
        return
    text = io.StringIO()
    colour = output is None and fmt == "text" and _use_colour(sys.stdout)
    render(batch, text, lang=lang, colour=colour, checklist=checklist)
    if output is None:
        click.echo(text.getvalue(), nl=False, color=colour or None)
    else:
        write_atomically(output, text.getvalue().encode("utf-8"))
        click.echo(f"Rapporten er skrevet til {output}.", err=True)


@cli.command()
@click.option("--programme", "-p", metavar="ID", help="Vis reglene slik denne programutgaven bruker dem.")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@LANG
@PROGRAMMES_DIR
@_friendly
def rules(programme, fmt, lang, programme_dirs):
    """List reglene: id, alvorlighet, utgaver, hjemmel og hva de sjekker.

    \b
    Eksempler:
      kvkdocs rules
      kvkdocs rules --programme sammen-om-en-bedre-kommune-2011
    """
    from ..programmes import Catalogue
    from ..rules import RULES

    catalogue = Catalogue(programme_dirs)
    editions = [catalogue.get(programme)] if programme else list(catalogue)
    rows = []
    for rule in RULES.values():
        using = [e for e in editions if rule.id in e.rules]
        if programme and not using and rule.group == "application":
            continue
        severity = using[0].rules[rule.id].severity.value if programme and using else rule.severity.value
        rows.append({
            "id": rule.id, "group": rule.group, "severity": severity,
            "editions": [e.id for e in using] if rule.group == "application" else ["alle"],
            "citation": using[0].citation(rule.id, lang).describe() if programme and using else "",
            "checks": rule.describe(lang),
        })
    if fmt == "json":
        import json

        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row['id']:<26} {row['severity']:<8} {', '.join(row['editions'])}")
        click.echo(f"    {row['checks']}")
        if row["citation"]:
            click.echo(f"    Hjemmel: {row['citation']}")


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

    for edition in Catalogue(programme_dirs):
        agreement = edition.data.get("avtale") or {}
        click.echo(f"{edition.id}")
        day = agreement.get("dato") or "udatert"  # a date known only to the year is shown as the year
        day = day[:4] if agreement.get("dato_presisjon") == "år" else day
        click.echo(f"    {edition.name(lang)} ({day}"
                   f"{', ikke underskrevet' if agreement.get('underskrevet') is False else ''})")
        click.echo(f"    {len(edition.rules)} regler · {edition.source}")
