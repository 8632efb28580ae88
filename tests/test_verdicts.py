"""The verdicts of issue 7: what the corrected rules accept and reject, in both målformer.

Each test starts from an edition's compliant sample and changes one thing,
the way an applicant would write it.
"""

from __future__ import annotations

import pytest

from kvkdocs import Catalogue, Checker, Severity, Status

from .conftest import SAMPLES, rule_ids

E2006, KS, E2011 = "kvalitetskommune-2006", "kvalitetskommune-ks-2010", "sammen-om-en-bedre-kommune-2011"
SICK_LEAVE_EDITIONS = [E2006, KS]


@pytest.fixture(scope="module")
def nn_checker():
    return Checker(lang="nn")


def findings(result, rule):
    return [f for f in result.findings if f.rule == rule]


def item(result, rule):
    return next(c for c in result.checklist if c.rule == rule)


# --- goals.sick-leave ---------------------------------------------------------------------------

def _sick_goal(app):
    return next(g for g in app["mål"] if g.get("tema") == "sykefravær")


@pytest.mark.parametrize("edition", SICK_LEAVE_EDITIONS)
@pytest.mark.parametrize("theme,base,target,unit", [
    ("sjukefråvær", 9.0, 7.5, "prosent"),
    ("Sykefravær", 9.0, 7.5, "%"),
    ("nærvær", 90.0, 92.0, "prosent"),
    ("Nærvær", 205, 212, "dagar per årsverk"),
    ("sykefravær", 14.0, 11.0, "dager per årsverk"),
])
def test_sick_leave_goal_in_any_form_passes(compliant, checker, edition, theme, base, target, unit):
    app = compliant(edition)
    _sick_goal(app).update(tema=theme, utgangsverdi=base, målverdi=target, enhet=unit)
    result = checker.check_data(app)
    assert "goals.sick-leave" not in rule_ids(result) and result.compliant


@pytest.mark.parametrize("edition", SICK_LEAVE_EDITIONS)
def test_attendance_must_go_up(compliant, checker, nn_checker, edition):
    app = compliant(edition)
    _sick_goal(app).update(tema="nærvær", beskrivelse="Nærvær i heimetenesta", utgangsverdi=91.0, målverdi=89.0)
    nb = findings(checker.check_data(app), "goals.sick-leave")
    nn = findings(nn_checker.check_data(app), "goals.sick-leave")
    assert [f.severity for f in nb] == [Severity.ERROR]
    assert nb[0].message.startswith("Nærværsmålet «Nærvær i heimetenesta» har målverdi 89 prosent, som ikke er høyere")
    assert "ikkje er høgare" in nn[0].message


@pytest.mark.parametrize("edition", SICK_LEAVE_EDITIONS)
def test_sick_leave_goal_without_values_is_only_a_measurability_warning(compliant, checker, edition):
    app = compliant(edition)
    _sick_goal(app).pop("målverdi")
    result = checker.check_data(app)
    assert rule_ids(result) == {"goals.measurable"} and result.compliant


def test_goal_without_theme_counts_by_its_words(compliant, checker):
    app = compliant(E2006)
    _sick_goal(app).pop("tema")  # «Redusere sykefraværet i hele kommunen»
    assert "goals.sick-leave" not in rule_ids(checker.check_data(app))


def test_no_sick_leave_goal_says_attendance_counts_too(compliant, checker, nn_checker):
    app = compliant(E2006)
    app["mål"] = [g for g in app["mål"] if g.get("tema") != "sykefravær"]
    assert "sykefravær eller nærvær" in findings(checker.check_data(app), "goals.sick-leave")[0].message
    assert "sjukefråvær eller nærvær" in findings(nn_checker.check_data(app), "goals.sick-leave")[0].message


# --- sectors and themes in everyday words -------------------------------------------------------

@pytest.mark.parametrize("words", [["helse og omsorg"], ["Pleie- og omsorg"], ["pleie og omsorg", "oppvekst"],
                                   ["Barnehagar", "skule"], ["OPPVEKST"]])
def test_2006_sectors_in_everyday_words_pass(compliant, checker, words):
    app = compliant(E2006)
    app["prosjekter"][1]["sektorer"] = words
    result = checker.check_data(app)
    assert "scope.sector" not in rule_ids(result) and "input.schema" not in rule_ids(result)


