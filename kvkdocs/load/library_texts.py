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

# libyaml's ``problem`` texts (scanner and parser), the ones a hand-edited form produces.
_YAML = [
    (r"found character '(.*)' that cannot start any token",
     "tegnet «{0}» kan ikke stå først i en verdi; sett verdien i anførselstegn"),
    (r"found character that cannot start any token",
     "et tegn som ikke kan stå først i en verdi; sett verdien i anførselstegn"),
    (r"found a tab character that violates indentation", "innrykket inneholder en tabulator; bruk mellomrom"),
    (r"found a tab character where an indentation space is expected",
     "innrykket inneholder en tabulator; bruk mellomrom"),
    (r"mapping values are not allowed (?:here|in this context)",
     "et kolon står der det ikke kan stå; sett verdien i anførselstegn eller rett opp innrykket"),
    (r"found unexpected end of stream", "filen slutter midt i en verdi (mangler et anførselstegn?)"),
    (r"could not find expected ':'", "fant ikke kolonet etter et feltnavn"),
    (r"did not find expected key", "innrykket stemmer ikke med feltene over"),
    (r"did not find expected '-' indicator", "innrykket stemmer ikke med listen over"),
    (r"did not find expected node content", "en verdi mangler"),
    (r"did not find expected ',' or '\]'", "en liste i klammer [ ] er ikke avsluttet riktig"),
    (r"did not find expected ',' or '}'", "et sett med felt i klammer {{ }} er ikke avsluttet riktig"),
    (r"expected <block end>, but found '<block mapping start>'", "innrykket stemmer ikke med feltene over"),
    (r"expected <block end>, but found '(.*)'", "innrykket stemmer ikke med linjene over"),
    (r"expected <document start>, but found '(.*)'", "filen har noe etter slutten av dokumentet"),
    (r"found unknown escape character '?(.*?)'?", "en ukjent escape-sekvens (\\{0}) i en tekst i anførselstegn"),
    (r"found undefined alias '?(.*?)'?", "et alias (*{0}) som ikke er definert"),
    (r"found undefined tag handle '?(.*?)'?", "en ukjent tagg ({0})"),
    (r"found unexpected ':'", "et kolon står der det ikke kan stå"),
    (r"found unexpected end of plain scalar", "en verdi slutter uventet"),
    (r"found incompatible YAML document", "filen er ikke YAML av en versjon kvkdocs leser"),
    (r"while scanning a quoted scalar", "en tekst i anførselstegn er ikke avsluttet"),
    (r"while scanning a simple key", "fant ikke kolonet etter et feltnavn"),
]

_JSON = [
    (r"Expecting value", "en verdi mangler"),
    (r"Expecting property name enclosed in double quotes",
     "et feltnavn mangler eller står uten doble anførselstegn (eller et komma for mye)"),
    (r"Expecting ',' delimiter", "et komma mangler"),
    (r"Expecting ':' delimiter", "et kolon mangler"),
    (r"Unterminated string starting at", "en tekst er ikke avsluttet med anførselstegn"),
    (r"Invalid control character at", "en tekst inneholder et kontrolltegn (for eksempel et linjeskift)"),
    (r"Invalid \\escape", "en ugyldig escape-sekvens med omvendt skråstrek"),
    (r"Invalid \\uXXXX escape", "en ugyldig \\u-sekvens"),
    (r"Extra data", "noe står etter slutten av JSON-objektet"),
    (r"Exceeds the limit \((\d+) digits\)", "et tall har flere enn {0} sifre"),
]

# lxml (libxml2) texts, seen inside a reader's message.
_XML = [
    (r"PCDATA invalid Char value (\d+)", "ugyldig tegn med kode {0}"),
    (r"xmlParseCharRef: invalid xmlChar value (\d+)", "ugyldig tegnreferanse med kode {0}"),
    (r"Char 0x([0-9A-Fa-f]+) out of allowed range", "ugyldig tegn med kode 0x{0}"),
    (r"Opening and ending tag mismatch: (\S+) line \d+ and (\S+)", "start- og sluttmerke passer ikke sammen ({0}, {1})"),
    (r"Premature end of data in tag (\S+)", "dataene slutter midt i merket {0}"),
    (r"EndTag: '</' not found", "et sluttmerke mangler"),
    (r"StartTag: invalid element name", "ugyldig navn på et merke"),
    (r"Extra content at the end of the document", "ekstra innhold etter slutten av dokumentet"),
    (r"Document is empty", "dokumentet er tomt"),
    (r"Start tag expected, '<' not found", "dokumentet begynner ikke med et merke"),
    (r"EntityRef: expecting ';'", "et &-tegn uten semikolon"),
    (r"(?:error parsing attribute name|attributes construct error)", "ugyldig attributt"),
    (r"Couldn't find end of Start Tag (\S+)", "merket {0} er ikke avsluttet"),
    (r"line (\d+), column (\d+)", "linje {0}, kolonne {1}"),
    (r" \(<string>, line \d+\)", ""),
    # pypdf and zipfile
    (r"Bad CRC-32 for file '?([^']*)'?", "kontrollsummen stemmer ikke for {0}"),
    (r"File is not a zip file", "ikke en ZIP-fil"),
    (r"Truncated file header", "avkortet fil"),
    (r"Stream has ended unexpectedly", "datastrømmen slutter uventet"),
    (r"EOF marker not found", "slutten av filen (%%EOF) mangler"),
    (r"startxref not found", "oversikten over objekter (startxref) mangler"),
    (r"Could not read malformed PDF file", "PDF-filen er misdannet"),
    (r"Invalid Elementary Object starting with", "et ugyldig objekt som begynner med"),
]


def _translate(table, text: str) -> str | None:
    for pattern, norwegian in table:
        found = re.search(pattern, text)
        if found:
            return norwegian.format(*found.groups())
    return None


def yaml_problem(problem: str) -> str:
    """libyaml's ``problem`` as a Norwegian phrase; an unknown one stays as a detail in parentheses."""
    return _translate(_YAML, problem) or (f"ukjent feil ({problem})" if problem else "ukjent feil")


def json_problem(message: str) -> str:
    """``json``'s error message as a Norwegian phrase."""
    return _translate(_JSON, message) or (f"ukjent feil ({message})" if message else "ukjent feil")


def reader_detail(message: str) -> str:
    """A reader's message with the lxml, pypdf and zipfile texts inside it put in Norwegian."""
    for pattern, norwegian in _XML:
        message = re.sub(pattern, lambda m, n=norwegian: n.format(*m.groups()), message)
    return message
