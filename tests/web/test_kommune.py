"""Municipalities in the browser: invitations, their accounts, and the guided form with live findings."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import yaml

from kvkdocs import verbs
from kvkdocs.db import kommune as kommune_db
from kvkdocs.db.models import AuditEvent, DraftVersion, Invitation

from .conftest import create_round, csrf_of, login

PASSWORD = "kommunens-passord-1"


def invite(client, round_id: int, *numbers: str, everyone: bool = False) -> dict[str, str]:
    """Invite municipalities as the logged-in secretariat; returns kommunenummer → link path."""
    page = client.get(f"/runder/{round_id}/invitasjoner")
    assert page.status_code == 200, page.text
    data = {"csrf": csrf_of(page.text), "kommune": list(numbers)}
    if everyone:
        data["alle"] = "ja"
    response = client.post(f"/runder/{round_id}/invitasjoner", data=data)
    assert response.status_code == 200, response.text
    links = re.findall(r"<tr><td>(\d{4})</td><td>[^<]*</td><td><code>http://testserver(/invitasjon/[^<]+)</code>",
                       response.text)
    return dict(links)


def accept(client, link: str, password: str = PASSWORD, again: str | None = None):
    page = client.get(link)
    assert page.status_code == 200, page.text
    return client.post(link, data={"csrf": csrf_of(page.text), "passord": password,
                                   "gjenta": password if again is None else again})


def logout(client):
    page = client.get("/kommune")
    if page.status_code != 200:
        page = client.get("/runder")
    client.post("/logg-ut", data={"csrf": csrf_of(page.text)})
    client.cookies.clear()


@pytest.fixture
def invited(kari):
    """A round-4 round with Gloppen (1445, nynorsk) and Bærum (0219, bokmål) invited; the client logged out."""
    round_id = create_round(kari)
    links = invite(kari, round_id, "1445", "0219")
    assert set(links) == {"1445", "0219"}
    logout(kari)
    return kari, round_id, links


def as_municipality(client, links, number: str) -> int:
    """Use the invitation; returns the id of the municipality's draft."""
    client.cookies.clear()
    response = accept(client, links[number])
    assert response.status_code == 303 and response.headers["location"] == "/kommune"
    home = client.get("/kommune")
    assert home.status_code == 200
    return int(re.search(r'href="/kommune/soknader/(\d+)"', home.text).group(1))


def step_form(page_html: str) -> dict:
    """What a browser would send for the step as shown: every field's current value."""
    data: dict = {"csrf": csrf_of(page_html)}
    form = page_html[page_html.index('class="skjema steg-skjema"'):]
    for tag in re.findall(r"<input [^>]*>", form):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag))
        name = attrs.get("name")
        if not name or name == "csrf":
            continue
        if attrs.get("type") in ("checkbox", "radio") and " checked" not in tag:
            continue
        data.setdefault(html.unescape(name), []).append(html.unescape(attrs.get("value", "")))
    for name, body in re.findall(r'<textarea id="[^"]*" name="([^"]*)"[^>]*>(.*?)</textarea>', form, re.S):
        data[html.unescape(name)] = [html.unescape(body)]
    for name, options in re.findall(r'<select id="[^"]*" name="([^"]*)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]* selected>', options)
        data[html.unescape(name)] = [html.unescape(chosen.group(1)) if chosen else ""]
    return data


def submit(client, draft_id: int, step: str, changes: dict | None = None, action: str = "lagre"):
    page = client.get(f"/kommune/soknader/{draft_id}/{step}")
    assert page.status_code == 200, page.text
    data = step_form(page.text)
    data.update(changes or {})
    data["handling"] = action
    return client.post(f"/kommune/soknader/{draft_id}/{step}", data=data)


def stored(client, draft_id: int) -> DraftVersion:
    from kvkdocs.db.models import Draft

    with client.app.state.web.db() as db:
        return db.get(Draft, draft_id).latest


# -- invitations ----------------------------------------------------------------------------


