"""`kvkdocs init`, `kvkdocs draft` and `kvkdocs agreement`: a municipality's documents."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import UsageError
from ..files import OutputFile, shown
from .base import LANG, PROGRAMMES_DIR, TEMPLATES_DIR, _friendly, _parse_date, cli
from .base import application as _application  # "application" is also a command argument here


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
    from .. import verbs

    verbs.existing_file(application, "søknadsfilen")
    target = OutputFile(output, force=force, inputs=[application])
    with _application(programme_dirs) as app:
        made = verbs.agreement_local(application, allow_draft=utkast, templates=templates, app=app)
    for finding in made.blocking:
        click.echo(f"feil  {finding.rule}  {finding.location.describe()}\n      {finding.message}", err=True)
    if made.docx is None:
        click.echo("Avtalen forutsetter alle tre partene og forankring i hver arbeidstakerorganisasjon, så ingen avtale "
                   "er skrevet. Rett søknaden, eller bruk --utkast for å skrive et utkast.", err=True)
        sys.exit(1)
    target.write(made.docx)
    click.echo(f"{'Et UTKAST til samarbeidsavtalen' if made.draft else 'Samarbeidsavtalen'} er skrevet til {shown(output)}.")


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
    from .. import verbs

    target = OutputFile(output, force=force, inputs=programme_dirs)
    with _application(programme_dirs) as app:
        target.write(verbs.agreement_programme(programme_id, lang="nn" if nynorsk else "nb", templates=templates,
                                              app=app))
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
    from .. import verbs

    target = OutputFile(output, force=force, inputs=programme_dirs) if output is not None else None
    with _application(programme_dirs) as app:
        text = verbs.init(programme_id, kommune, date=_parse_date(dato), file_name=output.name if output else "soknad.yaml",
                          app=app)
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
    from .. import verbs
    from ..report import renderer
    from ..result import BatchResult

    verbs.existing_file(application, "søknadsfilen")
    if pdf and output.suffix.lower() == ".pdf":
        raise UsageError(f"Med --pdf oppgir du Word-filen, for eksempel «-o {shown(output.with_suffix('.docx'))}»; "
                         "PDF-en får samme navn med .pdf.")
    targets = [OutputFile(output, force=force, inputs=[application])]
    if pdf:
        targets.append(OutputFile(output.with_suffix(".pdf"), force=force, inputs=[application]))
    with _application(programme_dirs) as app:
        made = verbs.draft(application, lang=lang, pdf=pdf, templates=templates, app=app)
    renderer("text")(BatchResult([made.checked]), sys.stderr, lang=lang)
    if made.docx is None:
        click.echo(f"{shown(application)} er ikke en søknad som kan leses, så ingen Word-fil er skrevet.", err=True)
        sys.exit(1)
    contents = [made.docx, made.pdf] if pdf else [made.docx]
    for target, content in zip(targets, contents, strict=True):
        target.write(content)
    state = "et UTKAST med åpne feil" if not made.compliant else "søknaden"
    written = " og ".join(shown(t.path) for t in targets)
    click.echo(f"Skrev {state} til {written}.")
