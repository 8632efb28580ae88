"""Every application rule, in both directions, for every edition that has it."""

from __future__ import annotations

import datetime as dt

import pytest

from kvkdocs import Catalogue, Checker, Severity, Status
from kvkdocs.rules import RULES

from .conftest import EDITION_SAMPLES, rule_ids


def _without_party(party):
    def change(app):
        app["styringsgruppe"] = [m for m in app["styringsgruppe"] if m["part"] != party]
    return change


MUTATIONS = {
    "applicant.kommune": lambda a: a["søker"].update(kommunenummer="2999"),
    "applicant.contact": lambda a: a["søker"]["kontaktperson"].update(epost="ikke-en-adresse"),
    "application.focus-areas": lambda a: a.update({"innsatsområder": [], "arbeidsform": ""}),
    "goals.defined": lambda a: a.update({"mål": []}),
    "goals.measurable": lambda a: a["mål"][-1].pop("indikator"),
    "goals.sick-leave": lambda a: a.update({"mål": [g for g in a["mål"] if g.get("tema") != "sykefravær"]}),
    "scope.sector": lambda a: a["prosjekter"][0].update(sektorer=["kultur"]),
    "scope.theme": lambda a: a["prosjekter"][0].update(tema=["kvalitet"]),
    "project.duration": lambda a: a["prosjekter"][0].update(slutt="2017-12-31"),
    "steering.three-parties": _without_party("tillitsvalgte"),
    "anchoring.all-unions": lambda a: a["arbeidstakerorganisasjoner"][0].pop("bekreftet"),
    "anchoring.political": lambda a: a.pop("politisk_forankring"),
    "evaluation.plan": lambda a: a.update({"evaluering": ""}),
    "cooperation.cross-sector": lambda a: [p.update(sektorer=["pleie-og-omsorg"]) for p in a["prosjekter"]],
    "grant.amount": lambda a: a["tilskudd"].update(beløp="ca. en kvart million"),
    "application.deadline": lambda a: a.update({"mottatt": "2013-01-15"}),
}
DEADLINE = dt.date(2012, 12, 31)  # after every compliant sample's date
EDITIONS = sorted(EDITION_SAMPLES)
APPLICATION_RULES = [r for r in RULES if RULES[r].group == "application"]


def test_every_application_rule_has_a_mutation():
    assert set(APPLICATION_RULES) == set(MUTATIONS)


def _cases(active: bool):
    catalogue = Catalogue()
    return [pytest.param(e, r, id=f"{e}:{r}") for e in EDITIONS for r in APPLICATION_RULES
            if (r in catalogue.get(e).rules) == active]


@pytest.fixture(scope="module")
def deadline_checker():
    return Checker(deadline=DEADLINE)


@pytest.mark.parametrize("edition,rule", _cases(active=True))
def test_rule_fires(edition, rule, compliant, deadline_checker):
    app = compliant(edition)
    MUTATIONS[rule](app)
    result = deadline_checker.check_data(app)
    assert rule in rule_ids(result)
    item = next(c for c in result.checklist if c.rule == rule)
    assert item.status is Status.FAILED


@pytest.mark.parametrize("edition,rule", _cases(active=True))
def test_rule_passes_on_compliant_application(edition, rule, compliant, deadline_checker):
    result = deadline_checker.check_data(compliant(edition))
    assert rule not in rule_ids(result)
    item = next(c for c in result.checklist if c.rule == rule)
    assert item.status in (Status.PASSED, Status.NOT_APPLICABLE)


@pytest.mark.parametrize("edition,rule", _cases(active=False))
def test_rule_is_silent_where_edition_lacks_it(edition, rule, compliant, deadline_checker):
    app = compliant(edition)
    try:
        MUTATIONS[rule](app)
    except (KeyError, IndexError):
        pass  # the sample has no such part at all
    result = deadline_checker.check_data(app)
    assert rule not in rule_ids(result)
    assert rule not in {c.rule for c in result.checklist}


def test_checklist_lists_every_rule_of_the_edition(compliant, checker):
    for edition in EDITIONS:
        result = checker.check_data(compliant(edition))
        assert [c.rule for c in result.checklist] == [r for r in RULES if r in Catalogue().get(edition).rules
                                                      and RULES[r].group == "application"]


def test_deadline_is_not_applicable_without_a_deadline(compliant, checker):
    result = checker.check_data(compliant("kvalitetskommune-2006"))
    item = next(c for c in result.checklist if c.rule == "application.deadline")
    assert item.status is Status.NOT_APPLICABLE


def test_sector_outside_is_warning_in_2006_and_error_in_ks_2010(compliant, checker):
    for edition, severity in (("kvalitetskommune-2006", Severity.WARNING), ("kvalitetskommune-ks-2010", Severity.ERROR)):
        app = compliant(edition)
        MUTATIONS["scope.sector"](app)
        result = checker.check_data(app)
        assert {f.severity for f in result.findings if f.rule == "scope.sector"} == {severity}
        assert result.compliant is (severity is not Severity.ERROR)


