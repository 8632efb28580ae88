"""Hostile input through the municipality's form and its POST endpoints, field by field.

Every field of every step is enumerated from :mod:`kvkdocs.web.skjema` (never
listed by hand: a field added to the schema is tested here the day it is
added) and sent the values an attacker or a careless paste gives: HTML,
template syntax, control characters, a string of a megabyte, and for dates
and amounts the forms people write. Each value must come back exactly as
typed (escaped) in the step, after a reload and in the summary, be stored
as typed (or kept aside with a message by the field), and appear literally
in the Word draft. The documents made from the application (the local
agreement, the receipt, and the secretariat's letters) are checked with the
fields that flow into them.

One application and one client serve the module; each hostile value fills
every field of the draft at once (one submit per step), so the cost is a
few requests per value, not per field.
"""

from __future__ import annotations

import copy
import shutil
from dataclasses import dataclass

import lxml.html
import pytest
import yaml

from kvkdocs.db import kommune as kommune_db
from kvkdocs.db.models import Draft
from kvkdocs.web import skjema

from .conftest import create_round, csrf_of, login
from .test_kommune import PASSWORD, accept, invite, logout, step_form

SAMPLE = "samples/pulje-4/0219-baerum.yaml"
NUMBER = "0219"


def _fields() -> list[tuple[str, str, skjema.Field]]:
    """(step, pointer, field) for every field of every step; a list's fields in its first row."""
    out = []
    for stp in skjema.steps():
        for group in stp.groups:
            for fld in group.fields:
                if group.kind == "fields":
                    out.append((stp.key, skjema.pointer(*group.path, *fld.path), fld))
                else:
                    out.append((stp.key, skjema.pointer(*group.path, 0, *fld.path), fld))
    return out


FIELDS = _fields()
FIELD_IDS = [pointer for _, pointer, _ in FIELDS]
TYPED = ("text", "textarea", "email")  # stored as typed (without control characters)
READ = ("date", "amount", "number")  # read into a value; what cannot be read is kept aside with a message

#: name → (what is typed, what must be kept and shown).
HOSTILE = {
    "html": ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    "attribute": ('"><img src=x onerror=alert(1)>', '"><img src=x onerror=alert(1)>'),
    "template": ("{{ 7*7 }}{{ x }}{% if %} ${x} #{x}", "{{ 7*7 }}{{ x }}{% if %} ${x} #{x}"),
    "controls": ("a\x00b\x1bc\u202ed\ufffee\x7ff\x0cg", "abcdefg"),
    "ampersand": ("&amp; &lt;b&gt; «Ås & Ørsta»", "&amp; &lt;b&gt; «Ås & Ørsta»"),
}


