"""Every decision rule, from meeting files built in code."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from kvkdocs.decisions import DecisionCheck, collect_applications
from kvkdocs.findings import Severity
from kvkdocs.meeting import MeetingError, load_meeting
from kvkdocs.messages import kroner
from kvkdocs.programmes import Catalogue

from .conftest import ROOT, SAMPLES, shared

BASE = yaml.safe_load((SAMPLES / "meetings/2008-11-04-pulje-4.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope=shared)
def applications():
    meeting = load_meeting(SAMPLES / "meetings/2008-11-04-pulje-4.yaml", Catalogue())
    return collect_applications(SAMPLES / "pulje-4", meeting)


def check(tmp_path, change, applications):
    data = copy.deepcopy(BASE)
    change(data)
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    meeting = load_meeting(path, Catalogue())
    return DecisionCheck(meeting, applications).run()


def rules(findings, severity=Severity.ERROR):
    return sorted({f.rule for f in findings if f.severity is severity})


def test_sample_meeting_passes(tmp_path, applications):
    findings = check(tmp_path, lambda d: None, applications)
    assert rules(findings) == []
    assert [f.message.split()[1] for f in findings if f.rule == "decision.late"] == ["Bjugn", "Jondal", "Høyanger"]


def test_budget_from_meeting_and_earlier_rounds(tmp_path, applications):
    def change(d):
        d["budsjett"]["beløp"] = 4_000_000
        d["tidligere_opptatt"].append({"kommunenummer": "0301", "pulje": 2, "tilskudd": 300_000})
    findings = check(tmp_path, change, applications)
    assert rules(findings) == ["decision.budget"]
    message = next(f.message for f in findings if f.rule == "decision.budget")
    assert "kr 300\u00a0000 tidligere" in message
    now = sum(d["tilskudd"] for d in BASE["vedtak"] if d["utfall"] == "opptatt")
    earlier = sum(e.get("tilskudd", 0) for e in BASE["tidligere_opptatt"]) + 300_000
    assert message.startswith(f"Tildelingene er til sammen kr {kroner(now + earlier)} (kr {kroner(now)} i dette møtet")


def test_a_budget_used_to_the_last_krone_is_not_over(tmp_path, applications):
    total = (sum(d["tilskudd"] for d in BASE["vedtak"] if d["utfall"] == "opptatt")
             + sum(e.get("tilskudd", 0) for e in BASE.get("tidligere_opptatt") or []))
    assert "decision.budget" not in rules(check(tmp_path, lambda d: d["budsjett"].update(beløp=total), applications))
    assert rules(check(tmp_path, lambda d: d["budsjett"].update(beløp=total - 1), applications)) == ["decision.budget"]


def test_over_budget_without_earlier_grants_names_this_meetings_sum_only(tmp_path, applications):
    def change(d):
        d["budsjett"]["beløp"] = 1
        d["tidligere_opptatt"] = []
    now = kroner(sum(d["tilskudd"] for d in BASE["vedtak"] if d["utfall"] == "opptatt"))
    over = next(f for f in check(tmp_path, change, applications) if f.rule == "decision.budget")
    assert over.message == f"Tildelingene er til sammen kr {now} (kr {now} i dette møtet), over budsjettet på kr 1."
    assert over.location.pointer == "/vedtak"


def test_the_editions_budget_counts_only_for_its_own_year(tmp_path, applications):
    def in_2007(over):
        def change(d):
            d.pop("budsjett")
            d["dato"] = d["brevdato"] = "2007-11-04"
            d["vedtak"][0]["tilskudd"] = 7_000_000 if over else 200_000
        return change
    assert rules(check(tmp_path, in_2007(True), applications)) == ["decision.budget"]  # 2006: 10 million, for 2007
    findings = check(tmp_path, in_2007(False), applications)
    assert rules(findings) == [] and "decision.budget" not in rules(findings, Severity.INFO)


def test_no_budget_for_the_meetings_year_is_an_info_and_the_minutes_print_no_remainder(tmp_path, applications):
    def change(d):
        d.pop("budsjett")
        d["vedtak"][0]["tilskudd"] = 7_000_000  # would break the edition's 2007 budget, but this is 2008
    findings = check(tmp_path, change, applications)
    assert rules(findings) == [] and rules(findings, Severity.INFO) == ["decision.budget", "decision.late"]
    info = next(f for f in findings if f.rule == "decision.budget")
    assert "Ingen budsjettramme er kontrollert" in info.message and "2008" in info.message
    assert info.location.pointer == ""  # the whole meeting file, as «--format json» shows it
    from kvkdocs.letters import Planner

    meeting = load_meeting(tmp_path / "m.yaml", Catalogue())
    context = Planner(meeting, DecisionCheck(meeting, applications)).minutes("nn").context
    assert context["budsjett"] == "" and context["gjenstår"] == ""


MEETING_2011 = yaml.safe_load((SAMPLES / "meetings/2011-09-21-sammen-pulje-1.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope=shared)
def applications_2011():
    meeting = load_meeting(SAMPLES / "meetings/2011-09-21-sammen-pulje-1.yaml", Catalogue())
    return collect_applications(SAMPLES / "sammen-2011", meeting)


def check_2011(tmp_path, change, applications, lang="nb"):
    data = copy.deepcopy(MEETING_2011)
    change(data)
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    meeting = load_meeting(path, Catalogue())
    return DecisionCheck(meeting, applications, lang).run()


def test_applications_are_checked_against_an_edition_from_the_users_own_folder(tmp_path, applications_2011):
    """A meeting of an edition only a --programmes-dir folder has: the applications are checked against it too."""
    editions = tmp_path / "utgaver"
    editions.mkdir()
    text = (ROOT / "programmes/sammen-om-en-bedre-kommune-2011.yaml").read_text(encoding="utf-8")
    (editions / "egen.yaml").write_text(text.replace("id: sammen-om-en-bedre-kommune-2011", "id: egen-utgave-2011", 1),
                                        encoding="utf-8")
    data = copy.deepcopy(MEETING_2011)
    data["program"] = "egen-utgave-2011"
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    meeting = load_meeting(path, Catalogue([editions]))
    apps = tmp_path / "soknader"
    apps.mkdir()
    for sample in (SAMPLES / "sammen-2011").glob("*.yaml"):
        (apps / sample.name).write_text(sample.read_text(encoding="utf-8").replace(
            "program: sammen-om-en-bedre-kommune-2011", "program: egen-utgave-2011"), encoding="utf-8")
    found = collect_applications(apps, meeting)

    def verdicts(applications):
        return {number: [(Path(a.path).name, [f.rule for f in a.errors]) for a in summaries]
                for number, summaries in applications.items()}

    assert verdicts(found) == verdicts(applications_2011) and any(verdicts(found).values())


def test_grant_cap_is_per_participating_municipality(tmp_path, applications_2011):
    assert rules(check_2011(tmp_path, lambda d: None, applications_2011)) == []  # Førde + Naustdal: 600 000
    findings = check_2011(tmp_path, lambda d: d["vedtak"][0].update(tilskudd=600_001), applications_2011)
    assert rules(findings) == ["decision.grant-cap"]
    cap = next(f for f in findings if f.rule == "decision.grant-cap")
    assert "1432 Førde" in cap.message and "2 × kr 300\u00a0000" in cap.message
    assert cap.location.pointer == "/vedtak/0/tilskudd"
    nn = check_2011(tmp_path, lambda d: d["vedtak"][1].update(tilskudd=350_000), applications_2011, "nn")
    assert rules(nn) == ["decision.grant-cap"]
    assert "får kr 350\u00a0000, over taket på kr 300\u00a0000" in next(f.message for f in nn if f.rule == "decision.grant-cap")


def test_an_edition_without_a_cap_checks_no_cap(tmp_path, applications):
    assert "decision.grant-cap" not in rules(check(tmp_path, lambda d: d["vedtak"][0].update(tilskudd=900_000),
                                                   applications))


def test_an_edition_without_the_grant_rule_checks_no_cap_and_still_checks_the_meeting(tmp_path):
    """A user's own edition that leaves out ``grant.amount`` has no cap: an admission of any size is checked, not a crash."""
    editions = tmp_path / "utgaver"
    editions.mkdir()
    edition = yaml.safe_load((ROOT / "programmes/sammen-om-en-bedre-kommune-2011.yaml").read_text(encoding="utf-8"))
    edition["id"] = "uten-tilskuddsregel"
    del edition["regler"]["grant.amount"]
    (editions / "egen.yaml").write_text(yaml.safe_dump(edition, allow_unicode=True), encoding="utf-8")
    data = copy.deepcopy(MEETING_2011)
    data["program"] = "uten-tilskuddsregel"
    data["vedtak"][0]["tilskudd"] = 900_000
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    meeting = load_meeting(path, Catalogue([editions]))
    findings = DecisionCheck(meeting, None).run()
    assert "decision.grant-cap" not in rules(findings)
    data["vedtak"].append(copy.deepcopy(data["vedtak"][0]))  # the other rules still run: the same municipality twice
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert "decision.once" in rules(DecisionCheck(load_meeting(path, Catalogue([editions])), None).run())


