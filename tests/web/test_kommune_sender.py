"""The secretariat's address per round: entered with the round, edited on its page, named on every receipt."""

from __future__ import annotations

import html
import io

import pytest
import yaml

from kvkdocs.db.models import AuditEvent, MeetingFile, Round, StoredFile
from kvkdocs.messages import render_stored

from .conftest import create_round, csrf_of, login
from .test_kommune import as_municipality, invite, logout
from .test_kommune_submit import fill_with_sample, on_time, send  # noqa: F401  (on_time is a fixture)

KS = {"avsender_navn": "KS – sekretariatet for Kvalitetskommuneprogrammet", "avsender_adresse": "Postboks 1378 Vika",
      "avsender_postnummer": "0114", "avsender_poststed": "Oslo", "avsender_epost": "kvalitetskommuner@ks.no"}


def text_of(response) -> str:
    return html.unescape(response.text)


def submitted(client, round_id: int, number: str = "1445", sample: str = "samples/pulje-4/1445-gloppen.yaml"):
    """Invite ``number`` as the logged-in secretariat, send its sample in as the municipality; the receipt's address."""
    links = invite(client, round_id, number)
    logout(client)
    draft = as_municipality(client, links, number)
    fill_with_sample(client, draft, number, sample)
    _, response = send(client, draft)
    assert response.status_code == 303, response.text
    return response.headers["location"]


def edit(client, round_id: int, **fields):
    page = client.get(f"/runder/{round_id}")
    return client.post(f"/runder/{round_id}/avsender", data={"csrf": csrf_of(page.text), **fields})


def store_meeting(client, round_id: int, sender: dict) -> None:
    """A meeting file with ``sender`` as ``avsender``, stored as the meeting page stores one."""
    web = client.app.state.web
    content = yaml.safe_dump({"dokument": "møte", "avsender": sender}, allow_unicode=True).encode()
    address = web.store.put_bytes(content)
    with web.db() as db, db.begin():
        db.add(StoredFile(sha256=address, size=len(content)))
        db.flush()
        db.add(MeetingFile(round_id=round_id, number=1, filename="m.yaml", file_sha256=address, ok=True,
                           budget=None, granted=0, findings={}))


def test_the_address_entered_with_the_round_is_on_its_page_and_on_the_receipt(kari, on_time):  # noqa: F811
    form = text_of(kari.get("/runder/ny"))
    # The fields are the meeting schema's sender fields, with its titles.
    assert 'name="avsender_postnummer"' in form and "Avsenderens navn" in form and "Poststed" in form
    round_id = create_round(kari, **KS)
    page = text_of(kari.get(f"/runder/{round_id}"))
    assert "Postboks 1378 Vika" in page and "0114 Oslo" in page and "kvalitetskommuner@ks.no" in page
    receipt = text_of(kari.get(submitted(kari, round_id)))  # Gloppen: the receipt in nynorsk
    assert "Sekretariatet har ikkje oppgitt" not in receipt
    assert "KS – sekretariatet for Kvalitetskommuneprogrammet" in receipt and "Postboks 1378 Vika" in receipt
    assert "0114 Oslo" in receipt and "kvalitetskommuner@ks.no" in receipt


def test_a_round_with_a_wrong_address_is_not_created_and_the_errors_say_how_to_fix_them(kari):
    page = kari.get("/runder/ny")
    response = kari.post("/runder/ny", data={"csrf": csrf_of(page.text), "navn": "Pulje 4",
                                             "utgave": "kvalitetskommune-2006", "pulje": "4", "frist": "15.09.2008",
                                             "avsender_postnummer": "114", "avsender_epost": "ks.no",
                                             "avsender_adresse": "Postboks 1378 Vika"})
    text = text_of(response)
    assert response.status_code == 400 and "Traceback" not in text
    assert "Postnummeret må være fire sifre, for eksempel 0114." in text
    assert "Skriv e-postadressen som navn@domene.no" in text
    assert 'value="Postboks 1378 Vika"' in text  # what was typed is kept
    with kari.app.state.web.db() as db:
        assert db.query(Round).count() == 0


