"""How an application looks as a document: sections, labels, tables, value formats.

One model serves both directions: the Word template for `kvkdocs draft` is
laid out from it (tools/build_templates.py), and the Word and PDF readers
use it to find each section by its heading and each value by its label or
column. Labels exist in bokmål and nynorsk, and a reader accepts both, so a
document keeps reading back after people edit, reorder or re-save it.
"""

from __future__ import annotations

import datetime as dt
import re
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


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


CODE_BY_LABEL = {_norm(label): code for code, labels in CODES.items() for label in (*labels, code)}
PARTY_BY_LABEL = {_norm(label): code for code, labels in PARTIES.items() for label in (*labels, code)}
SECTION_BY_TITLE = {_norm(t): s for s in SECTIONS for t in (s.nb, s.nn)}


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
    text = " ".join(text.split())
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
        return text
    if kind == "amount":
        try:  # as people write kroner: «kr 700.000,-» is seven hundred thousand
            return parse_amount(text)
        except AmountError:
            return text  # the rule quotes it back
    if kind == "number":
        raw = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            number = float(raw)
        except ValueError:
            return text
        return number
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


def section_for_title(text: str) -> Section | None:
    return SECTION_BY_TITLE.get(_norm(text))


def column_for_label(section: Section, text: str) -> Column | None:
    """The column a label or header names; spaces are ignored (a header may wrap inside a word)."""
    wanted = "".join(text.split()).casefold()
    return next((c for c in section.columns if wanted in ("".join(c.nb.split()).casefold(),
                                                          "".join(c.nn.split()).casefold())), None)
