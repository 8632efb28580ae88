"""Two municipalities from the invitation link to the receipt in a real browser (Chromium through Playwright),
and the secretariat's dashboard showing both; axe-core on every new page, screenshots on a desktop and 390 px.

Gloppen (1445, nynorsk) has filled in everything and sends in; Bærum (0219, bokmål) has left out the unions'
confirmations, sees the finding beside the fields, fixes them and sends in. Most of the form is filled in
through the database (the form's steps have their own browser test): what is new here is the way from the
summary to the receipt.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
import yaml

from kvkdocs.web import kommune as kommune_web

from .test_browser import CHROMIUM, axe_api, playwright_api, server  # noqa: F401  (the fixture is used by name)
from .test_kommune_browser import _axe, _invite, _phone

pytestmark = pytest.mark.slow


def _prefill(settings, number: str, sample: str, drop_confirmations: bool = False) -> None:
    """The sample application as the municipality's saved draft (as if it had typed it in)."""
    from sqlalchemy.orm import Session

    from kvkdocs.db import kommune as kommune_db
    from kvkdocs.db.engine import make_engine
    from kvkdocs.db.models import Draft

    data = yaml.safe_load(open(sample, encoding="utf-8"))
    if drop_confirmations:
        for union in data["arbeidstakerorganisasjoner"]:
            union.pop("bekreftet")
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as db, db.begin():
            draft = db.query(Draft).filter_by(kommunenummer=number).one()
            kommune_db.save(db, None, draft, data, {}, ["soker", "organisasjoner"])
    finally:
        engine.dispose()


def _set_password(page, server: str, link: str, password: str) -> None:  # noqa: F811
    page.goto(link)
    page.get_by_label("Nytt passord").fill(password)
    page.get_by_label("Gjenta passordet").fill(password)
    page.get_by_role("button", name="Lagre passordet og gå til søknaden").click()
    page.wait_for_url(f"{server}/kommune")


def test_two_municipalities_send_in_and_the_secretariat_sees_both(server, settings, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setattr(kommune_web, "_today", lambda: dt.date(2008, 9, 10))  # before the round's deadline
    shots = Path(os.environ.get("KVKDOCS_SCREENSHOTS", tmp_path / "skjermbilder"))
    shots.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        links = _invite(browser, server)
        # Gloppen, nynorsk: everything filled in; from the summary to the receipt.
        page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
        _set_password(page, server, links["1445"], "gloppen-passord-1")
        _prefill(settings, "1445", "samples/pulje-4/1445-gloppen.yaml")
        page.get_by_role("link", name="Pulje 4", exact=True).click()
        page.goto(page.url.rsplit("/", 1)[0] + "/oppsummering")
        assert "Ingen feil hindrar søknaden" in page.content()
        page.get_by_role("link", name="Signerte dokument: last ned, signer og last opp").click()
        page.wait_for_selector("h1:has-text('Signerte dokument')")
        _axe(page, "s1-signert-gloppen", shots, "nn")
        _phone(page, "s1-signert-gloppen", shots)
        # The Word file, signed (here: as downloaded), uploaded, compared, accepted.
        signed = tmp_path / "soknad-signert.docx"
        signed.write_bytes(page.request.get(page.url.rsplit("/", 1)[0] + "/soknad.docx").body())
        page.get_by_label("Signert søknad eller avtale (Word eller PDF)").set_input_files(str(signed))
        page.get_by_role("button", name="Last opp og samanlikn").click()
        page.wait_for_selector("text=Dokumentet seier det same som skjemaet i alle felt.")
        _axe(page, "s1b-samanlikna-gloppen", shots, "nn")
        page.get_by_role("button", name="Godta og legg ved søknaden").click()
        page.wait_for_selector("text=Godteke og lagt ved søknaden.")
        page.get_by_role("link", name="Tilbake til oppsummeringa").click()
        page.get_by_role("link", name="Send inn søknaden").click()
        page.wait_for_selector("h1:has-text('Send inn søknaden')")
        _axe(page, "s2-send-inn-gloppen", shots, "nn")
        _phone(page, "s2-send-inn-gloppen", shots)
        page.get_by_role("button", name="Send inn søknaden").click()
        page.wait_for_selector("h1:has-text('Kvittering for innsend søknad')")
        receipt = page.content()
        assert re.search(r"[0-9a-f]{64}", receipt) and "Utan feil" in receipt and "for sein" not in receipt
        assert "soknad-signert.docx" in receipt
        _axe(page, "s3-kvittering-gloppen", shots, "nn")
        _phone(page, "s3-kvittering-gloppen", shots)
        page.get_by_role("link", name="Til søknadene dine").click()
        assert "Sendt inn" in page.content() and "Kvittering" in page.content()
        _axe(page, "s4-heim-sendt-gloppen", shots, "nn")
        page.context.close()
        # Bærum, bokmål: the unions' confirmations left out; the finding by the fields; fixed; sent in.
        page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
        _set_password(page, server, links["0219"], "baerum-passord-1")
        _prefill(settings, "0219", "samples/pulje-4/0219-baerum.yaml", drop_confirmations=True)
        page.get_by_role("link", name="Pulje 4", exact=True).click()
        page.goto(page.url.rsplit("/", 1)[0] + "/organisasjoner")
        page.wait_for_selector("#feilsammendrag")
        missing = "Forankringen i Fagforbundet er ikke bekreftet"
        assert missing in page.locator("#feilsammendrag").inner_text()
        row = page.locator("fieldset", has=page.locator("#f-arbeidstakerorganisasjoner-0-bekreftet"))
        assert missing in row.locator(".funn-ved").first.inner_text()  # beside the union's own fields
        _axe(page, "s5-organisasjoner-funn-baerum", shots, "nb")
        for i, day in enumerate(("20.08.2008", "21.08.2008", "22.08.2008", "23.08.2008")):
            page.locator(f"#f-arbeidstakerorganisasjoner-{i}-bekreftet").fill(day)
        page.get_by_role("button", name="Lagre og kontroller").click()
        page.wait_for_load_state()
        assert "Fagforbundet" not in (page.locator("#feilsammendrag").inner_text()
                                      if page.locator("#feilsammendrag").count() else "")
        assert missing not in page.content()
        page.goto(page.url.split("#")[0].rsplit("/", 1)[0] + "/send-inn")
        assert "Ingen feil hindrer søknaden" in page.content()
        page.get_by_role("button", name="Send inn søknaden").click()
        page.wait_for_selector("h1:has-text('Kvittering for innsendt søknad')")
        assert "Uten feil" in page.content()
        _axe(page, "s6-kvittering-baerum", shots, "nb")
        page.context.close()
        # The secretariat's dashboard shows both.
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(f"{server}/logg-inn")
        page.get_by_label("Brukernavn").fill("kari")
        page.get_by_label("Passord").fill("riktig-passord-123")
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_url(f"{server}/runder")
        page.get_by_role("link", name="Pulje 4").first.click()
        page.wait_for_selector("h1:has-text('Pulje 4')")
        dashboard = page.content()
        assert "Gloppen" in dashboard and "Bærum" in dashboard
        page.screenshot(path=str(shots / "s7-sekretariatet.png"), full_page=True)
        browser.close()
