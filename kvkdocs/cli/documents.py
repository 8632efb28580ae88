"""`kvkdocs init`, `kvkdocs draft` and `kvkdocs agreement`: a municipality's documents."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import UsageError
from ..files import OutputFile, shown
from .base import LANG, PROGRAMMES_DIR, TEMPLATES_DIR, _friendly, _parse_date, cli


@cli.group()
def agreement():
    """Avtaler: den sentrale programavtalen og den lokale samarbeidsavtalen."""


@agreement.command("local")
@click.argument("application", type=click.Path(path_type=Path))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Word-filen avtalen skrives til.")
@click.option("--utkast", is_flag=True, help="Skriv avtalen selv om partene eller forankringen mangler, merket UTKAST.")
@click.option("--force", is_flag=True, help="Skriv over en fil som finnes fra før.")
@TEMPLATES_DIR
@PROGRAMMES_DIR
@_friendly
def agreement_local(application, output, utkast, force, templates, programme_dirs):
    """Skriv den lokale trepartsavtalen for søknadens prosjekt, på kommunens målform.

    Søknaden kontrolleres først. Mangler en av de tre partene eller forankringen
    i arbeidstakerorganisasjonene, skrives ingen avtale (status 1), med mindre
    --utkast er gitt.

    \b
    Eksempel:
      kvkdocs agreement local samples/pulje-4/1445-gloppen.yaml -o samarbeidsavtale.docx
    """
    from ..agreement import local_context
    from ..check import Checker
    from ..draft import draft_language
    from ..load import load_file
    from ..render.usertemplates import open_template

    if not application.is_file():
        raise UsageError(f"Finner ikke {shown(application)}. Sjekk stien til søknadsfilen.")
    target = OutputFile(output, force=force, inputs=[application])
    checker = Checker(programme_dirs=programme_dirs)
    try:
        document = load_file(application, checker.documents())
        if document.kind != "søknad":
            raise UsageError(f"{shown(application)} er ikke en søknad (den sier «dokument: {document.kind}»). "
                             "Oppgi søknaden avtalen gjelder.")
        data = document.data
        lang = draft_language(data)
        checker.lang = lang
        blocking = _missing_parties(checker.check_document(document).findings)
    finally:
        checker.close()
    for finding in blocking:
        click.echo(f"feil  {finding.rule}  {finding.location.describe()}\n      {finding.message}", err=True)
    if blocking and not utkast:
        click.echo("Avtalen forutsetter alle tre partene og forankring i hver arbeidstakerorganisasjon, så ingen avtale "
                   "er skrevet. Rett søknaden, eller bruk --utkast for å skrive et utkast.", err=True)
        sys.exit(1)
    programme = checker.catalogue.get(data["program"]) if data.get("program") in checker.catalogue.ids() else None
    template = open_template("samarbeidsavtale", lang, templates)
    target.write(template.render(local_context(data, programme, lang, draft=bool(blocking))))
    click.echo(f"{'Et UTKAST til samarbeidsavtalen' if blocking else 'Samarbeidsavtalen'} er skrevet til {shown(output)}.")


LOCAL_AGREEMENT_RULES = ("steering.three-parties", "anchoring.all-unions")


def _missing_parties(findings):
    """The errors that make a local three-party agreement premature: a party or a union is missing."""
    from ..findings import Severity

    return [f for f in findings if f.rule in LOCAL_AGREEMENT_RULES and f.severity is Severity.ERROR]


@agreement.command("programme")
@click.option("--programme", "-p", "programme_id", required=True, metavar="ID", help="Programutgaven avtalen gjelder.")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Word-filen avtalen skrives til.")
@click.option("--nynorsk", is_flag=True, help="Skriv avtalen på nynorsk.")
@click.option("--force", is_flag=True, help="Skriv over en fil som finnes fra før.")
@TEMPLATES_DIR
@PROGRAMMES_DIR
@_friendly
def agreement_programme(programme_id, output, nynorsk, force, templates, programme_dirs):
    """Skriv den sentrale programavtalen for en programutgave.

    \b
    Eksempel:
      kvkdocs agreement programme --programme kvalitetskommune-2006 -o avtale.docx
    """
    from ..agreement import agreement_context
    from ..programmes import Catalogue
    from ..render.usertemplates import open_template

    target = OutputFile(output, force=force, inputs=programme_dirs)
    lang = "nn" if nynorsk else "nb"
    context = agreement_context(Catalogue(programme_dirs).get(programme_id), lang)
    template = open_template("programavtale", lang, templates)
    missing = template.missing(context)
    if missing:
        raise UsageError(f"Malen programavtale.{lang}.docx bruker {', '.join(sorted(missing))}, som dataene ikke har.")
    target.write(template.render(context))
    click.echo(f"Programavtalen er skrevet til {shown(output)}.")


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
    from ..programmes import Catalogue
    from ..starter import starter

    target = OutputFile(output, force=force, inputs=programme_dirs) if output is not None else None
    text = starter(Catalogue(programme_dirs).get(programme_id), kommune.strip(), _parse_date(dato),
                   output.name if output else "soknad.yaml")
    if output is None:
        click.echo(text, nl=False)
    else:
        target.write(text.encode("utf-8"))
        click.echo(f"Søknadsmalen er skrevet til {shown(output)}. Fyll den ut og kontroller den med "
                   f"«kvkdocs validate {shown(output)}».", err=True)


@cli.command()
@click.argument("application", type=click.Path(path_type=Path))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Word-filen som skrives.")
@click.option("--pdf", is_flag=True, help="Lag også en PDF ved siden av (krever LibreOffice).")
@click.option("--force", is_flag=True, help="Skriv over filer som finnes fra før.")
@TEMPLATES_DIR
@LANG
@PROGRAMMES_DIR
@_friendly
def draft(application, output, pdf, force, templates, lang, programme_dirs):
    """Skriv søknaden som Word-dokument på kommunens målform.

    Funnene skrives ut først. Et utkast med feil skrives likevel, tydelig
    merket, så arbeidet kan fortsette.

    \b
    Eksempel:
      kvkdocs draft samples/utgaver/kvalitetskommune-2006-godkjent.yaml -o soknad.docx
    """
    from ..check import Checker
    from ..draft import draft_language, render_draft
    from ..load import load_file
    from ..render.pdf import missing_message, soffice, to_pdf
    from ..report import renderer
    from ..result import BatchResult

    if not application.is_file():
        raise UsageError(f"Finner ikke {shown(application)}. Sjekk stien til søknadsfilen.")
    if pdf and output.suffix.lower() == ".pdf":
        raise UsageError(f"Med --pdf oppgir du Word-filen, for eksempel «-o {shown(output.with_suffix('.docx'))}»; "
                         "PDF-en får samme navn med .pdf.")
    targets = [OutputFile(output, force=force, inputs=[application])]
    if pdf:
        targets.append(OutputFile(output.with_suffix(".pdf"), force=force, inputs=[application]))
        if soffice() is None:
            raise UsageError(missing_message("kjør den uten --pdf for å skrive bare Word-filen."))
    checker = Checker(lang=lang, programme_dirs=programme_dirs)
    try:
        result = checker.check_file(application)
        renderer("text")(BatchResult([result]), sys.stderr, lang=lang)
        if result.kind != "søknad":
            click.echo(f"{shown(application)} er ikke en søknad som kan leses, så ingen Word-fil er skrevet.", err=True)
            sys.exit(1)
        data = load_file(application, checker.documents()).data
        own = draft_language(data)
        if own != lang:  # the document lists its open findings in the municipality's målform
            checker.lang = own
            result = checker.check_file(application)
    finally:
        checker.close()
    programme = checker.catalogue.get(result.programme) if result.programme else None
    document = render_draft(data, result, programme, templates=templates)
    contents = [document, to_pdf(document)] if pdf else [document]
    for target, content in zip(targets, contents, strict=True):
        target.write(content)
    state = "et UTKAST med åpne feil" if not result.compliant else "søknaden"
    written = " og ".join(shown(t.path) for t in targets)
    click.echo(f"Skrev {state} til {written}.")
