"""The decision-meeting file: what was decided, by whom, and who sends the letters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import LoadError, MeetingError, os_reason_text
from .load import load_file
from .load.structured import load_structured
from .messages import Lines, Text
from .programmes import Catalogue, Programme
from .resources import load_schema
from .validation import SchemaValidator


@dataclass
class Meeting:
    path: Path
    data: dict
    programme: Programme
    sender: dict
    date: dt.date
    letter_date: dt.date
    decisions: list[dict] = field(default_factory=list)
    document: Any = None

    def location(self, pointer: str):
        return self.document.location(pointer)

    @property
    def round(self) -> int:
        return self.data["pulje"]

    @property
    def case(self) -> str:
        return self.data.get("saksnummer") or self.sender["referanseprefiks"]

    @property
    def is_example(self) -> bool:
        """The file invents amounts, deadlines or reasons; every document made from it says so."""
        return bool(self.data.get("eksempel"))

    def budget(self) -> int | None:
        """The budget that applies: the meeting file's own, else the edition's stimulation money,
        but only when the edition states it for the meeting's own year (2006: for 2007 alone).
        None when no budget applies: then nothing is checked and no remainder is printed."""
        own = (self.data.get("budsjett") or {}).get("beløp")
        if own is not None:
            return own
        edition = self.programme.data.get("budsjett") or {}
        if edition.get("år") == self.date.year:
            return edition.get("stimuleringsmidler")
        return None

    def conditions(self, lang: str) -> tuple[str, list[str]]:
        """The grant conditions someone decided, and who: ("møte", [...]) from the meeting file,
        else ("utgave", [...]) from the edition, else ("", []). Never template prose."""
        for origin, source in (("møte", self.data), ("utgave", self.programme.data)):
            terms = source.get("vilkår") or {}
            sentences = terms.get(lang) or terms.get("nb") or []
            if sentences:
                return origin, list(sentences)
        return "", []


def load_meeting(path: Path, catalogue: Catalogue, lang: str = "nb") -> Meeting:
    """Read and check a meeting file; raise MeetingError saying what is wrong."""
    try:
        document = load_file(path)
    except LoadError as exc:
        raise MeetingError.said(Text("meeting.unreadable", {"path": str(path), "problem": exc.text_of()})) from exc
    if document.kind != "møte":
        raise MeetingError.said(Text("meeting.not-meeting", {"path": str(path), "kind": document.data.get("dokument")}))
    data = document.data
    _raise_on_issues(path, SchemaValidator(load_schema("mote")), data, lang, document)
    if data["program"] not in catalogue.ids():
        raise MeetingError.said(Text("meeting.unknown-programme", {"path": str(path), "value": data["program"],
                                                                  "known": ", ".join(catalogue.ids())}))
    sender = _sender(path, data, lang)
    date = dt.date.fromisoformat(data["dato"])
    letter_date = dt.date.fromisoformat(data["brevdato"]) if data.get("brevdato") else date
    return Meeting(path, data, catalogue.get(data["program"]), sender, date, letter_date, list(data["vedtak"]), document)


def _sender(path: Path, data: dict, lang: str) -> dict:
    if data.get("avsender"):
        return data["avsender"]
    if not data.get("avsenderfil"):
        raise MeetingError.said(Text("meeting.no-sender", {"path": str(path)}))
    sender_path = (path.parent / data["avsenderfil"]).resolve()
    try:
        sender, locate = load_structured(sender_path)
    except (LoadError, OSError) as exc:
        problem = exc.parts()[0] if isinstance(exc, LoadError) else os_reason_text(exc)
        raise MeetingError.said(Text("meeting.sender-unreadable", {"path": str(sender_path), "problem": problem})) from exc
    schema = load_schema("mote")
    validator = SchemaValidator({"$ref": "#/$defs/avsender", "$defs": schema["$defs"]})
    _raise_on_issues(sender_path, validator, sender, lang, None)
    return sender


def _raise_on_issues(path: Path, validator: SchemaValidator, data: Any, lang: str, document: Any) -> None:
    issues = list(validator.iter_issues(data, lang))
    if issues:
        lines = []
        for issue in issues[:20]:
            where = document.location(issue.pointer).describe() if document else issue.pointer
            lines.append(Text("meeting.issue", {"where": where, "issue": issue.text}))
        raise MeetingError.said(Text("meeting.issues", {"path": str(path), "lines": Lines(tuple(lines))}), lang)
