"""JSON with a stable, documented shape (see README, «JSON-format»).

``format`` is bumped only when a key is removed or changes meaning; new keys
may be added at any time.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TextIO

from .._version import __version__
from ..result import BatchResult, FileResult
from ._safe import shown

FORMAT_VERSION = 1


def as_dict(batch: BatchResult) -> dict:
    batch = shown(batch)  # paths with invalid UTF-8 or control characters, escaped
    return {
        "kvkdocs": __version__,
        "format": FORMAT_VERSION,
        "programme": batch.programme,
        "deadline": batch.deadline.isoformat() if batch.deadline else None,
        "summary": {
            "files": len(batch.files),
            "compliant": sum(1 for f in batch.files if f.compliant),
            "not_compliant": sum(1 for f in batch.files if not f.compliant),
            "error": sum(f.errors for f in batch.files),
            "warning": sum(f.warnings for f in batch.files),
            "info": sum(f.infos for f in batch.files),
            "system_files_skipped": batch.skipped,
        },
        "files": [file_entry(f) for f in batch.files],
    }


def file_entry(result: FileResult) -> dict:
    """One file as the JSON report writes it (also how the web application stores a result)."""
    return {
        "path": result.path,
        "kind": result.kind,
        "programme": result.programme,
        "programme_name": result.programme_name,
        "kommunenummer": result.kommunenummer,
        "kommunenavn": result.kommunenavn,
        "compliant": result.compliant,
        "counts": {"error": result.errors, "warning": result.warnings, "info": result.infos},
        "findings": [f.to_dict() for f in result.findings],
        "checklist": [
            {"rule": c.rule, "severity": c.severity.value, "status": c.status.value, "summary": c.summary,
             "citation": asdict(c.citation)}
            for c in result.checklist
        ],
    }


def render(batch: BatchResult, out: TextIO, **_: object) -> None:
    json.dump(as_dict(batch), out, ensure_ascii=False, indent=2)
    out.write("\n")