def test_ks_2010_rejects_school_and_oppvekst_and_names_sectors_in_the_readers_form(compliant, checker, nn_checker):
    app = compliant(KS)
    app["prosjekter"][1]["sektorer"] = ["skole", "oppvekst"]
    nb, nn = findings(checker.check_data(app), "scope.sector"), findings(nn_checker.check_data(app), "scope.sector")
    assert [f.severity for f in nb] == [Severity.ERROR, Severity.ERROR]
    assert "sektoren «skole»" in nb[0].message and "(pleie og omsorg og barnehage)" in nb[0].message
    assert "sektoren «skule»" in nn[0].message
    assert not any("pleie-og-omsorg" in f.message for f in nb + nn)


def test_2011_themes_in_everyday_words_pass_and_unknown_themes_are_quoted(compliant, checker, nn_checker):
    app = compliant(E2011)
    app["prosjekter"][0]["tema"] = ["Heiltid/deltid", "sjukefråvær"]
    assert "scope.theme" not in rule_ids(checker.check_data(app))
    app["prosjekter"][0]["tema"] = ["Kvalitet i tenestene"]
    message = findings(nn_checker.check_data(app), "scope.theme")[0].message
    assert "temaet «Kvalitet i tenestene»" in message and "heiltid og deltid" in message and "heltid-deltid" not in message


def test_2011_needs_at_least_one_project(compliant, checker):
    app = compliant(E2011)
    app.pop("prosjekter")
    result = checker.check_data(app)
    assert [f.message for f in findings(result, "scope.theme")] == [
        "Søknaden har ingen prosjekter. Kommunen deltar med ett eller flere prosjekter."]
    assert not result.compliant


def test_ks_2010_has_every_2006_rule_and_sick_leave_as_its_only_theme(compliant, checker):
    catalogue = Catalogue()
    ks, base = catalogue.get(KS), catalogue.get(E2006)
    assert set(base.rules) <= set(ks.rules)
    assert ks.rules["scope.theme"].severity is Severity.ERROR and ks.rules["scope.sector"].severity is Severity.ERROR
    app = compliant(KS)
    app["prosjekter"][0]["tema"] = ["heltid og deltid"]
    assert [f.severity for f in findings(checker.check_data(app), "scope.theme")] == [Severity.ERROR]


def test_edition_code_table_is_inherited():
    catalogue = Catalogue()
    assert catalogue.get(KS).data["koder"] == catalogue.get(E2006).data["koder"]


# --- project.duration ---------------------------------------------------------------------------

def test_2011_project_without_end_is_a_warning_and_the_checklist_agrees(compliant, checker):
    app = compliant(E2011)
    app["prosjekter"][0].pop("slutt")
    result = checker.check_data(app)
    assert [f.severity for f in findings(result, "project.duration")] == [Severity.WARNING]
    assert result.compliant
    entry = item(result, "project.duration")
    assert entry.status is Status.FAILED and entry.severity is Severity.WARNING


def test_2011_project_after_2015_is_still_an_error(compliant, checker):
    app = compliant(E2011)
    app["prosjekter"][0]["slutt"] = "2016-03-31"
    result = checker.check_data(app)
    assert [f.severity for f in findings(result, "project.duration")] == [Severity.ERROR]
    assert item(result, "project.duration").severity is Severity.ERROR


@pytest.mark.parametrize("edition", [E2006, KS, E2011])
def test_project_that_ends_before_it_starts_is_an_error_in_every_edition(compliant, checker, nn_checker, edition):
    app = compliant(edition)
    project = app["prosjekter"][0]
    project["slutt"] = project["start"].replace(project["start"][:4], str(int(project["start"][:4]) - 1))
    result = checker.check_data(app)
    assert [f.severity for f in findings(result, "project.duration")] == [Severity.ERROR] and not result.compliant
    assert "sluttar" in findings(nn_checker.check_data(app), "project.duration")[0].message


# --- evaluation.plan ----------------------------------------------------------------------------

@pytest.mark.parametrize("edition", [E2006, KS])
def test_missing_evaluation_plan_is_a_warning(compliant, checker, edition):
    app = compliant(edition)
    app.pop("evaluering")
    result = checker.check_data(app)
    assert [f.severity for f in findings(result, "evaluation.plan")] == [Severity.WARNING] and result.compliant


# --- grant.amount -------------------------------------------------------------------------------

@pytest.mark.parametrize("edition", [E2006, KS, E2011])
def test_grant_request_is_optional(compliant, checker, edition):
    app = compliant(edition)
    app.pop("tilskudd")
    result = checker.check_data(app)
    assert not rule_ids(result) and item(result, "grant.amount").status is Status.PASSED


