"""The database layer on SQLite and PostgreSQL: migrations, versions, accounts, throttling."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from kvkdocs import Checker
from kvkdocs.db import accounts, rounds
from kvkdocs.db.engine import make_sessionmaker
from kvkdocs.db.migrate import current, head, is_current, upgrade
from kvkdocs.db.models import Base, LoginAttempt, Round
from kvkdocs.db.results import from_json, to_json
from kvkdocs.messages import render_stored
from kvkdocs.web.intake import Received as Sent

SAMPLE = "samples/pulje-4/1227-jondal.yaml"


def test_migrations_create_every_table_on_a_fresh_database(engine):
    assert is_current(engine) and current(engine) == head()
    tables = set(inspect(engine).get_table_names())
    assert {"users", "sessions", "login_attempts", "rounds", "stored_files", "applications",
            "application_versions", "audit_log", "alembic_version"} <= tables
    upgrade(engine)  # a second run changes nothing and does not fail
    assert current(engine) == head()


def test_the_models_match_the_migrations(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def _round(db):
    with db.begin():
        return rounds.create_round(db, None, name="Pulje 4", edition="kvalitetskommune-2006", number=4,
                                   deadline=dt.date(2008, 9, 15), budget=3_000_000)


def test_a_reupload_is_a_new_version_and_both_are_in_the_audit_log(db):
    round_ = _round(db)
    checker = Checker()
    try:
        result = checker.check_file(__import__("pathlib").Path(SAMPLE))
    finally:
        checker.close()
    with db.begin():
        first = rounds.record_version(db, None, round_, filename="1227-jondal.yaml", sha256="a" * 64, size=10,
                                      result=result, facts=rounds.Facts(maalform="nynorsk", grant_asked=250000))
        second = rounds.record_version(db, None, round_, filename="1227-jondal-ny.yaml", sha256="b" * 64, size=11,
                                       result=result, facts=rounds.Facts())
    assert second.application_id == first.application_id and (first.number, second.number) == (1, 2)
    application = rounds.applications(db, round_)[0]
    assert [v.number for v in application.versions] == [1, 2]
    assert application.latest.filename == "1227-jondal-ny.yaml"
    log = rounds.audit_log(db, application)
    assert [e.action for e in log] == ["fil mottatt", "fil mottatt"] and "versjon 2" in render_stored(log[1].detail)


def test_what_a_sender_wrote_never_makes_the_versions_row_fail(db):
    """The listing columns are copies from the file as written: on PostgreSQL a «kommunenummer» that is a name,
    a 300-character municipality name or an absurd grant would overflow their columns and fail the row."""
    from kvkdocs.result import FileResult

    round_ = _round(db)
    result = FileResult("rar.yaml", kind="søknad", kommunenummer="Jondal kommune", kommunenavn="J" * 300)
    with db.begin():
        version = rounds.record_version(db, None, round_, filename="rar.yaml", sha256="e" * 64, size=1,
                                        result=result, facts=rounds.Facts(grant_asked=10**20))
    assert (version.kommunenummer, version.grant_asked) == (None, None)
    assert version.kommunenavn == "J" * 100 and version.application.key == "fil:rar.yaml"
    assert from_json(version.result).kommunenummer == "Jondal kommune"  # the verdict itself keeps what was written


def test_a_result_survives_the_database_unchanged(db):
    checker = Checker()
    try:
        result = checker.check_file(__import__("pathlib").Path(SAMPLE))
    finally:
        checker.close()
    assert result.findings, "the sample should have findings to compare"
    round_ = _round(db)
    with db.begin():
        version = rounds.record_version(db, None, round_, filename="x.yaml", sha256="c" * 64, size=1,
                                        result=result, facts=rounds.Facts())
    db.expire_all()
    assert from_json(db.get(type(version), version.id).result) == result
    assert to_json(from_json(to_json(result))) == to_json(result)


def test_passwords_are_argon2id_and_checked(db):
    with db.begin():
        user = accounts.add_user(db, "Kari", "et-langt-passord", "sekretariat")
    assert user.username == "kari" and user.password_hash.startswith("$argon2id$")
    with db.begin():
        assert accounts.check_password(db, "kari", "et-langt-passord", "10.0.0.1").status == "ok"
        assert accounts.check_password(db, "kari", "feil-passord", "10.0.0.1").status == "wrong"
        assert accounts.check_password(db, "ukjent", "et-langt-passord", "10.0.0.1").status == "wrong"


def test_logins_are_throttled_per_account_and_per_address(db):
    with db.begin():
        accounts.add_user(db, "kari", "et-langt-passord", "sekretariat")
        for _ in range(accounts.MAX_FAILURES_PER_ACCOUNT):
            accounts.check_password(db, "kari", "galt", "10.0.0.1")
        # Even the right password is refused now, from any address.
        assert accounts.check_password(db, "kari", "et-langt-passord", "10.0.0.2").status == "throttled"
        for i in range(accounts.MAX_FAILURES_PER_ADDRESS):
            db.add(LoginAttempt(username=f"u{i}", address="10.9.9.9", succeeded=False))
        accounts.add_user(db, "ola", "et-langt-passord", "sekretariat")
        assert accounts.check_password(db, "ola", "et-langt-passord", "10.9.9.9").status == "throttled"
        assert accounts.check_password(db, "ola", "et-langt-passord", "10.0.0.3").status == "ok"


def test_failures_older_than_the_window_do_not_count(db):
    with db.begin():
        accounts.add_user(db, "kari", "et-langt-passord", "sekretariat")
        old = dt.datetime.now(dt.UTC).replace(tzinfo=None) - accounts.THROTTLE_WINDOW - dt.timedelta(minutes=1)
        for _ in range(accounts.MAX_FAILURES_PER_ACCOUNT):
            db.add(LoginAttempt(username="kari", address="10.0.0.1", succeeded=False, at=old))
        assert accounts.check_password(db, "kari", "et-langt-passord", "10.0.0.1").status == "ok"


def test_sessions_store_only_a_hash_of_the_token_and_end(db):
    with db.begin():
        user = accounts.add_user(db, "kari", "et-langt-passord", "sekretariat")
        token, row = accounts.start_session(db, user)
    assert token not in row.token_hash and accounts.find_session(db, token).user_id == user.id
    assert accounts.find_session(db, token + "x") is None
    accounts.end_session(db, token)
    db.commit()
    assert accounts.find_session(db, token) is None


def test_bad_account_input_is_refused_in_norwegian(db):
    import pytest

    with pytest.raises(accounts.AccountError, match="minst 10 tegn"):
        accounts.add_user(db, "kari", "kort", "sekretariat")
    with pytest.raises(accounts.AccountError, match="Ukjent rolle"):
        accounts.add_user(db, "kari", "et-langt-passord", "sjef")


def test_a_database_of_0002_is_upgraded_to_background_intake_with_its_applications_kept(database_url):
    """0003 adds the uploads and their waiting files; every round, file and verdict made before is kept."""
    from sqlalchemy import text

    from kvkdocs.db.engine import make_engine

    engine = make_engine(database_url)
    try:
        upgrade(engine, "0002")
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO rounds (id, name, edition, number, deadline, created_at) "
                                    "VALUES (1, 'Pulje 4', 'kvalitetskommune-2006', 4, :d, :t)"),
                               {"d": dt.date(2008, 9, 15), "t": dt.datetime(2008, 9, 1)})
            connection.execute(text("INSERT INTO stored_files (sha256, size, created_at) VALUES (:s, 3, :t)"),
                               {"s": "a" * 64, "t": dt.datetime(2008, 9, 1)})
            connection.execute(text("INSERT INTO applications (id, round_id, key) VALUES (1, 1, '0219')"))
            connection.execute(text(
                "INSERT INTO application_versions (id, application_id, number, filename, file_sha256, received_at, "
                "compliant, late, errors, warnings, result) VALUES (1, 1, 1, '0219-baerum.yaml', :s, :t, :c, :l, "
                "0, 0, '{}')"), {"s": "a" * 64, "t": dt.datetime(2008, 9, 5), "c": True, "l": False})
        assert "uploads" not in inspect(engine).get_table_names()
        upgrade(engine)
        assert current(engine) == head()
        assert {"uploads", "upload_files"} <= set(inspect(engine).get_table_names())
        with make_sessionmaker(engine)() as db:
            round_ = db.get(Round, 1)
            [kept] = rounds.applications(db, round_)
            assert (kept.key, kept.latest.filename, kept.latest.compliant) == ("0219", "0219-baerum.yaml", True)
            assert rounds.waiting_in_round(db, round_) == [] and rounds.waiting_files(db) == []
            # The new tables take an upload that names the round and a file stored before.
            upload = rounds.record_upload(db, None, round_, [Sent("0219-baerum.yaml", "a" * 64, 3)])
            db.commit()
            assert [f.filename for f in rounds.waiting_in_round(db, round_)] == ["0219-baerum.yaml"]
            assert upload.files[0].version_id is None
    finally:
        engine.dispose()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_the_same_new_file_in_two_uploads_at_once_does_not_fail_the_second(engine):
    """A double click on PostgreSQL: the second upload found no stored-file row, and the first one's row is
    committed while the second waits to insert its own; the second must go through, not fail on the key."""
    import threading
    import time

    sessions = make_sessionmaker(engine)
    with sessions() as db, db.begin():
        round_id = rounds.create_round(db, None, name="Pulje 4", edition="kvalitetskommune-2006", number=4,
                                       deadline=dt.date(2008, 9, 15), budget=None).id
    sent, failures = [Sent("dobbeltklikk.yaml", "d" * 64, 3)], []

    def second() -> None:
        try:
            with sessions() as db, db.begin():
                rounds.record_upload(db, None, db.get(Round, round_id), sent)
        except Exception as exc:  # noqa: BLE001 - shown by the assertion
            failures.append(repr(exc))

    with sessions() as first:
        rounds.record_upload(first, None, first.get(Round, round_id), sent)
        first.flush()  # its stored-file row written, not committed
        sender = threading.Thread(target=second)
        sender.start()
        time.sleep(0.5)  # the second has looked for the row (none committed) and waits on the key
        first.commit()
    sender.join(60)
    assert failures == []
    with sessions() as db:
        assert len(rounds.waiting_files(db)) == 2


@pytest.mark.parametrize("before", [0, 1])
def test_two_versions_of_one_municipality_recorded_at_once_are_both_stored(engine, before):
    """The intake and a municipality's submission (or a double click) record the same application at once
    (a new one, or one with a version already): the first's version is written but not committed while the
    second records its own. Both must be stored, numbered one after the other, and neither may fail on a key."""
    import threading
    import time

    from kvkdocs.result import FileResult

    sessions = make_sessionmaker(engine)
    with sessions() as db, db.begin():
        round_id = rounds.create_round(db, None, name="Pulje 4", edition="kvalitetskommune-2006", number=4,
                                       deadline=dt.date(2008, 9, 15), budget=None).id
    failures, numbers = [], {}

    def record(db, name: str, sha: str) -> None:
        result = FileResult(name, kind="søknad", kommunenummer="1902", kommunenavn="Tromsø")
        version = rounds.record_version(db, None, db.get(Round, round_id), filename=name, sha256=sha, size=1,
                                        result=result, facts=rounds.Facts())
        numbers[name] = version.number

    def second() -> None:
        try:
            with sessions() as db, db.begin():
                record(db, "skjema.docx", "b" * 64)
        except Exception as exc:  # noqa: BLE001 - shown by the assertion
            failures.append(repr(exc))

    if before:
        with sessions() as db, db.begin():
            record(db, "først.docx", "c" * 64)
    with sessions() as first:
        with first.begin():
            record(first, "mottak.docx", "a" * 64)
            first.flush()  # its application and version 1 written, not committed
            sender = threading.Thread(target=second)
            sender.start()
            time.sleep(0.7)  # the second finds no committed application and waits on the key
        sender.join(60)
    assert failures == []
    assert numbers == {"mottak.docx": before + 1, "skjema.docx": before + 2} | ({"først.docx": 1} if before else {})
    with sessions() as db:
        [application] = rounds.applications(db, db.get(Round, round_id))
        assert [v.filename for v in application.versions] == ["først.docx"] * before + ["mottak.docx", "skjema.docx"]
        assert [v.number for v in application.versions] == list(range(1, before + 3))
