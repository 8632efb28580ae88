"""`make serve`'s demo data, the settings table, and `kvkdocs serve`'s refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kvkdocs.cli import cli
from kvkdocs.db import accounts, rounds
from kvkdocs.db.migrate import upgrade
from kvkdocs.errors import UsageError
from kvkdocs.web.app import WebApp
from kvkdocs.web.demo import demo_user, load_samples
from kvkdocs.web.settings import Settings


def test_demo_rounds_load_once_and_the_demo_user_can_log_in(settings):
    with WebApp(settings) as web:
        upgrade(web.engine)
        first = load_samples(web, Path("samples"))
        again = load_samples(web, Path("samples"))
        username, password = demo_user(web)
        with web.db() as db:
            loaded = {r.edition: len(rounds.applications(db, r)) for r in rounds.list_rounds(db)}
            assert accounts.check_password(db, username, password, "127.0.0.1").status == "ok"
            senders = {r.edition: r.avsender for r in rounds.list_rounds(db)}
    assert loaded == {"kvalitetskommune-2006": 16, "sammen-om-en-bedre-kommune-2011": 3}
    # Each demo round has its sample meeting's sender as its address (the receipts name it).
    assert senders["kvalitetskommune-2006"] == {
        "navn": "KS – sekretariatet for Kvalitetskommuneprogrammet", "adresse": "Postboks 1378 Vika",
        "postnummer": "0114", "poststed": "Oslo", "epost": "kvalitetskommuner@ks.no"}
    assert senders["sammen-om-en-bedre-kommune-2011"]["navn"]["nn"] == "KS – sekretariatet for Saman om ein betre kommune"
    assert "16 søknader lastet inn" in first[0] and all("finnes fra før" in line for line in again)


def test_settings_come_from_the_environment_with_norwegian_errors(tmp_path):
    settings = Settings.from_env({"KVKDOCS_DATABASE_URL": "postgresql+psycopg://kvk@/kvk",
                                  "KVKDOCS_FILES_DIR": str(tmp_path), "KVKDOCS_UPLOAD_LIMIT_MB": "5",
                                  "KVKDOCS_PROGRAMMES_DIR": f"{tmp_path}/a:{tmp_path}/b",
                                  "KVKDOCS_SECURE_COOKIES": "1"})
    assert settings.database_url.startswith("postgresql") and settings.upload_limit == 5 * 1024 * 1024
    assert settings.programme_dirs == (tmp_path / "a", tmp_path / "b") and settings.secure_cookies
    assert Settings.from_env({}).database_url == "sqlite:///var/kvkdocs.sqlite3"
    with pytest.raises(UsageError, match="må være et tall"):
        Settings.from_env({"KVKDOCS_UPLOAD_LIMIT_MB": "mange"})


def test_serve_refuses_a_database_that_is_not_upgraded(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--database-url", f"sqlite:///{tmp_path}/ny.sqlite3"])
    assert result.exit_code == 2 and "kvkdocs db upgrade" in result.output and "Traceback" not in result.output