def test_an_invitation_is_a_single_use_link_that_sets_up_the_municipality_account(invited):
    client, round_id, links = invited
    token = links["1445"].rsplit("/", 1)[1]
    web = client.app.state.web
    with web.db() as db:
        rows = db.query(Invitation).all()
        assert len(rows) == 2 and all(token not in r.token_hash for r in rows)  # only a hash is kept
    draft_id = as_municipality(client, links, "1445")
    home = client.get("/kommune")
    assert "Gloppen" in home.text and '<html lang="nn">' in home.text
    client.cookies.clear()
    again = client.get(links["1445"])
    assert again.status_code == 410 and "Lenkja er allereie brukt" in again.text
    # The account logs in with its name and the password chosen, and lands on its own pages.
    response = login(client, "kommune-1445", PASSWORD)
    assert response.status_code == 303 and response.headers["location"] == "/kommune"
    assert client.get(f"/kommune/soknader/{draft_id}/soker").status_code == 200
    with web.db() as db:
        actions = [e.action for e in db.query(AuditEvent)]
    assert actions.count("kommune invitert") == 2 and "konto opprettet" in actions


def test_an_expired_or_unknown_link_gets_a_clear_page(invited):
    client, _, links = invited
    web = client.app.state.web
    with web.db() as db, db.begin():
        for row in db.query(Invitation).all():
            row.expires_at = dt.datetime(2000, 1, 1)
    page = client.get(links["0219"])
    assert page.status_code == 410 and "Lenken er utløpt. Be sekretariatet om en ny invitasjon." in page.text
    unknown = client.get("/invitasjon/finnes-ikke")
    assert unknown.status_code == 404 and "Vi finner ingen invitasjon med denne lenken" in unknown.text


def test_a_password_is_refused_when_short_or_not_repeated_and_the_link_stays_usable(invited):
    client, _, links = invited
    short = accept(client, links["0219"], "kort", "kort")
    assert short.status_code == 400 and "Passordet må ha minst 10 tegn." in short.text
    different = accept(client, links["0219"], PASSWORD, PASSWORD + "x")
    assert different.status_code == 400 and "De to passordene er ikke like." in different.text
    assert accept(client, links["0219"]).status_code == 303


def test_the_secretariat_can_invite_every_municipality_of_the_round_date(kari):
    round_id = create_round(kari)
    links = invite(kari, round_id, everyone=True)
    # 431 municipalities existed on 15.09.2008 (before the 2017–2020 reforms).
    assert len(links) == len(kari.app.state.web.app.register.valid_on(dt.date(2008, 9, 15))) > 400
    assert "1445" in links and "5001" not in links  # Trondheim's 2018 number did not exist yet
    page = kari.get(f"/runder/{round_id}/invitasjoner")
    refused = kari.post(f"/runder/{round_id}/invitasjoner", data={"csrf": csrf_of(page.text), "kommune": "5001"})
    assert refused.status_code == 400 and "Kommunenummer 5001 fantes ikke på rundens dato." in refused.text


def test_roles_are_kept_apart(invited):
    client, round_id, links = invited
    assert client.get("/kommune").status_code == 303  # not logged in: the login page
    draft_id = as_municipality(client, links, "0219")
    assert client.get("/").headers["location"] == "/kommune"  # the start page is the municipality's own
    for page in ("/runder", f"/runder/{round_id}", f"/runder/{round_id}/invitasjoner", f"/runder/{round_id}/mote",
                 "/runder/ny", f"/runder/{round_id}/rapport.csv"):
        assert client.get(page).status_code == 403, page
    logout(client)
    login(client, "lise")
    assert client.get(f"/runder/{round_id}/invitasjoner").status_code == 403  # read-only staff may not invite
    assert client.get("/kommune").status_code == 403
    assert client.get(f"/kommune/soknader/{draft_id}/soker").status_code == 403


def test_another_municipalitys_ids_answer_404_never_its_data(invited):
    client, _, links = invited
    gloppen = as_municipality(client, links, "1445")
    submit(client, gloppen, "innsatsomrader", {"/arbeidsform": "Hemmeleg arbeidsform i Gloppen"})
    baerum = as_municipality(client, links, "0219")
    csrf = csrf_of(client.get(f"/kommune/soknader/{baerum}/soker").text)
    for path in ("", "/soker", "/innsatsomrader", "/oppsummering", "/finnes-ikke"):
        response = client.get(f"/kommune/soknader/{gloppen}{path}")
        assert response.status_code == 404 and "Gloppen" not in response.text, path
    posted = client.post(f"/kommune/soknader/{gloppen}/innsatsomrader",
                         data={"csrf": csrf, "/arbeidsform": "overskrive", "handling": "lagre"})
    assert posted.status_code == 404
    assert client.get("/kommune/soknader/abc/soker").status_code == 404
    assert stored(client, gloppen).data["arbeidsform"] == "Hemmeleg arbeidsform i Gloppen"


