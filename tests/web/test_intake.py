"""Intake: files in, the checker's verdicts out, the same as `kvkdocs validate` gives."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest

from kvkdocs import validate

from .conftest import create_round, csrf_of, finish, wait_for_verdicts

DOCUMENTS = ["samples/dokumenter/1445-gloppen.docx", "samples/dokumenter/1548-fraena.pdf", "samples/inndata/notat.txt",
             "samples/inndata/ødelagt-yaml.yaml"]


def _post(client, round_id, paths):
    """Send files, and the receipt once every verdict is in."""
    page = client.get(f"/runder/{round_id}")
    files = [("filer", (Path(p).name, Path(p).read_bytes(), "application/octet-stream")) for p in paths]
    response = client.post(f"/runder/{round_id}/mottak", data={"csrf": csrf_of(page.text)}, files=files)
    assert response.status_code == 303, response.text  # acknowledged at once, checked after
    return finish(client, response)


def _same(result):
    return (result.kind, result.compliant, result.errors, result.warnings, result.kommunenummer,
            [(f.rule, f.severity.value, f.message, f.location.pointer, f.location.line) for f in result.findings],
            [(c.rule, c.status.value) for c in result.checklist])


def _stored(client):
    """Every stored version's result, by file name (a Word copy of a YAML application is its next version)."""
    from kvkdocs.db import rounds
    from kvkdocs.db.results import from_json

    web = client.app.state.web
    with web.db() as db:
        return {v.filename: from_json(v.result)
                for r in rounds.list_rounds(db) for a in rounds.applications(db, r) for v in a.versions}


def test_uploaded_files_get_the_same_verdicts_as_kvkdocs_validate(kari):
    round_id = create_round(kari)
    samples = sorted(str(p) for p in Path("samples/pulje-4").iterdir())
    response = _post(kari, round_id, samples + DOCUMENTS)
    assert response.status_code == 200, response.text
    stored = _stored(kari)
    expected = {Path(r.path).name: r for r in validate(["samples/pulje-4"]).files}
    expected |= {Path(r.path).name: r for r in validate(DOCUMENTS, "kvalitetskommune-2006",
                                                        deadline=dt.date(2008, 9, 15)).files}
    assert set(stored) == set(expected)
    for name, result in expected.items():
        assert _same(stored[name]) == _same(result), name
    # The receipt shows each file's verdict, and a non-application gets the input finding.
    assert response.text.count('class="vurdering"') == len(expected)
    assert stored["notat.txt"].findings[0].rule.startswith("input.") and not stored["notat.txt"].compliant
    assert all(f.location.file == name for name, r in stored.items() for f in r.findings if f.location.file)


def test_a_zip_is_unpacked_and_a_reupload_is_a_new_version(kari):
    round_id = create_round(kari)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write("samples/pulje-4/0219-baerum.yaml", "epost/0219-baerum.yaml")
        archive.write("samples/pulje-4/1227-jondal.yaml", "1227-jondal.yaml")
        archive.writestr("__MACOSX/._1227-jondal.yaml", b"junk")
    page = kari.get(f"/runder/{round_id}")
    response = finish(kari, kari.post(f"/runder/{round_id}/mottak", data={"csrf": csrf_of(page.text)},
                                      files=[("filer", ("vedlegg.zip", buffer.getvalue(), "application/zip"))]))
    assert response.status_code == 200 and "2 filer ble tatt imot" in response.text
    changed = Path("samples/pulje-4/1227-jondal.yaml").read_text(encoding="utf-8").replace(
        "dokument: søknad", "dokument: søknad\nevaluering: Ekstern evaluering hvert år, med sluttrapport i 2011.", 1)
    page = kari.get(f"/runder/{round_id}")
    response = finish(kari, kari.post(f"/runder/{round_id}/mottak", data={"csrf": csrf_of(page.text)},
                                      files=[("filer", ("1227-jondal-rettet.yaml", changed.encode(), "text/yaml"))]))
    assert response.status_code == 200
    app_id = re.search(r'href="/soknader/(\d+)\?versjon=2"', response.text).group(1)
    page = kari.get(f"/soknader/{app_id}")
    assert "Versjon" in page.text and "2 av 2" in page.text and "1227-jondal-rettet.yaml" in page.text
    log = page.text.split('id="logg"')[1]
    assert log.count("<td>kari</td><td>fil mottatt</td>") == 2 and "versjon 2" in log
    old = kari.get(f"/soknader/{app_id}?versjon=1")
    assert "evaluation.plan" in old.text  # version 1 keeps its own findings
    original = kari.get(f"/soknader/{app_id}/versjoner/1/fil")
    assert original.content == Path("samples/pulje-4/1227-jondal.yaml").read_bytes()
    assert "attachment" in original.headers["content-disposition"]
    assert kari.get(f"/soknader/{app_id}?versjon=9").status_code == 404