def test_unknown_applicant(tmp_path, applications):
    finding = check(tmp_path, lambda d: d["vedtak"].append(
        {"kommunenummer": "0301", "kommunenavn": "Oslo", "utfall": "avslått", "begrunnelse": "x"}), applications)
    assert rules(finding) == ["decision.known-applicant"]
    assert finding[0].location.pointer == "/vedtak/16/kommunenummer" and finding[0].location.line


def test_each_decision_without_exactly_one_application_is_reported_not_only_the_first(tmp_path, applications):
    """Two applications from the first decision's municipality, then two decisions with none: all three are named."""
    first = BASE["vedtak"][0]["kommunenummer"]
    twice = {**applications, first: applications[first] * 2}
    findings = check(tmp_path, lambda d: d["vedtak"].extend([
        {"kommunenummer": "0301", "kommunenavn": "Oslo", "utfall": "avslått", "begrunnelse": "x"},
        {"kommunenummer": "1103", "kommunenavn": "Stavanger", "utfall": "avslått", "begrunnelse": "x"}]), twice)
    known = [f for f in findings if f.rule == "decision.known-applicant"]
    assert [f.location.pointer for f in known] == ["/vedtak/0/kommunenummer", "/vedtak/16/kommunenummer",
                                                   "/vedtak/17/kommunenummer"]
    path = applications[first][0].path
    assert known[0].message == (f"Kommunenummer {first} har flere søknader i søknadsmappen: {path}, {path}. "
                                "Fjern alle unntatt én.")
    assert known[1].message == "Det finnes ingen søknad fra kommunenummer 0301 (Oslo) i søknadsmappen."


