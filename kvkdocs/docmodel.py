"""How an application looks as a document: sections, labels, tables, value formats.

One model serves both directions: the Word template for `kvkdocs draft` is
laid out from it (tools/build_templates.py), and the Word and PDF readers
use it to find each section by its heading and each value by its label or
column. Labels exist in bokmål and nynorsk, and a reader accepts both, so a
document keeps reading back after people edit, reorder or re-save it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass, field

from .amounts import AmountError, parse_amount
from .messages import kroner


@dataclass(frozen=True)
class Column:
    key: str
    nb: str
    nn: str
    kind: str = "text"  # text, date, number, amount, codes, party, yesno

    def label(self, lang: str) -> str:
        return self.nn if lang == "nn" else self.nb


@dataclass(frozen=True)
class Section:
    key: str
    nb: str
    nn: str
    kind: str  # fields, table, records, list, text
    columns: tuple[Column, ...] = field(default_factory=tuple)
    path: tuple[str, ...] = ()  # where the section's data lives

    def title(self, lang: str) -> str:
        return self.nn if lang == "nn" else self.nb


C = Column
APPLICANT_FIELDS = (
    C("program", "Programutgave", "Programutgåve"),
    C("søknadsdato", "Søknadsdato", "Søknadsdato", "date"),
    C("mottatt", "Mottatt", "Motteken", "date"),
    C("søker.kommunenummer", "Kommunenummer", "Kommunenummer"),
    C("søker.kommunenavn", "Kommunenavn", "Kommunenamn"),
    C("søker.fylke", "Fylke", "Fylke"),
    C("søker.organisasjonsnummer", "Organisasjonsnummer", "Organisasjonsnummer"),
    C("søker.kontaktperson.navn", "Kontaktperson", "Kontaktperson"),
    C("søker.kontaktperson.stilling", "Stilling", "Stilling"),
    C("søker.kontaktperson.epost", "E-post", "E-post"),
    C("søker.kontaktperson.telefon", "Telefon", "Telefon"),
)
SECTIONS = (
    Section("søker", "Søker", "Søkjar", "fields", APPLICANT_FIELDS),
    Section("samarbeidskommuner", "Samarbeidskommuner", "Samarbeidskommunar", "table",
            (C("kommunenummer", "Kommunenummer", "Kommunenummer"), C("kommunenavn", "Kommunenavn", "Kommunenamn"),
             C("alle_organisasjoner_med", "Alle arbeidstakerorganisasjoner med", "Alle arbeidstakarorganisasjonar med",
               "yesno")),
            ("samarbeidskommuner",)),
    Section("innsatsområder", "Innsatsområder", "Innsatsområde", "list", path=("innsatsområder",)),
    Section("arbeidsform", "Arbeidsform", "Arbeidsform", "text", path=("arbeidsform",)),
    Section("prosjekter", "Prosjekter", "Prosjekt", "records",
            (C("tittel", "Prosjekttittel", "Prosjekttittel"), C("beskrivelse", "Beskrivelse", "Skildring"),
             C("sektorer", "Sektorer", "Sektorar", "codes"), C("tema", "Tema", "Tema", "codes"),
             C("start", "Start", "Start", "date"), C("slutt", "Slutt", "Slutt", "date")),
            ("prosjekter",)),
    Section("mål", "Mål", "Mål", "records",
            (C("beskrivelse", "Målbeskrivelse", "Målskildring"), C("tema", "Tema", "Tema", "codes1"),
             C("indikator", "Indikator", "Indikator"), C("enhet", "Enhet", "Eining"),
             C("utgangsverdi", "Utgangsverdi", "Utgangsverdi", "number"), C("målverdi", "Målverdi", "Målverdi", "number"),
             C("måldato", "Måldato", "Måldato", "date")),
            ("mål",)),
    Section("styringsgruppe", "Styringsgruppe", "Styringsgruppe", "table",
            (C("navn", "Navn", "Namn"), C("part", "Part", "Part", "party"), C("rolle", "Rolle", "Rolle"),
             C("organisasjon", "Organisasjon", "Organisasjon"), C("kommune", "Kommune", "Kommune")),
            ("styringsgruppe",)),
    Section("arbeidstakerorganisasjoner", "Arbeidstakerorganisasjoner", "Arbeidstakarorganisasjonar", "table",
            (C("organisasjon", "Organisasjon", "Organisasjon"), C("tillitsvalgt", "Tillitsvalgt", "Tillitsvald"),
             C("bekreftet", "Bekreftet", "Stadfesta", "date"), C("kommune", "Kommune", "Kommune")),
            ("arbeidstakerorganisasjoner",)),
    # The completeness statement of anchoring.all-unions; a partner answers in its own row above.
    Section("alle_organisasjoner_med", "Alle arbeidstakerorganisasjoner", "Alle arbeidstakarorganisasjonar", "fields",
            (C("alle_organisasjoner_med", "Alle er med", "Alle er med", "yesno"),)),
    Section("politisk_forankring", "Politisk forankring", "Politisk forankring", "fields",
            (C("organ", "Organ", "Organ"), C("dato", "Vedtaksdato", "Vedtaksdato", "date"),
             C("saksnummer", "Saksnummer", "Saksnummer")),
            ("politisk_forankring",)),
    Section("evaluering", "Dokumentasjon og evaluering", "Dokumentasjon og evaluering", "text", path=("evaluering",)),
    Section("tilskudd", "Tilskudd", "Tilskot", "fields", (C("beløp", "Søkt beløp", "Søkt beløp", "amount"),), ("tilskudd",)),
    Section("budsjett", "Budsjett", "Budsjett", "table",
            (C("post", "Post", "Post"), C("beløp", "Beløp", "Beløp", "amount")), ("tilskudd", "budsjett")),
)

CODES = {
    "pleie-og-omsorg": ("pleie og omsorg", "pleie og omsorg"), "barnehage": ("barnehage", "barnehage"),
    "skole": ("skole", "skule"), "sykefravær": ("sykefravær", "sjukefråvær"),
    "heltid-deltid": ("heltid og deltid", "heiltid og deltid"),
    "kompetanse-rekruttering": ("kompetanse og rekruttering", "kompetanse og rekruttering"),
    "omdømme": ("omdømme", "omdøme"), "brukertilfredshet": ("brukertilfredshet", "brukartilfredsheit"),
    "oppvekst": ("oppvekst", "oppvekst"), "nærvær": ("nærvær", "nærvær"),
}
YES_NO = {True: ("Ja", "Ja"), False: ("Nei", "Nei")}
PARTIES = {"folkevalgte": ("Folkevalgte", "Folkevalde"), "administrasjon": ("Administrasjon", "Administrasjon"),
           "tillitsvalgte": ("Tillitsvalgte", "Tillitsvalde")}


# Characters a person cannot see or tell apart from plain ones. Zero-width
# characters and soft hyphens are dropped and odd spaces and non-breaking
# hyphens become plain ones in every value; for matching a label, a heading,
# a code, a number or a date, dashes and quotes become plain too (free text
# keeps the «–» its author typed).
_INVISIBLE = {
    **dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None),
    **dict.fromkeys(map(ord, "\u2011"), "-"),
    **dict.fromkeys(map(ord, "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u2005"), " "),
}
_LOOKALIKES = {
    **_INVISIBLE,
    **dict.fromkeys(map(ord, "\u2010\u2012\u2013\u2014\u2015\u2212"), "-"),
    **dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032\u00b4"), "'"),
    **dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u2033"), '"'),
}


# Character classes of the tables' keys: a search in C tells whether a text needs
# str.translate at all, which looks up every character of the text in a dict.
_INVISIBLE_FOUND = re.compile("[" + re.escape("".join(map(chr, _INVISIBLE))) + "]")
_LOOKALIKES_FOUND = re.compile("[" + re.escape("".join(map(chr, _LOOKALIKES))) + "]")


# The sections every application has, and those an edition asks for by using a rule.
ALWAYS = {"søker", "prosjekter", "mål", "styringsgruppe", "arbeidstakerorganisasjoner", "politisk_forankring",
          "tilskudd", "budsjett"}
BY_RULE = {"innsatsområder": "application.focus-areas", "arbeidsform": "application.focus-areas",
           "evaluering": "evaluation.plan"}


def expected_sections(programme) -> list[Section]:
    """The sections an application to ``programme`` (a :class:`~kvkdocs.programmes.Programme`, or None) must have.

    Here, with the sections, so that the checker (which reports a missing one)
    and the drafter (which writes them) share it without importing each other.
    """
    rules = programme.rules if programme else {}
    return [s for s in SECTIONS if s.key in ALWAYS or (s.key in BY_RULE and BY_RULE[s.key] in rules)]


def clean(text: str) -> str:
    """A value as a person sees it: NFC, invisible characters gone, odd spaces plain."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", text)
    return text.translate(_INVISIBLE) if _INVISIBLE_FOUND.search(text) else text


