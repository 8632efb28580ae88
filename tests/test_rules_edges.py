"""Edges of the application rules and of reading kroner: the exact verdicts and sentences a reader sees.

Written against the surviving mutants of issue 13 (kvkdocs.rules.*, kvkdocs.amounts):
each test pins a behaviour a caseworker would notice (which finding, where,
how severe, in which words), so a small slip in the rule code fails here.
Applications are built in code; no test reads a sample file.
"""

from __future__ import annotations

import copy
import datetime as dt
from functools import cache
from types import SimpleNamespace

import pytest

from kvkdocs import Checker, Status
from kvkdocs.amounts import AmountError, parse_amount
from kvkdocs.messages import render, render_value
from kvkdocs.rule_listing import rule_rows
from kvkdocs.rules import NOT_APPLICABLE, RULES
from kvkdocs.rules._terms import Terms
from kvkdocs.rules.registry import register_rule

NBSP = "\u00a0"
NOT_APPLICABLE_STATUS = Status.NOT_APPLICABLE.value


def _base_2006() -> dict:
    return {
        "dokument": "søknad", "program": "kvalitetskommune-2006", "søknadsdato": "2007-03-01",
        "søker": {"kommunenummer": "1902", "kommunenavn": "Tromsø",
                  "kontaktperson": {"navn": "Sigrid Johansen", "epost": "sigrid@tromso.kommune.no"}},
        "innsatsområder": ["Nærvær i pleie og omsorg"],
        "arbeidsform": "Styringsgruppe med alle tre parter.",
        "prosjekter": [{"tittel": "Friskere arbeidsplasser", "sektorer": ["pleie-og-omsorg"],
                        "start": "2009-01-01", "slutt": "2011-06-30"},
                       {"tittel": "Lærende barnehage", "sektorer": ["barnehage"],
                        "start": "2009-03-01", "slutt": "2011-12-31"}],
        "mål": [{"beskrivelse": "Redusere sykefraværet", "tema": "sykefravær", "indikator": "Sykefravær i prosent",
                 "enhet": "prosent", "utgangsverdi": 9.4, "målverdi": 7.9, "måldato": "2011-06-30"}],
        "styringsgruppe": [{"navn": "Hilde Lie", "part": "folkevalgte"},
                           {"navn": "Siri Nygård", "part": "administrasjon"},
                           {"navn": "Kari Solberg", "part": "tillitsvalgte", "organisasjon": "Fagforbundet"}],
        "arbeidstakerorganisasjoner": [{"organisasjon": "Fagforbundet", "tillitsvalgt": "Marit Strand",
                                        "bekreftet": "2008-08-20"}],
        "alle_organisasjoner_med": True,
        "politisk_forankring": {"organ": "kommunestyret", "dato": "2008-08-28", "saksnummer": "060/08"},
        "evaluering": "Styringsgruppen følger opp målene hvert kvartal.",
        "tilskudd": {"beløp": 200000, "budsjett": [{"post": "Prosjektledelse", "beløp": 100000},
                                                   {"post": "Opplæring", "beløp": 100000}]},
    }


def _base_2011() -> dict:
    """A joint project: Førde (applicant) and Naustdal (partner), each with its own parties and unions."""
    app = _base_2006()
    app.update({
        "program": "sammen-om-en-bedre-kommune-2011", "søknadsdato": "2011-08-15",
        "søker": {"kommunenummer": "1432", "kommunenavn": "Førde",
                  "kontaktperson": {"navn": "Ragnhild Sunde", "epost": "ragnhild@forde.kommune.no"}},
        "samarbeidskommuner": [{"kommunenummer": "1433", "kommunenavn": "Naustdal", "alle_organisasjoner_med": True}],
        "prosjekter": [{"tittel": "Heiltid", "sektorer": ["pleie-og-omsorg"], "tema": ["heltid-deltid", "sykefravær"],
                        "start": "2011-10-01", "slutt": "2014-06-30"}],
        "styringsgruppe": [
            {"navn": "Olav", "part": "folkevalgte", "kommune": "Førde"},
            {"navn": "Terje", "part": "administrasjon", "kommune": "Førde"},
            {"navn": "Gunn", "part": "tillitsvalgte", "organisasjon": "Fagforbundet", "kommune": "Førde"},
            {"navn": "Brit", "part": "folkevalgte", "kommune": "Naustdal"},
            {"navn": "Arve", "part": "administrasjon", "kommune": "Naustdal"},
            {"navn": "Kari", "part": "tillitsvalgte", "organisasjon": "Fagforbundet", "kommune": "Naustdal"}],
        "arbeidstakerorganisasjoner": [
            {"organisasjon": "Fagforbundet", "tillitsvalgt": "Gunn", "bekreftet": "2011-08-01", "kommune": "Førde"},
            {"organisasjon": "Fagforbundet", "tillitsvalgt": "Kari", "bekreftet": "2011-08-02", "kommune": "Naustdal"}],
        "politisk_forankring": {"organ": "formannskapet", "dato": "2011-06-16", "saksnummer": "11/1432"},
        "tilskudd": {"beløp": 600000},
    })
    return app


@cache
def _checker(lang: str = "nb", deadline: dt.date | None = None) -> Checker:
    return Checker(lang=lang, deadline=deadline)


def hits(app: dict, rule: str, lang: str = "nb", deadline: dt.date | None = None) -> list[tuple[str, str, str]]:
    """(pointer, severity, message) of each finding of ``rule``, sorted by pointer."""
    result = _checker(lang, deadline).check_data(copy.deepcopy(app))
    return sorted((f.location.pointer, f.severity.value, f.message) for f in result.findings if f.rule == rule)


def status(app: dict, rule: str, deadline: dt.date | None = None) -> str:
    result = _checker("nb", deadline).check_data(copy.deepcopy(app))
    return next(c.status.value for c in result.checklist if c.rule == rule)


def test_the_built_applications_are_clean():
    for app in (_base_2006(), _base_2011()):
        result = _checker().check_data(copy.deepcopy(app))
        assert [(f.rule, f.message) for f in result.findings] == []


