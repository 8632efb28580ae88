"""The rule catalogue as data: what `kvkdocs rules` prints and the README's table is made from.

One function builds the rows, so the command's JSON and the generated table
in README.md cannot drift apart: ``tools/rule_table.py`` writes the table
from :func:`rule_rows`, and a test fails when README.md is out of date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict

from .programmes import Programme
from .rules import RULES


def rule_rows(editions: Iterable[Programme], lang: str = "nb", *, one_edition: bool = False) -> list[dict]:
    """One row per rule: id, group, severity, editions, what it checks, and per edition how it applies.

    ``by_edition`` lists, for each edition that uses the rule, its severity
    there and its citation (kind, quote, source, section, text). With
    ``one_edition`` (``--programme``), rules of the application group that
    the edition does not use are left out, and ``severity`` and ``citation``
    are the edition's.
    """
    editions = list(editions)
    rows = []
    for rule in RULES.values():
        using = [e for e in editions if rule.id in e.rules]
        if one_edition and not using and rule.group == "application":
            continue
        per_edition = []
        for edition in using:
            citation = edition.citation(rule.id, lang)
            per_edition.append({
                "edition": edition.id,
                "severity": edition.rules[rule.id].severity.value,
                "citation": {**asdict(citation), "kind_label": citation.kind_label(lang),
                             "describe": citation.describe(lang)},
            })
        first = per_edition[0] if one_edition and per_edition else None
        rows.append({
            "id": rule.id, "group": rule.group,
            "severity": first["severity"] if first else rule.severity.value,
            "editions": [e.id for e in using] if rule.group == "application" else ["alle"],
            "citation": first["citation"]["describe"] if first else "",
            "checks": rule.describe(lang),
            "by_edition": per_edition,
        })
    return rows
