"""PDF copies of a batch through LibreOffice: a few processes, never one per file.

Each LibreOffice process gets its own profile folder (two processes cannot
share one) and a share of the files. ``kvkdocs letters --pdf`` starts
LibreOffice before the letters exist (see :class:`Office`), so that its
start-up overlaps the checks and the rendering. Every PDF is then checked (it opens,
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

from ..errors import RenderError
from ..messages import Text, choice, message

INSTALL = message("pdf.install")
INSTALL_HINT = f"LibreOffice er ikke installert, så bare Word-filene er skrevet. {INSTALL}."
TIMEOUT_BASE = 60  # seconds: starting LibreOffice and making a fresh profile
TIMEOUT_PER_FILE = 10  # seconds per document, on top; a letter takes well under one
PROFILE_PREFIX = "kvkdocs-lo-"  # then "pid<owner>-": a folder without an owner is never touched


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def missing_text(instead: Text) -> Text:
    """The message when PDF is asked for and LibreOffice is missing; ``instead`` is what the caller offers."""
    return Text("pdf.missing", {"install": Text("pdf.install"), "instead": instead})


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


def profile_base() -> Path:
    """Where LibreOffice's throwaway profiles go: in memory (``/dev/shm``) where there is such a place.

    A fresh profile is a hundred small files, made at start-up and removed
    after the batch; on a busy disk that alone takes a noticeable part of a
    second.
    """
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else Path(tempfile.gettempdir())


def clean_stale_profiles() -> None:
    """Remove the profile folders (and stop the LibreOffice processes) of kvkdocs runs that were killed.

    A folder is named after the kvkdocs process that made it; if that
    process is gone, nothing will ever clean it but us.
    """
    folders = []
    for base in {profile_base(), Path(tempfile.gettempdir())}:
        try:
            folders += [p for p in base.iterdir() if p.name.startswith(PROFILE_PREFIX)]
        except OSError:
            continue
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
    """Turn SIGTERM and SIGHUP into a clean-up while LibreOffice runs.

    A signal handler runs between any two bytecodes of the main thread, so an
    exception raised from it can land inside a library's ``acquire(); try:``
    and leave a lock held for ever (the process then hangs at exit instead of
    stopping). So the handler raises only while kvkdocs waits in its own
    loops (``interruptible``); anywhere else it notes the signal, and the
    next :meth:`check` (between documents, before and during conversion)
    raises it. A second signal is obeyed at once: whoever sends it insists.
    A signal that comes during the clean-up itself is held until it is done.
    """

    SIGNALS = (signal.SIGTERM, signal.SIGHUP)

    def __init__(self) -> None:
        self.previous: dict = {}
        self.received = 0
        self.cleaning = False
        self.interruptible = False
        self._count = 0

    def _on_signal(self, signum, _frame) -> None:
        self.received = signum
        self._count += 1
        if not self.cleaning and (self.interruptible or self._count > 1):
            raise _Stopped(signum)

    def check(self) -> None:
        """Raise the noted signal, if one came; called where stopping is safe."""
        if self.received and not self.cleaning:
            raise _Stopped(self.received)

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


DOCUMENTS_PER_PROCESS = 20  # a LibreOffice start costs about what converting this many letters costs


def processes_for(documents: int) -> int:
    """How many LibreOffice processes a batch of ``documents`` is worth: one per core at most, and a
    second one only when it has enough documents to win back its own start."""
    return max(1, min(os.cpu_count() or 1, documents // DOCUMENTS_PER_PROCESS))


class Office:
    """LibreOffice processes, each with its own profile folder, for one batch; use it as a context manager.

    ``start`` launches LibreOffice before the Word files exist: starting it (and
    making a fresh profile) takes longer than checking the applications and
    rendering the letters, so ``kvkdocs letters --pdf`` starts it first and the
    two overlap. ``convert`` then runs ``soffice --convert-to`` with the same
    profile; that call hands its files to the running LibreOffice over
    LibreOffice's own pipe and waits until they are converted. Without
    ``start``, each ``convert`` call is a LibreOffice process of its own.

    Each PDF is handed to ``done`` as soon as it is complete (LibreOffice has
    begun the next file, or finished), so checking the PDFs overlaps the
    conversion of the rest. Whatever happens (success, failure, time limit,
    SIGTERM), ``close`` kills every process group and removes the profile
    folders; SIGTERM and SIGHUP are turned into a clean-up from the moment the
    first process starts.
    """

    def __init__(self) -> None:
        self.binary = soffice()
        if self.binary is None:
            raise RenderError.said(missing_text(Text("pdf.instead-no-pdf", {"choice": choice("pdf")})))
        self.profiles = Path(tempfile.mkdtemp(prefix=f"{PROFILE_PREFIX}pid{os.getpid()}-", dir=profile_base()))
        self._trap = _StopTrap()
        self._trap.install()
        self._servers: list[tuple[subprocess.Popen, Path]] = []  # started ahead, with their profiles
        self._processes: list[subprocess.Popen] = []  # every process started, to kill at the end
        self._count = 0
        self._cleaned = False  # stale profiles of killed runs removed
        self._stopping: threading.Thread | None = None

    def __enter__(self) -> Office:
        return self

    def __exit__(self, kind, _exc, _tb) -> bool:
        self.close()  # after SIGTERM or SIGHUP this exits with 128 + the signal
        return kind is _Stopped

    def check(self) -> None:
        """Stop here (SIGTERM or SIGHUP came while kvkdocs did other work), or go on: see :class:`_StopTrap`."""
        self._trap.check()

    def start(self, processes: int = 1) -> None:
        """Have ``processes`` LibreOffice processes running, ready for files."""
        self.check()
        while len(self._servers) < processes:
            profile = self._new_profile()
            self._servers.append((self._launch([], profile), profile))
        self._clean_stale()  # while LibreOffice starts

    def convert(self, files: list[Path], outdir: Path, done=None, processes: int | None = None) -> None:
        """Convert .docx ``files`` to PDF into ``outdir``; ``done(docx, pdf)`` is called for each PDF made.

        The files are shared among the started processes, or among up to
        ``processes`` new ones (one per core by default) when none was started.
        """
        self.check()
        if not files:
            return
        self._clean_stale()
        files = [Path(os.path.abspath(f)) for f in files]  # the running LibreOffice has its own working folder
        outdir = Path(os.path.abspath(outdir))
        count = len(self._servers) or processes or os.cpu_count() or 1
        count = max(1, min(count, len(files)))
        chunks = [files[i::count] for i in range(count)]
        limit = time_limit(max(len(c) for c in chunks))
        deadline = time.monotonic() + limit
        clients = []
        for i, chunk in enumerate(chunks):
            if i < len(self._servers):
                server, profile = self._servers[i]
                self._wait_ready(server, profile, deadline, limit)
            else:
                profile = self._new_profile()
            arguments = ["--convert-to", "pdf", "--outdir", str(outdir), *map(str, chunk)]
            clients.append((self._launch(arguments, profile), profile))
            self.check()
        self._follow(chunks, clients, outdir, deadline, limit, done)

    def release(self) -> None:
        """Stop LibreOffice and remove its profiles in the background, once the batch needs it no more
        (removing a profile's hundred files takes a while on a busy disk); ``close`` waits for it."""
        if self._stopping is None:
            processes, self._processes = self._processes, []
            self._stopping = threading.Thread(target=self._stop, args=(processes,), daemon=True)
            self._stopping.start()

    def close(self) -> None:
        self._trap.cleaning = True
        if self._stopping is not None:
            self._stopping.join()
        processes, self._processes = self._processes, []
        self._stop(processes)
        self._trap.restore()

    # -- internals ------------------------------------------------------------------------------

    def _stop(self, processes: list[subprocess.Popen]) -> None:
        for proc in processes:
            try:  # the group, not just the launcher: soffice starts soffice.bin, which outlives a killed parent
                os.killpg(proc.pid, signal.SIGKILL)  # start_new_session: the group id is the launcher's pid
            except (ProcessLookupError, PermissionError):
                pass
            proc.wait()
        shutil.rmtree(self.profiles, ignore_errors=True)

    def _pause(self) -> None:
        """Wait a moment for LibreOffice; a signal may stop kvkdocs right here (our own loop, no lock held)."""
        self.check()
        self._trap.interruptible = True
        try:
            time.sleep(0.02)
        finally:
            self._trap.interruptible = False

    def _clean_stale(self) -> None:
        if not self._cleaned:
            self._cleaned = True
            clean_stale_profiles()

    def _new_profile(self) -> Path:
        self._count += 1
        return self.profiles / f"p{self._count}"

    def _launch(self, arguments: list[str], profile: Path) -> subprocess.Popen:
        cmd = [self.binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--nolockcheck", *arguments]
        env = {k: v for k, v in os.environ.items() if k != "SAL_NOLOCK_PROFILE"}  # its lock file says it is up
        with open(profile.with_suffix(f".{len(self._processes)}.log"), "wb") as err:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                                    start_new_session=True, env=env)
        self._processes.append(proc)
        return proc

    def _wait_ready(self, server: subprocess.Popen, profile: Path, deadline: float, limit: float) -> None:
        """Wait until LibreOffice has opened its pipe, so that ``--convert-to`` hands it the files.

        It opens the pipe before it writes the profile's lock file. Had it
        stopped instead, the next call simply converts on its own.
        """
        lock = profile / ".lock"
        while not lock.exists() and server.poll() is None:
            if time.monotonic() > deadline:
                raise _too_slow(limit)
            self._pause()

    def _follow(self, chunks, clients, outdir: Path, deadline: float, limit: float, done) -> None:
        """Wait for the conversions, handing each PDF to ``done`` once LibreOffice has gone past it."""
        handed = [0] * len(chunks)
        while True:
            running = False
            for i, (chunk, (proc, profile)) in enumerate(zip(chunks, clients, strict=True)):
                finished = proc.poll() is not None
                if finished and proc.returncode != 0:
                    logs = sorted(profile.parent.glob(profile.name + ".*.log"))
                    detail = " ".join(log.read_bytes().decode(errors="replace") for log in logs)[-300:].strip()
                    raise RenderError.said(Text("pdf.failed", {"detail": detail or proc.returncode}))
                running = running or not finished
                while done is not None and handed[i] < len(chunk):
                    k = handed[i]
                    pdf = outdir / (chunk[k].stem + ".pdf")
                    past = finished or (k + 1 < len(chunk) and (outdir / (chunk[k + 1].stem + ".pdf")).exists())
                    if not past:
                        break
                    if pdf.exists():
                        done(chunk[k], pdf)
                    handed[i] += 1
            if not running:
                return
            if time.monotonic() > deadline:
                raise _too_slow(limit)
            self._pause()


def _too_slow(limit: float) -> RenderError:
    return RenderError.said(Text("pdf.too-slow", {"seconds": f"{limit:.0f}"}))


def convert(files: list[Path], outdir: Path, processes: int | None = None) -> None:
    """Convert .docx files to PDF into ``outdir`` with up to ``processes`` LibreOffice processes.

    Each process runs in its own process group with its own profile folder;
    whatever happens (success, failure, time limit, SIGTERM), the groups are
    killed and the profile folders removed before this returns.
    """
    if soffice() is None:
        raise RenderError.said(missing_text(Text("pdf.instead-no-pdf", {"choice": choice("pdf")})))
    if not files:
        return
    with Office() as office:
        office.convert(files, outdir, processes=processes)


def to_pdf(docx: bytes) -> bytes:
    """One Word document as PDF bytes, converted in a private folder (nothing written beside the user's files)."""
    with tempfile.TemporaryDirectory(prefix="kvkdocs-pdf-") as folder:
        source = Path(folder) / "dokument.docx"  # a plain name: LibreOffice never sees the user's
        source.write_bytes(docx)
        convert([source], Path(folder), processes=1)
        result = source.with_suffix(".pdf")
        if not result.is_file():
            raise RenderError.said(Text("pdf.none-made"))
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
        raise RenderError.said(Text("pdf.unreadable", {"name": pdf.name, "detail": str(exc)})) from exc
    if pages < 1 or not text.strip() or (expect and expect not in " ".join(text.split())):
        raise RenderError.said(Text("pdf.empty", {"name": pdf.name, "expect": expect}))
    writer = PdfWriter(clone_from=reader)
    stamp = "D:" + date_iso.replace("-", "") + "000000Z"
    writer.add_metadata({"/CreationDate": stamp, "/ModDate": stamp})
    # pypdf has no public way to set a chosen identifier; a fixed one keeps re-runs identical.
    ident = ByteStringObject(bytes.fromhex(docx_digest)[:16])
    writer._ID = ArrayObject([ident, ident])
    with pdf.open("wb") as fh:
        writer.write(fh)
    return hashlib.sha256(pdf.read_bytes()).hexdigest()