# --- kroner ---------------------------------------------------------------------------------


@pytest.mark.parametrize("written,kroner", [
    ("  kr 250 000,-  ", 250_000),
    ("NOK 250 000 kr", 250_000),
    ("250\u2009000", 250_000),  # thin space
    ("250\u2007000", 250_000),  # figure space
    ("kroner 1,5 mill. kr", 1_500_000),
    ("kroner 250 000", 250_000),
    ("kr 2 mill", 2_000_000),
    ("1,25 MNOK", 1_250_000),
    ("3 millioner", 3_000_000),
    ("1 million", 1_000_000),
    ("1'000'000", 1_000_000),
    ("1’000", 1_000),
    ("250 000.-", 250_000),
    ("250 000,–", 250_000),
    ("250 000,—", 250_000),
    ("250 000 NOK", 250_000),
    ("−50 000", -50_000),  # minus sign
    ("–50 000", -50_000),  # en dash as minus
    ("0", 0),
    ("kr NOK kroner 250 000", 250_000),  # stacked prefixes, as a form's label and its cell may give them
    (7, 7),
    (-3, -3),
    (2.0, 2),
])
def test_kroner_as_written(written, kroner):
    assert parse_amount(written) == kroner


@pytest.mark.parametrize("written,reason", [
    ("kr kr kr kr 250 000", "form"),  # a prefix four times is not how anyone writes an amount
    ("250 000 kr kr kr", "form"),
    ("1,5 mill. XXXX", "form"),
    ("mill. 5", "form"),
    ("1234.567", "form"),
    ("1.2345", "form"),
    ("- 50 000", "form"),
    ("1,5", "whole"),
    ("250 000,5", "whole"),
    ("0,1 mill", 0),  # 100 000 is whole kroner
    (float("nan"), "form"),
    (float("inf"), "form"),
    (float("-inf"), "form"),
    ([250000], "form"),
    (False, "form"),
])
def test_kroner_that_cannot_be_read(written, reason):
    if reason == 0:
        assert parse_amount(written) == 100_000
        return
    with pytest.raises(AmountError) as caught:
        parse_amount(written)
    assert caught.value.reason == reason


def test_unreadable_amount_keeps_what_was_written():
    for written, reason in (("ca. en kvart million", "form"), ("250 000,50", "whole"), (12.5, "whole"),
                            (True, "form"), ([1], "form"), (float("inf"), "form")):
        with pytest.raises(AmountError) as caught:
            parse_amount(written)
        assert caught.value.value == written
        assert str(caught.value) == f"{written!r}: {reason}"
        assert isinstance(caught.value, ValueError)


# --- grant.amount ---------------------------------------------------------------------------


def test_grant_messages_quote_the_amount_and_the_line():
    app = _base_2006()
    app["tilskudd"] = {"beløp": "  ca.\n en kvart   million ", "budsjett": [
        {"post": "Lønn", "beløp": "100 000,50"}, {"beløp": -5000}, {"post": "Reise", "beløp": 12.5}]}
    assert hits(app, "grant.amount") == [
        ("/tilskudd/beløp", "error", "Søkt beløp «ca. en kvart million» kan ikke leses som et beløp i kroner. Skriv hele "
                                     "kroner, for eksempel «250 000», «kr 250 000» eller «1,5 mill.»."),
        ("/tilskudd/budsjett/0/beløp", "error",
         "Beløpet for budsjettposten «Lønn» «100 000,50» er ikke hele kroner. Skriv beløpet uten øre, for eksempel «250 000»."),
        ("/tilskudd/budsjett/1/beløp", "error",
         f"Beløpet for budsjettposten «nr. 2» er negativt (minus kr 5{NBSP}000). Skriv beløpet uten minustegn."),
        ("/tilskudd/budsjett/2/beløp", "error",
         "Beløpet for budsjettposten «Reise» «12.5» er ikke hele kroner. Skriv beløpet uten øre, for eksempel «250 000»."),
    ]


def test_long_unreadable_amount_is_cut_at_80_characters():
    app = _base_2006()
    app["tilskudd"] = {"beløp": "x" * 100}
    [(_, _, text)] = hits(app, "grant.amount")
    assert "«" + "x" * 80 + "»" in text and "x" * 81 not in text


def test_budget_lines_must_add_up_to_the_grant_as_a_warning():
    app = _base_2006()
    app["tilskudd"] = {"beløp": "kr 250 000", "budsjett": [{"post": "A", "beløp": 100000}, {"post": "B", "beløp": "100 000"}]}
    assert hits(app, "grant.amount") == [(
        "/tilskudd/budsjett", "warning",
        f"Budsjettpostene er til sammen kr 200{NBSP}000, men søkt beløp er kr 250{NBSP}000.")]
    assert status(app, "grant.amount") == "failed"
    app["tilskudd"]["budsjett"][1]["beløp"] = "150 000"
    assert hits(app, "grant.amount") == []
    app["tilskudd"] = {"beløp": 0, "budsjett": [{"beløp": 5}]}  # a zero grant is still compared
    assert [h[0] for h in hits(app, "grant.amount")] == ["/tilskudd/budsjett"]


def test_negative_grant_is_one_finding_not_also_a_budget_mismatch():
    app = _base_2006()
    app["tilskudd"] = {"beløp": -100, "budsjett": [{"beløp": 5}]}
    assert hits(app, "grant.amount") == [
        ("/tilskudd/beløp", "error", "Søkt beløp er negativt (minus kr 100). Skriv beløpet uten minustegn.")]
    app["tilskudd"] = {"beløp": 100, "budsjett": [{"beløp": "x"}, {"beløp": 5}]}
    assert [h[0] for h in hits(app, "grant.amount")] == ["/tilskudd/budsjett/0/beløp"]


def test_grant_without_amount_or_of_wrong_type_says_nothing_here():
    app = _base_2006()
    app["tilskudd"] = {"budsjett": [{"post": "A", "beløp": 100}]}
    assert hits(app, "grant.amount") == []
    app["tilskudd"] = "mye"
    assert not any(h[2].startswith("Søkt beløp") for h in hits(app, "grant.amount"))


