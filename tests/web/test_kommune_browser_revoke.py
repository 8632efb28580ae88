"""In Chromium: the secretariat revokes a link (the page confirms, the log shows it), and a municipality that
has sent in opens «Send inn» again (it sees when, the receipt, and the confirmation a new version needs).

axe-core on each changed page, on a desktop and a 390 px phone; screenshots to KVKDOCS_SCREENSHOTS if set.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from .test_browser import CHROMIUM, playwright_api, server  # noqa: F401  (the fixture is used by name)
from .test_kommune_browser import _axe, _invite, _phone

pytestmark = pytest.mark.slow


def test_revoking_a_link_and_sending_in_again_in_the_browser(server, tmp_path):  # noqa: F811
    shots = Path(os.environ.get("KVKDOCS_SCREENSHOTS", tmp_path / "skjermbilder"))
    shots.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        links = _invite(browser, server)
        # Gloppen sends its (unfinished) application in once.
        municipality = browser.new_context(viewport={"width": 1200, "height": 900})
        page = municipality.new_page()
        page.goto(links["1445"])
        page.get_by_label("Nytt passord").fill("gloppen-passord-1")
        page.get_by_label("Gjenta passordet").fill("gloppen-passord-1")
        page.get_by_role("button", name="Lagre passordet og gå til søknaden").click()
        page.wait_for_url(f"{server}/kommune")
        draft = re.search(r'href="/kommune/soknader/(\d+)"', page.content()).group(1)
        page.goto(f"{server}/kommune/soknader/{draft}/send-inn")
        page.get_by_label(re.compile("Eg veit at søknaden har feil")).check()
        page.get_by_role("button", name="Send inn søknaden").click()
        page.wait_for_url(re.compile(r"/kvittering/1$"))
        page.goto(f"{server}/kommune/soknader/{draft}/send-inn")
        assert "Du har allereie sendt inn søknaden" in page.content()
        _axe(page, "r1-send-inn-igjen", shots, "nn")
        _phone(page, "r1-send-inn-igjen", shots)
        page.get_by_role("button", name="Send inn ein ny versjon").click()  # not confirmed: refused, said why
        playwright_api.expect(page.get_by_role("alert").filter(has_text="Søknaden har feil")).to_contain_text(
            "Kryss av for at du vil sende inn ein ny versjon")
        page.get_by_label(re.compile("Eg veit at søknaden har feil")).check()
        page.get_by_label(re.compile("Eg vil sende inn ein ny versjon")).check()
        page.get_by_role("button", name="Send inn ein ny versjon").click()
        page.wait_for_url(re.compile(r"/kvittering/2$"))
        page.get_by_role("link", name="Til søknadene dine").click()
        page.goto(f"{server}/kommune/soknader/{draft}/send-inn")
        page.get_by_role("link", name=re.compile("Versjon 1, sendt inn")).click()
        page.wait_for_url(re.compile(r"/kvittering/1$"))
        municipality.close()
        # The secretariat revokes Bærum's link.
        secretariat = browser.new_context(viewport={"width": 1200, "height": 900})
        page = secretariat.new_page()
        page.goto(f"{server}/logg-inn")
        page.get_by_label("Brukernavn").fill("kari")
        page.get_by_label("Passord").fill("riktig-passord-123")
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_url(f"{server}/runder")
        page.get_by_role("link", name="Pulje 4").first.click()
        page.get_by_role("link", name="Inviter kommuner til å søke i nettleseren").click()
        page.get_by_role("button", name="Trekk tilbake invitasjonen til 0219 Bærum").click()
        playwright_api.expect(page.get_by_role("status")).to_contain_text("Invitasjonen til 0219 Bærum er trukket tilbake")
        assert page.get_by_role("button", name=re.compile("Trekk tilbake")).count() == 0  # Gloppen's was used
        log = page.locator("table[aria-labelledby=logg]").inner_text()
        assert "invitasjon trukket tilbake" in log and "konto opprettet" in log
        _axe(page, "r2-invitasjon-trukket", shots, "nb")
        _phone(page, "r2-invitasjon-trukket", shots)
        secretariat.close()
        revoked = browser.new_page()
        revoked.goto(links["0219"])
        assert "Lenken er utløpt" in revoked.content() and "Bærum" not in revoked.content()
        browser.close()
