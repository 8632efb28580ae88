"""The municipalities' tables: their own migration (up and down) on SQLite and PostgreSQL, and the draft rows."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

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
        with pytest.raises(AccountError, match="allerede brukt"):
            kommune.accept(db, invitation, "et-annet-passord")
    assert kommune.find_invitation(db, invited.token)[1] == "used"
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
