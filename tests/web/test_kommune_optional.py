"""The form calls a field «valgfritt» only if leaving it out can never block the application.

The schema lets some fields out that the rules then want (a union's
confirmation date, the focus areas, a joint application's ``kommune``
column). A municipality that trusts «valgfritt» and leaves such a field
empty would meet an error only at the end, so the form must not say it.
Each edition's approved sample is the test bed: every field the form calls
optional is blanked in turn (in every row), and the checker must find no
new error.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from kvkdocs.application import Application
from kvkdocs.load import Document
from kvkdocs.web import skjema

APPROVED = sorted((Path(__file__).parents[2] / "samples" / "utgaver").glob("*-godkjent.yaml"))


def _blank(data: dict, group: skjema.Group, fld: skjema.Field) -> bool:
    """Leave ``fld`` out of ``data`` (in every row of a list); False when the sample has nothing to blank."""
    if group.kind == "records":
        rows = skjema.get(data, group.path) or []
        for row in rows:
            node = row
            for part in fld.path[:-1]:
                node = node.get(part, {})
            node.pop(fld.path[-1], None)
        return bool(rows)
    if group.kind == "lines":
        skjema.put(data, group.path, [])
        return True
    path = (*group.path, *fld.path)
    node = data
    for part in path[:-1]:
        node = node.get(part, {})
    return node.pop(path[-1], None) is not None


def _errors(checker, data: dict) -> set[tuple[str, str]]:
    result = checker.check_document(Document("søknad", "søknad", data), {"program": data["program"]})
    return {(f.rule, f.location.pointer) for f in result.findings if f.severity.value == "error"}


@pytest.fixture(scope="module")
def checker():
    with Application() as app:
        yield app.checker(lang="nb")


def test_every_edition_has_an_approved_sample():
    assert len(APPROVED) >= 3, "samples/utgaver should hold one approved application per edition"


@pytest.mark.parametrize("sample", APPROVED, ids=lambda p: p.stem)
def test_no_field_called_optional_can_block_an_application(sample, checker):
    data = yaml.safe_load(sample.read_text(encoding="utf-8"))
    assert _errors(checker, data) == set(), "the approved sample must pass as it stands"
    blocking = []
    for stp in skjema.steps():
        for group in stp.groups:
            for fld in group.fields:
                if fld.required or fld.fixed:
                    continue
                blanked = copy.deepcopy(data)
                if not _blank(blanked, group, fld):
                    continue
                if new := _errors(checker, blanked):
                    blocking.append(f"{group.section.key}/{'.'.join(fld.path)}: {sorted(new)[0]}")
    assert not blocking, ("the form calls these fields «valgfritt», but leaving them out gives an error; "
                          "add them to skjema.NEEDED_BY_RULES:\n" + "\n".join(blocking))


def test_a_unions_confirmation_is_not_called_optional():
    """The case a tester met: «Bekreftet» said «valgfritt», and the checker then said it was missing."""
    [group] = [g for s in skjema.steps() for g in s.groups if g.section.key == "arbeidstakerorganisasjoner"]
    by_key = {f.path[-1]: f for f in group.fields}
    assert by_key["bekreftet"].required and by_key["tillitsvalgt"].required