def plain(text: str) -> str:
    """Text for matching: :func:`clean`, and look-alike dashes and quotes made plain."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", text)
    return text.translate(_LOOKALIKES) if _LOOKALIKES_FOUND.search(text) else text


@functools.cache
def _unseen() -> re.Pattern:
    """Characters nobody sees: controls, format characters (direction marks...), private use."""
    chars = "".join(chr(c) for c in range(0x10000) if unicodedata.category(chr(c)) in ("Cf", "Cc") and chr(c) not in "\n\t")
    return re.compile("[" + re.escape(chars) + "\ue000-\uf8ff\U000e0000-\U000e007f\U000f0000-\U0010ffff]")


def hidden_characters(text: str) -> list[str]:
    """Characters left in cleaned text that a reader cannot see (direction marks, controls, private use).

    Every character the pattern finds is one Python counts as not printable
    (categories C and Z but the space), so printable text, æøå included,
    needs no search, and the pattern is not built until a text needs it.
    """
    if text.isprintable():
        return []
    return _unseen().findall(text)


def visible(text: str) -> str:
    """``text`` with each unseen or look-alike character written out (``\\u200b``), for a message that quotes it."""
    unseen = _unseen()
    return "".join(f"\\u{ord(c):04x}" if ord(c) in _LOOKALIKES or unseen.match(c) else c for c in text)


def _norm(text: str) -> str:
    return " ".join(plain(text).split()).casefold()


CODE_BY_LABEL = {_norm(label): code for code, labels in CODES.items() for label in (*labels, code)}
PARTY_BY_LABEL = {_norm(label): code for code, labels in PARTIES.items() for label in (*labels, code)}
# Headings people write instead of the template's: the definite forms in
# both målformer («Styringsgruppa», «Styringsgruppen») and common variants.
TITLE_VARIANTS = {
    "søker": ("Søkeren", "Søkjaren", "Om søker", "Om søkjar"),
    "samarbeidskommuner": ("Samarbeidskommunene", "Samarbeidskommunane", "Samarbeidende kommuner"),
    "innsatsområder": ("Innsatsområdene", "Innsatsområda"),
    "arbeidsform": ("Arbeidsformen", "Arbeidsforma", "Organisering av arbeidet"),
    "prosjekter": ("Prosjektene", "Prosjekta", "Prosjektet"),
    "mål": ("Målene", "Måla", "Mål for arbeidet"),
    "styringsgruppe": ("Styringsgruppen", "Styringsgruppa"),
    "arbeidstakerorganisasjoner": ("Arbeidstakerorganisasjonene", "Arbeidstakarorganisasjonane",
                                   "Arbeidstakerorganisasjoner lokalt", "Arbeidstakarorganisasjonar lokalt"),
    "politisk_forankring": ("Politisk vedtak", "Forankring"),
    "evaluering": ("Evaluering", "Dokumentasjon", "Dokumentasjon og evaluering av arbeidet"),
    "tilskudd": ("Tilskuddet", "Tilskotet", "Søknad om tilskudd", "Søknad om tilskot"),
    "budsjett": ("Budsjettet", "Budsjett for prosjektet"),
}
SECTION_BY_TITLE = {_norm(t): s for s in SECTIONS for t in (s.nb, s.nn, *TITLE_VARIANTS.get(s.key, ()))}
# Hand-written numbering before a heading: «1.», «4.1», «III», «B)», «2 -».
_NUMBERING = re.compile(r"(?:(?:\d+(?:\.\d+)*|[ivxlc]+|[a-h])[.):]?|\(\w{1,4}\))\s*[-:]?\s+(?=\w)", re.IGNORECASE)


# --- values to text (drafting) --------------------------------------------------------------------

def format_value(value, kind: str, lang: str) -> str:
    """How a value is shown in the document."""
    if value is None or value == "":
        return ""
    if kind == "date":
        try:
            return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
        except (TypeError, ValueError):
            return str(value)
    if kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        text = f"{value:.4f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
        return text.replace(".", ",")
    if kind == "amount" and isinstance(value, int) and not isinstance(value, bool):
        return kroner(value)
    if kind in ("codes", "codes1"):
        items = value if isinstance(value, list) else [value]
        return ", ".join(label(v, lang) if isinstance(v, str) else str(v) for v in items)
    if kind == "party":
        return PARTIES.get(value, (value, value))[1 if lang == "nn" else 0]
    if kind == "yesno" and isinstance(value, bool):
        return YES_NO[value][1 if lang == "nn" else 0]
    return str(value)


def label(code: str, lang: str) -> str:
    """A sector or theme code as people write it, e.g. ``skole`` → «skule» in nynorsk."""
    return CODES.get(code, (code, code))[1 if lang == "nn" else 0]


# --- text to values (reading) ---------------------------------------------------------------------

_DATE = re.compile(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})\Z")


def parse_value(text: str, kind: str):
    """A document's text back to data; text that does not parse stays text (the schema reports it)."""
    text = " ".join((clean(text) if kind == "text" else plain(text)).split())
    if text == "":
        return None
    if kind == "date":
        m = _DATE.match(text)
        if m:
            day, month, year = map(int, m.groups())
            try:
                return dt.date(year, month, day).isoformat()
            except ValueError:
                return f"{year:04d}-{month:02d}-{day:02d}"
        from .dates import read_date

        return read_date(text).value or text
    if kind == "amount":
        try:  # as people write kroner: «kr 700.000,-» is seven hundred thousand (kvkdocs.amounts)
            return parse_amount(text)
        except AmountError:
            return text  # the rule quotes it back
    if kind == "number":
        raw = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            return float(raw)
        except ValueError:
            return text
    if kind == "codes":  # a known name reads as its code; other words stay as written (the rules map them)
        return [CODE_BY_LABEL.get(_norm(part), _norm_space(part)) for part in text.split(",") if part.strip()]
    if kind == "codes1":
        return CODE_BY_LABEL.get(_norm(text), text)
    if kind == "party":
        return PARTY_BY_LABEL.get(_norm(text), text)
    if kind == "yesno":
        return {"ja": True, "nei": False}.get(_norm(text).rstrip("."), text)
    return text