def test_grant_cap_counts_the_partners_in_a_joint_application():
    app = _base_2011()
    app["tilskudd"] = {"beløp": "600 001"}
    assert hits(app, "grant.amount") == [(
        "/tilskudd/beløp", "error",
        f"Søkt beløp kr 600{NBSP}001 er over taket på kr 600{NBSP}000 (2 × kr 300{NBSP}000).")]
    app["samarbeidskommuner"] = []
    app["styringsgruppe"] = app["styringsgruppe"][:3]
    app["tilskudd"] = {"beløp": 300000}
    assert hits(app, "grant.amount") == []
    app["tilskudd"] = {"beløp": 300001}
    assert "(1 × kr" in hits(app, "grant.amount")[0][2]


# --- the municipalities of a joint application (_joint) -------------------------------------------


def test_partner_rows_can_name_their_municipality_in_any_common_way():
    for written in ("1433", 1433, "Naustdal", "naustdal kommune", "  NAUSTDAL   Kommune ", "Naustdal\tkommune"):
        app = _base_2011()
        for row in app["styringsgruppe"][3:] + app["arbeidstakerorganisasjoner"][1:]:
            row["kommune"] = written
        assert hits(app, "steering.three-parties") == [], written
        assert hits(app, "anchoring.all-unions") == [], written


def test_a_name_that_only_resembles_a_partner_is_not_that_partner():
    for written in ("Naustdalkommune", "Naustdal kommunen", "Naust dal", "Naustdal kommune XX", "0001433", True):
        app = _base_2011()
        app["styringsgruppe"][3]["kommune"] = written
        pointers = [h[0] for h in hits(app, "steering.three-parties")]
        assert "/styringsgruppe/3/kommune" in pointers or written is True, written


def test_unknown_municipality_is_quoted_and_rows_without_one_belong_to_the_applicant():
    app = _base_2011()
    app["styringsgruppe"][3]["kommune"] = " Jølster "
    app["arbeidstakerorganisasjoner"][1]["kommune"] = 1234
    del app["styringsgruppe"][0]["kommune"]  # no column: the applicant's
    text = ("Kommunen «{}» er verken søkerkommunen eller en av samarbeidskommunene. Skriv kommunenummeret eller "
            "navnet slik det står under søker eller samarbeidskommuner.")
    assert hits(app, "steering.three-parties") == [
        ("/styringsgruppe", "error", "Fra Naustdal mangler styringsgruppen folkevalgte. I et felles prosjekt må hver "
                                     "kommune ha med alle tre parter."),
        ("/styringsgruppe/3/kommune", "error", text.format("Jølster"))]
    found = hits(app, "anchoring.all-unions")
    assert ("/arbeidstakerorganisasjoner/1/kommune", "error", text.format("1234")) in found


def test_a_partner_without_a_name_is_named_by_its_number_and_one_without_either_by_a_question_mark():
    app = _base_2011()
    app["samarbeidskommuner"][0]["kommunenavn"] = ""
    app["styringsgruppe"] = app["styringsgruppe"][:3]
    assert hits(app, "steering.three-parties")[0][2].startswith("Fra 1433 mangler styringsgruppen folkevalgte, "
                                                                "administrasjonen/ledelsen og tillitsvalgte")
    app["samarbeidskommuner"] = [{"kommunenavn": "  ", "alle_organisasjoner_med": True}]
    assert hits(app, "steering.three-parties")[0][2].startswith("Fra ? mangler")


@pytest.mark.parametrize("said,finding", [
    (True, None), ("ja", None), ("J", None), ("Yes.", None), ("x", None), ("true", None), ("Sann", None), ("y", None),
    (False, "incomplete"), ("nei", "incomplete"), ("N", "incomplete"), ("no", "incomplete"), ("false", "incomplete"),
    ("usann", "incomplete"), ("kanskje", "none"), (None, "none"), (1, "none"), ("", "none"),
])
def test_each_municipality_says_whether_its_union_list_is_complete(said, finding):
    app = _base_2011()
    app["samarbeidskommuner"][0]["alle_organisasjoner_med"] = said
    expected = {
        None: [],
        "incomplete": [("/samarbeidskommuner/0/alle_organisasjoner_med", "error",
                        "Søknaden sier at ikke alle lokale arbeidstakerorganisasjoner for Naustdal er med. "
                        "Arbeidet skal være forankret i alle.")],
        "none": [("/samarbeidskommuner/0/alle_organisasjoner_med", "error",
                  "Søknaden sier ikke om listen over arbeidstakerorganisasjoner for Naustdal er fullstendig. Svar «ja» "
                  "på «Alle er med» (alle_organisasjoner_med) når alle lokale arbeidstakerorganisasjoner står på listen.")],
    }[finding]
    assert [h for h in hits(app, "anchoring.all-unions") if h[2].startswith("Søknaden sier")] == expected


def test_the_applicants_own_statement_is_at_the_top_level():
    app = _base_2006()
    app["alle_organisasjoner_med"] = "nei."
    assert hits(app, "anchoring.all-unions") == [(
        "/alle_organisasjoner_med", "error",
        "Søknaden sier at ikke alle lokale arbeidstakerorganisasjoner er med. Arbeidet skal være forankret i alle.")]


# --- anchoring.all-unions and steering.three-parties ---------------------------------------------


def test_unconfirmed_union_names_what_is_missing_and_whose_it_is():
    app = _base_2011()
    app["arbeidstakerorganisasjoner"][1].update(tillitsvalgt=" ", bekreftet="snart")
    app["arbeidstakerorganisasjoner"].append({"kommune": "Naustdal"})
    assert hits(app, "anchoring.all-unions") == [
        ("/arbeidstakerorganisasjoner/1", "error", "Forankringen i Fagforbundet for Naustdal er ikke bekreftet: navn på "
                                                   "tillitsvalgt og dato for bekreftelse mangler."),
        ("/arbeidstakerorganisasjoner/2", "error", "Forankringen i nr. 3 for Naustdal er ikke bekreftet: navn på "
                                                   "tillitsvalgt og dato for bekreftelse mangler."),
    ]
    single = _base_2006()
    single["arbeidstakerorganisasjoner"][0].pop("bekreftet")
    assert hits(single, "anchoring.all-unions")[0][2] == ("Forankringen i Fagforbundet er ikke bekreftet: "
                                                          "dato for bekreftelse mangler.")


