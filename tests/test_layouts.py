"""Applications laid out as people lay them out, read as a careful officer would read them.

Each layout is written as raw WordprocessingML (see tests/wordml.py), in
bokmål and nynorsk, and read through Word and, where the layout exists on
paper, through a PDF that LibreOffice makes of it. Each is checked in both
directions: the compliant application passes, and a violation written in
the same layout is still caught.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from kvkdocs import Checker
from kvkdocs.docmodel import SECTIONS
from kvkdocs.load.pdf import read_pdf
from kvkdocs.load.word import read_word

from . import wordml as w
from .conftest import EDITION_SAMPLES, load_sample

HAS_LIBREOFFICE = bool(shutil.which("soffice") or shutil.which("libreoffice"))
needs_libreoffice = pytest.mark.skipif(not HAS_LIBREOFFICE, reason="LibreOffice is not installed "
                                       "(apt-get install libreoffice-writer-nogui); .ci/run installs it")
LANGS = ("nb", "nn")
SECTION = {s.key: s for s in SECTIONS}
BASE = load_sample(EDITION_SAMPLES["kvalitetskommune-2006"])
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII")


# --- the violations ------------------------------------------------------------------------------

def no_administration(data: dict) -> None:
    data["styringsgruppe"] = [m for m in data["styringsgruppe"] if m["part"] != "administrasjon"]


def wrong_name(data: dict) -> None:
    data["søker"]["kommunenavn"] = "Bodø"  # 1902 is Tromsø


STEERING = (no_administration, "steering.three-parties")
APPLICANT = (wrong_name, "applicant.kommune")


# --- the layouts -------------------------------------------------------------------------------------

def numbered(data, lang):
    def heading(section, n, lang):
        return f"{ROMAN[n - 1]} {section.title(lang)}" if n % 3 == 0 else f"{n}. {section.title(lang)}"

    def records(section, data, lang):
        return w.write_records(section, data, lang, heading=lambda word, i: f"5.{i} {word} {i}")
    return w.application_body(data, lang, {"prosjekter": records, "mål": records}, heading=heading)


def colon_labels(data, lang):
    def fields(section, data, lang):
        values = data if not section.path else data.get(section.path[-1]) or {}
        return w.table([w.row([f"{label}:", value]) for label, value in w.fields_rows(section, values, lang)])
    return w.application_body(data, lang, {"søker": fields, "politisk_forankring": fields, "tilskudd": fields})


def label_and_value_in_one_cell(data, lang):
    def fields(section, data, lang):
        values = data if not section.path else data.get(section.path[-1]) or {}
        return w.table([w.row([f"{label}: {value}"]) for label, value in w.fields_rows(section, values, lang)], 1)
    return w.application_body(data, lang, {"søker": fields, "politisk_forankring": fields})


def nested_tables(data, lang):
    def nested(section, data, lang):
        inner = w.DEFAULT[section.kind](section, data, lang)
        content = w.para("Fylles ut av kommunen.") + inner + w.para("")
        return w.table([w.row([w.cell(content, raw=True)], raw=True)], 1)
    return w.application_body(data, lang, {"søker": nested, "styringsgruppe": nested})


def two_column_layout(data, lang):
    left = w.para(SECTION["søker"].title(lang), "Heading1") + w.write_fields(SECTION["søker"], data, lang)
    right = (w.para(SECTION["politisk_forankring"].title(lang), "Heading1")
             + w.write_fields(SECTION["politisk_forankring"], data, lang))
    layout = w.table([w.row([w.cell(left, raw=True), w.cell(right, raw=True)], raw=True)])
    body = w.application_body(data, lang, {"søker": lambda *_: "", "politisk_forankring": lambda *_: ""},
                              heading=lambda s, n, lang: "" if s.key in ("søker", "politisk_forankring") else s.title(lang))
    return body.replace(w.para("Søknad om deltakelse i Kvalitetskommuneprogrammet", "Title"),
                        w.para("Søknad om deltakelse i Kvalitetskommuneprogrammet", "Title") + layout, 1)


def _steering_halves(data, lang):
    """The steering group in two halves; the elected members (folkevalgte) only in the second."""
    section = SECTION["styringsgruppe"]
    members = sorted(data["styringsgruppe"], key=lambda m: m["part"] == "folkevalgte")
    cells = [[w.value_text(c, m.get(c.key), lang) for c in section.columns] for m in members]
    header = w.row([c.label(lang) for c in section.columns], header=True)
    return header, [w.row(c) for c in cells[:3]], [w.row(c) for c in cells[3:]]


def split_records(section, data, lang):
    """Each project's or goal's label table split in two, as an empty paragraph or a page break leaves it."""
    out = []
    for number, record in enumerate(data[section.path[-1]], start=1):
        rows = [w.row([c.label(lang), w.value_text(c, record.get(c.key), lang)]) for c in section.columns]
        out.append(w.para(f"{section.title(lang)} {number}", "Heading2") + w.table(rows[:3]) + w.para("")
                   + w.table(rows[3:]))
    return "".join(out)


def split_by_empty_paragraph(data, lang):
    def steering(section, data, lang):
        header, first, second = _steering_halves(data, lang)
        return w.table([header, *first], len(section.columns)) + w.para("") + w.table(second, len(section.columns))
    return w.application_body(data, lang, {"styringsgruppe": steering, "prosjekter": split_records,
                                           "mål": split_records})


def split_by_page_break_with_header(data, lang):
    def steering(section, data, lang):
        header, first, second = _steering_halves(data, lang)
        columns = len(section.columns)
        return w.table([header, *first], columns) + w.page_break() + w.table([header, *second], columns)
    return w.application_body(data, lang, {"styringsgruppe": steering})


def merged_cells(data, lang):
    def steering(section, data, lang):
        members = sorted(data["styringsgruppe"], key=lambda m: ("folkevalgte", "administrasjon", "tillitsvalgte").index(m["part"]))
        rows = [w.row([c.label(lang) for c in section.columns], header=True)]
        for i, m in enumerate(members):
            first = i == 0 or members[i - 1]["part"] != m["part"]
            part = w.cell(w.party(m["part"], lang) if first else "", merge="restart" if first else "continue")
            rest = [w.cell(w.value_text(c, m.get(c.key), lang)) for c in section.columns[2:]]
            rows.append(w.row([w.cell(m["navn"]), part, *rest], raw=True))
        return w.table(rows, len(section.columns))

    def applicant(section, data, lang):  # the value cells span two grid columns
        rows = [w.row([w.cell(label), w.cell(value, span=2)], raw=True)
                for label, value in w.fields_rows(section, data, lang)]
        return w.table(rows, 3)
    return w.application_body(data, lang, {"styringsgruppe": steering, "søker": applicant})


def title_and_note_rows(data, lang):
    def steering(section, data, lang):
        columns = len(section.columns)
        title = w.row([w.cell("Styringsgruppe for programarbeidet i kommunen", span=columns)], raw=True)
        note = w.row([w.cell("Partene oppnevner selv vararepresentanter.", span=columns)], raw=True)
        rows = [w.row(r) for r in w.grid_rows(section, data, lang)]
        return w.table([title, w.row([c.label(lang) for c in section.columns]), *rows[:3], note, *rows[3:]], columns)
    return w.application_body(data, lang, {"styringsgruppe": steering})


PROMPT = "Klikk eller trykk her for å skrive inn tekst."


def content_controls(data, lang, placeholder_for: str = "søker.fylke"):
    def applicant(section, data, lang):
        rows = []
        for column in section.columns:
            value = w.value_text(column, w._get(data, column.key), lang)
            empty = column.key == placeholder_for
            control = w.sdt(w.run(PROMPT if empty else value), column.key, placeholder=empty)
            rows.append(w.row([w.cell(column.label(lang)), w.cell(w.para(runs=control), raw=True)], raw=True))
        return w.table(rows)

    def steering(section, data, lang):  # a repeating section: one control per member row
        header = w.row([c.label(lang) for c in section.columns], header=True)
        items = "".join(w.sdt(w.row(r), "Medlem") for r in w.grid_rows(section, data, lang))
        return w.table([header, w.sdt(items, "Medlemmer", repeating=True)], len(section.columns))
    return w.application_body(data, lang, {"søker": applicant, "styringsgruppe": steering})


def text_boxes(data, lang):
    def in_box(vml_only):
        def write(section, data, lang):
            return w.textbox(w.write_text(section, data, lang) or w.para(""), vml_only=vml_only)
        return write
    return w.application_body(data, lang, {"evaluering": in_box(False), "arbeidsform": in_box(True)})


def tracked_changes(data, lang):
    def steering(section, data, lang):
        header = w.row([c.label(lang) for c in section.columns], header=True)
        rows = [w.tracked_row(cells, "ins") if cells[1] == w.party("folkevalgte", lang) else w.row(cells)
                for cells in w.grid_rows(section, data, lang)]
        gone = w.tracked_row(["Per Hansen", w.party("folkevalgte", lang), "Varaordfører", "", ""], "del", id=9)
        return w.table([header, *rows, gone], len(section.columns))

    def work(section, data, lang):
        before, _, after = data["arbeidsform"].partition("jevnlig")
        runs = w.run(before) + w.deleted("av og til ") + w.inserted(w.run("jevnlig")) + w.run(after)
        return w.para(runs=runs)
    return w.application_body(data, lang, {"styringsgruppe": steering, "arbeidsform": work})


def deleted_elected_members(data: dict) -> None:
    data["styringsgruppe"] = [m for m in data["styringsgruppe"] if m["part"] != "folkevalgte"]


def renamed_heading(data, lang):
    misspelt = {"styringsgruppe": "Styringsgrupe", "arbeidstakerorganisasjoner": "Arbeidstakar-organisasjonar"}
    definite = {"mål": "Måla" if lang == "nn" else "Målene", "tilskudd": "Tilskotet" if lang == "nn" else "Tilskuddet",
                "styringsgruppe": "Styringsgruppa", "arbeidstakerorganisasjoner": "Arbeidstakerorganisasjonene"}

    def heading(section, n, lang):
        if section.key == ("styringsgruppe" if lang == "nb" else "arbeidstakerorganisasjoner"):
            return misspelt[section.key]
        return definite.get(section.key, section.title(lang))
    return w.application_body(data, lang, heading=heading)


DATES = {"søknadsdato": "1. mars 2007", "start": ("januar 2009", "mars 2009"), "slutt": ("juni 2011", "31/12-2011"),
         "måldato": ("30.06.11", "30. jun. 2011"),
         "bekreftet": ("20.08.08", "21/8-2008", "22. august 2008", "2008-08-23"), "vedtaksdato": "28.8.2008"}


def dates_as_written(data, lang):
    def applicant(section, data, lang):
        return w.table([w.row([label, DATES["søknadsdato"] if column.key == "søknadsdato" else value])
                        for column, (label, value) in zip(section.columns, w.fields_rows(section, data, lang),
                                                          strict=True)])

    def records(section, data, lang):
        out = []
        for number, record in enumerate(data[section.path[-1]]):
            rows = []
            for column in section.columns:
                value = w.value_text(column, record.get(column.key), lang)
                if column.key in DATES:
                    value = DATES[column.key][number]
                rows.append(w.row([column.label(lang), value]))
            out.append(w.para(f"{section.nb} {number + 1}", "Heading2") + w.table(rows))
        return "".join(out)

    def unions(section, data, lang):
        rows = [w.row([c.label(lang) for c in section.columns], header=True)]
        for union, written in zip(data["arbeidstakerorganisasjoner"], DATES["bekreftet"], strict=True):
            rows.append(w.row([union["organisasjon"], union["tillitsvalgt"],
                               written if union["bekreftet"] != "2008-02-31" else "31.02.2008", union.get("kommune", "")]))
        return w.table(rows, len(section.columns))

    def political(section, data, lang):
        return w.write_fields(section, data, lang).replace("28.08.2008", DATES["vedtaksdato"])
    return w.application_body(data, lang, {"søker": applicant, "prosjekter": records, "mål": records,
                                           "arbeidstakerorganisasjoner": unions, "politisk_forankring": political})


def no_such_day(data: dict) -> None:
    data["arbeidstakerorganisasjoner"][0]["bekreftet"] = "2008-02-31"


def look_alike_characters(data, lang):
    odd = {"1902": "19\u200b02", "Siri Nygård": "Siri Nyga\u030ard", "77 79 00 00": "77\u00a079\u00a000\u00a000",
           "sigrid.johansen@tromso.kommune.no": "sigrid.johansen@tromso\u200d.kommune.no",
           "Kommunenummer": "Kommune\u00adnummer", "Folkevalgte": "Folke\u00advalgte", "Folkevalde": "Folke\u00advalde",
           "200 000": "200\u00a0000", "Styringsgruppe": "Styrings\u00adgruppe", "060/08": "060\u2060/08",
           "kommunestyret": "kommune\u00adstyret"}
    body = w.application_body(data, lang)
    for plain, written in odd.items():
        body = body.replace(f">{plain}<", f">{written}<")
    return body.replace("19\u200b02", "1902\u200e") if data["søker"].get("kommunenavn") == "Tromsø " else body


def hidden_mark(data: dict) -> None:
    data["søker"]["kommunenavn"] = "Tromsø "  # a marker: the writer puts a left-to-right mark in the number


def large_steering_group(data: dict) -> None:
    """Forty more members: the table runs over a page break, where the header row is repeated."""
    data["styringsgruppe"] += [{"navn": f"Medlem {n}", "part": "administrasjon", "rolle": f"Enhetsleder {n}"}
                               for n in range(1, 41)]


def very_large_steering_group(data: dict) -> None:
    """Ninety more members: three pages of table rows, each page starting with a member."""
    data["styringsgruppe"] += [{"navn": f"Medlem {n}", "part": "administrasjon", "rolle": f"Enhetsleder {n}"}
                               for n in range(1, 91)]


def table_without_repeated_header(data, lang):
    def steering(section, data, lang):
        rows = [w.row([c.label(lang) for c in section.columns])] + [w.row(r) for r in w.grid_rows(section, data, lang)]
        return w.table(rows, len(section.columns))
    return w.application_body(data, lang, {"styringsgruppe": steering})


@dataclass
class Layout:
    name: str
    write: Callable[[dict, str], str]
    violation: tuple[Callable[[dict], None], str]
    pdf: bool = True
    expected: tuple[str, ...] = ()  # findings the layout itself gives (rule ids), in both directions
    also: tuple[str, ...] = ()  # findings that follow from the violation besides its own rule
    pdf_violation: bool = True  # False where the violation does not survive onto paper
    prepare: Callable[[dict], None] | None = None  # what the application holds in this layout
    furniture: bool = False  # a running header and «Side N av M» in the footer

    def data(self) -> dict:
        data = copy.deepcopy(BASE)
        if self.prepare:
            self.prepare(data)
        return data


LAYOUTS = [
    Layout("numbered-headings", numbered, STEERING),
    Layout("colon-labels", colon_labels, APPLICANT),
    Layout("label-and-value-in-one-cell", label_and_value_in_one_cell, APPLICANT),
    Layout("nested-tables", nested_tables, STEERING),
    Layout("two-column-layout", two_column_layout, APPLICANT, pdf=False),  # on paper the columns' lines interleave
    Layout("split-by-empty-paragraph", split_by_empty_paragraph, STEERING),
    Layout("split-by-page-break-with-header", split_by_page_break_with_header, STEERING),
    Layout("merged-cells", merged_cells, STEERING, pdf=False),  # on paper a merged cell's text stands once
    Layout("title-and-note-rows", title_and_note_rows, STEERING),
    Layout("content-controls", content_controls, STEERING),  # on paper the prompt is printed, in grey
    Layout("text-boxes", text_boxes, (lambda d: d.update(evaluering=""), "evaluation.plan")),
    Layout("tracked-changes", tracked_changes, (deleted_elected_members, "steering.three-parties"), pdf=False,
           expected=("input.structure",)),
    Layout("renamed-heading", renamed_heading, STEERING, expected=("input.structure",)),
    # The union's confirmation is unreadable, so it is unconfirmed: the rule says so too.
    Layout("dates-as-written", dates_as_written, (no_such_day, "input.schema"), also=("anchoring.all-unions",)),
    # A direction mark is not printed: on paper «1902» is right, so only Word has the violation.
    Layout("running-header-and-page-numbers", lambda data, lang: w.application_body(data, lang), STEERING,
           prepare=large_steering_group, furniture=True),
    Layout("long-table-across-pages", table_without_repeated_header, STEERING, prepare=very_large_steering_group),
    Layout("look-alike-characters", look_alike_characters, (hidden_mark, "input.schema"), pdf_violation=False),
]


def _document(layout: Layout, lang: str, broken: bool) -> bytes:
    data = layout.data()
    if broken:
        layout.violation[0](data)
    if layout.furniture:
        return w.docx(layout.write(data, lang), header="Tromsø kommune – søknad 2007", page_numbers=True)
    return w.docx(layout.write(data, lang))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("layouts")
    for layout in LAYOUTS:
        for lang in LANGS:
            for broken in (False, True):
                (folder / f"{layout.name}-{lang}-{'brutt' if broken else 'godkjent'}.docx").write_bytes(
                    _document(layout, lang, broken))
    return folder


@pytest.fixture(scope="module")
def pdfs(folder):
    if not HAS_LIBREOFFICE:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui); .ci/run installs it")
    from kvkdocs.render.pdf import convert

    convert([p for p in sorted(folder.glob("*.docx")) if _layout(p).pdf], folder)
    return folder


def _layout(path: Path) -> Layout:
    return next(layout for layout in LAYOUTS if path.name.startswith(layout.name + "-"))


@pytest.fixture(scope="module")
def checker():
    checker = Checker()
    yield checker
    checker.close()


def canon(data: dict) -> dict:
    """The data with the steering group in name order: some layouts list it by party."""
    return {**data, "styringsgruppe": sorted(data.get("styringsgruppe", []), key=lambda m: m.get("navn", ""))}


def findings(checker, path: Path) -> list[tuple[str, str]]:
    return [(f.rule, f.message) for f in checker.check_file(path).findings]


CASES = [pytest.param(layout, lang, id=f"{layout.name}-{lang}") for layout in LAYOUTS for lang in LANGS]


@pytest.mark.parametrize("layout,lang", CASES)
def test_word_layout_reads_as_written(folder, checker, layout, lang):
    path = folder / f"{layout.name}-{lang}-godkjent.docx"
    data, _, _ = read_word(path)
    assert canon(data) == canon(layout.data())
    assert [rule for rule, _ in findings(checker, path)] == list(layout.expected)


@pytest.mark.parametrize("layout,lang", CASES)
def test_word_layout_still_catches_the_violation(folder, checker, layout, lang):
    rules = [rule for rule, _ in findings(checker, folder / f"{layout.name}-{lang}-brutt.docx")]
    assert sorted(rules) == sorted([*layout.expected, layout.violation[1], *layout.also])


PDF_CASES = [pytest.param(layout, lang, id=f"{layout.name}-{lang}") for layout in LAYOUTS if layout.pdf for lang in LANGS]


@needs_libreoffice
@pytest.mark.parametrize("layout,lang", PDF_CASES)
def test_pdf_layout_reads_as_written(pdfs, checker, layout, lang):
    path = pdfs / f"{layout.name}-{lang}-godkjent.pdf"
    assert [rule for rule, _ in findings(checker, path)] == list(layout.expected)
    data, _, _ = read_pdf(path)
    assert canon(data) == canon(layout.data())


@needs_libreoffice
@pytest.mark.parametrize("layout,lang", [c for c in PDF_CASES if c.values[0].pdf_violation])
def test_pdf_layout_still_catches_the_violation(pdfs, checker, layout, lang):
    rules = [rule for rule, _ in findings(checker, pdfs / f"{layout.name}-{lang}-brutt.pdf")]
    assert sorted(rules) == sorted([*layout.expected, layout.violation[1], *layout.also])


MESSAGES = {
    ("tracked-changes", "godkjent"): ("info", {"nb": "sporede endringer", "nn": "sporte endringar"}),
    ("renamed-heading", "godkjent"): ("warning", {"nb": "«Styringsgrupe» er ikke en kjent del",
                                                  "nn": "«Arbeidstakar-organisasjonar» er ikkje ein kjend del"}),
    ("dates-as-written", "brutt"): ("error", {"nb": "«31.02.2008» finnes ikke", "nn": "«31.02.2008» finst ikkje"}),
    ("look-alike-characters", "brutt"): ("error", {"nb": "«1902\\u200e»", "nn": "«1902\\u200e»"}),
}


@pytest.mark.parametrize("name,state,lang", [(*key, lang) for key in MESSAGES for lang in LANGS])
def test_reader_messages_say_what_was_read_in_the_users_language(folder, name, state, lang):
    severity, words = MESSAGES[(name, state)]
    checker = Checker(lang=lang)
    try:
        result = checker.check_file(folder / f"{name}-{lang}-{state}.docx")
    finally:
        checker.close()
    notes = [f for f in result.findings if f.rule.startswith("input.")]
    assert len(notes) == 1, notes
    assert notes[0].severity == severity
    assert words[lang] in notes[0].message


def test_a_renamed_heading_is_named_with_the_heading_it_was_read_as(folder, checker):
    (rule, text), = findings(checker, folder / "renamed-heading-nb-godkjent.docx")
    assert "«Styringsgruppe»" in text and rule == "input.structure"


def test_dates_are_read_as_people_write_them():
    from kvkdocs.dates import read_date

    assert read_date("20. august 2008").value == "2008-08-20"
    assert read_date("20.08.08").value == "2008-08-20"
    assert read_date("1/8-2011").value == "2011-08-01"
    assert read_date("22. aug. 2008").value == "2008-08-22"
    assert read_date("august 2008", "last").value == "2008-08-31"
    assert read_date("februar 2008", "last").value == "2008-02-29"
    assert read_date("august 2008", "first").value == "2008-08-01"
    assert read_date("august 2008").problem == "month-only"
    assert read_date("31.02.2008").problem == "no-such-day"
    assert read_date("20.8").problem == "unclear"
    assert read_date("2008").problem == "unclear"
    # «99» is neither 1999 nor 2099 for a programme that began in 2006: asked for, never guessed.
    assert read_date("20.8.49").value == "2049-08-20"
    assert read_date("20.8.99").problem == "unclear"
    assert read_date("1/8-50").problem == "unclear"


def test_amounts_are_read_as_written_and_never_lose_their_thousands():
    """Kroner as people write them are read whole (kvkdocs.amounts); what is not an amount stays text."""
    from kvkdocs.docmodel import parse_value

    assert parse_value("200\u00a0000", "amount") == 200000
    assert parse_value("-50 000", "amount") == -50000
    # A dot between thousands must never make 700.000 into 700.
    for written in ("kr 700.000,-", "700.000", "NOK 700 000", "700 000 kr", "kr 700\u00a0000,-"):
        assert parse_value(written, "amount") == 700000, written
    assert parse_value("1,5 mill.", "amount") == 1500000
    # The rule quotes an unreadable amount back as it stood.
    for written in ("ca. 700 000", "7.00.000", "etter avtale", "250 000,50"):
        assert parse_value(written, "amount") == written


def test_pdf_cells_never_run_into_the_next_column_even_in_the_header():
    """A PDF's pieces as a writer places them in a tight steering-group table: a full cell ends just where
    the next column starts. Each value stays in its own column, and so does each header label."""
    from kvkdocs.load.layout import blocks_to_application
    from kvkdocs.load.pdf import _lines, _Piece, _to_blocks

    starts = (72.0, 150.0, 230.0, 300.0, 370.0)  # «Organisasjon» (bold) fills its column up to «Kommune»
    rows = [("Navn", "Part", "Rolle", "Organisasjon", "Kommune"),
            ("Kari Solberg", "Tillitsvalgte", "Hovedtillitsvalgt", "Fagforbundet", ""),
            ("Siri Nygård", "Administrasjon", "Rådmann", "", "")]
    pieces = [_Piece(1, 700.0, 72.0, "Styringsgruppe", 16.0)]
    for number, cells in enumerate(rows):
        pieces += [_Piece(1, 670.0 - 20 * number, x, text, 11.0) for x, text in zip(starts, cells, strict=True) if text]
    pieces.append(_Piece(1, 600.0, 72.0, "Brødtekst som ikke hører til tabellen.", 16.0))
    table = next(b for b in _to_blocks(_lines(pieces)) if b.kind == "table")
    assert table.rows == [list(rows[0]), list(rows[1]), list(rows[2])]
    data = blocks_to_application(_to_blocks(_lines(pieces)), pages=1).data
    assert data["styringsgruppe"][0] == {"navn": "Kari Solberg", "part": "tillitsvalgte", "rolle": "Hovedtillitsvalgt",
                                         "organisasjon": "Fagforbundet"}
