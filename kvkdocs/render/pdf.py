"""PDF copies of a batch through LibreOffice: one process per core, never one per file.

Each LibreOffice process gets its own profile folder (two processes cannot
share one) and a share of the files. Every PDF is then checked (it opens,
has pages, has text) and made reproducible: LibreOffice stamps the time of
conversion and a random file identifier, which we replace with the letter
date and an identifier derived from the Word file's checksum.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import RenderError

INSTALL_HINT = ("LibreOffice er ikke installert, så bare Word-filene er skrevet. Installer det med "
                "«sudo apt-get install libreoffice-writer-nogui» (Debian/Ubuntu) eller fra libreoffice.org, "
                "og kjør kommandoen på nytt med --force.")
TIMEOUT_PER_FILE = 20


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(files: list[Path], outdir: Path, processes: int | None = None) -> None:
    """Convert .docx files to PDF into ``outdir`` with up to ``processes`` LibreOffice processes."""
    binary = soffice()
    if binary is None:
        raise RenderError(INSTALL_HINT)
    processes = max(1, min(processes or os.cpu_count() or 1, len(files)))
    chunks = [files[i::processes] for i in range(processes)]
    with tempfile.TemporaryDirectory(prefix="kvkdocs-lo-") as profiles:
        running = []
        for i, chunk in enumerate(chunks):
            profile = Path(profiles) / f"p{i}"
            cmd = [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, chunk)]
            running.append(subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
        timeout = 60 + TIMEOUT_PER_FILE * max(len(c) for c in chunks)
        for proc in running:
            try:
                _, err = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired as exc:
                for other in running:
                    other.kill()
                raise RenderError("LibreOffice brukte for lang tid på PDF-konverteringen; ingenting er skrevet.") from exc
            if proc.returncode != 0:
                raise RenderError(f"LibreOffice feilet under PDF-konverteringen: {err.decode(errors='replace')[-300:]}")


def check_and_fix(pdf: Path, docx_digest: str, date_iso: str, expect: str) -> str:
    """Check one PDF and make it reproducible; return its SHA-256."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject

    try:
        reader = PdfReader(pdf)
        pages = len(reader.pages)
        text = reader.pages[0].extract_text() if pages else ""
    except Exception as exc:  # pypdf raises many kinds; any of them means a broken PDF
        raise RenderError(f"PDF-filen {pdf.name} kan ikke leses etter konverteringen ({exc}).") from exc
    if pages < 1 or not text.strip() or (expect and expect not in " ".join(text.split())):
        raise RenderError(f"PDF-filen {pdf.name} ble tom eller mangler teksten «{expect}».")
    writer = PdfWriter(clone_from=reader)
    stamp = "D:" + date_iso.replace("-", "") + "000000Z"
    writer.add_metadata({"/CreationDate": stamp, "/ModDate": stamp})
    # pypdf has no public way to set a chosen identifier; a fixed one keeps re-runs identical.
    ident = ByteStringObject(bytes.fromhex(docx_digest)[:16])
    writer._ID = ArrayObject([ident, ident])
    with pdf.open("wb") as fh:
        writer.write(fh)
    return hashlib.sha256(pdf.read_bytes()).hexdigest()


def add_pdfs(folder: Path) -> str:
    """Convert every Word file of a batch in ``folder`` and add the PDFs to its manifest.

    Returns a note for the user: empty on success, the install hint when
    LibreOffice is missing (the Word files are still written).
    """
    from ..batch import Manifest, read_manifest

    if soffice() is None:
        return INSTALL_HINT
    convert([folder / row["filnavn"] for row in read_manifest(folder)], folder)
    rows = read_manifest(folder)
    staging = folder / ".manifest"
    staging.mkdir()
    manifest = Manifest(staging)
    try:
        for row in rows:
            pdf = folder / (Path(row["filnavn"]).stem + ".pdf")
            if not pdf.exists():
                raise RenderError(f"LibreOffice laget ingen PDF for {row['filnavn']}; ingenting er skrevet.")
            row["pdf_filnavn"] = pdf.name
            row["pdf_sha256"] = check_and_fix(pdf, row["sha256"], row["dokumentdato"], row["mottaker_navn"])
            manifest.add(row)
    finally:
        manifest.close()
    for name in ("manifest.csv", "manifest.json"):
        (staging / name).replace(folder / name)
    staging.rmdir()
    return ""