def test_a_municipality_with_no_unions_listed_is_told_so():
    app = _base_2011()
    app["arbeidstakerorganisasjoner"] = app["arbeidstakerorganisasjoner"][:1]
    app["styringsgruppe"][5].pop("organisasjon")
    assert hits(app, "anchoring.all-unions") == [(
        "/arbeidstakerorganisasjoner", "error", "Søknaden nevner ingen lokale arbeidstakerorganisasjoner for Naustdal.")]
    app["arbeidstakerorganisasjoner"].append({"organisasjon": " ", "tillitsvalgt": "A", "bekreftet": "2011-01-01",
                                              "kommune": "1433"})
    assert [h[0] for h in hits(app, "anchoring.all-unions")] == ["/arbeidstakerorganisasjoner"]


def test_a_member_union_must_be_on_its_own_municipalitys_list():
    app = _base_2011()
    app["styringsgruppe"][5]["organisasjon"] = "Utdanningsforbundet"
    app["styringsgruppe"][2]["organisasjon"] = "fagforbundet"  # case does not matter
    app["arbeidstakerorganisasjoner"][0]["organisasjon"] = "Fag forbundet"  # nor a space inside the word
    assert hits(app, "anchoring.all-unions") == [(
        "/styringsgruppe/5/organisasjon", "error",
        "Kari i styringsgruppen representerer Utdanningsforbundet, som ikke står på listen over "
        "arbeidstakerorganisasjoner for Naustdal.")]
    app["styringsgruppe"][5]["navn"] = ""
    assert hits(app, "anchoring.all-unions")[0][2].startswith("nr. 6 i styringsgruppen representerer")
    app["styringsgruppe"][5]["kommune"] = "Jølster"
    assert [h[0] for h in hits(app, "anchoring.all-unions")] == []


def test_a_member_without_a_name_counts_for_no_party():
    app = _base_2006()
    app["styringsgruppe"][2]["navn"] = "  "
    app["styringsgruppe"][2]["kommune"] = "Jølster"  # a nameless row is skipped before its municipality is read
    assert hits(app, "steering.three-parties") == [
        ("/styringsgruppe", "error", "Styringsgruppen mangler tillitsvalgte fra arbeidstakerorganisasjonene. Alle tre "
                                     "parter må være med.")]
    app["styringsgruppe"][1]["navn"] = ""
    assert hits(app, "steering.three-parties") == [
        ("/styringsgruppe", "error", "Styringsgruppen mangler administrasjonen/ledelsen og tillitsvalgte fra "
                                     "arbeidstakerorganisasjonene. Alle tre parter må være med.")]


def test_steering_group_in_nynorsk_names_the_partner():
    app = _base_2011()
    app["styringsgruppe"] = [m for m in app["styringsgruppe"] if m["navn"] != "Arve"]
    assert hits(app, "steering.three-parties", "nn") == [(
        "/styringsgruppe", "error",
        "Frå Naustdal manglar styringsgruppa administrasjonen/leiinga. I eit felles prosjekt må kvar kommune ha med alle tre partane.")]


# --- sectors and themes (_terms) ---------------------------------------------------------------


def test_sector_outside_the_edition_is_named_in_the_readers_malform():
    app = _base_2006()
    app["prosjekter"][0]["sektorer"] = ["Helse- og omsorg", "teknisk", "  "]
    app["prosjekter"][1]["sektorer"] = []
    allowed = "pleie og omsorg, oppvekst, barnehage og skole"
    assert hits(app, "scope.sector") == [
        ("/prosjekter/0/sektorer/1", "warning", f"Prosjektet «Friskere arbeidsplasser» gjelder sektoren «teknisk», som "
                                                f"ligger utenfor programmets sektorer ({allowed})."),
        ("/prosjekter/1", "warning", "Prosjektet «Lærende barnehage» oppgir ingen sektor."),
    ]
    app["prosjekter"][0]["sektorer"] = ["Sjukeheim", "grunnskule"]
    app["prosjekter"][1]["sektorer"] = ["skule"]
    assert hits(app, "scope.sector", "nn") == []
    app["prosjekter"][0]["sektorer"] = ["sykefravær"]
    assert hits(app, "scope.sector", "nn") == [(
        "/prosjekter/0/sektorer/0", "warning", "Prosjektet «Friskere arbeidsplasser» gjeld sektoren «sjukefråvær», som "
        "ligg utanfor sektorane i programmet (pleie og omsorg, oppvekst, barnehage og skule).")]


def test_theme_outside_the_edition_in_2011():
    app = _base_2011()
    app["prosjekter"][0]["tema"] = ["kvalitet", "Heiltid/deltid"]
    assert hits(app, "scope.theme") == [(
        "/prosjekter/0/tema/0", "error", "Prosjektet «Heiltid» har temaet «kvalitet», som ikke er et av programmets tema "
        "(sykefravær, heltid og deltid, kompetanse og rekruttering og omdømme).")]
    app["prosjekter"][0]["tema"] = "sykefravær"  # not a list
    assert hits(app, "scope.theme") == [("/prosjekter/0", "error", "Prosjektet «Heiltid» oppgir ikke noe tema.")]
    app["prosjekter"] = []
    assert hits(app, "scope.theme") == [("/prosjekter", "error", "Søknaden har ingen prosjekter. Kommunen deltar "
                                                                 "med ett eller flere prosjekter.")]


