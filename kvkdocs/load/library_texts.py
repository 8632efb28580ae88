"""What the parsing libraries say, in Norwegian.

libyaml, ``json``, lxml and pypdf explain a broken file in English
(``found character that cannot start any token``, ``Expecting ',' delimiter``,
``PCDATA invalid Char value 1``). Users of kvkdocs read Norwegian, so a
message is always a Norwegian sentence: the problems these libraries report
most often are translated here, and a text we have no translation for is
kept only as a detail in parentheses after the Norwegian sentence.
"""

from __future__ import annotations

import re

from ..messages import Forms, Text

# libyaml's ``problem`` texts (scanner and parser), the ones a hand-edited form produces.
_YAML = [
    (r"found character '(.*)' that cannot start any token",
     "tegnet «{0}» kan ikke stå først i en verdi; sett verdien i anførselstegn", "teiknet «{0}» kan ikkje stå først i ein verdi; set verdien i hermeteikn"),
    (r"found character that cannot start any token",
     "et tegn som ikke kan stå først i en verdi; sett verdien i anførselstegn", "eit teikn som ikkje kan stå først i ein verdi; set verdien i hermeteikn"),
    (r"found a tab character that violates indentation", "innrykket inneholder en tabulator; bruk mellomrom", "innrykket inneheld ein tabulator; bruk mellomrom"),
    (r"found a tab character where an indentation space is expected",
     "innrykket inneholder en tabulator; bruk mellomrom", "innrykket inneheld ein tabulator; bruk mellomrom"),
    (r"mapping values are not allowed (?:here|in this context)",
     "et kolon står der det ikke kan stå; sett verdien i anførselstegn eller rett opp innrykket", "eit kolon står der det ikkje kan stå; set verdien i hermeteikn eller rett opp innrykket"),
    (r"found unexpected end of stream", "filen slutter midt i en verdi (mangler et anførselstegn?)", "fila sluttar midt i ein verdi (manglar eit hermeteikn?)"),
    (r"could not find expected ':'", "fant ikke kolonet etter et feltnavn", "fann ikkje kolonet etter eit feltnamn"),
    (r"did not find expected key", "innrykket stemmer ikke med feltene over", "innrykket stemmer ikkje med felta over"),
    (r"did not find expected '-' indicator", "innrykket stemmer ikke med listen over", "innrykket stemmer ikkje med lista over"),
    (r"did not find expected node content", "en verdi mangler", "ein verdi manglar"),
    (r"did not find expected ',' or '\]'", "en liste i klammer [ ] er ikke avsluttet riktig", "ei liste i klammer [ ] er ikkje avslutta rett"),
    (r"did not find expected ',' or '}'", "et sett med felt i klammer {{ }} er ikke avsluttet riktig", "eit sett med felt i klammer {{ }} er ikkje avslutta rett"),
    (r"expected <block end>, but found '<block mapping start>'", "innrykket stemmer ikke med feltene over", "innrykket stemmer ikkje med felta over"),
    (r"expected <block end>, but found '(.*)'", "innrykket stemmer ikke med linjene over", "innrykket stemmer ikkje med linjene over"),
    (r"expected <document start>, but found '(.*)'", "filen har noe etter slutten av dokumentet", "fila har noko etter slutten av dokumentet"),
    (r"found unknown escape character '?(.*?)'?", "en ukjent escape-sekvens (\\{0}) i en tekst i anførselstegn", "ein ukjend escape-sekvens (\\{0}) i ein tekst i hermeteikn"),
    (r"found undefined alias '?(.*?)'?", "et alias (*{0}) som ikke er definert", "eit alias (*{0}) som ikkje er definert"),
    (r"found undefined tag handle '?(.*?)'?", "en ukjent tagg ({0})", "ein ukjend tagg ({0})"),
    (r"found unexpected ':'", "et kolon står der det ikke kan stå", "eit kolon står der det ikkje kan stå"),
    (r"found unexpected end of plain scalar", "en verdi slutter uventet", "ein verdi sluttar uventa"),
    (r"found incompatible YAML document", "filen er ikke YAML av en versjon kvkdocs leser", "fila er ikkje YAML av ein versjon kvkdocs les"),
    (r"while scanning a quoted scalar", "en tekst i anførselstegn er ikke avsluttet", "ein tekst i hermeteikn er ikkje avslutta"),
    (r"while scanning a simple key", "fant ikke kolonet etter et feltnavn", "fann ikkje kolonet etter eit feltnamn"),
]

_JSON = [
    (r"Expecting value", "en verdi mangler", "ein verdi manglar"),
    (r"Expecting property name enclosed in double quotes",
     "et feltnavn mangler eller står uten doble anførselstegn (eller et komma for mye)", "eit feltnamn manglar eller står utan doble hermeteikn (eller eit komma for mykje)"),
    (r"Expecting ',' delimiter", "et komma mangler", "eit komma manglar"),
    (r"Expecting ':' delimiter", "et kolon mangler", "eit kolon manglar"),
    (r"Unterminated string starting at", "en tekst er ikke avsluttet med anførselstegn", "ein tekst er ikkje avslutta med hermeteikn"),
    (r"Invalid control character at", "en tekst inneholder et kontrolltegn (for eksempel et linjeskift)", "ein tekst inneheld eit kontrollteikn (til dømes eit linjeskift)"),
    (r"Invalid \\escape", "en ugyldig escape-sekvens med omvendt skråstrek", "ein ugyldig escape-sekvens med omvend skråstrek"),
    (r"Invalid \\uXXXX escape", "en ugyldig \\u-sekvens", "ein ugyldig \\u-sekvens"),
    (r"Extra data", "noe står etter slutten av JSON-objektet", "noko står etter slutten av JSON-objektet"),
    (r"Exceeds the limit \((\d+) digits\)", "et tall har flere enn {0} sifre", "eit tal har fleire enn {0} siffer"),
]

