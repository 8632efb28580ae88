"""The municipality register: which kommunenummer meant what, and when.

Applications from 2006–2015 use numbers that were retired in the 2018–2024
reforms, so a look-up always takes a date. Data comes from SSB's
classification 131 (see ``data/register/SOURCES.md``); where the data is
known to be incomplete (målform before 2015, organisation numbers before
2020) the answer says *unknown* instead of guessing.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache

from .errors import RegisterError
from .messages import Text
from .resources import DATA_DIR

REGISTER_DIR = DATA_DIR / "register"


@dataclass(frozen=True)
class Municipality:
    """One (number, name) pair and the period it was valid (``valid_to`` exclusive)."""

    number: str
    name: str
    county_number: str
    county: str
    valid_from: dt.date
    valid_to: dt.date | None
    maalform: str | None
    orgnr: str | None

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)

    @property
    def short_name(self) -> str:
        """The name without KLASS's county suffix, e.g. ``Våler`` for ``Våler (Østfold)``."""
        return self.name.split(" (", 1)[0]



@dataclass(frozen=True)
class Change:
    old_number: str
    old_name: str
    new_number: str
    new_name: str
    date: dt.date


class Register:
    """Look-ups over the shipped data; build one with :func:`load_register`."""

    def __init__(self, rows: list[Municipality], changes: list[Change]) -> None:
        self._by_number: dict[str, list[Municipality]] = {}
        for row in rows:
            self._by_number.setdefault(row.number, []).append(row)
        self._changes = changes
        self._changes_from: dict[str, list[Change]] = {}  # every application asks, so no scan of all changes
        for change in changes:
            self._changes_from.setdefault(change.old_number, []).append(change)

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_number.values())

    def history(self, number: str) -> list[Municipality]:
        """Every period the number was in use, oldest first."""
        return sorted(self._by_number.get(number, []), key=lambda m: m.valid_from)

    def lookup(self, number: str, on: dt.date) -> Municipality | None:
        """The municipality that had ``number`` on ``on``, or None."""
        for row in self._by_number.get(number, ()):
            if row.valid_on(on):
                return row
        return None

    def valid_on(self, on: dt.date) -> list[Municipality]:
        return [m for rows in self._by_number.values() for m in rows if m.valid_on(on)]

    def successors(self, number: str, after: dt.date | None = None) -> list[Change]:
        """The changes that retired ``number`` (several rows for a split)."""
        return [
            c
            for c in self._changes_from.get(number, ())
            if c.new_number != number and (after is None or c.date > after)
        ]

    def maalform(self, number: str, on: dt.date) -> str | None:
        """bokmål, nynorsk or nøytral, or None where the shipped data does not know."""
        row = self.lookup(number, on)
        if row and row.maalform:
            return row.maalform
        # Known only as of 2015: use that only if the same number and name held then.
        for other in self._by_number.get(number, ()):
            if other.maalform and row and other.name == row.name:
                return other.maalform
        return None


def language(maalform: str | None) -> str:
    """The language code to write to a municipality in: ``nn`` for nynorsk, else ``nb``.

    Neutral municipalities, and those whose målform the register does not
    know, get bokmål.
    """
    return "nn" if maalform == "nynorsk" else "nb"


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@cache
def load_register() -> Register:
    """The shipped register, read once per process."""
    try:
        with (REGISTER_DIR / "kommuner.csv").open(encoding="utf-8", newline="") as fh:
            rows = [
                Municipality(
                    r["kommunenummer"], r["kommunenavn"], r["fylkesnummer"], r["fylkesnavn"],
                    dt.date.fromisoformat(r["gyldig_fra"]), _date(r["gyldig_til"]),
                    r["maalform"] or None, r["organisasjonsnummer"] or None,
                )
                for r in csv.DictReader(fh)
            ]
        with (REGISTER_DIR / "endringer.csv").open(encoding="utf-8", newline="") as fh:
            changes = [
                Change(r["gammelt_nummer"], r["gammelt_navn"], r["nytt_nummer"], r["nytt_navn"],
                       dt.date.fromisoformat(r["endringsdato"]))
                for r in csv.DictReader(fh)
            ]
    except (OSError, KeyError, ValueError) as exc:
        raise RegisterError.said(Text("install.register-unreadable", {"folder": str(REGISTER_DIR), "detail": str(exc)})) from exc
    return Register(rows, changes)