def test_vocabulary_names_codes_in_each_malform_with_fallbacks():
    edition = SimpleNamespace(data={"koder": {
        "bare-bokmal": {"nb": "bare bokmål", "ord": ["kun bokmål", 5]},
        "begge": {"nb": "på bokmål", "nn": "på nynorsk"},
        "tom": "ikke en tabell",
        "skole": {"nb": "skole", "ord": ["lærested"]},  # its nynorsk name stays the document model's
    }})
    terms = Terms(edition)
    assert terms.name("bare-bokmal", "nn") == "bare bokmål"
    assert terms.name("begge", "nn") == "på nynorsk" and terms.name("begge", "nb") == "på bokmål"
    assert terms.name("skole", "nn") == "skule"  # the document model's name stays known
    assert terms.name("ukjent-kode", "nn") == "ukjent-kode"
    assert terms.name("tom", "nb") == "tom"
    assert terms.code_of("Kun  bokmål") == "bare-bokmal" and terms.code_of("Lærested") == "skole"
    assert terms.code_of("  ") is None and terms.code_of(5) is None and terms.code_of("ukjent") is None
    assert render_value(terms.names(["begge", "skole", "bare-bokmal"]), "nn") == "på nynorsk, skule og bare bokmål"
    assert render_value(terms.names(["begge", "skole"]), "nb") == "på bokmål og skole"
    assert render_value(terms.shown("  Lærested  "), "nn") == "skule" and terms.shown(" noe   annet ") == "noe annet"
    assert sorted(terms.words_for("bare-bokmal")) == ["bare bokmal", "bare bokmål", "kun bokmål"]
    assert Terms(None).name("barnehage", "nb") == "barnehage"
    assert (Terms(None).name("skole", "nb"), Terms(None).name("skole", "nn")) == ("skole", "skule")
    assert Terms.of(edition) is Terms.of(edition) and Terms.of(None) is Terms.of(None)
    assert Terms.of(SimpleNamespace(data={})) is not Terms.of(edition)


def test_single_sector_advice_and_not_applicable_without_sectors():
    app = _base_2006()
    app["prosjekter"][1]["sektorer"] = ["Pleie- og omsorg"]
    assert hits(app, "cooperation.cross-sector", "nn") == [(
        "/prosjekter", "info", "Alle prosjekta ligg i éin sektor (pleie og omsorg). Avtalen oppmodar til samarbeid på "
                               "tvers av fag og sektorar.")]
    app["prosjekter"][0]["sektorer"] = ["Teknisk drift"]
    app["prosjekter"][1]["sektorer"] = ["teknisk  DRIFT"]
    assert hits(app, "cooperation.cross-sector")[0][2].startswith("Alle prosjektene ligger i én sektor (teknisk DRIFT).")
    for project in app["prosjekter"]:
        project["sektorer"] = []
    assert status(app, "cooperation.cross-sector") == NOT_APPLICABLE_STATUS


# --- goals ----------------------------------------------------------------------------------------


def test_sick_leave_goal_found_by_theme_in_any_spelling_or_by_its_description():
    app = _base_2006()
    app["mål"][0]["tema"] = "Sjukefråvær"
    assert hits(app, "goals.sick-leave") == []
    del app["mål"][0]["tema"]
    app["mål"][0]["beskrivelse"] = "Vi vil ha lågare sjukefråvær i heimetenesta"
    assert hits(app, "goals.sick-leave") == []
    app["mål"][0]["beskrivelse"] = "Færre ansatte borte"
    assert hits(app, "goals.sick-leave") == [("/mål", "error", "Ingen mål gjelder sykefravær eller nærvær. Et mål om "
                                                                "lavere sykefravær (eller høyere nærvær) er obligatorisk.")]
    app["mål"][0]["tema"] = "brukertilfredshet"
    app["mål"][0]["beskrivelse"] = "Sykefravær ned"  # a goal with another theme does not count for its words
    assert [h[0] for h in hits(app, "goals.sick-leave")] == ["/mål"]


def test_attendance_goal_must_go_up_and_sick_leave_down():
    app = _base_2006()
    app["mål"] = [{"beskrivelse": "Mer nærvær", "tema": "Økt nærvær", "enhet": "prosent",
                   "utgangsverdi": 90.5, "målverdi": 90.5}]
    assert hits(app, "goals.sick-leave") == [(
        "/mål/0/målverdi", "error",
        "Nærværsmålet «Mer nærvær» har målverdi 90,5 prosent, som ikke er høyere enn utgangsverdien 90,5 prosent.")]
    app["mål"][0]["målverdi"] = 91
    assert hits(app, "goals.sick-leave") == []
    app["mål"] = [{"beskrivelse": "Lavere fravær", "tema": "sykefravær", "utgangsverdi": 7, "målverdi": 7.25},
                  {"beskrivelse": "Enda lavere", "tema": "sykefravær", "utgangsverdi": 10, "målverdi": 12}]
    assert hits(app, "goals.sick-leave") == [
        ("/mål/0/målverdi", "error", "Sykefraværsmålet «Lavere fravær» har målverdi 7,25, som ikke er lavere enn "
                                     "utgangsverdien 7."),
        ("/mål/1/målverdi", "error", "Sykefraværsmålet «Enda lavere» har målverdi 12, som ikke er lavere enn "
                                     "utgangsverdien 10.")]
    app["mål"][1]["målverdi"] = 9.99
    assert hits(app, "goals.sick-leave") == []  # one goal in the right direction is enough
    app["mål"][1]["målverdi"] = "ned"
    assert hits(app, "goals.sick-leave") == []  # an unmeasurable goal is goals.measurable's warning


def test_unmeasurable_goal_lists_what_is_missing():
    app = _base_2006()
    app["mål"].append({"beskrivelse": "x" * 70, "tema": "brukertilfredshet", "utgangsverdi": True, "målverdi": 3,
                       "måldato": "snart"})
    assert hits(app, "goals.measurable") == [(
        "/mål/1", "warning", f"Målet «{'x' * 59}…» mangler indikator, utgangsverdi og måldato.")]
    app["mål"][1] = {"indikator": "i", "utgangsverdi": 1, "måldato": "2011-01-01"}
    assert hits(app, "goals.measurable") == [("/mål/1", "warning", "Målet «uten navn» mangler målverdi.")]
    app["mål"] = []
    assert status(app, "goals.measurable") == NOT_APPLICABLE_STATUS


