"""The reader pool under Ctrl+C and when a worker dies: it stops at once, and a forked pool never forks from a thread."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT, SAMPLES

DOCX = SAMPLES / "dokumenter/1902-tromso.docx"
PDF = SAMPLES / "dokumenter/1902-tromso.pdf"


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        try:
            with open(f"/proc/{todo[0]}/task/{todo[0]}/children") as fh:
                children = [int(c) for c in fh.read().split()]
        except OSError:
            children = []
        found += children
        todo = todo[1:] + children
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the worker processes in /proc (Linux)")
@pytest.mark.parametrize("start_method", [None, "forkserver"], ids=["forked", "fork-server"])
def test_ctrl_c_during_a_validate_of_many_files_stops_it_at_once_without_worker_tracebacks(tmp_path, start_method):
    """Ctrl+C signals the whole process group, the reader workers too.

    Workers that died of it left their tasks lost, and the command then
    waited for ever for the pool to finish them. The signal is sent once
    the workers run, so that it reaches them mid-batch.
    """
    folder = tmp_path / "innboks"
    folder.mkdir()
    for number in range(300):
        shutil.copyfile(DOCX, folder / f"søknad-{number:03}.docx")
    env = {key: value for key, value in os.environ.items() if key != "KVKDOCS_START_METHOD"}
    env["KVKDOCS_READER_PROCESSES"] = "2"
    processes = 2 if start_method is None else 4  # the workers; the fork server and resource tracker too
    if start_method:
        env["KVKDOCS_START_METHOD"] = start_method
    command = subprocess.Popen(
        [sys.executable, "-m", "kvkdocs", "validate", str(folder)], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # as from a terminal, whatever ours is
    try:
        deadline = time.monotonic() + 60
        while len(_descendants(command.pid)) < processes and command.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert command.poll() is None, "the batch ended before it could be interrupted"
        os.killpg(command.pid, signal.SIGINT)
        _, stderr = command.communicate(timeout=10)
    finally:
        if command.poll() is None:
            os.killpg(command.pid, signal.SIGKILL)
            command.communicate()
    stderr = stderr.decode()
    assert command.returncode == 1, stderr
    assert stderr.rstrip().endswith("Avbrutt."), stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr


def test_a_forked_worker_that_dies_costs_its_file_only_and_no_worker_is_forked_from_a_thread(tmp_path):
    """A forked worker killed mid-batch: its file gets a Norwegian error, every other file is read.

    In a fresh process, whose threads are known: one file's reading kills
    its worker (SIGKILL, as the kernel's OOM killer would); every process
    started is recorded with the thread that started it, and the standard
    pool would have forked the replacement from its worker-minding thread.
    Closing the reader at the end stops a file still being read.
    """
    script = f"""
import os, signal, threading, time
from multiprocessing import process
from pathlib import Path
from kvkdocs.errors import LoadError
from kvkdocs.load import isolated

starts = []
real_start = process.BaseProcess.start
def start(self):
    starts.append((type(self).__name__, threading.current_thread() is threading.main_thread()))
    real_start(self)
process.BaseProcess.start = start

real_parse = isolated._parse
def parse(path):
    if 'dreper' in path:
        os.kill(os.getpid(), signal.SIGKILL)
    if 'henger' in path:
        time.sleep(3600)
    return real_parse(path)
isolated._parse = parse  # the forked workers inherit it

if __name__ == '__main__':
    files = [Path({str(DOCX)!r}), Path({str(PDF)!r})] * 6
    files.insert(5, Path('dreper.docx'))
    reader = isolated.IsolatedReader(processes=2)
    reader.prefetch(files)
    for path in files:
        try:
            print(path.name, reader.read(path).data['søker']['kommunenummer'])
        except LoadError as exc:
            print(path.name, 'FEIL', exc, exc.hint)
    print('after', reader.read(files[0]).data['søker']['kommunenummer'])
    reader.prefetch([Path('henger.docx')])
    reader.close()  # not waiting for a file outstanding
    print('starts', len(starts), *sorted({{kind + ':' + str(main) for kind, main in starts}}))
"""
    (tmp_path / "run.py").write_text(script, encoding="utf-8")
    done = subprocess.run([sys.executable, str(tmp_path / "run.py")], capture_output=True, text=True, timeout=60,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[5] == ("dreper.docx FEIL Prosessen som leste filen, stoppet uten å svare "
                        "(den kan ha krasjet eller blitt stoppet utenfra). "
                        "Filen kan være skadet eller manipulert; be om en ny kopi.")
    assert lines[:5] + lines[6:13] == [f"{name} 1902" for name in ["1902-tromso.docx", "1902-tromso.pdf"] * 6]
    assert lines[13] == "after 1902"
    assert lines[14] == "starts 4 ForkProcess:True"  # two pools of two, forked, and only from the main thread
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_reader_workers_end_when_the_command_dies_without_stopping_them(tmp_path):
    """Workers ignore Ctrl+C, so they must not outlive a command killed before it could stop them.

    An idle worker ends by itself when its parent's end of the task pipe
    closes; one reading a file (here one that never ends) would read on.
    """
    script = f"""
import os, time
from pathlib import Path
from kvkdocs.load import isolated

real_parse = isolated._parse
def parse(path):
    if 'henger' in path:
        Path(path + '.begynt').touch()
        time.sleep(3600)
    return real_parse(path)
isolated._parse = parse  # the forked workers inherit it

if __name__ == '__main__':
    reader = isolated.IsolatedReader(processes=2)
    reader.read(Path({str(DOCX)!r}))
    files = [Path({str(tmp_path)!r}) / name for name in ('henger-1.docx', 'henger-2.docx')]
    reader.prefetch(files)
    while not all(Path(str(f) + '.begynt').exists() for f in files):  # both workers reading
        time.sleep(0.01)
    print(*[worker.pid for worker in reader._pool._pool], flush=True)
    os._exit(0)  # no clean-up: as if killed
"""
    (tmp_path / "run.py").write_text(script, encoding="utf-8")
    # Only the first line is read: a worker left running would hold the pipe open.
    with subprocess.Popen([sys.executable, str(tmp_path / "run.py")], stdout=subprocess.PIPE, text=True,
                          cwd=ROOT) as command:
        workers = [int(pid) for pid in command.stdout.readline().split()]
        command.wait(timeout=60)
    assert len(workers) == 2
    deadline = time.monotonic() + 20
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    running = [pid for pid in workers if _running(pid)]
    for pid in running:  # not left behind by a failing test
        os.kill(pid, signal.SIGKILL)
    assert not running


def _running(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for a parent that will not reap it has ended)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
