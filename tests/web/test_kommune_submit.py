"""A municipality sends its application in: confirmation, receipt, late marking, status and its own letter."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import re
import zipfile

import pytest
import yaml

from kvkdocs import verbs
from kvkdocs.db import kommune as kommune_db
from kvkdocs.db.models import Application, ApplicationVersion, AuditEvent, LetterBatch, MeetingFile
from kvkdocs.messages import render_stored
from kvkdocs.web import kommune as kommune_web

from .conftest import csrf_of, login
from .test_kommune import as_municipality, invited, logout  # noqa: F401  (invited is a fixture)

BEFORE_DEADLINE = dt.date(2008, 9, 10)  # the round's deadline is 15.09.2008


@pytest.fixture
def on_time(monkeypatch):
    monkeypatch.setattr(kommune_web, "_today", lambda: BEFORE_DEADLINE)


def fill_with_sample(client, draft_id: int, number: str, path: str, drop=()):
    sample = yaml.safe_load(open(path, encoding="utf-8"))
    for key in drop:
        sample.pop(key, None)
    with client.app.state.web.db() as db, db.begin():
        kommune_db.save(db, None, kommune_db.draft_of(db, draft_id, number), sample, {}, [])
    return sample


def send(client, draft_id: int, confirm: bool = False):
    page = client.get(f"/kommune/soknader/{draft_id}/send-inn")
    assert page.status_code == 200, page.text
    data = {"csrf": csrf_of(page.text)}
    if confirm:
        data["bekreft"] = "ja"
    return page, client.post(f"/kommune/soknader/{draft_id}/send-inn", data=data)


def stored_version(client) -> ApplicationVersion:
    with client.app.state.web.db() as db:
        return db.query(ApplicationVersion).order_by(ApplicationVersion.id.desc()).first()


def test_a_clean_application_is_sent_in_and_the_receipt_shows_time_hash_and_verdict(invited, on_time, tmp_path):  # noqa: F811
    client, round_id, links = invited
    draft = as_municipality(client, links, "1445")
    fill_with_sample(client, draft, "1445", "samples/pulje-4/1445-gloppen.yaml")
    page, response = send(client, draft)
    assert "Ingen feil hindrar søknaden" in html.unescape(page.text) and "Fristen er ute" not in page.text
    assert response.status_code == 303 and "/kvittering/1" in response.headers["location"]
    version = stored_version(client)
    web = client.app.state.web
    content = web.store.path(version.file_sha256).read_bytes()
    assert hashlib.sha256(content).hexdigest() == version.file_sha256
    # The verdict stored is what `kvkdocs validate` says of the stored file in a round folder.
    folder = tmp_path / "runde"
    folder.mkdir()
    (folder / "runde.yaml").write_text("program: kvalitetskommune-2006\nsøknadsfrist: '2008-09-15'\n")
    (folder / "soknad-1445.yaml").write_bytes(content)
    validated = next(f for f in verbs.validate([folder]).files if f.path.endswith("soknad-1445.yaml"))
    assert (version.compliant, version.errors, version.warnings, version.late) == \
        (validated.compliant, validated.errors, validated.warnings, False)
    assert yaml.safe_load(content)["mottatt"] == "2008-09-10"
    receipt = html.unescape(client.get(response.headers["location"]).text)
    assert "Kvittering for innsend søknad" in receipt and version.file_sha256 in receipt
    assert "Utan feil" in receipt and "for sein" not in receipt
    assert "Sekretariatet har ikkje oppgitt nokon adresse for runden enno." in receipt  # nothing invented
    # The secretariat sees it as a version of the round's application for Gloppen.
    with web.db() as db:
        application = db.query(Application).filter_by(round_id=round_id, key="1445").one()
        assert [v.number for v in application.versions] == [1]
        assert "søknad sendt inn" in [e.action for e in db.query(AuditEvent)]
    home = html.unescape(client.get("/kommune").text)
    assert "Sendt inn" in home and f"/kommune/soknader/{draft}/kvittering/1" in home
    logout(client)
    login(client, "kari")
    dashboard = html.unescape(client.get(f"/runder/{round_id}").text)
    assert "Gloppen" in dashboard


def test_errors_are_named_and_must_be_confirmed_before_sending(invited, on_time):  # noqa: F811
    client, _, links = invited
    draft = as_municipality(client, links, "0219")
    fill_with_sample(client, draft, "0219", "samples/pulje-4/0219-baerum.yaml", drop=("mål",))
    page, refused = send(client, draft)
    text = html.unescape(page.text)
    assert "Søknaden har 2 feil" in text and "Mål mangler." in text and 'name="bekreft"' in text
    assert refused.status_code == 400 and "Kryss av for at du vil sende den inn likevel" in html.unescape(refused.text)
    assert stored_version(client) is None
    _, sent = send(client, draft, confirm=True)
    assert sent.status_code == 303
    version = stored_version(client)
    assert not version.compliant and version.errors == 2
    assert "2 feil" in html.unescape(client.get(sent.headers["location"]).text)


def test_a_late_submission_is_taken_and_marked_late_on_the_page_and_receipt(invited):  # noqa: F811
    client, _, links = invited
    draft = as_municipality(client, links, "1445")
    fill_with_sample(client, draft, "1445", "samples/pulje-4/1445-gloppen.yaml")
    page, response = send(client, draft)  # today is long after 15.09.2008
    assert "Fristen er ute" in page.text and "merkt som for sein" in html.unescape(page.text)
    version = stored_version(client)
    assert version.late and any(f["rule"] == "application.deadline"
                                for f in version.result["findings"])
    receipt = html.unescape(client.get(response.headers["location"]).text)
    assert "Søknaden kom etter fristen" in receipt and "merkt som for sein" in receipt
    with client.app.state.web.db() as db:
        details = {e.action: e.detail for e in db.query(AuditEvent)}
    assert render_stored(details["sendt inn etter fristen"], "nn").startswith("kommune 1445, motteken ")
    assert render_stored(details["søknad sendt inn"], "nb") == \
        f"kommune 1445, versjon 1, SHA-256 {version.file_sha256}"


def test_another_municipalitys_receipt_and_letter_answer_404(invited, on_time):  # noqa: F811
    client, _, links = invited
    gloppen = as_municipality(client, links, "1445")
    fill_with_sample(client, gloppen, "1445", "samples/pulje-4/1445-gloppen.yaml")
    send(client, gloppen)
    as_municipality(client, links, "0219")
    for path in ("/kvittering/1", "/kvittering/1.pdf", "/brev.docx", "/send-inn"):
        response = client.get(f"/kommune/soknader/{gloppen}{path}")
        assert response.status_code == 404 and "Gloppen" not in response.text, path


def test_the_home_shows_the_decision_and_the_municipalitys_own_letter(invited, on_time):  # noqa: F811
    client, round_id, links = invited
    draft = as_municipality(client, links, "1445")
    fill_with_sample(client, draft, "1445", "samples/pulje-4/1445-gloppen.yaml")
    send(client, draft)
    web = client.app.state.web
    assert client.get(f"/kommune/soknader/{draft}/brev.docx").status_code == 404  # no letters yet
    # A letters ZIP as the meeting page stores it: one letter per municipality, and the minutes.
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("1445-gloppen-opptaksbrev.docx", b"Gloppens brev")  # the names the letters batch gives
        z.writestr("0219-baerum-avslag.docx", b"Baerums brev")
        z.writestr("protokoll-2008-11-04-pulje-4.docx", b"protokoll")
    address = web.store.put_bytes(archive.getvalue())
    with web.db() as db, db.begin():
        from kvkdocs.db.models import StoredFile

        db.add(StoredFile(sha256=address, size=len(archive.getvalue())))
        db.flush()
        meeting = MeetingFile(round_id=round_id, number=1, filename="m.yaml", file_sha256=address, ok=True,
                              budget=None, granted=0, findings={})
        db.add(meeting)
        db.flush()
        db.add(LetterBatch(meeting_id=meeting.id, zip_sha256=address, documents=3))
    home = html.unescape(client.get("/kommune").text)
    assert "Vedtak gjort" in home and f"/kommune/soknader/{draft}/brev.docx" in home
    letter = client.get(f"/kommune/soknader/{draft}/brev.docx")
    assert letter.status_code == 200 and letter.content == b"Gloppens brev"
    baerum = as_municipality(client, links, "0219")
    assert client.get(f"/kommune/soknader/{draft}/brev.docx").status_code == 404
    own = client.get(f"/kommune/soknader/{baerum}/brev.docx")
    assert own.status_code == 200 and own.content == b"Baerums brev"


def test_without_libreoffice_the_receipt_page_still_works_and_says_the_pdf_is_missing(invited, on_time, monkeypatch):  # noqa: F811
    client, _, links = invited
    draft = as_municipality(client, links, "0219")
    fill_with_sample(client, draft, "0219", "samples/pulje-4/0219-baerum.yaml")
    _, response = send(client, draft)
    monkeypatch.setattr("kvkdocs.render.pdf.soffice", lambda: None)
    page = html.unescape(client.get(response.headers["location"]).text)
    assert "PDF-kvitteringen kan ikke lages fordi LibreOffice ikke er installert" in page
    assert stored_version(client).file_sha256 in page
    assert client.get(response.headers["location"] + ".pdf").status_code == 503


@pytest.mark.slow
def test_the_receipt_pdf_holds_the_hash_and_the_verdict(invited, on_time):  # noqa: F811
    from kvkdocs.render.pdf import soffice

    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    import pypdf

    client, _, links = invited
    draft = as_municipality(client, links, "1445")
    fill_with_sample(client, draft, "1445", "samples/pulje-4/1445-gloppen.yaml")
    _, response = send(client, draft)
    pdf = client.get(response.headers["location"] + ".pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages).replace("\n", " ")
    assert "Kvittering for innsend søknad" in text and "Utan feil" in text
    assert stored_version(client).file_sha256[:32] in text.replace(" ", "")


# -- signed documents ------------------------------------------------------------------------


def upload(client, draft_id: int, name: str, content: bytes):
    page = client.get(f"/kommune/soknader/{draft_id}/signert")
    assert page.status_code == 200, page.text
    return client.post(f"/kommune/soknader/{draft_id}/signert", data={"csrf": csrf_of(page.text)},
                       files={"fil": (name, content)})


def test_a_signed_word_file_is_read_back_and_differences_are_shown_field_by_field(invited, on_time):  # noqa: F811
    client, _, links = invited
    draft = as_municipality(client, links, "1445")
    fill_with_sample(client, draft, "1445", "samples/pulje-4/1445-gloppen.yaml")
    word = client.get(f"/kommune/soknader/{draft}/soknad.docx").content
    agreement = client.get(f"/kommune/soknader/{draft}/samarbeidsavtale.docx")
    assert agreement.status_code == 200 and agreement.content[:2] == b"PK"
    same = upload(client, draft, "soknad-signert.docx", word)
    assert same.status_code == 303
    page = html.unescape(client.get(same.headers["location"]).text)
    assert "Dokumentet seier det same som skjemaet i alle felt." in page
    # The form changes after the document was signed: the document now says something else.
    sample = yaml.safe_load(open("samples/pulje-4/1445-gloppen.yaml", encoding="utf-8"))
    sample["arbeidsform"] = "Ei heilt anna arbeidsform"
    with client.app.state.web.db() as db, db.begin():
        kommune_db.save(db, None, kommune_db.draft_of(db, draft, "1445"), sample, {}, [])
    changed = upload(client, draft, "soknad-signert.docx", word)
    page = html.unescape(client.get(changed.headers["location"]).text)
    assert "Dokumentet seier noko anna enn skjemaet i 1 felt." in page
    row = re.search(r"<tr><th scope=\"row\">([^<]+)</th><td>([^<]+)</td><td>([^<]+)</td></tr>", page)
    original = yaml.safe_load(open("samples/pulje-4/1445-gloppen.yaml", encoding="utf-8"))["arbeidsform"]
    assert row.group(2) == "Ei heilt anna arbeidsform" and row.group(3) == original.strip()
    csrf = csrf_of(page)
    accepted = client.post(changed.headers["location"] + "/godta", data={"csrf": csrf})
    assert accepted.status_code == 303
    _, sent = send(client, draft)
    receipt = html.unescape(client.get(sent.headers["location"]).text)
    assert hashlib.sha256(word).hexdigest() in receipt and "soknad-signert.docx" in receipt


def test_a_scan_without_text_cannot_be_compared_but_can_be_attached(invited, on_time):  # noqa: F811
    import pypdf

    client, _, links = invited
    draft = as_municipality(client, links, "0219")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    scan = io.BytesIO()
    writer.write(scan)
    response = upload(client, draft, "skannet.pdf", scan.getvalue())
    assert response.status_code == 303
    page = html.unescape(client.get(response.headers["location"]).text)
    assert "Vi fant ingen tekst å lese i filen." in page and "Det som sendes inn som søknad, er det du har fylt ut" in page
    assert client.post(response.headers["location"] + "/godta", data={"csrf": csrf_of(page)}).status_code == 303
    assert "Godtatt og lagt ved søknaden." in client.get(response.headers["location"]).text
    with client.app.state.web.db() as db:  # logged as keys: each reader sees the details in their målform
        details = {e.action: e.detail for e in db.query(AuditEvent)}
    assert render_stored(details["signert dokument lastet opp"], "nn").endswith(
        "kommune 0219, kunne ikkje samanliknast")
    assert render_stored(details["signert dokument godtatt"], "nb").startswith("skannet.pdf (SHA-256 ")


def test_an_upload_that_is_not_word_or_pdf_is_refused_in_norwegian(invited):  # noqa: F811
    client, _, links = invited
    draft = as_municipality(client, links, "0219")
    response = upload(client, draft, "notat.txt", b"hei")
    assert response.status_code == 400 and "er verken en Word-fil (.docx) eller en PDF" in html.unescape(response.text)
