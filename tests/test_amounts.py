"""Kroner as people write them, read into whole kroner (kvkdocs.amounts)."""

from __future__ import annotations

import pytest

from kvkdocs.amounts import AmountError, parse_amount


@pytest.mark.parametrize("written,kroner", [
    ("250 000 kr", 250_000),
    ("NOK 250 000", 250_000),
    ("kr 250 000,-", 250_000),
    ("250000", 250_000),
    ("kr 700.000,-", 700_000),  # a dot is a thousands separator, never a decimal point
    ("700\u00a0000", 700_000),  # no-break space
    ("700\u202f000", 700_000),  # narrow no-break space
    ("1,5 mill.", 1_500_000),
    ("2 millioner", 2_000_000),
    ("kr. 300 000", 300_000),
    ("300 000,00", 300_000),
    ("1 234 567 kroner", 1_234_567),
    (250_000, 250_000),
    (250_000.0, 250_000),
    ("-50 000", -50_000),  # read as written; the rule says a grant cannot be negative
])
def test_amounts_people_write(written, kroner):
    assert parse_amount(written) == kroner


@pytest.mark.parametrize("written,reason", [
    ("ca. en kvart million", "form"),
    ("700.5", "form"),  # not a thousands grouping, and a dot is never a decimal point
    ("1.5 mill", "form"),
    ("12 34", "form"),
    ("", "form"),
    (None, "form"),
    (True, "form"),
    ("250 000,50", "whole"),
    (12.5, "whole"),
])
def test_amounts_that_cannot_be_read_say_why(written, reason):
    with pytest.raises(AmountError) as caught:
        parse_amount(written)
    assert caught.value.reason == reason