def _norm_space(text: str) -> str:
    return " ".join(text.split())


def heading_text(text: str) -> str:
    """A heading without hand-written numbering or a trailing colon, normalised for matching."""
    text = _norm(text).rstrip(":. ")
    stripped = _NUMBERING.sub("", text, count=1) if text[:1].isalnum() else text
    return stripped if stripped in SECTION_BY_TITLE or not stripped else text if text in SECTION_BY_TITLE else stripped


def section_for_title(text: str) -> Section | None:
    return SECTION_BY_TITLE.get(heading_text(text))


def closest_section(text: str, exclude: set[str] = frozenset()) -> Section | None:
    """The known section a renamed heading most likely is («Styringsgrupe» → Styringsgruppe), or None."""
    wanted = heading_text(text)
    if not wanted or len(wanted) > 60:
        return None
    return _closest(wanted, frozenset(exclude))


@functools.lru_cache(maxsize=512)
def _closest(wanted: str, exclude: frozenset[str]) -> Section | None:
    titles = {t: s for t, s in SECTION_BY_TITLE.items() if s.key not in exclude}
    best = difflib.get_close_matches(wanted, list(titles), n=1, cutoff=0.8)
    return titles[best[0]] if best else None


def _label_key(text: str) -> str:
    return "".join(plain(text).split()).casefold().rstrip(":.")


