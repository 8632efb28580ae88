"""The batch as reports may show it: every text from outside with its control characters escaped.

File names, municipality names and the values quoted in messages come from
the inbox. Escaping them once here, before any renderer sees the batch,
means no report (text, JSON, CSV, xlsx, HTML) can be given a forged line, a
cursor movement or an undecodable byte, whatever the format does itself.
"""

from __future__ import annotations

from dataclasses import replace

from ..findings import Finding, Location
from ..result import BatchResult, FileResult
from ..safetext import escape_controls


def _text(value):
    return escape_controls(value) if isinstance(value, str) else value


def _location(loc: Location) -> Location:
    return replace(loc, file=_text(loc.file), pointer=_text(loc.pointer), section=_text(loc.section))


def _finding(f: Finding) -> Finding:
    return replace(f, message=_text(f.message), location=_location(f.location))


def _file(r: FileResult) -> FileResult:
    return replace(r, path=_text(r.path), kommunenummer=_text(r.kommunenummer), kommunenavn=_text(r.kommunenavn),
                   programme=_text(r.programme), programme_name=_text(r.programme_name), findings=[_finding(f) for f in r.findings])


def shown(batch: BatchResult) -> BatchResult:
    """A copy of ``batch`` that is safe to print; the original is not changed."""
    return replace(batch, files=[_file(r) for r in batch.files])