@pytest.mark.parametrize("edition", [E2006, KS, E2011])
@pytest.mark.parametrize("written", ["250 000 kr", "NOK 250 000", "kr 250 000,-", "250000", "kr 250.000,-"])
def test_grant_written_as_people_write_it(compliant, checker, edition, written):
    app = compliant(edition)
    app["tilskudd"] = {"beløp": written, "budsjett": [{"post": "Prosjektleiing", "beløp": "kr 150.000"},
                                                     {"post": "Opplæring", "beløp": 100000}]}
    assert not rule_ids(checker.check_data(app))


@pytest.mark.parametrize("edition", [E2006, KS, E2011])
def test_unreadable_grant_is_quoted_back_with_how_to_write_it(compliant, checker, nn_checker, edition):
    app = compliant(edition)
    app["tilskudd"]["beløp"] = "ca. en kvart million"
    nb, nn = findings(checker.check_data(app), "grant.amount"), findings(nn_checker.check_data(app), "grant.amount")
    assert nb[0].message.startswith("Søkt beløp «ca. en kvart million» kan ikke leses som et beløp i kroner.")
    assert "«kr 250 000»" in nb[0].message and "kan ikkje lesast" in nn[0].message
    assert nb[0].severity is Severity.ERROR


def test_grant_cap_reads_text_amounts(compliant, checker):
    app = compliant(E2011)  # a joint project of two municipalities: cap 2 × 300 000
    app["tilskudd"]["beløp"] = "NOK 600 000"
    assert "grant.amount" not in rule_ids(checker.check_data(app))
    app["tilskudd"]["beløp"] = "kr 700.000,-"
    assert "kr 700\u00a0000 er over taket på kr 600\u00a0000" in findings(checker.check_data(app), "grant.amount")[0].message


def test_2006_has_no_cap(compliant, checker):
    app = compliant(E2006)
    app["tilskudd"] = {"beløp": "1,5 mill."}
    assert "grant.amount" not in rule_ids(checker.check_data(app))


def test_budget_lines_that_do_not_add_up_are_a_warning(compliant, checker, nn_checker):
    app = compliant(E2006)
    app["tilskudd"]["budsjett"][1]["beløp"] = "kr 150 000"
    result = checker.check_data(app)
    found = findings(result, "grant.amount")
    assert [f.severity for f in found] == [Severity.WARNING] and result.compliant
    assert found[0].message == "Budsjettpostene er til sammen kr 250\u00a0000, men søkt beløp er kr 200\u00a0000."
    assert "til saman" in findings(nn_checker.check_data(app), "grant.amount")[0].message


def test_unreadable_budget_line_names_its_post(compliant, checker):
    app = compliant(E2006)
    app["tilskudd"]["budsjett"][0]["beløp"] = "hundre tusen"
    message = findings(checker.check_data(app), "grant.amount")[0].message
    assert message.startswith("Beløpet for budsjettposten «Prosjektledelse» «hundre tusen» kan ikke leses")


# --- anchoring.all-unions and steering.three-parties --------------------------------------------

@pytest.mark.parametrize("edition", [E2006, KS, E2011])
@pytest.mark.parametrize("answer,fires", [(True, False), ("ja", False), ("Ja", False), (False, True), ("nei", True),
                                          (None, True), ("kanskje", True)])
def test_completeness_statement(compliant, checker, edition, answer, fires):
    app = compliant(edition)
    if answer is None:
        app.pop("alle_organisasjoner_med")
    else:
        app["alle_organisasjoner_med"] = answer
    assert ("anchoring.all-unions" in rule_ids(checker.check_data(app))) is fires


def test_missing_and_negative_statements_say_different_things(compliant, checker, nn_checker):
    app = compliant(E2006)
    app.pop("alle_organisasjoner_med")
    assert "sier ikke om listen" in findings(checker.check_data(app), "anchoring.all-unions")[0].message
    assert "seier ikkje om lista" in findings(nn_checker.check_data(app), "anchoring.all-unions")[0].message
    app["alle_organisasjoner_med"] = "nei"
    assert "sier at ikke alle" in findings(checker.check_data(app), "anchoring.all-unions")[0].message


