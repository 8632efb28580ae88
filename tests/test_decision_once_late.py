"""A municipality admitted once only, and late applications: what the officer is told, and where.

``test_decisions.py`` checks which rules fire; these check the messages and the
decisions they point to, from the pulje 4 sample meeting changed in code.
"""

from __future__ import annotations

import copy

from kvkdocs.findings import Severity

from .test_decisions import BASE, applications, check  # noqa: F401 - the fixture is used by name

BAERUM = BASE["vedtak"][0]  # 0219, admitted alone


def said(findings, rule):
    return [(f.location.pointer, f.message) for f in findings if f.rule == rule]


def test_a_municipality_admitted_three_times_is_named_once_at_its_second_decision(tmp_path, applications):  # noqa: F811
    def thrice(d):
        d["vedtak"] += [copy.deepcopy(BAERUM), copy.deepcopy(BAERUM)]

    findings = check(tmp_path, thrice, applications)
    n = len(BASE["vedtak"])
    assert said(findings, "decision.once") == [(f"/vedtak/{n}", "0219 Bærum er ført opp mer enn én gang i dette møtet.")]
    assert all(f.severity is Severity.ERROR for f in findings if f.rule == "decision.once")


def test_a_partner_municipality_counts_as_admitted_too(tmp_path, applications):  # noqa: F811
    """Lier (0626) is admitted on its own and named again as Bærum's partner: admitted twice."""
    def partner_again(d):
        d["vedtak"][0]["samarbeidskommuner"] = ["0626"]

    findings = check(tmp_path, partner_again, applications)
    lier = [i for i, v in enumerate(BASE["vedtak"]) if str(v["kommunenummer"]) == "0626"][0]
    assert said(findings, "decision.once") == [(f"/vedtak/{lier}", "0626 Lier er ført opp mer enn én gang i dette møtet.")]


def test_a_rejected_decision_is_no_second_admission(tmp_path, applications):  # noqa: F811
    def rejected_copy(d):
        d["vedtak"].append({**copy.deepcopy(BAERUM), "utfall": "avslått", "begrunnelse": "Allerede behandlet."})

    assert said(check(tmp_path, rejected_copy, applications), "decision.once") == []


def test_a_municipality_admitted_in_an_earlier_round_names_that_round(tmp_path, applications):  # noqa: F811
    def earlier(d):
        d["tidligere_opptatt"] += [{"kommunenummer": "0219", "pulje": 2}, {"kommunenummer": "1545"}]

    findings = check(tmp_path, earlier, applications)
    midsund = [i for i, v in enumerate(BASE["vedtak"]) if str(v["kommunenummer"]) == "1545"][0]
    assert said(findings, "decision.once") == [
        ("/vedtak/0", "0219 Bærum ble tatt opp allerede i pulje 2."),
        (f"/vedtak/{midsund}", "1545 Midsund ble tatt opp allerede i pulje ?."),  # the round not given: not invented
    ]


def test_a_late_admission_is_said_at_its_decision_as_information(tmp_path, applications):  # noqa: F811
    findings = check(tmp_path, lambda d: None, applications)
    late = [i for i, v in enumerate(BASE["vedtak"]) if v.get("sen_søknad")]
    assert said(findings, "decision.late") == [
        (f"/vedtak/{i}", f"{BASE['vedtak'][i]['kommunenummer']} {BASE['vedtak'][i]['kommunenavn']} søkte etter fristen og tas opp; "
                         "søknaden føres opp for seg i protokollen.") for i in late]
    assert all(f.severity is Severity.INFO for f in findings if f.rule == "decision.late")


def test_a_late_application_that_is_rejected_is_not_called_a_late_admission(tmp_path, applications):  # noqa: F811
    def reject_the_late(d):
        for v in d["vedtak"]:
            if v.get("sen_søknad"):
                v.update({"utfall": "avslått", "begrunnelse": "For sent."})

    assert said(check(tmp_path, reject_the_late, applications), "decision.late") == []
