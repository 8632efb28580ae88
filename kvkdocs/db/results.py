"""A :class:`~kvkdocs.result.FileResult` to JSON and back, for the database.

The shape is the one ``kvkdocs validate --format json`` writes for a file,
so that what is stored reads like what the command line shows.
"""

from __future__ import annotations

from ..findings import ChecklistItem, Citation, Finding, Location, Severity, Status
from ..report.json_report import file_entry
from ..result import FileResult


def to_json(result: FileResult) -> dict:
    return file_entry(result)


def _citation(data: dict | None) -> Citation:
    fields = Citation.__dataclass_fields__
    return Citation(**{k: v for k, v in (data or {}).items() if k in fields})


def _location(data: dict | None) -> Location:
    fields = Location.__dataclass_fields__
    return Location(**{k: v for k, v in (data or {}).items() if k in fields})


def from_json(data: dict) -> FileResult:
    return FileResult(
        data["path"], kind=data.get("kind"), programme=data.get("programme"), programme_name=data.get("programme_name"),
        kommunenummer=data.get("kommunenummer"), kommunenavn=data.get("kommunenavn"),
        findings=[Finding(f["rule"], Severity(f["severity"]), f["message"], _location(f.get("location")),
                          _citation(f.get("citation"))) for f in data.get("findings", [])],
        checklist=[ChecklistItem(c["rule"], Severity(c["severity"]), Status(c["status"]), c["summary"],
                                 _citation(c.get("citation"))) for c in data.get("checklist", [])],
    )
