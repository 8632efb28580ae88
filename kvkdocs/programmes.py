"""Programme editions, read from data files.

An edition names its rules, their severities and parameters, and where each
comes from. Adding an edition, or changing a cap or a sector list, is a new
or edited YAML file, never a code change. Editions are found on a search
path: folders given by the caller, then ``KVKDOCS_PROGRAMMES`` (folders
separated by the OS path separator), then the editions shipped with kvkdocs.
An edition may build on another (``bygger_på``) and override it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from .errors import LoadError, ProgrammeError
from .findings import Citation, Severity
from .load.structured import load_structured
from .resources import load_schema, resource_dir

ENV_PATH = "KVKDOCS_PROGRAMMES"


@dataclass(frozen=True)
class RuleSetting:
    """How one edition applies one rule."""

    severity: Severity
    params: dict[str, Any]
    section: str
    text: dict[str, str]
    source: dict[str, str]


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

    @cached_property
    def rules(self) -> dict[str, RuleSetting]:
        result = {}
        for rule_id, raw in (self.data.get("regler") or {}).items():
            if raw is None:
                continue
            raw = dict(raw)
            basis = raw.pop("hjemmel", {}) or {}
            severity = Severity(raw.pop("alvorlighet", "error"))
            result[rule_id] = RuleSetting(severity, raw, basis.get("avsnitt", ""), basis.get("tekst") or {},
                                          basis.get("kilde") or {})
        return result

    def citation(self, rule_id: str, lang: str = "nb") -> Citation:
        setting = self.rules.get(rule_id)
        if setting is None:
            return Citation(edition=self.id, source=self.agreement_name(lang))
        text = setting.text.get(lang) or setting.text.get("nb", "")
        source = setting.source.get(lang) or setting.source.get("nb") or self.agreement_name(lang)
        return Citation(self.id, source, setting.section, text)

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
                raise ProgrammeError(f"Mappen med programutgaver finnes ikke: {folder}")
            for path in sorted(folder.glob("*.y*ml")) + sorted(folder.glob("*.json")):
                data = _read(path)
                self._raw[data["id"]] = (data, path)
        self._cache: dict[str, Programme] = {}
        for programme_id in self.ids():  # a broken base edition shows up now, not half-way
            self.get(programme_id)

    def ids(self) -> list[str]:
        return sorted(self._raw)

    def get(self, programme_id: str) -> Programme:
        if programme_id not in self._cache:
            if programme_id not in self._raw:
                raise ProgrammeError(
                    f"Ukjent programutgave «{programme_id}». Kjente utgaver: {', '.join(self.ids())}. "
                    "Se «kvkdocs programmes»."
                )
            data, path = self._raw[programme_id]
            self._cache[programme_id] = Programme(programme_id, self._merged(data, set()), path)
        return self._cache[programme_id]

    def __iter__(self):
        return (self.get(i) for i in self.ids())

    def _merged(self, data: dict, seen: set[str]) -> dict:
        base_id = data.get("bygger_på")
        if not base_id:
            return data
        if base_id in seen or base_id not in self._raw:
            raise ProgrammeError(f"Programutgaven «{data['id']}» bygger på «{base_id}», som mangler eller går i ring.")
        base = self._merged(self._raw[base_id][0], seen | {data["id"]})
        merged = {**base, **{k: v for k, v in data.items() if k != "regler"}}
        # Inherited citations keep pointing at the base edition's agreement.
        base_source = (base.get("avtale") or {}).get("kortnavn") or base.get("navn") or {}
        rules = {k: _with_source(v, base_source) for k, v in (base.get("regler") or {}).items()}
        for rule_id, override in (data.get("regler") or {}).items():
            rules[rule_id] = None if override is None else {**(rules.get(rule_id) or {}), **override}
        merged["regler"] = rules
        merged.pop("bygger_på", None)
        return merged


def _with_source(rule: dict | None, source: dict) -> dict | None:
    if not rule:
        return rule
    basis = dict(rule.get("hjemmel") or {})
    basis.setdefault("kilde", source)
    return {**rule, "hjemmel": basis}


def _read(path: Path) -> dict:
    from .rules import RULES

    try:
        data, _ = load_structured(path)
    except LoadError as exc:
        raise ProgrammeError(f"Programutgaven {path} kan ikke leses: {exc.message}") from exc
    issues = list(_validator().iter_issues(data))
    if issues:
        detail = "; ".join(f"{i.pointer or '/'}: {i.message}" for i in issues[:5])
        raise ProgrammeError(f"Programutgaven {path} er ugyldig: {detail}")
    unknown = sorted(set(data.get("regler") or {}) - set(RULES))
    if unknown:
        raise ProgrammeError(f"Programutgaven {path} nevner ukjente regler: {', '.join(unknown)}. Se «kvkdocs rules».")
    return data


@cache
def _validator():
    from .validation import SchemaValidator

    return SchemaValidator(load_schema("programutgave"))
