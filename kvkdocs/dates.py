"""Dates as people write them in a Word or PDF application.

An officer reads «20. august 2008», «20.08.08», «1/8-2011» and «2008-08-20»
as the same kind of thing: a day. This module reads them the same way, and
only when the text leaves no doubt. A month without a day («august 2008»)
is a day only where the field says which end of the month is meant (a
project's start is its first day, an end or a target date its last).
Anything else is not guessed: :func:`read_date` says why, and the reader
turns that into one message that quotes the value and shows how to write it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "januar": 1, "februar": 2, "mars": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
}
_ABBREVIATIONS = {name[:3]: number for name, number in MONTHS.items()} | {"sept": 9, "des": 12}
_MONTH_WORD = r"([a-zæøå]+)\.?"
_NUMERIC = re.compile(r"(\d{1,2})\s*[./]\s*(\d{1,2})\s*(?:[./-]\s*)(\d{4}|\d{2})\Z")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})\Z")
_WORDED = re.compile(r"(\d{1,2})\.?\s*" + _MONTH_WORD + r"\s+(\d{4})\Z")
_MONTH_ONLY = re.compile(_MONTH_WORD + r"\s+(\d{4})\Z")
_NUMERIC_MONTH = re.compile(r"(\d{1,2})\s*[./-]\s*(\d{4})\Z")


@dataclass(frozen=True)
class DateReading:
    """Either ``value`` (ISO date text) or ``problem`` (why the text is not a date)."""

    value: str | None = None
    problem: str | None = None  # "unclear", "no-such-day", "month-only"


def _month(word: str) -> int | None:
    word = word.casefold().rstrip(".")
    return MONTHS.get(word) or _ABBREVIATIONS.get(word)


def _year(text: str) -> int | None:
    """Two-digit years 00–49 are this century (the programmes ran 2006–2015).

    «99» could be 1999 or 2099 and neither fits a programme that began in
    2006, so years 50–99 written with two digits are not guessed (None).
    """
    year = int(text)
    if len(text) != 2:
        return year
    return 2000 + year if year < 50 else None


def _day(year: int, month: int, day: int) -> DateReading:
    try:
        return DateReading(dt.date(year, month, day).isoformat())
    except ValueError:
        return DateReading(problem="no-such-day")


def _whole_month(year: int, month: int, end: str | None) -> DateReading:
    if not 1 <= month <= 12:
        return DateReading(problem="unclear")
    if end == "first":
        return DateReading(dt.date(year, month, 1).isoformat())
    if end == "last":
        return DateReading(dt.date(year, month, calendar.monthrange(year, month)[1]).isoformat())
    return DateReading(problem="month-only")


def read_date(text: str, month_end: str | None = None) -> DateReading:
    """The date ``text`` names, or why it names none.

    ``month_end`` is ``"first"``, ``"last"`` or None: which day a month
    without a day stands for in this field (None: a month is not enough).
    """
    text = " ".join(text.replace(",", " ").split()).casefold()
    if m := _ISO.match(text):
        return _day(int(m[1]), int(m[2]), int(m[3]))
    if m := _NUMERIC.match(text):
        year = _year(m[3])
        return _day(year, int(m[2]), int(m[1])) if year is not None else DateReading(problem="unclear")
    if (m := _WORDED.match(text)) and _month(m[2]):
        return _day(int(m[3]), _month(m[2]), int(m[1]))
    if (m := _MONTH_ONLY.match(text)) and _month(m[1]):
        return _whole_month(int(m[2]), _month(m[1]), month_end)
    if m := _NUMERIC_MONTH.match(text):
        return _whole_month(int(m[2]), int(m[1]), month_end)
    return DateReading(problem="unclear")
