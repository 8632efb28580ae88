"""The central programme agreement of an edition, written from the edition's data.

The structure follows the 2006 agreement (parties, purpose, background,
content, organisation, money, place and date, signatures); the wording is
the project's own, in the templates. What differs between editions (sectors,
themes, the mandatory sick-leave goal, project length, caps, the budget,
the signatories) comes from the edition file.
"""

from __future__ import annotations

import datetime as dt

from .docmodel import label
from .messages import join_words, kroner
from .programmes import Programme

DURATION = {"nb": ("mellom {low} og {high} år", "til programmet slutter {end}"),
            "nn": ("mellom {low} og {high} år", "til programmet sluttar {end}")}
SECRETARIAT = {"nb": "KS", "nn": "KS"}
UNIONS = {"nb": "og arbeidstakerorganisasjonene", "nn": "og arbeidstakarorganisasjonane"}


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


def agreement_context(programme: Programme, lang: str = "nb") -> dict:
    """Every value the programme-agreement template uses, from the edition's data."""
    data = programme.data
    deal = data.get("avtale") or {}
    state, employer, unions = (_parties(programme, s) for s in ("stat", "arbeidsgiver", "arbeidstaker"))
    rules = programme.rules
    span = project_span(programme, lang) or DURATION[lang][0].format(low="to", high="tre")
    budget = data.get("budsjett") or {}
    cap = (rules.get("grant.amount").params.get("tak_per_kommune") if rules.get("grant.amount") else None)
    signatories = [{"navn": p.get("underskriver", ""), "part": _label(p)} for p in state + employer + unions]
    date = dt.date.fromisoformat(deal["dato"]) if deal.get("dato") else None
    shown_date = (str(date.year) if deal.get("dato_presisjon") == "år" else date.strftime("%d.%m.%Y")) if date else ""
    state_names = join_words([p.get("forkortelse") or p["navn"] for p in state], lang)
    return {
        "tittel": (deal.get("tittel") or {}).get(lang) or (deal.get("tittel") or {}).get("nb") or programme.name(lang),
        "programnavn": programme.name(lang),
        "underskrevet": deal.get("underskrevet", True),
        "parter_tekst": "; ".join([f"staten ved {state_names}", *(p["navn"] for p in employer),
                                   f"{UNIONS[lang]} {join_words([p['navn'] for p in unions], lang)}"]),
        "stat": join_words([_label(p) for p in state], lang),
        "arbeidsgiver": join_words([p["navn"] for p in employer], lang),
        "arbeidstakere": join_words([p["navn"] for p in unions], lang),
        "sektorer": join_words([label(s, lang) for s in data.get("sektorer") or []], lang),
        "sektor_åpen": bool(rules.get("scope.sector")) and rules["scope.sector"].severity.value != "error",
        "tema": join_words([label(t, lang) for t in data.get("tema") or []], lang),
        "sykefravær_obligatorisk": "goals.sick-leave" in rules,
        "varighet": span,
        "leder_styringsgruppe": state[0].get("forkortelse") or state[0]["navn"] if state else "staten",
        "sekretariat": SECRETARIAT[lang],
        "finansierer": state[0].get("forkortelse") or state[0]["navn"] if state else "",
        "ramme": "kr " + kroner(budget["ramme"]) if budget.get("ramme") else "",
        "budsjettår": budget.get("år", ""),
        "poster": [{"post": p["post"], "beløp": "kr " + kroner(p["beløp"])} for p in budget.get("poster") or []],
        "tak": "kr " + kroner(cap) if cap else "",
        "sted": deal.get("sted", ""),
        "dato": shown_date,
        "underskrivere": [signatories[i:i + 2] for i in range(0, len(signatories), 2)],
        "dokumentdato_iso": f"{date.isoformat() if date else '2000-01-01'}T00:00:00Z",
        "avsender": {"navn": SECRETARIAT[lang]},
    }


def _years(value: float) -> str:
    words = {2: "to", 3: "tre", 4: "fire", 5: "fem"}
    return words.get(value, str(value).replace(".", ","))


PROJECT_NOUN = {"nb": ("prosjektet", "prosjektene"), "nn": ("prosjektet", "prosjekta")}
SIGNERS = {"nb": ("Ordfører", "Rådmann", "for"), "nn": ("Ordførar", "Rådmann", "for")}


def local_context(data: dict, programme: Programme | None, lang: str = "nb") -> dict:
    """The local three-party agreement's values, from an application."""
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
    }
