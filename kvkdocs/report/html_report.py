"""One self-contained HTML page (inline CSS, no scripts) to e-mail or print."""

from __future__ import annotations

from typing import TextIO

from .._version import __version__
from ..resources import resource_dir
from ..result import BatchResult
from ._safe import shown
from ._words import LABELS, SEVERITY, STATUS, amount, counts, kind_label, skipped, verdict


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
    )
    out.write(page)
