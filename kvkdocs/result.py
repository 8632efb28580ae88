"""What checking produces: one result per file, and a batch of them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .findings import ChecklistItem, Finding, Severity


@dataclass
class FileResult:
    """The verdict on one file: its findings and the checklist of every rule."""

    path: str
    kind: str | None = None
    programme: str | None = None
    programme_name: str | None = None  # the edition's name in the report's målform, for people to read
    kommunenummer: str | None = None
    kommunenavn: str | None = None
    findings: list[Finding] = field(default_factory=list)
    checklist: list[ChecklistItem] = field(default_factory=list)
    read: list[dict] = field(default_factory=list)  # Word and PDF: each value read and where (kvkdocs.reading)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    @property
    def infos(self) -> int:
        return self.count(Severity.INFO)

    @property
    def compliant(self) -> bool:
        """No ``error`` findings (for an application: it may be admitted)."""
        return self.errors == 0

    @property
    def label(self) -> str:
        """«0219 Bærum», or the file name when the file names no applicant."""
        if self.kommunenummer:
            return f"{self.kommunenummer} {self.kommunenavn or ''}".strip()
        return ""


@dataclass
class BatchResult:
    """Every file of one ``validate`` run, in the order they were found."""

    files: list[FileResult] = field(default_factory=list)
    programme: str | None = None
    deadline: dt.date | None = None
    skipped: int = 0  # system files (lock files, .DS_Store, __MACOSX/...) left out on purpose

    @property
    def compliant(self) -> bool:
        """No file has an error finding (the CLI's exit status 0)."""
        return all(f.compliant for f in self.files)

    def totals(self) -> dict[str, int]:
        return {
            "filer": len(self.files),
            "godkjent": sum(1 for f in self.files if f.compliant),
            "ikke_godkjent": sum(1 for f in self.files if not f.compliant),
            "feil": sum(f.errors for f in self.files),
            "advarsler": sum(f.warnings for f in self.files),
            "råd": sum(f.infos for f in self.files),
            "systemfiler": self.skipped,
        }
