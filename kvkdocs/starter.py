"""`kvkdocs init`: a commented starter application, pre-filled from the register."""

from __future__ import annotations

import datetime as dt
import json

from .agreement import project_span
from .docmodel import label
from .errors import UsageError
from .messages import Text, choice, kroner
from .programmes import Programme
from .register import Municipality, language, load_register
from .resources import resource_dir

SPAN = {"nb": "Prosjektene bør vare ", "nn": "Prosjekta bør vare "}


def pick_municipality(number: str, programme: Programme, on: dt.date | None) -> tuple[Municipality, dt.date]:
    """The register row for ``number`` and the day the application is dated: the given date, else
    today, else (for a number no longer in use) a day the programme ran: its agreement, the day the
    edition names for register look-ups (``registerdato``, for an undated proposal), or its end.
    Today counts only while the programme runs."""
    register = load_register()
    agreement = (programme.data.get("avtale") or {}).get("dato")
    lookup = programme.data.get("registerdato")
    today = dt.date.today()
    running = programme.end is None or programme.end >= today  # an ended programme takes no applications today
    candidates = [on] if on else [d for d in (today if running else None, dt.date.fromisoformat(agreement) if agreement else None,
                                              dt.date.fromisoformat(lookup) if lookup else None, programme.end) if d]
    for day in candidates:
        row = register.lookup(number, day)
        if row:
            return row, day
    history = register.history(number)
    if not history:
        raise UsageError.said(Text("usage.number-unknown", {"number": number}))
    periods = ", ".join(f"{m.name} {m.valid_from}–{m.valid_to or 'i dag'}" for m in history)  # «i dag» in both målformer
    raise UsageError.said(Text("usage.number-not-in-use", {"number": number, "periods": periods, "choice": choice("date")}))


def starter(programme: Programme, number: str, on: dt.date | None = None, file_name: str = "soknad.yaml") -> str:
    """The text of a starter YAML file for ``number`` under ``programme``."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    row, day = pick_municipality(number, programme, on)
    register = load_register()
    form = register.maalform(number, day)
    lang = language(form)
    note = form or "ukjent (registeret har målform bare for 2015); bokmål brukes"
    rules = programme.rules
    span = project_span(programme, lang)
    span = (SPAN[lang] + span + ".") if span else ""
    cap = rules.get("grant.amount").params.get("tak_per_kommune") if rules.get("grant.amount") else None
    env = Environment(loader=FileSystemLoader(resource_dir("templates") / "soknad"), undefined=StrictUndefined,
                      keep_trailing_newline=True, autoescape=False)
    env.filters["q"] = lambda value: json.dumps(str(value), ensure_ascii=False)  # a JSON string is a YAML string
    return env.get_template("start.yaml.j2").render(
        lang=lang, programme_name=programme.name(lang), programme_id=programme.id, file_name=file_name,
        maalform_note=note, date=day.isoformat(), dated_today=day == dt.date.today() or on is not None, number=row.number, name=row.short_name, county=row.county,
        orgnr=row.orgnr or "", focus_areas="application.focus-areas" in rules,
        sectors=_names(programme, (rules["scope.sector"].params.get("sektorer") if "scope.sector" in rules else None)
                       or programme.data.get("sektorer") or [], lang),
        themes=_names(programme, (rules["scope.theme"].params.get("tema") if "scope.theme" in rules else None) or [], lang),
        sick_leave_theme=_names(programme, ["sykefravær"], lang)[0],
        duration=span, sick_leave="goals.sick-leave" in rules, evaluation="evaluation.plan" in rules,
        cap=f"kr {kroner(cap)}" if cap else "",
    )


def _names(programme: Programme, codes: list[str], lang: str) -> list[str]:
    """Sector and theme codes as people write them, in the municipality's målform (the rules read names too)."""
    table = programme.data.get("koder") or {}
    return [(table.get(code) or {}).get(lang) or (table.get(code) or {}).get("nb") or label(code, lang) for code in codes]
