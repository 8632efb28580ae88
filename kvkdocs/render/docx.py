"""Compile a docxtpl template once; render any number of documents from it.

docxtpl's ``render`` re-reads the template, re-patches its XML and compiles
the same Jinja template again for every document, then re-serialises the
whole package through python-docx. For a batch we do docxtpl's own steps
once (``patch_xml``, the paragraph split of ``render_xml_part``) and keep the
compiled Jinja template; per document we render, apply docxtpl's own
post-processing (``resolve_listing``), check that the result is well-formed
XML, and zip it with the template's other parts copied as they are.

Data is never a template: every value is escaped (autoescape), stripped of
characters XML 1.0 forbids, and normalised to NFC before it is inserted.

The document properties are part of the template too: the title
(``dc:title``) may hold tags and is read back for the archive's manifest,
and created/modified always carry the document's own date, whatever a
secretariat's copy of Word stamped on its template when it was saved.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from ..errors import TemplateError
from ..messages import Text
from .ziputil import RawMember, read_raw, write_zip

BODY = "word/document.xml"
CORE = "docProps/core.xml"
_HEADERS = re.compile(r"word/(header|footer)\d*\.xml\Z")
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SPLIT = re.compile(r"<w:p([ >])")
_UNSPLIT = re.compile(r"\n<w:p([ >])")
_CORE_DATES = re.compile(r"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"


def clean_text(value: str) -> str:
    """NFC, Windows line ends as \\n, and no characters XML 1.0 cannot hold."""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return _ILLEGAL_XML.sub("", value)


def _paragraph_at(xml: str, lineno: int | None) -> Text | str:
    """Where Jinja's line is in Word: every paragraph starts a line, so the line is a paragraph's text."""
    lines = xml.split("\n")
    if not lineno or lineno > len(lines):
        return ""
    text = " ".join(re.sub(r"<[^>]*>", "", lines[lineno - 1]).split())
    text = text if len(text) <= 90 else text[:89] + "…"
    return Text("template.in-paragraph", {"text": text}) if text else ""


def _finalize(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if value is None:
        return ""
    return value


def environment():
    """The Jinja environment for documents: escaped, strict, sanitised."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, finalize=_finalize)


class CompiledDocx:
    """One Word template, parsed and compiled; ``render`` gives a document's bytes."""

    def __init__(self, path: Path, env: Any = None) -> None:
        from docxtpl import DocxTemplate
        from jinja2 import TemplateSyntaxError, meta

        self.path = Path(path)
        self.name = self.path.name
        self.env = env or environment()
        self._tpl = DocxTemplate(str(self.path))  # for docxtpl's own patching helpers
        self._members = read_raw(str(self.path))
        self._parts: dict[str, Any] = {}
        self.patched: dict[str, str] = {}  # each part as Jinja reads it, for the user-template check
        self.variables: set[str] = set()
        # Headers and footers are templates too (the EKSEMPEL banner lives in the page header).
        headers = [m.name for m in self._members if _HEADERS.match(m.name)]
        core = [CORE] if any(m.name == CORE for m in self._members) else []
        for name in (BODY, *core, *headers):
            xml = self._read_member(name)
            if name != CORE:
                xml = self._tpl.patch_xml(xml)
            xml = _SPLIT.sub(r"\n<w:p\1", xml)
            self.patched[name] = xml
            try:
                tree = self.env.parse(xml)  # parsed once: for the variable check and for compiling
                self.variables |= meta.find_undeclared_variables(tree)
                self._parts[name] = self.env.from_string(tree)
            except TemplateSyntaxError as exc:
                raise TemplateError.said(
                    Text("template.tag-error", {"name": self.name, "where": _paragraph_at(xml, exc.lineno),
                                                "detail": exc.message}),
                    template=self.name, line=exc.lineno) from exc

    def _read_member(self, name: str) -> str:
        """A part's text, from the raw members already read (no second pass over the file)."""
        member = next((m for m in self._members if m.name == name), None)
        if member is None:
            raise TemplateError.said(Text("template.part-missing", {"name": self.name, "part": name}), template=self.name)
        return member.payload().decode("utf-8")

    def missing(self, context: dict) -> set[str]:
        """Variables the template uses that ``context`` does not give."""
        return self.variables - set(context)

    def render_part(self, name: str, context: dict) -> str:
        from jinja2 import TemplateError as JinjaError

        try:
            xml = self._parts[name].render(context)
        except JinjaError as exc:
            raise TemplateError.said(Text("template.cannot-fill", {"name": self.name, "detail": str(exc)}),
                                     template=self.name) from exc
        except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as exc:
            # an expression of a user's template that fails on the data ({{ pulje + "x" }}): the template's fault
            raise TemplateError.said(Text("template.expression-fails", {"name": self.name,
                                                                        "detail": f"{type(exc).__name__}: {exc}"}),
                                     template=self.name) from exc
        xml = _UNSPLIT.sub(r"<w:p\1", xml)
        if name != CORE:
            xml = self._tpl.resolve_listing(xml)
        elif isinstance(context.get("dokumentdato_iso"), str):
            # The document's own date, whatever the template says: Word stamps a template's
            # created/modified when someone saves it, and a re-run must give the same bytes.
            xml = _CORE_DATES.sub(lambda m: m.group(1) + clean_text(context["dokumentdato_iso"]) + m.group(3), xml)
        return xml

    def render(self, context: dict) -> bytes:
        """The finished .docx as bytes; raises TemplateError if the result is not valid XML."""
        return self.render_with_title(context)[0]

    def render_with_title(self, context: dict) -> tuple[bytes, str]:
        """The finished .docx and its title (``dc:title``, '' if the template has none).

        The archive's title is read from the document itself, so a subject a
        secretariat edits in its own template and the manifest always agree.
        """
        from lxml import etree

        changed = {}
        title = ""
        for name in self._parts:
            xml = self.render_part(name, context).encode("utf-8")
            try:
                tree = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
            except etree.XMLSyntaxError as exc:
                raise TemplateError.said(Text("template.bad-xml", {"name": self.name, "detail": str(exc)}),
                                         template=self.name) from exc
            if name == CORE:
                found = tree.find(_DC_TITLE)
                title = " ".join((found.text or "").split()) if found is not None else ""
            changed[name] = RawMember.deflate(name, xml)
        return write_zip([changed.get(m.name, m) for m in self._members]), title
