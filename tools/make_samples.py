"""Write the sample applications in samples/ and samples/expected.yaml.

The samples are committed; this script is how they were made, so that a
change to the application format can be carried through all of them. Each
sample states by hand which rule ids it must trigger (``expected``): the
tests compare that with what the checker finds.

Run from the project root: ``python tools/make_samples.py``.
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXPECTED: dict[str, list[str]] = {}


def write(rel: str, data: object, about: str, expected: list[str]) -> None:
    path = SAMPLES / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    header = "".join(f"# {line}\n" for line in about.strip().splitlines())
    path.write_text(header + body, encoding="utf-8")
    EXPECTED[rel] = sorted(set(expected))


def application_2006(number: str, name: str, *, date: str = "2008-09-10", contact: tuple[str, str],
                     areas: list[str], method: str, projects: list[dict], goals: list[dict],
                     steering: list[tuple[str, str, str]], unions: list[tuple[str, str, str]],
                     political: dict, evaluation: str, grant: int, programme: str = "kvalitetskommune-2006") -> dict:
    return {
        "dokument": "søknad",
        "program": programme,
        "søknadsdato": date,
        "søker": {
            "kommunenummer": number,
            "kommunenavn": name,
            "kontaktperson": {"navn": contact[0], "stilling": "Prosjektleder", "epost": contact[1]},
        },
        "innsatsområder": areas,
        "arbeidsform": method,
        "prosjekter": projects,
        "mål": goals,
        "styringsgruppe": [member(n, p, r) for n, p, r in steering],
        "arbeidstakerorganisasjoner": [{"organisasjon": o, "tillitsvalgt": t, "bekreftet": d} for o, t, d in unions],
        "alle_organisasjoner_med": True,
        "politisk_forankring": political,
        "evaluering": evaluation,
        "tilskudd": {"beløp": grant, "budsjett": [
            {"post": "Prosjektledelse", "beløp": grant // 2},
            {"post": "Opplæring av tillitsvalgte og ledere", "beløp": grant - grant // 2},
        ]},
    }


def member(name: str, party: str, role: str, kommune: str | None = None) -> dict:
    """A steering-group member; a union representative names the union («Hovedtillitsvalgt, Delta»)."""
    out = {"navn": name, "part": party, "rolle": role}
    if party == "tillitsvalgte" and ", " in role:
        out["rolle"], out["organisasjon"] = role.split(", ", 1)
    if kommune:
        out["kommune"] = kommune
    return out


def project(title: str, sectors: list[str], start: str, end: str, description: str, themes: list[str] | None = None) -> dict:
    out = {"tittel": title, "beskrivelse": description, "sektorer": sectors}
    if themes is not None:
        out["tema"] = themes
    out.update({"start": start, "slutt": end})
    return out


def sick_goal(base: float, target: float, by: str, where: str = "hele kommunen") -> dict:
    return {
        "beskrivelse": f"Redusere sykefraværet i {where}",
        "tema": "sykefravær",
        "indikator": "Samlet sykefravær (legemeldt og egenmeldt) i prosent av avtalte dagsverk",
        "enhet": "prosent",
        "utgangsverdi": base,
        "målverdi": target,
        "måldato": by,
    }


def other_goal(text: str, theme: str, indicator: str, unit: str, base: float, target: float, by: str) -> dict:
    return {"beskrivelse": text, "tema": theme, "indikator": indicator, "enhet": unit,
            "utgangsverdi": base, "målverdi": target, "måldato": by}


STANDARD_UNIONS = ["Fagforbundet", "Utdanningsforbundet", "Norsk Sykepleierforbund", "Delta"]

# --- round 4 (political contact meeting 4 November 2008), seed 002 -------------------------------

ROUND4 = [
    # number, name, file slug, nynorsk?, late?
    ("0219", "Bærum", "baerum", False, False),
    ("1545", "Midsund", "midsund", True, False),
    ("0429", "Åmot", "amot", False, False),
    ("0602", "Drammen", "drammen", False, False),
    ("0604", "Kongsberg", "kongsberg", False, False),
    ("1543", "Nesset", "nesset", True, False),
    ("0626", "Lier", "lier", False, False),
    ("1548", "Fræna", "fraena", True, False),
    ("1620", "Frøya", "froya", False, False),
    ("1925", "Sørreisa", "sorreisa", False, False),
    ("1445", "Gloppen", "gloppen", True, False),
    ("1256", "Meland", "meland", True, False),
    ("1523", "Ørskog", "orskog", True, False),
    ("1627", "Bjugn", "bjugn", False, True),
    ("1227", "Jondal", "jondal", True, True),
    ("1416", "Høyanger", "hoyanger", True, True),
]

FIRST = ["Anne", "Kari", "Ingrid", "Marit", "Liv", "Astrid", "Per", "Ola", "Jon", "Lars", "Knut", "Tor", "Eva", "Hilde", "Nils", "Siri"]
LAST = ["Haugen", "Berg", "Lunde", "Moe", "Dahl", "Strand", "Aas", "Solberg", "Bakken", "Nygård", "Vik", "Lie", "Eide", "Rønning", "Sæther", "Myklebust"]


def person(i: int, j: int) -> str:
    return f"{FIRST[(i * 3 + j) % len(FIRST)]} {LAST[(i * 5 + j * 7) % len(LAST)]}"


def email(name: str, slug: str) -> str:
    local = name.lower().replace(" ", ".").replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return f"{local}@{slug}.kommune.no"


def round4_application(i: int, number: str, name: str, slug: str, late: bool) -> dict:
    contact = person(i, 0)
    base = round(8.0 + (i % 6) * 0.7, 1)
    app = application_2006(
        number, name,
        date="2008-10-02" if late else f"2008-09-{5 + i % 9:02d}",
        contact=(contact, email(contact, slug)),
        areas=["Nærvær og arbeidsmiljø i pleie og omsorg", "Brukermedvirkning i barnehagene"],
        method=(f"{name} kommune organiserer arbeidet med en styringsgruppe der folkevalgte, administrasjonen og "
                "tillitsvalgte møtes jevnlig. Hver enhet lager sin egen tiltaksplan sammen med de ansatte, "
                "og erfaringene deles på felles samlinger hvert halvår."),
        projects=[
            project(f"Friskere arbeidsplasser i omsorgstjenesten i {name}", ["pleie-og-omsorg"], "2009-01-01", "2011-06-30",
                    "Ansatte, ledere og tillitsvalgte kartlegger årsaker til fravær og prøver ut nye turnusordninger."),
            project("Barnehagen som lærende organisasjon", ["barnehage", "skole"], "2009-03-01", "2011-12-31",
                    "Refleksjonsgrupper og veiledning for å styrke kvalitet og arbeidsmiljø i barnehage og skole."),
        ],
        goals=[
            sick_goal(base, round(base - 1.5, 1), "2011-06-30"),
            other_goal("Økt brukertilfredshet i hjemmetjenesten", "brukertilfredshet",
                       "Gjennomsnittlig skår i brukerundersøkelsen (skala 1–6)", "poeng", 4.2, 4.8, "2011-06-30"),
        ],
        steering=[(person(i, 1), "folkevalgte", "Ordfører"), (person(i, 2), "folkevalgte", "Leder av hovedutvalg for helse og omsorg"),
                  (person(i, 3), "administrasjon", "Rådmann"), (person(i, 4), "administrasjon", "Personalsjef"),
                  (person(i, 5), "tillitsvalgte", "Hovedtillitsvalgt, Fagforbundet"),
                  (person(i, 6), "tillitsvalgte", "Hovedtillitsvalgt, Utdanningsforbundet")],
        unions=[(u, person(i, 7 + k), f"2008-08-{20 + k:02d}") for k, u in enumerate(STANDARD_UNIONS)],
        political={"organ": "kommunestyret", "dato": "2008-08-28", "saksnummer": f"{40 + i:03d}/08"},
        evaluation=("Styringsgruppen følger opp målene hvert kvartal med fraværsstatistikk og brukerundersøkelser. "
                    "Prosjektene skriver en sluttrapport, og en ekstern evaluering gjennomføres i 2011."),
        grant=200000 + (i % 4) * 25000,
    )
    return app


def round4() -> None:
    write("pulje-4/runde.yaml",
          {"dokument": "runde", "navn": "Pulje 4, Kvalitetskommuneprogrammet", "program": "kvalitetskommune-2006",
           "pulje": 4, "søknadsfrist": "2008-09-15"},
          "Rundeoppsett for pulje 4: programutgave og søknadsfrist gjelder alle søknadene i denne mappen.", [])
    for i, (number, name, slug, _nynorsk, late) in enumerate(ROUND4):
        app = round4_application(i, number, name, slug, late)
        expected = ["application.deadline"] if late else []
        about = f"Pulje 4 (vedtak 4. november 2008): {name} kommune{' (sen søknad)' if late else ''}."
        if slug == "midsund":
            app["arbeidstakerorganisasjoner"][2].pop("bekreftet")
            about += "\nIkke godkjent: Norsk Sykepleierforbund har ikke bekreftet forankringen."
            expected.append("anchoring.all-unions")
        elif slug == "fraena":
            app["styringsgruppe"] = [m for m in app["styringsgruppe"] if m["part"] != "folkevalgte"]
            about += "\nIkke godkjent: ingen folkevalgte i styringsgruppen."
            expected.append("steering.three-parties")
        elif slug == "jondal":
            app.pop("evaluering")
            about += "\nGodkjent med advarsel: plan for dokumentasjon og evaluering mangler (en advarsel, ikke en feil)."
            expected.append("evaluation.plan")
        elif slug == "nesset":
            everyday_words(app)
            about += ("\nGodkjent. Skrevet slik folk skriver: sektorer som «helse og omsorg» og «oppvekst»,\n"
                      "et mål om høyere nærvær i stedet for lavere sykefravær, og beløp som tekst («kr 225 000,-»).")
        elif slug == "lier":
            app["prosjekter"].append(project("Bedre byggesaksbehandling", ["teknisk"], "2009-01-01", "2011-06-30",
                                             "Kortere saksbehandlingstid gjennom felles rutiner og opplæring."))
            about += "\nGodkjent med advarsel: ett prosjekt ligger i teknisk sektor, utenfor programmets kjerne."
            expected.append("scope.sector")
        elif slug == "sorreisa":
            app["mål"][1].pop("måldato")
            about += "\nGodkjent med advarsel: målet om brukertilfredshet mangler måldato."
            expected.append("goals.measurable")
        elif slug == "kongsberg":
            app["politisk_forankring"].pop("saksnummer")
            about += "\nGodkjent med advarsel: saksnummeret for det politiske vedtaket mangler."
            expected.append("anchoring.political")
        elif slug == "froya":
            for p in app["prosjekter"]:
                p["sektorer"] = ["pleie-og-omsorg"]
            about += "\nGodkjent med råd: alle prosjektene ligger i pleie og omsorg."
            expected.append("cooperation.cross-sector")
        else:
            about += "\nGodkjent."
        if late:
            about += "\nKom inn etter søknadsfristen 15.09.2008 (advarsel application.deadline)."
        write(f"pulje-4/{number}-{slug}.yaml", app, about, expected)


def everyday_words(app: dict) -> None:
    """Sectors, themes and amounts as a municipality writes them; all of it must read as compliant."""
    app["prosjekter"][0]["sektorer"] = ["Helse og omsorg"]
    app["prosjekter"][1]["sektorer"] = ["oppvekst"]
    app["mål"][0] = {"beskrivelse": "Auke nærværet i helse og omsorg", "tema": "Nærvær",
                     "indikator": "Nærvær i prosent av avtalte dagsverk", "enhet": "prosent",
                     "utgangsverdi": 90.5, "målverdi": 92.5, "måldato": "2011-06-30"}
    grant = app["tilskudd"]["beløp"]
    app["tilskudd"]["beløp"] = f"kr {grant // 1000} 000,-"
    for line in app["tilskudd"]["budsjett"]:
        line["beløp"] = f"{line['beløp']:,}".replace(",", ".") + " kr"


# --- one compliant application per edition ------------------------------------------------------

def edition_samples() -> dict:
    base = round4_application(20, "1902", "Tromsø", "tromso", False)
    base["søknadsdato"] = "2007-03-01"
    base["søker"]["kontaktperson"] = {"navn": "Sigrid Johansen", "stilling": "Prosjektleder",
                                      "epost": "sigrid.johansen@tromso.kommune.no", "telefon": "77 79 00 00"}
    write("utgaver/kvalitetskommune-2006-godkjent.yaml", base,
          "En fullstendig søknad etter avtalen av 2006 (pulje 1, 2007). Godkjent uten merknader.", [])

    ks = copy.deepcopy(base)
    ks["program"] = "kvalitetskommune-ks-2010"
    ks["søknadsdato"] = "2010-09-01"
    ks["prosjekter"][0]["tema"] = ["sykefravær"]
    ks["prosjekter"][1] = project("Nærvær i barnehagene", ["barnehage"], "2011-01-01", "2012-12-31",
                                  "Tett oppfølging av sykmeldte og tilrettelegging i barnehagene.", themes=["nærvær"])
    write("utgaver/kvalitetskommune-ks-2010-godkjent.yaml", ks,
          "En søknad etter KS' forslag fra 2010: bare pleie og omsorg og barnehage. Godkjent.", [])

    joint = {
        "dokument": "søknad",
        "program": "sammen-om-en-bedre-kommune-2011",
        "søknadsdato": "2011-08-15",
        "søker": {"kommunenummer": "1432", "kommunenavn": "Førde",
                  "kontaktperson": {"navn": "Ragnhild Sunde", "stilling": "Prosjektleiar", "epost": "ragnhild.sunde@forde.kommune.no"}},
        "samarbeidskommuner": [{"kommunenummer": "1433", "kommunenavn": "Naustdal", "alle_organisasjoner_med": True}],
        "prosjekter": [project("Heiltid i helse og omsorg", ["pleie-og-omsorg"], "2011-10-01", "2014-06-30",
                               "Førde og Naustdal prøver ut langvakter og årsturnus for å gi fleire heile stillingar.",
                               themes=["heltid-deltid", "sykefravær"])],
        "mål": [other_goal("Fleire tilsette i heile stillingar", "heltid-deltid", "Del av tilsette i 100 % stilling",
                           "prosent", 38.0, 55.0, "2014-06-30"),
                sick_goal(9.1, 7.8, "2014-06-30", "pleie og omsorg")],
        # One steering group for the joint project; each member and union says which municipality it belongs to.
        "styringsgruppe": [member("Olav Kvalheim", "folkevalgte", "Ordførar", "Førde"),
                           member("Terje Holsen", "administrasjon", "Rådmann", "Førde"),
                           member("Gunn Reite", "tillitsvalgte", "Hovudtillitsvald, Fagforbundet", "Førde"),
                           member("Brit Hjelle", "folkevalgte", "Ordførar", "Naustdal"),
                           member("Arve Solheim", "administrasjon", "Rådmann", "Naustdal"),
                           member("Kari Natvik", "tillitsvalgte", "Hovudtillitsvald, Fagforbundet", "Naustdal")],
        "arbeidstakerorganisasjoner": [
            {"organisasjon": "Fagforbundet", "tillitsvalgt": "Gunn Reite", "bekreftet": "2011-08-01", "kommune": "Førde"},
            {"organisasjon": "Norsk Sykepleierforbund", "tillitsvalgt": "Leif Sande", "bekreftet": "2011-08-03", "kommune": "Førde"},
            {"organisasjon": "Delta", "tillitsvalgt": "Mona Vårdal", "bekreftet": "2011-08-05", "kommune": "Førde"},
            {"organisasjon": "Fagforbundet", "tillitsvalgt": "Kari Natvik", "bekreftet": "2011-08-02", "kommune": "Naustdal"},
            {"organisasjon": "Utdanningsforbundet", "tillitsvalgt": "Odd Reinen", "bekreftet": "2011-08-04", "kommune": "Naustdal"}],
        "alle_organisasjoner_med": True,
        "politisk_forankring": {"organ": "formannskapet", "dato": "2011-06-16", "saksnummer": "11/1432"},
        "tilskudd": {"beløp": 600000},
    }
    write("utgaver/sammen-om-en-bedre-kommune-2011-godkjent.yaml", joint,
          "Et felles prosjekt for Førde og Naustdal i Sammen om en bedre kommune (2011).\n"
          "To kommuner kan søke 2 × 300 000 kroner. Godkjent.", [])
    return {"2006": base, "ks-2010": ks, "2011": joint}


# --- one sample per rule ------------------------------------------------------------------------

def rule_samples(ed: dict) -> None:
    def variant(edition: str, rel: str, about: str, expected: list[str], change) -> None:
        data = copy.deepcopy(ed[edition])
        change(data)
        write(f"regler/{rel}", data, about, expected)

    def set_(path: list, value):
        def change(d):
            target = d
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = value
        return change

    def drop(path: list):
        def change(d):
            target = d
            for key in path[:-1]:
                target = target[key]
            target.pop(path[-1])
        return change

    variant("2006", "applicant.kommune-ukjent-nummer.yaml", "Kommunenummeret 2999 finnes ikke.",
            ["applicant.kommune"], set_(["søker", "kommunenummer"], "2999"))
    variant("2006", "applicant.kommune-feil-navn.yaml", "Kommunenummer 1902 er Tromsø, men søknaden sier Bodø.",
            ["applicant.kommune"], set_(["søker", "kommunenavn"], "Bodø"))
    def retired_partner(d):
        d["samarbeidskommuner"] = [{"kommunenummer": "1154", "kommunenavn": "Vindafjord", "alle_organisasjoner_med": True}]
        for row in d["styringsgruppe"] + d["arbeidstakerorganisasjoner"]:
            if row.get("kommune") == "Naustdal":
                row["kommune"] = "Vindafjord"

    variant("2011", "applicant.kommune-utgatt-nummer.yaml",
            "Samarbeidskommunen oppgir nummer 1154 (Vindafjord), som gikk ut i 2006.",
            ["applicant.kommune"], retired_partner)
    variant("2006", "applicant.contact.yaml", "E-postadressen til kontaktpersonen mangler @.",
            ["applicant.contact"], set_(["søker", "kontaktperson", "epost"], "sigrid.johansen.tromso.kommune.no"))
    variant("2006", "application.focus-areas.yaml", "Ingen innsatsområder og ingen arbeidsform.",
            ["application.focus-areas"], lambda d: (d.update({"innsatsområder": []}), d.pop("arbeidsform")))
    variant("2011", "goals.defined.yaml", "Søknaden har ingen mål (2011: uten krav om sykefraværsmål).",
            ["goals.defined"], set_(["mål"], []))
    variant("2006", "goals.measurable.yaml", "Målet om brukertilfredshet mangler indikator og måldato.",
            ["goals.measurable"], lambda d: (d["mål"][1].pop("indikator"), d["mål"][1].pop("måldato")))
    variant("2006", "goals.sick-leave-hoyere.yaml", "Målverdien for sykefravær er høyere enn utgangsverdien.",
            ["goals.sick-leave"], set_(["mål", 0, "målverdi"], 12.5))
    variant("2006", "goals.sick-leave-mangler.yaml", "Ingen mål om sykefravær.",
            ["goals.sick-leave"], lambda d: d["mål"].pop(0))
    variant("2006", "scope.sector.yaml", "Et prosjekt i kultursektoren (2006: advarsel, avtalen kan utvides).",
            ["scope.sector"], set_(["prosjekter", 1, "sektorer"], ["barnehage", "kultur"]))
    variant("ks-2010", "scope.sector-ks-2010.yaml", "Et prosjekt i skolen, utenfor KS' forslag (feil).",
            ["scope.sector"], set_(["prosjekter", 1, "sektorer"], ["skole"]))
    variant("2011", "scope.theme.yaml", "Prosjektet har temaet «kvalitet», som ikke er et av de fire temaene.",
            ["scope.theme"], set_(["prosjekter", 0, "tema"], ["heltid-deltid", "kvalitet"]))
    variant("2006", "project.duration-2006.yaml", "Et prosjekt på fem år (2006: advarsel).",
            ["project.duration"], set_(["prosjekter", 0, "slutt"], "2013-12-31"))
    variant("2011", "project.duration-2011.yaml", "Prosjektet slutter i 2016, etter programmets slutt (feil).",
            ["project.duration"], set_(["prosjekter", 0, "slutt"], "2016-06-30"))
    variant("2006", "steering.three-parties.yaml", "Ingen tillitsvalgte i styringsgruppen.",
            ["steering.three-parties"],
            lambda d: d.update({"styringsgruppe": [m for m in d["styringsgruppe"] if m["part"] != "tillitsvalgte"]}))
    variant("2006", "anchoring.all-unions.yaml", "Delta er nevnt, men uten tillitsvalgt og dato for bekreftelse.",
            ["anchoring.all-unions"], set_(["arbeidstakerorganisasjoner", 3], {"organisasjon": "Delta"}))
    variant("2006", "anchoring.political.yaml", "Ingen opplysninger om politisk vedtak.",
            ["anchoring.political"], drop(["politisk_forankring"]))
    variant("2006", "evaluation.plan.yaml", "Planen for dokumentasjon og evaluering er tom.",
            ["evaluation.plan"], set_(["evaluering"], "   "))
    variant("2006", "cooperation.cross-sector.yaml", "Alle prosjektene ligger i pleie og omsorg (råd).",
            ["cooperation.cross-sector"], lambda d: [p.update({"sektorer": ["pleie-og-omsorg"]}) for p in d["prosjekter"]])
    variant("2011", "grant.amount-over-tak.yaml", "To kommuner søker 700 000 kroner; taket er 2 × 300 000.",
            ["grant.amount"], set_(["tilskudd", "beløp"], 700000))
    variant("2006", "grant.amount-negativt.yaml", "Søkt beløp er negativt.",
            ["grant.amount"], set_(["tilskudd", "beløp"], -50000))
    rule_variants_2(ed, variant, set_, drop)
    data = copy.deepcopy(ed["2006"])
    data["søknadsdato"] = "2008-09-20"
    write("regler/frist/application.deadline.yaml", data,
          "Søknaden kom 20.09.2008, etter fristen i runde.yaml i denne mappen (15.09.2008).", ["application.deadline"])
    write("regler/frist/runde.yaml", {"dokument": "runde", "program": "kvalitetskommune-2006", "søknadsfrist": "2008-09-15"},
          "Rundeoppsett: søknadsfristen som gjelder søknadene i denne mappen.", [])


def rule_variants_2(ed: dict, variant, set_, drop) -> None:
    """The verdicts of issue 7: more ways to break a rule, and look-alikes that are compliant (in godkjent/)."""
    variant("2006", "goals.sick-leave-naervaer-ned.yaml", "Et mål om nærvær der målverdien er lavere enn utgangsverdien.",
            ["goals.sick-leave"], set_(["mål", 0], {"beskrivelse": "Nærvær i pleie og omsorg", "tema": "nærvær",
                                                    "indikator": "Nærvær i prosent", "enhet": "prosent",
                                                    "utgangsverdi": 91.0, "målverdi": 89.0, "måldato": "2009-12-31"}))
    variant("ks-2010", "scope.theme-ks-2010.yaml", "Et prosjekt om heltid og deltid: KS' forslag har bare sykefravær (feil).",
            ["scope.theme"], set_(["prosjekter", 1, "tema"], ["heltid og deltid"]))
    variant("2011", "scope.theme-ingen-prosjekter.yaml", "Søknaden har ingen prosjekter (2011: minst ett prosjekt).",
            ["scope.theme"], drop(["prosjekter"]))
    variant("2006", "project.duration-slutt-for-start.yaml",
            "Prosjektet slutter før det starter: en feil, selv om 2006-regelen ellers bare advarer.",
            ["project.duration"], set_(["prosjekter", 0, "slutt"], "2008-12-31"))
    variant("2011", "project.duration-2011-uten-slutt.yaml",
            "Prosjektet har ingen sluttdato: en advarsel i 2011 (godkjent), mens slutt etter 2015 er en feil.",
            ["project.duration"], drop(["prosjekter", 0, "slutt"]))
    variant("2006", "anchoring.all-unions-ikke-fullstendig.yaml",
            "Søknaden sier ikke at listen over arbeidstakerorganisasjoner er fullstendig.",
            ["anchoring.all-unions"], drop(["alle_organisasjoner_med"]))
    variant("2006", "anchoring.all-unions-medlem.yaml",
            "Et medlem av styringsgruppen representerer Fellesorganisasjonen, som ikke står på listen.",
            ["anchoring.all-unions"], set_(["styringsgruppe", 5, "organisasjon"], "Fellesorganisasjonen"))
    variant("2011", "anchoring.all-unions-felles.yaml",
            "Felles prosjekt: Naustdal har ingen arbeidstakerorganisasjoner på listen.",
            ["anchoring.all-unions"],
            lambda d: d.update({"arbeidstakerorganisasjoner": [u for u in d["arbeidstakerorganisasjoner"]
                                                               if u.get("kommune") != "Naustdal"]}))
    variant("2011", "steering.three-parties-felles.yaml",
            "Felles prosjekt: ingen fra administrasjonen i Naustdal i styringsgruppen.",
            ["steering.three-parties"],
            lambda d: d.update({"styringsgruppe": [m for m in d["styringsgruppe"]
                                                   if (m.get("kommune"), m["part"]) != ("Naustdal", "administrasjon")]}))
    variant("2006", "grant.amount-uleselig.yaml", "Søkt beløp er skrevet slik at det ikke kan leses som kroner.",
            ["grant.amount"], set_(["tilskudd", "beløp"], "ca. en kvart million"))
    variant("2006", "grant.amount-budsjett.yaml", "Budsjettpostene summerer seg ikke til søkt beløp (advarsel).",
            ["grant.amount"], set_(["tilskudd", "budsjett", 1, "beløp"], "kr 150 000"))
    # Compliant look-alikes: each shows a verdict that changed from «not approved» to «approved».
    variant("2006", "godkjent/goals.sick-leave-naervaer.yaml",
            "Godkjent: målet gjelder nærvær (opp), skrevet på nynorsk, i dagar per årsverk.", [],
            set_(["mål", 0], {"beskrivelse": "Auka nærvær i heimetenesta", "tema": "Nærvær",
                              "indikator": "Nærverdagar per årsverk", "enhet": "dagar per årsverk",
                              "utgangsverdi": 205, "målverdi": 212, "måldato": "2009-12-31"}))
    variant("2006", "godkjent/goals.sick-leave-sjukefravaer.yaml",
            "Godkjent med advarsel: sjukefråværsmålet manglar målverdi; det er goals.measurable si åtvaring.",
            ["goals.measurable"], lambda d: (d["mål"][0].update(tema="sjukefråvær"), d["mål"][0].pop("målverdi")))
    variant("2006", "godkjent/scope.sector-hverdagsord.yaml",
            "Godkjent: sektorene er skrevet med vanlige ord («Pleie- og omsorg», «oppvekst»).", [],
            lambda d: (d["prosjekter"][0].update(sektorer=["Pleie- og omsorg"]),
                       d["prosjekter"][1].update(sektorer=["oppvekst"])))
    variant("2006", "godkjent/grant.amount-uten-tilskudd.yaml", "Godkjent: søknaden ber ikke om tilskudd.", [],
            drop(["tilskudd"]))
    variant("2011", "godkjent/grant.amount-som-tekst.yaml",
            "Godkjent: beløpet er skrevet som tekst, «NOK 600 000», innenfor taket for to kommuner.", [],
            set_(["tilskudd", "beløp"], "NOK 600 000"))


def input_samples(ed: dict) -> None:
    SAMPLES.joinpath("inndata").mkdir(parents=True, exist_ok=True)
    (SAMPLES / "inndata/notat.txt").write_text("Dette er et notat, ikke en søknad.\n", encoding="utf-8")
    EXPECTED["inndata/notat.txt"] = ["input.unreadable"]
    EXPECTED["README.md"] = ["input.unreadable"]  # validate reports every file it cannot read
    EXPECTED["programutgaver/sammen-stramt-tak-2012.yaml"] = []  # an edition file, checked against its schema
    (SAMPLES / "inndata/ødelagt-yaml.yaml").write_text(
        "# input.unreadable: innrykket er feil, så filen kan ikke tolkes.\ndokument: søknad\nsøker:\n  kommunenummer: \"1902\"\n kommunenavn: Tromsø\n",
        encoding="utf-8")
    EXPECTED["inndata/ødelagt-yaml.yaml"] = ["input.unreadable"]
    (SAMPLES / "inndata/liste.yaml").write_text(
        "# input.structure: filen er en liste, ikke en søknad.\n- kommunenummer: \"1902\"\n- kommunenummer: \"1903\"\n",
        encoding="utf-8")
    EXPECTED["inndata/liste.yaml"] = ["input.structure"]
    data = copy.deepcopy(ed["2006"])
    data["søknadsdato"] = "2008-13-45"
    data["styringsgruppe"][0]["part"] = "politikere"
    write("inndata/feil-verdier.yaml", data,
          "input.schema: søknadsdatoen er ikke en dato, og «politikere» er ikke en gyldig part.\n"
          "(Styringsgruppen har fortsatt en folkevalgt, så ingen annen regel slår til.)",
          ["input.schema"])
    data = copy.deepcopy(ed["2006"])
    data["styringsgrupe"] = data.pop("styringsgruppe")
    write("inndata/feilstavet-felt.yaml", data,
          "input.schema: «styringsgrupe» er feilstavet. Ett funn foreslår «styringsgruppe»,\n"
          "og innholdet kontrolleres som styringsgruppen (ingen følgefeil).", ["input.schema"])
    data = copy.deepcopy(ed["2011"])
    data["søknadsdato"] = "2010-05-01"
    write("inndata/dato-for-programmet.yaml", data,
          "input.schema: søknaden til Sammen om en bedre kommune er datert 01.05.2010, før programmet (2011).",
          ["input.schema"])
    data = copy.deepcopy(ed["2006"])
    data["søknadsdato"] = "2099-03-01"
    data["søker"].update(kommunenummer="5501", kommunenavn="Tromsø")
    write("inndata/dato-fram-i-tid.yaml", data, "input.schema: søknadsdatoen ligger fram i tid.", ["input.schema"])
    data = copy.deepcopy(ed["2006"])
    write("inndata/soknad.json", data, "", [])
    (SAMPLES / "inndata/soknad.json").write_text(
        __import__("json").dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# --- decision meetings ---------------------------------------------------------------------------

SENDER = {
    "navn": "KS – sekretariatet for Kvalitetskommuneprogrammet",
    "adresse": "Postboks 1378 Vika",
    "postnummer": "0114",
    "poststed": "Oslo",
    "saksbehandler": "Ingrid Sandvik",
    "epost": "kvalitetskommuner@ks.no",
    "telefon": "24 13 26 00",
    "referanseprefiks": "08/1152",
    "underskriver": "Tor Arne Hovland",
    "underskriver_tittel": {"nb": "Programleder", "nn": "Programleiar"},
}
LEADER = {"nb": "Leder", "nn": "Leiar"}
PRESENT_2008 = [
    {"navn": "Statsråd, Kommunal- og regionaldepartementet", "rolle": {"nb": "møteleder", "nn": "møteleiar"}},
    {"navn": {"nb": "Politisk ledelse, Helse- og omsorgsdepartementet", "nn": "Politisk leiing, Helse- og omsorgsdepartementet"}},
    {"navn": {"nb": "Politisk ledelse, Kunnskapsdepartementet", "nn": "Politisk leiing, Kunnskapsdepartementet"}},
    {"navn": {"nb": "Styreleder", "nn": "Styreleiar"}, "organisasjon": "KS"},
    {"navn": dict(LEADER), "organisasjon": "LO Kommune"},
    {"navn": dict(LEADER), "organisasjon": "Unio"},
    {"navn": dict(LEADER), "organisasjon": "YS Kommune"},
    {"navn": dict(LEADER), "organisasjon": "Akademikerne"},
]
JUSTIFICATIONS = {
    "1545": "Sykepleierforbundet har bekreftet muntlig at de støtter prosjektet; skriftlig bekreftelse ettersendes før oppstart.",
    "1548": "Formannskapet har vedtatt å oppnevne to folkevalgte til styringsgruppen i neste møte.",
}


# Invented for the sample (the sources give no payment or reporting terms): the meeting file says so
# with «eksempel: true», and every document made from it carries EKSEMPEL in its header.
CONDITIONS_2008 = {
    "nb": ["Tilskuddet utbetales når sekretariatet har mottatt den lokale samarbeidsavtalen, underskrevet av alle tre partene.",
           "Kommunen sender en kort statusrapport innen 1. desember 2009 og en sluttrapport innen tre måneder etter at "
           "prosjektet er avsluttet."],
    "nn": ["Tilskotet vert utbetalt når sekretariatet har fått den lokale samarbeidsavtalen, underskriven av alle tre partane.",
           "Kommunen sender ein kort statusrapport innan 1. desember 2009 og ein sluttrapport innan tre månader etter at "
           "prosjektet er avslutta."],
}


def round4_meeting() -> dict:
    decisions = []
    for i, (number, name, slug, _nynorsk, late) in enumerate(ROUND4):
        app = round4_application(i, number, name, slug, late)
        decision = {"kommunenummer": number, "kommunenavn": name, "utfall": "opptatt",
                    "prosjekt": app["prosjekter"][0]["tittel"], "tilskudd": app["tilskudd"]["beløp"]}
        if late:
            decision["sen_søknad"] = True
        if number in JUSTIFICATIONS:
            decision["dispensasjon"] = JUSTIFICATIONS[number]
        decisions.append(decision)
    return {
        "dokument": "møte", "eksempel": True, "program": "kvalitetskommune-2006", "organ": "politisk-kontaktmøte",
        "dato": "2008-11-04", "brevdato": "2008-11-12", "sted": "Oslo", "pulje": 4, "søknadsfrist": "2008-09-15",
        "saksnummer": "08/1152",
        "budsjett": {"beløp": 10000000, "år": 2008, "tekst": "Stimuleringsmidler"},
        "vilkår": CONDITIONS_2008,
        "til_stede": PRESENT_2008,
        "vedtak": decisions,
        "tidligere_opptatt": [{"kommunenummer": "1149", "kommunenavn": "Karmøy", "pulje": 3},
                              {"kommunenummer": "0415", "kommunenavn": "Løten", "pulje": 3}],
        "avsender": SENDER,
    }


def applications_2011(ed: dict) -> None:
    joint = copy.deepcopy(ed["2011"])
    write("sammen-2011/1432-forde.yaml", joint, "Felles prosjekt for Førde og Naustdal (2011). Godkjent.", [])
    stord = copy.deepcopy(ed["2011"])
    stord.pop("samarbeidskommuner")
    stord["søker"] = {"kommunenummer": "1221", "kommunenavn": "Stord",
                      "kontaktperson": {"navn": "Eirik Tvedt", "stilling": "Personalsjef", "epost": "eirik.tvedt@stord.kommune.no"}}
    stord["prosjekter"] = [{"tittel": "Kompetanseløft i barnehagane", "beskrivelse": "Rekruttering og vidareutdanning av barnehagelærarar.",
                            "sektorer": ["barnehage"], "tema": ["kompetanse-rekruttering"], "start": "2011-10-01", "slutt": "2013-12-31"}]
    stord["mål"] = [other_goal("Fleire barnehagelærarar med full utdanning", "kompetanse-rekruttering",
                               "Del av pedagogiske leiarar med godkjend utdanning", "prosent", 78.0, 95.0, "2013-12-31")]
    stord["tilskudd"] = {"beløp": 300000}
    stord["styringsgruppe"] = [member("Liv Kari Eskeland", "folkevalgte", "Ordførar"),
                               member("Gunnar Bakke", "administrasjon", "Rådmann"),
                               member("Solveig Hauge", "tillitsvalgte", "Hovudtillitsvald, Utdanningsforbundet")]
    stord["arbeidstakerorganisasjoner"] = [
        {"organisasjon": "Fagforbundet", "tillitsvalgt": "Per Økland", "bekreftet": "2011-08-11"},
        {"organisasjon": "Utdanningsforbundet", "tillitsvalgt": "Solveig Hauge", "bekreftet": "2011-08-10"}]
    write("sammen-2011/1221-stord.yaml", stord, "Stord kommune, Sammen om en bedre kommune (2011). Godkjent.", [])
    voss = copy.deepcopy(stord)
    voss["søker"] = {"kommunenummer": "1235", "kommunenavn": "Voss",
                     "kontaktperson": {"navn": "Liv Lirhus", "stilling": "Rådgjevar", "epost": "liv.lirhus@voss.kommune.no"}}
    voss["prosjekter"][0]["tema"] = ["kvalitet"]
    voss["styringsgruppe"] = [m for m in voss["styringsgruppe"] if m["part"] != "tillitsvalgte"]
    write("sammen-2011/1235-voss.yaml", voss,
          "Voss kommune (2011). Ikke godkjent: temaet ligger utenfor programmet, og styringsgruppen mangler tillitsvalgte.",
          ["scope.theme", "steering.three-parties"])


def meetings() -> None:
    folder = SAMPLES / "meetings"
    folder.mkdir(parents=True, exist_ok=True)
    meeting = round4_meeting()
    dump = lambda rel, data, about: (folder / rel).write_text(  # noqa: E731
        "".join(f"# {line}\n" for line in about.strip().splitlines())
        + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110), encoding="utf-8")
    dump("2008-11-04-pulje-4.yaml", meeting,
         "Politisk kontaktmøte 4. november 2008: pulje 4 av Kvalitetskommuneprogrammet.\n"
         "Eksempel: kommunene er de fra pulje 4, men beløp, prosjekter, vilkår og begrunnelser er oppdiktet.\n"
         "13 kommuner tas opp, og de tre sene søknadene (Bjugn, Jondal, Høyanger) tas opp og føres opp for seg.\n"
         "Midsund og Fræna har feil i søknaden og tas opp med skriftlig begrunnelse (dispensasjon).\n"
         "kvkdocs letters samples/meetings/2008-11-04-pulje-4.yaml --applications samples/pulje-4 -o ut/")
    EXPECTED["meetings/2008-11-04-pulje-4.yaml"] = []
    broke = copy.deepcopy(meeting)
    broke["budsjett"] = {"beløp": 3000000, "år": 2008, "tekst": "Restmidler etter pulje 3"}
    dump("2008-11-04-budsjett-sprengt.yaml", broke,
         "Som pulje 4, men med en restramme på 3 millioner: tildelingene går over budsjettet (decision.budget),\n"
         "så «kvkdocs letters» skriver ingenting.")
    EXPECTED["meetings/2008-11-04-budsjett-sprengt.yaml"] = []
    sender_2011 = dict(SENDER, navn={"nb": "KS – sekretariatet for Sammen om en bedre kommune",
                                     "nn": "KS – sekretariatet for Saman om ein betre kommune"}, referanseprefiks="11/0873",
                       saksbehandler="Silje Hammer", underskriver="Tor Arne Hovland")
    meeting_2011 = {
        "dokument": "møte", "eksempel": True, "program": "sammen-om-en-bedre-kommune-2011", "organ": "styringsgruppe",
        "dato": "2011-09-21", "sted": "Oslo", "pulje": 1,
        "til_stede": [{"navn": "Representant for KRD", "rolle": {"nb": "leder", "nn": "leiar"}}, {"navn": "Representant for KS"},
                      {"navn": "Representant for LO Kommune"}, {"navn": "Representant for YS Kommune"},
                      {"navn": "Representant for Unio"}, {"navn": "Representant for Akademikerne"}],
        "vedtak": [
            {"kommunenummer": "1432", "kommunenavn": "Førde", "samarbeidskommuner": ["1433"], "utfall": "opptatt",
             "prosjekt": "Heiltid i helse og omsorg", "tilskudd": 600000},
            {"kommunenummer": "1221", "kommunenavn": "Stord", "utfall": "opptatt",
             "prosjekt": "Kompetanseløft i barnehagane", "tilskudd": 300000},
            {"kommunenummer": "1235", "kommunenavn": "Voss", "utfall": "avslått",
             "begrunnelse": "Prosjektet om kvalitet i barnehagen ligger utenfor programmets fire tema, og styringsgruppen mangler tillitsvalgte. "
                            "Kommunen oppfordres til å søke i neste pulje med et prosjekt om kompetanse og rekruttering."},
        ],
        "avsender": sender_2011,
    }
    dump("2011-09-21-sammen-pulje-1.yaml", meeting_2011,
         "Styringsgruppen for Sammen om en bedre kommune, 21. september 2011: første opptak.\n"
         "Et felles prosjekt (Førde og Naustdal, 2 × 300 000 kroner), Stord tas opp, og Voss får avslag.\n"
         "Eksempel: prosjekter, vedtak og begrunnelser er oppdiktet; bare datoen og beløpet per kommune er fra kilden.\n"
         "kvkdocs letters samples/meetings/2011-09-21-sammen-pulje-1.yaml --applications samples/sammen-2011 -o ut-2011/")
    EXPECTED["meetings/2011-09-21-sammen-pulje-1.yaml"] = []


def main() -> None:
    round4()
    editions = edition_samples()
    rule_samples(editions)
    input_samples(editions)
    applications_2011(editions)
    meetings()
    path = ROOT / "tests" / "expected_samples.yaml"
    if path.exists():  # keep what tools/make_documents.py wrote for the Word and PDF samples
        old = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        EXPECTED.update({k: v for k, v in old.items() if k.startswith("dokumenter/")})
    header = ("# Which rule ids each sample must trigger (every severity). Written by tools/make_samples.py;\n"
              "# tests/test_samples.py checks the checker against it. Paths are relative to samples/.\n")
    (ROOT / "tests" / "expected_samples.yaml").write_text(
        header + yaml.safe_dump(dict(sorted(EXPECTED.items())), allow_unicode=True, sort_keys=False), encoding="utf-8")


if __name__ == "__main__":
    main()
