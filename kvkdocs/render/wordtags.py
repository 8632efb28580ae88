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
Each problem is a message key and its values (:class:`~kvkdocs.messages.Text`,
``template.*`` and ``place.*``), said in bokmål or nynorsk where it is shown.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from ..messages import Text
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
    """A problem in a user's template, said for people: what is wrong, where in Word, how to mend it.

    ``text`` is the problem as a message key and values; ``str()`` is it in bokmål."""

    def __init__(self, text: Text) -> None:
        from ..messages import render

        super().__init__(render(text))
        self.text = text


def _how() -> Text:
    return Text("template.resave")


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

    def describe(self, focus: str = "") -> Text:
        """Where Word shows this paragraph («i avsnittet «…»»), with its text around ``focus``."""
        text = _excerpt(self.text, focus)
        area: Text | str = ""
        if self.part.startswith("word/header"):
            area = Text("place.header")
        elif self.part.startswith("word/footer"):
            area = Text("place.footer")
        if self.table is not None:
            return Text("place.cell", {"table": self.table, "row": self.row, "column": self.column, "area": area,
                                       "text": text})
        after: Text | str = ""
        if self.after and not _TAG.sub("", self.text).strip():  # a paragraph of tags alone: say what it follows
            after = Text("place.after", {"text": _excerpt(self.after, "", 50)})
        return Text("place.paragraph", {"text": text, "after": after, "area": area})


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
    problems: list[Text] = field(default_factory=list)

    @classmethod
    def read(cls, data: bytes, name: str) -> WordTemplate:
        """Open ``data`` as Word; raise TemplateProblem saying how to mend a file that is not one."""
        from lxml import etree

        self = cls(name)
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            ole = data[:4] == b"\xd0\xcf\x11\xe0"  # an old .doc, or a password-protected file
            raise TemplateProblem(Text("template.not-zip-ole" if ole else "template.not-zip",
                                       {"name": name, "how": _how()})) from exc
        if "word/document.xml" not in names:
            raise TemplateProblem(Text("template.no-document", {"name": name, "how": _how()}))
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        try:
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace") \
                if "[Content_Types].xml" in names else ""
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            types = ""
        for marker, saved_as in (("template.main+xml", "template.as-dotx"), ("macroEnabled", "template.as-docm")):
            if marker in types:
                raise TemplateProblem(Text("template.saved-as", {"name": name, "saved_as": Text(saved_as),
                                                                 "how": _how()}))
        with archive:
            for info in archive.infolist():
                if not _PARTS.match(info.filename):
                    continue
                if info.file_size > MAX_PART:
                    raise TemplateProblem(Text("template.part-too-big", {"name": name, "part": info.filename,
                                                                         "size": info.file_size // 1_000_000}))
                try:
                    xml = archive.read(info)
                    root = etree.fromstring(xml, parser)
                except (zipfile.BadZipFile, OSError, ValueError, EOFError, etree.XMLSyntaxError) as exc:
                    raise TemplateProblem(Text("template.part-damaged", {"name": name, "part": info.filename,
                                                                         "how": _how()})) from exc
                if info.filename == "word/document.xml" and not root.tag.startswith(W):
                    raise TemplateProblem(Text("template.strict", {"name": name, "how": _how()}))
                self.parts[info.filename] = xml
                self.tags[info.filename] = self._read_tags(info.filename, root)
                self._check_revisions(info.filename, root)
        return self

    def _check_revisions(self, part: str, root) -> None:
        """Tracked changes and comments left in a template would be in every letter made from it."""
        places = dict(_paragraph_places(part, root))
        for tags, key in ((("ins", "del", "moveFrom", "moveTo"), "template.tracked-changes"),
                          (("commentReference",), "template.comments")):
            found = next((e for tag in tags for e in root.iter(f"{W}{tag}")), None)
            if found is None:
                continue
            para = next((a for a in found.iterancestors(f"{W}p")), None)
            where = Text("template.first-at", {"place": places[para].describe()}) \
                if para is not None and para in places else ""
            self.problems.append(Text(key, {"name": self.name, "where": where}))

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
                    self.problems.append(Text("template.split-across", {
                        "name": self.name, "tag": " ".join((fragment + " " + end).split()),
                        "first": first.describe(fragment), "last": place.describe(end)}))
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
        self.problems.append(Text("template.half", {"name": self.name, "place": place.describe(fragment.strip()),
                                                    "fragment": " ".join(fragment.split())[:50]}))

    def _check_tag(self, tag: Tag, text: str, para) -> None:
        quotes = [c for c in tag.written if c in _SMART_QUOTES]
        if quotes:
            self.problems.append(Text("template.smart-quotes", {"name": self.name, "quote": quotes[0],
                                                                "tag": tag.written,
                                                                "place": tag.place.describe(tag.written)}))
        if tag.prefix in ("tr", "tc") and tag.place.table is None:
            self.problems.append(Text(f"template.{tag.prefix}-outside", {"name": self.name, "tag": tag.written,
                                                                         "place": tag.place.describe(tag.written)}))
        if tag.prefix in ("p", "tr", "tc") and tag.opener == "{%":
            beside = _TAG.sub("", text).strip()
            if beside:
                self.problems.append(Text("template.text-beside", {
                    "name": self.name, "tag": tag.written, "place": tag.place.describe(tag.written),
                    "unit": Text(f"template.unit.{tag.prefix}"), "prefix": tag.prefix,
                    "beside": _excerpt(beside, "", 40)}))

    # -- after docxtpl: split runs -------------------------------------------------------------------

    def unmerged(self, part: str, patched_xml: str) -> list[Text]:
        """Tags that docxtpl's merging of Word's runs did not give back whole, with how to mend each."""
        found = []
        for match in _TAG.finditer(patched_xml):
            if "<" not in match.group(0):
                continue
            broken = re.sub(r"<[^>]*>", "", match.group(0))
            key = "".join(broken.split())
            tag = next((t for t in self.tags.get(part, []) if "".join(t.jinja.split()) == key
                        or "".join(t.written.split()) == key), None)
            where = Text("template.at-place", {"place": tag.place.describe(tag.written)}) if tag else ""
            found.append(Text("template.unmerged", {"name": self.name, "tag": broken.replace("  ", " "), "where": where}))
        return found


# --- checking the tags -------------------------------------------------------------------------------

def check_template(template: WordTemplate, shape: Shape, env: Any) -> list[Text]:
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
            where = Text("template.in-tag", {"tag": tag.written, "place": tag.place.describe(tag.written)}) if tag else ""
            problems.append(Text("template.syntax", {"name": template.name, "where": where,
                                                     "reason": _jinja_reason(exc.message)}))
            continue
        problems.extend(Names(template.name, tags, shape).check(tree))
    return problems


def _jinja_reason(message: str | None) -> Text:
    """Jinja's English reason, kept (it names the token) behind a Norwegian lead."""
    message = re.sub(r" at \d+$", "", message or "")  # a position in the XML means nothing in Word
    return Text("template.jinja-says", {"message": message}) if message else Text("template.tag-unreadable")


def _balance(name: str, tags: list[Tag]) -> list[Text]:
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
                return [Text("template.else-without-if", {"name": name, "tag": tag.written,
                                                          "place": tag.place.describe(tag.written)})]
        elif word.startswith("end"):
            want = word[3:]
            if not stack:
                return [Text("template.end-without-open", {"name": name, "tag": tag.written,
                                                           "place": tag.place.describe(tag.written), "want": want})]
            opened = stack.pop()
            got = "set" if opened.words[0] == "set" else opened.words[0]
            if got != want:
                return [Text("template.wrong-close", {
                    "name": name, "opened": opened.written, "tag": tag.written, "place": tag.place.describe(tag.written),
                    "opened_place": opened.place.describe(opened.written), "closer": _closer(opened)})]
    return [Text("template.never-closed-if" if opened.words[0] == "if" else "template.never-closed-block",
                 {"name": name, "tag": opened.written, "place": opened.place.describe(opened.written),
                  "closer": _closer(opened)}) for opened in stack[:1]]


def _closer(tag: Tag) -> str:
    prefix = tag.prefix + " " if tag.prefix else " "
    return "{%" + prefix + "end" + tag.words[0] + " %}"