@pytest.mark.parametrize("edition", [E2006, KS, E2011])
def test_member_union_must_be_on_the_list(compliant, checker, nn_checker, edition):
    app = compliant(edition)
    member = next(m for m in app["styringsgruppe"] if m["part"] == "tillitsvalgte")
    member["organisasjon"] = "Fellesorganisasjonen"
    nb = findings(checker.check_data(app), "anchoring.all-unions")
    assert len(nb) == 1 and f"{member['navn']} i styringsgruppen representerer Fellesorganisasjonen" in nb[0].message
    assert "ikkje står på lista" in findings(nn_checker.check_data(app), "anchoring.all-unions")[0].message
    member["organisasjon"] = app["arbeidstakerorganisasjoner"][0]["organisasjon"].upper()
    assert "anchoring.all-unions" not in rule_ids(checker.check_data(app))


def test_joint_project_each_municipality_needs_its_own_unions_and_statement(compliant, checker, nn_checker):
    app = compliant(E2011)
    app["arbeidstakerorganisasjoner"] = [u for u in app["arbeidstakerorganisasjoner"] if u.get("kommune") != "Naustdal"]
    app["samarbeidskommuner"][0].pop("alle_organisasjoner_med")
    messages = [f.message for f in findings(checker.check_data(app), "anchoring.all-unions")]
    assert "Søknaden nevner ingen lokale arbeidstakerorganisasjoner for Naustdal." in messages
    assert any("listen over arbeidstakerorganisasjoner for Naustdal er fullstendig" in m for m in messages)
    assert any("for Naustdal" in f.message for f in findings(nn_checker.check_data(app), "anchoring.all-unions"))


def test_joint_project_unconfirmed_union_says_which_municipality(compliant, checker):
    app = compliant(E2011)
    next(u for u in app["arbeidstakerorganisasjoner"] if u["kommune"] == "Naustdal").pop("bekreftet")
    [found] = findings(checker.check_data(app), "anchoring.all-unions")
    assert found.message == "Forankringen i Fagforbundet for Naustdal er ikke bekreftet: dato for bekreftelse mangler."


def test_joint_project_rows_may_name_the_municipality_by_number(compliant, checker):
    app = compliant(E2011)
    for row in app["styringsgruppe"] + app["arbeidstakerorganisasjoner"]:
        row["kommune"] = {"Førde": "1432", "Naustdal": "1433"}[row["kommune"]]
    assert not rule_ids(checker.check_data(app))
    for row in app["styringsgruppe"] + app["arbeidstakerorganisasjoner"]:
        row["kommune"] = int(row["kommune"])  # «kommune: 1433» unquoted in YAML
    assert not rule_ids(checker.check_data(app))


def test_joint_project_each_municipality_needs_all_three_parties(compliant, checker, nn_checker):
    app = compliant(E2011)
    app["styringsgruppe"] = [m for m in app["styringsgruppe"] if (m["kommune"], m["part"]) != ("Naustdal", "tillitsvalgte")]
    nb = findings(checker.check_data(app), "steering.three-parties")
    assert [f.message for f in nb] == ["Fra Naustdal mangler styringsgruppen tillitsvalgte fra arbeidstakerorganisasjonene. "
                                       "I et felles prosjekt må hver kommune ha med alle tre parter."]
    assert findings(nn_checker.check_data(app), "steering.three-parties")[0].message.startswith(
        "Frå Naustdal manglar styringsgruppa tillitsvalde")


def test_row_for_a_municipality_outside_the_application_is_named(compliant, checker):
    app = compliant(E2011)
    app["styringsgruppe"][0]["kommune"] = "Bergen"
    found = findings(checker.check_data(app), "steering.three-parties")
    assert any("Kommunen «Bergen» er verken søkerkommunen" in f.message for f in found)
    assert any(f.location.pointer == "/styringsgruppe/0/kommune" for f in found)


# --- impossible dates ---------------------------------------------------------------------------

@pytest.mark.parametrize("edition,day,fires", [
    (E2006, "2006-10-22", True), (E2006, "2006-10-23", False), (E2006, "2099-01-01", True),
    (E2011, "2010-12-31", True), (E2011, "2011-01-05", False),  # 2011 is known only to the year
])
def test_application_dated_in_the_future_or_before_the_programme(compliant, checker, edition, day, fires):
    app = compliant(edition)
    app["søknadsdato"] = day
    schema = [f for f in checker.check_data(app).findings if f.rule == "input.schema"]
    assert bool(schema) is fires
    assert all(f.severity is Severity.ERROR and f.location.pointer == "/søknadsdato" for f in schema)