def test_the_application_page_shows_findings_with_citation_and_location(kari):
    round_id = create_round(kari)
    response = _post(kari, round_id, ["samples/pulje-4/1548-fraena.yaml"])
    app_id = re.search(r'href="/soknader/(\d+)', response.text).group(1)
    page = kari.get(f"/soknader/{app_id}").text
    assert "Styringsgruppen mangler folkevalgte" in page
    assert "Sted: linje 48 (/styringsgruppe)" in page and "Hjemmel: Sitat fra avtalen" in page
    assert "Sjekkliste" in page and "kr\u00a0" in page


def test_an_upload_without_files_says_so(kari):
    round_id = create_round(kari)
    page = kari.get(f"/runder/{round_id}")
    response = kari.post(f"/runder/{round_id}/mottak", data={"csrf": csrf_of(page.text)},
                         files=[("filer", ("", b"", "application/octet-stream"))])
    assert response.status_code == 400 and "Velg minst én fil" in response.text


def test_a_broken_zip_is_refused_with_a_message(kari):
    round_id = create_round(kari)
    page = kari.get(f"/runder/{round_id}")
    response = finish(kari, kari.post(f"/runder/{round_id}/mottak", data={"csrf": csrf_of(page.text)},
                                      files=[("filer", ("post.zip", b"PK\x03\x04 not really", "application/zip"))]))
    assert response.status_code == 200 and "post.zip kan ikke pakkes ut" in response.text


def test_an_upload_over_the_limit_is_refused_with_413_in_norwegian(kari, settings):
    round_id = create_round(kari)
    page = kari.get(f"/runder/{round_id}")
    big = b"x" * (settings.upload_limit + 1)
    response = kari.post(f"/runder/{round_id}/mottak", data={"csrf": csrf_of(page.text)},
                         files=[("filer", ("stor.pdf", big, "application/pdf"))])
    assert response.status_code == 413 and "større enn grensen på 2 MB" in response.text
    assert '<html lang="nb">' in response.text


def test_the_limit_is_measured_while_streaming_not_after(kari, settings):
    """A body with no length is cut off as soon as it passes the limit: the rest is never read."""
    round_id = create_round(kari)
    token = csrf_of(kari.get(f"/runder/{round_id}").text)
    chunk = 64 * 1024
    pulled, sent, total = 0, [], 400  # 400 chunks = 25 MB, far over the 2 MB limit

    async def receive():
        nonlocal pulled
        pulled += 1
        if pulled == 1:
            head = (f'--b\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{token}\r\n--b\r\n'
                    'Content-Disposition: form-data; name="filer"; filename="stor.pdf"\r\n'
                    'Content-Type: application/pdf\r\n\r\n').encode()
            return {"type": "http.request", "body": head, "more_body": True}
        return {"type": "http.request", "body": b"x" * chunk, "more_body": pulled < total}

    async def send(message):
        sent.append(message)

    cookie = "; ".join(f"{k}={v}" for k, v in kari.cookies.items())
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": f"/runder/{round_id}/mottak", "raw_path": f"/runder/{round_id}/mottak".encode(),
             "query_string": b"", "root_path": "", "client": ("127.0.0.1", 5000), "server": ("testserver", 80),
             "headers": [(b"host", b"testserver"), (b"content-type", b"multipart/form-data; boundary=b"),
                         (b"cookie", cookie.encode())]}
    asyncio.run(kari.app(scope, receive, send))
    assert sent[0]["status"] == 413
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body").decode()
    assert "større enn grensen" in body
    assert pulled <= settings.upload_limit // chunk + 3, f"read {pulled} of {total} chunks before refusing"


