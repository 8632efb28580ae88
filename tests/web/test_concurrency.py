"""Long work in one request never stops the others: letters with PDF, an intake batch, a submission.

Each test pauses the long work at a known point with an event (not a sleep
that races it), does the other thing meanwhile, and only then lets it go on.
"""

from __future__ import annotations

import threading
from pathlib import Path

from .conftest import create_round, csrf_of, finish, login, wait_for_verdicts
from .test_kommune import as_municipality, invited, logout  # noqa: F401 - invited is a fixture
from .test_kommune_submit import fill_with_sample, send

SAMPLES = Path("samples")
MEETING = SAMPLES / "meetings" / "2008-11-04-pulje-4.yaml"
WORD = SAMPLES / "dokumenter" / "1902-tromso.docx"
PAUSE = 60  # seconds: only ever reached when the test fails


def _upload(client, round_id, path: Path, name: str | None = None):
    page = client.get(f"/runder/{round_id}")
    return client.post(f"/runder/{round_id}/mottak", data={"csrf": csrf_of(page.text)},
                       files=[("filer", (name or path.name, path.read_bytes(), "application/octet-stream"))])


def _in_thread(function):
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = function()
        except BaseException as exc:  # noqa: BLE001 - the test looks at it
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


class FakeOffice:
    """LibreOffice as the letters verb drives it, without starting it: the PDF step itself is paused below."""

    def __init__(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> bool:
        return False

    def start(self, processes: int = 1) -> None:
        pass

    def check(self) -> None:
        pass


def test_while_letters_wait_in_their_pdf_step_an_upload_still_gets_its_verdict(kari, monkeypatch):
    import kvkdocs.batch
    import kvkdocs.render.pdf

    round_id = create_round(kari, budsjett="10 000 000")
    files = [("filer", (p.name, p.read_bytes(), "application/octet-stream"))
             for p in sorted((SAMPLES / "pulje-4").iterdir()) if p.is_file()]
    page = kari.get(f"/runder/{round_id}")
    assert finish(kari, kari.post(f"/runder/{round_id}/mottak", data={"csrf": csrf_of(page.text)},
                                  files=files)).status_code == 200
    page = kari.get(f"/runder/{round_id}/mote")
    assert kari.post(f"/runder/{round_id}/mote", data={"csrf": csrf_of(page.text)},
                     files=[("motefil", (MEETING.name, MEETING.read_bytes(), "application/yaml"))]).status_code == 303
    page = kari.get(f"/runder/{round_id}/mote")

    in_pdf, go = threading.Event(), threading.Event()

    def paused_pdfs(folder, office=None):
        in_pdf.set()
        assert go.wait(PAUSE), "the test never let the PDF step go on"

    monkeypatch.setattr(kvkdocs.render.pdf, "soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(kvkdocs.render.pdf, "Office", FakeOffice)
    monkeypatch.setattr(kvkdocs.batch, "add_pdfs", paused_pdfs)
    letters, made = _in_thread(lambda: kari.post(f"/runder/{round_id}/brev",
                                                 data={"csrf": csrf_of(page.text), "pdf": "ja"}))
    try:
        assert in_pdf.wait(PAUSE), made  # the letters are written, and the job waits where LibreOffice would run
        response = _upload(kari, round_id, WORD, "1902-tromso-ny.docx")
        assert response.status_code == 303
        receipt = wait_for_verdicts(kari, response.headers["location"], timeout=PAUSE)
        assert "1902-tromso-ny.docx" in receipt.text and "Venter" not in receipt.text
        assert "Uten feil" in receipt.text or "Har feil" in receipt.text
        assert letters.is_alive()  # all of it while the letters job was still in its PDF step
    finally:
        go.set()
        letters.join(PAUSE)
    assert made["value"].status_code == 303, made  # and the letters are made when it goes on


def test_while_an_intake_batch_is_checked_a_municipality_gets_live_findings_and_its_receipt(invited, monkeypatch):  # noqa: F811
    from kvkdocs import verbs

    client, round_id, links = invited
    checking, go = threading.Event(), threading.Event()
    real = verbs.check_received

    def paused(*args, **kwargs):
        if threading.current_thread().name == "kvkdocs-mottak":  # the intake's thread only, not a submission
            checking.set()
            assert go.wait(PAUSE), "the test never let the intake go on"
        return real(*args, **kwargs)

    monkeypatch.setattr(verbs, "check_received", paused)
    login(client)
    uploaded = _upload(client, round_id, WORD)
    assert uploaded.status_code == 303
    try:
        assert checking.wait(PAUSE)  # the intake is in the middle of its batch
        logout(client)
        draft = as_municipality(client, links, "1445")
        fill_with_sample(client, draft, "1445", "samples/pulje-4/1445-gloppen.yaml")
        summary = client.get(f"/kommune/soknader/{draft}/oppsummering")
        assert summary.status_code == 200 and "Ingen feil hindrar søknaden" in summary.text  # live findings
        _, response = send(client, draft)
        assert response.status_code == 303 and "/kvittering/" in response.headers["location"]
        assert client.get(response.headers["location"]).status_code == 200  # the receipt, with its verdict
        assert not go.is_set() and uploaded  # the batch is still waiting
        web = client.app.state.web
        with web.db() as db:
            from kvkdocs.db.models import UploadFile

            assert [f.checked_at for f in db.query(UploadFile)] == [None]
    finally:
        go.set()
    logout(client)
    login(client)
    receipt = wait_for_verdicts(client, uploaded.headers["location"], timeout=PAUSE)
    assert "Venter" not in receipt.text