def test_a_partner_the_decision_names_but_the_application_does_not_is_reported(tmp_path, applications_2011):
    findings = check_2011(tmp_path, lambda d: d["vedtak"][0].update(samarbeidskommuner=["1433", "1401"]),
                          applications_2011)
    partner = [f for f in findings if "Samarbeidskommunen" in f.message]
    assert [(f.rule, f.location.pointer, f.message) for f in partner] == [
        ("decision.known-applicant", "/vedtak/0/samarbeidskommuner",
         "Samarbeidskommunen 1401 står ikke i søknaden fra 1432 Førde.")]


def test_error_application_needs_a_justification(tmp_path, applications):
    findings = check(tmp_path, lambda d: d["vedtak"][1].pop("dispensasjon"), applications)
    assert rules(findings) == ["decision.compliant"]
    assert "1545 Midsund" in findings[0].message and "anchoring.all-unions" in findings[0].message
    assert findings[0].location.pointer == "/vedtak/1"


def test_rejecting_an_error_application_needs_no_justification(tmp_path, applications):
    def change(d):
        d["vedtak"][1] = {"kommunenummer": "1545", "utfall": "avslått", "begrunnelse": "Mangler forankring."}
    assert rules(check(tmp_path, change, applications)) == []


def test_admitted_twice_or_again(tmp_path, applications):
    assert rules(check(tmp_path, lambda d: d["vedtak"].append(copy.deepcopy(d["vedtak"][0])), applications)) == ["decision.once"]
    assert rules(check(tmp_path, lambda d: d["tidligere_opptatt"].append({"kommunenummer": "0219", "pulje": 2}),
                       applications)) == ["decision.once"]


def test_late_is_info_and_found_from_the_application_too(tmp_path, applications):
    findings = check(tmp_path, lambda d: [v.pop("sen_søknad", None) for v in d["vedtak"]], applications)
    assert rules(findings) == [] and rules(findings, Severity.INFO) == ["decision.late"]
    assert len([f for f in findings if f.rule == "decision.late"]) == 3  # the deadline in the meeting file


@pytest.mark.parametrize("change,words", [
    (lambda d: d.pop("dato"), "Møtedato mangler"),
    (lambda d: d["vedtak"][0].pop("tilskudd"), "Tildelt tilskudd mangler"),
    (lambda d: d.pop("avsender"), "hvem brevene er fra"),
    (lambda d: d.update(program="finnes-ikke"), "ukjent programutgave"),
])
def test_broken_meeting_file_is_a_clear_error(tmp_path, applications, change, words):
    with pytest.raises(MeetingError, match=words):
        check(tmp_path, change, applications)


def test_sender_from_a_separate_file(tmp_path, applications):
    sender = BASE["avsender"]
    (tmp_path / "avsender.yaml").write_text(yaml.safe_dump(sender, allow_unicode=True), encoding="utf-8")

    def change(d):
        d.pop("avsender")
        d["avsenderfil"] = "avsender.yaml"
    assert rules(check(tmp_path, change, applications)) == []



def test_one_check_serves_both_maalformer(tmp_path, applications):
    """Decision findings carry their message as a key and values: put into nynorsk at the edge,
    a finding from a bokmål check reads exactly as the nynorsk check's own."""
    def change(d):
        d["budsjett"]["beløp"] = 4_000_000
        d["tidligere_opptatt"].append({"kommunenummer": "0301", "pulje": 2, "tilskudd": 300_000})  # a nested sentence
        d["vedtak"][1].pop("dispensasjon")  # a list of rules, joined with «og»
        d["vedtak"].append(copy.deepcopy(d["vedtak"][0]))  # the same municipality twice
        d["vedtak"].append({**copy.deepcopy(d["vedtak"][0]), "kommunenummer": "1874", "kommunenavn": "Moskenes"})

    data = copy.deepcopy(BASE)
    change(data)
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    meeting = load_meeting(path, Catalogue())
    bokmaal = DecisionCheck(meeting, applications, "nb").run()
    nynorsk = DecisionCheck(meeting, applications, "nn").run()
    assert {"decision.budget", "decision.compliant", "decision.once", "decision.known-applicant"} <= {f.rule for f in bokmaal}
    assert [f.in_language("nn") for f in bokmaal] == [f.message for f in nynorsk]
    assert [f.in_language("nb") for f in nynorsk] == [f.message for f in bokmaal]
    assert [f.message for f in bokmaal] != [f.message for f in nynorsk]  # the two målformer do differ here