@pytest.mark.worker_processes
def test_word_and_pdf_are_never_parsed_in_the_servers_own_process(kari, monkeypatch):
    """Readers broken in this process change nothing: the files are read in the worker processes."""
    import kvkdocs.load.pdf
    import kvkdocs.load.word

    def parsed_here(*_args, **_kwargs):
        raise AssertionError("parsed in the web server's process")

    monkeypatch.setattr(kvkdocs.load.word, "read_word", parsed_here)
    monkeypatch.setattr(kvkdocs.load.pdf, "read_pdf", parsed_here)
    round_id = create_round(kari)
    _post(kari, round_id, ["samples/dokumenter/1445-gloppen.docx", "samples/dokumenter/1548-fraena.pdf"])
    stored = _stored(kari)
    assert stored["1445-gloppen.docx"].kommunenummer == "1445" and stored["1548-fraena.pdf"].kommunenummer == "1548"


def _send(client, round_id, paths) -> str:
    """Send files; the receipt's address (the upload is acknowledged before any file is checked)."""
    page = client.get(f"/runder/{round_id}")
    files = [("filer", (Path(p).name, Path(p).read_bytes(), "application/octet-stream")) for p in paths]
    response = client.post(f"/runder/{round_id}/mottak", data={"csrf": csrf_of(page.text)}, files=files)
    assert response.status_code == 303, response.text
    return response.headers["location"]


def test_waiting_files_are_shown_as_waiting_never_as_verdicts_until_checked(kari):
    web = kari.app.state.web
    round_id = create_round(kari)
    first = wait_for_verdicts(kari, _send(kari, round_id, ["samples/pulje-4/0219-baerum.yaml"]))
    app_id = re.search(r'href="/soknader/(\d+)', first.text).group(1)
    web.intake.stop()  # the intake stands still: what the pages show while files wait
    receipt = _send(kari, round_id, ["samples/pulje-4/1548-fraena.yaml", "samples/pulje-4/1227-jondal.yaml"])
    page = kari.get(receipt).text
    assert "2 filer ble tatt imot." in page and "0 av 2 kontrollert" in page and 'aria-live="polite"' in page
    assert page.count(">Venter<") == 2 and 'class="vurdering"' not in page
    assert 'src="/static/mottak.js"' in page and f'href="{receipt}">Oppdater<' in page  # with and without script
    status = kari.get(f"{receipt}/status").json()
    assert (status["kontrollert"], status["antall"], status["ferdig"]) == (0, 2, False)
    dashboard = kari.get(f"/runder/{round_id}").text
    assert "2 filer venter på kontroll" in dashboard and "1548-fraena.yaml" in dashboard
    assert dashboard.count('<a href="/soknader/') == 1  # only Bærum has a verdict; the waiting files are no rows
    assert "2 filer i runden venter på kontroll" in kari.get(f"/soknader/{app_id}").text
    web.intake.checking.add(min(f.id for f in _waiting(web)))  # one file taken up by the checker
    assert kari.get(receipt).text.count(">Kontrolleres<") == 1

    web.intake.checking.clear()
    web.intake.start()
    page = wait_for_verdicts(kari, receipt).text
    assert "2 av 2 kontrollert" in page and page.count('class="vurdering"') == 2 and ">Venter<" not in page
    assert 'src="/static/mottak.js"' not in page and ">Oppdater<" not in page  # nothing left to wait for
    assert "venter på kontroll" not in kari.get(f"/runder/{round_id}").text
    assert "venter på kontroll" not in kari.get(f"/soknader/{app_id}").text


def _waiting(web):
    from kvkdocs.db import rounds

    with web.db() as db:
        return rounds.waiting_files(db)


