"""One self-contained HTML page (inline CSS, no scripts) to e-mail or print."""

from __future__ import annotations

from typing import TextIO

from .._version import __version__
from ..reading import anchor_for
from ..resources import resource_dir
from ..result import BatchResult
from ._safe import shown
from ._words import LABELS, SEVERITY, STATUS, amount, counts, kind_label, skipped, verdict

# The «what was read» block: a Word or PDF application's values as the checker read them.
READ_WORDS = {
    "nb": {"read": "Hva som ble lest", "field": "Felt", "value": "Verdi", "where": "Hvor i dokumentet",
           "intro": "Verdiene slik kvkdocs leste dem fra dokumentet. Stemmer en verdi ikke med dokumentet, "
                    "er det lesingen som tok feil.", "show": "vis verdien som ble lest", "page": "side",
           "table": "tabell", "row": "rad"},
    "nn": {"read": "Kva som vart lese", "field": "Felt", "value": "Verdi", "where": "Kvar i dokumentet",
           "intro": "Verdiane slik kvkdocs las dei frå dokumentet. Stemmer ein verdi ikkje med dokumentet, "
                    "er det lesinga som tok feil.", "show": "vis verdien som vart lesen", "page": "side",
           "table": "tabell", "row": "rad"},
}


def _shown(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _where(item: dict, words: dict) -> str:
    parts = [f"«{item['section']}»"] if item.get("section") else []
    if item.get("table") is not None:
        parts.append(f"{words['table']} {item['table']}" + (f", {words['row']} {item['row']}" if item.get("row") else ""))
    if item.get("page") is not None:
        parts.append(f"{words['page']} {item['page']}")
    return ", ".join(parts)


def render(batch: BatchResult, out: TextIO, *, lang: str = "nb", **_: object) -> None:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(resource_dir("templates") / "rapport"),
                      autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True,
                      trim_blocks=True, lstrip_blocks=True)
    batch = shown(batch)  # invalid UTF-8 in a file name must not make the page fail
    page = env.get_template("rapport.html.j2").render(
        batch=batch, lang=lang, w=LABELS[lang], severity=SEVERITY[lang], status=STATUS[lang],
        totals=batch.totals(), version=__version__,
        verdict=lambda f: verdict(f, lang), counts=lambda f: counts(f, lang), kind=lambda f: kind_label(f, lang),
        amount=lambda n, key: amount(n, key, lang), skipped=skipped(batch.skipped, lang) if batch.skipped else "",
        rw=READ_WORDS[lang], shown=_shown, where=lambda item: _where(item, READ_WORDS[lang]),
        anchor=lambda f, x: anchor_for(f.read, x.location.pointer) if f.read else None,
    )
    out.write(page)
