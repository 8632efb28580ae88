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
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from ..errors import TemplateError
from .ziputil import RawMember, read_raw, write_zip

BODY = "word/document.xml"
CORE = "docProps/core.xml"
_HEADERS = re.compile(r"word/(header|footer)\d*\.xml\Z")
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SPLIT = re.compile(r"<w:p([ >])")
_UNSPLIT = re.compile(r"\n<w:p([ >])")


def clean_text(value: str) -> str:
    """NFC, Windows line ends as \\n, and no characters XML 1.0 cannot hold."""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return _ILLEGAL_XML.sub("", value)


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
        self.variables: set[str] = set()
        # Headers and footers are templates too (the EKSEMPEL banner lives in the page header).
        headers = [m.name for m in self._members if _HEADERS.match(m.name)]
        for name in (BODY, CORE, *headers):
            xml = self._read_member(name)
            if name == CORE and "{" not in xml:
                continue
            if name != CORE:
                xml = self._tpl.patch_xml(xml)
            xml = _SPLIT.sub(r"\n<w:p\1", xml)
            try:
                tree = self.env.parse(xml)  # parsed once: for the variable check and for compiling
                self.variables |= meta.find_undeclared_variables(tree)
                self._parts[name] = self.env.from_string(tree)
            except TemplateSyntaxError as exc:
                raise TemplateError(
                    f"Malen {self.name} har en feil i en tagg på linje {exc.lineno}: {exc.message}. "
                    "Rett taggen i Word (for eksempel {{ navn }} eller {%p if … %}).",
                    template=self.name, line=exc.lineno) from exc

    def _read_member(self, name: str) -> str:
        """A part's text, from the raw members already read (no second pass over the file)."""
        member = next((m for m in self._members if m.name == name), None)
        if member is None:
            raise TemplateError(f"Malen {self.name} mangler delen {name}; er det en Word-fil?", template=self.name)
        return member.payload().decode("utf-8")

    def missing(self, context: dict) -> set[str]:
        """Variables the template uses that ``context`` does not give."""
        return self.variables - set(context)

    def render_part(self, name: str, context: dict) -> str:
        from jinja2 import TemplateError as JinjaError

        try:
            xml = self._parts[name].render(context)
        except JinjaError as exc:
            raise TemplateError(f"Malen {self.name} kunne ikke fylles ut: {exc}", template=self.name) from exc
        xml = _UNSPLIT.sub(r"<w:p\1", xml)
        if name != CORE:
            xml = self._tpl.resolve_listing(xml)
        return xml

    def render(self, context: dict) -> bytes:
        """The finished .docx as bytes; raises TemplateError if the result is not valid XML."""
        from lxml import etree

        changed = {}
        for name in self._parts:
            xml = self.render_part(name, context).encode("utf-8")
            try:
                etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
            except etree.XMLSyntaxError as exc:
                raise TemplateError(f"Malen {self.name} ga ugyldig XML ({exc}).", template=self.name) from exc
            changed[name] = RawMember.deflate(name, xml)
        return write_zip([changed.get(m.name, m) for m in self._members])