def test_the_status_answer_waits_for_a_change_and_names_no_other_rounds_upload(kari):
    web = kari.app.state.web
    round_id, other = create_round(kari), create_round(kari, pulje="5")
    web.intake.stop()
    receipt = _send(kari, round_id, ["samples/pulje-4/0219-baerum.yaml"])
    known = kari.get(f"{receipt}/status").json()["tilstand"]
    different = kari.get(f"{receipt}/status", params={"kjent": "x"}).json()  # not what it has: answered at once
    assert different["tilstand"] == known and "0 av 1 kontrollert" == different["framdrift"]
    web.intake.start()
    changed = kari.get(f"{receipt}/status", params={"kjent": known}).json()  # answered when the check moves on
    assert changed["tilstand"] != known
    assert wait_for_verdicts(kari, receipt).status_code == 200
    assert kari.get(receipt.replace(f"/runder/{round_id}/", f"/runder/{other}/")).status_code == 404
    assert kari.get(receipt.replace(f"/runder/{round_id}/", f"/runder/{other}/") + "/status").status_code == 404
    kari.cookies.clear()
    assert kari.get(f"{receipt}/status").status_code == 303  # not logged in: to the login page


def test_files_acknowledged_before_a_restart_are_checked_when_the_server_starts(settings, template_database):
    """Rows waiting in the database when the application starts are checked, with no new upload."""
    import shutil

    from starlette.testclient import TestClient

    from kvkdocs.db import rounds
    from kvkdocs.web.app import WebApp, create_app
    from kvkdocs.web.intake import take_in

    from .conftest import login

    shutil.copyfile(template_database, settings.database_url.removeprefix("sqlite:///"))
    with WebApp(settings) as web:  # acknowledged by a server that stopped before checking them
        with web.db() as db, db.begin():
            round_id = rounds.create_round(db, None, name="Pulje 4", edition="kvalitetskommune-2006", number=4,
                                           deadline=dt.date(2008, 9, 15), budget=None).id
        paths = [Path("samples/pulje-4/0219-baerum.yaml"), Path("samples/dokumenter/1548-fraena.pdf")]
        upload_id, count = take_in(web, None, round_id, [(p.name, io.BytesIO(p.read_bytes())) for p in paths], "nb")
        assert count == 2 and len(_waiting(web)) == 2
    with TestClient(create_app(settings), follow_redirects=False) as client:
        assert login(client).status_code == 303
        page = wait_for_verdicts(client, f"/runder/{round_id}/mottak/{upload_id}", timeout=60).text
        assert "2 av 2 kontrollert" in page
    stored = _stored(client)
    assert stored["0219-baerum.yaml"].compliant and stored["1548-fraena.pdf"].kommunenummer == "1548"


def test_a_file_that_cannot_be_checked_gets_an_error_verdict_and_the_others_go_on(kari):
    """A stored file gone from under the checker stops neither its upload nor the queue."""
    web = kari.app.state.web
    round_id = create_round(kari)
    web.intake.stop()
    receipt = _send(kari, round_id, ["samples/pulje-4/0219-baerum.yaml", "samples/pulje-4/1227-jondal.yaml"])
    gone = next(f for f in _waiting(web) if f.filename == "0219-baerum.yaml")
    web.store.path(gone.file_sha256).unlink()
    web.intake.start()
    page = wait_for_verdicts(kari, receipt).text
    assert "2 av 2 kontrollert" in page
    stored = _stored(kari)
    assert stored["1227-jondal.yaml"].kommunenummer == "1227"  # checked as always
    [finding] = stored["0219-baerum.yaml"].findings
    assert finding.rule == "input.unreadable" and not stored["0219-baerum.yaml"].compliant
    assert "kunne ikke kontrolleres" in finding.message and "Send den på nytt" in finding.message
    later = wait_for_verdicts(kari, _send(kari, round_id, ["samples/pulje-4/1548-fraena.yaml"]))
    assert "1 av 1 kontrollert" in later.text  # the queue goes on



