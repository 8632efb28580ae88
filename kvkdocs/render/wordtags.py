"""The tags of a Word template as a person sees them: paragraph by paragraph, table cell by cell.

A secretariat edits its templates in Word, so a problem in one must be
named where Word shows it («i tabell 1, rad 2, kolonne 3: «{{ var_ref }}»»),
never as a line of the XML docxtpl compiles. This module reads every
paragraph of the body, the headers and the footers, finds the docxtpl tags
in its text (Word splits a tag over several runs when someone edits or
spell-checks it; the paragraph's text joins them again), and checks them:

* every tag ends in the paragraph it starts in, with straight quotes;
* ``{%p``, ``{%tr`` and ``{%tc`` stand where docxtpl needs them;
* loops and conditions are balanced, each end closing the block it should;
* the tags parse as Jinja;
* every value a tag uses exists in the data (a
  :class:`~kvkdocs.render.templatedata.Shape` built from the very contexts
  the documents are rendered from), with the closest known name when one
  is misspelt;
* docxtpl's own merging of split runs gives back every tag whole.

Nothing here knows about letters or agreements: the caller gives the shape.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from .templatedata import Names, Shape

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARTS = re.compile(r"word/(document|header\d*|footer\d*)\.xml\Z")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_HALF = re.compile(r"\{\{|\{%|\{#|\}\}|%\}|#\}")
_CLOSERS = ("}}", "%}", "#}")
_PREFIX = re.compile(r"\A(\{\{|\{%|\{#)(p|tr|tc|r)\s")
_SMART_QUOTES = "“”„‘’‚«»″"
_OPENERS = {"if", "for", "with", "macro", "call", "filter", "raw", "block", "autoescape"}
MAX_PART = 20 * 1024 * 1024  # a template part larger than this is not a letter template


class TemplateProblem(Exception):
    """A problem in a user's template, said for people: what is wrong, where in Word, how to mend it."""


# --- where in the Word document --------------------------------------------------------------------

@dataclass(frozen=True)
class Place:
    """A paragraph as Word shows it: its text, and its table cell if it stands in one."""

    part: str
    text: str
    table: int | None = None
    row: int | None = None
    column: int | None = None
    after: str = ""  # the last paragraph with words before it: a paragraph of tags alone is found by it

    def describe(self, focus: str = "") -> str:
        text = _excerpt(self.text, focus)
        area = ""
        if self.part.startswith("word/header"):
            area = " i toppteksten"
        elif self.part.startswith("word/footer"):
            area = " i bunnteksten"
        if self.table is not None:
            return f"i tabell {self.table}, rad {self.row}, kolonne {self.column}{area}: «{text}»"
        after = ""
        if self.after and not _TAG.sub("", self.text).strip():  # a paragraph of tags alone: say what it follows
            after = f" (etter «{_excerpt(self.after, '', 50)}»)"
        return f"i avsnittet «{text}»{after}{area}"


def _excerpt(text: str, focus: str, width: int = 90) -> str:
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    at = max(text.find(focus), 0) if focus else 0
    start = max(0, min(at - 20, len(text) - width))
    return ("…" if start else "") + text[start:start + width] + ("…" if start + width < len(text) else "")


@dataclass(frozen=True)
class Tag:
    """One docxtpl tag: as written (``{%p if kopi %}``), as Jinja reads it (``{% if kopi %}``), and where."""

    written: str
    jinja: str
    prefix: str
    place: Place

    @property
    def opener(self) -> str:
        return self.jinja[:2]

    @property
    def words(self) -> list[str]:
        inner = self.jinja[2:-2].strip().strip("-+").strip()
        return inner.split()


