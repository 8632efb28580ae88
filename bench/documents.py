"""Reading Word and PDF applications, each figure a ratio measured in the same run.

6. 300 Word applications through the checker (isolation in a worker process
   included) against python-docx's ``Document()`` plus a walk over every
   paragraph and table cell. Goal: at least 4x faster.
7. 100 PDF applications through the checker against pypdf's plain
   ``extract_text()`` of every page. Goal: no slower (ratio at least 1x).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SOURCES = ROOT / "samples" / "dokumenter"


def copies(folder: Path, suffix: str, count: int) -> list[Path]:
    sources = sorted(SOURCES.glob(f"*{suffix}"))
    paths = []
    for i in range(count):
        path = folder / f"{i:04d}-{sources[i % len(sources)].name}"
        shutil.copyfile(sources[i % len(sources)], path)
        paths.append(path)
    return paths


def time_checker(paths: list[Path]) -> float:
    from kvkdocs import Application, verbs

    with Application() as app:
        verbs.validate(paths[:1], app=app)  # start the workers outside the clock, as a server does once
        start = time.perf_counter()
        results = verbs.validate(paths, app=app).files
        elapsed = time.perf_counter() - start
    assert all(r.kind == "søknad" for r in results)
    return elapsed / len(paths)


def time_python_docx(paths: list[Path]) -> float:
    from docx import Document

    start = time.perf_counter()
    for path in paths:
        doc = Document(path)
        texts = [p.text for p in doc.paragraphs]
        for table in doc.tables:
            for row in table.rows:
                texts.extend(cell.text for cell in row.cells)
    return (time.perf_counter() - start) / len(paths)


def time_pypdf(paths: list[Path]) -> float:
    from pypdf import PdfReader

    start = time.perf_counter()
    for path in paths:
        "".join(page.extract_text() for page in PdfReader(path).pages)
    return (time.perf_counter() - start) / len(paths)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        words, pdfs = copies(folder, ".docx", 300), copies(folder, ".pdf", 100)
        ours, theirs = time_checker(words), time_python_docx(words)
        print(f"6. 300 Word-søknader: kvkdocs {ours * 1000:.1f} ms/fil, python-docx-gjennomgang {theirs * 1000:.1f} ms/fil"
              f" -> {theirs / ours:.1f}x raskere (mål: minst 4x)")
        ours, theirs = time_checker(pdfs), time_pypdf(pdfs)
        print(f"7. 100 PDF-søknader: kvkdocs {ours * 1000:.1f} ms/fil, pypdf extract_text {theirs * 1000:.1f} ms/fil"
              f" -> {theirs / ours:.2f}x (mål: minst 1x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
