"""CSV: one row per finding; a file with no findings gets one row saying so.

Opens in a spreadsheet as is: UTF-8 with a byte-order mark, so that Excel
shows æ, ø and å, and with the columns in Norwegian. The last two columns
say what a finding rests on: ``hjemmel`` in words (which always names its
kind) and ``hjemmelstype``, the kind alone (avtale, tolkning, praksis,
praktisk), to filter on. Every text cell is neutralised as OWASP describes
for CSV injection (a leading apostrophe before ``=``, ``+``, ``-``, ``@``, tab
or carriage return), because file names and values come from the inbox and a
spreadsheet would run them as formulas.
"""

from __future__ import annotations

import csv
from typing import TextIO

from ..result import BatchResult
from ..safetext import safe_cell
from ._safe import shown
from ._words import LABELS, SEVERITY

COLUMNS = ["fil", "kommunenummer", "kommunenavn", "programutgave", "godkjent", "regel", "alvorlighet",
           "melding", "linje", "peker", "seksjon", "tabell", "rad", "side", "hjemmel", "hjemmelstype"]


def rows(batch: BatchResult, lang: str = "nb"):
    """Each row as a list, in :data:`COLUMNS` order (shared with the xlsx report).

    Text is escaped (control characters) but not neutralised: each format
    makes its cells inert in its own way.
    """
    for result in shown(batch).files:
        head = [result.path, result.kommunenummer or "", result.kommunenavn or "", result.programme_name or result.programme or "",
                "ja" if result.compliant else "nei"]
        if not result.findings:
            yield head + ["", "", LABELS[lang]["no-findings"]] + [""] * (len(COLUMNS) - len(head) - 3)
        for f in result.findings:
            loc = f.location
            yield head + [f.rule, SEVERITY[lang][f.severity.value], f.message,
                          _blank(loc.line), loc.pointer, loc.section or "", _blank(loc.table),
                          _blank(loc.row), _blank(loc.page), f.citation.describe(lang), f.citation.kind]


def _blank(value: object) -> object:
    return "" if value is None else value


def render(batch: BatchResult, out: TextIO, *, lang: str = "nb", **_: object) -> None:
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows(batch, lang))
