"""A workbook: a summary sheet (one row per file) and a findings sheet.

Every text is written as a string cell, never a formula or a link: file
names and values come from the inbox, and xlsxwriter by default turns text
starting with ``=`` into a formula and ``http://`` into a hyperlink. Text
that starts like a formula (OWASP's ``=``, ``+``, ``-``, ``@``, tab, carriage
return) also gets Excel's quote prefix, so it stays text when someone edits
the cell, while it shows exactly as typed.
"""

from __future__ import annotations

import datetime as dt
from typing import BinaryIO

from ..result import BatchResult
from ..safetext import FORMULA_STARTS
from ._safe import shown
from ._words import LABELS, verdict
from .csv_report import COLUMNS, rows

_FIXED_DATE = dt.datetime(2000, 1, 1)  # no "now" in the file: re-runs give the same bytes


def render(batch: BatchResult, out: BinaryIO, *, lang: str = "nb", **_: object) -> None:
    import xlsxwriter

    words = LABELS[lang]
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                     "strings_to_numbers": False})
    batch = shown(batch)
    book.set_properties({"title": words["title"], "created": _FIXED_DATE})
    bold = book.add_format({"bold": True, "bg_color": "#DDE4EE"})
    bad = book.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE"})
    good = book.add_format({"font_color": "#006100", "bg_color": "#C6EFCE"})
    quoted = book.add_format({"quote_prefix": True})

    def put(sheet, row: int, col: int, values: list) -> None:
        for offset, value in enumerate(values):
            if isinstance(value, str):
                sheet.write_string(row, col + offset, value, quoted if value.startswith(FORMULA_STARTS) else None)
            elif value is None:
                sheet.write_blank(row, col + offset, None)
            else:
                sheet.write_number(row, col + offset, value)

    summary = book.add_worksheet(words["summary"])
    head = [words["file"], "kommunenummer", words["municipality"], words["programme"], words["verdict"],
            words["errors"], words["warnings"], words["infos"]]
    summary.write_row(0, 0, head, bold)
    for i, result in enumerate(batch.files, start=1):
        put(summary, i, 0, [result.path, result.kommunenummer or "", result.kommunenavn or "",
                                 result.programme_name or result.programme or ""])
        summary.write(i, 4, verdict(result, lang), good if result.compliant else bad)
        put(summary, i, 5, [result.errors, result.warnings, result.infos])
    summary.autofilter(0, 0, max(len(batch.files), 1), len(head) - 1)
    summary.freeze_panes(1, 0)
    summary.set_column(0, 0, 50)
    summary.set_column(1, 7, 16)

    sheet = book.add_worksheet(words["findings"])
    sheet.write_row(0, 0, COLUMNS, bold)
    count = 0
    for count, row in enumerate(rows(batch, lang), start=1):
        put(sheet, count, 0, row)
    sheet.autofilter(0, 0, max(count, 1), len(COLUMNS) - 1)
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, 0, 45)
    sheet.set_column(7, 7, 80)
    book.close()
