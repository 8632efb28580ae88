"""Writing a planned batch: all documents or none, byte-identical on a re-run.

Everything is written into a hidden temporary folder beside the output
folder and moved into place only when complete, so a crash or a kill never
leaves half a batch at the final path. Templates are compiled once per
process; two or more processes share the work on a multi-core machine.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import KvkdocsError, TemplateError
from .letters import PlannedDocument
from .render.docx import CompiledDocx
from .resources import resource_dir

MANIFEST_COLUMNS = [
    "dokument_id", "type", "mottaker_kommunenummer", "mottaker_navn", "målform", "filnavn", "sha256",
    "tittel", "dokumentdato", "korrespondansepart", "korrespondansepart_rolle", "saksreferanse",
    "var_referanse", "pdf_filnavn", "pdf_sha256",
]
SMALL_BATCH = 24  # below this, starting worker processes costs more than it saves


class OutputExists(KvkdocsError):
    """The output folder is there already and --force was not given."""


def refuse_existing(out: Path, force: bool) -> None:
    """Stop before any work if ``out`` exists and may not be replaced."""
    if out.exists() and not force:
        raise OutputExists(f"{out} finnes allerede, og ingenting er endret. Velg en annen mappe, "
                           "eller bruk --force for å erstatte den.")


@dataclass
class BatchOutcome:
    folder: Path
    documents: int
    pdf_note: str = ""
    kinds: dict[str, int] = field(default_factory=dict)


def template_path(key: str) -> Path:
    return resource_dir("templates") / "brev" / f"{key}.docx"


class Templates:
    """Compiled templates of one process, by key (``opptaksbrev.nn``)."""

    def __init__(self) -> None:
        self._compiled: dict[str, CompiledDocx] = {}
        self._checked: set[str] = set()

    def get(self, key: str) -> CompiledDocx:
        if key not in self._compiled:
            self._compiled[key] = CompiledDocx(template_path(key))
        return self._compiled[key]

    def check(self, key: str, context: dict) -> None:
        """Fail fast, naming the template and the variable, before the first document."""
        if key in self._checked:
            return
        missing = self.get(key).missing(context)
        if missing:
            raise TemplateError(f"Malen {key}.docx bruker {', '.join(sorted(missing))}, som dataene ikke har. "
                                "Rett malen, eller bruk malen som følger med kvkdocs.", template=key)
        self._checked.add(key)


_WORKER_TEMPLATES: Templates | None = None


def _render_one(job: tuple[str, str, dict, str]) -> tuple[str, str]:
    """Worker: render one document into the temporary folder; return its name and SHA-256."""
    global _WORKER_TEMPLATES
    if _WORKER_TEMPLATES is None:
        _WORKER_TEMPLATES = Templates()
    key, file_name, context, folder = job
    data = _WORKER_TEMPLATES.get(key).render(context)
    (Path(folder) / file_name).write_bytes(data)
    return file_name, hashlib.sha256(data).hexdigest()


def _jobs(documents: Iterable[PlannedDocument], templates: Templates, folder: Path, rows: deque, names: set[str]):
    for doc in documents:
        templates.check(doc.template, doc.context)
        file_name = f"{doc.file_stem}.docx"
        if file_name in names:
            raise KvkdocsError(f"To dokumenter fikk samme filnavn ({file_name}); ingenting er skrevet. "
                               "Sjekk at ingen kommune står to ganger i møtefilen.")
        names.add(file_name)
        rows.append(_row(doc, file_name))
        yield doc.template, file_name, doc.context, str(folder)


def _row(doc: PlannedDocument, file_name: str) -> dict:
    sender = doc.context["avsender"]
    return {
        "dokument_id": doc.doc_id, "type": doc.kind, "mottaker_kommunenummer": doc.recipient_number,
        "mottaker_navn": doc.recipient_name, "målform": "nynorsk" if doc.lang == "nn" else "bokmål",
        "filnavn": file_name, "sha256": "", "tittel": doc.title,
        "dokumentdato": doc.context["dokumentdato_iso"][:10],
        "korrespondansepart": doc.recipient_name or sender.get("navn", ""),
        "korrespondansepart_rolle": "mottaker" if doc.recipient_name else "intern",
        "saksreferanse": doc.reference.rsplit("-", 1)[0], "var_referanse": doc.reference,
        "pdf_filnavn": "", "pdf_sha256": "",
    }


class Manifest:
    """manifest.csv and manifest.json, written a row at a time: a batch keeps nothing per letter."""

    def __init__(self, folder: Path) -> None:
        self._csv_file = (folder / "manifest.csv").open("w", encoding="utf-8", newline="")
        self._csv = csv.DictWriter(self._csv_file, fieldnames=MANIFEST_COLUMNS, lineterminator="\n")
        self._csv.writeheader()
        self._json = (folder / "manifest.json").open("w", encoding="utf-8")
        self._json.write('{"format": 1, "dokumenter": [')
        self.count = 0
        self.kinds: dict[str, int] = {}

    def add(self, row: dict) -> None:
        self._csv.writerow(row)
        self._json.write(("," if self.count else "") + "\n  " + json.dumps(row, ensure_ascii=False))
        self.count += 1
        self.kinds[row["type"]] = self.kinds.get(row["type"], 0) + 1

    def close(self) -> None:
        self._json.write("\n]}\n")
        self._json.close()
        self._csv_file.close()


def read_manifest(folder: Path) -> Iterator[dict]:
    with (folder / "manifest.csv").open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def render_all(documents: Iterable[PlannedDocument], folder: Path, manifest: Manifest, *,
               workers: int | None = None, progress: Callable[[int], None] | None = None) -> None:
    """Render every document into ``folder``, adding each to ``manifest`` in plan order."""
    templates = Templates()
    pending: deque[dict] = deque()  # rows of jobs handed out and not yet back: a window, not the batch
    jobs = _jobs(documents, templates, folder, pending, set())
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)

    def done(name: str, digest: str) -> None:
        row = pending.popleft()
        assert row["filnavn"] == name
        row["sha256"] = digest
        manifest.add(row)
        if progress:
            progress(1)

    if workers <= 1:
        global _WORKER_TEMPLATES
        _WORKER_TEMPLATES = templates
        for name, digest in map(_render_one, jobs):
            done(name, digest)
        return
    import multiprocessing
    from itertools import islice

    with multiprocessing.get_context("fork").Pool(workers) as pool:
        # Feed the pool a slice at a time: Pool.imap would otherwise pull every
        # job (and its context) into memory at once.
        while chunk := list(islice(jobs, 128)):
            for name, digest in pool.imap(_render_one, chunk, chunksize=8):
                done(name, digest)


def publish(staging: Path, out: Path, force: bool) -> None:
    """Move a finished batch into place; an old folder is replaced only with ``force``."""
    refuse_existing(out, force)  # it may have appeared while the batch was written
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        out.rename(old)
        staging.rename(out)
        shutil.rmtree(old)
    else:
        staging.rename(out)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def staging_folder(out: Path) -> Path:
    """A fresh hidden folder beside ``out``; leftovers of killed runs are removed first."""
    out.parent.mkdir(parents=True, exist_ok=True)
    for stale in out.parent.glob(f".{out.name}.tmp-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    staging = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    return staging


def write_batch(documents: Iterable[PlannedDocument], out: Path, *, force: bool = False, pdf: bool = False,
                workers: int | None = None, progress: Callable[[int], None] | None = None) -> BatchOutcome:
    """Write every planned document, the manifest and (optionally) PDFs; all or nothing."""
    refuse_existing(out, force)
    staging = staging_folder(out)
    try:
        manifest = Manifest(staging)
        try:
            render_all(documents, staging, manifest, workers=workers, progress=progress)
        finally:
            manifest.close()
        note = ""
        if pdf:
            from .render.pdf import add_pdfs

            note = add_pdfs(staging)
        publish(staging, out, force)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BatchOutcome(out, manifest.count, note, manifest.kinds)
