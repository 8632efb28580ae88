"""Tolerant reads of application data.

Rule functions run even when the schema has found errors, so that a reader
sees every problem at once. These helpers never raise on wrong types: a
value of the wrong type reads as missing (the schema reports the type).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..messages import Text


def mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def records(data: Any, key: str) -> list[tuple[int, dict]]:
    """(index, item) for each mapping in the list at ``data[key]``."""
    items = mapping(data).get(key)
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


def text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def texts(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [v.strip() for v in value if isinstance(v, str) and v.strip()]


def number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def short(value: Any, limit: int = 60) -> Any:
    """A label for a goal or project in a message: its own words, cut short; «uten navn» (in the reader's
    målform) where it has none."""
    label = text(value)
    if not label:
        return Text("label.unnamed")
    return label if len(label) <= limit else label[: limit - 1] + "…"


def norwegian_date(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")
