"""Kroner amounts as people write them: «250 000 kr», «NOK 250 000», «kr 700.000,-», «1,5 mill.».

Applications come from YAML typed by hand and from Word and PDF documents,
so a grant request is as often text as it is a number. This module reads
such text into whole kroner, or says why it cannot. The rules (the grant
and its budget lines) decide what a readable amount may be; here we only
read. A dot is always a thousands separator, never a decimal point
(«700.000» is seven hundred thousand); a comma is the decimal sign, and
decimals are allowed only where they still make whole kroner («1,5 mill.»,
«250 000,00»).
"""

from __future__ import annotations

import re

_SPACES = "\u00a0\u202f\u2009\u2007 "
_PREFIX = re.compile(r"^(?:nok|kroner|kr\.?)\s*")  # «kroner» before «kr», or «kr» eats its start
_SUFFIX = re.compile(r"\s*(?:,-|\.-|,–|,—|kr\.?|kroner|(?<!m)nok)$")  # «MNOK» is millions, read below
_MILLION = re.compile(r"\s*(?:mill\.?|millioner|million|mnok|mill\.?\s*kr\.?)$")
_NUMBER = re.compile(r"^(?P<sign>[-−–]?)(?P<int>\d{1,3}(?:[.'’]\d{3})+|\d+)(?:,(?P<dec>\d+))?$")


class AmountError(ValueError):
    """An amount that cannot be read; ``reason`` is ``form`` (not an amount) or ``whole`` (øre)."""

    def __init__(self, value: object, reason: str) -> None:
        super().__init__(f"{value!r}: {reason}")
        self.value = value
        self.reason = reason


def parse_amount(value: object) -> int:
    """Whole kroner from a number or a text; negative amounts are returned as read (the rule judges them)."""
    if isinstance(value, bool) or value is None:
        raise AmountError(value, "form")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise AmountError(value, "form")
        if not value.is_integer():
            raise AmountError(value, "whole")
        return int(value)
    if not isinstance(value, str):
        raise AmountError(value, "form")
    return _parse_text(value)


# Compiled when imported, so a reader pool's fork server compiles them once for all its workers.
_GROUP_SPACE = re.compile(r"(?<=\d) (?=\d{3}(?:\D|$))")
_GROUP_MARK = re.compile(r"[.'’]")


def _parse_text(raw: str) -> int:
    text = raw.strip().casefold()
    for space in _SPACES[:-1]:
        text = text.replace(space, " ")
    text = " ".join(text.split())
    for _ in range(2):  # «kr 250 000,-» and «NOK 250 000 kr» alike
        text = _PREFIX.sub("", text)
        text = _SUFFIX.sub("", text)
    factor = 1
    million = _MILLION.search(text)
    if million:
        factor, text = 1_000_000, text[: million.start()]
    text = _PREFIX.sub("", text).strip()
    # Spaces between digit groups («250 000») are thousands separators, like a dot.
    text = _GROUP_SPACE.sub(".", text)
    match = _NUMBER.match(text)
    if not match:
        raise AmountError(raw, "form")
    whole = int(_GROUP_MARK.sub("", match["int"]))
    decimals = match["dec"] or ""
    # Exact arithmetic: «1,5» million is 1 500 000, «250 000,50» is not whole kroner.
    scaled = whole * factor * 10 ** len(decimals) + (int(decimals) * factor if decimals else 0)
    amount, rest = divmod(scaled, 10 ** len(decimals))
    if rest:
        raise AmountError(raw, "whole")
    return -amount if match["sign"] else amount