def _paragraph_places(part: str, root) -> list[tuple[Any, Place]]:
    tables = list(root.iter(f"{W}tbl"))  # held, so lxml hands back the same element objects below
    found = []
    after = ""
    for para in root.iter(f"{W}p"):
        text = "".join(t.text or "" for t in para.iter(f"{W}t"))
        before = after
        if _TAG.sub("", text).strip():
            after = text
        cell = next((a for a in para.iterancestors(f"{W}tc")), None)
        if cell is None:
            found.append((para, Place(part, text, after=before)))
            continue
        row = cell.getparent()
        table = row.getparent() if row is not None else None
        rows = [r for r in table.iter(f"{W}tr")] if table is not None else []
        cells = [c for c in row.iter(f"{W}tc")] if row is not None else []
        number = tables.index(table) + 1 if table is not None and table in tables else None
        found.append((para, Place(part, text, number, rows.index(row) + 1 if row in rows else None,
                                  cells.index(cell) + 1 if cell in cells else None, before)))
    return found


# --- reading the template --------------------------------------------------------------------------

@dataclass
class WordTemplate:
    """A .docx read for checking: its parts' XML and every tag with its place."""

    name: str
    parts: dict[str, bytes] = field(default_factory=dict)
    tags: dict[str, list[Tag]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, data: bytes, name: str) -> WordTemplate:
        """Open ``data`` as Word; raise TemplateProblem saying how to mend a file that is not one."""
        from lxml import etree

        self = cls(name)
        how = "Åpne filen i Word og lagre den som «Word-dokument (.docx)», og prøv igjen."
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            hint = " Filen ser ut som et gammelt Word-dokument (.doc) eller er passordbeskyttet." \
                if data[:4] == b"\xd0\xcf\x11\xe0" else ""
            raise TemplateProblem(f"Malen {name} kan ikke åpnes som Word-dokument: den er ikke en gyldig "
                                  f".docx-fil (ZIP).{hint} {how}") from exc
        if "word/document.xml" not in names:
            raise TemplateProblem(f"Malen {name} kan ikke åpnes som Word-dokument: den mangler selve "
                                  f"dokumentteksten (word/document.xml). {how}")
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        try:
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace") \
                if "[Content_Types].xml" in names else ""
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            types = ""
        for marker, saved_as in (("template.main+xml", "en Word-mal (.dotx)"),
                                 ("macroEnabled", "et dokument med makroer (.docm)")):
            if marker in types:
                raise TemplateProblem(f"Malen {name} er lagret som {saved_as} med navnet .docx, og dokumentene "
                                      f"ville blitt det samme. {how}")
        with archive:
            for info in archive.infolist():
                if not _PARTS.match(info.filename):
                    continue
                if info.file_size > MAX_PART:
                    raise TemplateProblem(f"Malen {name} er for stor til å være en brevmal "
                                          f"({info.filename} er {info.file_size // 1_000_000} MB).")
                try:
                    xml = archive.read(info)
                    root = etree.fromstring(xml, parser)
                except (zipfile.BadZipFile, OSError, ValueError, EOFError, etree.XMLSyntaxError) as exc:
                    raise TemplateProblem(f"Malen {name} kan ikke åpnes som Word-dokument: delen {info.filename} "
                                          f"er skadet. {how}") from exc
                if info.filename == "word/document.xml" and not root.tag.startswith(W):
                    raise TemplateProblem(f"Malen {name} er lagret som «Strict Open XML-dokument», som kvkdocs ikke "
                                          f"leser taggene i. {how}")
                self.parts[info.filename] = xml
                self.tags[info.filename] = self._read_tags(info.filename, root)
                self._check_revisions(info.filename, root)
        return self

    def _check_revisions(self, part: str, root) -> None:
        """Tracked changes and comments left in a template would be in every letter made from it."""
        places = dict(_paragraph_places(part, root))
        for tags, what, how in (
                (("ins", "del", "moveFrom", "moveTo"), "sporede endringer",
                 "Godta eller avvis dem i Word (Se gjennom → Godta alle endringer) og slå av Spor endringer"),
                (("commentReference",), "kommentarer", "Slett dem i Word (Se gjennom → Slett alle kommentarer)")):
            found = next((e for tag in tags for e in root.iter(f"{W}{tag}")), None)
            if found is None:
                continue
            para = next((a for a in found.iterancestors(f"{W}p")), None)
            where = f" (den første {places[para].describe()})" if para is not None and para in places else ""
            self.problems.append(f"Malen {self.name} har {what}{where}, som ville kommet med i hvert dokument. "
                                 f"{how}, og lagre malen.")

    def _read_tags(self, part: str, root) -> list[Tag]:
        tags = []
        opened: tuple[Place, str] | None = None  # a tag begun at the end of the last paragraph
        for para, place in _paragraph_places(part, root):
            text = place.text
            for match in _TAG.finditer(text):
                written = match.group(0)
                prefix_match = _PREFIX.match(written)
                prefix = prefix_match.group(2) if prefix_match else ""
                jinja = written[:2] + " " + written[2 + len(prefix):].lstrip() if prefix else written
                tag = Tag(written, jinja, prefix, place)
                self._check_tag(tag, text, para)
                tags.append(tag)
            rest = _TAG.sub("", text)
            halves = list(_HALF.finditer(rest))
            if opened is not None:
                if halves and halves[0].group(0) in _CLOSERS:  # the rest of the last paragraph's tag
                    first, fragment = opened
                    end = rest[:halves[0].end()]
                    self.problems.append(
                        f"Malen {self.name} har taggen «{' '.join((fragment + ' ' + end).split())}» delt over to "
                        f"avsnitt: den begynner {first.describe(fragment)} og slutter {place.describe(end)}. En tagg "
                        "må stå hel i ett avsnitt: slett linjeskiftet inne i taggen i Word, så den står samlet.")
                    halves = halves[1:]
                else:
                    self._half(*opened)
                opened = None
            if halves and halves[-1].group(0) not in _CLOSERS:
                opened = (place, rest[halves[-1].start():])
                halves = halves[:-1]
            if halves:
                self._half(place, rest[max(0, halves[0].start() - 25):halves[0].end() + 25])
        if opened is not None:
            self._half(*opened)
        return tags

    def _half(self, place: Place, fragment: str) -> None:
        self.problems.append(
            f"Malen {self.name} har en tagg som ikke begynner og slutter i samme avsnitt, "
            f"{place.describe(fragment.strip())} (ved «{' '.join(fragment.split())[:50]}»). En tagg må stå hel i "
            "ett avsnitt: skriv den ferdig der, for eksempel «{{ mottaker.navn }}», uten linjeskift inne i taggen.")

    def _check_tag(self, tag: Tag, text: str, para) -> None:
        quotes = [c for c in tag.written if c in _SMART_QUOTES]
        if quotes:
            self.problems.append(
                f"Malen {self.name} har typografiske anførselstegn ({quotes[0]}) i taggen «{tag.written}» "
                f"{tag.place.describe(tag.written)}. Word gjør \" om til {quotes[0]} mens du skriver; skriv "
                "rette anførselstegn (\" eller ') i taggen (slå av «Erstatt rette anførselstegn med "
                "typografiske» under Autokorrektur), eller bruk ingen.")
        if tag.prefix in ("tr", "tc") and tag.place.table is None:
            self.problems.append(
                f"Malen {self.name} har taggen «{tag.written}» utenfor en tabell {tag.place.describe(tag.written)}. "
                f"«{{%{tag.prefix}» gjentar eller skjuler en tabell{'rad' if tag.prefix == 'tr' else 'celle'}, "
                "så den må stå i en tabell; bruk «{%p …%}» for et avsnitt.")
        if tag.prefix in ("p", "tr", "tc") and tag.opener == "{%":
            beside = _TAG.sub("", text).strip()
            if beside:
                unit = {"p": "avsnittet", "tr": "tabellraden", "tc": "tabellcellen"}[tag.prefix]
                self.problems.append(
                    f"Malen {self.name} har tekst ved siden av taggen «{tag.written}» {tag.place.describe(tag.written)}. "
                    f"Hele {unit} med en «{{%{tag.prefix}»-tagg blir borte i dokumentet, også teksten «{_excerpt(beside, '', 40)}». "
                    f"Flytt taggen til et eget avsnitt.")

    # -- after docxtpl: split runs -------------------------------------------------------------------

    def unmerged(self, part: str, patched_xml: str) -> list[str]:
        """Tags that docxtpl's merging of Word's runs did not give back whole, with how to mend each."""
        found = []
        for match in _TAG.finditer(patched_xml):
            if "<" not in match.group(0):
                continue
            broken = re.sub(r"<[^>]*>", "", match.group(0))
            key = "".join(broken.split())
            tag = next((t for t in self.tags.get(part, []) if "".join(t.jinja.split()) == key
                        or "".join(t.written.split()) == key), None)
            where = tag.place.describe(tag.written) if tag else ""
            found.append(
                f"Malen {self.name} har taggen «{broken}» {where}, men Word har delt den opp (for eksempel med "
                "ulik formatering, en kommentar eller et felt midt i taggen) slik at den ikke kan leses. Merk hele "
                "taggen i Word, slett den, og skriv den inn på nytt i ett strekk med samme formatering.".replace("  ", " "))
        return found