# -- the form ---------------------------------------------------------------------------------


def test_the_form_is_in_the_municipalitys_malform_and_prefilled_from_the_register(invited):
    client, _, links = invited
    gloppen = as_municipality(client, links, "1445")
    page = client.get(f"/kommune/soknader/{gloppen}/soker")
    assert '<html lang="nn">' in page.text and "<h1>Søkjar</h1>" in page.text and "Kommunenamn" in page.text
    assert 'value="Gloppen"' in page.text and 'value="Sogn og Fjordane"' in page.text
    assert "Lagre og gå vidare" in page.text
    baerum = as_municipality(client, links, "0219")
    page = client.get(f"/kommune/soknader/{baerum}/soker")
    assert '<html lang="nb">' in page.text and "<h1>Søker</h1>" in page.text and 'value="Bærum"' in page.text
    assert 'value="Akershus"' in page.text
    # Switchable: the målform control wins over the register.
    chosen = client.post("/malform", data={"csrf": csrf_of(page.text), "malform": "nn",
                                           "neste": f"/kommune/soknader/{baerum}/soker"})
    assert chosen.status_code == 303
    assert '<html lang="nn">' in client.get(f"/kommune/soknader/{baerum}/soker").text
    # The edition's sectors are the choices of a project (nynorsk names for Gloppen's own form).
    submit(client, baerum, "prosjekter", action="legg-til:/prosjekter")
    page = client.get(f"/kommune/soknader/{baerum}/prosjekter")
    assert 'value="pleie-og-omsorg"' in page.text and "skule" in page.text


def test_dates_and_amounts_are_read_as_people_write_them_and_stored_as_the_schema_wants(invited):
    client, _, links = invited
    draft = as_municipality(client, links, "0219")
    submit(client, draft, "politisk", {"/politisk_forankring/organ": "kommunestyret",
                                       "/politisk_forankring/dato": "28.08.2008"})
    submit(client, draft, "tilskudd", {"/tilskudd/beløp": "kr 250 000,-"})
    data = stored(client, draft).data
    assert data["politisk_forankring"] == {"organ": "kommunestyret", "dato": "2008-08-28"}
    assert data["tilskudd"]["beløp"] == 250000
    page = client.get(f"/kommune/soknader/{draft}/tilskudd")
    assert 'value="250 000"' in page.text
    # Not a date: kept as typed, with a message by the field, and not given to the checker.
    response = submit(client, draft, "politisk", {"/politisk_forankring/dato": "31.02.2008"})
    assert response.status_code == 303
    page = client.get(f"/kommune/soknader/{draft}/politisk")
    assert 'value="31.02.2008"' in page.text and "Datoen finnes ikke." in page.text
    assert "dato" not in stored(client, draft).data["politisk_forankring"]
    field = re.search(r'<input [^>]*id="f-politisk_forankring-dato"[^>]*>', page.text).group(0)
    note_id = re.search(r'<div class="funn-ved funn-error" id="(funn-\d+)"><p><strong>Feil:</strong> Datoen finnes',
                        page.text).group(1)
    assert note_id in field and 'aria-invalid="true"' in field


def test_lists_grow_and_shrink_without_javascript(invited):
    client, _, links = invited
    draft = as_municipality(client, links, "0219")
    for _ in range(3):
        assert submit(client, draft, "styringsgruppe", action="legg-til:/styringsgruppe").status_code == 303
    submit(client, draft, "styringsgruppe", {"/styringsgruppe/0/navn": "Ola", "/styringsgruppe/0/part": "folkevalgte",
                                             "/styringsgruppe/1/navn": "Kari", "/styringsgruppe/2/navn": "Per",
                                             "/styringsgruppe/2/part": "tillitsvalgte"})
    assert [m["navn"] for m in stored(client, draft).data["styringsgruppe"]] == ["Ola", "Kari", "Per"]
    response = submit(client, draft, "styringsgruppe", action="fjern:/styringsgruppe/1")
    assert response.status_code == 303 and response.headers["location"].endswith("#f-styringsgruppe")
    members = stored(client, draft).data["styringsgruppe"]
    assert members == [{"navn": "Ola", "part": "folkevalgte"}, {"navn": "Per", "part": "tillitsvalgte"}]
    page = client.get(f"/kommune/soknader/{draft}/styringsgruppe")
    assert page.text.count('name="handling" value="fjern:') == 2
    # A list of lines (focus areas) grows and shrinks the same way.
    submit(client, draft, "innsatsomrader", action="legg-til:/innsatsområder")
    submit(client, draft, "innsatsomrader", {"/innsatsområder/0": "Nærvær"}, action="legg-til:/innsatsområder")
    submit(client, draft, "innsatsomrader", {"/innsatsområder/1": "Brukermedvirkning"})
    assert stored(client, draft).data["innsatsområder"] == ["Nærvær", "Brukermedvirkning"]
    submit(client, draft, "innsatsomrader", action="fjern:/innsatsområder/0")
    assert stored(client, draft).data["innsatsområder"] == ["Brukermedvirkning"]


