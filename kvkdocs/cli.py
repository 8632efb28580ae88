"""The ``kvkdocs`` command: a thin layer over the library.

Each command turns options into a library call and a
:class:`~kvkdocs.errors.KvkdocsError` into a clean message with exit status
2. Exit status: 0 all compliant, 1 some file has an error finding, 2 the
command itself could not run.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import sys
from pathlib import Path

import click

from ._version import __version__
from .errors import KvkdocsError, UsageError
from .files import write_atomically

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
    from .check import Checker
    from .load import iter_input_files
    from .report import BINARY_FORMATS, renderer
    from .result import BatchResult

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
    from .programmes import Catalogue
    from .rules import RULES

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
    from .programmes import Catalogue

    for edition in Catalogue(programme_dirs):
        agreement = edition.data.get("avtale") or {}
        click.echo(f"{edition.id}")
        click.echo(f"    {edition.name(lang)} ({agreement.get('dato', '?')}"
                   f"{', ikke underskrevet' if agreement.get('underskrevet') is False else ''})")
        click.echo(f"    {len(edition.rules)} regler · {edition.source}")


def _print_findings(findings, lang: str) -> None:
    from .report._words import SEVERITY

    for finding in findings:
        where = finding.location.describe()
        click.echo(f"{SEVERITY[lang][finding.severity.value]:<9} {finding.rule}  {where}", err=True)
        click.echo(f"          {finding.message}", err=True)


def _checked_meeting(meeting_path: Path, applications: Path | None, lang: str, programme_dirs):
    """Load the meeting, read the applications, run the decision rules; stop (exit 1) on errors."""
    from .decisions import DecisionCheck, collect_applications
    from .findings import Severity
    from .meeting import load_meeting
    from .programmes import Catalogue

    if not meeting_path.is_file():
        raise UsageError(f"Finner ikke møtefilen {meeting_path}.")
    if applications is not None and not applications.is_dir():
        raise UsageError(f"Finner ikke søknadsmappen {applications}.")
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
@click.option("--force", is_flag=True, help="Erstatt en mappe som finnes fra før.")
@LANG
@PROGRAMMES_DIR
@_friendly
def letters(meeting, applications, output, pdf, force, lang, programme_dirs):
    """Skriv opptaksbrev, avslag, protokoll og manifest etter et vedtaksmøte.

    \b
    Eksempel:
      kvkdocs letters samples/meetings/2008-11-04-pulje-4.yaml --applications samples/pulje-4 -o ut/
    """
    from .batch import SMALL_BATCH, write_batch
    from .letters import Planner

    if output.exists() and not force:
        raise UsageError(f"{output} finnes allerede, og ingenting er endret. Velg en annen mappe, "
                         "eller bruk --force for å erstatte den.")
    meeting_, check = _checked_meeting(meeting, applications, lang, programme_dirs)
    planner = Planner(meeting_, check)
    total = 1 + sum(1 + len(planner.partners(d)) if d["utfall"] == "opptatt" else 1 for d in meeting_.decisions)
    with _progress(total) as bar:
        outcome = write_batch(planner.plan(), output, force=force, pdf=pdf, progress=bar.update,
                              workers=1 if total < SMALL_BATCH else None)
    parts = ", ".join(f"{n} {kind}" for kind, n in outcome.kinds.items())
    click.echo(f"Skrev {outcome.documents} dokumenter ({parts}) og manifest.csv/manifest.json til {output}.")
    if outcome.pdf_note:
        click.echo(outcome.pdf_note, err=True)


@cli.command()
@click.argument("meeting", type=click.Path(path_type=Path))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Word-filen protokollen skrives til.")
@click.option("--applications", "-a", type=click.Path(path_type=Path),
              help="Søknadsmappen; gir kontroll av alle vedtaksreglene og sene søknader.")
@click.option("--nynorsk", is_flag=True, help="Skriv protokollen på nynorsk.")
@LANG
@PROGRAMMES_DIR
@_friendly
def minutes(meeting, output, applications, nynorsk, lang, programme_dirs):
    """Skriv protokollen fra et vedtaksmøte alene.

    \b
    Eksempel:
      kvkdocs minutes samples/meetings/2008-11-04-pulje-4.yaml -o protokoll.docx
    """
    from .batch import Templates
    from .letters import Planner

    meeting_, check = _checked_meeting(meeting, applications, lang, programme_dirs)
    doc = Planner(meeting_, check).minutes("nn" if nynorsk else "nb")
    templates = Templates()
    templates.check(doc.template, doc.context)
    write_atomically(output, templates.get(doc.template).render(doc.context))
    click.echo(f"Protokollen er skrevet til {output}.")


@cli.group()
def agreement():
    """Avtaler: den sentrale programavtalen og den lokale samarbeidsavtalen."""


@agreement.command("local")
@click.argument("application", type=click.Path(path_type=Path))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Word-filen avtalen skrives til.")
@PROGRAMMES_DIR
@_friendly
def agreement_local(application, output, programme_dirs):
    """Skriv den lokale trepartsavtalen for søknadens prosjekt, på kommunens målform.

    \b
    Eksempel:
      kvkdocs agreement local samples/pulje-4/1445-gloppen.yaml -o samarbeidsavtale.docx
    """
    from .agreement import local_context
    from .check import Checker
    from .draft import draft_language
    from .load import load_file
    from .render.docx import CompiledDocx
    from .resources import resource_dir

    if not application.is_file():
        raise UsageError(f"Finner ikke {application}.")
    checker = Checker(programme_dirs=programme_dirs)
    try:
        document = load_file(application, checker.documents())
    finally:
        checker.close()
    if document.kind != "søknad":
        raise UsageError(f"{application} er ikke en søknad (den sier «dokument: {document.kind}»). Oppgi søknaden avtalen gjelder.")
    data = document.data
    programme = checker.catalogue.get(data["program"]) if data.get("program") in checker.catalogue.ids() else None
    lang = draft_language(data)
    template = CompiledDocx(resource_dir("templates") / "avtale" / f"samarbeidsavtale.{lang}.docx")
    write_atomically(output, template.render(local_context(data, programme, lang)))
    click.echo(f"Samarbeidsavtalen er skrevet til {output}.")


@agreement.command("programme")
@click.option("--programme", "-p", "programme_id", required=True, metavar="ID", help="Programutgaven avtalen gjelder.")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Word-filen avtalen skrives til.")
@click.option("--nynorsk", is_flag=True, help="Skriv avtalen på nynorsk.")
@PROGRAMMES_DIR
@_friendly
def agreement_programme(programme_id, output, nynorsk, programme_dirs):
    """Skriv den sentrale programavtalen for en programutgave.

    \b
    Eksempel:
      kvkdocs agreement programme --programme kvalitetskommune-2006 -o avtale.docx
    """
    from .agreement import agreement_context
    from .programmes import Catalogue
    from .render.docx import CompiledDocx
    from .resources import resource_dir

    lang = "nn" if nynorsk else "nb"
    context = agreement_context(Catalogue(programme_dirs).get(programme_id), lang)
    template = CompiledDocx(resource_dir("templates") / "avtale" / f"programavtale.{lang}.docx")
    missing = template.missing(context)
    if missing:
        raise UsageError(f"Malen programavtale.{lang}.docx bruker {', '.join(sorted(missing))}, som dataene ikke har.")
    write_atomically(output, template.render(context))
    click.echo(f"Programavtalen er skrevet til {output}.")


@cli.command()
@click.option("--programme", "-p", "programme_id", required=True, metavar="ID", help="Programutgaven det søkes til.")
@click.option("--kommune", "-k", required=True, metavar="NNNN", help="Kommunenummeret (fire sifre).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Filen som skrives (ellers skjermen).")
@click.option("--dato", metavar="ÅÅÅÅ-MM-DD", help="Søknadsdatoen; kommunenummeret slås opp på denne datoen.")
@click.option("--force", is_flag=True, help="Skriv over en fil som finnes fra før.")
@PROGRAMMES_DIR
@_friendly
def init(programme_id, kommune, output, dato, force, programme_dirs):
    """Lag en søknadsmal i YAML med kommunens navn, fylke og målform fylt inn.

    \b
    Eksempel:
      kvkdocs init --programme kvalitetskommune-2006 --kommune 1445 -o soknad.yaml
    """
    from .programmes import Catalogue
    from .starter import starter

    if output is not None and output.exists() and not force:
        raise UsageError(f"{output} finnes allerede. Velg et annet navn, eller bruk --force.")
    text = starter(Catalogue(programme_dirs).get(programme_id), kommune.strip(), _parse_date(dato),
                   output.name if output else "soknad.yaml")
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, text.encode("utf-8"))
        click.echo(f"Søknadsmalen er skrevet til {output}. Fyll den ut og kontroller den med «kvkdocs validate {output}».",
                   err=True)


@cli.command()
@click.argument("application", type=click.Path(path_type=Path))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Word-filen som skrives.")
@click.option("--pdf", is_flag=True, help="Lag også en PDF ved siden av (krever LibreOffice).")
@LANG
@PROGRAMMES_DIR
@_friendly
def draft(application, output, pdf, lang, programme_dirs):
    """Skriv søknaden som Word-dokument på kommunens målform.

    Funnene skrives ut først. Et utkast med feil skrives likevel, tydelig
    merket, så arbeidet kan fortsette.

    \b
    Eksempel:
      kvkdocs draft samples/utgaver/kvalitetskommune-2006-godkjent.yaml -o soknad.docx
    """
    from .check import Checker
    from .draft import draft_language, write_draft
    from .load import load_file
    from .report import renderer
    from .result import BatchResult

    if not application.is_file():
        raise UsageError(f"Finner ikke {application}.")
    checker = Checker(lang=lang, programme_dirs=programme_dirs)
    try:
        result = checker.check_file(application)
        renderer("text")(BatchResult([result]), sys.stderr, lang=lang)
        if result.kind != "søknad":
            click.echo(f"{application} er ikke en søknad som kan leses, så ingen Word-fil er skrevet.", err=True)
            sys.exit(1)
        data = load_file(application, checker.documents()).data
        own = draft_language(data)
        if own != lang:  # the document lists its open findings in the municipality's målform
            checker.lang = own
            result = checker.check_file(application)
    finally:
        checker.close()
    programme = checker.catalogue.get(result.programme) if result.programme else None
    note = write_draft(data, result, programme, output, pdf=pdf)
    state = "et UTKAST med åpne feil" if not result.compliant else "søknaden"
    click.echo(f"Skrev {state} til {output}.")
    if note:
        click.echo(note, err=True)