def test_grant_cap_scales_with_partner_municipalities(compliant, checker):
    app = compliant("sammen-om-en-bedre-kommune-2011")
    assert len(app["samarbeidskommuner"]) == 1
    app["tilskudd"]["beløp"] = 600000
    assert "grant.amount" not in rule_ids(checker.check_data(app))
    app["tilskudd"]["beløp"] = 600001
    finding = next(f for f in checker.check_data(app).findings if f.rule == "grant.amount")
    assert "600\u00a0001" in finding.message and "2 × kr 300\u00a0000" in finding.message


def test_sick_leave_target_must_be_lower(compliant, checker):
    app = compliant("kvalitetskommune-2006")
    goal = next(g for g in app["mål"] if g["tema"] == "sykefravær")
    goal["målverdi"] = goal["utgangsverdi"]
    finding = next(f for f in checker.check_data(app).findings if f.rule == "goals.sick-leave")
    assert finding.location.pointer.endswith("/målverdi")


def test_retired_number_names_its_successor(compliant, checker):
    app = compliant("sammen-om-en-bedre-kommune-2011")
    app["samarbeidskommuner"] = [{"kommunenummer": "1154"}]
    finding = next(f for f in checker.check_data(app).findings if f.rule == "applicant.kommune")
    assert "1160 Vindafjord" in finding.message and finding.location.pointer == "/samarbeidskommuner/0/kommunenummer"


def test_old_number_is_valid_on_its_own_date(compliant, checker):
    app = compliant("kvalitetskommune-2006")
    app["søker"].update(kommunenummer="1445", kommunenavn="Gloppen")
    assert "applicant.kommune" not in rule_ids(checker.check_data(app))
    app["søknadsdato"] = "2021-03-01"  # 1445 became 4650 on 2020-01-01
    assert "applicant.kommune" in rule_ids(checker.check_data(app))


@pytest.mark.parametrize("orgnr,fires", [("940 192 226", False), ("940192227", True)])
def test_organisation_number_checksum(compliant, checker, orgnr, fires):
    app = compliant("kvalitetskommune-2006")
    app["søker"]["organisasjonsnummer"] = orgnr
    assert ("applicant.kommune" in rule_ids(checker.check_data(app))) is fires


def test_nynorsk_messages(compliant):
    app = compliant("kvalitetskommune-2006")
    MUTATIONS["steering.three-parties"](app)
    finding = next(f for f in Checker(lang="nn").check_data(app).findings if f.rule == "steering.three-parties")
    assert finding.message.startswith("Styringsgruppa manglar tillitsvalde")
    assert "avtalen frå 23. oktober 2006" in finding.citation.source


def test_finding_carries_line_and_citation(checker):
    from .conftest import SAMPLES

    result = checker.check_file(SAMPLES / "regler/steering.three-parties.yaml")
    finding = result.findings[0]
    text = (SAMPLES / "regler/steering.three-parties.yaml").read_text(encoding="utf-8").splitlines()
    assert text[finding.location.line - 1].startswith("styringsgruppe:")
    assert finding.citation.edition == "kvalitetskommune-2006" and finding.citation.section


def test_one_checker_follows_a_change_of_language_between_files(compliant):
    """The CLI sets ``lang`` per municipality on one checker: its messages and checklist must follow."""
    checker = Checker()
    app = compliant("kvalitetskommune-2006")
    _without_party("folkevalgte")(app)
    bokmaal = checker.check_data(app)
    checker.lang = "nn"
    nynorsk = checker.check_data(app)
    [said] = [f.message for f in bokmaal.findings if f.rule == "steering.three-parties"]
    [sagt] = [f.message for f in nynorsk.findings if f.rule == "steering.three-parties"]
    assert said.startswith("Styringsgruppen mangler folkevalgte") and sagt.startswith("Styringsgruppa manglar folkevalde")
    assert nynorsk.checklist[0].summary == RULES[nynorsk.checklist[0].rule].describe("nn")
    assert bokmaal.checklist[0].summary == RULES[bokmaal.checklist[0].rule].describe("nb")
    assert nynorsk.findings[0].citation == checker.catalogue.get("kvalitetskommune-2006").citation(
        nynorsk.findings[0].rule, "nn")


def test_a_rule_failed_elsewhere_shows_failed_even_where_its_function_has_nothing_to_check(compliant):
    """goals.measurable has nothing to check without goals; a finding of that rule from the reader still fails it."""
    from kvkdocs.load import Document

    app = compliant("kvalitetskommune-2006")
    app["mål"] = []
    note = {"key": "schema.empty", "pointer": "/mål", "rule": "goals.measurable", "field": ("Mål", "Mål")}
    result = Checker().check_document(Document("søknad.docx", "søknad", app, notes=[note]))
    item = next(i for i in result.checklist if i.rule == "goals.measurable")
    assert item.status is Status.FAILED and item.severity is Severity.WARNING
    clean = Checker().check_document(Document("søknad.docx", "søknad", app))
    assert next(i for i in clean.checklist if i.rule == "goals.measurable").status is Status.NOT_APPLICABLE
