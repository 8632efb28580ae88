"""A :class:`~kvkdocs.result.FileResult` to JSON and back, for the database.

The shape is the one ``kvkdocs validate --format json`` writes for a file,
so that what is stored reads like what the command line shows, plus each
finding's message key and values (``text``), so that a result checked in one
målform is shown in the viewer's (:func:`kvkdocs.check.in_language`). A result
stored before findings had keys reads back with its messages as they were made.
"""

from __future__ import annotations

from ..findings import ChecklistItem, Citation, Finding, Location, Severity, Status
from ..messages import Forms, from_data, text_of, to_data
from ..report.json_report import file_entry
from ..result import FileResult


def to_json(result: FileResult) -> dict:
    data = file_entry(result)
    for entry, finding in zip(data["findings"], result.findings, strict=True):
        if finding.text is not None:
            entry["text"] = to_data(finding.text)
    for entry, item in zip(data["checklist"], result.checklist, strict=True):
        if item.text is not None:
            entry["text"] = to_data(item.text)
    return data


def _citation(data: dict | None) -> Citation:
    fields = Citation.__dataclass_fields__
    return Citation(**{k: v for k, v in (data or {}).items() if k in fields})


def _location(data: dict | None) -> Location:
    fields = Location.__dataclass_fields__
    return Location(**{k: v for k, v in (data or {}).items() if k in fields})


def _forms(data) -> Forms | None:
    forms = from_data(data) if isinstance(data, dict) else None
    return forms if isinstance(forms, Forms) else None


def from_json(data: dict) -> FileResult:
    return FileResult(
        data["path"], kind=data.get("kind"), programme=data.get("programme"), programme_name=data.get("programme_name"),
        kommunenummer=data.get("kommunenummer"), kommunenavn=data.get("kommunenavn"),
        findings=[Finding(f["rule"], Severity(f["severity"]), f["message"], _location(f.get("location")),
                          _citation(f.get("citation")), text_of(f.get("text"))) for f in data.get("findings", [])],
        checklist=[ChecklistItem(c["rule"], Severity(c["severity"]), Status(c["status"]), c["summary"],
                                 _citation(c.get("citation")), _forms(c.get("text"))) for c in data.get("checklist", [])],
    )