def test_a_draft_survives_logout_and_login_and_every_change_is_a_version(invited):
    client, _, links = invited
    draft = as_municipality(client, links, "0219")
    submit(client, draft, "innsatsomrader", {"/arbeidsform": "Styringsgruppe og tiltaksplaner"}, action="neste")
    first = stored(client, draft).number
    submit(client, draft, "innsatsomrader")  # nothing changed: no new version
    assert stored(client, draft).number == first
    logout(client)
    login(client, "kommune-0219", PASSWORD)
    page = client.get(f"/kommune/soknader/{draft}/innsatsomrader")
    assert "Styringsgruppe og tiltaksplaner" in page.text
    submit(client, draft, "innsatsomrader", {"/arbeidsform": "Endret"})
    assert stored(client, draft).number == first + 1


def test_findings_are_shown_by_the_field_with_the_words_and_citation_of_validate(invited, tmp_path):
    client, _, links = invited
    draft = as_municipality(client, links, "0219")
    submit(client, draft, "organisasjoner", action="legg-til:/arbeidstakerorganisasjoner")
    submit(client, draft, "organisasjoner", {"/arbeidstakerorganisasjoner/0/organisasjon": "Fagforbundet",
                                             "/alle_organisasjoner_med": ""})
    page = client.get(f"/kommune/soknader/{draft}/organisasjoner")
    # What `kvkdocs validate` says of the same data, in a round folder with the round's edition and deadline.
    folder = tmp_path / "runde"
    folder.mkdir()
    (folder / "runde.yaml").write_text("program: kvalitetskommune-2006\nsøknadsfrist: '2008-09-15'\n")
    (folder / "0219.yaml").write_text(yaml.safe_dump(stored(client, draft).data, allow_unicode=True))
    expected = [f for f in verbs.validate([folder]).files[0].findings
                if f.location.pointer.startswith(("/alle_organisasjoner_med", "/arbeidstakerorganisasjoner"))]
    assert expected, "the union step should have findings"
    text = html.unescape(page.text)
    summary = text[text.index('id="feilsammendrag"'):text.index('class="skjema steg-skjema"')]
    for finding in expected:
        assert finding.message in summary and finding.citation.describe("nb") in text
    # The completeness statement's finding stands by its own question, tied to it for screen readers.
    complete = next(f for f in expected if f.location.pointer == "/alle_organisasjoner_med")
    note = re.search(r'<div class="funn-ved funn-error" id="(funn-\d+)"><p><strong>Feil:</strong> ' +
                     re.escape(html.escape(complete.message, quote=False)), page.text)
    assert note, "the finding is not beside the field"
    fieldset = re.search(r'<fieldset id="f-alle_organisasjoner_med"[^>]*>', page.text).group(0)
    assert note.group(1) in fieldset
    assert f'href="#f-alle_organisasjoner_med">Feil: {html.escape(complete.message)}' in page.text.replace("&#39;", "'") \
        or '#f-alle_organisasjoner_med"' in summary
    # Answering the question removes its finding.
    submit(client, draft, "organisasjoner", {"/alle_organisasjoner_med": "ja"})
    assert complete.message not in html.unescape(client.get(f"/kommune/soknader/{draft}/organisasjoner").text)