def test_date_messages_in_both_forms(compliant, checker, nn_checker):
    app = compliant(E2011)
    app["søknadsdato"] = "2010-05-01"
    nb = [f.message for f in checker.check_data(app).findings if f.rule == "input.schema"]
    nn = [f.message for f in nn_checker.check_data(app).findings if f.rule == "input.schema"]
    assert nb == ["Søknadsdatoen 01.05.2010 er før Sammen om en bedre kommune fantes (fra 2011). "
                  "Sjekk datoen og programutgaven."]
    assert nn[0].startswith("Søknadsdatoen 01.05.2010 er før Saman om ein betre kommune fanst (frå 2011).")


# --- misspelled keys ----------------------------------------------------------------------------

def test_misspelled_key_gives_one_finding_that_suggests_the_name(compliant, checker, nn_checker):
    app = compliant(E2006)
    app["styringsgrupe"] = app.pop("styringsgruppe")
    result = checker.check_data(app)
    assert [(f.rule, f.location.pointer) for f in result.findings] == [("input.schema", "/styringsgrupe")]
    assert "«styringsgrupe»" in result.findings[0].message and "Mente du «styringsgruppe»?" in result.findings[0].message
    assert "Meinte du «styringsgruppe»?" in nn_checker.check_data(app).findings[0].message


def test_misspelled_key_content_is_still_checked(compliant, checker):
    app = compliant(E2006)
    app["styringsgrupe"] = [m for m in app.pop("styringsgruppe") if m["part"] != "folkevalgte"]
    assert rule_ids(checker.check_data(app)) == {"input.schema", "steering.three-parties"}


def test_misspelled_nested_key_and_duplicate_spelling(compliant, checker):
    app = compliant(E2006)
    app["styringsgruppe"][0]["nav"] = app["styringsgruppe"][0].pop("navn")
    result = checker.check_data(app)
    assert [(f.rule, f.location.pointer) for f in result.findings] == [("input.schema", "/styringsgruppe/0/nav")]
    app = compliant(E2006)
    app["styringsgrupe"] = []  # the right key is there too: nothing is renamed, the slip is still named
    messages = [f.message for f in checker.check_data(app).findings]
    assert messages == ["Ukjent felt «styringsgrupe» under søknad. Mente du «styringsgruppe»?"]


def test_misspelled_key_in_a_file_points_at_its_line(checker):
    path = SAMPLES / "inndata/feilstavet-felt.yaml"
    result = checker.check_file(path)
    [finding] = result.findings
    assert path.read_text(encoding="utf-8").splitlines()[finding.location.line - 1].startswith("styringsgrupe:")


# --- the same verdicts from Word documents, in both målformer ----------------------------------

def _edited_draft(app, lang, tmp_path, edit):
    """Render ``app`` as a Word draft in ``lang``, let ``edit`` change cells as a person would, save."""
    from docx import Document

    from kvkdocs.draft import render_draft

    checker = Checker()
    path = tmp_path / f"soknad-{lang}.docx"
    path.write_bytes(render_draft(app, checker.check_data(app), checker.catalogue.get(app["program"]), lang))
    doc = Document(path)
    for table in doc.tables:
        for row in table.rows:
            edit(row.cells)
    doc.save(path)
    return path


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_word_completeness_statement_answered_no(compliant, tmp_path, lang):
    def answer_no(cells):
        if cells[0].text.strip() == "Alle er med":
            cells[1].text = "Nei"

    path = _edited_draft(compliant(E2006), lang, tmp_path, answer_no)
    checker = Checker(lang=lang)
    try:
        found = findings(checker.check_file(path), "anchoring.all-unions")
    finally:
        checker.close()
    assert len(found) == 1 and found[0].location.section == {"nb": "Alle arbeidstakerorganisasjoner",
                                                              "nn": "Alle arbeidstakarorganisasjonar"}[lang]
    assert ("ikke alle lokale" if lang == "nb" else "ikkje alle lokale") in found[0].message


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_word_amounts_and_sector_words_typed_by_a_person(compliant, tmp_path, lang):
    def retype(cells):
        label = cells[0].text.strip()
        if label == "Søkt beløp":
            cells[1].text = "kr 700.000,-"
        elif label in ("Sektorer", "Sektorar") and "barnehage" in cells[1].text:
            cells[1].text = "Helse og omsorg, oppvekst"

    app = compliant(E2011)
    app["prosjekter"][0]["sektorer"] = ["barnehage"]
    path = _edited_draft(app, lang, tmp_path, retype)
    checker = Checker(lang=lang)
    try:
        result = checker.check_file(path)
    finally:
        checker.close()
    [cap] = findings(result, "grant.amount")  # read as 700 000, over 2 × 300 000; the words are no schema error
    assert "700\u00a0000" in cap.message and rule_ids(result) == {"grant.amount"}
