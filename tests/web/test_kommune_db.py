"""The municipalities' tables: their own migration (up and down) on SQLite and PostgreSQL, and the draft rows."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from kvkdocs.db import kommune, rounds
from kvkdocs.db.accounts import AccountError, check_password
from kvkdocs.db.engine import make_engine
from kvkdocs.db.migrate import _config, current, head, upgrade
from kvkdocs.db.models import utcnow

TABLES = {"kommune_accounts", "invitations", "drafts", "draft_versions"}


def test_the_migration_adds_and_removes_only_its_own_tables(database_url):
    """Up from the migration before it (whichever that is once the chain is merged) and back down."""
    engine = make_engine(database_url)
    before_it = ScriptDirectory.from_config(_config(engine)).get_revision("0005").down_revision
    try:
        upgrade(engine, before_it)
        before = set(inspect(engine).get_table_names())
        assert not TABLES & before
        upgrade(engine, "0005")
        assert set(inspect(engine).get_table_names()) == before | TABLES
        command.downgrade(_config(engine), before_it)
        engine.dispose()
        assert set(inspect(engine).get_table_names()) == before
        upgrade(engine)
        assert current(engine) == head()
    finally:
        engine.dispose()


def _round(db):
    with db.begin():
        return rounds.create_round(db, None, name="Pulje 4", edition="kvalitetskommune-2006", number=4,
                                   deadline=dt.date(2008, 9, 15), budget=None)


def test_an_invitation_is_used_once_and_the_account_sees_one_municipality(db):
    round_ = _round(db)
    with db.begin():
        [invited] = kommune.invite(db, None, round_, [("1445", "Gloppen")],
                                   initial=lambda n: {"søker": {"kommunenummer": n}})
        invitation, state = kommune.find_invitation(db, invited.token)
        assert state == "open" and invited.token not in invitation.token_hash
        user = kommune.accept(db, invitation, "et-langt-passord")
        assert user.role == "kommune" and kommune.municipality_of(db, user) == "1445"
        assert check_password(db, "kommune-1445", "et-langt-passord", "127.0.0.1").status == "ok"
        with pytest.raises(AccountError, match="allerede brukt") as used:
            kommune.accept(db, invitation, "et-annet-passord")
        assert used.value.in_language("nn") == "Lenkja er allereie brukt."
    assert kommune.find_invitation(db, invited.token)[1] == "used"
    # What the municipality did is logged as keys: each reader sees the details in their målform.
    from kvkdocs.db.models import AuditEvent
    from kvkdocs.messages import render_stored

    details = {e.action: e.detail for e in db.query(AuditEvent)}
    assert all(detail.startswith('{"key"') for detail in details.values()), details
    assert render_stored(details["konto opprettet"], "nn") == "konto kommune-1445 for kommune 1445"
    assert render_stored(details["kommune invitert"], "nb").startswith("1445 Gloppen, gyldig til ")
    draft = kommune.find_draft(db, round_, "1445")
    assert kommune.draft_of(db, draft.id, "1445") is not None and kommune.draft_of(db, draft.id, "0219") is None
    [other] = kommune.invite(db, None, round_, [("1445", "Gloppen")], lifetime=dt.timedelta(seconds=-1))
    db.commit()
    assert kommune.find_invitation(db, other.token)[1] == "expired"
    assert kommune.find_draft(db, round_, "1445").id == draft.id  # invited again: the same draft
    assert utcnow() > kommune.find_invitation(db, other.token)[0].expires_at


def test_the_signed_documents_migration_adds_and_removes_only_its_table(database_url):
    engine = make_engine(database_url)
    before_it = ScriptDirectory.from_config(_config(engine)).get_revision("0006").down_revision
    try:
        upgrade(engine, before_it)
        before = set(inspect(engine).get_table_names())
        assert "signed_documents" not in before
        upgrade(engine, "0006")
        assert set(inspect(engine).get_table_names()) == before | {"signed_documents"}
        command.downgrade(_config(engine), before_it)
        engine.dispose()
        assert set(inspect(engine).get_table_names()) == before
        upgrade(engine)
        assert current(engine) == head()
    finally:
        engine.dispose()


def test_the_round_sender_migration_adds_and_removes_only_its_column_and_keeps_the_rounds(database_url):
    """Up from 0006 with a round in the table: the round stays, without an address; down again drops only the column."""
    engine = make_engine(database_url)
    config = _config(engine)
    before_it = ScriptDirectory.from_config(config).get_revision("0007").down_revision
    try:
        upgrade(engine, before_it)
        columns = {c["name"] for c in inspect(engine).get_columns("rounds")}
        assert "avsender" not in columns
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO rounds (name, edition, number, deadline, created_at) "
                              "VALUES ('Pulje 4', 'kvalitetskommune-2006', 4, '2008-09-15', '2008-06-01 12:00:00')"))
        upgrade(engine, "0007")
        engine.dispose()
        assert {c["name"] for c in inspect(engine).get_columns("rounds")} == columns | {"avsender"}
        with engine.connect() as conn:
            assert conn.execute(text("SELECT name, avsender FROM rounds")).all() == [("Pulje 4", None)]
        command.downgrade(config, before_it)
        engine.dispose()
        assert {c["name"] for c in inspect(engine).get_columns("rounds")} == columns
        with engine.connect() as conn:
            assert conn.execute(text("SELECT name FROM rounds")).scalars().all() == ["Pulje 4"]
        upgrade(engine)
        assert current(engine) == head()
    finally:
        engine.dispose()


def test_a_new_invitation_ends_the_older_open_links_and_a_new_password_ends_the_old_sessions(db):
    """A forwarded or leaked link must not outlive the one sent last, and whoever was logged in to the account
    before a new password is set is logged out."""
    from kvkdocs.db import accounts

    round_ = _round(db)
    with db.begin():
        [first] = kommune.invite(db, None, round_, [("1445", "Gloppen")])
        user = kommune.accept(db, kommune.find_invitation(db, first.token)[0], "et-langt-passord")
        token, _ = accounts.start_session(db, user)
        assert accounts.find_session(db, token) is not None
        [old] = kommune.invite(db, None, round_, [("1445", "Gloppen")])
        [new] = kommune.invite(db, None, round_, [("1445", "Gloppen")])
        assert kommune.find_invitation(db, old.token)[1] == "expired"
        assert kommune.find_invitation(db, new.token)[1] == "open"
        kommune.accept(db, kommune.find_invitation(db, new.token)[0], "et-nytt-langt-passord")
        assert accounts.find_session(db, token) is None
