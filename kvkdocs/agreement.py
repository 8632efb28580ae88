"""The central programme agreement of an edition, and a municipality's local agreement.

The programme agreement is printed from the edition's own clauses
(``avtaletekst:``), each rendering a part of its source in the project's
words and naming that part, so that a reader can check every sentence
against the seed. The template adds only headings and the note that says
the text is a rendering. Parties, budget, place, date and signatories come
from the edition file too; a proposal gets none of the last three.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from .messages import join_words, kroner
from .programmes import Programme
from .render.usertemplates import register_samples
from .resources import EXAMPLE_DIR

DURATION = {"nb": ("mellom {low} og {high} år", "til programmet slutter {end}"),
            "nn": ("mellom {low} og {high} år", "til programmet sluttar {end}")}
SECRETARIAT = {"nb": "KS", "nn": "KS"}


def _parties(programme: Programme, side: str) -> list[dict]:
    return [p for p in programme.data.get("parter") or [] if p["side"] == side]


def _label(party: dict) -> str:
    return party["navn"] + (f" ({party['forkortelse']})" if party.get("forkortelse") and party["forkortelse"] != party["navn"] else "")


def project_span(programme: Programme, lang: str) -> str:
    """How long projects may last, in words («mellom to og tre år»); empty where the edition does not say."""
    duration = programme.rules.get("project.duration")
    if duration and "min_år" in duration.params:
        return DURATION[lang][0].format(low=_years(duration.params["min_år"]), high=_years(duration.params["maks_år"]))
    if programme.end:
        return DURATION[lang][1].format(end=programme.end.strftime("%d.%m.%Y"))
    return ""


def localised(value, lang: str) -> str:
    """A data value people read: a plain string, or its ``lang`` form from ``{nb, nn}`` (bokmål as fallback)."""
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("nb") or "")
    return "" if value is None else str(value)


NOTE = {
    "nb": "Dette dokumentet gjengir med prosjektets egne ord {source}. Det er ikke selve avtaleteksten; ved tvil gjelder kilden. "
          "Etter hvert ledd står delen av kilden det bygger på.",
    "nn": "Dette dokumentet gjev att med eigne ord frå prosjektet {source}. Det er ikkje sjølve avtaleteksten; ved tvil gjeld kjelda. "
          "Etter kvart ledd står den delen av kjelda det byggjer på.",
}
YEAR = {"nb": "Inngått i {year}", "nn": "Inngått i {year}"}
PROPOSAL = {"nb": "Forslag – ikke vedtatt og ikke underskrevet", "nn": "Framlegg – ikkje vedteke og ikkje underskrive"}
BUDGET_HEADING = {"nb": ("Budsjettanslag for {year}", "Foreløpig budsjettanslag for {year}"),
                  "nn": ("Budsjettoverslag for {year}", "Førebels budsjettoverslag for {year}")}


def _clauses(data: dict, lang: str) -> list[dict]:
    text = data.get("avtaletekst") or {}
    return [{"overskrift": localised(part["overskrift"], lang),
             "ledd": [{"tekst": localised(c["tekst"], lang), "kilde": localised(c["kilde"], lang)} for c in part["ledd"]]}
            for part in text.get("deler") or []]


def agreement_context(programme: Programme, lang: str = "nb") -> dict:
    """Every value the programme-agreement template uses: the edition's own clauses, each with its source.

    Nothing is added that the edition file does not say: a proposal (``art: forslag``) gets no
    signatures and no date, a date known only to the year is printed as a year, and signature lines
    appear only for parties whose signatory the source names.
    """
    data = programme.data
    deal = data.get("avtale") or {}
    proposal = deal.get("art") == "forslag"
    parties = data.get("parter") or []
    state, employer, unions = (_parties(programme, s) for s in ("stat", "arbeidsgiver", "arbeidstaker"))
    budget = data.get("budsjett") or {}
    date = dt.date.fromisoformat(deal["dato"]) if deal.get("dato") and not proposal else None
    year_only = deal.get("dato_presisjon") == "år"  # known only to the year: printed as a year, never as 1 January
    shown_date = (YEAR[lang].format(year=date.year) if year_only else date.strftime("%d.%m.%Y")) if date else ""
    signed = not proposal and any(p.get("underskriver") for p in parties)
    signatories = [{"navn": p.get("underskriver", ""), "part": _label(p)} for p in state + employer + unions] if signed else []
    posts = [{"post": localised(p["post"], lang), "beløp": "kr " + kroner(p["beløp"])} for p in budget.get("poster") or []]
    source = localised((data.get("avtaletekst") or {}).get("kilde"), lang)
    heading = BUDGET_HEADING[lang][bool(budget.get("foreløpig"))].format(year=budget.get("år", ""))
    return {
        "tittel": localised(deal.get("tittel"), lang) or programme.name(lang),
        "programnavn": programme.name(lang),
        "merknad": NOTE[lang].format(source=source) if source else "",
        "forslag": PROPOSAL[lang] if proposal else "",
        "deler": _clauses(data, lang),
        "poster": posts,
        "budsjett_overskrift": heading if posts else "",
        "ramme": "kr " + kroner(budget["ramme"]) if budget.get("ramme") else "",
        "sted_dato": ", ".join(x for x in (deal.get("sted", "") if not proposal else "", shown_date) if x),
        "underskrivere": [signatories[i:i + 2] for i in range(0, len(signatories), 2)],
        "dokumentdato_iso": f"{date.isoformat() if date else '2000-01-01'}T00:00:00Z",
        "avsender": {"navn": SECRETARIAT[lang]},
        "eksempel": False,
    }


def _years(value: float) -> str:
    words = {2: "to", 3: "tre", 4: "fire", 5: "fem"}
    return words.get(value, str(value).replace(".", ","))


PROJECT_NOUN = {"nb": ("prosjektet", "prosjektene"), "nn": ("prosjektet", "prosjekta")}
SIGNERS = {"nb": ("Ordfører", "Rådmann", "for"), "nn": ("Ordførar", "Rådmann", "for")}


def local_context(data: dict, programme: Programme | None, lang: str = "nb", draft: bool = False) -> dict:
    """The local three-party agreement's values, from an application; ``draft`` marks it UTKAST."""
    from .docmodel import format_value

    applicant = data.get("søker") if isinstance(data.get("søker"), dict) else {}
    name = applicant.get("kommunenavn") or applicant.get("kommunenummer") or ""
    unions = [u for u in data.get("arbeidstakerorganisasjoner") or [] if isinstance(u, dict) and u.get("organisasjon")]
    projects = [p.get("tittel") for p in data.get("prosjekter") or [] if isinstance(p, dict) and p.get("tittel")]
    mayor, chief, for_ = SIGNERS[lang]
    signers = [f"{mayor}, {name} kommune", f"{chief}, {name} kommune"]
    signers += [f"{u.get('tillitsvalgt') or ''} {for_} {u['organisasjon']}".strip() for u in unions]
    steering = [{"navn": m.get("navn", ""), "part": format_value(m.get("part"), "party", lang), "rolle": m.get("rolle", "")}
                for m in data.get("styringsgruppe") or [] if isinstance(m, dict)]
    return {
        "kommune": f"{name} kommune", "program_navn": programme.name(lang) if programme else str(data.get("program", "")),
        "prosjekter": (PROJECT_NOUN[lang][len(projects) > 1] + " " + join_words([f"«{p}»" for p in projects], lang)
                       if projects else ""),
        "organisasjonsliste": [u["organisasjon"] for u in unions],
        "organisasjoner": join_words([u["organisasjon"] for u in unions], lang),
        "styringsgruppe": steering,
        "underskrivere": [signers[i:i + 2] for i in range(0, len(signers), 2)],
        "dokumentdato_iso": f"{data.get('søknadsdato') or '2000-01-01'}T00:00:00Z",
        "avsender": {"navn": f"{name} kommune"},
        "utkast": draft,
        "eksempel": False,
    }


# -- examples a user's template is checked and described with --------------------------------------

EXAMPLE_EDITIONS = ("kvalitetskommune-2006", "kvalitetskommune-ks-2010", "sammen-om-en-bedre-kommune-2011")


@cache
def _programme_examples(lang: str) -> list[dict]:
    """A signed agreement, a proposal, and one dated only to the year: every branch of the template."""
    from .programmes import Catalogue

    catalogue = Catalogue()
    return [agreement_context(catalogue.get(edition), lang) for edition in EXAMPLE_EDITIONS if edition in catalogue.ids()]


@cache
def _local_examples(lang: str) -> list[dict]:
    """The example application's local agreement, as an agreement and as an UTKAST."""
    from .load import load_file
    from .programmes import Catalogue

    data = load_file(EXAMPLE_DIR / "søknader" / "1548-fraena.yaml").data
    programme = Catalogue().get(data["program"])
    return [local_context(data, programme, lang, draft=draft) for draft in (False, True)]


register_samples("programavtale", _programme_examples)
register_samples("samarbeidsavtale", _local_examples)
