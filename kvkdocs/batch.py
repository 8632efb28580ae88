"""Writing a planned batch: all documents or none, byte-identical on a re-run.

Everything is written into a hidden temporary folder beside the output
folder and moved into place only when complete, so a crash or a kill never
leaves half a batch at the final path. Templates are compiled once per
process; two or more processes share the work on a multi-core machine. The
worker processes are started by a fork server (or spawned), never forked
from a caller that may run threads, such as the web server.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import KvkdocsError, RenderError, TemplateError
from .files import OutputError, os_error_text, write_new
from .letters import PlannedDocument
from .messages import Text
from .outfolder import OutputFolder
from .render.usertemplates import LETTER_KINDS, TemplateFolder, TemplateSet, shipped_path
from .safetext import neutralise_formula

if TYPE_CHECKING:
    from .render.pdf import Office

MANIFEST_COLUMNS = [
    "dokument_id", "type", "mottaker_kommunenummer", "mottaker_navn", "målform", "filnavn", "sha256",
    "tittel", "dokumentdato", "korrespondansepart", "korrespondansepart_rolle", "saksreferanse",
    "var_referanse", "pdf_filnavn", "pdf_sha256",
]
SMALL_BATCH = 24  # below this, starting worker processes costs more than it saves


@dataclass
class BatchOutcome:
    folder: Path
    documents: int
    pdf_note: str = ""
    kinds: dict[str, int] = field(default_factory=dict)


def template_path(key: str) -> Path:
    return shipped_path(key)


class Templates(TemplateSet):
    """Compiled templates by key (``opptaksbrev.nn``): the user's where given, else shipped.

    Owned by whoever renders with them (an application holds one:
    :attr:`kvkdocs.application.Application.templates`); each worker process
    of a batch builds its own from the same folder when it starts.
    """

    def __init__(self, folder: TemplateFolder | None = None) -> None:
        super().__init__(folder)
        self._checked: set[str] = set()

    def check(self, key: str, context: dict) -> None:
        """Fail fast, naming the template and the variable, before the first document."""
        if key in self._checked:
            return
        missing = self.get(key).missing(context)
        if missing:
            raise TemplateError.said(Text("template.lacks-values", {"name": key, "names": ", ".join(sorted(missing))}),
                                     template=key)
        self._checked.add(key)


def render_document(doc: PlannedDocument, templates: Templates) -> bytes:
    """One planned document on its own (``kvkdocs minutes``), from the user's template if there is one."""
    templates.check_users([doc.kind])
    templates.check(doc.template, doc.context)
    return templates.get(doc.template).render(doc.context)


class _Worker:
    """A batch worker process's own compiled templates: set by the pool's initializer, in the worker only.

    A pool's task must find its state in the worker process, so it is kept
    on this class there; the process that owns the pool never sets it.
    """

    templates: Templates | None = None

    @classmethod
    def start(cls, folder: TemplateFolder | None) -> None:
        cls.templates = Templates(folder)

    @classmethod
    def render(cls, job: tuple[str, str, dict, str]) -> tuple[str, str, str]:
        return _render_one(cls.templates, job)


def _render_one(templates: Templates, job: tuple[str, str, dict, str]) -> tuple[str, str, str]:
    """Render one document into the temporary folder; return its name, SHA-256 and title."""
    key, file_name, context, folder = job
    data, title = templates.get(key).render_with_title(context)
    write_new(Path(folder) / file_name, data)
    return file_name, hashlib.sha256(data).hexdigest(), title


def _jobs(documents: Iterable[PlannedDocument], templates: Templates, folder: Path, rows: deque, names: set[str]):
    for doc in documents:
        templates.check(doc.template, doc.context)
        file_name = f"{doc.file_stem}.docx"
        if file_name in names:
            raise KvkdocsError.said(Text("output.same-name", {"name": file_name}))
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


def neutralise(value):
    """A manifest.csv cell a spreadsheet shows as text, never runs as a formula (OWASP, CSV injection).

    A value from a meeting file such as ``=HYPERLINK(...)`` would otherwise run
    when the secretariat opens manifest.csv in Excel; manifest.json keeps it as is.
    """
    return neutralise_formula(value) if isinstance(value, str) else value


class Manifest:
    """manifest.csv and manifest.json, written a row at a time: a batch keeps nothing per letter."""

    def __init__(self, folder: Path) -> None:
        self._csv_file = (folder / "manifest.csv").open("w", encoding="utf-8", newline="")
        # CRLF (RFC 4180): the writer then quotes a cell with a bare \r, which would otherwise end the row
        self._csv = csv.DictWriter(self._csv_file, fieldnames=MANIFEST_COLUMNS, lineterminator="\r\n")
        self._csv.writeheader()
        self._json = (folder / "manifest.json").open("w", encoding="utf-8")
        self._json.write('{"format": 1, "dokumenter": [')
        self.count = 0
        self.kinds: dict[str, int] = {}

    def add(self, row: dict) -> None:
        self._csv.writerow({key: neutralise(value) for key, value in row.items()})
        self._json.write(("," if self.count else "") + "\n  " + json.dumps(row, ensure_ascii=False))
        self.count += 1
        self.kinds[row["type"]] = self.kinds.get(row["type"], 0) + 1

    def close(self) -> None:
        self._json.write("\n]}\n")
        self._json.close()
        self._csv_file.close()


