"""The secretariat's pages in nynorsk when the user chooses it, and in bokmål otherwise.

Every page is visited in both målformer; a nynorsk page must say so
(``<html lang="nn">``), carry its nynorsk words, and show none of a list of
words that exist only in bokmål (outside what people stored: file names,
the audit log's details).
"""

from __future__ import annotations

import ast
import html
import re
from pathlib import Path

import pytest

from kvkdocs.web import texts
from kvkdocs.web.texts import COOKIE, NYNORSK

from .conftest import create_round, csrf_of, finish, login

SAMPLES = Path("samples")
MEETING = SAMPLES / "meetings" / "2008-11-04-pulje-4.yaml"
WEB = Path(texts.__file__).parent
#: Words a nynorsk page must not show (each is bokmål only).
BOKMAAL_ONLY = re.compile(r"\b(ikke|ennå|Velg|Hvem|Hva|hvis|Advarsler|Hovedmeny|hovedinnholdet|søknadsbehandling|"
                          r"Logget|Runder|finnes|Begrunnelse|Tilskudd|vedtakene|brevene|kommunene|Lastet|Laget|"
                          r"Brukernavn|Versjoner|Hjemmel|Sted|Programutgave|Mottatt)\b")


def choose(client, lang: str, page: str = "/runder"):
    shown = client.get(page)
    return client.post("/malform", data={"csrf": csrf_of(shown.text), "malform": lang, "neste": page})


