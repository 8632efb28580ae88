"""How the layout reader turns blocks (what a Word or PDF reader saw) into application data.

Each test builds the few paragraphs and tables a case needs and reads them
with :func:`blocks_to_application`, the step the Word and PDF readers share:
no document is written, so each runs in milliseconds (and mutation testing can
try every mutant of ``load/layout.py`` against all of them).
"""

from __future__ import annotations

from kvkdocs.load.layout import Block, blocks_to_application


def heading(text: str) -> Block:
    return Block("p", text, heading=True)


def para(text: str, plain: bool = True) -> Block:
    return Block("p", text, plain=plain)


def table(*rows: list[str], notes: tuple = ()) -> Block:
    return Block("table", rows=[list(r) for r in rows], notes=list(notes))


MEMBERS = table(["Navn", "Part", "Rolle"], ["Kari Nordmann", "administrasjon", "Rådmann"],
                ["Ola Hansen", "tillitsvalgte", "Hovedtillitsvalgt"])


def test_text_before_the_first_heading_is_passed_by():
    reading = blocks_to_application([para("Søknad om opptak i Kvalitetskommuneprogrammet"), heading("Søker"),
                                     table(["Kommunenummer", "1902"])], None)
    assert reading.data == {"dokument": "søknad", "søker": {"kommunenummer": "1902"}}


def test_an_unknown_heading_ends_the_section_before_it():
    """A table under «Vedlegg» after the steering group is not read as more members."""
    reading = blocks_to_application([heading("Styringsgruppe"), MEMBERS, heading("Vedlegg"),
                                     table(["Navn", "Part"], ["Per Vedlegg", "folkevalgte"])], None)
    assert [m["navn"] for m in reading.data["styringsgruppe"]] == ["Kari Nordmann", "Ola Hansen"]
    assert reading.notes == []


def test_a_list_paragraph_that_names_a_section_is_text_not_a_heading():
    """Only a heading or a plain paragraph can start a section; a bullet «Styringsgruppe» is text."""
    reading = blocks_to_application([heading("Arbeidsform"), para("Styringsgruppe", plain=False),
                                     para("Vi møtes hver måned.")], None)
    assert reading.data["arbeidsform"] == "Styringsgruppe\n\nVi møtes hver måned."
    assert reading.sections == {"arbeidsform"}


def test_a_misspelt_heading_is_read_as_its_section_with_a_note_naming_both():
    reading = blocks_to_application([heading("Søker"), table(["Kommunenummer", "1902"]),
                                     heading("Budsjet"), table(["Post", "Beløp"], ["Kurs", "100 000"])], None)
    assert reading.data["tilskudd"]["budsjett"] == [{"post": "Kurs", "beløp": 100000}]
    assert reading.notes == [{"key": "input.renamed-section", "pointer": "/tilskudd/budsjett", "severity": "warning",
                              "found": "Budsjet", "title": ("Budsjett", "Budsjett")}]


def test_the_note_quotes_a_misspelt_heading_with_its_spaces_made_single():
    reading = blocks_to_application([heading("Politisk  forankrng"), table(["Organ", "Kommunestyret"])], None)
    assert reading.data["politisk_forankring"] == {"organ": "Kommunestyret"}
    assert [(n["found"], n["pointer"]) for n in reading.notes] == [("Politisk forankrng", "/politisk_forankring")]


def test_a_heading_close_to_a_section_already_found_is_not_read_as_it_again():
    """A second «Styringsgrupe» after «Styringsgruppe» is another heading: no note, the first one counts."""
    reading = blocks_to_application([heading("Styringsgruppe"), MEMBERS, heading("Styringsgrupe"),
                                     table(["Navn", "Part"], ["Per Kopi", "folkevalgte"])], None)
    assert [m["navn"] for m in reading.data["styringsgruppe"]] == ["Kari Nordmann", "Ola Hansen"]
    assert reading.notes == []


def test_where_a_value_was_found_names_the_section_as_its_heading_reads():
    reading = blocks_to_application([heading("Politisk   forankring"), table(["Organ", "Kommunestyret"])], None)
    assert reading.where["/politisk_forankring/organ"] == {"section": "Politisk forankring", "table": 1, "row": 1,
                                                           "page": None}


