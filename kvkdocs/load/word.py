"""Reading an application back from a Word file, by what a person can see.

Sections are found by their headings and values by their row labels and
column headers (in bokmål or nynorsk), never by position, so the document
survives edited text, added or deleted rows, inserted paragraphs, moved
sections and a re-save in LibreOffice. Hidden data (document properties,
deleted tracked changes) is ignored: the visible text is the application.

The file is checked as a ZIP before anything parses it (entry count,
declared sizes, compression ratio, names, macros), and the XML is parsed by
lxml with entities and network access off.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import DocxReadError
from .layout import Block, blocks_to_application

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_ENTRIES = 1000
MAX_TOTAL = 100 * 1024 * 1024
MAX_PART = 30 * 1024 * 1024
MAX_RATIO = 200
HEADING_STYLES = {"heading1", "overskrift1", "title", "tittel"}
_PROTECTED = "Filen er passordbeskyttet eller i det gamle Word-formatet (.doc)."


def check_package(path: Path) -> zipfile.ZipFile:
    """Open the ZIP only if it looks like a sane Word document; raise DocxReadError saying why not."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise DocxReadError(_PROTECTED, "Lagre dokumentet på nytt i Word som .docx uten passord (Fil → Lagre som → Word-dokument).")
    if head.startswith(b"%PDF"):
        raise DocxReadError("Filen er en PDF med endelsen .docx.", "Gi filen endelsen .pdf og send den på nytt.")
    if head.startswith(b"{\\rtf"):
        raise DocxReadError("Filen er et RTF-dokument med endelsen .docx.", "Lagre den som Word-dokument (.docx) i Word.")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DocxReadError("Filen er ikke et gyldig Word-dokument (ødelagt eller avkortet).",
                            "Åpne den i Word og lagre på nytt, eller be om en ny kopi.") from exc
    infos = archive.infolist()
    names = {i.filename for i in infos}
    problem = _package_problem(infos, names)
    if problem:
        archive.close()
        raise DocxReadError(*problem)
    return archive


def _package_problem(infos, names) -> tuple[str, str] | None:
    if len(infos) > MAX_ENTRIES:
        return f"Word-filen har {len(infos)} deler; det er mistenkelig mange.", "Lagre dokumentet på nytt i Word."
    if sum(i.file_size for i in infos) > MAX_TOTAL:
        return (f"Word-filen pakkes ut til mer enn grensen på {MAX_TOTAL // 2**20} MB.",
                "Fjern store bilder og vedlegg, og lagre på nytt.")
    big = next((i for i in infos if i.file_size > MAX_PART), None)
    if big is not None:
        return (f"En del av Word-filen ({big.filename[:60]}) pakkes ut til mer enn grensen på {MAX_PART // 2**20} MB "
                "per del.", "Fjern eller komprimer store bilder og vedlegg, og lagre på nytt.")
    for info in infos:
        name = info.filename
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/") or ":" in name:
            return f"Word-filen har en del med ulovlig navn ({name[:60]}).", "Filen kan være manipulert; be om en ny kopi."
        if info.file_size > 1024 * 1024 and info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            return "Word-filen er pakket mistenkelig tett (mulig ZIP-bombe).", "Be om en ny kopi av dokumentet."
        if info.flag_bits & 0x1:
            return _PROTECTED, "Fjern passordet og lagre på nytt som .docx."
    if "word/vbaProject.bin" in names or any(n.lower().endswith("vbaproject.bin") for n in names):
        return ("Filen inneholder makroer.", "Lagre dokumentet som vanlig Word-dokument (.docx) uten makroer.")
    if "[Content_Types].xml" not in names:
        return "Filen mangler innholdsfortegnelsen til et Word-dokument ([Content_Types].xml).", "Lagre dokumentet på nytt i Word."
    if "word/document.xml" not in names:
        if "EncryptionInfo" in names or "EncryptedPackage" in names:
            return _PROTECTED, "Fjern passordet og lagre på nytt som .docx."
        return "Filen er en ZIP-fil, men ikke et Word-dokument (word/document.xml mangler).", "Send søknaden som .docx."
    return None


def _parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False)


def _paragraph_text(p) -> str:
    parts = []
    for node in p.iter(W + "t", W + "tab", W + "br", W + "cr"):
        if node.tag == W + "t":
            parts.append(node.text or "")
        elif node.tag == W + "tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _style(p) -> str:
    style = p.find(f"{W}pPr/{W}pStyle")
    return (style.get(W + "val") or "").replace(" ", "").casefold() if style is not None else ""


def _cell_text(tc) -> str:
    return "\n".join(_paragraph_text(p) for p in tc.iter(W + "p"))


def _blocks(body) -> list[Block]:
    blocks = []
    for node in body:
        tag = node.tag
        if tag == W + "p":
            style = _style(node)
            listed = node.find(f"{W}pPr/{W}numPr") is not None
            blocks.append(Block("p", _paragraph_text(node), heading=style in HEADING_STYLES,
                                plain=style in ("", "normal", "standard") and not listed))
        elif tag == W + "tbl":
            rows = [[_cell_text(tc) for tc in tr.findall(f"{W}tc")] for tr in node.findall(f"{W}tr")]
            blocks.append(Block("table", rows=rows))
        elif tag == W + "sdt":
            content = node.find(f"{W}sdtContent")
            if content is not None:
                blocks.extend(_blocks(content))
    return blocks


def read_word(path: Path):
    """(data, pointer→Location fields, sections found) from a .docx file; raises DocxReadError."""
    from lxml import etree

    with check_package(path) as archive:
        try:
            xml = archive.read("word/document.xml")
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise DocxReadError("Word-filen er skadet (innholdet kan ikke pakkes ut).", "Lagre på nytt i Word.") from exc
    if b"<!DOCTYPE" in xml[:2000] or b"<!ENTITY" in xml[:5000]:
        raise DocxReadError("Word-filen inneholder en DOCTYPE/ENTITY-deklarasjon, som Word aldri skriver.",
                            "Filen kan være manipulert; be om en ny kopi.")
    try:
        root = etree.fromstring(xml, _parser())
    except etree.XMLSyntaxError as exc:
        raise DocxReadError(f"Word-filen har ugyldig XML ({str(exc)[:80]}).", "Åpne og lagre på nytt i Word.") from exc
    body = root.find(f"{W}body")
    if body is None:
        raise DocxReadError("Word-filen har ingen brødtekst.", "Send søknaden på nytt.")
    return blocks_to_application(_blocks(body), pages=None)
