"""A municipality fills in its whole application with the keyboard alone (WCAG 2.1.1), in Debian's Chromium.

From the invitation link to the receipt, only ``page.keyboard`` moves and acts: Tab, Shift+Tab, Enter,
Space, the arrow keys and typing. On the way it adds and removes a row in each of the lists the issue
names (projects, steering-group members, unions), gets a finding beside a field, follows the summary's
link to the field, reads the message the field is tied to (``aria-describedby``) and fixes it. At every
Tab stop the focused element must show its focus (an outline or a ring on a ``:focus-visible``
element, see :class:`tests.web.test_keyboard.Keyboard`) and lie in the window; axe-core runs once on
every step.

Skipped with a reason where Playwright, axe-playwright-python or /usr/bin/chromium is missing.
Screenshots go to KVKDOCS_SCREENSHOTS if set (to look at), else a temporary folder.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from .test_browser import CHROMIUM, axe_api, playwright_api, server  # noqa: F401  (the fixture is used by name)
from .test_keyboard import Keyboard, by_id, by_text
from .test_kommune_browser import _axe, _invite

pytestmark = pytest.mark.slow


class Form(Keyboard):
    """The keyboard walk through the municipality's form, with the few moves every step repeats."""

    def __init__(self, page, shots: Path) -> None:
        super().__init__(page)
        self.shots = shots
        self.checked: set[str] = set()

    def focused(self) -> dict:
        """The focused element once the form's live check (kommune.js, after a change) has shown its findings."""
        self.page.wait_for_selector("form[data-kontrollerer]", state="detached")
        return super().focused()

    def fill(self, field_id: str, text: str, *, back: bool = False) -> dict:
        """Tab to the field, select what it holds and type ``text`` over it."""
        here = self.tab_to(by_id(field_id), back=back)
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(text)
        return here

    def press_button(self, text: str, *, back: bool = False) -> None:
        self.tab_to(by_text(text), back=back)
        self.page.keyboard.press("Enter")

    def arrive(self, step: str, title: str) -> None:
        """Wait for the step's page; axe on it the first time (and a screenshot)."""
        self.page.wait_for_url(re.compile(f"/{step}(#.*)?$"))
        self.wait_for_page(f"h1:has-text('{title}')")
        if step not in self.checked:
            self.checked.add(step)
            _axe(self.page, f"tastatur-{len(self.checked)}-{step}", self.shots, "nb")

    def next_step(self, step: str, title: str) -> None:
        self.press_button("Lagre og gå videre")
        self.arrive(step, title)

    def add_row(self, label: str, step: str, title: str, first_field: str) -> None:
        """«Legg til …» with Enter: the page comes back at the new row, and its first field is one Tab away."""
        self.press_button(f"Legg til {label}")
        self.arrive(step, title)
        assert self.press("Tab")["id"] == first_field

    def remove_row(self, what: str, step: str, title: str) -> None:
        self.press_button(f"Fjern {what}")
        self.arrive(step, title)
        assert not self.page.get_by_role("button", name=f"Fjern {what}").count()

    def check_radio(self, group_first_id: str, wanted_id: str) -> None:
        """Tab into a group of radio buttons and move to ``wanted_id`` with the arrow keys; Space chooses."""
        here = self.tab_to(lambda h: h["type"] == "radio" and h["id"].startswith(group_first_id))
        for _ in range(4):
            if here["id"] == wanted_id:
                break
            self.page.keyboard.press("ArrowDown")
            here = self.focused()
        self.page.keyboard.press("Space")
        assert self.focused()["id"] == wanted_id and self.focused()["checked"]

    def choose(self, select_id: str, value: str) -> None:
        """A select moved with the arrow keys until it shows ``value``."""
        self.tab_to(by_id(select_id))
        for _ in range(12):
            if self.page.eval_on_selector(f"#{css(select_id)}", "e => e.value") == value:
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"{select_id} never showed {value}")


def css(element_id: str) -> str:
    """An id as a CSS selector (ours hold æøå and slashes turned into dashes; escape what CSS needs)."""
    return re.sub(r"([^\w-])", r"\\\1", element_id)


