"""Programme editions, read from data files.

An edition names its rules, their severities and parameters, and where each
comes from. Adding an edition, or changing a cap or a sector list, is a new
or edited YAML file, never a code change. Editions are found on a search
path: folders given by the caller, then ``KVKDOCS_PROGRAMMES`` (folders
separated by the OS path separator), then the editions shipped with kvkdocs.
An edition may build on another (``bygger_på``) and override it.

Each rule's ``hjemmel`` says what kind of ground it stands on (see
:class:`~kvkdocs.findings.Citation`) and names one of the edition's
``kilder`` by id, so that a quote can be checked against the text it
claims to come from.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from .errors import LoadError, ProgrammeError
from .findings import Citation, Severity
from .load.structured import load_structured
from .messages import Lines, Text, choice
from .resources import load_schema, resource_dir

ENV_PATH = "KVKDOCS_PROGRAMMES"


@dataclass(frozen=True)
class RuleSetting:
    """How one edition applies one rule, and what the rule rests on there.

    ``kind``, ``source``, ``section``, ``quote`` and ``text`` come from the
    rule's ``hjemmel``; ``source`` is the id of one of the edition's
    ``kilder``, ``section`` and ``text`` are {målform: words}.
    """

    severity: Severity
    params: dict[str, Any]
    section: dict[str, str]
    text: dict[str, str]
    source: str = ""
    kind: str = ""
    quote: str = ""


@dataclass(frozen=True)
class Programme:
    id: str
    data: dict[str, Any] = field(repr=False)
    source: Path | None = None

    def name(self, lang: str = "nb") -> str:
        names = self.data.get("navn") or {}
        return names.get(lang) or names.get("nb") or self.id

    def agreement_name(self, lang: str = "nb") -> str:
        names = (self.data.get("avtale") or {}).get("kortnavn") or {}
        return names.get(lang) or names.get("nb") or self.name(lang)

    def source_name(self, source_id: str, lang: str = "nb") -> str:
        """How citations name one of the edition's sources («avtalen av 23. oktober 2006»)."""
        names = ((self.data.get("kilder") or {}).get(source_id) or {}).get("navn") or {}
        return names.get(lang) or names.get("nb") or source_id

    @cached_property
    def rules(self) -> dict[str, RuleSetting]:
        from .rules import RULES

        result = {}
        for rule_id, raw in (self.data.get("regler") or {}).items():
            if raw is None:
                continue
            raw = dict(raw)
            basis = raw.pop("hjemmel", {}) or {}
            # A rule that says no severity keeps the catalogue's (decision.late is advice).
            default = RULES[rule_id].severity.value if rule_id in RULES else "error"
            severity = Severity(raw.pop("alvorlighet", default))
            result[rule_id] = RuleSetting(severity, raw, _forms(basis.get("avsnitt")), basis.get("tekst") or {},
                                          basis.get("kilde") or "", basis.get("type") or "",
                                          " ".join((basis.get("sitat") or "").split()))
        return result

    def citation(self, rule_id: str, lang: str = "nb") -> Citation:
        """The rule's citation in this edition, in ``lang``; one of no kind when the edition does not use it."""
        setting = self.rules.get(rule_id)
        if setting is None:
            return Citation(edition=self.id)
        text = setting.text.get(lang) or setting.text.get("nb", "")
        section = setting.section.get(lang) or setting.section.get("nb", "")
        source = self.source_name(setting.source, lang) if setting.source else ""
        return Citation(self.id, source, section, text, setting.kind, setting.quote)

    @property
    def end(self) -> dt.date | None:
        value = self.data.get("slutt")
        return dt.date.fromisoformat(value) if value else None


def search_path(extra: Iterable[Path] = ()) -> list[Path]:
    """Folders searched for editions, first match wins."""
    folders = [Path(p) for p in extra]
    folders += [Path(p) for p in os.environ.get(ENV_PATH, "").split(os.pathsep) if p]
    folders.append(resource_dir("programmes"))
    return folders


