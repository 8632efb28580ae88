"""The receipt page in a real browser: verdicts put in by its script as they are made, with axe on the way.

The intake is held still while the files are sent, so that the page is seen
mid-progress for certain (files waiting, one being checked), then let go:
the rows and the live progress must change without the page being reloaded.
Skipped, like test_browser.py, where Playwright or /usr/bin/chromium is missing.
"""

from __future__ import annotations

import os
import shutil
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
FILES = ["samples/pulje-4/0219-baerum.yaml", "samples/dokumenter/1548-fraena.pdf", "samples/dokumenter/1445-gloppen.docx"]


@pytest.fixture
def served(settings, template_database):
    """(address, Starlette app) of a real server in a thread."""
    import uvicorn

    from kvkdocs.web.app import create_app

    shutil.copyfile(template_database, settings.database_url.removeprefix("sqlite:///"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", server_header=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the server did not start"
    yield f"http://127.0.0.1:{port}", app
    server.should_exit = True
    thread.join(timeout=10)


def _axe(page, name, shots):
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    violations = axe_api.Axe().run(page).response["violations"]
    bad = [(v["id"], v["impact"], v["help"]) for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, f"{name}: {bad}"


def test_the_receipt_shows_each_verdict_as_it_comes_without_a_reload(served, tmp_path):
    from kvkdocs.db import rounds

    base, app = served
    web = app.state.web
    shots = Path(os.environ.get("KVKDOCS_SCREENSHOTS", tmp_path / "skjermbilder"))
    shots.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(f"{base}/logg-inn")
        page.get_by_label("Brukernavn").fill("kari")
        page.get_by_label("Passord").fill("riktig-passord-123")
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_url(f"{base}/runder")
        page.goto(f"{base}/runder/ny")
        page.get_by_label("Navn på runden").fill("Pulje 4")
        page.get_by_label("Programutgave").select_option("kvalitetskommune-2006")
        page.get_by_label("Puljenummer").fill("4")
        page.get_by_label("Søknadsfrist").fill("15.09.2008")
        page.get_by_role("button", name="Opprett runden").click()
        page.wait_for_selector("h1:has-text('Pulje 4')")

        web.intake.stop()  # held still: the files wait
        page.get_by_label("Søknadsfiler").set_input_files(FILES)
        page.get_by_role("button", name="Send inn og kontroller").click()
        page.wait_for_selector("h1:has-text('Kvittering')")
        with web.db() as db:
            waiting = [f.id for f in rounds.waiting_files(db)]
        web.intake.checking.add(waiting[0])  # as the checker shows a file it has taken up
        page.reload()
        assert page.locator("#framdrift").inner_text() == "0 av 3 kontrollert"
        assert page.locator(".merke-venter").count() == 2 and page.locator(".merke-arbeid").count() == 1
        assert page.get_by_role("link", name="Oppdater").is_visible()
        _axe(page, "mottak-underveis", shots)
        receipt = page.url
        page.get_by_role("link", name="Til oversikten over runden").click()
        assert page.get_by_role("heading", name="3 filer venter på kontroll").is_visible()
        assert "Ingen søknader har fått vurdering ennå." in page.content()
        _axe(page, "oversikt-venter", shots)
        page.goto(receipt)

        page.evaluate("window.kvkMerke = 'samme side'")  # gone if the page were loaded again
        web.intake.checking.clear()
        web.intake.start()
        page.locator("#framdrift").filter(has_text="3 av 3 kontrollert").wait_for(timeout=60000)
        assert page.evaluate("window.kvkMerke") == "samme side"
        assert page.locator(".vurdering").count() == 3 and page.locator(".merke-venter").count() == 0
        assert page.locator("#framdrift").get_attribute("aria-live") == "polite"
        page.wait_for_selector("#oppdater-rad", state="hidden")
        for name in ("0219-baerum.yaml", "1548-fraena.pdf", "1445-gloppen.docx"):
            assert page.locator("tr", has_text=name).locator(".vurdering").count() == 1, name
        _axe(page, "mottak-ferdig", shots)
        browser.close()