# --- project.duration -----------------------------------------------------------------------------


def test_project_span_in_2006_has_a_month_of_slack():
    app = _base_2006()
    project = app["prosjekter"][0]
    project.update(start="2009-01-01", slutt="2010-12-02")  # two years less 30 days: inside the slack
    assert hits(app, "project.duration") == []
    project.update(slutt="2010-11-29")
    assert hits(app, "project.duration") == [(
        "/prosjekter/0", "warning", "Prosjektet «Friskere arbeidsplasser» varer 1,9 år (01.01.2009–29.11.2010); det bør "
                                    "vare mellom 2 og 3 år.")]
    project.update(slutt="2012-01-31")  # three years and 30 days
    assert hits(app, "project.duration") == []
    project.update(slutt="2012-02-03")
    assert hits(app, "project.duration")[0][2].startswith("Prosjektet «Friskere arbeidsplasser» varer 3,1 år")
    project.update(slutt="2008-12-31")
    assert hits(app, "project.duration") == [(
        "/prosjekter/0/slutt", "error",
        "Prosjektet «Friskere arbeidsplasser» slutter (31.12.2008) før det starter (01.01.2009).")]
    project.pop("start")
    assert hits(app, "project.duration") == [(
        "/prosjekter/0", "warning", "Prosjektet «Friskere arbeidsplasser» mangler start- eller sluttdato.")]


def test_project_in_2011_must_end_by_the_programmes_last_day():
    app = _base_2011()
    project = app["prosjekter"][0]
    project.update(slutt="2015-12-31", start="2011-01-01")
    assert hits(app, "project.duration") == []
    project.update(slutt="2016-01-01")
    assert hits(app, "project.duration") == [(
        "/prosjekter/0/slutt", "error",
        "Prosjektet «Heiltid» slutter 01.01.2016, etter at programmet er over (31.12.2015).")]
    project.pop("slutt")
    assert hits(app, "project.duration") == [(
        "/prosjekter/0", "warning", "Prosjektet «Heiltid» har ingen sluttdato; det må være ferdig innen 31.12.2015.")]


# --- applicant.kommune --------------------------------------------------------------------------


def test_municipality_name_must_match_its_number():
    app = _base_2006()
    for given in ("Tromsø kommune", "TROMSØ", "Tromsø  kommune"):
        app["søker"]["kommunenavn"] = given
        assert hits(app, "applicant.kommune") == [], given
    app["søker"]["kommunenavn"] = "Bodø"
    assert hits(app, "applicant.kommune") == [(
        "/søker/kommunenavn", "error", "Kommunenavnet «Bodø» passer ikke med kommunenummer 1902, som er Tromsø.")]


def test_partner_numbers_unknown_or_twice():
    app = _base_2011()
    app["samarbeidskommuner"] = [{"kommunenummer": "1432"}, {"kommunenummer": "0999"}, {"kommunenummer": "14a3"}]
    assert hits(app, "applicant.kommune") == [
        ("/samarbeidskommuner/0/kommunenummer", "error",
         "Kommunenummer 1432 står mer enn én gang blant søker og samarbeidskommuner."),
        ("/samarbeidskommuner/1/kommunenummer", "error", "Kommunenummer 0999 finnes ikke i kommuneregisteret."),
        ("/samarbeidskommuner/2/kommunenummer", "error",  # the schema's message, once: the rule leaves the form to it
         "Kommunenummer må være fire sifre i anførselstegn (for eksempel «0219»), ikke «14a3».")]


def test_retired_number_without_an_application_date():
    app = _base_2011()
    app.pop("søknadsdato")
    app["samarbeidskommuner"] = [{"kommunenummer": "1433", "kommunenavn": "Naustdal"}]
    assert hits(app, "applicant.kommune") == []  # its last known name counts when no date is given


def test_organisation_number_of_another_municipality():
    app = _base_2006()
    app["søker"]["organisasjonsnummer"] = "940 192 226"
    found = hits(app, "applicant.kommune")
    assert all(h[0] == "/søker/organisasjonsnummer" for h in found)
    app["søker"]["organisasjonsnummer"] = "940192227"
    assert hits(app, "applicant.kommune") == [(
        "/søker/organisasjonsnummer", "error",
        "Organisasjonsnummeret 940192227 er ikke gyldig (kontrollsifferet stemmer ikke).")]


# --- other application rules -------------------------------------------------------------------


def test_focus_political_evaluation_and_deadline_sentences():
    app = _base_2006()
    app.update(innsatsområder=[" "], arbeidsform=" ", evaluering=" ", politisk_forankring={"organ": "kommunestyret"})
    assert hits(app, "application.focus-areas") == [
        ("/arbeidsform", "error", "Søknaden beskriver ikke arbeidsformen (hvordan kommunen vil arbeide)."),
        ("/innsatsområder", "error", "Søknaden nevner ingen innsatsområder.")]
    assert hits(app, "anchoring.political") == [
        ("/politisk_forankring", "warning", "Politisk forankring mangler dato og saksnummer.")]
    assert hits(app, "evaluation.plan") == [
        ("/evaluering", "warning", "Søknaden har ingen plan for dokumentasjon og evaluering.")]
    deadline = dt.date(2007, 2, 28)
    assert hits(app, "application.deadline", deadline=deadline) == [
        ("/søknadsdato", "warning", "Søknaden kom inn 01.03.2007, etter fristen 28.02.2007.")]
    app["mottatt"] = "2007-02-28"  # the day it came in decides, not the letter's date
    assert hits(app, "application.deadline", deadline=deadline) == []
    app["mottatt"] = "2007-03-02"
    assert hits(app, "application.deadline", deadline=deadline)[0][:2] == ("/mottatt", "warning")
    app.pop("mottatt")
    app.pop("søknadsdato")
    assert status(app, "application.deadline", deadline=deadline) == NOT_APPLICABLE_STATUS


# --- dates an application cannot have (consistency) -----------------------------------------------


