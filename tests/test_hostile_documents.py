"""Hostile and broken Word and PDF files: a clear finding each, and the batch goes on."""

from __future__ import annotations

import base64
import io
import os
import zipfile
from pathlib import Path

import pytest

from kvkdocs import validate

from .conftest import ROOT, SAMPLES, shared

GOOD_DOCX = SAMPLES / "dokumenter/1902-tromso.docx"
GOOD_PDF = SAMPLES / "dokumenter/1902-tromso.pdf"
CORPUS = ROOT.parent / "shared" / "corpus"


def docx_with(parts: dict[str, bytes], drop: tuple[str, ...] = ()) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(GOOD_DOCX) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in drop and info.filename not in parts:
                dst.writestr(info.filename, src.read(info))
        for name, data in parts.items():
            dst.writestr(name, data)
    return out.getvalue()


def pdf_bytes(pages: int = 1, password: str | None = None, user: str = "", algorithm: str = "RC4-128") -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if password is not None:
        writer.encrypt(user_password=user, owner_password=password, algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def deep_xml(depth: int) -> bytes:
    return (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            + b"<w:p>" * depth + b"</w:p>" * depth + b"</w:body></w:document>")


def bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (120 * 1024 * 1024))
    return out.getvalue()


def many_entries() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for i in range(1500):
            z.writestr(f"x/{i}.xml", "x")
    return out.getvalue()


def good() -> bytes:
    return GOOD_DOCX.read_bytes()