def visible(page_html: str) -> str:
    """The page's text as read, less what is not ours to translate.

    Left out: the audit log's stored details, file names, quotations of the
    sources («…», bokmål as written) and the målform control's own options.
    """
    text = re.sub(r'<h2 id="logg">.*', "", page_html, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>", "", text, flags=re.S)
    text = re.sub(r'<option value="n[bn]" lang="n[bn]"[^>]*>\w+</option>', "", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"«[^»]*»", "", html.unescape(text))  # quotes of the sources stay as written
    return re.sub(r"\S+\.(yaml|docx|pdf|zip)\b", "", text)


def test_the_choice_is_a_form_post_with_csrf_kept_in_a_cookie(kari):
    page = kari.get("/runder")
    assert '<html lang="nb">' in page.text and '<label for="malform-valg">Målform</label>' in page.text
    refused = kari.post("/malform", data={"malform": "nn", "neste": "/runder"})
    assert refused.status_code == 403 and COOKIE not in kari.cookies
    wrong = kari.post("/malform", data={"csrf": csrf_of(page.text), "malform": "sv", "neste": "/runder"})
    assert wrong.status_code == 400 and "Velg bokmål eller nynorsk." in wrong.text
    chosen = choose(kari, "nn", "/runder/ny")
    assert chosen.status_code == 303 and chosen.headers["location"] == "/runder/ny"
    cookie = chosen.headers["set-cookie"]
    assert f"{COOKIE}=nn" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("samesite", "SameSite")
    page = kari.get("/runder/ny")
    assert '<html lang="nn">' in page.text and "Opprett ny runde" in page.text and "Vel programutgåve" in page.text
    assert 'value="nn" lang="nn" selected' in page.text
    assert choose(kari, "nb").status_code == 303
    assert '<html lang="nb">' in kari.get("/runder").text


def test_the_choice_only_goes_back_to_this_site(kari):
    page = kari.get("/runder")
    response = kari.post("/malform", data={"csrf": csrf_of(page.text), "malform": "nn", "neste": "//evil.example"})
    assert response.status_code == 303 and response.headers["location"] == "/runder"


@pytest.fixture
def round_with_meeting(kari):
    """A round with every round-4 application and its meeting file, taken in by a user who chose nynorsk."""
    assert choose(kari, "nn").status_code == 303
    round_id = create_round(kari, budsjett="10 000 000")
    page = kari.get(f"/runder/{round_id}")
    files = [("filer", (p.name, p.read_bytes(), "application/octet-stream"))
             for p in sorted((SAMPLES / "pulje-4").iterdir()) if p.is_file()]
    receipt = finish(kari, kari.post(f"/runder/{round_id}/mottak", data={"csrf": csrf_of(page.text)}, files=files))
    assert receipt.status_code == 200, receipt.text
    page = kari.get(f"/runder/{round_id}/mote")
    response = kari.post(f"/runder/{round_id}/mote", data={"csrf": csrf_of(page.text)},
                         files=[("motefil", (MEETING.name, MEETING.read_bytes(), "application/yaml"))])
    assert response.status_code == 303, response.text
    app_id = re.search(r'href="/soknader/(\d+)">Fræna', kari.get(f"/runder/{round_id}").text).group(1)
    return round_id, app_id, receipt


#: Per page: words it shows in bokmål, and the same in nynorsk.
PAGES = {
    "/runder": (["Runder", "Alle søknadsrunder, nyeste frist først", "Logg ut", "Hopp til hovedinnholdet"],
                ["Rundar", "Alle søknadsrundar, nyaste frist først", "Logg ut", "Hopp til hovudinnhaldet"]),
    "/runder/ny": (["Navn på runden", "Velg programutgave", "For eksempel", "Sammen om en bedre kommune"],
                   ["Namn på runden", "Vel programutgåve", "Til dømes", "Saman om ein betre kommune"]),
    "/runder/{round}": (["Søknadsfrist", "Ta imot søknader", "Advarsler", "Kom for sent"],
                        ["Søknadsfrist", "Ta imot søknader", "Åtvaringar", "Kom for seint"]),
    "/runder/{round}?vis=sen": (["Søknader"], ["Søknader"]),
    "/runder/{round}/mote": (["Møtefilen", "Igjen av rammen", "Ingen brev er laget ennå.", "Hvem"],
                             ["Møtefila", "Att av ramma", "Ingen brev er laga enno.", "Kven"]),
    "/runder/{round}/vedtak": (["Registrer vedtak", "Vedtak per kommune", "Tilskudd", "Endre"],
                               ["Registrer vedtak", "Vedtak per kommune", "Tilskot", "Endre"]),
    "/runder/{round}/vedtak/0219": (["Vedtak for 0219 Bærum", "Begrunnelse for avslag", "Ikke behandlet",
                                     "Lagre vedtaket", "Igjen av rammen nå"],
                                    ["Vedtak for 0219 Bærum", "Grunngiving for avslag", "Ikkje handsama",
                                     "Lagre vedtaket", "Att av ramma no"]),
    "/soknader/{app}": (["Funn", "Sjekkliste", "Hva regelen sjekker", "Versjoner", "Har feil", "Hjemmel"],
                        ["Funn", "Sjekkliste", "Kva regelen sjekkar", "Versjonar", "Har feil", "Heimel"]),
    "/soknader/99999": (["Fant ikke siden", "Siden finnes ikke."], ["Fann ikkje sida", "Sida finst ikkje."]),
}


@pytest.mark.slow
def test_every_page_in_both_maalformer(kari, round_with_meeting):
    round_id, app_id, receipt = round_with_meeting
    assert '<html lang="nn">' in receipt.text and "Kvittering for mottak" in receipt.text
    assert "filer vart tekne imot" in receipt.text and "Til oversikta over runden" in receipt.text
    for lang, index in (("nn", 1), ("nb", 0)):
        assert choose(kari, lang).status_code == 303
        for path, words in PAGES.items():
            page = kari.get(path.format(round=round_id, app=app_id))
            assert f'<html lang="{lang}">' in page.text, path
            for word in words[index]:
                assert word in page.text, (lang, path, word)
            if lang == "nn":
                text = visible(page.text)
                assert not BOKMAAL_ONLY.search(text), (path, [text[max(0, m.start() - 80):m.end() + 40]
                                                             for m in BOKMAAL_ONLY.finditer(text)])
        report = kari.get(f"/runder/{round_id}/rapport.html")  # the library's report, in the reader's målform
        assert report.status_code == 200 and f'lang="{lang}"' in report.text


@pytest.mark.slow
def test_findings_follow_the_viewers_maalform_not_the_uploaders(kari, round_with_meeting):
    """The files came in under nynorsk; each reader sees their findings, checklist and reports in their own målform."""
    round_id, app_id, _ = round_with_meeting
    nynorsk = kari.get(f"/soknader/{app_id}").text
    assert "Styringsgruppa manglar folkevalde" in nynorsk and "Styringsgruppen mangler" not in nynorsk
    assert "Styringsgruppa har minst eitt medlem frå kvar part" in nynorsk  # the checklist's summary
    assert choose(kari, "nb").status_code == 303
    bokmaal = kari.get(f"/soknader/{app_id}").text
    assert "Styringsgruppen mangler folkevalgte" in bokmaal and "folkevalde" not in bokmaal
    assert "Styringsgruppen har minst ett medlem fra hver part" in bokmaal and "Hva regelen sjekker" in bokmaal
    meeting = kari.get(f"/runder/{round_id}/mote").text  # the meeting's findings, also checked under nynorsk
    assert "1627 Bjugn søkte etter fristen og tas opp" in meeting and "vert teken opp" not in meeting
    assert "Sene søknader ble ført opp for seg" in meeting  # the citation, from the edition in the reader's målform
    for kind in ("csv", "html"):
        report = kari.get(f"/runder/{round_id}/rapport.{kind}").content.decode("utf-8")
        assert "Styringsgruppen mangler folkevalgte" in report and "folkevalde" not in report, kind
    assert choose(kari, "nn").status_code == 303
    report = kari.get(f"/runder/{round_id}/rapport.csv").content.decode("utf-8")
    assert "Styringsgruppa manglar folkevalde" in report and "Styringsgruppen mangler" not in report
    assert "1627 Bjugn søkte etter fristen og vert teken opp" in kari.get(f"/runder/{round_id}/mote").text


def _upload_meeting(client, round_id, name, data):
    page = client.get(f"/runder/{round_id}/mote")
    return client.post(f"/runder/{round_id}/mote", data={"csrf": csrf_of(page.text)},
                       files=[("motefil", (name, data, "application/yaml"))])


def test_refusals_from_the_library_are_in_the_users_maalform(kari):
    """A ZIP that cannot be unpacked, a file that is no meeting file, a meeting of another round: said in nynorsk."""
    assert choose(kari, "nn").status_code == 303
    round_id = create_round(kari, pulje="5")
    page = kari.get(f"/runder/{round_id}")
    sent = kari.post(f"/runder/{round_id}/mottak", data={"csrf": csrf_of(page.text)},
                     files=[("filer", ("post.zip", b"PK\x03\x04 ikkje ein zip", "application/zip"))])
    receipt = finish(kari, sent)
    assert receipt.status_code == 200 and "post.zip kan ikkje pakkast ut (ikkje ei ZIP-fil)" in receipt.text
    assert choose(kari, "nb").status_code == 303  # the refusal is kept as a key: a bokmål reader reads bokmål
    assert "post.zip kan ikke pakkes ut (ikke en ZIP-fil)" in kari.get(sent.headers["location"]).text
    assert choose(kari, "nn").status_code == 303
    refused = _upload_meeting(kari, round_id, MEETING.name, MEETING.read_bytes())
    assert refused.status_code == 422 and "Møtefila gjeld pulje 4, men runden er pulje 5" in refused.text
    baerum = (SAMPLES / "pulje-4" / "0219-baerum.yaml").read_bytes()
    refused = _upload_meeting(kari, round_id, "0219-baerum.yaml", baerum)
    assert refused.status_code == 422 and "0219-baerum.yaml er ikkje ei møtefil" in refused.text
    assert "/tmp" not in refused.text and ".mote-" not in refused.text  # named as sent, in either målform
    assert choose(kari, "nb").status_code == 303
    refused = _upload_meeting(kari, round_id, "0219-baerum.yaml", baerum)
    assert refused.status_code == 422 and "0219-baerum.yaml er ikke en møtefil" in refused.text


def test_the_audit_log_is_shown_in_the_readers_maalform_and_old_entries_as_written(kari):
    from kvkdocs.db.models import Application, AuditEvent

    round_id = create_round(kari)
    page = kari.get(f"/runder/{round_id}")
    files = [("filer", (p.name, p.read_bytes(), "application/octet-stream"))
             for p in sorted((SAMPLES / "pulje-4").iterdir()) if p.name.startswith("1548")]
    assert finish(kari, kari.post(f"/runder/{round_id}/mottak", data={"csrf": csrf_of(page.text)},
                                  files=files)).status_code == 200
    app_id = re.search(r'href="/soknader/(\d+)">Fræna', kari.get(f"/runder/{round_id}").text).group(1)
    with kari.app.state.web.db() as db, db.begin():
        app = db.get(Application, int(app_id))
        db.add(AuditEvent(username="gammel", action="fil mottatt", detail="skrevet før nøklene, 3 advarsler",
                          round_id=app.round_id, application_id=app.id))
    bokmaal = kari.get(f"/soknader/{app_id}").text.split('id="logg"')[1]
    assert re.search(r"versjon 1: \d+ feil, \d+ advarsl?er", bokmaal) and "skrevet før nøklene, 3 advarsler" in bokmaal
    assert choose(kari, "nn").status_code == 303
    nynorsk = kari.get(f"/soknader/{app_id}").text.split('id="logg"')[1]
    assert re.search(r"versjon 1: \d+ feil, \d+ åtvaring", nynorsk) and "advarsler</td>" not in nynorsk.replace(
        "skrevet før nøklene, 3 advarsler", "")
    assert "skrevet før nøklene, 3 advarsler" in nynorsk  # an entry kept as plain words is shown as it was written


def test_the_maalform_can_be_chosen_on_the_login_page(client):
    page = client.get("/logg-inn?neste=/runder/ny")
    assert '<html lang="nb">' in page.text and 'action="/logg-inn/malform"' in page.text
    assert client.post("/logg-inn/malform", data={"csrf": "feil", "malform": "nn"}).status_code == 403
    chosen = client.post("/logg-inn/malform", data={"csrf": csrf_of(page.text), "malform": "nn",
                                                    "neste": "/logg-inn?neste=/runder/ny"})
    assert chosen.status_code == 303 and chosen.headers["location"] == "/logg-inn?neste=/runder/ny"
    page = client.get(chosen.headers["location"])
    assert '<html lang="nn">' in page.text and "Brukarnamn" in page.text and 'value="/runder/ny"' in page.text


def test_the_receipt_sends_the_choice_back_to_the_round(kari):
    round_id = create_round(kari)
    page = kari.get(f"/runder/{round_id}")
    with open("samples/pulje-4/0219-baerum.yaml", "rb") as fh:
        receipt = kari.post(f"/runder/{round_id}/mottak", data={"csrf": csrf_of(page.text)},
                            files=[("filer", ("0219-baerum.yaml", fh.read(), "application/yaml"))])
    receipt = finish(kari, receipt)  # the receipt is a page of its own now: the choice comes back to it
    assert f'name="neste" value="{receipt.url.path}"' in receipt.text
    chosen = kari.post("/malform", data={"csrf": csrf_of(receipt.text), "malform": "nn", "neste": f"/runder/{round_id}"})
    assert '<html lang="nn">' in kari.get(chosen.headers["location"]).text


def test_the_login_page_and_its_errors_follow_the_cookie(client):
    client.cookies.set(COOKIE, "nn")
    page = client.get("/logg-inn")
    assert '<html lang="nn">' in page.text and "Brukarnamn" in page.text and "Hopp til hovudinnhaldet" in page.text
    response = client.post("/logg-inn", data={"csrf": csrf_of(page.text), "brukernavn": "kari",
                                              "passord": "feil", "neste": "/runder"})
    assert response.status_code == 400 and "Feil brukarnamn eller passord." in response.text
    assert "Du vart ikkje logga inn" in response.text
    assert login(client).status_code == 303
    assert '<html lang="nn">' in client.get("/runder").text


def test_the_form_errors_and_refusals_are_nynorsk(kari):
    assert choose(kari, "nn").status_code == 303
    page = kari.get("/runder/ny")
    response = kari.post("/runder/ny", data={"csrf": csrf_of(page.text), "navn": "", "utgave": "", "pulje": "x",
                                             "frist": "i morgon", "budsjett": "mykje"})
    assert response.status_code == 400 and "Skjemaet har 5 feil du må rette" in response.text
    assert "Vel ei programutgåve frå lista." in response.text and "Puljenummeret må vere eit heilt tal" in response.text
    create_round(kari)
    response = kari.post("/runder/ny", data={"csrf": csrf_of(page.text), "navn": "Igjen", "frist": "15.09.2008",
                                             "utgave": "kvalitetskommune-2006", "pulje": "4", "budsjett": ""})
    assert "Det finst alt ein pulje 4 i kvalitetskommune-2006." in response.text
    refused = kari.post("/runder/ny", data={"navn": "x"})
    assert refused.status_code == 403 and '<html lang="nn">' in refused.text
    assert "Skjemaet var utgått eller kom ikkje frå denne tenesta" in refused.text


def _texts_in_templates() -> set[str]:
    found = set()
    for template in (WEB / "templates").glob("*.html"):
        found |= {a or b for a, b in re.findall(r"""\bt\(\s*"([^"]+)"|\bt\(\s*'([^']+)'""", template.read_text())}
    return found


def _texts_in_views() -> set[str]:
    """The web layer's sentences for people: put through ``_t``, raised, or looked up when the page renders.

    Every plain string that reads as a sentence (a space, a full stop) and is
    no docstring, and every literal given to ``_t``; the parts of f-strings
    (the library's and the meeting checks' messages, which stay bokmål) are not ours.
    """
    found = set()
    for module in ("views.py", "security.py", "meetings.py"):
        tree = ast.parse((WEB / module).read_text())
        skip = {id(n.body[0].value) for n in ast.walk(tree)
                if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                and n.body and isinstance(n.body[0], ast.Expr)}
        skip |= {id(part) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for part in n.values}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_t"
                    and isinstance(node.args[1], ast.Constant)):
                found.add(node.args[1].value)
            elif (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
                  and " " in node.value and node.value.endswith(".")):
                found.add(node.value)
    from kvkdocs.db.filestore import DISK_FULL
    from kvkdocs.web import views
    from kvkdocs.web.app import database_fault

    found |= set(views.TITLES.values()) | {DISK_FULL}
    found |= {database_fault(Exception(cause))[1] for cause in ("disk full", "database is locked", "no such table")}
    return found


def test_every_text_on_the_pages_has_its_nynorsk():
    wanted = _texts_in_templates() | _texts_in_views()
    assert len(wanted) > 150  # the scan found the pages' texts (a broken pattern would find none)
    missing = sorted(t for t in wanted if t not in NYNORSK)
    assert not missing, missing
    for bokmaal, nynorsk in NYNORSK.items():  # the same holes on both sides
        assert re.findall(r"\{\w+\}", bokmaal) == re.findall(r"\{\w+\}", nynorsk), bokmaal


def test_a_full_disk_is_told_in_nynorsk(kari, monkeypatch):
    from .test_faults import FILES, _disk_full_after, _upload

    assert choose(kari, "nn").status_code == 303
    round_id = create_round(kari)
    _disk_full_after(monkeypatch, files_written=0)
    response = _upload(kari, round_id, FILES)
    assert response.status_code == 507 and '<html lang="nn">' in response.text
    assert "Kunne ikkje lagre" in response.text and "Disken er full, så fila kunne ikkje lagrast." in response.text
