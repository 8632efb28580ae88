"""Findings: what the checker says about one application, as plain data.

Like a ``jsonschema`` error, a finding separates *what* (rule and message),
*where* (:class:`Location`) and *why* (:class:`Citation`). Renderers in
:mod:`kvkdocs.report` decide how to show them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """``error`` blocks admission, ``warning`` needs a human look, ``info`` is advice."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class Status(StrEnum):
    """The outcome of one rule for one application, for the checklist."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not-applicable"
    NOT_CHECKED = "not-checked"


@dataclass(frozen=True)
class Location:
    """Where a finding points. Every field is optional; ``file`` nearly always set."""

    file: str = ""
    pointer: str = ""
    line: int | None = None
    section: str | None = None
    table: int | None = None
    row: int | None = None
    page: int | None = None

    def describe(self) -> str:
        """A short human description, e.g. ``linje 12 (/mål/0/målverdi)``."""
        parts = []
        if self.section:
            parts.append(f"«{self.section}»")
        if self.table is not None:
            parts.append(f"tabell {self.table}" + (f", rad {self.row}" if self.row is not None else ""))
        if self.page is not None:
            parts.append(f"side {self.page}")
        if self.line is not None:
            parts.append(f"linje {self.line}")
        text = ", ".join(parts)
        if self.pointer:
            text = f"{text} ({self.pointer})" if text else self.pointer
        return text


@dataclass(frozen=True)
class Citation:
    """Which agreement and section a rule rests on, in the project's own words."""

    edition: str = ""
    source: str = ""
    section: str = ""
    text: str = ""

    def describe(self) -> str:
        head = ", ".join(p for p in (self.source, self.section) if p)
        return f"{head}: {self.text}" if head and self.text else head or self.text


@dataclass(frozen=True)
class Finding:
    """One rule's verdict on one spot of one application."""

    rule: str
    severity: Severity
    message: str
    location: Location = field(default_factory=Location)
    citation: Citation = field(default_factory=Citation)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


@dataclass(frozen=True)
class ChecklistItem:
    """One line of the per-application checklist: a rule and what became of it."""

    rule: str
    severity: Severity
    status: Status
    summary: str
    citation: Citation = field(default_factory=Citation)