def test_findings_wait_until_the_step_is_saved_and_the_summary_shows_what_blocks(invited):
    client, _, links = invited
    draft = as_municipality(client, links, "1445")
    fresh = client.get(f"/kommune/soknader/{draft}/mal")
    assert 'id="feilsammendrag"' not in fresh.text
    submit(client, draft, "mal")
    saved = html.unescape(client.get(f"/kommune/soknader/{draft}/mal").text)
    assert 'id="feilsammendrag"' in saved and "Mål manglar." in saved
    summary = html.unescape(client.get(f"/kommune/soknader/{draft}/oppsummering").text)
    assert "Dette hindrar søknaden" in summary and "Mål manglar." in summary
    assert f'href="/kommune/soknader/{draft}/styringsgruppe"' in summary


def test_a_complete_application_has_nothing_blocking(invited):
    client, _, links = invited
    draft = as_municipality(client, links, "1445")
    sample = yaml.safe_load(open("samples/pulje-4/1445-gloppen.yaml", encoding="utf-8"))
    web = client.app.state.web
    with web.db() as db, db.begin():
        row = kommune_db.draft_of(db, draft, "1445")
        kommune_db.save(db, None, row, sample, {}, [])
    summary = html.unescape(client.get(f"/kommune/soknader/{draft}/oppsummering").text)
    assert "Ingen feil hindrar søknaden" in summary


# -- hostile input ---------------------------------------------------------------------------


def test_hostile_input_is_refused_or_shown_literally(invited):
    client, _, links = invited
    draft = as_municipality(client, links, "0219")
    huge = submit(client, draft, "innsatsomrader", {"/arbeidsform": "x" * 1_000_000})
    assert huge.status_code == 413 and "Skjemaet du sendte er for stort" in huge.text
    long = submit(client, draft, "soker", {"/søker/kontaktperson/navn": "y" * 5000})
    assert long.status_code == 303
    page = client.get(f"/kommune/soknader/{draft}/soker").text
    assert "Teksten er for lang: høyst 2000 tegn (du skrev 5000)." in page
    submit(client, draft, "innsatsomrader", action="legg-til:/innsatsområder")
    submit(client, draft, "innsatsomrader", {"/innsatsområder/0": "z" * 3000})
    page = client.get(f"/kommune/soknader/{draft}/innsatsomrader").text
    assert "Teksten er for lang: høyst 2000 tegn (du skrev 3000)." in page and "z" * 3000 in page  # kept as typed
    hostile = "<script>alert(1)</script> {{ 7*7 }} {% if 1 %}x{% endif %}"
    submit(client, draft, "innsatsomrader", {"/arbeidsform": "a\x00b\x1bc\u202ed\r\nlinje 2"})
    assert stored(client, draft).data["arbeidsform"] == "abcd\nlinje 2"
    submit(client, draft, "soker", {"/søker/kontaktperson/navn": hostile})
    page = client.get(f"/kommune/soknader/{draft}/soker").text
    assert "<script>alert(1)</script>" not in page and "49" not in page.split("kontaktperson")[1][:4000]
    assert html.escape(hostile) in page or html.escape(hostile, quote=True).replace("&#x27;", "&#39;") in page
    assert stored(client, draft).data["søker"]["kontaktperson"]["navn"] == hostile


def test_every_text_of_the_municipalities_pages_has_its_nynorsk():
    """Like the secretariat's scan (test_nynorsk), for the templates in kommune/ and the texts of the form."""
    import ast
    from pathlib import Path

    from kvkdocs.web import kommune, skjema
    from kvkdocs.web.texts import NYNORSK

    web = Path(kommune.__file__).parent
    wanted = set()
    for template in (web / "templates" / "kommune").glob("*.html"):
        wanted |= {a or b for a, b in re.findall(r"""\bt\(\s*"([^"]+)"|\bt\(\s*'([^']+)'""", template.read_text())}
    for node in ast.walk(ast.parse((web / "kommune.py").read_text())):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_t" and isinstance(node.args[1], ast.Constant):
            wanted.add(node.args[1].value)
    wanted |= set(kommune.STATE_TEXT.values()) | set(skjema.MESSAGES.values()) | set(kommune.SEVERITY.values())
    assert len(wanted) > 50
    missing = sorted(t for t in wanted if t not in NYNORSK)
    assert not missing, missing


