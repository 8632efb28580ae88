"""Write the Word and PDF samples in samples/dokumenter/, and hand-edited variants.

Drafts are made with `kvkdocs draft`, PDFs with LibreOffice, and the edits
with python-docx the way a person would make them in Word: rows added and
deleted, a section moved, text changed, the file re-saved by LibreOffice.
Each file's expected rule ids go into tests/expected_samples.yaml.

Run from the project root after tools/make_samples.py: ``python tools/make_documents.py``.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "samples" / "dokumenter"
EXPECTED_FILE = ROOT / "tests" / "expected_samples.yaml"

DRAFTS = {
    "1445-gloppen": ("pulje-4/1445-gloppen.yaml", []),
    "1902-tromso": ("utgaver/kvalitetskommune-2006-godkjent.yaml", []),
    "1432-forde-felles": ("utgaver/sammen-om-en-bedre-kommune-2011-godkjent.yaml", []),
    "1545-midsund": ("pulje-4/1545-midsund.yaml", ["anchoring.all-unions"]),
    "1548-fraena": ("pulje-4/1548-fraena.yaml", ["steering.three-parties"]),
}


def draft(source: Path, out: Path) -> None:
    from kvkdocs.check import Checker
    from kvkdocs.draft import write_draft
    from kvkdocs.load import load_file

    checker = Checker()
    result = checker.check_file(source)
    write_draft(load_file(source).data, result, checker.catalogue.get(result.programme), out)


def soffice(*args: str) -> None:
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        sys.exit("LibreOffice is needed: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([binary, f"-env:UserInstallation=file://{profile}", "--headless", *args], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _section_range(doc, title: str):
    """The body elements from a Heading 1 «title» up to the next Heading 1."""
    body = list(doc.element.body.iterchildren())
    texts = ["".join(t.text or "" for t in el.iter(el.tag.rsplit("}", 1)[0] + "}t")) for el in body]
    start = texts.index(title)
    end = next(i for i in range(start + 1, len(body)) if body[i].tag.endswith("}p")
               and (body[i].find(".//{*}pStyle") is not None and body[i].find(".//{*}pStyle").get(
                   "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") == "Heading1"))
    return body[start:end]


def _table_after(doc, title: str):
    from docx.table import Table

    for el in _section_range(doc, title):
        if el.tag.endswith("}tbl"):
            return Table(el, doc)
    raise LookupError(title)


def edit_variants(base: Path) -> dict[str, list[str]]:
    from docx import Document

    variants: dict[str, list[str]] = {}

    doc = Document(base)
    table = _table_after(doc, "Arbeidstakarorganisasjonar")
    new_row = copy.deepcopy(table.rows[-1]._tr)
    table._tbl.append(new_row)
    cells = table.rows[-1].cells
    cells[0].text, cells[1].text, cells[2].text = "Fellesorganisasjonen", "", ""
    doc.save(OUT / "1445-gloppen-rad-lagt-til.docx")
    variants["1445-gloppen-rad-lagt-til.docx"] = ["anchoring.all-unions"]

    doc = Document(base)
    table = _table_after(doc, "Styringsgruppe")
    for row in list(table.rows)[1:]:
        if row.cells[1].text.strip() == "Tillitsvalde":
            table._tbl.remove(row._tr)
    doc.save(OUT / "1445-gloppen-rad-fjerna.docx")
    variants["1445-gloppen-rad-fjerna.docx"] = ["steering.three-parties"]

    doc = Document(base)
    moved = _section_range(doc, "Mål")
    anchor = next(el for el in doc.element.body.iterchildren()
                  if el.tag.endswith("}p") and "".join(t.text or "" for t in el.iter("{*}t")) == "Underskrifter")
    for el in moved:
        anchor.addprevious(el)
    work = next(p for p in doc.paragraphs if p.text.startswith("Gloppen kommune organiserer"))
    work.insert_paragraph_before("Merknad frå rådmannen: arbeidet byggjer på røynsler frå modellkommuneforsøket.")
    doc.save(OUT / "1445-gloppen-del-flytta.docx")
    variants["1445-gloppen-del-flytta.docx"] = []

    doc = Document(base)
    for table in doc.tables:
        for row in table.rows:
            if row.cells[0].text.strip() == "Målverdi" and row.cells[1].text.strip() == "9,3":
                row.cells[1].text = "11,5"
    doc.save(OUT / "1445-gloppen-tekst-endra.docx")
    variants["1445-gloppen-tekst-endra.docx"] = ["goals.sick-leave"]

    with tempfile.TemporaryDirectory() as tmp:
        soffice("--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, str(base))
        shutil.move(Path(tmp) / base.name, OUT / "1445-gloppen-libreoffice.docx")
    variants["1445-gloppen-libreoffice.docx"] = []
    return variants


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    expected = yaml.safe_load(EXPECTED_FILE.read_text(encoding="utf-8"))
    expected = {k: v for k, v in expected.items() if not k.startswith("dokumenter/")}
    for stem, (source, rules) in DRAFTS.items():
        draft(ROOT / "samples" / source, OUT / f"{stem}.docx")
        expected[f"dokumenter/{stem}.docx"] = expected[f"dokumenter/{stem}.pdf"] = rules
    soffice("--convert-to", "pdf", "--outdir", str(OUT), *sorted(str(p) for p in OUT.glob("*.docx")))
    for name, rules in edit_variants(OUT / "1445-gloppen.docx").items():
        expected[f"dokumenter/{name}"] = rules
    header = "".join(line + "\n" for line in EXPECTED_FILE.read_text(encoding="utf-8").splitlines() if line.startswith("#"))
    EXPECTED_FILE.write_text(header + yaml.safe_dump(dict(sorted(expected.items())), allow_unicode=True, sort_keys=False),
                             encoding="utf-8")


if __name__ == "__main__":
    main()
