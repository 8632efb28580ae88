"""The whole round with the keyboard alone (WCAG 2.1.1), in Debian's Chromium through Playwright.

Only ``page.keyboard`` moves and acts: Tab, Shift+Tab, Enter, Space, the
arrow keys and typing. The one exception is the file chooser: a native file
dialog cannot be driven, so the file input is reached by Tab and then given
its files with ``set_input_files`` on the focused element, as a keyboard user
would pick them in the dialog. At every stop the focused element must show
that it has focus (WCAG 2.4.7: an outline or a ring, computed, on a
``:focus-visible`` element) and lie in the window.

Skipped with a reason where Playwright or /usr/bin/chromium is missing.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)

pytestmark = pytest.mark.slow
APPLICATIONS = sorted(p for p in Path("samples/pulje-4").glob("*.yaml") if p.name != "runde.yaml")
MEETING = "samples/meetings/2008-11-04-pulje-4.yaml"
VERDICT = re.compile("Uten feil|Har feil")

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  return {tag: el.tagName.toLowerCase(), id: el.id, type: el.type || "", href: el.getAttribute("href") || "",
          text: (el.innerText || el.value || "").trim().replace(/\\s+/g, " ").slice(0, 80), label: label.trim(),
          checked: !!el.checked, focusVisible: el.matches(":focus-visible"),
          ring: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none",
          inWindow: box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth};
}"""


