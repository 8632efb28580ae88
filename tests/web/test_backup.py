"""`kvkdocs db upgrade / backup / restore` and `users add`, through the command line."""

from __future__ import annotations

import sqlite3

from click.testing import CliRunner

from kvkdocs.cli import cli


def _run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


def _users(path):
    with sqlite3.connect(path) as conn:
        return [row[0] for row in conn.execute("SELECT username FROM users ORDER BY username")]


def test_upgrade_add_user_backup_and_restore(tmp_path):
    database = tmp_path / "kvk.sqlite3"
    url = f"sqlite:///{database}"
    result = _run("db", "upgrade", "--database-url", url)
    assert result.exit_code == 0 and "Databasen er oppdatert" in result.output
    result = _run("users", "add", "kari", "--role", "sekretariat", "--password-stdin", "--database-url", url,
                  input="et-langt-passord\n")
    assert result.exit_code == 0, result.output
    backup = tmp_path / "kopi.sqlite3"
    assert _run("db", "backup", str(backup), "--database-url", url).exit_code == 0
    _run("users", "add", "ola", "--password-stdin", "--database-url", url, input="et-annet-passord\n")
    assert _users(database) == ["kari", "ola"]
    result = _run("db", "restore", str(backup), "--database-url", url)
    assert result.exit_code == 0, result.output
    assert _users(database) == ["kari"]


def test_a_backup_never_overwrites_a_file(tmp_path):
    url = f"sqlite:///{tmp_path}/kvk.sqlite3"
    _run("db", "upgrade", "--database-url", url)
    existing = tmp_path / "finnes.sqlite3"
    existing.write_bytes(b"viktig")
    result = _run("db", "backup", str(existing), "--database-url", url)
    assert result.exit_code == 2 and "finnes allerede" in result.output
    assert existing.read_bytes() == b"viktig"


def test_restore_refuses_a_file_that_is_no_kvkdocs_backup(tmp_path):
    url = f"sqlite:///{tmp_path}/kvk.sqlite3"
    _run("db", "upgrade", "--database-url", url)
    other = tmp_path / "annet.txt"
    other.write_text("ikke en database")
    result = _run("db", "restore", str(other), "--database-url", url)
    assert result.exit_code == 2 and "ingen SQLite-database" in result.output and "Traceback" not in result.output
    result = _run("db", "restore", str(tmp_path / "mangler.sqlite3"), "--database-url", url)
    assert result.exit_code == 2 and "finnes ikke" in result.output


def test_postgresql_backup_gives_pg_dump_advice_without_the_password():
    result = _run("db", "backup", "kopi.dump", "--database-url", "postgresql://kvk:hemmelig@db.example/kvk")
    assert result.exit_code == 2 and "pg_dump --format=custom --file kopi.dump" in result.output
    assert "hemmelig" not in result.output


def test_users_add_refuses_a_short_password_and_an_unmigrated_database(tmp_path):
    url = f"sqlite:///{tmp_path}/kvk.sqlite3"
    result = _run("users", "add", "kari", "--password-stdin", "--database-url", url, input="et-langt-passord\n")
    assert result.exit_code == 2 and "kvkdocs db upgrade" in result.output
    _run("db", "upgrade", "--database-url", url)
    result = _run("users", "add", "kari", "--password-stdin", "--database-url", url, input="kort\n")
    assert result.exit_code == 2 and "minst 10 tegn" in result.output
