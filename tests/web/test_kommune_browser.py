"""A municipality in a real browser (Debian's Chromium through Playwright): from the invitation through every
step of the form, with axe-core on each step and screenshots on a desktop and a 390 px phone.

Skipped with a reason where Playwright or /usr/bin/chromium is missing. Screenshots go to
KVKDOCS_SCREENSHOTS if set (to look at), else a temporary folder.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from .test_browser import CHROMIUM, axe_api, playwright_api, server  # noqa: F401  (the fixture is used by name)

pytestmark = pytest.mark.slow
STEPS = ["soker", "innsatsomrader", "prosjekter", "mal", "styringsgruppe", "organisasjoner", "politisk", "tilskudd",
         "oppsummering"]


def _axe(page, name: str, shots: Path, lang: str) -> None:
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    violations = axe_api.Axe().run(page).response["violations"]
    bad = [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations
           if v["impact"] in ("serious", "critical")]
    assert not bad, f"{name}: {bad}"
    assert page.locator("html").get_attribute("lang") == lang


def _phone(page, name: str, shots: Path) -> None:
    """A 390 px wide phone: nothing scrolls sideways; a screenshot to look at."""
    page.set_viewport_size({"width": 390, "height": 844})
    wide = page.evaluate("""(() => { const out = []; const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT); let n; while ((n = w.nextNode())) { const r = document.createRange(); r.selectNodeContents(n); const b = r.getBoundingClientRect(); if (b.right > 390) out.push(n.parentElement.tagName + "." + n.parentElement.className + ":" + n.textContent.slice(0, 60)); } return out.slice(0, 8); })()""")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, (name, wide)
    page.screenshot(path=str(shots / f"{name}-390px.png"), full_page=True)
    page.set_viewport_size({"width": 1200, "height": 900})


def _invite(browser, server: str) -> dict[str, str]:  # noqa: F811
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(f"{server}/logg-inn")
    page.get_by_label("Brukernavn").fill("kari")
    page.get_by_label("Passord").fill("riktig-passord-123")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"{server}/runder")
    page.goto(f"{server}/runder/ny")
    page.get_by_label("Navn på runden").fill("Pulje 4")
    page.get_by_label("Programutgave").select_option("kvalitetskommune-2006")
    page.get_by_label("Puljenummer").fill("4")
    page.get_by_label("Søknadsfrist").fill("15.09.2008")
    page.get_by_role("button", name="Opprett runden").click()
    page.wait_for_selector("h1:has-text('Pulje 4')")
    page.get_by_role("link", name="Inviter kommuner til å søke i nettleseren").click()
    page.get_by_label("1445 Gloppen").check()
    page.get_by_label("0219 Bærum").check()
    page.get_by_role("button", name="Lag invitasjoner").click()
    page.wait_for_selector("text=2 invitasjoner er laget")
    links = dict(re.findall(r"<td>(\d{4})</td><td>[^<]*</td><td><code>([^<]+)</code>", page.content()))
    page.close()
    return links


def test_a_municipality_fills_in_its_application_in_the_browser(server, tmp_path):  # noqa: F811
    shots = Path(os.environ.get("KVKDOCS_SCREENSHOTS", tmp_path / "skjermbilder"))
    shots.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        links = _invite(browser, server)
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        page = context.new_page()
        page.goto(links["1445"])
        _axe(page, "k1-invitasjon", shots, "nn")
        page.get_by_label("Nytt passord").fill("gloppen-passord-1")
        page.get_by_label("Gjenta passordet").fill("gloppen-passord-1")
        page.get_by_role("button", name="Lagre passordet og gå til søknaden").click()
        page.wait_for_url(f"{server}/kommune")
        _axe(page, "k2-heim", shots, "nn")
        page.get_by_role("link", name="Pulje 4", exact=True).click()
        page.wait_for_selector("h1:has-text('Søkjar')")
        assert page.get_by_label("Kommunenamn").input_value() == "Gloppen"
        page.get_by_label("Kontaktperson").fill("Kari Nes")
        page.get_by_label("E-post").fill("kari.nes@gloppen.kommune.no")
        page.get_by_label("E-post").press("Enter")  # Enter saves the step (and stays on it)
        page.wait_for_selector("h1:has-text('Søkjar')")
        _axe(page, "k3-sokjar", shots, "nn")
        _phone(page, "k3-sokjar", shots)
        for step in STEPS[1:]:
            page.get_by_role("button", name="Lagre og gå vidare").click()
            page.wait_for_url(re.compile(f"/{step}$"))
            _axe(page, f"k4-{step}", shots, "nn")
        # The unions' step: one union, the completeness question left unanswered → the finding by the question.
        page.goto(page.url.rsplit("/", 1)[0] + "/organisasjoner")
        page.get_by_role("button", name="Legg til arbeidstakarorganisasjon").click()
        page.get_by_label("Organisasjon", exact=True).fill("Fagforbundet")
        page.get_by_role("button", name="Lagre og kontroller").click()
        page.wait_for_selector("#feilsammendrag")
        question = page.locator("fieldset#f-alle_organisasjoner_med")
        described = question.get_attribute("aria-describedby")
        assert described and "svar «ja» på «Alle er med»".lower() in page.locator(
            f"#{described.split()[0]}").inner_text().lower()
        _axe(page, "k5-organisasjonar-funn", shots, "nn")
        _phone(page, "k5-organisasjonar-funn", shots)
        page.locator("#feilsammendrag a").first.click()  # the summary's link goes to the field
        # With JavaScript a change is saved and checked at once, without a submit (kvkdocs/web/static/kommune.js).
        page.get_by_label("Ja", exact=True).check()
        playwright_api.expect(page.locator("#funn-omrade")).not_to_contain_text("Alle er med")
        assert question.get_attribute("aria-describedby") is None
        page.get_by_label("Tillitsvald").fill("Kari Solberg")
        page.get_by_label("Stadfesta").fill("20.08.2008")
        page.get_by_label("Stadfesta").press("Tab")
        playwright_api.expect(page.locator("#funn-omrade")).not_to_contain_text("Fagforbundet")
        page.reload()
        assert page.get_by_label("Stadfesta").input_value() == "20.08.2008"  # saved, not only shown
        page.goto(page.url.rsplit("/", 1)[0] + "/oppsummering")
        assert "Dette hindrar søknaden" in page.content() and "Mål manglar." in page.content()
        _axe(page, "k6-oppsummering", shots, "nn")
        context.close()
        # Bærum gets bokmål.
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(links["0219"])
        _axe(page, "k7-invitasjon-baerum", shots, "nb")
        page.get_by_label("Nytt passord").fill("baerum-passord-1")
        page.get_by_label("Gjenta passordet").fill("baerum-passord-1")
        page.get_by_role("button", name="Lagre passordet og gå til søknaden").click()
        page.wait_for_url(f"{server}/kommune")
        page.get_by_role("link", name="Pulje 4", exact=True).click()
        page.wait_for_selector("h1:has-text('Søker')")
        _axe(page, "k8-soker-baerum", shots, "nb")
        # The keyboard alone: Tab reaches the contact's fields in order, Enter saves.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Hopp til hovudinnhaldet" \
            or page.evaluate("document.activeElement.textContent") == "Hopp til hovedinnholdet"
        page.keyboard.press("Enter")
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "f-søker-kontaktperson-navn":
                break
        else:
            pytest.fail("Tab never reached the contact person's field")
        page.keyboard.type("Per Berg")
        for _ in range(3):  # job title, then e-mail
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "f-søker-kontaktperson-epost":
                break
        page.keyboard.type("per.berg@baerum.kommune.no")
        page.keyboard.press("Enter")
        page.wait_for_selector("h1:has-text('Søker')")
        page.reload()
        assert page.get_by_label("E-post").input_value() == "per.berg@baerum.kommune.no"
        assert page.get_by_label("Kontaktperson").input_value() == "Per Berg"
        browser.close()