# --- checking the tags -------------------------------------------------------------------------------

def check_template(template: WordTemplate, shape: Shape, env: Any) -> list[str]:
    """Every problem of the template's tags, each a sentence naming its place in Word."""
    problems = list(template.problems)
    if problems:
        return problems
    for tags in template.tags.values():
        tags = [t for t in tags if t.opener != "{#"]
        balance = _balance(template.name, tags)
        if balance:
            problems.extend(balance)
            continue
        source = "\n".join(t.jinja for t in tags)
        from jinja2 import TemplateSyntaxError

        try:
            tree = env.parse(source)
        except TemplateSyntaxError as exc:
            tag = tags[min(max((exc.lineno or 1) - 1, 0), len(tags) - 1)] if tags else None
            where = f"i taggen «{tag.written}» {tag.place.describe(tag.written)}" if tag else ""
            problems.append(f"Malen {template.name} har en feil {where}: {_jinja_reason(exc.message)}. "
                            "Rett taggen i Word (for eksempel «{{ navn }}» eller «{%p if … %}»).")
            continue
        problems.extend(Names(template.name, tags, shape).check(tree))
    return problems


def _jinja_reason(message: str | None) -> str:
    """Jinja's English reason, kept (it names the token) behind a Norwegian lead."""
    message = re.sub(r" at \d+$", "", message or "")  # a position in the XML means nothing in Word
    return f"Jinja sier «{message}»" if message else "taggen kan ikke leses"