def test_dates_in_the_future_or_before_the_programme():
    app = _base_2006()
    app["søknadsdato"] = "2006-10-22"
    app["mottatt"] = "2999-01-01"
    assert hits(app, "input.schema") == [
        ("/mottatt", "error", "Mottatt-datoen 01.01.2999 ligger fram i tid. Sjekk datoen."),
        ("/søknadsdato", "error", "Søknadsdatoen 22.10.2006 er før Kvalitetskommuneprogrammet fantes (fra 23.10.2006). "
                                  "Sjekk datoen og programutgaven.")]
    app["søknadsdato"] = "2006-10-23"
    app["mottatt"] = "ikke en dato"
    assert [h for h in hits(app, "input.schema") if "fantes" in h[2] or "fram i tid" in h[2]] == []


def test_dates_before_a_programme_known_only_by_its_year():
    app = _base_2011()
    app["søknadsdato"] = "2010-12-31"
    [(pointer, severity, text)] = [h for h in hits(app, "input.schema", "nn")]
    assert (pointer, severity) == ("/søknadsdato", "error")
    assert text.startswith("Søknadsdatoen 31.12.2010 er før ") and text.endswith(
        " fanst (frå 2011). Sjekk datoen og programutgåva.")
    app["søknadsdato"] = "2011-01-01"
    assert hits(app, "input.schema") == []


# --- the rule table (registry) --------------------------------------------------------------------


def test_a_registered_rule_is_listed_with_its_group_severity_and_both_summaries():
    def check(app, ctx):
        return []

    try:
        assert register_rule("test.edge-rule", "application", "warning", "På bokmål.", "På nynorsk.")(check) is check
        rule = RULES["test.edge-rule"]
        assert (rule.id, rule.group, rule.severity.value, rule.check, rule.in_schema) == \
            ("test.edge-rule", "application", "warning", check, False)
        assert (rule.describe("nb"), rule.describe("nn"), rule.describe("en")) == ("På bokmål.", "På nynorsk.", "På bokmål.")
        row = next(r for r in rule_rows([], "nn") if r["id"] == "test.edge-rule")
        assert (row["group"], row["severity"], row["checks"]) == ("application", "warning", "På nynorsk.")
        assert register_rule("test.edge-schema", "application", "error", "a", "b", in_schema=True)(None) is None
        assert RULES["test.edge-schema"].in_schema is True and RULES["test.edge-schema"].check is None
    finally:
        RULES.pop("test.edge-rule", None)
        RULES.pop("test.edge-schema", None)


def test_a_rule_that_does_not_apply_says_so_when_printed():
    assert repr(NOT_APPLICABLE) == "NOT_APPLICABLE"


# --- more edges: registers, wrong types, custom editions ------------------------------------------


def test_retired_partner_number_names_the_old_name_the_date_and_every_successor():
    app = _base_2011()
    app["samarbeidskommuner"] = [{"kommunenummer": "1154", "kommunenavn": "Vikedal"}]
    assert hits(app, "applicant.kommune", "nn") == [(
        "/samarbeidskommuner/0/kommunenummer", "error",
        "Kommunenummer 1154 (Vindafjord) var ikkje i bruk 15.08.2011; nummeret gjekk over til 1160 Vindafjord.")]
    app["samarbeidskommuner"] = [{"kommunenummer": "1850"}]
    app["søknadsdato"] = "2021-03-01"
    app["styringsgruppe"] = app["styringsgruppe"][:3]
    assert hits(app, "applicant.kommune") == [
        ("/samarbeidskommuner/0/kommunenummer", "error", "Kommunenummer 1850 (Tysfjord - Divtasvuodna) var ikke i bruk "
         "01.03.2021; nummeret gikk over til 1806 Narvik og 1875 Hábmer - Hamarøy."),
        ("/søker/kommunenummer", "error", "Kommunenummer 1432 (Førde) var ikke i bruk 01.03.2021; nummeret gikk over "
         "til 4647 Sunnfjord.")]
    app["samarbeidskommuner"] = [{"kommunenummer": "1154"}]
    app.pop("søknadsdato")
    assert hits(app, "applicant.kommune") == [(
        "/samarbeidskommuner/0/kommunenummer", "error",
        "Kommunenummer 1154 (Vindafjord) var ikke i bruk på søknadsdatoen; nummeret gikk over til 1160 Vindafjord.")]


def test_a_sami_municipality_may_be_named_by_either_name():
    app = _base_2006()
    app["søker"]["kommunenummer"] = "2021"
    for given in ("Karasjok", "Kárášjohka", "Kárášjohka - Karasjok", "karasjok Kommune"):
        app["søker"]["kommunenavn"] = given
        assert hits(app, "applicant.kommune") == [], given
    app["søker"]["kommunenavn"] = "Kárášjohka Karasjok"
    assert [h[0] for h in hits(app, "applicant.kommune")] == ["/søker/kommunenavn"]


def test_organisation_number_must_be_the_municipalitys_own():
    app = _base_2006()
    app["søker"].update(kommunenummer="0301", kommunenavn="Oslo", organisasjonsnummer="958 935 420")
    assert hits(app, "applicant.kommune") == []
    app["søker"]["organisasjonsnummer"] = "964 965 226"  # Stavanger's
    assert hits(app, "applicant.kommune") == [(
        "/søker/organisasjonsnummer", "error",
        "Organisasjonsnummeret 964 965 226 hører ikke til Oslo; registeret har 958935420.")]
    app.pop("søknadsdato")  # without a date the register cannot say whose it was
    assert hits(app, "applicant.kommune") == []


def test_wrong_types_are_the_schemas_and_never_stop_the_rules():
    app = _base_2006()
    app.update(søker="Tromsø", politisk_forankring="vedtatt", tilskudd=[1], prosjekter=[{"tittel": "A"}, "B"],
               styringsgruppe=["Hilde"], arbeidstakerorganisasjoner={"a": 1}, mål="færre syke")
    result = _checker().check_data(copy.deepcopy(app))
    assert "input.schema" in {f.rule for f in result.findings}
    assert hits(app, "anchoring.political") == [
        ("/politisk_forankring", "warning", "Politisk forankring mangler organ, dato og saksnummer.")]


