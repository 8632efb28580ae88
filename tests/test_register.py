"""The municipality register: numbers on a date, successors, målform and org.nr. gaps."""

from __future__ import annotations

import datetime as dt

import pytest

from kvkdocs import load_register


@pytest.fixture(scope="module")
def register():
    return load_register()


@pytest.mark.parametrize("day,count", [("2006-06-01", 431), ("2009-06-01", 430), ("2012-06-01", 429),
                                       ("2015-06-01", 428), ("2018-06-01", 422), ("2021-06-01", 356),
                                       ("2024-06-01", 357)])
def test_counts_match_the_klass_versions(register, day, count):
    assert len(register.valid_on(dt.date.fromisoformat(day))) == count


def test_lookup_on_a_date(register):
    gloppen = register.lookup("1445", dt.date(2008, 11, 4))
    assert (gloppen.name, gloppen.county, gloppen.maalform) == ("Gloppen", "Sogn og Fjordane", "nynorsk")
    assert register.lookup("1445", dt.date(2020, 1, 1)) is None
    assert register.lookup("4650", dt.date(2020, 1, 1)).name == "Gloppen"


def test_successor_of_a_retired_number(register):
    assert [(c.new_number, c.new_name) for c in register.successors("1445")] == [("4650", "Gloppen")]
    split = {c.new_number for c in register.successors("1507")}
    assert {"1508", "1580"} <= split  # Ålesund and Haram, 2024


def test_maalform_unknown_rather_than_guessed(register):
    assert register.maalform("0602", dt.date(2008, 1, 1)) == "nøytral"
    assert register.maalform("4650", dt.date(2021, 1, 1)) is None  # not a 2015 number: unknown


def test_organisation_numbers_only_where_known(register):
    assert register.lookup("1545", dt.date(2008, 1, 1)).orgnr is None  # Midsund ceased before 2020
    assert register.lookup("3024", dt.date(2021, 1, 1)).orgnr  # Bærum 2020-2023


def test_short_name_drops_the_county_suffix(register):
    names = {m.name for m in register.valid_on(dt.date(2023, 6, 1))}
    assert any(" (" in n for n in names)
    row = next(m for m in register.valid_on(dt.date(2023, 6, 1)) if m.name.startswith("Våler ("))
    assert row.short_name == "Våler"
