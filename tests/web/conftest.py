"""Fixtures for the web application's tests: databases (SQLite and a throwaway PostgreSQL), a client, users.

PostgreSQL runs as a private cluster in a temporary folder, listening on a
Unix socket only (no TCP), started once per test session and removed after;
each test gets a database of its own. Without Debian's ``postgresql`` package
(no ``initdb``) the PostgreSQL variants are skipped with that reason.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy", reason="the web extra is not installed (pip install 'kvkdocs[web]')")

from kvkdocs.db.engine import make_engine, make_sessionmaker  # noqa: E402
from kvkdocs.db.migrate import upgrade  # noqa: E402

PASSWORD = "riktig-passord-123"
_counter = itertools.count()


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and Path(initdb).with_name("pg_ctl").exists() else None


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@pytest.fixture(scope="session")
def postgres_cluster():
    """(socket folder, port) of a throwaway PostgreSQL cluster, or a skip saying why there is none."""
    bin_dir = _pg_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (no initdb): apt-get install postgresql to run these tests")
    folder = tempfile.mkdtemp(prefix="kvk-pg-")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    port = "54329"
    try:
        subprocess.run(_as_postgres([str(bin_dir / "initdb"), "-D", f"{folder}/data", "-A", "trust", "-U", "kvk"]),
                       check=True, capture_output=True)
        subprocess.run(_as_postgres([str(bin_dir / "pg_ctl"), "-D", f"{folder}/data", "-w", "-o",
                                     f"-k {folder} -p {port} -c listen_addresses='' -c fsync=off",
                                     "-l", f"{folder}/log", "start"]), check=True, capture_output=True)
    except (subprocess.CalledProcessError, OSError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        detail = getattr(exc, "stderr", b"") or b""
        pytest.skip(f"a throwaway PostgreSQL could not be started: {exc} {detail.decode(errors='replace')[:300]}")
    yield folder, port
    subprocess.run(_as_postgres([str(bin_dir / "pg_ctl"), "-D", f"{folder}/data", "-m", "immediate", "stop"]),
                   capture_output=True)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/kvk.sqlite3"
    folder, port = request.getfixturevalue("postgres_cluster")
    import psycopg

    name = f"kvk_test_{os.getpid()}_{next(_counter)}"
    with psycopg.connect(host=folder, port=port, user="kvk", dbname="postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://kvk@/{name}?host={folder}&port={port}"


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def db(engine):
    with make_sessionmaker(engine)() as session:
        yield session


@pytest.fixture
def settings(tmp_path):
    from kvkdocs.web.settings import Settings

    return Settings(database_url=f"sqlite:///{tmp_path}/web.sqlite3", files_dir=tmp_path / "filer",
                    upload_limit=2 * 1024 * 1024)


@pytest.fixture(scope="session")
def template_database(tmp_path_factory):
    """A migrated SQLite database with two users: «kari» (sekretariat) and «lise» (lesetilgang).

    Built once (argon2 is slow on purpose) and copied for each test.
    """
    from kvkdocs.db.accounts import add_user

    path = tmp_path_factory.mktemp("mal") / "web.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with make_sessionmaker(engine)() as session, session.begin():
        add_user(session, "kari", PASSWORD, "sekretariat", "Kari Nordmann")
        add_user(session, "lise", PASSWORD, "lesetilgang", "Lise Leser")
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def client(settings, template_database):
    """A test client of a migrated application with the template database's two users."""
    from starlette.testclient import TestClient

    from kvkdocs.web.app import create_app

    shutil.copyfile(template_database, settings.database_url.removeprefix("sqlite:///"))
    with TestClient(create_app(settings), base_url="http://testserver", follow_redirects=False) as test_client:
        yield test_client


def csrf_of(html: str) -> str:
    import re

    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "the page has no CSRF field"
    return match.group(1)


def login(client, username: str = "kari", password: str = PASSWORD):
    page = client.get("/logg-inn")
    response = client.post("/logg-inn", data={"csrf": csrf_of(page.text), "brukernavn": username,
                                              "passord": password, "neste": "/runder"})
    return response


@pytest.fixture
def kari(client):
    assert login(client).status_code == 303
    return client


def create_round(client, **overrides) -> int:
    page = client.get("/runder/ny")
    data = {"csrf": csrf_of(page.text), "navn": "Pulje 4", "utgave": "kvalitetskommune-2006", "pulje": "4",
            "frist": "15.09.2008", "budsjett": "3 000 000", **overrides}
    response = client.post("/runder/ny", data=data)
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def wait_for_verdicts(client, receipt: str, timeout: float = 120):
    """The receipt page at ``receipt`` once every file of its upload has its verdict.

    Asks the status address the page's script asks, the same way (``kjent``:
    the answer waits for a change), so a test waits no longer than the checks take.
    """
    import time

    end, known = time.monotonic() + timeout, None
    while True:
        answer = client.get(f"{receipt}/status", params={"kjent": known} if known else None)
        assert answer.status_code == 200, answer.text
        answer = answer.json()
        if answer["ferdig"]:
            return client.get(receipt)
        assert time.monotonic() < end, f"the files of {receipt} were not all checked in {timeout} s: {answer}"
        known = answer["tilstand"]


def finish(client, response):
    """An upload's answer followed to its receipt, once every verdict is in (any other answer as it is)."""
    location = response.headers.get("location", "")
    if response.status_code == 303 and "/mottak/" in location:
        return wait_for_verdicts(client, location)
    return response