def test_label_and_value_paragraphs_are_read_line_by_line():
    reading = blocks_to_application([heading("Søker"), para("Kommunenummer: 1902\nKommunenavn: Tromsø"),
                                     para("Kontaktperson: Siri Nygård")], None)
    assert reading.data["søker"] == {"kommunenummer": "1902", "kommunenavn": "Tromsø",
                                     "kontaktperson": {"navn": "Siri Nygård"}}
    assert reading.where["/søker/kommunenavn"] == {"section": "Søker", "table": None, "row": None, "page": None}


def test_a_table_row_across_the_table_is_a_note_or_a_label_and_value():
    """A title row and a «Label: value» row across the table; the rows after them are read as usual."""
    rows = (["Opplysninger om søkeren"], ["Kommunenummer: 1902"], ["Kommunenavn", "Tromsø"], ["", ""],
            ["Fylke", "Troms"])
    reading = blocks_to_application([heading("Søker"), table(*rows, notes=(True, True, False, False, False))], None)
    assert reading.data["søker"] == {"kommunenummer": "1902", "kommunenavn": "Tromsø", "fylke": "Troms"}
    assert reading.where["/søker/kommunenummer"]["row"] == 2
    assert reading.where["/søker/fylke"]["row"] == 5


def test_an_empty_row_across_the_table_is_passed_by():
    rows = (["Kommunenummer", "1902"], ["", ""], ["Kommunenavn", "Tromsø"])
    reading = blocks_to_application([heading("Søker"), table(*rows, notes=(False, True, False))], None)
    assert reading.data["søker"] == {"kommunenummer": "1902", "kommunenavn": "Tromsø"}


def test_a_row_with_an_unknown_label_is_passed_by():
    reading = blocks_to_application([heading("Søker"), table(["Kommunenummer", "1902"], ["Ordfører", "Gunnar Wilhelmsen"],
                                                             ["Kommunenavn", "Tromsø"])], None)
    assert reading.data["søker"] == {"kommunenummer": "1902", "kommunenavn": "Tromsø"}


def test_a_value_spread_over_several_cells_is_joined_with_single_spaces():
    reading = blocks_to_application([heading("Søker"), table(["Kontaktperson", "Siri", "", "Nygård"])], None)
    assert reading.data["søker"]["kontaktperson"] == {"navn": "Siri Nygård"}


def test_an_unseen_character_in_free_text_is_dropped_without_a_word():
    """A direction mark in a name or a paragraph changes nothing a person reads: it goes, with no note."""
    reading = blocks_to_application([heading("Søker"), table(["Kontaktperson", "Siri\u200e Nygård"]),
                                     heading("Arbeidsform"), para("Vi møtes\u200f hver måned.")], None)
    assert reading.data["søker"]["kontaktperson"] == {"navn": "Siri Nygård"}
    assert reading.data["arbeidsform"] == "Vi møtes hver måned."
    assert reading.notes == []


def test_an_unseen_character_in_an_identifier_or_a_date_is_kept_and_noted():
    reading = blocks_to_application([heading("Søker"), table(["Søknadsdato", "01.02.\u200e2007"],
                                                             ["E-post", "siri@tromso\u200e.kommune.no"]),
                                     heading("Samarbeidskommuner"),
                                     table(["Kommunenummer", "Kommunenavn"], ["19\u200e03", "Harstad"])], None)
    notes = {n["pointer"]: (n["key"], n["value"]) for n in reading.notes}
    assert notes == {"/søknadsdato": ("input.hidden-characters", "01.02.\\u200e2007"),
                     "/søker/kontaktperson/epost": ("input.hidden-characters", "siri@tromso\\u200e.kommune.no"),
                     "/samarbeidskommuner/0/kommunenummer": ("input.hidden-characters", "19\\u200e03")}
    assert reading.data["samarbeidskommuner"] == [{"kommunenummer": "19\u200e03", "kommunenavn": "Harstad"}]


def test_a_date_no_one_can_read_is_noted_as_unclear():
    reading = blocks_to_application([heading("Søker"), table(["Søknadsdato", "en gang i vår"])], None)
    assert [(n["key"], n["pointer"]) for n in reading.notes] == [("input.date-unclear", "/søknadsdato")]


def test_a_section_title_retyped_in_a_plain_paragraph_still_starts_its_section():
    """A heading whose style was lost (written in «Normal») is still found: a plain paragraph may be a heading."""
    reading = blocks_to_application([para("Styringsgruppe"), MEMBERS], None)
    assert [m["navn"] for m in reading.data["styringsgruppe"]] == ["Kari Nordmann", "Ola Hansen"]