@pytest.fixture
def server(settings, template_database):
    import shutil

    import uvicorn

    from kvkdocs.web.app import create_app

    shutil.copyfile(template_database, settings.database_url.removeprefix("sqlite:///"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning",
                                           server_header=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


class Keyboard:
    """Tab through a page to an element, checking at every stop that the focus can be seen."""

    def __init__(self, page):
        self.page = page
        self.stops = 0

    def focused(self) -> dict:
        return self.page.evaluate(FOCUSED)

    def press(self, key: str) -> dict:
        self.page.keyboard.press(key)
        here = self.focused()
        if here["tag"] not in ("body", "main"):
            self.stops += 1
            assert here["focusVisible"] and here["ring"], f"{key}: focus not visible on {here}"
            assert here["inWindow"], f"{key}: the focused element is outside the window: {here}"
        return here

    def tab_to(self, wanted, *, back: bool = False, limit: int = 80) -> dict:
        seen = []
        for _ in range(limit):
            here = self.press("Shift+Tab" if back else "Tab")
            if wanted(here):
                return here
            seen.append(here["id"] or here["text"] or here["href"] or here["tag"])
        raise AssertionError(f"not reached with {limit} presses; passed {seen}")

    def wait_for_page(self, selector: str, timeout: float = 60000) -> None:
        self.page.wait_for_selector(selector, timeout=timeout)
        self.page.wait_for_load_state()


def by_id(name):
    return lambda here: here["id"] == name


def by_text(text):
    return lambda here: here["text"] == text


def by_href(suffix):
    return lambda here: here["tag"] == "a" and here["href"].endswith(suffix)


def test_the_whole_round_with_the_keyboard_alone(server, tmp_path):
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        keys = Keyboard(page)
        page.goto(f"{server}/runder")

        # Log in: the skip link first, then into the form; Shift+Tab goes back a field.
        assert keys.press("Tab")["text"] == "Hopp til hovedinnholdet"
        page.keyboard.press("Enter")
        assert keys.focused()["tag"] == "main"  # the skip link lands on the content
        assert keys.press("Tab")["label"] == "Brukernavn"
        page.keyboard.type("kari")
        assert keys.press("Tab")["label"] == "Passord"
        assert keys.press("Shift+Tab")["label"] == "Brukernavn"
        keys.press("Tab")
        page.keyboard.type("riktig-passord-123")
        page.keyboard.press("Enter")
        page.wait_for_url(f"{server}/runder")

        # Create a round: text fields, a select moved with the arrow keys, the button.
        keys.tab_to(by_text("Opprett ny runde"))
        page.keyboard.press("Enter")
        keys.wait_for_page("h1:has-text('Opprett ny runde')")
        keys.tab_to(by_id("navn"))
        page.keyboard.type("Pulje 4 med tastaturet")
        assert keys.press("Tab")["id"] == "utgave"
        for _ in range(5):
            if page.eval_on_selector("#utgave", "e => e.value") == "kvalitetskommune-2006":
                break
            page.keyboard.press("ArrowDown")
        assert page.eval_on_selector("#utgave", "e => e.value") == "kvalitetskommune-2006"
        for field, text in (("pulje", "4"), ("frist", "15.09.2008"), ("budsjett", "10 000 000"),
                            ("avsender_navn", "KS"), ("avsender_adresse", "Postboks 1378 Vika"),
                            ("avsender_postnummer", "0114"), ("avsender_poststed", "Oslo"),
                            ("avsender_epost", "kvalitetskommuner@ks.no")):
            assert keys.press("Tab")["id"] == field
            page.keyboard.type(text)
        assert keys.press("Tab")["text"] == "Opprett runden"
        page.keyboard.press("Enter")
        keys.wait_for_page("h1:has-text('Pulje 4 med tastaturet')")
        assert "0114 Oslo" in page.locator("#avsender").inner_text()
        round_path = page.url.removeprefix(server)

        # Upload: the file input reached by Tab, its files given as the dialog would, sent with Enter.
        keys.tab_to(lambda here: here["type"] == "file")
        page.locator(":focus").set_input_files([str(p) for p in APPLICATIONS])
        assert keys.press("Tab")["text"] == "Send inn og kontroller"
        page.keyboard.press("Enter")
        for application in APPLICATIONS:  # the verdicts, whenever they come (now or live)
            row = page.locator("tr, li", has_text=application.name).filter(has_text=VERDICT)
            row.first.wait_for(timeout=60000)
        keys.tab_to(by_href(round_path))
        page.keyboard.press("Enter")
        keys.wait_for_page("h1:has-text('Pulje 4 med tastaturet')")

        # Open an application from the dashboard, and back.
        keys.tab_to(by_text("Fræna"))
        page.keyboard.press("Enter")
        keys.wait_for_page("h1:has-text('Fræna')")
        assert "Styringsgruppen mangler folkevalgte" in page.content()
        keys.tab_to(by_href(round_path))
        page.keyboard.press("Enter")
        keys.wait_for_page("h1:has-text('Pulje 4 med tastaturet')")

        # The meeting file, then one decision changed: a radio moved with the arrow keys.
        keys.tab_to(by_href(f"{round_path}/mote"))
        page.keyboard.press("Enter")
        keys.wait_for_page("h1:has-text('Møte og brev')")
        keys.tab_to(by_id("motefil"))
        page.locator(":focus").set_input_files(MEETING)
        assert keys.press("Tab")["text"] == "Last opp og kontroller"
        page.keyboard.press("Enter")
        keys.wait_for_page("text=Igjen av rammen")
        keys.tab_to(by_text("Registrer vedtak"))
        page.keyboard.press("Enter")
        keys.wait_for_page("h1:has-text('Registrer vedtak')")
        keys.tab_to(by_text("Endre vedtaket for 0219 Bærum"))
        page.keyboard.press("Enter")
        keys.wait_for_page("h1:has-text('Vedtak for 0219 Bærum')")
        here = keys.tab_to(lambda here: here["type"] == "radio")
        assert here["id"] == "utfall-0219-opptatt" and here["checked"]  # Tab enters the group at its choice
        page.keyboard.press("ArrowDown")
        here = keys.focused()
        assert here["id"] == "utfall-0219-avslatt" and here["checked"]
        keys.tab_to(by_id("begrunnelse-0219"))
        page.keyboard.type("Søknaden ble trukket før møtet.")
        keys.tab_to(by_text("Kontroller"))
        page.keyboard.press("Enter")
        keys.wait_for_page("text=Vedtakene har ingen feil")
        keys.tab_to(by_text("Lagre vedtaket"))
        page.keyboard.press("Enter")
        keys.wait_for_page("text=Vedtaket for 0219 Bærum er lagret")
        assert "Avslått" in page.locator("#rad-0219").inner_text()

        # The letters: «Også PDF» ticked and unticked with Space, then made with Enter.
        keys.tab_to(by_text("Til møtet og brevene"))
        page.keyboard.press("Enter")
        keys.wait_for_page("h1:has-text('Møte og brev')")
        assert "versjon 2" in page.content()
        assert not keys.tab_to(by_id("brev-pdf"))["checked"]
        page.keyboard.press("Space")
        assert keys.focused()["checked"]
        page.keyboard.press("Space")
        assert not keys.focused()["checked"]
        assert keys.press("Tab")["text"] == "Lag brevene"
        page.keyboard.press("Enter")
        keys.wait_for_page("td:has-text('17')")
        here = keys.tab_to(by_href(".zip"))
        assert here["text"] == "brev-kvalitetskommune-2006-pulje-4-1.zip"
        with page.expect_download() as info:
            page.keyboard.press("Enter")
        import io
        import zipfile

        with zipfile.ZipFile(info.value.path()) as archive:
            letter = archive.read("0219-baerum-avslag.docx")
        with zipfile.ZipFile(io.BytesIO(letter)) as docx:
            assert "Søknaden ble trukket før møtet." in docx.read("word/document.xml").decode("utf-8")
        assert keys.stops > 40  # the walk really went through the pages, stop by stop
        browser.close()
