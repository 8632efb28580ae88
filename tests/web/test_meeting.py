"""The meeting file and its letters in the browser: upload, check, export, and the letters ZIP."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from kvkdocs import verbs

from .conftest import create_round, csrf_of, finish, login

SAMPLES = Path("samples")
MEETING = SAMPLES / "meetings" / "2008-11-04-pulje-4.yaml"
OVER_BUDGET = SAMPLES / "meetings" / "2008-11-04-budsjett-sprengt.yaml"


def _upload_applications(client, round_id):
    page = client.get(f"/runder/{round_id}")
    files = [("filer", (p.name, p.read_bytes(), "application/octet-stream"))
             for p in sorted((SAMPLES / "pulje-4").iterdir()) if p.is_file()]
    response = finish(client, client.post(f"/runder/{round_id}/mottak", data={"csrf": csrf_of(page.text)}, files=files))
    assert response.status_code == 200, response.text


def _upload_meeting(client, round_id, name, data):
    page = client.get(f"/runder/{round_id}/mote")
    return client.post(f"/runder/{round_id}/mote", data={"csrf": csrf_of(page.text)},
                       files=[("motefil", (name, data, "application/yaml"))])


@pytest.fixture
def round_with_applications(kari):
    round_id = create_round(kari, budsjett="10 000 000")
    _upload_applications(kari, round_id)
    return round_id


def test_a_meeting_file_is_checked_against_the_rounds_applications_and_exported_unchanged(kari, round_with_applications):
    round_id = round_with_applications
    response = _upload_meeting(kari, round_id, MEETING.name, MEETING.read_bytes())
    assert response.status_code == 303 and response.headers["location"] == f"/runder/{round_id}/mote"
    page = kari.get(f"/runder/{round_id}/mote")
    assert page.status_code == 200 and "Uten feil" in page.text
    assert "Igjen av rammen" in page.text and "1627 Bjugn søkte etter fristen og tas opp" in page.text
    assert "møtefil lastet opp" in page.text and "Kari Nordmann" in page.text
    exported = kari.get(f"/runder/{round_id}/mote.yaml")
    assert exported.status_code == 200 and exported.content == MEETING.read_bytes()
    assert "kari" in kari.get(f"/runder/{round_id}/mote").text


def test_an_over_budget_meeting_shows_its_error_and_makes_no_letters(kari, round_with_applications):
    round_id = round_with_applications
    assert _upload_meeting(kari, round_id, OVER_BUDGET.name, OVER_BUDGET.read_bytes()).status_code == 303
    page = kari.get(f"/runder/{round_id}/mote")
    assert "Har feil (1)" in page.text and "decision.budget" in page.text
    assert "Igjen av rammen" in page.text and "kr\u00a0-" in page.text  # the budget left is negative
    response = kari.post(f"/runder/{round_id}/brev", data={"csrf": csrf_of(page.text)})
    assert response.status_code == 422 and "ingen brev er laget" in response.text
    assert "Ingen brev er laget ennå." in response.text


def test_a_file_that_is_no_meeting_file_is_refused_in_norwegian_and_not_kept(kari, round_with_applications):
    round_id = round_with_applications
    response = _upload_meeting(kari, round_id, "0219-baerum.yaml", (SAMPLES / "pulje-4" / "0219-baerum.yaml").read_bytes())
    assert response.status_code == 422 and "0219-baerum.yaml er ikke en møtefil" in response.text
    assert "/tmp" not in response.text and ".mote-" not in response.text
    assert kari.get(f"/runder/{round_id}/mote.yaml").status_code == 404
    response = _upload_meeting(kari, round_id, "mote.txt", b"dokument: m\xc3\xb8te\n")
    assert response.status_code == 400 and "er ikke en YAML-fil" in response.text


def test_a_meeting_of_another_round_is_refused(kari):
    round_id = create_round(kari, pulje="5")
    response = _upload_meeting(kari, round_id, MEETING.name, MEETING.read_bytes())
    assert response.status_code == 422 and "Møtefilen gjelder pulje 4, men runden er pulje 5" in response.text
    root = Path(kari.app.state.web.store.root)
    assert not any(p.read_bytes() == MEETING.read_bytes() for p in root.rglob("*") if p.is_file())  # nothing kept


def test_the_letters_zip_holds_exactly_what_kvkdocs_letters_writes(kari, round_with_applications, tmp_path):
    round_id = round_with_applications
    _upload_meeting(kari, round_id, MEETING.name, MEETING.read_bytes())
    page = kari.get(f"/runder/{round_id}/mote")
    response = kari.post(f"/runder/{round_id}/brev", data={"csrf": csrf_of(page.text)})
    assert response.status_code == 303
    page = kari.get(f"/runder/{round_id}/mote")
    assert "brev laget" in page.text and "17 dokumenter fra møtefil versjon 1" in page.text
    link = f"/runder/{round_id}/brev/1.zip"
    assert link in page.text
    download = kari.get(link)
    assert download.status_code == 200 and download.headers["content-type"] == "application/zip"

    written = verbs.letters(MEETING, SAMPLES / "pulje-4", tmp_path / "ut")
    assert written.written is not None
    expected = {p.relative_to(tmp_path / "ut").as_posix(): p.read_bytes()
                for p in (tmp_path / "ut").rglob("*") if p.is_file()}
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        got = {name: archive.read(name) for name in archive.namelist()}
    assert sorted(got) == sorted(expected) and "manifest.json" in got and "protokoll-2008-11-04-pulje-4.docx" in got
    for name, data in expected.items():
        assert got[name] == data, f"{name} differs from what kvkdocs letters writes"
    # The same letters again: the same ZIP, kept once in the file store.
    kari.post(f"/runder/{round_id}/brev", data={"csrf": csrf_of(page.text)})
    assert kari.get(f"/runder/{round_id}/brev/2.zip").content == download.content


def test_refusals_on_the_meeting_pages(client):
    assert login(client).status_code == 303
    round_id = create_round(client)
    page = client.get(f"/runder/{round_id}/mote")
    assert page.status_code == 200 and "Runden har ingen møtefil ennå" in page.text
    assert client.post(f"/runder/{round_id}/brev", data={}).status_code == 403  # no CSRF token
    assert client.post(f"/runder/{round_id}/mote", data={},
                       files=[("motefil", ("m.yaml", MEETING.read_bytes(), "application/yaml"))]).status_code == 403
    response = client.post(f"/runder/{round_id}/brev", data={"csrf": csrf_of(page.text)})
    assert response.status_code == 409 and "Last opp møtefilen før brevene kan lages." in response.text
    assert client.get(f"/runder/{round_id}/mote.yaml").status_code == 404
    assert client.get(f"/runder/{round_id}/brev/1.zip").status_code == 404
    assert client.get("/runder/999/mote").status_code == 404
    big = b"x" * (3 * 1024 * 1024)
    response = client.post(f"/runder/{round_id}/mote", data={"csrf": csrf_of(page.text)},
                           files=[("motefil", ("m.yaml", big, "application/yaml"))])
    assert response.status_code == 413 and "større enn grensen" in response.text


def test_a_reader_may_look_but_not_upload_or_make_letters(client):
    assert login(client).status_code == 303
    round_id = create_round(client)
    client.cookies.clear()
    assert login(client, "lise").status_code == 303
    page = client.get(f"/runder/{round_id}/mote")
    assert page.status_code == 200 and 'name="motefil"' not in page.text and "Lag brevene" not in page.text
    csrf = csrf_of(page.text)
    assert client.post(f"/runder/{round_id}/brev", data={"csrf": csrf}).status_code == 403
    assert client.post(f"/runder/{round_id}/mote", data={"csrf": csrf},
                       files=[("motefil", ("m.yaml", MEETING.read_bytes(), "application/yaml"))]).status_code == 403


@pytest.mark.parametrize("path", ["/runder/1/mote", "/runder/1/mote.yaml", "/runder/1/brev/1.zip"])
def test_not_logged_in_goes_to_the_login_page(client, path):
    response = client.get(path)
    assert response.status_code == 303 and response.headers["location"].startswith("/logg-inn?neste=")


# -- the decisions form -------------------------------------------------------------------------


def _form_fields(html: str) -> dict[str, str]:
    """What the browser would send from the decisions form as it stands (inputs, selected options, textareas)."""
    import re

    fields: dict[str, list[str] | str] = {"kommune": re.findall(r'name="kommune" value="([^"]*)"', html)}
    for name, value in re.findall(r'<input id="[^"]+" name="((?:prosjekt|tilskudd)-\d+)" value="([^"]*)"', html):
        fields[name] = value
    for name, value in re.findall(r'name="(navn-\d+)" value="([^"]*)"', html):
        fields[name] = value
    for name, body in re.findall(r'<select id="[^"]+" name="(utfall-\d+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        fields[name] = chosen.group(1) if chosen else ""
    for name, value in re.findall(r'<textarea id="[^"]+" name="((?:begrunnelse|dispensasjon)-\d+)"[^>]*>(.*?)</textarea>',
                                  html, re.S):
        fields[name] = value
    fields["csrf"] = csrf_of(html)
    return fields


def test_recording_decisions_writes_a_new_meeting_file_checked_by_the_decision_rules(kari, round_with_applications):
    import html as html_lib

    from kvkdocs.load.structured import load_structured

    round_id = round_with_applications
    assert _upload_meeting(kari, round_id, MEETING.name, MEETING.read_bytes()).status_code == 303
    page = kari.get(f"/runder/{round_id}/vedtak")
    assert page.status_code == 200 and '<label for="tilskudd-0219">' in page.text
    fields = {k: html_lib.unescape(v) if isinstance(v, str) else v for k, v in _form_fields(page.text).items()}

    # Bærum's grant raised beyond the budget: shown with the budget left, and nothing is kept.
    over = {**fields, "tilskudd-0219": "7 000 000", "handling": "lagre"}
    response = kari.post(f"/runder/{round_id}/vedtak", data=over)
    assert response.status_code == 422 and "decision.budget" in response.text and "er ikke lagret" in response.text
    assert "Igjen av rammen" in response.text and 'value="7000000"' in response.text
    assert kari.get(f"/runder/{round_id}/mote.yaml").content == MEETING.read_bytes()

    # A rejection needs its reason, per field.
    response = kari.post(f"/runder/{round_id}/vedtak", data={**fields, "utfall-0219": "avslått", "handling": "lagre"})
    assert response.status_code == 400 and 'id="begrunnelse-0219-feil"' in response.text

    # Checking alone keeps nothing; saving keeps a new version that reads back as the form said.
    rejected = {**fields, "utfall-0219": "avslått", "begrunnelse-0219": "Søknaden kom ikke fram til behandling."}
    response = kari.post(f"/runder/{round_id}/vedtak", data={**rejected, "handling": "kontroller"})
    assert response.status_code == 200 and "Vedtakene har ingen feil" in response.text
    assert kari.get(f"/runder/{round_id}/mote.yaml").content == MEETING.read_bytes()
    response = kari.post(f"/runder/{round_id}/vedtak", data={**rejected, "handling": "lagre"})
    assert response.status_code == 303
    page = kari.get(f"/runder/{round_id}/mote")
    assert "versjon 2" in page.text and "vedtak registrert" in page.text
    stored = kari.get(f"/runder/{round_id}/mote.yaml").content
    assert b"kommunenummer: '0219'" in stored  # quoted: no YAML reader drops the zero
    path = Path(kari.app.state.web.store.root) / "lest.yaml"
    path.write_bytes(stored)
    data, _ = load_structured(path)
    baerum = next(d for d in data["vedtak"] if d["kommunenummer"] == "0219")
    assert baerum["utfall"] == "avslått" and baerum["begrunnelse"] == "Søknaden kom ikke fram til behandling."
    assert "tilskudd" not in baerum and data["saksnummer"] == "08/1152" and len(data["vedtak"]) == 16
    midsund = next(d for d in data["vedtak"] if d["kommunenummer"] == "1545")
    assert midsund["dispensasjon"].startswith("Sykepleierforbundet har bekreftet")


def test_the_decisions_form_needs_a_meeting_file_the_role_and_the_token(client):
    assert login(client).status_code == 303
    round_id = create_round(client)
    page = client.get(f"/runder/{round_id}/vedtak")
    assert page.status_code == 200 and "Runden har ingen møtefil ennå" in page.text
    assert client.post(f"/runder/{round_id}/vedtak", data={"handling": "lagre"}).status_code == 403
    assert client.post(f"/runder/{round_id}/vedtak", data={"csrf": csrf_of(page.text)}).status_code == 409
    assert client.get("/runder/999/vedtak").status_code == 404
    client.cookies.clear()
    assert login(client, "lise").status_code == 303
    assert client.get(f"/runder/{round_id}/vedtak").status_code == 403


def test_a_database_made_before_the_meeting_tables_is_upgraded_with_its_rounds_kept(tmp_path):
    import datetime as dt

    from sqlalchemy import inspect, text

    from kvkdocs.db.engine import make_engine
    from kvkdocs.db.migrate import current, head, upgrade

    engine = make_engine(f"sqlite:///{tmp_path}/gammel.sqlite3")
    upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO rounds (name, edition, number, deadline, created_at) "
                                "VALUES ('Pulje 4', 'kvalitetskommune-2006', 4, :d, :d)"), {"d": dt.date(2008, 9, 15)})
    assert "meeting_files" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert current(engine) == head()
    assert {"meeting_files", "letter_batches"} <= set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM rounds")).scalar() == "Pulje 4"
    engine.dispose()