def read_manifest(folder: Path) -> Iterator[dict]:
    """The rows of a batch's manifest, as written (from manifest.json: the CSV's cells are neutralised)."""
    with (folder / "manifest.json").open(encoding="utf-8") as fh:
        yield from json.load(fh)["dokumenter"]


def render_all(documents: Iterable[PlannedDocument], folder: Path, manifest: Manifest, *,
               workers: int | None = None, progress: Callable[[int], None] | None = None,
               templates: Templates | None = None) -> None:
    """Render every document into ``folder``, adding each to ``manifest`` in plan order.

    ``templates`` are the caller's compiled templates; the worker processes
    compile their own from the same folder.
    """
    templates = templates if templates is not None else Templates()
    pending: deque[dict] = deque()  # rows of jobs handed out and not yet back: a window, not the batch
    jobs = _jobs(documents, templates, folder, pending, set())
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)

    def done(name: str, digest: str, title: str) -> None:
        row = pending.popleft()
        assert row["filnavn"] == name
        row["sha256"] = digest
        row["tittel"] = title or row["tittel"]  # the archive title is the document's own (dc:title)
        manifest.add(row)
        if progress:
            progress(1)

    if workers <= 1:
        for job in jobs:
            done(*_render_one(templates, job))
        return
    from itertools import islice

    from .load.isolated import worker_context

    with worker_context(preload=("kvkdocs.batch",)).Pool(workers, initializer=_Worker.start,
                                                      initargs=(templates.folder,)) as pool:
        # Feed the pool a slice at a time: Pool.imap would otherwise pull every
        # job (and its context) into memory at once.
        while chunk := list(islice(jobs, 128)):
            for name, digest, title in pool.imap(_Worker.render, chunk, chunksize=8):
                done(name, digest, title)


def add_pdfs(folder: Path, office: Office | None = None) -> None:
    """Convert every Word file of a batch in ``folder`` and add the PDFs to its manifest.

    ``office``, when given, is LibreOffice started ahead (see
    :class:`~kvkdocs.render.pdf.Office`). Each PDF is checked while the next
    ones are converted. Raises :class:`RenderError` when LibreOffice is
    missing or fails: the caller writes nothing then.
    """
    from .render.pdf import Office, check_and_fix

    rows = list(read_manifest(folder))
    by_file = {row["filnavn"]: row for row in rows}

    def done(docx: Path, pdf: Path) -> None:
        row = by_file[docx.name]
        row["pdf_filnavn"] = pdf.name
        row["pdf_sha256"] = check_and_fix(pdf, row["sha256"], row["dokumentdato"], row["mottaker_navn"])

    with nullcontext(office) if office is not None else Office() as converter:
        converter.convert([folder / row["filnavn"] for row in rows], folder, done)
        converter.release()  # while the manifest is written and the batch put in place
    staging = folder / ".manifest"
    staging.mkdir()
    manifest = Manifest(staging)
    try:
        for row in rows:
            if not row["pdf_filnavn"]:
                raise RenderError.said(Text("pdf.none-made-for", {"name": row["filnavn"]}))
            manifest.add(row)
    finally:
        manifest.close()
    for name in ("manifest.csv", "manifest.json"):
        (staging / name).replace(folder / name)
    staging.rmdir()


def write_batch(documents: Iterable[PlannedDocument], out: Path | OutputFolder, *, force: bool = False,
                pdf: bool | Office = False, workers: int | None = None,
                progress: Callable[[int], None] | None = None,
                templates: TemplateFolder | Templates | None = None) -> BatchOutcome:
    """Write every planned document, the manifest and (optionally) PDFs; all or nothing.

    ``out`` is a folder path, or an :class:`OutputFolder` the caller has
    already claimed (the CLI claims it before reading the applications, and
    holds its lock until the batch is in place). ``pdf`` may be an
    :class:`~kvkdocs.render.pdf.Office` the caller started ahead, so that
    LibreOffice starts while the letters are rendered. ``templates`` is the
    user's folder of templates (see :meth:`kvkdocs.letters.Planner`); each
    of its letter templates is checked before anything is written.
    """
    compiled = templates if isinstance(templates, Templates) else Templates(templates)
    compiled.check_users(LETTER_KINDS)
    claimed = nullcontext(out) if isinstance(out, OutputFolder) else OutputFolder(out, force=force)
    with claimed as target:
        staging = None
        try:
            staging = target.staging()
            manifest = Manifest(staging)
            try:
                render_all(documents, staging, manifest, workers=workers, progress=progress, templates=compiled)
            finally:
                manifest.close()
            if pdf:
                add_pdfs(staging, None if pdf is True else pdf)
            target.publish(staging)
        except BaseException as exc:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
            if isinstance(exc, OSError):
                raise OutputError.said(os_error_text(exc, target.given)) from exc
            raise
    return BatchOutcome(target.given, manifest.count, "", manifest.kinds)
