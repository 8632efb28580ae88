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
    assert "brev laget" in page.text and "17 dokumenter (Word) fra møtefil versjon 1" in page.text
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


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _written(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_also_pdf_gives_the_zip_kvkdocs_letters_pdf_writes_and_another_stored_batch(kari, round_with_applications,
                                                                                     tmp_path):
    from kvkdocs.db.models import LetterBatch
    from kvkdocs.render.pdf import soffice

    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    round_id = round_with_applications
    _upload_meeting(kari, round_id, MEETING.name, MEETING.read_bytes())
    page = kari.get(f"/runder/{round_id}/mote")
    assert 'name="pdf" value="ja"' in page.text and "Også PDF" in page.text
    assert kari.post(f"/runder/{round_id}/brev", data={"csrf": csrf_of(page.text)}).status_code == 303
    response = kari.post(f"/runder/{round_id}/brev", data={"csrf": csrf_of(page.text), "pdf": "ja"})
    assert response.status_code == 303 and response.headers["location"].endswith("#brev-2")
    page = kari.get(f"/runder/{round_id}/mote")
    assert "17 dokumenter (Word og PDF) fra møtefil versjon 1" in page.text
    assert "<td>Word og PDF</td>" in page.text and "<td>Word</td>" in page.text

    with_pdf = _members(kari.get(f"/runder/{round_id}/brev/2.zip").content)
    assert verbs.letters(MEETING, SAMPLES / "pulje-4", tmp_path / "ut", pdf=True).written is not None
    expected = _written(tmp_path / "ut")
    assert sorted(with_pdf) == sorted(expected)
    assert sum(name.endswith(".pdf") for name in with_pdf) == 17 and "0219-baerum-opptaksbrev.pdf" in with_pdf
    for name, data in expected.items():
        assert with_pdf[name] == data, f"{name} differs from what kvkdocs letters --pdf writes"

    word_only = _members(kari.get(f"/runder/{round_id}/brev/1.zip").content)
    assert not any(name.endswith(".pdf") for name in word_only)
    with kari.app.state.web.db() as db:
        rows = {b.id: b for b in db.query(LetterBatch)}
        assert (rows[1].pdf, rows[2].pdf) == (False, True) and rows[1].zip_sha256 != rows[2].zip_sha256


def _stored_files(client) -> set[str]:
    root = Path(client.app.state.web.store.root)
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_also_pdf_without_libreoffice_says_so_and_keeps_nothing(kari, round_with_applications, monkeypatch):
    import kvkdocs.render.pdf

    round_id = round_with_applications
    _upload_meeting(kari, round_id, MEETING.name, MEETING.read_bytes())
    page = kari.get(f"/runder/{round_id}/mote")
    before = _stored_files(kari)
    monkeypatch.setattr(kvkdocs.render.pdf, "soffice", lambda: None)
    response = kari.post(f"/runder/{round_id}/brev", data={"csrf": csrf_of(page.text), "pdf": "ja"})
    assert response.status_code == 503 and "Brevene ble ikke laget" in response.text
    assert "LibreOffice er ikke installert på tjeneren" in response.text and "Ingenting ble lagret" in response.text
    assert "Ingen brev er laget ennå." in response.text and _stored_files(kari) == before
    assert "brev laget" not in kari.get(f"/runder/{round_id}/mote").text


@pytest.mark.slow
def test_also_pdf_when_libreoffice_fails_says_so_and_keeps_nothing(kari, round_with_applications, monkeypatch,
                                                                   tmp_path):
    round_id = round_with_applications
    _upload_meeting(kari, round_id, MEETING.name, MEETING.read_bytes())
    page = kari.get(f"/runder/{round_id}/mote")
    before = _stored_files(kari)
    fake = tmp_path / "bin" / "soffice"  # a LibreOffice that starts and fails at once
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'kan ikke starte' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:/usr/bin:/bin")
    response = kari.post(f"/runder/{round_id}/brev", data={"csrf": csrf_of(page.text), "pdf": "ja"})
    assert response.status_code == 503 and "LibreOffice klarte ikke å lage PDF-ene" in response.text
    assert "Ingenting ble lagret" in response.text and "/tmp" not in response.text
    assert _stored_files(kari) == before and "Ingen brev er laget ennå." in response.text
    assert not [p for p in Path(kari.app.state.web.store.root).iterdir() if p.name.startswith(".")]


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


# -- the decisions table and the form for one decision ----------------------------------------


def _form_fields(html: str) -> dict[str, str]:
    """What the browser would send from one decision's form as it stands (inputs, checked radio, textareas)."""
    import html as html_lib
    import re

    fields = dict(re.findall(r'<input id="[^"]+" name="((?:prosjekt|tilskudd)-\d+)" value="([^"]*)"', html))
    chosen = re.search(r'name="(utfall-\d+)" value="([^"]*)" checked>', html)
    fields[chosen.group(1)] = chosen.group(2)
    for name, value in re.findall(r'<textarea id="[^"]+" name="((?:begrunnelse|dispensasjon)-\d+)"[^>]*>(.*?)</textarea>',
                                  html, re.S):
        fields[name] = value
    fields["csrf"] = csrf_of(html)
    fields["versjon"] = re.search(r'<input type="hidden" name="versjon" value="(\d+)">', html).group(1)
    return {k: html_lib.unescape(v) for k, v in fields.items()}


def test_the_decisions_are_one_table_with_a_link_to_change_each(kari, round_with_applications):
    round_id = round_with_applications
    assert _upload_meeting(kari, round_id, MEETING.name, MEETING.read_bytes()).status_code == 303
    page = kari.get(f"/runder/{round_id}/vedtak").text
    assert page.count('<tr id="rad-') == 16 and "<form" not in page.split('id="innhold"')[1]  # no form of 16 rows
    baerum = page.split('<tr id="rad-0219">')[1].split("</tr>")[0]
    assert "0219 Bærum" in baerum and "Tatt opp" in baerum and "kr\u00a0200\u00a0000" in baerum
    assert f'href="/runder/{round_id}/vedtak/0219">Endre<span class="skjult"> vedtaket for 0219 Bærum' in baerum
    fraena_row = page.split('<tr id="rad-1548">')[1].split("</tr>")[0]
    assert "Har feil" in fraena_row and "(dispensasjon)" in fraena_row  # admitted in spite of its errors
    assert "(dispensasjon)" not in baerum
    assert "<dt>Igjen av rammen</dt><dd>kr\u00a06\u00a0200\u00a0000</dd>" in page
    assert "<dt>Tatt opp</dt><dd>16</dd>" in page
    assert kari.get(f"/runder/{round_id}/vedtak/9999").status_code == 404


def test_changing_one_decision_is_checked_by_the_decision_rules_and_kept_as_a_new_version(kari, round_with_applications):
    from kvkdocs.load.structured import load_structured

    round_id = round_with_applications
    assert _upload_meeting(kari, round_id, MEETING.name, MEETING.read_bytes()).status_code == 303
    page = kari.get(f"/runder/{round_id}/vedtak/0219")
    assert page.status_code == 200 and '<label for="tilskudd-0219">' in page.text
    assert "<dt>Igjen av rammen nå</dt><dd>kr\u00a06\u00a0200\u00a0000</dd>" in page.text
    fields = _form_fields(page.text)
    assert fields["utfall-0219"] == "opptatt" and fields["tilskudd-0219"] == "200000"
    url = f"/runder/{round_id}/vedtak/0219"

    # Bærum's grant raised beyond the budget: shown with the budget left, and nothing is kept.
    response = kari.post(url, data={**fields, "tilskudd-0219": "7 000 000", "handling": "lagre"})
    assert response.status_code == 422 and "decision.budget" in response.text and "er ikke lagret" in response.text
    assert "Igjen av rammen" in response.text and "kr\u00a0-600\u00a0000" in response.text
    assert 'value="7000000"' in response.text
    assert kari.get(f"/runder/{round_id}/mote.yaml").content == MEETING.read_bytes()

    # A rejection needs its reason, told at the field.
    response = kari.post(url, data={**fields, "utfall-0219": "avslått", "handling": "lagre"})
    assert response.status_code == 400 and 'id="begrunnelse-0219-feil"' in response.text
    assert 'href="#begrunnelse-0219"' in response.text and 'value="avslått" checked' in response.text

    # Checking alone keeps nothing; saving keeps a new version that reads back as the form said.
    rejected = {**fields, "utfall-0219": "avslått", "begrunnelse-0219": "Søknaden kom ikke fram til behandling."}
    response = kari.post(url, data={**rejected, "handling": "kontroller"})
    assert response.status_code == 200 and "Vedtakene har ingen feil" in response.text
    assert "<dt>Igjen av rammen</dt><dd>kr\u00a06\u00a0400\u00a0000</dd>" in response.text  # 200 000 freed
    assert kari.get(f"/runder/{round_id}/mote.yaml").content == MEETING.read_bytes()
    response = kari.post(url, data={**rejected, "handling": "lagre"})
    assert response.status_code == 303
    assert response.headers["location"] == f"/runder/{round_id}/vedtak?lagret=0219#rad-0219"
    table = kari.get(response.headers["location"]).text
    assert "Vedtaket for 0219 Bærum er lagret" in table and "Møtefilen er nå versjon 2." in table
    assert "Avslått" in table.split('<tr id="rad-0219" class="lagret">')[1].split("</tr>")[0]
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
    midsund = next(d for d in data["vedtak"] if d["kommunenummer"] == "1545")  # the other rows as they were
    assert midsund["dispensasjon"].startswith("Sykepleierforbundet har bekreftet")


def test_a_decision_left_untreated_leaves_the_meeting_file(kari, round_with_applications):
    round_id = round_with_applications
    assert _upload_meeting(kari, round_id, MEETING.name, MEETING.read_bytes()).status_code == 303
    url = f"/runder/{round_id}/vedtak/0626"
    fields = _form_fields(kari.get(url).text)
    assert kari.post(url, data={**fields, "utfall-0626": "", "handling": "lagre"}).status_code == 303
    page = kari.get(f"/runder/{round_id}/vedtak").text
    assert "Ikke behandlet" in page.split('<tr id="rad-0626"')[1].split("</tr>")[0]
    assert "<dt>Ikke behandlet</dt><dd>1</dd>" in page
    assert b"'0626'" not in kari.get(f"/runder/{round_id}/mote.yaml").content.split(b"tidligere_opptatt")[0]


def test_the_decisions_pages_need_a_meeting_file_the_role_and_the_token(client):
    assert login(client).status_code == 303
    round_id = create_round(client)
    page = client.get(f"/runder/{round_id}/vedtak")
    assert page.status_code == 200 and "Runden har ingen møtefil ennå" in page.text
    assert client.post(f"/runder/{round_id}/vedtak/0219", data={"handling": "lagre"}).status_code == 403
    assert client.post(f"/runder/{round_id}/vedtak/0219", data={"csrf": csrf_of(page.text)}).status_code == 409
    assert client.get(f"/runder/{round_id}/vedtak/0219").status_code == 409
    assert client.get("/runder/999/vedtak").status_code == 404
    assert client.get("/runder/999/vedtak/0219").status_code == 404
    client.cookies.clear()
    assert login(client, "lise").status_code == 303
    assert client.get(f"/runder/{round_id}/vedtak").status_code == 403
    assert client.get(f"/runder/{round_id}/vedtak/0219").status_code == 403
    assert client.post(f"/runder/{round_id}/vedtak/0219", data={"csrf": csrf_of(page.text)}).status_code == 403


@pytest.mark.parametrize("path", ["/runder/1/vedtak", "/runder/1/vedtak/0219"])
def test_not_logged_in_goes_to_the_login_page_from_the_decisions(client, path):
    response = client.get(path)
    assert response.status_code == 303 and response.headers["location"].startswith("/logg-inn?neste=")


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


def test_letter_batches_made_before_the_pdf_column_are_kept_as_word_only(tmp_path):
    from sqlalchemy import text

    from kvkdocs.db.engine import make_engine
    from kvkdocs.db.migrate import upgrade

    engine = make_engine(f"sqlite:///{tmp_path}/gammel.sqlite3")
    upgrade(engine, "0002")
    sha = "a" * 64
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO rounds (id, name, edition, number, deadline, created_at) "
                                "VALUES (1, 'Pulje 4', 'kvalitetskommune-2006', 4, '2008-09-15', '2008-09-15')"))
        connection.execute(text("INSERT INTO stored_files VALUES (:s, 1, '2008-11-04')"), {"s": sha})
        connection.execute(text("INSERT INTO meeting_files (id, round_id, number, filename, file_sha256, uploaded_at, "
                                "ok, granted, findings) VALUES (1, 1, 1, 'm.yaml', :s, '2008-11-04', 1, 0, '{}')"),
                           {"s": sha})
        connection.execute(text("INSERT INTO letter_batches (meeting_id, zip_sha256, documents, created_at) "
                                "VALUES (1, :s, 17, '2008-11-04')"), {"s": sha})
    upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT documents, pdf FROM letter_batches")).one() == (17, False)
    engine.dispose()


