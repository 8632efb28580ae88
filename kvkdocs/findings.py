"""Findings: what the checker says about one application, as plain data.

Like a ``jsonschema`` error, a finding separates *what* (rule and message),
*where* (:class:`Location`) and *why* (:class:`Citation`). Renderers in
:mod:`kvkdocs.report` decide how to show them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum

from .messages import Forms, Text, render


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


#: The kinds of citation, and how each is named to a reader. A quote is only
#: ever shown as the source's own words; the project's words say what they are.
CITATION_KINDS = ("avtale", "tolkning", "praksis", "praktisk")
_KIND_WORDS = {
    "nb": {"avtale": "sitat", "tolkning": "tolkning", "praksis": "praksis, ikke krav i avtalen",
           "praktisk": "praktisk krav, ikke i avtalen"},
    "nn": {"avtale": "sitat", "tolkning": "tolking", "praksis": "praksis, ikkje krav i avtalen",
           "praktisk": "praktisk krav, ikkje i avtalen"},
}
_PHRASES = {
    "nb": {"from": "fra", "section": "avsnittet", "reading": "Prosjektet leser det slik:"},
    "nn": {"from": "frå", "section": "avsnittet", "reading": "Prosjektet les det slik:"},
}


def kind_label(kind: str, lang: str = "nb") -> str:
    """The kind of a citation in words («tolkning», «praktisk krav, ikke i avtalen»); empty if unknown."""
    return _KIND_WORDS.get(lang, _KIND_WORDS["nb"]).get(kind, "")


@dataclass(frozen=True)
class Citation:
    """What a rule rests on, and what kind of ground that is.

    ``kind`` is ``avtale`` (the source says it: ``quote`` is its words),
    ``tolkning`` (the project's reading of ``quote``, given in ``text``),
    ``praksis`` (what the programme did, as ``source`` reports it) or
    ``praktisk`` (a practical requirement no source states: no quote, no
    source). ``source`` and ``section`` are in the reader's målform; a quote
    is always the source's own words, so it is never translated.
    """

    edition: str = ""
    source: str = ""
    section: str = ""
    text: str = ""
    kind: str = ""
    quote: str = ""

    def kind_label(self, lang: str = "nb") -> str:
        return kind_label(self.kind, lang)

    def where(self, lang: str = "nb") -> str:
        """The source and section in words: «avtalen av 23. oktober 2006, avsnittet Innhold»."""
        words = _PHRASES.get(lang, _PHRASES["nb"])
        return ", ".join(p for p in (self.source, f"{words['section']} {self.section}" if self.section else "") if p)

    def own_words(self, lang: str = "nb") -> str:
        """The project's words, introduced as a reading where they are one; none beside a plain quote."""
        if not self.text or self.kind == "avtale":
            return ""
        if self.kind == "tolkning":
            return f"{_PHRASES.get(lang, _PHRASES['nb'])['reading']} {self.text}"
        return self.text

    def describe(self, lang: str = "nb") -> str:
        """One line a person can read, that always says which kind of ground it is."""
        words = _PHRASES.get(lang, _PHRASES["nb"])
        where = self.where(lang)
        quoted = f"«{self.quote}»" if self.quote else ""
        label = self.kind_label(lang)
        if self.kind == "praktisk":
            return f"{_cap(label)}: {self.text}" if self.text else _cap(label)
        if self.kind == "avtale":
            head = f"{_cap(label)} {words['from']} {where}" if where else _cap(label)
            return f"{head}: {quoted}" if quoted else head
        if self.kind == "tolkning":
            head = f"{_cap(label)} av {where}" if where else _cap(label)
            parts = [f"{head}: {quoted}" if quoted else head]
            if self.text:
                parts.append(f"{words['reading']} {self.text}")
            return " ".join(parts)
        if self.kind == "praksis":
            head = f"{_cap(label)} ({where})" if where else _cap(label)
            parts = [f"{head}: {quoted}" if quoted else head]
            if self.text:
                parts.append(self.text)
            return " ".join(parts)
        # A citation of no known kind (an edition written before kinds existed).
        head = ", ".join(p for p in (self.source, self.section) if p)
        return f"{head}: {self.text}" if head and self.text else head or self.text


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Finding:
    """One rule's verdict on one spot of one application."""

    rule: str
    severity: Severity
    message: str
    location: Location = field(default_factory=Location)
    citation: Citation = field(default_factory=Citation)
    #: The message as a key and its values: ``message`` is it in the checker's målform,
    #: :meth:`in_language` in any. Every finding the checker and the decision rules make has one;
    #: a finding read back from an old stored result may not.
    text: Text | None = field(default=None, compare=False, repr=False)

    def in_language(self, lang: str) -> str:
        """The message in ``lang`` (``nb`` or ``nn``); as made where the finding has no key."""
        return render(self.text, lang) if self.text is not None else self.message

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("text")
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
    #: The rule's summary in both målformer (``summary`` is it in the checker's); none when read back from an
    #: old stored result.
    text: Forms | None = field(default=None, compare=False, repr=False)

    def in_language(self, lang: str) -> str:
        """The summary in ``lang``; as made where the item has no forms."""
        return self.text.get(lang) if self.text is not None else self.summary