class Catalogue:
    """All editions on a search path, loaded and checked once."""

    def __init__(self, folders: Iterable[Path] = ()) -> None:
        self.folders = search_path(folders)
        self._raw: dict[str, tuple[dict, Path]] = {}
        for folder in reversed(self.folders):  # later folders are overridden by earlier ones
            if not folder.is_dir():
                raise ProgrammeError.said(Text("programme.no-folder", {"folder": str(folder)}))
            for path in sorted(folder.glob("*.y*ml")) + sorted(folder.glob("*.json")):
                data = _read(path)
                self._raw[data["id"]] = (data, path)
        self._cache: dict[str, Programme] = {}
        for programme_id in self.ids():  # a broken base edition shows up now, not half-way
            self.get(programme_id)

    def ids(self) -> list[str]:
        return sorted(self._raw)

    def id_for_name(self, name: str) -> str | None:
        """The id of the edition called ``name`` in bokmål or nynorsk (case and spacing aside), if one is."""
        wanted = " ".join(name.split()).casefold()
        for programme in self:
            if wanted in {" ".join(programme.name(lang).split()).casefold() for lang in ("nb", "nn")}:
                return programme.id
        return None

    def with_edition_id(self, document):
        """A Word or PDF application names its edition as people do («Sammen om en bedre kommune»);
        the returned document's data has the edition's id instead.

        The one place the name-to-id mapping lives: the checker and ``read`` both go through it.
        """
        named = document.data.get("program") if isinstance(document.data, dict) else None
        if document.kind != "søknad" or not isinstance(named, str) or named in self._raw:
            return document
        found = self.id_for_name(named)
        return replace(document, data={**document.data, "program": found}) if found else document

    def get(self, programme_id: str) -> Programme:
        if programme_id not in self._cache:
            if programme_id not in self._raw:
                raise ProgrammeError.said(Text("programme.unknown", {"id": programme_id, "known": ", ".join(self.ids()),
                                                                     "choice": choice("programmes")}))
            data, path = self._raw[programme_id]
            programme = Programme(programme_id, self._merged(data, set()), path)
            problems = citation_problems(programme)
            if problems:
                raise ProgrammeError.said(Text("programme.bad-grounds", {"path": str(path),
                                                                         "problems": Lines(tuple(problems[:5]), "; ")}))
            self._cache[programme_id] = programme
        return self._cache[programme_id]

    def __iter__(self):
        return (self.get(i) for i in self.ids())

    def _merged(self, data: dict, seen: set[str]) -> dict:
        base_id = data.get("bygger_på")
        if not base_id:
            return data
        if base_id in seen or base_id not in self._raw:
            raise ProgrammeError.said(Text("programme.base-missing", {"id": data["id"], "base": base_id}))
        base = self._merged(self._raw[base_id][0], seen | {data["id"]})
        merged = {**base, **{k: v for k, v in data.items() if k not in ("regler", "kilder")}}
        # An inherited rule keeps its citation, so the edition has the sources that citation names.
        merged["kilder"] = {**(base.get("kilder") or {}), **(data.get("kilder") or {})}
        rules = dict(base.get("regler") or {})
        for rule_id, override in (data.get("regler") or {}).items():
            rules[rule_id] = None if override is None else {**(rules.get(rule_id) or {}), **override}
        merged["regler"] = rules
        merged.pop("bygger_på", None)
        return merged


def _forms(value: str | dict | None) -> dict[str, str]:
    """A section name as {målform: text}; a plain string is the same in both."""
    if isinstance(value, str):
        return {"nb": value}
    return dict(value or {})


def citation_problems(programme: Programme) -> list[Text]:
    """What is wrong with an edition's citations, each a message key (``programme.*``); empty when nothing is.

    The schema says which fields each kind needs. This checks what it cannot
    see in one file: that a named source is one the edition (or the edition
    it builds on) declares, and that a practical requirement borrows no
    source's authority.
    """
    problems = []
    sources = programme.data.get("kilder") or {}
    for rule_id, setting in programme.rules.items():
        if setting.source and setting.source not in sources:
            known = ", ".join(sorted(sources)) or Text("programme.no-sources")
            problems.append(Text("programme.unknown-source", {"rule": rule_id, "source": setting.source, "known": known}))
        if setting.kind == "praktisk" and (setting.source or setting.quote):
            problems.append(Text("programme.practical-cited", {"rule": rule_id}))
    return problems


def _read(path: Path) -> dict:
    from .rules import RULES

    try:
        data, _ = load_structured(path)
    except LoadError as exc:
        raise ProgrammeError.said(Text("programme.unreadable", {"path": str(path), "reason": exc.parts()[0]})) from exc
    issues = list(_validator().iter_issues(data))
    if issues:
        detail = Lines(tuple(Text("programme.issue", {"pointer": i.pointer or "/", "issue": i.text}) for i in issues[:5]), "; ")
        raise ProgrammeError.said(Text("programme.invalid", {"path": str(path), "detail": detail}))
    unknown = sorted(set(data.get("regler") or {}) - set(RULES))
    if unknown:
        raise ProgrammeError.said(Text("programme.unknown-rules", {"path": str(path), "rules": ", ".join(unknown),
                                                                   "choice": choice("rules")}))
    return data


@cache
def _validator():
    from .validation import SchemaValidator

    return SchemaValidator(load_schema("programutgave"))
