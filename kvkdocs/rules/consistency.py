"""Dates an application cannot have: in the future, or before its programme existed.

These are not a catalogue rule of their own: the catalogue has no rule for a
plausible date, so they are reported as ``input.schema`` (a value of the right
form but an impossible value). They run for every edition; the lower bound
is the edition's agreement date, and is skipped for an edition that has none
(ks-2010 is a proposal that was never dated).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..messages import Forms, Text
from ._access import date, norwegian_date
from .registry import Hit

DATE_FIELDS = (("søknadsdato", "application-date"), ("mottatt", "received-date"))


def programme_start(programme: Any) -> tuple[dt.date, bool] | None:
    """The edition's agreement date, and whether only its year is known."""
    agreement = (programme.data.get("avtale") or {}) if programme is not None else {}
    day = date(agreement.get("dato"))
    if day is None:
        return None
    return day, agreement.get("dato_presisjon") == "år"


def application_dates(app: dict, programme: Any, today: dt.date | None = None) -> list[Hit]:
    today = today or dt.date.today()
    start = programme_start(programme)
    hits = []
    for key, what in DATE_FIELDS:
        day = date(app.get(key))
        if day is None:
            continue  # missing or not a date: the schema says so
        label = Text("field." + what)
        if day > today:
            hits.append(Hit("/" + key, Text("dates.future", {"field": label, "date": norwegian_date(day)})))
        elif start and day < (start[0].replace(month=1, day=1) if start[1] else start[0]):
            since = str(start[0].year) if start[1] else norwegian_date(start[0])
            hits.append(Hit("/" + key, Text("dates.before-programme", {
                "field": label, "date": norwegian_date(day), "programme": Forms(programme.name("nb"), programme.name("nn")),
                "since": since})))
    return hits
