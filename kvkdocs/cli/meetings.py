"""`kvkdocs letters` and `kvkdocs minutes`: documents after a decision meeting."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import UsageError
from ..files import OutputFile, shown
from .base import LANG, PROGRAMMES_DIR, _friendly, cli
from .checking import _progress


def _print_findings(findings, lang: str) -> None:
    from ..report._words import SEVERITY

    for finding in findings:
        where = finding.location.describe()
        click.echo(f"{SEVERITY[lang][finding.severity.value]:<9} {finding.rule}  {where}", err=True)
        click.echo(f"          {finding.message}", err=True)
        if finding.citation.kind:
            click.echo(f"          {'Heimel' if lang == 'nn' else 'Hjemmel'}: {finding.citation.describe(lang)}", err=True)


def _checked_meeting(meeting_path: Path, applications: Path | None, lang: str, programme_dirs):
    """Load the meeting, read the applications, run the decision rules; stop (exit 1) on errors."""
    from ..decisions import DecisionCheck, collect_applications
    from ..findings import Severity
    from ..meeting import load_meeting
    from ..programmes import Catalogue

    if not meeting_path.is_file():
        raise UsageError(f"Finner ikke møtefilen {meeting_path}. Sjekk stien (se samples/meetings/ for eksempler).")
    if applications is not None and not applications.is_dir():
        raise UsageError(f"Finner ikke søknadsmappen {applications}. Oppgi mappen med søknadene møtet behandlet.")
    meeting = load_meeting(meeting_path, Catalogue(programme_dirs), lang)
    found = collect_applications(applications, meeting, lang) if applications is not None else None
    check = DecisionCheck(meeting, found, lang)
    findings = check.run()
    _print_findings(findings, lang)
    if any(f.severity is Severity.ERROR for f in findings):
        click.echo("Vedtakene har feil (se over), så ingenting er skrevet. Rett møtefilen og kjør kommandoen på nytt.",
                   err=True)
        sys.exit(1)
    return meeting, check


@cli.command()
@click.argument("meeting", type=click.Path(path_type=Path))
@click.option("--applications", "-a", required=True, type=click.Path(path_type=Path),
              help="Mappen med søknadene møtet behandlet.")
@click.option("--output", "-o", required=True, type=click.Path(path_type=Path), help="Mappen brevene skrives til.")
@click.option("--pdf", is_flag=True, help="Lag også PDF av hvert dokument (krever LibreOffice).")
@click.option("--no-pdf-ok", "no_pdf_ok", is_flag=True,
              help="Med --pdf: skriv bare Word-filene hvis LibreOffice mangler (ellers skrives ingenting).")
@click.option("--force", is_flag=True, help="Erstatt en tidligere batch fra kvkdocs i samme mappe.")
@LANG
@PROGRAMMES_DIR
@_friendly
def letters(meeting, applications, output, pdf, no_pdf_ok, force, lang, programme_dirs):
    """Skriv opptaksbrev, avslag, protokoll og manifest etter et vedtaksmøte.

    \b
    Eksempel:
      kvkdocs letters samples/meetings/2008-11-04-pulje-4.yaml --applications samples/pulje-4 -o ut/
    """
    from contextlib import ExitStack

    from ..batch import SMALL_BATCH, write_batch
    from ..letters import Planner
    from ..outfolder import OutputFolder
    from ..render.pdf import INSTALL_HINT, Office, missing_message, processes_for, soffice

    note = ""
    if pdf and soffice() is None:
        if not no_pdf_ok:
            raise UsageError(missing_message("bruk --no-pdf-ok for å skrive bare Word-filene."))
        pdf, note = False, INSTALL_HINT + " Kjør kommandoen på nytt med --pdf --force for å få PDF-ene."
    inputs = [("søknadsmappen", applications), ("mappen møtefilen ligger i", meeting)]
    with ExitStack() as stack:
        target = stack.enter_context(OutputFolder(output, force=force, inputs=inputs))  # before the applications are read
        office = None
        if pdf:  # LibreOffice starts now, and starts up while the applications are read and the letters rendered
            office = stack.enter_context(Office())
            office.start()
        meeting_, check = _checked_meeting(meeting, applications, lang, programme_dirs)
        planner = Planner(meeting_, check)
        total = 1 + sum(1 + len(planner.partners(d)) if d["utfall"] == "opptatt" else 1 for d in meeting_.decisions)
        if office is not None:
            office.start(processes_for(total))
        with _progress(total) as bar:
            outcome = write_batch(planner.plan(), target, pdf=office or False, progress=bar.update,
                                  workers=1 if total < SMALL_BATCH else None)
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
@LANG
@PROGRAMMES_DIR
@_friendly
def minutes(meeting, output, applications, nynorsk, force, lang, programme_dirs):
    """Skriv protokollen fra et vedtaksmøte alene.

    \b
    Eksempel:
      kvkdocs minutes samples/meetings/2008-11-04-pulje-4.yaml -o protokoll.docx
    """
    from ..batch import Templates
    from ..letters import Planner

    target = OutputFile(output, force=force, inputs=[meeting, *([applications] if applications else [])])
    meeting_, check = _checked_meeting(meeting, applications, lang, programme_dirs)
    sender = meeting_.data.get("avsenderfil")
    if sender:  # the sender file is read too
        target.inputs.append(meeting.parent / sender)
    doc = Planner(meeting_, check).minutes("nn" if nynorsk else "nb")
    templates = Templates()
    templates.check(doc.template, doc.context)
    target.write(templates.get(doc.template).render(doc.context))
    click.echo(f"Protokollen er skrevet til {shown(output)}.")