def test_a_municipality_fills_in_the_whole_form_with_the_keyboard_alone(server, tmp_path):  # noqa: F811
    shots = Path(os.environ.get("KVKDOCS_SCREENSHOTS", tmp_path / "skjermbilder"))
    shots.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        links = _invite(browser, server)  # the secretariat's part, not the municipality's
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        keys = Form(page, shots)

        # The invitation link: a password chosen, Enter on the button.
        page.goto(links["0219"])
        keys.fill("passord", "baerum-passord-1")
        assert keys.press("Tab")["id"] == "gjenta"
        page.keyboard.type("baerum-passord-1")
        keys.press_button("Lagre passordet og gå til søknaden")
        page.wait_for_url(f"{server}/kommune")
        keys.tab_to(by_text("Pulje 4"))
        page.keyboard.press("Enter")
        keys.arrive("soker", "Søker")

        # Søker: the register's values are there; the contact is typed.
        assert page.eval_on_selector("#f-søker-kommunenavn", "e => e.value") == "Bærum"
        keys.fill("f-søker-kontaktperson-navn", "Per Berg")
        assert keys.press("Tab")["id"] == "f-søker-kontaktperson-stilling"
        page.keyboard.type("Prosjektleder")
        assert keys.press("Tab")["id"] == "f-søker-kontaktperson-epost"
        page.keyboard.type("per.berg@baerum.kommune.no")
        assert keys.press("Shift+Tab")["id"] == "f-søker-kontaktperson-stilling"  # back a field, and on
        keys.next_step("innsatsomrader", "Innsatsområder")

        # Innsatsområder: a list of lines, one added; the work form in a text area.
        keys.add_row("innsatsområde", "innsatsomrader", "Innsatsområder", "f-innsatsområder-0")
        page.keyboard.type("Nærvær og arbeidsmiljø i pleie og omsorg")
        keys.fill("f-arbeidsform", "En styringsgruppe med folkevalgte, administrasjonen og tillitsvalgte.")
        keys.next_step("prosjekter", "Prosjekter")

        # Prosjekter: one project typed, a second added and removed again.
        keys.add_row("prosjekt", "prosjekter", "Prosjekter", "f-prosjekter-0-tittel")
        page.keyboard.type("Friskere arbeidsplasser")
        assert keys.press("Tab")["id"] == "f-prosjekter-0-beskrivelse"
        page.keyboard.type("Ansatte og ledere prøver ut nye turnusordninger.")
        here = keys.press("Tab")  # the sectors: boxes ticked with Space
        assert here["type"] == "checkbox" and here["id"].startswith("f-prosjekter-0-sektorer")
        page.keyboard.press("Space")
        assert keys.focused()["checked"]
        keys.fill("f-prosjekter-0-start", "1.1.2009")
        keys.fill("f-prosjekter-0-slutt", "30.06.2011")
        keys.add_row("prosjekt", "prosjekter", "Prosjekter", "f-prosjekter-1-tittel")
        page.keyboard.type("Et prosjekt for mye")
        keys.remove_row("prosjekt 2", "prosjekter", "Prosjekter")
        assert page.eval_on_selector("#f-prosjekter-0-start", "e => e.value") == "01.01.2009"
        keys.next_step("mal", "Mål")

        # Mål: one goal with its theme chosen with the arrow keys.
        keys.add_row("mål", "mal", "Mål", "f-mål-0-beskrivelse")
        page.keyboard.type("Redusere sykefraværet")
        keys.choose("f-mål-0-tema", "sykefravær")
        for field, text in (("f-mål-0-indikator", "Sykefravær i prosent"), ("f-mål-0-enhet", "prosent"),
                            ("f-mål-0-utgangsverdi", "8,0"), ("f-mål-0-målverdi", "6,5 %"),
                            ("f-mål-0-måldato", "30.06.2011")):
            assert keys.press("Tab")["id"] == field
            page.keyboard.type(text)
        keys.fill("f-evaluering", "Styringsgruppen følger opp målene hvert kvartal.")
        keys.next_step("styringsgruppe", "Styringsgruppe")

        # Styringsgruppe: three parties, and a fourth member added and removed.
        for i, (name, party) in enumerate((("Kari Solberg", "folkevalgte"), ("Marit Strand", "administrasjon"),
                                           ("Astrid Moe", "tillitsvalgte"), ("Ekstra Medlem", "administrasjon"))):
            keys.add_row("medlem av styringsgruppen", "styringsgruppe", "Styringsgruppe", f"f-styringsgruppe-{i}-navn")
            page.keyboard.type(name)
            keys.choose(f"f-styringsgruppe-{i}-part", party)
        keys.remove_row("medlem av styringsgruppen 4", "styringsgruppe", "Styringsgruppe")
        keys.fill("f-styringsgruppe-2-organisasjon", "Fagforbundet")
        keys.next_step("organisasjoner", "Arbeidstakerorganisasjoner")

        # Arbeidstakerorganisasjoner: a date that does not exist gets its message beside the field.
        keys.add_row("arbeidstakerorganisasjon", "organisasjoner", "Arbeidstakerorganisasjoner",
                     "f-arbeidstakerorganisasjoner-0-organisasjon")
        page.keyboard.type("Fagforbundet")
        assert keys.press("Tab")["id"] == "f-arbeidstakerorganisasjoner-0-tillitsvalgt"
        page.keyboard.type("Ola Berg")
        assert keys.press("Tab")["id"] == "f-arbeidstakerorganisasjoner-0-bekreftet"
        page.keyboard.type("31.02.2008")
        keys.add_row("arbeidstakerorganisasjon", "organisasjoner", "Arbeidstakerorganisasjoner",
                     "f-arbeidstakerorganisasjoner-1-organisasjon")
        page.keyboard.type("En for mye")
        keys.remove_row("arbeidstakerorganisasjon 2", "organisasjoner", "Arbeidstakerorganisasjoner")
        keys.check_radio("f-alle_organisasjoner_med", "f-alle_organisasjoner_med-1")
        keys.press_button("Lagre og kontroller")
        keys.arrive("organisasjoner", "Arbeidstakerorganisasjoner")
        page.screenshot(path=str(shots / "tastatur-funn-ved-feltet.png"), full_page=True)
        # The summary at the top, then its link to the field: Enter moves the focus there.
        link = keys.tab_to(lambda h: h["tag"] == "a" and h["href"] == "#f-arbeidstakerorganisasjoner-0-bekreftet")
        assert "Datoen finnes ikke" in link["text"]
        page.keyboard.press("Enter")
        here = keys.focused()
        assert here["id"] == "f-arbeidstakerorganisasjoner-0-bekreftet", here
        described = page.eval_on_selector("#f-arbeidstakerorganisasjoner-0-bekreftet",
                                          "e => e.getAttribute('aria-describedby')").split()
        messages = [page.locator(f"#{css(i)}").inner_text() for i in described]
        assert any("Datoen finnes ikke." in m for m in messages), messages
        page.keyboard.press("Control+A")
        page.keyboard.type("20.08.2008")
        page.keyboard.press("Enter")  # Enter in a field saves the step
        keys.arrive("organisasjoner", "Arbeidstakerorganisasjoner")
        assert "Datoen finnes ikke" not in page.content()
        assert page.eval_on_selector("#f-arbeidstakerorganisasjoner-0-bekreftet", "e => e.value") == "20.08.2008"
        keys.next_step("politisk", "Politisk forankring")

        # Politisk forankring and Tilskudd: a date and amounts written as people write them.
        keys.fill("f-politisk_forankring-organ", "kommunestyret")
        assert keys.press("Tab")["id"] == "f-politisk_forankring-dato"
        page.keyboard.type("28.8.08")
        assert keys.press("Tab")["id"] == "f-politisk_forankring-saksnummer"
        page.keyboard.type("040/08")
        keys.next_step("tilskudd", "Tilskudd")
        keys.fill("f-tilskudd-beløp", "kr 200.000,-")
        keys.add_row("budsjettpost", "tilskudd", "Tilskudd", "f-tilskudd-budsjett-0-post")
        page.keyboard.type("Prosjektledelse")
        assert keys.press("Tab")["id"] == "f-tilskudd-budsjett-0-beløp"
        page.keyboard.type("200 000")
        keys.next_step("oppsummering", "Oppsummering")
        page.screenshot(path=str(shots / "tastatur-oppsummering.png"), full_page=True)
        overview = page.locator("main").inner_text()
        for typed in ("Per Berg", "Friskere arbeidsplasser", "Astrid Moe", "20.08.2008", "28.08.2008", "200 000"):
            assert typed in overview, typed
        assert "Et prosjekt for mye" not in overview and "Ekstra Medlem" not in overview

        # Send in, confirming the errors that are left if any, and the receipt.
        keys.tab_to(by_text("Send inn søknaden"))
        page.keyboard.press("Enter")
        keys.wait_for_page("h1:has-text('Send inn søknaden')")
        _axe(page, "tastatur-send-inn", shots, "nb")
        if page.locator("#bekreft").count():
            keys.tab_to(by_id("bekreft"))
            page.keyboard.press("Space")
            assert keys.focused()["checked"]
        keys.press_button("Send inn søknaden")
        keys.wait_for_page("h1:has-text('Kvittering for innsendt søknad')")
        _axe(page, "tastatur-kvittering", shots, "nb")
        assert re.search(r"[0-9a-f]{64}", page.content())
        assert keys.checked == {"soker", "innsatsomrader", "prosjekter", "mal", "styringsgruppe", "organisasjoner",
                                "politisk", "tilskudd", "oppsummering"}
        assert keys.stops > 100  # the walk really went through the form, stop by stop
        browser.close()