def test_the_summary_shows_what_was_entered_with_links_to_change_it(invited):
    client, _, links = invited
    draft = as_municipality(client, links, "1445")
    submit(client, draft, "prosjekter", action="legg-til:/prosjekter")
    submit(client, draft, "prosjekter", {"/prosjekter/0/tittel": "Friskare arbeidsplassar",
                                         "/prosjekter/0/sektorer": ["pleie-og-omsorg", "skole"],
                                         "/prosjekter/0/start": "1.1.2009"})
    page = html.unescape(client.get(f"/kommune/soknader/{draft}/oppsummering").text)
    overview = page[page.index("Det du har fylt ut"):page.index("Funn per steg")]
    assert "Friskare arbeidsplassar" in overview and "pleie og omsorg, skule" in overview
    assert "01.01.2009" in overview and "Gloppen" in overview
    assert f'href="/kommune/soknader/{draft}/prosjekter">Endre' in overview


def test_the_word_download_is_the_document_kvkdocs_draft_makes(invited, tmp_path):
    from tests.docx_text import docx_text

    client, _, links = invited
    draft = as_municipality(client, links, "1445")
    submit(client, draft, "innsatsomrader", {"/arbeidsform": "Styringsgruppe med <b>alle</b> partar {{ x }}"})
    response = client.get(f"/kommune/soknader/{draft}/soknad.docx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    path = tmp_path / "1445-soknad.yaml"
    path.write_text(yaml.safe_dump(stored(client, draft).data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    expected = verbs.draft(path, lang="nn").docx
    assert docx_text(response.content) == docx_text(expected)
    assert "Styringsgruppe med <b>alle</b> partar {{ x }}" in docx_text(response.content)
    home = client.get("/kommune").text
    assert f'href="/kommune/soknader/{draft}/soknad.docx"' in home and "Utkast" in home
    baerum = as_municipality(client, links, "0219")
    assert client.get(f"/kommune/soknader/{draft}/soknad.docx").status_code == 404
    assert client.get(f"/kommune/soknader/{baerum}/soknad.docx").status_code == 200


def test_every_step_shows_its_fields_and_leads_to_the_next(invited):
    client, _, links = invited
    draft = as_municipality(client, links, "0219")
    steps = [("soker", "Søker", "/søker/kontaktperson/epost"), ("innsatsomrader", "Innsatsområder", "/arbeidsform"),
             ("prosjekter", "Prosjekter", "antall/prosjekter"), ("mal", "Mål", "/evaluering"),
             ("styringsgruppe", "Styringsgruppe", "antall/styringsgruppe"),
             ("organisasjoner", "Arbeidstakerorganisasjoner", "/alle_organisasjoner_med"),
             ("politisk", "Politisk forankring", "/politisk_forankring/saksnummer"),
             ("tilskudd", "Tilskudd", "/tilskudd/beløp"), ("oppsummering", "Oppsummering", None)]
    for (key, title, field), following in zip(steps, [*steps[1:], None], strict=True):
        page = client.get(f"/kommune/soknader/{draft}/{key}")
        assert page.status_code == 200 and f"<h1>{title}</h1>" in page.text, key
        assert field is None or f'name="{field}"' in page.text, key
        if following:
            response = submit(client, draft, key, action="neste")
            assert response.headers["location"] == f"/kommune/soknader/{draft}/{following[0]}", key
    back = submit(client, draft, "oppsummering", action="forrige")
    assert back.headers["location"] == f"/kommune/soknader/{draft}/tilskudd"


def test_two_saves_at_once_both_count(invited, monkeypatch):
    """A second tab (or the script's check) saves between our read and our write: ours goes on top of it."""
    from kvkdocs.web import kommune as pages

    client, _, links = invited
    draft = as_municipality(client, links, "0219")
    web = client.app.state.web
    real_save = kommune_db.save
    calls = []

    def other_tab_first(db, user, row, data, raw, seen):
        if not calls:
            with web.db() as other, other.begin():
                theirs = kommune_db.draft_of(other, draft, "0219")
                real_save(other, None, theirs, {**theirs.latest.data, "evaluering": "Fra den andre fanen"}, {}, [])
        calls.append(1)
        return real_save(db, user, row, data, raw, seen)

    monkeypatch.setattr(pages.kommune, "save", other_tab_first)
    response = submit(client, draft, "innsatsomrader", {"/arbeidsform": "Fra denne fanen"})
    assert response.status_code == 303 and len(calls) == 2
    data = stored(client, draft).data
    assert data["arbeidsform"] == "Fra denne fanen" and data["evaluering"] == "Fra den andre fanen"
