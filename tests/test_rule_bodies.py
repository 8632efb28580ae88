"""The rule bodies' own edges: what a caseworker sees when one application is unusual.

Written against mutmut's surviving mutants of the rule functions (issue 13), which
mutmut could not mutate while they were registered with a decorator. Each test
pins a finding a reader would notice (which, where, in which words), built on the
applications of ``test_rules_edges``.
"""

from __future__ import annotations

from kvkdocs.messages import render
from kvkdocs.programmes import Catalogue

from .test_rules_edges import _base_2006, _base_2011, _rule, hits


def test_a_malformed_number_does_not_stop_the_check_of_the_partners_after_it():
    """The schema reports «14a3»; the partner after it is still looked up in the register."""
    app = _base_2011()
    app["søker"]["kommunenummer"] = "14a3"
    app["samarbeidskommuner"] = [{"kommunenummer": "0999", "kommunenavn": "Ukjent"}]
    assert ("/samarbeidskommuner/0/kommunenummer", "error", "Kommunenummer 0999 finnes ikke i kommuneregisteret.") \
        in hits(app, "applicant.kommune")


def test_an_edition_that_gives_no_direction_wants_sick_leave_down_and_knows_no_attendance_goal():
    """``retning`` left out of an edition: sick leave must go down, and only sick leave counts."""
    edition = Catalogue().get("kvalitetskommune-2006")
    goal = {"beskrivelse": "Lavere sykefravær", "tema": "sykefravær", "utgangsverdi": 9.4, "målverdi": 7.9}
    assert _rule("goals.sick-leave", {"mål": [goal]}, {}, edition) == []
    [hit] = _rule("goals.sick-leave", {"mål": [{**goal, "målverdi": 10.2}]}, {}, edition)
    assert (hit.pointer, render(hit.text)) == (
        "/mål/0/målverdi", "Sykefraværsmålet «Lavere sykefravær» har målverdi 10,2, som ikke er lavere enn "
                           "utgangsverdien 9,4.")
    [hit] = _rule("goals.sick-leave", {"mål": [{**goal, "tema": "nærvær", "målverdi": 10.2}]}, {}, edition)
    assert hit.pointer == "/mål" and render(hit.text).startswith("Ingen mål gjelder sykefravær eller nærvær.")


def test_rows_after_a_nameless_member_or_an_unknown_municipality_still_count():
    """A skipped row (no name, or a municipality that is not in the application) does not end the list."""
    app = _base_2006()
    app["styringsgruppe"].insert(0, {"navn": "", "part": "folkevalgte"})
    assert hits(app, "steering.three-parties") == []
    app = _base_2006()
    app["styringsgruppe"].insert(0, {"navn": "Per", "part": "folkevalgte", "kommune": "Jølster"})
    assert [pointer for pointer, _, _ in hits(app, "steering.three-parties")] == ["/styringsgruppe/0/kommune"]
    app = _base_2006()
    app["arbeidstakerorganisasjoner"].insert(0, {"organisasjon": "Delta", "tillitsvalgt": "Ola", "bekreftet": "2008-08-20",
                                                 "kommune": "Jølster"})
    assert [pointer for pointer, _, _ in hits(app, "anchoring.all-unions")] == ["/arbeidstakerorganisasjoner/0/kommune"]


def test_two_of_the_editions_words_for_one_sector_are_one_sector():
    """«Sykehjem» and «helse og omsorg» are both pleie og omsorg in the 2006 edition's own word list."""
    app = _base_2006()
    app["prosjekter"][0]["sektorer"] = ["Sykehjem"]
    app["prosjekter"][1]["sektorer"] = ["helse og omsorg"]
    [(pointer, severity, message)] = hits(app, "cooperation.cross-sector")
    assert (pointer, severity) == ("/prosjekter", "info")
    assert message.startswith("Alle prosjektene ligger i én sektor (pleie og omsorg).")


def test_a_date_before_the_programme_names_it_in_the_readers_malform():
    """The 2011 edition is «Sammen om en bedre kommune» in bokmål and «Saman om ein betre kommune» in nynorsk."""
    app = _base_2011()
    app["søknadsdato"] = "2010-12-31"
    [(_, _, bokmål)] = hits(app, "input.schema")
    [(_, _, nynorsk)] = hits(app, "input.schema", "nn")
    assert "før Sammen om en bedre kommune fantes" in bokmål
    assert "før Saman om ein betre kommune fanst" in nynorsk