def _balance(name: str, tags: list[Tag]) -> list[str]:
    """Each loop and condition closed, in order; the message names the tag that opened it."""
    stack: list[Tag] = []
    for tag in tags:
        if tag.opener != "{%" or not tag.words:
            continue
        word = tag.words[0]
        if word == "set" and "=" not in tag.jinja:
            word = "setblock"
        if word in _OPENERS or word == "setblock":
            stack.append(tag)
        elif word in ("elif", "else"):
            if not stack or stack[-1].words[0] not in ("if", "for"):
                return [f"Malen {name} har «{tag.written}» {tag.place.describe(tag.written)} uten en "
                        "«{%p if … %}» før. Legg til betingelsen, eller fjern taggen."]
        elif word.startswith("end"):
            want = word[3:]
            if not stack:
                return [f"Malen {name} har «{tag.written}» {tag.place.describe(tag.written)}, men ingen "
                        f"«{{% {want} … %}}» er åpen der. Fjern taggen, eller legg til den som mangler."]
            opened = stack.pop()
            got = "set" if opened.words[0] == "set" else opened.words[0]
            if got != want:
                return [f"Malen {name} lukker «{opened.written}» med «{tag.written}» {tag.place.describe(tag.written)}. "
                        f"«{opened.written}» står {opened.place.describe(opened.written)} og skal lukkes med "
                        f"«{_closer(opened)}»; sjekk at hver betingelse og løkke lukkes i riktig rekkefølge."]
    return [f"Malen {name} har «{opened.written}» {opened.place.describe(opened.written)} som aldri lukkes. "
            f"Legg til «{_closer(opened)}» der {'betingelsen' if opened.words[0] == 'if' else 'blokken'} skal "
            "slutte, i et eget avsnitt." for opened in stack[:1]]


def _closer(tag: Tag) -> str:
    prefix = tag.prefix + " " if tag.prefix else " "
    return "{%" + prefix + "end" + tag.words[0] + " %}"