def _tag(i: int) -> str:
    """A short tag that tells one field's value from another's (letters only: no digit, so never «49»)."""
    return "q" + "abcdefghijklmnopqrstuvwxyz"[i // 26] + "abcdefghijklmnopqrstuvwxyz"[i % 26]


def _base() -> dict:
    """The Bærum sample with exactly one row in every list, so every list field has its first row."""
    data = yaml.safe_load(open(SAMPLE, encoding="utf-8"))
    data["søker"]["kommunenummer"] = NUMBER
    for stp in skjema.steps():
        for group in stp.groups:
            if group.kind == "fields":
                continue
            rows = skjema.get(data, group.path)
            first = rows[0] if isinstance(rows, list) and rows else ({} if group.kind == "records" else "")
            skjema.put(data, group.path, [first])
    data["samarbeidskommuner"] = [{"kommunenummer": "0220", "kommunenavn": "Asker"}]
    return data


@dataclass
class Site:
    client: object
    round_id: int
    draft_id: int

    def reset(self, data: dict) -> None:
        """The draft as if the municipality had typed ``data`` (nothing kept aside, every step seen)."""
        web = self.client.app.state.web
        with web.db() as db, db.begin():
            draft = kommune_db.draft_of(db, self.draft_id, NUMBER)
            kommune_db.save(db, None, draft, copy.deepcopy(data), {}, [s.key for s in skjema.steps()[:-1]])

    def latest(self):
        with self.client.app.state.web.db() as db:
            version = db.get(Draft, self.draft_id).latest
            return version.number, version.data, version.raw or {}

    def page(self, step: str):
        response = self.client.get(f"/kommune/soknader/{self.draft_id}/{step}")
        assert response.status_code == 200, response.text
        return response


@pytest.fixture(scope="module")
def site(tmp_path_factory, template_database):
    from starlette.testclient import TestClient

    from kvkdocs.web.app import create_app
    from kvkdocs.web.settings import Settings

    folder = tmp_path_factory.mktemp("fiendtlig")
    settings = Settings(database_url=f"sqlite:///{folder}/web.sqlite3", files_dir=folder / "filer",
                        upload_limit=2 * 1024 * 1024)
    shutil.copyfile(template_database, folder / "web.sqlite3")
    with TestClient(create_app(settings), base_url="http://testserver", follow_redirects=False) as client:
        assert login(client).status_code == 303
        round_id = create_round(client)
        links = invite(client, round_id, NUMBER)
        logout(client)
        assert accept(client, links[NUMBER]).status_code == 303
        home = client.get("/kommune").text
        draft_id = int(home.split('href="/kommune/soknader/', 1)[1].split('"', 1)[0])
        yield Site(client, round_id, draft_id)


def _post_step(site: Site, step: str, changes: dict, action: str = "lagre"):
    data = step_form(site.page(step).text)
    data.update(changes)
    data["handling"] = action
    return site.client.post(f"/kommune/soknader/{site.draft_id}/{step}", data=data)


# -- every field, every hostile value ------------------------------------------------------------


@dataclass
class Filled:
    typed: dict  # pointer → what was typed
    expected: dict  # pointer → what must be kept and shown
    statuses: dict  # step → status of the submit
    pages: dict  # step → the page after the save (a reload), parsed
    summary: str  # the summary page's text
    data: dict
    raw: dict
    docx: str  # the Word draft's text


@pytest.fixture(scope="module", params=list(HOSTILE))
def filled(request, site) -> Filled:
    """Every field of every step given ``HOSTILE[param]`` (each with its own tag), one submit per step."""
    typed_value, shown_value = HOSTILE[request.param]
    site.reset(_base())
    typed, expected, statuses = {}, {}, {}
    for i, (_, pointer, _) in enumerate(FIELDS):
        typed[pointer] = f"{typed_value} {_tag(i)}"
        expected[pointer] = f"{shown_value} {_tag(i)}"
    for stp in skjema.steps()[:-1]:
        own = {p: typed[p] for s, p, _ in FIELDS if s == stp.key}
        statuses[stp.key] = _post_step(site, stp.key, own).status_code
    pages = {stp.key: site.page(stp.key).text for stp in skjema.steps()}
    _, data, raw = site.latest()
    docx = site.client.get(f"/kommune/soknader/{site.draft_id}/soknad.docx")
    assert docx.status_code == 200, docx.text
    from tests.docx_text import docx_text

    summary = lxml.html.fromstring(pages.pop("oppsummering")).text_content()
    return Filled(typed, expected, statuses, _parsed(pages), summary, data, raw, docx_text(docx.content))


def _parsed(pages: dict[str, str]) -> dict:
    """Each page parsed once (a module's tests look at the same pages hundreds of times)."""
    return {step: lxml.html.fromstring(page) for step, page in pages.items()}


def _element(tree, pointer: str):
    found = tree.xpath(f'//*[@id="{skjema.field_id(pointer)}"]')
    assert found, f"no element for {pointer}"
    return tree, found[0]


def _shown_in_field(element, fld: skjema.Field) -> list[str]:
    """What the field shows as its value: the input's value, the text area's text, the chosen option or boxes."""
    if element.tag == "textarea":
        return [element.text or ""]
    if element.tag == "select":
        return [o.get("value") for o in element.xpath(".//option[@selected]")]
    if element.tag == "fieldset":
        return [i.get("value") for i in element.xpath(".//input[@checked]")]
    return [element.get("value")]


def _note_beside(tree, element, message: str) -> None:
    """The message stands beside the field and is tied to it: aria-describedby names it, aria-invalid is set."""
    described = (element.get("aria-describedby") or "").split()
    texts = [" ".join(tree.get_element_by_id(i).text_content().split()) for i in described]
    assert any(message in t for t in texts), (message, texts)
    assert element.get("aria-invalid") == "true"
    summary = tree.get_element_by_id("feilsammendrag")  # and the summary at the top links to the field
    assert f"#{element.get('id')}" in [a.get("href") for a in summary.iter("a")]


def _path(pointer: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in pointer.strip("/").split("/"))


@pytest.mark.parametrize("step,pointer,fld", FIELDS, ids=FIELD_IDS)
def test_a_hostile_value_is_kept_and_shown_literally_in_every_field(filled, step, pointer, fld):
    assert filled.statuses[step] == 303, filled.statuses
    tree, element = _element(filled.pages[step], pointer)
    # Nothing typed became markup: no script, no element with an event handler, anywhere on the page.
    assert not tree.xpath("//script[not(@src)]") and not tree.xpath("//*[@onerror]")
    want = filled.expected[pointer]
    stored = skjema.get(filled.data, _path(pointer))
    if fld.fixed:  # the register's value: what was sent is ignored
        assert stored == NUMBER and _shown_in_field(element, fld) == [NUMBER]
        return
    if fld.kind in READ + ("yesno",):  # not a date, amount, number or answer: kept aside, said beside the field
        assert filled.raw.get(pointer) == want and stored is None
        message = {"date": "Skriv datoen som dd.mm.åååå", "amount": "Skriv beløpet i hele kroner",
                   "number": "Skriv et tall", "yesno": "Svar ja eller nei."}[fld.kind]
        _note_beside(tree, element, message)
    elif fld.kind == "codes":
        assert stored == [want]
    else:
        assert stored == want
    if fld.kind == "yesno":
        assert not element.xpath(".//input[@checked]")  # no answer is made up
    else:
        assert want in _shown_in_field(element, fld)
    # The summary shows it as text, exactly (an answer that is not yes or no too, as it was sent).
    assert want in filled.summary


@pytest.mark.parametrize("step,pointer,fld", [f for f in FIELDS if f[2].kind not in READ + ("yesno",)
                                              and not f[2].fixed], ids=lambda v: v if isinstance(v, str) else "")
def test_a_hostile_value_is_literal_in_the_word_draft(filled, step, pointer, fld):
    text = filled.docx  # read with python-docx: the package and its XML are whole
    assert filled.expected[pointer] in text
    if "7*7" in filled.expected[pointer]:
        assert "49" not in text


# -- a megabyte, and more than a field takes ------------------------------------------------------------


@pytest.mark.parametrize("step,pointer,fld", FIELDS, ids=FIELD_IDS)
def test_a_megabyte_in_any_field_is_refused_in_norwegian_and_nothing_is_stored(site, step, pointer, fld):
    site.reset(_base())
    before = site.latest()
    response = _post_step(site, step, {pointer: "x" * 1_048_576})
    assert response.status_code == 413, response.status_code
    text = lxml.html.fromstring(response.text).text_content()
    assert "Skjemaet du sendte er for stort (over 512 kB)" in text and "kort ned teksten" in text
    assert "Traceback" not in response.text
    assert site.latest() == before


@pytest.fixture(scope="module")
def too_long(site) -> tuple[dict, dict, dict]:
    """Every field one character over its limit (the schema's, else the form's own), one submit per step."""
    site.reset(_base())
    typed = {p: "å" * (skjema.limit(f) + 1) for _, p, f in FIELDS if not f.fixed and f.kind != "codes"}
    for stp in skjema.steps()[:-1]:
        assert _post_step(site, stp.key, {p: typed[p] for s, p, _ in FIELDS if s == stp.key and p in typed}).status_code == 303
    _, data, raw = site.latest()
    return typed, data, raw, _parsed({s.key: site.page(s.key).text for s in skjema.steps()[:-1]})


@pytest.mark.parametrize("step,pointer,fld", [f for f in FIELDS if not f[2].fixed and f[2].kind != "codes"],
                         ids=lambda v: v if isinstance(v, str) else "")
def test_more_than_a_field_takes_is_kept_as_typed_with_a_message_and_never_cut(too_long, step, pointer, fld):
    typed, data, raw, pages = too_long
    tree, element = _element(pages[step], pointer)
    assert raw[pointer] == typed[pointer] and skjema.get(data, _path(pointer)) in (None, "")  # a line keeps its row
    if fld.kind == "yesno":
        _note_beside(tree, element, "Svar ja eller nei.")
        return
    n = skjema.limit(fld)
    _note_beside(tree, element, f"Teksten er for lang: høyst {n} tegn (du skrev {n + 1}).")
    assert typed[pointer] in _shown_in_field(element, fld)
    # No maxlength: a browser would cut a long paste without a word, and the person would never know.
    assert element.get("maxlength") is None


# -- numbers and dates as people write them ------------------------------------------------------------

#: kind → (typed, stored, shown again); stored None: not read, kept as typed with the message.
PEOPLE = {
    "amount": [("kr 700.000,-", 700000, "700 000"), ("700 000", 700000, "700 000"),
               ("1,5 mill.", 1500000, "1 500 000"), ("NOK 250 000", 250000, "250 000"),
               ("1.5 mill", None, "Skriv beløpet i hele kroner, for eksempel 250 000."),
               ("700,50", None, "Skriv beløpet i hele kroner, uten øre.")],
    "date": [("20.08.2008", "2008-08-20", "20.08.2008"), ("20.8.08", "2008-08-20", "20.08.2008"),
             ("1.1.2009", "2009-01-01", "01.01.2009"), ("20. august 2008", "2008-08-20", "20.08.2008"),
             ("20.08", None, "Skriv datoen som dd.mm.åååå, for eksempel 15.09.2008."),
             ("20.8.99", None, "Skriv datoen som dd.mm.åååå, for eksempel 15.09.2008."),
             ("31.02.2008", None, "Datoen finnes ikke.")],
    "number": [("7,5", 7.5, "7,5"), ("6.5", 6.5, "6,5"), ("1 000", 1000, "1000"), ("6,5 %", 6.5, "6,5"),
               ("-2,25", -2.25, "-2,25"),
               ("1.000", None, "Punktum er uklart her: skriv tusen som 1 000 og desimaler med komma"),
               ("1e5", None, "Skriv et tall, for eksempel 7,5.")],
}
READ_FIELDS = [f for f in FIELDS if f[2].kind in PEOPLE]
_written: dict = {}


def _written_as_people_write(site: Site, kind: str, typed: str):
    """Every field of ``kind`` given ``typed`` (one submit per step that has one); cached per (kind, typed)."""
    if (kind, typed) not in _written:
        site.reset(_base())
        steps = dict.fromkeys(s for s, _, f in READ_FIELDS if f.kind == kind)
        for step in steps:
            own = {p: typed for s, p, f in READ_FIELDS if s == step and f.kind == kind}
            assert _post_step(site, step, own).status_code == 303
        _, data, raw = site.latest()
        _written.clear()  # one at a time: the draft holds only the latest
        _written[(kind, typed)] = data, raw, _parsed({s: site.page(s).text for s in steps})
    return _written[(kind, typed)]


@pytest.mark.parametrize("step,pointer,fld,typed,stored,shown",
                         [(s, p, f, *form) for kind, forms in PEOPLE.items() for form in forms  # one form at a time
                          for s, p, f in READ_FIELDS if f.kind == kind],
                         ids=lambda v: v if isinstance(v, str) else "")
def test_numbers_and_dates_are_read_as_people_write_them_or_asked_about(site, step, pointer, fld, typed, stored,
                                                                           shown):
    data, raw, pages = _written_as_people_write(site, fld.kind, typed)
    tree, element = _element(pages[step], pointer)
    if stored is None:
        assert skjema.get(data, _path(pointer)) is None and raw[pointer] == typed
        assert _shown_in_field(element, fld) == [typed]  # as typed, to correct
        _note_beside(tree, element, shown)
    else:
        value = skjema.get(data, _path(pointer))
        assert value == stored and type(value) is type(stored) and pointer not in raw
        assert _shown_in_field(element, fld) == [shown]
        notes = [tree.get_element_by_id(i) for i in (element.get("aria-describedby") or "").split()]
        notes = [n.text_content() for n in notes if "funn-ved" in n.get("class", "")]
        assert not [n for n in notes for m in skjema.MESSAGES.values() if m.split("{")[0][:20] in n]


# -- the documents made from the application -----------------------------------------------------------

#: Typed into every free-text field of a complete application; what each document must show of it.
DOC_TYPED = "<b>fet</b>\x1b {{ 7*7 }}\u202e {% if %} ${x} &amp;"
DOC_SHOWN = "<b>fet</b> {{ 7*7 }} {% if %} ${x} &amp;"
#: The fields whose text the secretariat's letter carries (ApplicationSummary in kvkdocs/decisions.py:
#: the contact, the projects' titles when the meeting names no project, the unions in «Kopi til»).
LETTER_FIELDS = ("/søker/kontaktperson/navn", "/prosjekter/0/tittel", "/arbeidstakerorganisasjoner/0/organisasjon")
#: The fields the local agreement names (kvkdocs/agreement.py, local_context).
AGREEMENT_FIELDS = ("/søker/kommunenavn", "/prosjekter/0/tittel", "/arbeidstakerorganisasjoner/0/organisasjon",
                    "/arbeidstakerorganisasjoner/0/tillitsvalgt", "/styringsgruppe/0/navn", "/styringsgruppe/0/rolle")
SIGNED_NAME = "<img src=x onerror=alert(1)>{{ 7*7 }}\x1b\u202e.docx"
MEETING = """dokument: møte
program: kvalitetskommune-2006
organ: politisk-kontaktmøte
dato: '2008-11-04'
brevdato: '2008-11-12'
sted: Oslo
pulje: 4
søknadsfrist: '2008-09-15'
saksnummer: 08/1152
budsjett: {beløp: 3000000, år: 2008, tekst: Stimuleringsmidler}
vedtak:
- kommunenummer: '0219'
  kommunenavn: Bærum
  utfall: opptatt
  tilskudd: 200000
  dispensasjon: Tas opp.
avsender: {navn: KS, adresse: Postboks 1378 Vika, postnummer: '0114', poststed: Oslo, epost: kvalitetskommuner@ks.no,
  referanseprefiks: 08/1152, underskriver: Tor Arne Hovland, underskriver_tittel: Programleder,
  saksbehandler: Ingrid Sandvik, telefon: 24 13 26 00}
"""


def _free_text(data: dict) -> dict[str, str]:
    """Pointer → tag for every free-text field of ``data``, every row (numbers with a pattern, such as the
    organisation number, not; nor a row's «kommune», which must name the applicant or a partner).

    A steering-group member's union is the union's own text (the checker matches the two), so it
    gets that union's tag and the match is tested with the hostile text too.
    """
    tags, unions = {}, {}
    for pointer, fld, path in skjema._fields_with_values(data, data):
        if fld.kind not in ("text", "textarea") or fld.fixed or path[-1] == "kommune" \
                or fld.schema.get("x-kvk-form") in ("kommunenummer", "orgnr"):
            continue
        if skjema.limit(fld) < len(DOC_SHOWN) + 4:  # the telephone number: too long to be one
            continue
        if skjema.get(data, path) is None and path[0] != "søker":
            continue
        if path[0] == "styringsgruppe" and path[-1] == "organisasjon":
            continue
        tags[pointer] = _tag(len(tags))
        if path[0] == "arbeidstakerorganisasjoner" and path[-1] == "organisasjon":
            unions[skjema.get(data, path)] = tags[pointer]
    for i, member in enumerate(data.get("styringsgruppe") or []):
        if member.get("organisasjon") in unions:
            tags[f"/styringsgruppe/{i}/organisasjon"] = unions[member["organisasjon"]]
    return tags


def _literal_everywhere(text: str, tags: dict[str, str]) -> set[str]:
    """The fields (by tag) whose value ``text`` shows; every tag found must follow the whole value, unchanged."""
    found = set()
    for pointer, tag in tags.items():
        at = text.find(" " + tag)
        while at != -1:
            assert text[:at].endswith(DOC_SHOWN), (pointer, text[max(0, at - 80):at + 10])
            found.add(pointer)
            at = text.find(" " + tag, at + 1)
    return found


@pytest.fixture(scope="module")
def documents(site):
    """A complete application with a hostile text in every free-text field, sent in, decided and lettered."""
    import datetime as dt

    from kvkdocs.web import kommune as kommune_web
    from tests.docx_text import docx_text

    client = site.client
    base = yaml.safe_load(open(SAMPLE, encoding="utf-8"))
    base["søker"]["kommunenummer"] = NUMBER
    site.reset(base)
    tags = _free_text(base)
    for stp in skjema.steps()[:-1]:
        own = {p: f"{DOC_TYPED} {tag}" for p, tag in tags.items() if stp.owns(p)}
        if own:
            assert _post_step(site, stp.key, own).status_code == 303
    out = {"tags": tags, "data": site.latest()[1]}
    base_url = f"/kommune/soknader/{site.draft_id}"
    out["draft"] = docx_text(client.get(f"{base_url}/soknad.docx").content)
    agreement = client.get(f"{base_url}/samarbeidsavtale.docx")
    assert agreement.status_code == 200, agreement.text
    out["agreement"] = docx_text(agreement.content)
    # The signed Word file comes back under a hostile name, and is accepted.
    signed_page = client.get(f"{base_url}/signert")
    uploaded = client.post(f"{base_url}/signert", data={"csrf": csrf_of(signed_page.text)},
                           files=[("fil", (SIGNED_NAME, client.get(f"{base_url}/soknad.docx").content,
                                           "application/octet-stream"))])
    assert uploaded.status_code == 303, uploaded.text
    out["signed"] = client.get(uploaded.headers["location"]).text
    accepted = client.post(uploaded.headers["location"] + "/godta", data={"csrf": csrf_of(out["signed"])})
    assert accepted.status_code == 303
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(kommune_web, "_today", lambda: dt.date(2008, 9, 10))  # on time
        send_page = client.get(f"{base_url}/send-inn")
        sent = client.post(f"{base_url}/send-inn", data={"csrf": csrf_of(send_page.text), "bekreft": "ja"})
    assert sent.status_code == 303, sent.text
    out["receipt_url"] = sent.headers["location"]
    out["receipt"] = client.get(out["receipt_url"]).text
    # The secretariat's meeting decides, and its letters are made; the municipality downloads its own.
    logout(client)
    assert login(client).status_code == 303
    meeting_page = client.get(f"/runder/{site.round_id}/mote")
    up = client.post(f"/runder/{site.round_id}/mote", data={"csrf": csrf_of(meeting_page.text)},
                     files=[("motefil", ("mote.yaml", MEETING.encode(), "application/yaml"))])
    assert up.status_code == 303, up.text
    made = client.post(f"/runder/{site.round_id}/brev", data={"csrf": csrf_of(client.get(f"/runder/{site.round_id}/mote").text)})
    assert made.status_code == 303, made.text
    logout(client)
    assert login(client, f"kommune-{NUMBER}", PASSWORD).status_code == 303
    letter = client.get(f"{base_url}/brev.docx")
    assert letter.status_code == 200, letter.text
    out["letter"] = docx_text(letter.content)
    return out


def test_the_word_draft_shows_every_free_text_literally(documents):
    assert _literal_everywhere(documents["draft"], documents["tags"]) == set(documents["tags"])
    assert "49" not in documents["draft"]


def test_the_local_agreement_shows_its_fields_literally(documents):
    assert _literal_everywhere(documents["agreement"], documents["tags"]) >= set(AGREEMENT_FIELDS)
    assert "49" not in documents["agreement"]


def test_the_letter_shows_the_fields_it_carries_literally(documents):
    letter = documents["letter"]
    found = _literal_everywhere(letter, documents["tags"])
    assert found >= set(LETTER_FIELDS), found
    assert "49" not in letter
    # The municipality's name in the address and the decision is the register's, never what was typed.
    assert "\nBærum kommune\n" in letter and "å ta Bærum kommune opp" in letter


def test_the_receipt_and_the_signed_page_show_a_hostile_file_name_literally(documents):
    for page in (documents["signed"], documents["receipt"]):
        tree = lxml.html.fromstring(page)
        assert not tree.xpath("//img[@onerror]") and not tree.xpath("//script[not(@src)]")
        assert "<img src=x onerror=alert(1)>{{ 7*7 }}.docx" in tree.text_content()
    receipt = lxml.html.fromstring(documents["receipt"]).text_content()
    assert f"{DOC_SHOWN} {documents['tags']['/søker/kommunenavn']} ({NUMBER})" in receipt


@pytest.mark.slow
def test_the_receipt_pdf_shows_the_hostile_texts_literally(documents, site, tmp_path):
    """The PDF (LibreOffice from a python-docx document) of a receipt naming a hostile municipality name and file."""
    import subprocess

    response = site.client.get(documents["receipt_url"] + ".pdf")
    assert response.status_code == 200 and response.content[:5] == b"%PDF-", response.text[:500]
    (tmp_path / "k.pdf").write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "k.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = "".join(text.split())  # a narrow table cell breaks lines anywhere
    assert "".join(f"{DOC_SHOWN} {documents['tags']['/søker/kommunenavn']} ({NUMBER})".split()) in flat
    assert "<imgsrc=xonerror=alert(1)>{{7*7}}.docx" in flat and "Kvitteringforinnsendtsøknad" in flat


# -- hand-made requests: the API without the form's help -------------------------------------------------

HAND_MADE = {
    "unknown-list": {"handling": "legg-til:<script>alert(1)</script>"},
    "remove-nonsense": {"handling": "fjern:/prosjekter/<b>"},
    "remove-far-row": {"handling": "fjern:/prosjekter/99999"},
    "go-nowhere": {"handling": "til:../../runder\r\nSet-Cookie: x=1"},
    "header-in-anchor": {"handling": "legg-til:/prosjekter\r\nSet-Cookie: x=1"},
    "negative-count": {"antall/prosjekter": "-1"},
    "huge-count": {"antall/prosjekter": "9" * 40, "handling": "legg-til:/prosjekter"},
    "count-not-a-number": {"antall/prosjekter": "{{ 7*7 }}"},
    "row-far-away": {"antall/prosjekter": "1", "/prosjekter/99999/tittel": "x", "/prosjekter/-1/tittel": "y"},
    "unknown-fields": {"/søker/../../runder": "x", "/__class__": "{{ 7*7 }}", "<script>": "1"},
    "codes-not-offered": {"antall/prosjekter": "1", "/prosjekter/0/sektorer": ["<b>x</b>", "y" * 5000] + ["z"] * 50},
    "many-fields": {f"felt{i}": "1" for i in range(6000)},
}


@pytest.mark.parametrize("case", list(HAND_MADE))
def test_a_hand_made_step_request_gets_an_answer_never_a_server_error(site, case):
    site.reset(_base())
    response = _post_step(site, "prosjekter", HAND_MADE[case])
    assert response.status_code in (303, 400, 413), (response.status_code, response.text[:300])
    if response.status_code == 303:
        location = response.headers["location"]
        assert location.startswith(f"/kommune/soknader/{site.draft_id}/")
        assert "\r" not in location and "\n" not in location and "x=1" not in str(response.headers.get_list("set-cookie"))
    else:
        assert "Traceback" not in response.text and "<html" in response.text
    if case == "many-fields":
        assert response.status_code == 413 and "Skjemaet du sendte har for mange felt (over 5000)" in response.text
    for step in ("prosjekter", "oppsummering"):  # the draft still opens (the summary shows every step)
        tree = lxml.html.fromstring(site.page(step).text)
        assert not tree.xpath("//script[not(@src)]")
    _, data, _ = site.latest()
    assert all(len(p.get("sektorer", [])) <= 20 and all(len(c) <= 200 for c in p.get("sektorer", []))
               for p in data.get("prosjekter") or [] if isinstance(p, dict))


@pytest.mark.parametrize("body,content_type", [
    (b'{"csrf": "x", "/arbeidsform": "<script>"}', "application/json"),
    (b"\xff\xfe\x00<script>=1&csrf=%FF%FE", "application/x-www-form-urlencoded"),
    (b"--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--b--\r\n", "multipart/form-data; boundary=b"),
])
def test_a_body_that_is_no_form_is_refused_without_a_server_error(site, body, content_type):
    before = site.latest()
    response = site.client.post(f"/kommune/soknader/{site.draft_id}/innsatsomrader", content=body,
                                headers={"content-type": content_type})
    assert response.status_code == 403 and "Traceback" not in response.text
    assert site.latest() == before


def test_a_step_that_does_not_exist_is_a_plain_404(site):
    for path in ("<script>alert(1)</script>", "{{ 7*7 }}", "..%2F..%2Frunder"):
        for method in ("get", "post"):
            response = getattr(site.client, method)(f"/kommune/soknader/{site.draft_id}/{path}")
            assert response.status_code in (403, 404), (path, method, response.status_code)
            assert "<script>alert" not in response.text and "49" not in lxml.html.fromstring(response.text).text_content()