# name → (a function that builds the file, words its finding must contain). The
# files are built by the fixture, not at import, so that collecting the tests
# (or running one other test in this file) costs nothing.
CASES = {
    "tom.docx": (lambda: b"", "tom"),
    "avkortet.docx": (lambda: good()[: len(good()) // 2], "ødelagt eller avkortet"),
    "tilfeldig.docx": (lambda: bytes(range(256)) * 40, "ødelagt eller avkortet"),
    "gammel.docx": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "passordbeskyttet eller i det gamle Word-formatet"),
    "pdf-omdopt.docx": (lambda: GOOD_PDF.read_bytes(), "PDF med endelsen .docx"),
    "makro.docx": (lambda: docx_with({"word/vbaProject.bin": b"\0" * 100}), "makroer"),
    "makro.docm": (good, "makroer"),
    "gammel.doc": (lambda: b"\xd0\xcf\x11\xe0", "gamle Word-formatet"),
    "uten-innholdsliste.docx": (lambda: docx_with({}, drop=("[Content_Types].xml",)), "[Content_Types].xml"),
    "ugyldig-xml.docx": (lambda: docx_with({"word/document.xml": b"<w:document><w:body>"}), "ugyldig XML"),
    "entiteter.docx": (lambda: docx_with({"word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">'
                                  b'<!ENTITY b "&a;&a;&a;&a;">]><d>&b;</d>'}), "DOCTYPE"),
    "ekstern-entitet.docx": (lambda: docx_with({"word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM '
                                        b'"file:///etc/passwd">]><d>&x;</d>'}), "DOCTYPE"),
    "zip-bombe.docx": (lambda: bomb(), "100 MB"),
    "mange-deler.docx": (lambda: many_entries(), "mistenkelig mange"),
    "sti.docx": (lambda: docx_with({"../../evil.xml": b"x"}), "ulovlig navn"),
    "dyp.docx": (lambda: docx_with({"word/document.xml": deep_xml(50_000)}), "ugyldig XML"),
    "langt-avsnitt.docx": (lambda: docx_with({"word/document.xml": b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.'
                                      b'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
                                      + base64.b64encode(os.urandom(7_500_000)) + b"</w:t></w:r></w:p></w:body></w:document>"}),
                           "ser ikke ut som en søknad"),  # one 10 MB run is read, and is no application
    "tom.pdf": (lambda: b"", "tom"),
    "bare-hode.pdf": (lambda: b"%PDF-1.4\n", "skadet"),
    "avkortet.pdf": (lambda: GOOD_PDF.read_bytes()[:2000],
                     "PDF-filen er skadet og kan ikke leses (den er ikke bygd opp som en PDF). "
                     "Eksporter dokumentet til PDF på nytt."),
    "ikke-pdf.pdf": (lambda: b"hei", "mangler PDF-hodet"),
    "passord.pdf": (lambda: pdf_bytes(password="eier", user="hemmelig"),
                    "PDF-filen er passordbeskyttet. Send en kopi uten passord."),
    # An encryption PDFium does not know (the handler renamed, same length so the offsets hold).
    "ukjent-kryptering.pdf": (lambda: pdf_bytes(password="eier").replace(b"/Standard", b"/Ukjentxx"),
                              "PDF-filen er kryptert på en måte som ikke kan leses. Send en kopi uten passord."),
    "skannet.pdf": (lambda: pdf_bytes(), "skannet"),
    "mange-sider.pdf": (lambda: pdf_bytes(pages=400), "400 sider; en søknad har sjelden mer enn 300. Sjekk at det er riktig fil."),
    "ingen-sider.pdf": (lambda: pdf_bytes(pages=0), "PDF-filen har ingen sider. Eksporter dokumentet til PDF på nytt."),
    "aes-passord.pdf": (lambda: pdf_bytes(password="eier", user="hemmelig", algorithm="AES-256"), "passordbeskyttet"),
}


@pytest.fixture(scope=shared)
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fiendtlig")
    for name, (build, _) in CASES.items():
        (folder / name).write_bytes(build())
    (folder / "tomt-passord.pdf").write_bytes(pdf_bytes(password="eier", user=""))
    (folder / "aes-tomt-passord.pdf").write_bytes(pdf_bytes(password="eier", user="", algorithm="AES-256"))
    (folder / "soppel-etter-slutt.pdf").write_bytes(GOOD_PDF.read_bytes() + b"garbage after the end" * 100)
    (folder / "mappe.docx").mkdir()
    (folder / "god.docx").write_bytes(good())
    return {Path(r.path).name: r for r in validate([folder]).files}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_bad_file_gets_its_own_clear_finding(batch, name):
    words = CASES[name][1]
    result = batch[name]
    assert not result.compliant
    finding = result.findings[0]
    assert finding.rule in ("input.unreadable", "input.structure")
    assert words in finding.message, finding.message
    assert "Traceback" not in finding.message


def test_the_rest_of_the_batch_goes_on(batch):
    assert batch["god.docx"].compliant
    assert batch["soppel-etter-slutt.pdf"].compliant  # garbage after %%EOF is ignored, like a viewer would
    assert "skannet" in batch["tomt-passord.pdf"].findings[0].message  # opened with the empty password
    assert "skannet" in batch["aes-tomt-passord.pdf"].findings[0].message  # AES too


@pytest.mark.slow
def test_the_shared_corpus_is_reported_file_by_file():
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    from click.testing import CliRunner

    from kvkdocs.cli import cli

    result = CliRunner().invoke(cli, ["validate", str(CORPUS), "--format", "json"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    import json

    data = json.loads(result.output)
    documents = [f for f in data["files"] if f["path"].lower().endswith((".pdf", ".docx"))]
    on_disk = [p for p in CORPUS.rglob("*") if p.is_file() and p.suffix.lower() in (".pdf", ".docx")
               and not any(part.startswith(".") for part in p.relative_to(CORPUS).parts)]
    assert len(documents) == len(on_disk) > 0  # every document in the corpus is reported, whatever its size
    assert all(f["findings"] and f["findings"][0]["rule"].startswith("input.") for f in documents)


def test_a_file_that_takes_too_long_is_stopped_and_the_pool_recovers():
    from kvkdocs.errors import LoadError
    from kvkdocs.load import isolated

    reader = isolated.IsolatedReader(processes=1, time_limit=0.0001)
    with pytest.raises(LoadError, match="sekunder"):
        reader.read(GOOD_PDF)
    reader.time_limit = 30
    data, _, _ = reader.read(GOOD_DOCX)  # a fresh worker takes over
    assert data["søker"]["kommunenummer"] == "1902"
    reader.close()


def test_a_reader_pool_replaces_a_worker_that_ends_and_goes_on():
    """The pool's minding thread wakes when a worker ends, not for results (``isolated._ReaderPool``).

    Each worker here ends after one file, as one does at its task limit; a
    pool that missed an end would not start the next worker, and the files
    after the first would wait for ever.
    """
    from multiprocessing.pool import AsyncResult

    from kvkdocs.load import isolated

    with isolated._ReaderPool(1, maxtasksperchild=1, context=isolated.worker_context()) as pool:
        pending: list[AsyncResult] = [pool.apply_async(isolated._read, (str(path),))
                                      for path in (GOOD_DOCX, GOOD_PDF, GOOD_DOCX)]
        results = [p.get(timeout=20) for p in pending]
    assert [value.data["søker"]["kommunenummer"] for status, value in results] == ["1902"] * 3


def test_oversized_document_is_refused_before_reading(tmp_path):
    path = tmp_path / "stor.pdf"
    with path.open("wb") as fh:
        fh.truncate(60 * 1024 * 1024)
    finding = validate([path]).files[0].findings[0]
    assert finding.rule == "input.unreadable" and "grensen er 50 MB" in finding.message


def test_a_pool_started_for_word_files_reads_a_pdf_and_starts_letter_workers(tmp_path):
    """The fork server imports only what the first files need; workers import what it lacks.

    In a fresh process, so that this pool is the one that starts the server.
    """
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kvkdocs.load.isolated import IsolatedReader, worker_context\n"
        "def renderer():\n"
        "    import kvkdocs.batch\n"
        "    return kvkdocs.batch.render_all.__module__\n"
        "if __name__ == '__main__':\n"
        "    reader = IsolatedReader(processes=1)\n"
        f"    reader.prefetch([Path({str(GOOD_DOCX)!r})])\n"
        f"    word = reader.read(Path({str(GOOD_DOCX)!r}))[0]\n"
        f"    pdf = reader.read(Path({str(GOOD_PDF)!r}))[0]\n"
        "    reader.close()\n"
        "    with worker_context().Pool(1) as pool:\n"
        "        renderer = pool.apply(renderer)\n"
        "    print(word['søker']['kommunenummer'], pdf['søker']['kommunenummer'], renderer)\n"
    )
    (tmp_path / "run.py").write_text(script, encoding="utf-8")
    done = subprocess.run([sys.executable, str(tmp_path / "run.py")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1902", "1902", "kvkdocs.batch"]
