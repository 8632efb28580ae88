"""A real browser (Debian's Chromium through Playwright) through a round, with axe-core on every page.

Skipped with a reason where Playwright or /usr/bin/chromium is missing
(browser downloads are not available; `.ci/run` installs Debian's chromium).
Screenshots go to KVKDOCS_SCREENSHOTS if set (to look at), else a temporary folder.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
axe_api = pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed")
if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)

pytestmark = pytest.mark.slow
FILES = ["samples/pulje-4/0219-baerum.yaml", "samples/dokumenter/1548-fraena.pdf"]


@pytest.fixture
def server(settings, template_database):
    import shutil

    import uvicorn

    from kvkdocs.web.app import create_app

    shutil.copyfile(template_database, settings.database_url.removeprefix("sqlite:///"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning",
                            server_header=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _validate_cli(files) -> dict[str, bool]:
    """What `kvkdocs validate` says of each file (run as a command: no worker forked from this threaded test)."""
    import json
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "kvkdocs", "validate", *files, "--programme", "kvalitetskommune-2006",
                           "--deadline", "2008-09-15", "--format", "json"], capture_output=True, text=True)
    return {Path(f["path"]).name: f["compliant"] for f in json.loads(done.stdout)["files"]}


def _narrow(page, name: str, shots: Path) -> None:
    """Reflow at 320 px (WCAG 1.4.10): the page never scrolls sideways, and axe finds nothing serious at that
    width either (a table scrolling in its own box must be reachable by keyboard); a screenshot to look at."""
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, name
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    violations = axe_api.Axe().run(page).response["violations"]
    bad = [(v["id"], v["impact"], v["help"]) for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, f"{name}: {bad}"
    page.set_viewport_size({"width": 1200, "height": 900})


def _all_checked(page) -> None:
    """Wait until the receipt's live progress says «N av N kontrollert» (it is updated by the page's script)."""
    import re

    page.locator("#framdrift").filter(has_text=re.compile(r"^\s*(\d+) av \1 kontrollert\s*$")).wait_for(timeout=60000)


def _axe(page, name, shots, lang="nb"):
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    page.screenshot(path=str(shots / f"{name}-vindu.png"))  # what one sees first, for long pages
    violations = axe_api.Axe().run(page).response["violations"]
    bad = [(v["id"], v["impact"], v["help"]) for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, f"{name}: {bad}"
    assert page.locator("html").get_attribute("lang") == lang


def test_a_round_in_the_browser(server, tmp_path):
    shots = Path(os.environ.get("KVKDOCS_SCREENSHOTS", tmp_path / "skjermbilder"))
    shots.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(f"{server}/runder")
        assert page.url.startswith(f"{server}/logg-inn")
        _axe(page, "1-logg-inn", shots)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Hopp til hovedinnholdet"

        page.get_by_label("Brukernavn").fill("kari")
        page.get_by_label("Passord").fill("riktig-passord-123")
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_url(f"{server}/runder")
        _axe(page, "2-runder", shots)
        _narrow(page, "2-runder-320px", shots)

        page.get_by_role("link", name="Opprett ny runde").click()
        page.get_by_role("button", name="Opprett runden").click()  # empty: every error shown, tied to its field
        assert page.get_by_role("alert").is_visible()
        _axe(page, "3-ny-runde-feil", shots)
        page.get_by_label("Navn på runden").fill("Pulje 4, Kvalitetskommuneprogrammet")
        page.get_by_label("Programutgave").select_option("kvalitetskommune-2006")
        page.get_by_label("Puljenummer").fill("4")
        page.get_by_label("Søknadsfrist").fill("15.09.2008")
        page.get_by_label("Ramme for tilskudd (kroner)").fill("3 000 000")
        for label, value in (("Avsenderens navn", "KS – sekretariatet for Kvalitetskommuneprogrammet"),
                             ("Postadresse", "Postboks 1378 Vika"), ("Postnummer", "0114"), ("Poststed", "Oslo"),
                             ("E-post", "kvalitetskommuner@ks.no")):  # the secretariat's address, for the receipts
            page.get_by_label(label, exact=True).fill(value)
        page.get_by_role("button", name="Opprett runden").click()
        page.wait_for_selector("h1:has-text('Pulje 4')")
        assert "0114 Oslo" in page.locator("#avsender").inner_text()
        _axe(page, "4-runde-tom", shots)

        page.get_by_label("Søknadsfiler").set_input_files(FILES)
        page.get_by_role("button", name="Send inn og kontroller").click()
        page.wait_for_selector("h1:has-text('Kvittering')", timeout=60000)
        page.screenshot(path=str(shots / "5-kvittering-underveis.png"), full_page=True)  # as the verdicts come
        _all_checked(page)  # the script puts each verdict in as it is made: no reload
        _axe(page, "5-kvittering", shots)
        _narrow(page, "5-kvittering-320px", shots)
        for name, verdict in _validate_cli(FILES).items():
            row = page.locator("tr", has_text=name)
            assert ("Uten feil" if verdict else "Har feil") in row.locator(".vurdering").inner_text(), name

        page.get_by_role("link", name="Til oversikten over runden").click()
        _axe(page, "6-oversikt", shots)
        _narrow(page, "6-oversikt-320px", shots)
        page.get_by_role("link", name="Fræna").click()
        page.wait_for_selector("h1:has-text('Fræna')")
        application_url = page.url
        assert "Styringsgruppen mangler folkevalgte" in page.content()
        _axe(page, "7-soknad", shots)
        _narrow(page, "8-soknad-320px", shots)

        # The meeting: every round-4 application in, the meeting file up, the letters down.
        page.get_by_role("link", name="Pulje 4, Kvalitetskommuneprogrammet").click()
        page.get_by_label("Søknadsfiler").set_input_files(sorted(str(p) for p in Path("samples/pulje-4").glob("*.yaml")))
        page.get_by_role("button", name="Send inn og kontroller").click()
        page.wait_for_selector("h1:has-text('Kvittering')", timeout=60000)
        _all_checked(page)
        page.get_by_role("link", name="Til oversikten over runden").click()
        page.get_by_role("link", name="Møte og brev").click()
        page.wait_for_selector("h1:has-text('Møte og brev')")
        round_url = page.url.removesuffix("/mote")
        _axe(page, "9-mote-tomt", shots)
        page.get_by_label("Møtefil (YAML)").set_input_files("samples/meetings/2008-11-04-pulje-4.yaml")
        page.get_by_role("button", name="Last opp og kontroller").click()
        page.wait_for_selector("text=Igjen av rammen", timeout=60000)
        _axe(page, "10-mote", shots)
        page.get_by_role("link", name="Registrer vedtak").click()
        page.wait_for_selector("h1:has-text('Registrer vedtak')")
        _axe(page, "11-vedtak", shots)
        _narrow(page, "11-vedtak-320px", shots)
        page.get_by_role("link", name="Endre vedtaket for 0219 Bærum").click()  # one decision, its own page
        page.wait_for_selector("h1:has-text('Vedtak for 0219 Bærum')")
        _axe(page, "11-vedtak-rad", shots)
        _narrow(page, "11-vedtak-rad-320px", shots)
        page.get_by_label("Avslått", exact=True).check()
        page.get_by_role("button", name="Lagre vedtaket").click()  # a rejection without its reason
        assert page.get_by_role("alert").is_visible()
        _axe(page, "12-vedtak-feil", shots)
        page.locator("#begrunnelse-0219").fill("Søknaden ble trukket før møtet.")
        page.get_by_role("button", name="Kontroller").click()
        page.wait_for_selector("text=Vedtakene har ingen feil")
        _axe(page, "13-vedtak-kontrollert", shots)
        page.get_by_role("button", name="Lagre vedtaket").click()
        page.wait_for_selector("text=Vedtaket for 0219 Bærum er lagret", timeout=60000)
        assert "Avslått" in page.locator("#rad-0219").inner_text()
        page.get_by_role("link", name="Til møtet og brevene").click()
        page.wait_for_selector("text=versjon 2", timeout=60000)
        page.get_by_role("button", name="Lag brevene").click()
        page.wait_for_selector("td:has-text('17')", timeout=60000)
        _axe(page, "14-brev", shots)
        _narrow(page, "14-brev-320px", shots)
        with page.expect_download() as info:
            page.get_by_role("link", name="brev-kvalitetskommune-2006-pulje-4-1.zip").click()
        import zipfile

        with zipfile.ZipFile(info.value.path()) as archive:
            letter = archive.read("0219-baerum-avslag.docx")
        with zipfile.ZipFile(__import__("io").BytesIO(letter)) as docx:
            assert "Søknaden ble trukket før møtet." in docx.read("word/document.xml").decode("utf-8")

        # Nynorsk: chosen in the header, kept on every page (and on the login page after logging out).
        page.get_by_label("Målform").select_option("nn")
        page.get_by_role("button", name="Bytt").click()
        page.wait_for_selector("h1:has-text('Møte og brev')")
        _axe(page, "15-nn-mote", shots, "nn")
        assert "Att av ramma" in page.content() and "Lag breva" in page.content()
        for name, url, words in [("16-nn-runder", f"{server}/runder", ["Rundar", "Alle søknadsrundar"]),
                                 ("17-nn-ny-runde", f"{server}/runder/ny", ["Namn på runden", "Vel programutgåve"]),
                                 ("18-nn-oversikt", round_url, ["Ta imot søknader", "Åtvaringar", "Kom for seint"]),
                                 ("19-nn-soknad", application_url, ["Kva regelen sjekkar", "Heimel", "Versjonar"]),
                                 ("20-nn-vedtak", f"{round_url}/vedtak", ["Vedtak per kommune", "Tilskot"]),
                                 ("20-nn-vedtak-rad", f"{round_url}/vedtak/0219",
                                  ["Grunngiving for avslag", "Att av ramma no"])]:
            page.goto(url)
            _axe(page, name, shots, "nn")
            for word in words:
                assert word in page.content(), (name, word)
        page.goto(f"{server}/runder/ny")
        page.get_by_role("button", name="Opprett runden").click()
        assert page.get_by_role("alert").is_visible() and "Vel ei programutgåve frå lista." in page.content()
        _axe(page, "21-nn-ny-runde-feil", shots, "nn")
        page.get_by_role("button", name="Logg ut").click()
        page.wait_for_url(f"{server}/logg-inn")
        assert page.get_by_label("Brukarnamn").is_visible()
        _axe(page, "22-nn-logg-inn", shots, "nn")
        page.get_by_label("Målform").select_option("nb")  # and back, before logging in
        page.get_by_role("button", name="Byt").click()
        page.wait_for_selector("label:has-text('Brukernavn')")
        _axe(page, "23-logg-inn-bokmaal", shots)
        browser.close()