def test_each_section_and_each_table_of_a_section_is_a_place_a_finding_can_point_to():
    """The officer is sent to the section (its heading) and to the table of a value: the second table is 2."""
    reading = blocks_to_application([heading("Søker"), table(["Kommunenummer", "1902"]), para("Kontakt:"),
                                     table(["Kontaktperson", "Siri Nygård"]), heading("Politisk forankring"),
                                     table(["Organ", "Kommunestyret"])], None)
    assert reading.where["/søker"] == {"section": "Søker", "table": None, "row": None, "page": None}
    assert reading.where["/politisk_forankring"] == {"section": "Politisk forankring", "table": None, "row": None,
                                                     "page": None}
    assert reading.where["/søker/kontaktperson/navn"]["table"] == 2
    assert reading.where["/søker/kommunenummer"]["table"] == 1


def test_a_later_table_of_another_width_without_a_header_is_not_more_rows():
    """A table split by a page break goes on only where it has the header's columns; an empty table is nothing."""
    reading = blocks_to_application([heading("Styringsgruppe"), MEMBERS, table(),
                                     table(["Per Hansen", "folkevalgte", "Ordfører"]),
                                     table(["Møteplan", "Hver måned"])], None)
    assert [m["navn"] for m in reading.data["styringsgruppe"]] == ["Kari Nordmann", "Ola Hansen", "Per Hansen"]
    assert reading.where["/styringsgruppe/2"] == {"section": "Styringsgruppe", "table": 3, "row": 1, "page": None}


def test_a_row_of_a_table_in_a_sub_section_is_found_under_its_full_path():
    reading = blocks_to_application([heading("Budsjett"), table(["Post", "Beløp"], ["Kurs", "100 000"])], None)
    assert reading.where["/tilskudd/budsjett/0"] == {"section": "Budsjett", "table": 1, "row": 2, "page": None}


def test_a_header_row_repeated_after_a_page_break_is_not_a_member_and_short_rows_are_read():
    """A PDF repeats the header row where the table goes on over a page; a row may have fewer cells."""
    rows = (["Navn", "Part", "Rolle"], ["Kari Nordmann", "administrasjon", "Rådmann"], ["Navn", "Part", "Rolle"],
            ["Ola Hansen", "tillitsvalgte", "Hovedtillitsvalgt"], ["Siri Nygård", "folkevalgte"])
    reading = blocks_to_application([heading("Styringsgruppe"), table(*rows)], None)
    assert [(m["navn"], m["part"]) for m in reading.data["styringsgruppe"]] == [
        ("Kari Nordmann", "administrasjon"), ("Ola Hansen", "tillitsvalgte"), ("Siri Nygård", "folkevalgte")]
    assert reading.where["/styringsgruppe/1"]["row"] == 4


def test_a_column_the_section_does_not_know_is_left_out():
    rows = (["Navn", "Part", "Mobil"], ["Kari Nordmann", "administrasjon", "900 00 000"])
    reading = blocks_to_application([heading("Styringsgruppe"), table(*rows)], None)
    assert reading.data["styringsgruppe"] == [{"navn": "Kari Nordmann", "part": "administrasjon"}]


def test_each_table_of_projects_starts_a_project_and_is_numbered():
    """A table starting with the title starts a new project, even when the one before had no title."""
    reading = blocks_to_application([heading("Prosjekter"), table(["Beskrivelse", "Først"]),
                                     table(["Prosjekttittel", "Andre"], ["Beskrivelse", "To"])], None)
    assert reading.data["prosjekter"] == [{"beskrivelse": "Først"}, {"tittel": "Andre", "beskrivelse": "To"}]
    assert reading.where["/prosjekter/1"] == {"section": "Prosjekter", "table": 2, "row": None, "page": None}
    assert reading.where["/prosjekter"] == {"section": "Prosjekter", "table": None, "row": None, "page": None}


def test_a_label_paragraph_after_a_project_table_adds_to_that_project():
    reading = blocks_to_application([heading("Prosjekter"), table(["Beskrivelse", "Først"]),
                                     para("Prosjekttittel: Samme")], None)
    assert reading.data["prosjekter"] == [{"beskrivelse": "Først", "tittel": "Samme"}]