def test_tildelt_says_it_counts_earlier_admissions_and_does(kari, round_with_applications):
    round_id = round_with_applications
    with_earlier = MEETING.read_bytes().replace(b"  kommunenavn: Karm\xc3\xb8y\n  pulje: 3\n",
                                                b"  kommunenavn: Karm\xc3\xb8y\n  pulje: 3\n  tilskudd: 200000\n")
    assert with_earlier != MEETING.read_bytes()
    assert _upload_meeting(kari, round_id, MEETING.name, with_earlier).status_code == 303
    page = kari.get(f"/runder/{round_id}/mote").text
    assert "<dt>Tildelt, med tidligere opptak</dt><dd>kr\u00a04\u00a0000\u00a0000</dd>" in page  # 3 800 000 + 200 000
    assert "tatt opp i tidligere puljer (listen «tidligere_opptatt» i møtefilen)" in page
    assert "<dt>Igjen av rammen</dt><dd>kr\u00a06\u00a0000\u00a0000</dd>" in page


def test_no_letters_while_received_files_still_wait_for_their_check(kari, round_with_applications):
    """A corrected re-upload not yet checked: letters from the earlier verdict would say what the file no longer
    does, so the letters wait until every file of the round has its verdict."""
    round_id = round_with_applications
    _upload_meeting(kari, round_id, MEETING.name, MEETING.read_bytes())
    web = kari.app.state.web
    web.intake.stop()  # the re-sent file is acknowledged and waits
    page = kari.get(f"/runder/{round_id}")
    sent = kari.post(f"/runder/{round_id}/mottak", data={"csrf": csrf_of(page.text)},
                     files=[("filer", ("1545-midsund.yaml", (SAMPLES / "pulje-4" / "1545-midsund.yaml").read_bytes(),
                                       "application/octet-stream"))])
    assert sent.status_code == 303
    page = kari.get(f"/runder/{round_id}/mote")
    refused = kari.post(f"/runder/{round_id}/brev", data={"csrf": csrf_of(page.text)})
    assert refused.status_code == 409 and "1 mottatte filer venter fortsatt på kontroll" in refused.text
    assert "Ingen brev er laget ennå." in refused.text
    web.intake.start()
    finish(kari, sent)
    made = kari.post(f"/runder/{round_id}/brev", data={"csrf": csrf_of(page.text)})
    assert made.status_code == 303
