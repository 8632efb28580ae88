"""The municipalities of an application, and which of them a person or a union belongs to.

A joint project has one steering group and one list of employee
organisations, but each participating municipality must show its own three
parties and its own unions. A steering-group member or a union row says
which municipality it belongs to in ``kommune`` (a kommunenummer or a
name); a row without it belongs to the applicant, so a single-municipality
application needs no such column at all. Each municipality states for
itself that its list holds all its local unions: the applicant in
``alle_organisasjoner_med``, a partner in the same field on its
``samarbeidskommuner`` entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ._access import mapping, records, text

YES = {"ja", "j", "yes", "y", "x", "true", "sann"}
NO = {"nei", "n", "no", "false", "usann"}


@dataclass(frozen=True)
class Municipality:
    number: str
    name: str
    pointer: str  # where its entry is: /søker or /samarbeidskommuner/i
    statement: Any  # its «all unions are on the list» answer, as written


def municipalities(app: dict) -> list[Municipality]:
    applicant = mapping(app.get("søker"))
    found = [Municipality(text(applicant.get("kommunenummer")), text(applicant.get("kommunenavn")), "/søker",
                          app.get("alle_organisasjoner_med"))]
    for i, partner in records(app, "samarbeidskommuner"):
        found.append(Municipality(text(partner.get("kommunenummer")), text(partner.get("kommunenavn")),
                                  f"/samarbeidskommuner/{i}", partner.get("alle_organisasjoner_med")))
    return found


def _plain_name(value: str) -> str:
    return re.sub(r"\s+kommune\Z", "", " ".join(value.split()), flags=re.I).casefold()


def owner(row: dict, places: list[Municipality]) -> int | None:
    """Index into ``places`` of the municipality a row belongs to; 0 (the applicant) when it says none,
    ``None`` when it names one that is not in the application."""
    given = row.get("kommune")
    if isinstance(given, int) and not isinstance(given, bool):
        given = f"{given:04d}"
    given = text(given)
    if not given:
        return 0
    for index, place in enumerate(places):
        if given == place.number or (place.name and _plain_name(given) == _plain_name(place.name)):
            return index
    return None


def answer(value: Any) -> bool | None:
    """A yes/no as written (``true``, «ja», «Nei»); ``None`` when it is missing or not a yes/no."""
    if isinstance(value, bool):
        return value
    word = text(value).casefold().rstrip(".")
    return True if word in YES else False if word in NO else None


def place_name(place: Municipality) -> str:
    return place.name or place.number or "?"


def union_key(name: str) -> str:
    """Names compare without case or spaces: a PDF cell may break «Utdanningsforbundet» inside the word."""
    return "".join(name.split()).casefold()