def test_a_label_that_comes_back_starts_the_next_project():
    reading = blocks_to_application([heading("Prosjekter"), para("Prosjekttittel: Heltid\nBeskrivelse: En"),
                                     para("Prosjekttittel: Kompetanse\nBeskrivelse: To")], None)
    assert reading.data["prosjekter"] == [{"tittel": "Heltid", "beskrivelse": "En"},
                                          {"tittel": "Kompetanse", "beskrivelse": "To"}]
    assert reading.where["/prosjekter/1"]["table"] is None


def test_a_project_table_with_its_title_in_the_second_row_is_one_project():
    reading = blocks_to_application([heading("Prosjekter"), table(["Beskrivelse", "En"], ["Prosjekttittel", "Heltid"])],
                                    None)
    assert reading.data["prosjekter"] == [{"beskrivelse": "En", "tittel": "Heltid"}]


def test_a_note_on_a_projects_value_points_to_that_project():
    reading = blocks_to_application([heading("Prosjekter"), table(["Prosjekttittel", "Heltid"]),
                                     table(["Prosjekttittel", "Kompetanse"], ["Start", "snart"])], None)
    assert [(n["key"], n["pointer"]) for n in reading.notes] == [("input.date-unclear", "/prosjekter/1/start")]


def test_a_heading_with_nothing_under_it_is_found_and_read_as_empty():
    reading = blocks_to_application([heading("Innsatsområder"), heading("Arbeidsform"), heading("Prosjekter")], None)
    assert reading.sections == {"innsatsområder", "arbeidsform", "prosjekter"}
    assert "arbeidsform" not in reading.data and "innsatsområder" not in reading.data
    for pointer, title in (("/innsatsområder", "Innsatsområder"), ("/arbeidsform", "Arbeidsform")):
        assert reading.where[pointer] == {"section": title, "table": None, "row": None, "page": None}


def test_a_document_with_no_known_heading_names_the_first_sections_it_looked_for():
    import pytest

    from kvkdocs.errors import StructureError
    from kvkdocs.messages import render

    with pytest.raises(StructureError) as raised:
        blocks_to_application([para("Hei"), table(["Navn", "Kari"])], None)
    assert raised.value.message == ("Dokumentet ser ikke ut som en søknad: fant ingen av delene (Søker, "
                                    "Samarbeidskommuner, Innsatsområder, Arbeidsform, Prosjekter …).")
    assert raised.value.hint == "Lag søknaden fra søknadsmalen, eller behold overskriftene i malen."
    assert render(raised.value.text_of(), "nn") == (
        "Dokumentet ser ikkje ut som ein søknad: fann ingen av delane (Søkjar, Samarbeidskommunar, Innsatsområde, "
        "Arbeidsform, Prosjekt …). Lag søknaden frå søknadsmalen, eller behald overskriftene i malen.")


def test_a_section_pasted_twice_is_read_once_and_the_sections_after_it_still_are():
    reading = blocks_to_application([heading("Arbeidsform"), para("Først."), heading("Arbeidsform"), para("Kopi."),
                                     heading("Politisk forankring"), table(["Organ", "Kommunestyret"])], None)
    assert reading.data["arbeidsform"] == "Først."
    assert reading.data["politisk_forankring"] == {"organ": "Kommunestyret"}


def test_a_mark_between_two_spaces_leaves_one_space():
    reading = blocks_to_application([heading("Søker"), table(["Kontaktperson", "Siri \u200e Nygård"])], None)
    assert reading.data["søker"]["kontaktperson"] == {"navn": "Siri Nygård"}


def test_a_date_with_only_a_month_is_noted_as_such():
    reading = blocks_to_application([heading("Søker"), table(["Søknadsdato", "mars 2007"])], None)
    assert [(n["key"], n["pointer"], n["value"]) for n in reading.notes] == [
        ("input.date-month", "/søknadsdato", "mars 2007")]


def test_a_cell_with_a_label_and_value_on_each_line_gives_each_value():
    reading = blocks_to_application([heading("Søker"), table(["Kommunenummer: 1902\nKommunenavn: Tromsø",
                                                              "Fylke: Troms"])], None)
    assert reading.data["søker"] == {"kommunenummer": "1902", "kommunenavn": "Tromsø", "fylke": "Troms"}
