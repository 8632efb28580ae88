"""PDF copies of a batch through LibreOffice: one process per core, never one per file.

Each LibreOffice process gets its own profile folder (two processes cannot
share one) and a share of the files. Every PDF is then checked (it opens,
has pages, has text) and made reproducible: LibreOffice stamps the time of
conversion and a random file identifier, which we replace with the letter
date and an identifier derived from the Word file's checksum.

A conversion that hangs is stopped after a limit scaled to the work (a base
plus an allowance per document), and its process group and profile folder
are removed; so are they when kvkdocs is stopped with SIGTERM. After a
SIGKILL nothing can run, so the next conversion removes what is left.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from ..errors import CHOICES, RenderError

INSTALL = ("Installer det med «sudo apt-get install libreoffice-writer-nogui» (Debian/Ubuntu) eller fra "
           "libreoffice.org")
INSTALL_HINT = f"LibreOffice er ikke installert, så bare Word-filene er skrevet. {INSTALL}."
TIMEOUT_BASE = 60  # seconds: starting LibreOffice and making a fresh profile
TIMEOUT_PER_FILE = 10  # seconds per document, on top; a letter takes well under one
PROFILE_PREFIX = "kvkdocs-lo-"  # then "pid<owner>-": a folder without an owner is never touched


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def missing_message(instead: str) -> str:
    """The message when PDF is asked for and LibreOffice is missing; ``instead`` is what the caller offers."""
    return (f"LibreOffice er ikke installert, så PDF kan ikke lages, og ingenting er skrevet. {INSTALL}, "
            f"og kjør kommandoen på nytt, eller {instead}")


def time_limit(per_process: int) -> float:
    """How long a LibreOffice process may take for ``per_process`` documents: scaled, never flat."""
    return TIMEOUT_BASE + TIMEOUT_PER_FILE * per_process


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _users_of(folder: Path) -> list[int]:
    """Processes whose command line names ``folder`` (LibreOffice gets its profile there); Linux only."""
    needles = (os.fsencode(str(folder)), os.fsencode(folder.as_uri()))
    found = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return found
    for entry in entries:
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                cmdline = fh.read()
        except OSError:
            continue
        if any(needle in cmdline for needle in needles):
            found.append(int(entry))
    return found


def _kill_group(pid: int) -> None:
    """Kill the process group ``pid`` leads (LibreOffice starts helpers), or the process alone."""
    try:
        if os.getpgid(pid) == pid and pid != os.getpgrp():
            os.killpg(pid, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def clean_stale_profiles() -> None:
    """Remove the profile folders (and stop the LibreOffice processes) of kvkdocs runs that were killed.

    A folder is named after the kvkdocs process that made it; if that
    process is gone, nothing will ever clean it but us.
    """
    base = Path(tempfile.gettempdir())
    try:
        folders = [p for p in base.iterdir() if p.name.startswith(PROFILE_PREFIX)]
    except OSError:
        return
    for folder in folders:
        owner = folder.name[len(PROFILE_PREFIX):].split("-", 1)[0]
        if not (owner.startswith("pid") and owner[3:].isdigit()):
            continue
        if int(owner[3:]) == os.getpid() or _alive(int(owner[3:])):
            continue
        for pid in _users_of(folder):
            _kill_group(pid)
        shutil.rmtree(folder, ignore_errors=True)


class _Stopped(BaseException):
    """kvkdocs was told to stop (SIGTERM, SIGHUP) while LibreOffice ran."""


class _StopTrap:
    """Turn SIGTERM and SIGHUP into an exception while LibreOffice runs, so the clean-up runs.

    A signal that comes during the clean-up itself is held until it is done.
    """

    SIGNALS = (signal.SIGTERM, signal.SIGHUP)

    def __init__(self) -> None:
        self.previous: dict = {}
        self.received = 0
        self.cleaning = False

    def _on_signal(self, signum, _frame) -> None:
        self.received = signum
        if not self.cleaning:
            raise _Stopped(signum)

    def install(self) -> None:
        if threading.current_thread() is threading.main_thread():  # signals can only be set there
            for signum in self.SIGNALS:
                self.previous[signum] = signal.signal(signum, self._on_signal)

    def restore(self) -> None:
        for signum, previous in self.previous.items():
            signal.signal(signum, previous)
        self.previous = {}
        if self.received:
            raise SystemExit(128 + self.received)


def convert(files: list[Path], outdir: Path, processes: int | None = None) -> None:
    """Convert .docx files to PDF into ``outdir`` with up to ``processes`` LibreOffice processes.

    Each process runs in its own process group with its own profile folder;
    whatever happens (success, failure, time limit, SIGTERM), the groups are
    killed and the profile folders removed before this returns.
    """
    binary = soffice()
    if binary is None:
        raise RenderError(missing_message(f"kjør den uten {CHOICES['pdf']}."))
    if not files:
        return
    clean_stale_profiles()
    processes = max(1, min(processes or os.cpu_count() or 1, len(files)))
    chunks = [files[i::processes] for i in range(processes)]
    limit = time_limit(max(len(c) for c in chunks))
    profiles = Path(tempfile.mkdtemp(prefix=f"{PROFILE_PREFIX}pid{os.getpid()}-"))
    trap = _StopTrap()
    trap.install()
    running: list[tuple[subprocess.Popen, Path]] = []
    try:
        for i, chunk in enumerate(chunks):
            profile = profiles / f"p{i}"
            log = profiles / f"p{i}.log"
            cmd = [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, chunk)]
            with open(log, "wb") as err:
                running.append((subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                                 stderr=err, start_new_session=True), log))
        deadline = time.monotonic() + limit
        for proc, log in running:
            try:
                proc.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                raise RenderError(f"LibreOffice brukte mer enn {limit:.0f} sekunder på PDF-konverteringen og ble "
                                  "stoppet; ingenting er skrevet. Prøv igjen, eller lag færre dokumenter om "
                                  "gangen.") from None
            if proc.returncode != 0:
                detail = log.read_bytes().decode(errors="replace")[-300:].strip()
                raise RenderError(f"LibreOffice feilet under PDF-konverteringen ({detail or proc.returncode}); "
                                  "ingenting er skrevet.")
    except _Stopped:
        pass  # the clean-up below runs, then restore() exits with 128 + the signal
    finally:
        trap.cleaning = True
        for proc, _log in running:
            try:  # the group, not just the launcher: soffice starts soffice.bin, which outlives a killed parent
                os.killpg(proc.pid, signal.SIGKILL)  # start_new_session: the group id is the launcher's pid
            except (ProcessLookupError, PermissionError):
                pass
            proc.wait()
        shutil.rmtree(profiles, ignore_errors=True)
        trap.restore()


def to_pdf(docx: bytes) -> bytes:
    """One Word document as PDF bytes, converted in a private folder (nothing written beside the user's files)."""
    with tempfile.TemporaryDirectory(prefix="kvkdocs-pdf-") as folder:
        source = Path(folder) / "dokument.docx"  # a plain name: LibreOffice never sees the user's
        source.write_bytes(docx)
        convert([source], Path(folder), processes=1)
        result = source.with_suffix(".pdf")
        if not result.is_file():
            raise RenderError("LibreOffice laget ingen PDF; ingenting er skrevet.")
        return result.read_bytes()


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