def test_a_verdict_that_cannot_be_stored_is_an_error_verdict_and_never_stops_the_queue(kari, monkeypatch):
    """A row the database refuses (PostgreSQL: a value too long for its column) is not retried for ever, holding
    up every file behind it: the file gets an error verdict saying it must be sent again, and the queue goes on."""
    from sqlalchemy.exc import DataError

    from kvkdocs.web import intake

    real = intake.record_checked

    def refusing(db, sent, *, result, facts):
        if sent.filename == "0219-baerum.yaml" and result.kind == "søknad":
            raise DataError("INSERT …", {}, Exception("value too long for type character varying(4)"))
        return real(db, sent, result=result, facts=facts)

    monkeypatch.setattr(intake, "record_checked", refusing)
    round_id = create_round(kari)
    receipt = _send(kari, round_id, ["samples/pulje-4/0219-baerum.yaml", "samples/pulje-4/1227-jondal.yaml"])
    assert "2 av 2 kontrollert" in wait_for_verdicts(kari, receipt, timeout=60).text
    stored = _stored(kari)
    assert stored["1227-jondal.yaml"].kommunenummer == "1227"
    [finding] = stored["0219-baerum.yaml"].findings
    assert finding.rule == "input.unreadable" and "Send den på nytt" in finding.message
    later = wait_for_verdicts(kari, _send(kari, round_id, ["samples/pulje-4/1548-fraena.yaml"]), timeout=60)
    assert "1 av 1 kontrollert" in later.text


def test_a_verdict_whose_row_another_request_stored_meanwhile_is_tried_again_not_marked_unchecked(kari, monkeypatch):
    """A municipality's submission of the same application stored its row first (IntegrityError): the file
    was checked fine, so it stays waiting and its own verdict is stored on the next try, not «not checked»."""
    from sqlalchemy.exc import IntegrityError

    from kvkdocs.web import intake

    real, refused = intake.record_checked, []

    def conflicting_once(db, sent, *, result, facts):
        if sent.filename == "0219-baerum.yaml" and not refused:
            refused.append(sent.id)
            raise IntegrityError("INSERT …", {}, Exception("duplicate key value violates unique constraint"))
        return real(db, sent, result=result, facts=facts)

    monkeypatch.setattr(intake, "record_checked", conflicting_once)
    monkeypatch.setattr(intake.IntakeQueue, "RETRY", 0.05)
    round_id = create_round(kari)
    receipt = _send(kari, round_id, ["samples/pulje-4/0219-baerum.yaml", "samples/pulje-4/1227-jondal.yaml"])
    assert "2 av 2 kontrollert" in wait_for_verdicts(kari, receipt, timeout=60).text
    assert refused  # the conflict happened
    stored = _stored(kari)
    assert stored["0219-baerum.yaml"].compliant and stored["0219-baerum.yaml"].kommunenummer == "0219"
    assert stored["1227-jondal.yaml"].kommunenummer == "1227"


def test_a_batch_stopped_after_its_first_verdict_leaves_nothing_read_ahead_in_the_shared_reader(kari):
    """The server stops, or the database fails, after the first verdict: the files read ahead for the rest are
    dropped from the reader every page shares, not left for no one to take (see kvkdocs.load.isolated)."""
    from kvkdocs.db.rounds import waiting_files
    from kvkdocs.web.intake import Received, ToCheck

    web = kari.app.state.web
    round_id = create_round(kari)
    web.intake.stop()
    _send(kari, round_id, ["samples/dokumenter/1445-gloppen.docx", "samples/dokumenter/1545-midsund.docx",
                           "samples/dokumenter/1902-tromso.docx"])
    with web.db() as db:
        batch = [ToCheck(f.id, Received(f.filename, f.file_sha256, f.size), f.upload.round.edition,
                         f.upload.round.deadline, f.upload.lang) for f in waiting_files(db, 10)]
    verdicts = web.intake_checker.check_each(web.store, batch)
    item, result, _ = next(verdicts)
    assert result.kommunenummer == item.received.filename[:4]
    assert web.app.reader._pending  # the others are read ahead
    verdicts.close()
    assert web.app.reader._pending == {}