_LABELS: dict[str, dict[str, Column]] = {}
_SEEN_LABELS: dict[tuple[str, str], Column] = {}  # (section, label as written) -> column


def column_for_label(section: Section, text: str) -> Column | None:
    """The column a label or header names; spaces and a trailing colon are ignored (a header may wrap inside a word).

    A label as written is remembered: the template's labels come back in
    every document. A text that is no label (a value) is not: values
    differ from document to document, and remembering them would only
    take memory.
    """
    key = (section.key, text)
    column = _SEEN_LABELS.get(key)
    if column is not None or len(text) >= 60:
        return column
    table = _LABELS.get(section.key)
    if table is None:
        table = _LABELS[section.key] = {_label_key(t): c for c in reversed(section.columns) for t in (c.nb, c.nn)}
    column = table.get(_label_key(text))
    if column is not None:
        if len(_SEEN_LABELS) >= 4096:  # labels as people write them are few; a bound all the same
            _SEEN_LABELS.clear()
        _SEEN_LABELS[key] = column
    return column


def split_label(section: Section, text: str) -> tuple[Column, str] | None:
    """A label and its value written together («Kommunenummer: 1445»): (column, value), else None."""
    label, sep, value = clean(text).partition(":")
    if not sep:
        return None
    column = column_for_label(section, label)
    return (column, value.strip()) if column is not None else None