def test_the_secretariat_changes_the_address_and_the_change_is_logged(kari, on_time):  # noqa: F811
    round_id = create_round(kari)
    assert "Ingen adresse er oppgitt" in text_of(kari.get(f"/runder/{round_id}"))
    response = edit(kari, round_id, **KS)
    assert response.status_code == 303 and response.headers["location"] == f"/runder/{round_id}#avsender"
    assert "Postboks 1378 Vika" in text_of(kari.get(f"/runder/{round_id}"))
    assert edit(kari, round_id, **KS).status_code == 303  # the same again: nothing to log
    with kari.app.state.web.db() as db:
        [event] = db.query(AuditEvent).filter_by(action="avsender endret").all()
        assert event.username == "kari" and event.round_id == round_id
        assert render_stored(event.detail, "nn") == ("Adressa til sekretariatet for runden: KS – sekretariatet for "
                                                     "Kvalitetskommuneprogrammet, Postboks 1378 Vika, 0114 Oslo, "
                                                     "kvalitetskommuner@ks.no")
    # A wrong postcode is refused on a page of its own, with what was typed, and nothing changes.
    refused = edit(kari, round_id, **(KS | {"avsender_postnummer": "O114"}))
    assert refused.status_code == 400 and "Postnummeret må være fire sifre" in text_of(refused)
    assert 'value="O114"' in refused.text and 'aria-invalid="true"' in refused.text
    with kari.app.state.web.db() as db:
        assert db.get(Round, round_id).avsender["postnummer"] == "0114"
    # Emptied, the round has no address again, and a receipt says so (nothing invented).
    assert edit(kari, round_id).status_code == 303
    with kari.app.state.web.db() as db:
        assert db.get(Round, round_id).avsender is None
    receipt = text_of(kari.get(submitted(kari, round_id, "0219", "samples/pulje-4/0219-baerum.yaml")))
    assert "Sekretariatet har ikke oppgitt noen adresse for runden ennå." in receipt


def test_changing_the_address_needs_the_form_token_and_the_secretariats_role(client, kari):
    round_id = create_round(kari)
    assert kari.post(f"/runder/{round_id}/avsender", data=KS).status_code == 403  # no CSRF token
    token = csrf_of(kari.get(f"/runder/{round_id}").text)
    assert kari.post("/runder/99999/avsender", data={"csrf": token, **KS}).status_code == 404
    logout(kari)
    assert client.get(f"/runder/{round_id}/avsender").status_code in (302, 303)  # to the login page
    login(client, "lise")  # read access only: sees the address, cannot change it
    page = client.get(f"/runder/{round_id}")
    assert page.status_code == 200 and f'action="/runder/{round_id}/avsender"' not in page.text
    assert edit(client, round_id, **KS).status_code == 403
    with client.app.state.web.db() as db:
        assert db.get(Round, round_id).avsender is None


def test_the_rounds_address_wins_over_the_meeting_files_which_is_used_only_without_one(kari, on_time):  # noqa: F811
    round_id = create_round(kari, **KS)
    store_meeting(kari, round_id, {"navn": {"nb": "Brevkontoret", "nn": "Brevkontoret på nynorsk"},
                                   "adresse": "Annen gate 1", "postnummer": "5000", "poststed": "Bergen"})
    receipt_url = submitted(kari, round_id)
    receipt = text_of(kari.get(receipt_url))
    assert "Postboks 1378 Vika" in receipt and "Annen gate 1" not in receipt
    municipality_cookies = dict(kari.cookies)
    kari.cookies.clear()
    login(kari, "kari")
    assert edit(kari, round_id).status_code == 303  # the round's address removed
    kari.cookies.clear()
    kari.cookies.update(municipality_cookies)
    receipt = text_of(kari.get(receipt_url))  # Gloppen reads nynorsk: the meeting file's nynorsk name
    assert "Brevkontoret på nynorsk" in receipt and "Annen gate 1" in receipt and "5000 Bergen" in receipt
    assert "Postboks 1378 Vika" not in receipt


def test_the_round_page_and_its_address_form_in_nynorsk(kari):
    from .test_nynorsk import BOKMAAL_ONLY, choose, visible

    round_id = create_round(kari, **KS)
    assert choose(kari, "nn", f"/runder/{round_id}").status_code == 303
    page = text_of(kari.get(f"/runder/{round_id}"))
    assert "Adressa til sekretariatet" in page and "Namnet til avsendaren" in page and "Poststad" in page
    refused = edit(kari, round_id, **(KS | {"avsender_postnummer": "12"}))
    assert refused.status_code == 400 and "Postnummeret må vere fire siffer, til dømes 0114." in text_of(refused)
    for shown in (kari.get(f"/runder/{round_id}/avsender"), refused, kari.get("/runder/ny")):
        assert BOKMAAL_ONLY.findall(visible(shown.text)) == [], shown.url


@pytest.mark.slow
def test_the_receipt_pdf_names_the_rounds_address(kari, on_time):  # noqa: F811
    from kvkdocs.render.pdf import soffice

    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    import pypdf

    round_id = create_round(kari, **KS)
    pdf = kari.get(submitted(kari, round_id, "0219", "samples/pulje-4/0219-baerum.yaml") + ".pdf")
    assert pdf.status_code == 200
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Sekretariatet" in text and "Postboks 1378 Vika" in text and "0114 Oslo" in text
    assert "kvalitetskommuner@ks.no" in text and "ikke oppgitt" not in text
