"""Plain text for a terminal or a log: grouped per file, then a summary."""

from __future__ import annotations

from typing import TextIO

from ..result import BatchResult, FileResult
from ._safe import shown
from ._words import LABELS, SEVERITY, STATUS, amount, counts, kind_label, skipped, verdict

_COLOURS = {"error": "31", "warning": "33", "info": "36", "ok": "32", "bad": "31;1", "dim": "2"}


def render(batch: BatchResult, out: TextIO, *, lang: str = "nb", colour: bool = False,
           checklist: bool = False) -> None:
    paint = (lambda text, c: f"\033[{_COLOURS[c]}m{text}\033[0m") if colour else (lambda text, c: text)
    batch = shown(batch)  # names and values from the inbox can never forge a line or move the cursor
    for result in batch.files:
        _file(result, out, lang, paint, checklist)
    _summary(batch, out, lang, paint)


def _file(result: FileResult, out: TextIO, lang: str, paint, checklist: bool) -> None:
    words = LABELS[lang]
    head = result.path
    extra = [x for x in (result.label, result.programme_name or result.programme or "") if x]
    if kind_label(result, lang):
        extra.insert(0, kind_label(result, lang))
    if extra:
        head += f" — {' · '.join(extra)}"
    out.write(head + "\n")
    out.write(f"  {paint(verdict(result, lang), 'ok' if result.compliant else 'bad')}: {counts(result, lang)}\n")
    for finding in result.findings:
        severity = finding.severity.value
        where = finding.location.describe()
        out.write(f"  {paint(SEVERITY[lang][severity].ljust(9), severity)} {finding.rule}"
                  f"{'  ' + where if where else ''}\n")
        out.write(f"            {finding.message}\n")
        basis = finding.citation.describe(lang)
        if basis:
            out.write(paint(f"            {words['basis']}: {basis}", "dim") + "\n")
    if result.checklist:
        tally: dict[str, int] = {}
        for item in result.checklist:
            tally[item.status.value] = tally.get(item.status.value, 0) + 1
        parts = ", ".join(f"{n} {STATUS[lang][s]}" for s, n in tally.items())
        out.write(f"  {words['checked']}: {len(result.checklist)} {words['rules']} ({parts})\n")
        if checklist:
            for item in result.checklist:
                kind = item.citation.kind_label(lang)
                basis = f" ({words['basis'].lower()}: {kind})" if kind else ""
                out.write(f"    [{STATUS[lang][item.status.value]}] {item.rule}: {item.summary}{basis}\n")
    out.write("\n")


def _summary(batch: BatchResult, out: TextIO, lang: str, paint) -> None:
    words, totals = LABELS[lang], batch.totals()
    line = (f"{words['summary']}: {amount(totals['filer'], 'files', lang)}, {totals['godkjent']} {words['ok']}, "
            f"{totals['ikke_godkjent']} {words['bad']} ({amount(totals['feil'], 'errors', lang)}, "
            f"{amount(totals['advarsler'], 'warnings', lang)}, {amount(totals['råd'], 'infos', lang)})")
    if totals["systemfiler"]:
        line += f"; {skipped(totals['systemfiler'], lang)}"
    out.write(paint(line, "ok" if batch.compliant else "bad") + "\n")