# lxml (libxml2) texts, seen inside a reader's message.
_XML = [
    (r"PCDATA invalid Char value (\d+)", "ugyldig tegn med kode {0}", "ugyldig teikn med kode {0}"),
    (r"xmlParseCharRef: invalid xmlChar value (\d+)", "ugyldig tegnreferanse med kode {0}", "ugyldig teiknreferanse med kode {0}"),
    (r"Char 0x([0-9A-Fa-f]+) out of allowed range", "ugyldig tegn med kode 0x{0}", "ugyldig teikn med kode 0x{0}"),
    (r"Opening and ending tag mismatch: (\S+) line \d+ and (\S+)", "start- og sluttmerke passer ikke sammen ({0}, {1})", "start- og sluttmerke passar ikkje saman ({0}, {1})"),
    (r"Premature end of data in tag (\S+)", "dataene slutter midt i merket {0}", "dataa sluttar midt i merket {0}"),
    (r"EndTag: '</' not found", "et sluttmerke mangler", "eit sluttmerke manglar"),
    (r"StartTag: invalid element name", "ugyldig navn på et merke", "ugyldig namn på eit merke"),
    (r"Extra content at the end of the document", "ekstra innhold etter slutten av dokumentet", "ekstra innhald etter slutten av dokumentet"),
    (r"Document is empty", "dokumentet er tomt", "dokumentet er tomt"),
    (r"Start tag expected, '<' not found", "dokumentet begynner ikke med et merke", "dokumentet byrjar ikkje med eit merke"),
    (r"EntityRef: expecting ';'", "et &-tegn uten semikolon", "eit &-teikn utan semikolon"),
    (r"(?:error parsing attribute name|attributes construct error)", "ugyldig attributt", "ugyldig attributt"),
    (r"Couldn't find end of Start Tag (\S+)", "merket {0} er ikke avsluttet", "merket {0} er ikkje avslutta"),
    (r"line (\d+), column (\d+)", "linje {0}, kolonne {1}", "linje {0}, kolonne {1}"),
    (r" \(<string>, line \d+\)", "", ""),
    # pypdf and zipfile
    (r"Bad CRC-32 for file '?([^']*)'?", "kontrollsummen stemmer ikke for {0}", "kontrollsummen stemmer ikkje for {0}"),
    (r"File is not a zip file", "ikke en ZIP-fil", "ikkje ei ZIP-fil"),
    (r"Truncated file header", "avkortet fil", "avkorta fil"),
    (r"Stream has ended unexpectedly", "datastrømmen slutter uventet", "datastraumen sluttar uventa"),
    (r"EOF marker not found", "slutten av filen (%%EOF) mangler", "slutten av fila (%%EOF) manglar"),
    (r"startxref not found", "oversikten over objekter (startxref) mangler", "oversikta over objekt (startxref) manglar"),
    (r"Could not read malformed PDF file", "PDF-filen er misdannet", "PDF-fila er misdanna"),
    (r"Invalid Elementary Object starting with", "et ugyldig objekt som begynner med", "eit ugyldig objekt som byrjar med"),
]


def _translate(table, text: str) -> Forms | None:
    for pattern, nb, nn in table:
        found = re.search(pattern, text)
        if found:
            return Forms(nb.format(*found.groups()), nn.format(*found.groups()))
    return None


def yaml_problem(problem: str) -> Forms | Text:
    """libyaml's ``problem`` as a Norwegian phrase; an unknown one stays as a detail in parentheses."""
    return _translate(_YAML, problem) or _unknown(problem)


def json_problem(message: str) -> Forms | Text:
    """``json``'s error message as a Norwegian phrase."""
    return _translate(_JSON, message) or _unknown(message)


def _unknown(detail: str) -> Text:
    return Text("load.unknown-problem", {"detail": detail}) if detail else Text("load.unknown")


def reader_detail(message: str, lang: str = "nb") -> str:
    """A reader's message with the lxml, pypdf and zipfile texts inside it put in Norwegian."""
    for pattern, nb, nn in _XML:
        norwegian = nn if lang == "nn" else nb
        message = re.sub(pattern, lambda m, n=norwegian: n.format(*m.groups()), message)
    return message


def reader_details(value: object) -> object:
    """A value of a reader's message (an lxml text, say) in both målformer where a library's text is inside it."""
    if not isinstance(value, str):
        return value
    nb, nn = reader_detail(value, "nb"), reader_detail(value, "nn")
    return value if nb == nn == value else Forms(nb, nn)
