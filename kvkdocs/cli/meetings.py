"""`kvkdocs letters` and `kvkdocs minutes`: documents after a decision meeting."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..files import OutputFile, shown
from .base import LANG, PROGRAMMES_DIR, TEMPLATES_DIR, Bar, _friendly, application, cli


def _print_findings(findings, lang: str) -> None:
    from ..report._words import SEVERITY

    for finding in findings:
        where = finding.location.describe()
        click.echo(f"{SEVERITY[lang][finding.severity.value]:<9} {finding.rule}  {where}", err=True)
        click.echo(f"          {finding.in_language(lang)}", err=True)  # put into the målform here, at the edge
        if finding.citation.kind:
            click.echo(f"          {'Heimel' if lang == 'nn' else 'Hjemmel'}: {finding.citation.describe(lang)}", err=True)


def _refuse_on_errors(findings, lang: str) -> None:
    """Print the decision rules' findings; stop (exit 1) if any is an error, since nothing was written."""
    from ..findings import Severity

    _print_findings(findings, lang)
    if any(f.severity is Severity.ERROR for f in findings):
        click.echo("Vedtakene har feil (se over), så ingenting er skrevet. Rett møtefilen og kjør kommandoen på nytt.",
                   err=True)
        sys.exit(1)


@cli.command()
@click.argument("meeting", type=click.Path(path_type=Path))
@click.option("--applications", "-a", required=True, type=click.Path(path_type=Path),
              help="Mappen med søknadene møtet behandlet.")
@click.option("--output", "-o", required=True, type=click.Path(path_type=Path), help="Mappen brevene skrives til.")
@click.option("--pdf", is_flag=True, help="Lag også PDF av hvert dokument (krever LibreOffice).")
@click.option("--no-pdf-ok", "no_pdf_ok", is_flag=True,
              help="Med --pdf: skriv bare Word-filene hvis LibreOffice mangler (ellers skrives ingenting).")
@click.option("--force", is_flag=True, help="Erstatt en tidligere batch fra kvkdocs i samme mappe.")
@TEMPLATES_DIR
@LANG
@PROGRAMMES_DIR
@_friendly
def letters(meeting, applications, output, pdf, no_pdf_ok, force, templates, lang, programme_dirs):
    """Skriv opptaksbrev, avslag, protokoll og manifest etter et vedtaksmøte.

    \b
    Eksempel:
      kvkdocs letters samples/meetings/2008-11-04-pulje-4.yaml --applications samples/pulje-4 -o ut/
    """
    from .. import verbs
    from ..render.pdf import INSTALL_HINT

    with application(programme_dirs) as app, Bar() as bar:
        made = verbs.letters(meeting, applications, output, force=force, pdf=pdf, pdf_optional=no_pdf_ok, lang=lang,
                             templates=templates,
                             progress=bar, app=app)
    _refuse_on_errors(made.findings, lang)
    note = INSTALL_HINT + " Kjør kommandoen på nytt med --pdf --force for å få PDF-ene." if made.pdf_skipped else ""
    outcome = made.written
    parts = ", ".join(f"{n} {kind}" for kind, n in outcome.kinds.items())
    click.echo(f"Skrev {outcome.documents} dokumenter ({parts}) og manifest.csv/manifest.json til {shown(output)}.")
    if note:
        click.echo(note, err=True)


@cli.command()
@click.argument("meeting", type=click.Path(path_type=Path))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Word-filen protokollen skrives til.")
@click.option("--applications", "-a", type=click.Path(path_type=Path),
              help="Søknadsmappen; gir kontroll av alle vedtaksreglene og sene søknader.")
@click.option("--nynorsk", is_flag=True, help="Skriv protokollen på nynorsk.")
@click.option("--force", is_flag=True, help="Skriv over en fil som finnes fra før.")
@TEMPLATES_DIR
@LANG
@PROGRAMMES_DIR
@_friendly
def minutes(meeting, output, applications, nynorsk, force, templates, lang, programme_dirs):
    """Skriv protokollen fra et vedtaksmøte alene.

    \b
    Eksempel:
      kvkdocs minutes samples/meetings/2008-11-04-pulje-4.yaml -o protokoll.docx
    """
    from .. import verbs

    target = OutputFile(output, force=force, inputs=[meeting, *([applications] if applications else [])])
    with application(programme_dirs) as app:
        made = verbs.minutes(meeting, applications=applications, nynorsk=nynorsk, lang=lang, templates=templates,
                             app=app)
    _refuse_on_errors(made.findings, lang)
    target.inputs.extend(made.read)  # the sender file is read too
    target.write(made.docx)
    click.echo(f"Protokollen er skrevet til {shown(output)}.")
