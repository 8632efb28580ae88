"""`kvkdocs read`: the application as the checker understood it."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import UsageError
from .base import LANG, _friendly, application, cli


@cli.command("read")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "-f", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True,
              help="yaml: søknaden slik den ble lest; json: hver verdi med hvor den sto (del, tabell, rad, side).")
@LANG
@_friendly
def read(path, fmt, lang):
    """Vis hva kvkdocs leste fra en søknad (Word, PDF, YAML eller JSON).

    Når et resultat virker feil, viser dette om det er dokumentet eller
    lesingen som tok feil. YAML-utdataene har samme form som en søknad
    skrevet for hånd, og kan kontrolleres med «kvkdocs validate».

    \b
    Eksempler:
      kvkdocs read samples/dokumenter/1445-gloppen.docx
      kvkdocs read samples/dokumenter/1445-gloppen.pdf --format json
    """
    from .. import verbs
    from ..reading import as_json, as_yaml

    if path.is_dir():
        raise UsageError(f"{path} er en mappe; «kvkdocs read» leser én fil om gangen.")
    with application(reader_processes=1) as app:  # one file: one worker
        document = verbs.read(path, app=app)
    if fmt == "json":
        click.echo(json.dumps(as_json(document, lang), ensure_ascii=False, indent=2))
    else:
        click.echo(as_yaml(document, lang), nl=False)
