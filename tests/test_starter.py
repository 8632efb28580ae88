"""`kvkdocs init`: the starter file speaks the municipality's words, not the edition's codes."""

from __future__ import annotations

import datetime as dt

import pytest

from kvkdocs.load.structured import parse_yaml
from kvkdocs.programmes import Catalogue
from kvkdocs.starter import starter

CODES = ("pleie-og-omsorg", "heltid-deltid", "kompetanse-rekruttering")


@pytest.mark.parametrize("edition", ["kvalitetskommune-2006", "kvalitetskommune-ks-2010", "sammen-om-en-bedre-kommune-2011"])
@pytest.mark.parametrize("number,words", [("1445", ("sjukefråvær", "Eitt eller fleire")),
                                          ("0219", ("sykefravær", "Ett eller flere"))])
def test_the_starter_names_sectors_and_themes_in_the_municipalitys_form(edition, number, words):
    programme = Catalogue().get(edition)
    text = starter(programme, number, dt.date(2011, 9, 1) if "2011" in edition else dt.date(2008, 9, 1))
    comments = "\n".join(line for line in text.splitlines() if line.lstrip().startswith("#"))
    assert not any(code in text for code in CODES)
    assert all(word in text for word in words)
    assert "program:" in text and programme.id in text  # the data names its edition; comments and values do not
    assert programme.id not in comments
    data = parse_yaml(text)[0]
    if data.get("prosjekter") and data["prosjekter"][0].get("tema"):
        assert data["prosjekter"][0]["tema"] == [words[0]]
