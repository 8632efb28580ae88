"""Why a PDF cannot be read, said so the sender can fix it: each case read straight by the PDF reader.

The batch test in ``test_hostile_documents.py`` checks the same files through
``validate`` (one finding each, the batch goes on); this file reads each one
alone, in milliseconds, so that mutation testing can try every mutant of the
reader's opening step against it.
"""

from __future__ import annotations

import pytest

from kvkdocs.errors import PdfReadError
from kvkdocs.load.pdf import read_pdf

from .test_hostile_documents import GOOD_PDF, pdf_bytes

CASES = {
    "ikke-pdf.pdf": (lambda: b"hei", "Filen er ikke en PDF (den mangler PDF-hodet).",
                     "Send søknaden som PDF, Word eller YAML."),
    "mellomrom-foran.pdf": (lambda: b"\n\n  " + pdf_bytes(), "PDF-filen har ingen tekst, bare bilder (skannet dokument).",
                            None),  # blank lines before the header: still a PDF, read as one
    "avkortet.pdf": (lambda: GOOD_PDF.read_bytes()[:2000],
                     "PDF-filen er skadet og kan ikke leses (den er ikke bygd opp som en PDF).",
                     "Eksporter dokumentet til PDF på nytt."),
    "passord.pdf": (lambda: pdf_bytes(password="eier", user="hemmelig"), "PDF-filen er passordbeskyttet.",
                    "Send en kopi uten passord."),
    "aes-passord.pdf": (lambda: pdf_bytes(password="eier", user="hemmelig", algorithm="AES-256"),
                        "PDF-filen er passordbeskyttet.", "Send en kopi uten passord."),
    "ukjent-kryptering.pdf": (lambda: pdf_bytes(password="eier").replace(b"/Standard", b"/Ukjentxx"),
                              "PDF-filen er kryptert på en måte som ikke kan leses.", "Send en kopi uten passord."),
    "ingen-sider.pdf": (lambda: pdf_bytes(pages=0), "PDF-filen har ingen sider.", "Eksporter dokumentet til PDF på nytt."),
    "301-sider.pdf": (lambda: pdf_bytes(pages=301), "PDF-filen har 301 sider; en søknad har sjelden mer enn 300.",
                      "Sjekk at det er riktig fil."),
    "300-sider.pdf": (lambda: pdf_bytes(pages=300), "PDF-filen har ingen tekst, bare bilder (skannet dokument).",
                      None),  # the limit itself is allowed: read, and found to have no text
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_pdf_that_cannot_be_read_says_why_and_what_to_do(tmp_path, name):
    build, sentence, hint = CASES[name]
    path = tmp_path / name
    path.write_bytes(build())
    with pytest.raises(PdfReadError) as raised:
        read_pdf(path)
    assert raised.value.message == sentence
    if hint is not None:
        assert raised.value.hint == hint


@pytest.mark.parametrize("code, why", [(2, "den kan ikke åpnes"), (3, "den er ikke bygd opp som en PDF"),
                                       (99, "ukjent feil")])
def test_a_pdf_pdfium_cannot_open_names_the_reason_it_gave(tmp_path, monkeypatch, code, why):
    """PDFium's reason when it opens nothing: a file gone or unreadable after the header was read (2),
    a broken structure (3), or a code it has no name for."""
    import pypdfium2.raw as c

    path = tmp_path / "søknad.pdf"
    path.write_bytes(pdf_bytes())
    monkeypatch.setattr(c, "FPDF_LoadDocument", lambda *args: None)
    monkeypatch.setattr(c, "FPDF_GetLastError", lambda: code)
    with pytest.raises(PdfReadError) as raised:
        read_pdf(path)
    assert raised.value.message == f"PDF-filen er skadet og kan ikke leses ({why})."
    assert raised.value.hint == "Eksporter dokumentet til PDF på nytt."

