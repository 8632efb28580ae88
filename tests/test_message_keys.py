"""One check serves both målformer: every finding carries its message key and values.

Each sample is checked in bokmål and in nynorsk, under each edition (and
under the edition it names itself); every finding must carry a key, and the
bokmål result put into nynorsk (and back) must be what the nynorsk checker
said: messages, citations, checklist and the edition's name. A result kept
as JSON (the web's database) or read in a worker process keeps its keys.
"""

from __future__ import annotations

import json

import pytest

from kvkdocs import validate
from kvkdocs.application import Application
from kvkdocs.check import in_language
from kvkdocs.db.results import from_json, to_json
from kvkdocs.messages import MESSAGES, Forms, Text, Word, Words, from_data, render, to_data

from .conftest import SAMPLES, shared

EDITIONS = (None, "kvalitetskommune-2006", "kvalitetskommune-ks-2010", "sammen-om-en-bedre-kommune-2011")
FILES = sorted(str(p.relative_to(SAMPLES)) for p in SAMPLES.rglob("*") if p.is_file())


@pytest.fixture(scope=shared)
def checked():
    """Every sample checked in both målformer under each edition: {(edition, lang): {relative path: result}}."""
    with Application() as app:
        out = {}
        for edition in EDITIONS:
            for lang in ("nb", "nn"):
                batch = validate([SAMPLES], edition, lang=lang, app=app)
                out[edition, lang] = {r.path[len(str(SAMPLES)) + 1:]: r for r in batch.files}
        yield out, app.catalogue


@pytest.mark.parametrize("edition", EDITIONS, ids=lambda e: e or "egen")
@pytest.mark.parametrize("rel", FILES)
def test_every_finding_has_a_key_and_says_in_the_other_maalform_what_that_checker_says(checked, rel, edition):
    results, catalogue = checked
    for lang, other in (("nb", "nn"), ("nn", "nb")):
        mine, theirs = results[edition, lang][rel], results[edition, other][rel]
        unkeyed = [f.message for f in mine.findings if f.text is None or f.text.key == "sentence.as-said"]
        assert unkeyed == []
        assert all(f.message == f.in_language(lang) for f in mine.findings)
        assert [f.in_language(other) for f in mine.findings] == [f.message for f in theirs.findings]
        assert all(c.text is not None for c in mine.checklist)
        assert [c.in_language(other) for c in mine.checklist] == [c.summary for c in theirs.checklist]
        assert in_language(mine, other, catalogue) == theirs


def test_the_samples_say_something_in_each_maalform_that_differs(checked):
    """The comparison above is not between equal texts: bokmål and nynorsk findings differ."""
    results, _ = checked
    nb = [f.message for r in results[None, "nb"].values() for f in r.findings]
    nn = [f.message for r in results[None, "nn"].values() for f in r.findings]
    assert len(nb) == len(nn) > 50 and sum(a != b for a, b in zip(nb, nn, strict=True)) > 30


def test_a_result_stored_as_json_and_read_back_is_shown_in_the_other_maalform(checked):
    """As the web does: checked under bokmål, stored, loaded and shown to a reader of nynorsk."""
    results, catalogue = checked
    for rel, result in results[None, "nb"].items():
        stored = json.loads(json.dumps(to_json(result), ensure_ascii=False))
        shown = in_language(from_json(stored), "nn", catalogue)
        wanted = from_json(to_json(results[None, "nn"][rel]))
        assert [(f.message, f.citation) for f in shown.findings] == [(f.message, f.citation) for f in wanted.findings]
        assert shown.checklist == wanted.checklist and shown.programme_name == wanted.programme_name


def test_a_result_stored_before_findings_had_keys_shows_its_messages_as_made(checked):
    results, catalogue = checked
    result = results[None, "nn"]["pulje-4/1548-fraena.yaml"]
    old = to_json(result)
    for entry in old["findings"] + old["checklist"]:
        entry.pop("text")
    shown = in_language(from_json(old), "nb", catalogue)
    assert [f.message for f in shown.findings] == [f.message for f in result.findings]
    # a checklist item says what its rule checks, which the rule table knows in either målform
    assert [c.summary for c in shown.checklist] == [c.summary for c in results[None, "nb"]["pulje-4/1548-fraena.yaml"]
                                                    .checklist]


def test_a_text_goes_through_json_unchanged():
    text = Text("goals.unmeasurable", {"goal": Text("label.unnamed"), "missing": Words((Word("target"), Forms("a", "b"), "c"))})
    again = from_data(json.loads(json.dumps(to_data(text))))
    assert again == text
    assert render(again, "nb") == "Målet «uten navn» mangler målverdi, a og c."
    assert render(again, "nn") == "Målet «utan namn» manglar målverdi, b og c."


def test_a_file_a_worker_cannot_read_keeps_its_key(tmp_path):
    """Word and PDF files are read in worker processes; what they cannot read comes back as a key and values."""
    (tmp_path / "skadet.docx").write_bytes(b"PK\x03\x04 ikke et Word-dokument")
    (tmp_path / "skadet.pdf").write_bytes(b"%PDF-1.4 ikke en PDF")
    with Application() as app:
        nb, nn = (validate([tmp_path], lang=lang, app=app) for lang in ("nb", "nn"))
    findings = [(a, b) for x, y in zip(nb.files, nn.files, strict=True) for a, b in zip(x.findings, y.findings, strict=True)]
    assert len(findings) == 2
    for mine, theirs in findings:
        assert mine.text is not None and mine.text.key in MESSAGES and mine.text.key != "sentence.as-said"
        assert mine.in_language("nn") == theirs.message != mine.message


MEETINGS = {"2008-11-04-pulje-4.yaml": "pulje-4", "2008-11-04-budsjett-sprengt.yaml": "pulje-4",
            "2011-09-21-sammen-pulje-1.yaml": "sammen-2011"}


@pytest.mark.parametrize("name", sorted(MEETINGS))
def test_a_sample_meetings_decision_findings_say_in_the_other_maalform_what_that_check_says(name):
    from kvkdocs import verbs
    from kvkdocs.result import FileResult

    with Application() as app:
        checked = {lang: verbs.check_meeting(SAMPLES / "meetings" / name, SAMPLES / MEETINGS[name], lang=lang, app=app)
                   for lang in ("nb", "nn")}
        results = {lang: FileResult(name, kind="møte", findings=c.findings) for lang, c in checked.items()}
        assert results["nb"].findings and all(f.text is not None for f in results["nb"].findings)
        assert in_language(results["nb"], "nn", app.catalogue) == results["nn"]
        assert in_language(results["nn"], "nb", app.catalogue) == results["nb"]


def test_a_stored_citation_the_edition_no_longer_gives_is_shown_as_it_was_given(checked):
    """Should an edition's wording change after a verdict was stored, the stored verdict keeps the citation it was
    given: shown in another målform it is not swapped for today's text."""
    import dataclasses

    results, catalogue = checked
    mine = next(r for r in results[None, "nb"].values() if any(f.citation.quote for f in r.findings))
    finding = next(f for f in mine.findings if f.citation.quote)
    old = dataclasses.replace(finding.citation, quote="Slik lød setningen da vurderingen ble gitt.")
    stored = dataclasses.replace(mine, findings=[dataclasses.replace(finding, citation=old)])
    [shown] = in_language(stored, "nn", catalogue).findings
    assert shown.citation == old
    [today] = in_language(dataclasses.replace(mine, findings=[finding]), "nn", catalogue).findings
    assert today.citation == catalogue.get(finding.citation.edition).citation(finding.rule, "nn")
