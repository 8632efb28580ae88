"""The application object and the verbs: resources owned and closed, workers forked only where safe, one pipeline per verb."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kvkdocs import Application, Settings, verbs
from kvkdocs.cli import cli
from kvkdocs.errors import KvkdocsError, OutputError, UsageError

from .conftest import SAMPLES

DOCX = SAMPLES / "dokumenter/1445-gloppen.docx"


def _parent(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as fh:
        return int(fh.read().rsplit(")", 1)[1].split()[1])


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads parent pids from /proc (Linux)")
@pytest.mark.worker_processes
def test_a_servers_reader_workers_come_from_a_fork_server_and_stop_with_the_application():
    with Application(Settings(reader_processes=1, server=True)) as app:
        document = verbs.read(DOCX, app=app)
        workers = [p.pid for p in app.reader._pool._pool]
        assert document.data["søker"]["kommunenummer"] == "1445"
        # Forked from this process, a worker's parent would be us (this process runs one thread, or not).
        assert workers and all(_parent(pid) != os.getpid() for pid in workers)
    assert app._reader is None
    assert not any(Path(f"/proc/{pid}").exists() and _parent(pid) != 1 for pid in workers)


def test_the_web_application_is_a_server_whose_readers_never_fork(tmp_path):
    from kvkdocs.web.app import WebApp

    with WebApp(Settings(database_url=f"sqlite:///{tmp_path}/kvk.sqlite3", files_dir=tmp_path / "filer")) as web:
        assert web.settings.server and web.app.reader.server
        assert web.app.reader._method() != "fork"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads parent pids from /proc (Linux)")
def test_a_command_forks_its_readers_while_it_runs_one_thread_and_reads_the_same_either_way(tmp_path):
    """Forked while the command runs one thread; from the fork server once it runs another, or when asked.

    In a fresh process, whose threads are known. Its SIGTERM handler (as
    LibreOffice's clean-up installs one) must not outlive the fork in a worker:
    stopping the pool would print a worker's traceback.
    """
    import subprocess
    import sys

    script = (
        "import os, signal, threading\n"
        "from pathlib import Path\n"
        "from kvkdocs.load.isolated import IsolatedReader\n"
        "class Stop(BaseException): pass\n"
        "def stop(*_): raise Stop()\n"
        "def parent(_):\n"
        "    return os.getppid()\n"
        "def parents(reader):\n"
        "    return {'us' if p == os.getpid() else 'server' for p in reader._get_pool().map(parent, range(4))}\n"
        "if __name__ == '__main__':\n"
        "    signal.signal(signal.SIGTERM, stop)\n"
        f"    files = [Path({str(DOCX)!r}), Path({str(SAMPLES / 'dokumenter/1902-tromso.pdf')!r})]\n"
        "    reader = IsolatedReader(processes=2)\n"
        "    forked = [reader.read(f) for f in files]\n"
        "    print(*parents(reader))\n"
        "    reader._stop_pool(kill=True)  # this pool only: the reader reads on (close() would end it)\n"
        "    reader.read(files[0])\n"
        "    done = threading.Event()\n"
        "    threading.Thread(target=done.wait).start()\n"
        "    threaded = [reader.read(f) for f in files]\n"
        "    print(*parents(reader))\n"
        "    done.set()\n"
        "    reader.close()\n"
        "    asked = IsolatedReader(processes=1, start_method='forkserver')\n"
        "    served = [asked.read(f) for f in files]\n"
        "    print(*parents(asked))\n"
        "    asked.close()\n"
        "    print(forked == threaded == served, forked[0].data['søker']['kommunenummer'])\n"
    )
    (tmp_path / "run.py").write_text(script, encoding="utf-8")
    done = subprocess.run([sys.executable, str(tmp_path / "run.py")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["us", "server", "server", "True", "1445"]
    assert "Traceback" not in done.stderr


def test_a_checker_from_the_application_shares_its_pool_and_leaves_it_open():
    with Application(Settings(reader_processes=1)) as app:
        checker = app.checker()
        assert checker.check_file(DOCX).kind == "søknad"
        checker.close()
        assert app._reader is not None and app.reader._pool is not None  # still there for the next request
        assert app.checker().catalogue is app.catalogue  # the editions are read once


def test_loading_a_word_file_without_a_pool_leaves_no_process_behind():
    from kvkdocs.load import load_file

    assert load_file(DOCX).data["søker"]["kommunenummer"] == "1445"
    assert multiprocessing.active_children() == []


def test_fork_is_refused_as_a_start_method():
    from kvkdocs.load.isolated import IsolatedReader

    with pytest.raises(UsageError, match="forkserver eller spawn"):
        Settings(start_method="fork")
    with pytest.raises(UsageError, match="forkserver eller spawn"):
        Settings.from_env({"KVKDOCS_START_METHOD": "fork"})
    with pytest.raises(ValueError):
        IsolatedReader(start_method="fork")


def test_settings_come_from_one_table_shared_with_the_web():
    from kvkdocs.web.settings import Settings as WebSettings

    assert WebSettings is Settings
    settings = Settings.from_env({"KVKDOCS_PROGRAMMES_DIR": "a:b", "KVKDOCS_READ_TIME_LIMIT": "5",
                                  "KVKDOCS_TEMPLATES": "maler"}, programme_dirs=None)
    assert settings.programme_dirs == (Path("a"), Path("b")) and settings.read_time_limit == 5
    assert settings.templates_dir == Path("maler")
    with pytest.raises(UsageError, match="KVKDOCS_READ_TIME_LIMIT må være et tall"):
        Settings.from_env({"KVKDOCS_READ_TIME_LIMIT": "lenge"})


def test_verbs_print_nothing_and_agree_with_the_command(capsys):
    batch = verbs.validate([SAMPLES / "pulje-4"])
    assert capsys.readouterr() == ("", "")
    shown = CliRunner().invoke(cli, ["validate", str(SAMPLES / "pulje-4"), "-f", "json"])
    report = json.loads(shown.stdout)
    assert shown.exit_code == (0 if batch.compliant else 1)
    assert [f["path"] for f in report["files"]] == [r.path for r in batch.files]
    assert [f["compliant"] for f in report["files"]] == [r.compliant for r in batch.files]


def test_programmes_and_rules_are_data():
    editions = {e.id: e for e in verbs.programmes()}
    assert editions["kvalitetskommune-2006"].application_rules > 0
    assert editions["kvalitetskommune-2006"].name == "Kvalitetskommuneprogrammet"
    rows = verbs.rules("sammen-om-en-bedre-kommune-2011")
    assert rows and all(row["citation"] is not None for row in rows)


def test_the_library_names_choices_in_words_and_the_command_line_names_its_options(tmp_path):
    from kvkdocs.cli.base import OPTION_NAMES
    from kvkdocs.files import OutputFile

    taken = tmp_path / "soknad.yaml"
    taken.write_text("x")
    with pytest.raises(OutputError) as caught:
        OutputFile(taken)
    assert "--" not in str(caught.value) and "valget «skriv over»" in str(caught.value)
    assert "eller bruk --force for å skrive over den" in caught.value.phrased(OPTION_NAMES)
    shown = CliRunner().invoke(cli, ["init", "-p", "kvalitetskommune-2006", "-k", "1445", "-o", str(taken)])
    assert shown.exit_code == 2 and "bruk --force" in shown.output


def test_letters_without_errors_are_written_and_with_errors_only_findings_come_back(tmp_path):
    meeting = SAMPLES / "meetings/2008-11-04-pulje-4.yaml"
    made = verbs.letters(meeting, SAMPLES / "pulje-4", tmp_path / "ut")
    assert made.written.documents == 17 and (tmp_path / "ut/manifest.json").is_file()
    broken = tmp_path / "m.yaml"
    broken.write_text(meeting.read_text(encoding="utf-8").replace("- kommunenummer: '1545'", "- kommunenummer: '1874'", 1),
                      encoding="utf-8")
    refused = verbs.letters(broken, SAMPLES / "pulje-4", tmp_path / "ut2")
    assert refused.written is None and any(f.rule == "decision.known-applicant" for f in refused.findings)
    assert not (tmp_path / "ut2").exists()


def test_a_library_error_becomes_an_http_status_in_the_web():
    from kvkdocs.db.engine import DatabaseError
    from kvkdocs.errors import LoadError, MeetingError
    from kvkdocs.web.app import http_status

    assert [http_status(e) for e in (UsageError("x"), MeetingError("x"), LoadError("x"), OutputError("x"),
                                     DatabaseError("x"), KvkdocsError("x"))] == [400, 422, 422, 409, 503, 500]