def test_applicant_rows_may_name_the_applicant_by_number():
    app = _base_2011()
    for row in app["styringsgruppe"][:3] + app["arbeidstakerorganisasjoner"][:1]:
        row["kommune"] = "1432"
    assert hits(app, "steering.three-parties") == [] and hits(app, "anchoring.all-unions") == []


def test_a_title_of_exactly_sixty_characters_is_shown_whole():
    app = _base_2006()
    app["mål"].append({"beskrivelse": "y" * 60})
    assert f"«{'y' * 60}»" in hits(app, "goals.measurable")[0][2]
    app["mål"][1]["beskrivelse"] = "y" * 61
    assert f"«{'y' * 59}…»" in hits(app, "goals.measurable")[0][2]


def test_an_editions_own_words_count_and_only_its_names_and_words():
    edition = SimpleNamespace(data={"koder": {"bare-bokmal": {"nb": "bare bokmål", "merknad": "fritekst", "ord": ["kun"]}}})
    terms = Terms.of(edition)
    assert terms.code_of("kun") == "bare-bokmal" and terms.code_of("fritekst") is None


def _rule(rule_id: str, app: dict, params: dict, programme=None, lang="nb"):
    from kvkdocs.rules import RuleContext

    return RULES[rule_id].check(copy.deepcopy(app), RuleContext(params, programme, None))


def test_a_custom_editions_short_words_do_not_match_inside_a_description():
    edition = SimpleNamespace(data={"koder": {"sykefravær": {"ord": ["sykt", "fravr"]}}})
    goal = {"beskrivelse": "", "utgangsverdi": 5, "målverdi": 4}
    params = {"retning": {"sykefravær": "ned"}}
    assert _rule("goals.sick-leave", {"mål": [{**goal, "beskrivelse": "mindre fravr"}]}, params, edition) == []
    assert [h.pointer for h in _rule("goals.sick-leave", {"mål": [{**goal, "beskrivelse": "ikke sykt"}]}, params,
                                     edition)] == ["/mål"]
    # a goal with a theme the edition does not know is not read for its words
    assert [h.pointer for h in _rule("goals.sick-leave", {"mål": [{**goal, "tema": "HMS", "beskrivelse": "sykefravær"}]},
                                     params, edition)] == ["/mål"]


def test_duration_bounds_are_inclusive_and_slack_defaults_to_none():
    project = {"tittel": "P", "start": "2009-01-01", "slutt": "2013-01-01"}  # exactly four years: 1461 days
    app = {"prosjekter": [project]}
    assert _rule("project.duration", app, {"min_år": 4, "maks_år": 4, "slingring_dager": 0}) == []
    assert _rule("project.duration", app, {"min_år": 4}) == []  # a lower bound alone is not a span
    project["slutt"] = "2011-01-01"  # 730 days: half a day short of two years
    assert len(_rule("project.duration", app, {"min_år": 2, "maks_år": 3})) == 1
    project.update(slutt="2009-01-01")  # ends the day it starts: not an order error, but far too short
    [hit] = _rule("project.duration", app, {"min_år": 2, "maks_år": 3})
    assert (hit.pointer, hit.severity) == ("/prosjekter/0", None) and "varer 0 år" in render(hit.text)
    project.update(slutt="2013-01-20")  # 1480 days: 4,05 years, shown rounded as 4,1
    assert "varer 4,1 år" in render(_rule("project.duration", app, {"min_år": 2, "maks_år": 3})[0].text)


def test_dates_of_today_are_not_in_the_future_and_future_dates_in_nynorsk():
    app = _base_2011()
    app.pop("søknadsdato")
    app["mottatt"] = dt.date.today().isoformat()
    assert [h for h in hits(app, "input.schema") if h[0] == "/mottatt"] == []
    app["mottatt"] = "2999-12-31"
    assert ("/mottatt", "error", "Motteken-datoen 31.12.2999 ligg fram i tid. Sjekk datoen.") in \
        hits(app, "input.schema", "nn")
    app["søknadsdato"] = "2010-06-30"
    found = hits(app, "input.schema", "nn")
    assert found[1] == ("/søknadsdato", "error", "Søknadsdatoen 30.06.2010 er før Saman om ein betre kommune fanst "
                                                 "(frå 2011). Sjekk datoen og programutgåva.")
    app["program"] = "ukjent-utgave"  # no edition: only the future is checked
    assert [h[0] for h in hits(app, "input.schema") if "fram i tid" in h[2]] == ["/mottatt"]


def test_an_edition_known_only_by_its_year_starts_on_new_years_day():
    from kvkdocs.rules.consistency import application_dates

    edition = SimpleNamespace(data={"avtale": {"dato": "2011-06-15", "dato_presisjon": "år"}}, name=lambda lang: "X")
    assert application_dates({"søknadsdato": "2011-01-01"}, edition) == []
    [hit] = application_dates({"søknadsdato": "2010-12-31"}, edition)
    assert render(hit.text).endswith("(fra 2011). Sjekk datoen og programutgaven.")
    dated = SimpleNamespace(data={"avtale": {"dato": "2011-06-15"}}, name=lambda lang: "X")
    assert "(fra 15.06.2011)" in render(application_dates({"søknadsdato": "2011-02-01"}, dated)[0].text)


def test_a_number_not_yet_in_use_on_the_application_date_has_no_successor_clause():
    app = _base_2006()
    app["søker"].update(kommunenummer="5001", kommunenavn="Trondheim")  # Trondheim's number from 2018
    assert hits(app, "applicant.kommune") == [(
        "/søker/kommunenummer", "error", "Kommunenummer 5001 (Trondheim - Tråante) var ikke i bruk 01.03.2007.")]


def test_part_of_a_municipality_name_is_not_its_name():
    app = _base_2006()
    app["søker"].update(kommunenummer="0538", kommunenavn="Land")  # Nordre Land
    assert [h[0] for h in hits(app, "applicant.kommune")] == ["/søker/kommunenavn"]
    app["søker"]["kommunenavn"] = "nordre land kommune"
    assert hits(app, "applicant.kommune") == []
