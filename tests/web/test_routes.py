"""Every page, and every refusal, through the ASGI test client."""

from __future__ import annotations

import re

import pytest

from kvkdocs.web.security import SESSION_COOKIE

from .conftest import PASSWORD, create_round, csrf_of, finish, login

PAGES = ["/runder", "/runder/ny", "/runder/{round}", "/soknader/{app}", "/runder/{round}/rapport.csv"]


def _upload(client, round_id, *files):
    page = client.get(f"/runder/{round_id}")
    return finish(client, client.post(f"/runder/{round_id}/mottak", data={"csrf": csrf_of(page.text)},
                                      files=[("filer", (name, data, "application/octet-stream")) for name, data in files]))


def _sample(name):
    with open(f"samples/pulje-4/{name}", "rb") as fh:
        return name, fh.read()


def test_login_page_is_norwegian_and_accessible_html(client):
    page = client.get("/logg-inn")
    assert page.status_code == 200 and '<html lang="nb">' in page.text
    assert 'href="#innhold"' in page.text and '<label for="brukernavn">' in page.text and '<label for="passord">' in page.text


@pytest.mark.parametrize("path", ["/runder", "/runder/ny", "/runder/1", "/soknader/1", "/runder/1/rapport.xlsx",
                                  "/soknader/1/versjoner/1/fil"])
def test_not_logged_in_goes_to_the_login_page(client, path):
    response = client.get(path)
    assert response.status_code == 303 and response.headers["location"].startswith("/logg-inn?neste=")


def test_login_sets_a_httponly_samesite_session_cookie_and_returns_to_the_page(client):
    page = client.get("/logg-inn?neste=/runder/ny")
    assert 'name="neste" value="/runder/ny"' in page.text
    response = client.post("/logg-inn", data={"csrf": csrf_of(page.text), "brukernavn": "kari", "passord": PASSWORD,
                                              "neste": "/runder/ny"})
    assert response.status_code == 303 and response.headers["location"] == "/runder/ny"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=") and "HttpOnly" in cookie and "SameSite=lax" in cookie


def test_login_never_redirects_off_the_site(client):
    page = client.get("/logg-inn")
    response = client.post("/logg-inn", data={"csrf": csrf_of(page.text), "brukernavn": "kari", "passord": PASSWORD,
                                              "neste": "//evil.example/"})
    assert response.headers["location"] == "/runder"


def test_a_wrong_password_is_refused_in_norwegian_and_then_throttled(client):
    response = login(client, "kari", "feil-passord")
    assert response.status_code == 400 and "Feil brukernavn eller passord." in response.text
    assert 'aria-describedby="innlogging-feil"' in response.text
    for _ in range(5):
        login(client, "kari", "feil-passord")
    response = login(client, "kari", PASSWORD)
    assert response.status_code == 429 and "For mange mislykkede forsøk" in response.text


def test_a_form_without_csrf_token_is_refused(kari):
    page = kari.get("/runder/ny")
    data = {"navn": "Pulje 9", "utgave": "kvalitetskommune-2006", "pulje": "9", "frist": "15.09.2008"}
    response = kari.post("/runder/ny", data=data)
    assert response.status_code == 403 and "Skjemaet var utløpt" in response.text
    response = kari.post("/runder/ny", data={**data, "csrf": "feil" + csrf_of(page.text)})
    assert response.status_code == 403
    assert "Pulje 9" not in kari.get("/runder").text


def test_the_login_form_needs_its_csrf_token_too(client):
    client.get("/logg-inn")
    response = client.post("/logg-inn", data={"brukernavn": "kari", "passord": PASSWORD})
    assert response.status_code == 403


def test_logout_ends_the_session(kari):
    page = kari.get("/runder")
    response = kari.post("/logg-ut", data={"csrf": csrf_of(page.text)})
    assert response.status_code == 303
    assert kari.get("/runder").status_code == 303


def test_create_a_round_and_see_it_listed(kari):
    round_id = create_round(kari)
    listing = kari.get("/runder")
    assert listing.status_code == 200 and f'href="/runder/{round_id}"' in listing.text
    assert "15.09.2008" in listing.text and "kr\u00a03\u00a0000\u00a0000" in listing.text
    dashboard = kari.get(f"/runder/{round_id}")
    assert dashboard.status_code == 200 and "Ingen søknader er tatt imot ennå" in dashboard.text


def test_round_form_errors_are_tied_to_their_fields(kari):
    page = kari.get("/runder/ny")
    response = kari.post("/runder/ny", data={"csrf": csrf_of(page.text), "navn": "", "utgave": "finnes-ikke",
                                             "pulje": "fire", "frist": "31.02.2008", "budsjett": "mye"})
    assert response.status_code == 400
    for field in ("navn", "utgave", "pulje", "frist", "budsjett"):
        assert f'href="#{field}"' in response.text  # the summary links to the field
        assert re.search(rf'id="{field}"[^>]*aria-describedby="[^"]*{field}-feil"', response.text, re.S), field
    assert "Skriv fristen som dd.mm.åååå" in response.text


def test_the_same_round_twice_is_refused_with_a_message(kari):
    create_round(kari)
    page = kari.get("/runder/ny")
    response = kari.post("/runder/ny", data={"csrf": csrf_of(page.text), "navn": "Igjen", "utgave": "kvalitetskommune-2006",
                                             "pulje": "4", "frist": "15.09.2008"})
    assert response.status_code == 400 and "finnes allerede en pulje 4" in response.text


def test_a_reader_may_look_but_not_change(client):
    login(client)
    round_id = create_round(client)
    _upload(client, round_id, _sample("0219-baerum.yaml"))
    client.cookies.clear()
    assert login(client, "lise").status_code == 303
    assert client.get("/runder").status_code == 200
    assert client.get(f"/runder/{round_id}").status_code == 200
    assert "Ta imot søknader" not in client.get(f"/runder/{round_id}").text
    assert client.get("/runder/ny").status_code == 403
    page = client.get("/runder")
    response = client.post("/runder/ny", data={"csrf": csrf_of(page.text), "navn": "X", "utgave": "kvalitetskommune-2006",
                                               "pulje": "7", "frist": "15.09.2008"})
    assert response.status_code == 403 and "Du har ikke tilgang" in response.text
    response = client.post(f"/runder/{round_id}/mottak", data={"csrf": csrf_of(page.text)},
                           files=[("filer", _sample("0219-baerum.yaml"))])
    assert response.status_code == 403


@pytest.mark.parametrize("path", ["/runder/999", "/runder/abc", "/soknader/999", "/runder/999/rapport.csv",
                                  "/soknader/999/versjoner/1/fil", "/finnes-ikke"])
def test_unknown_ids_are_404_in_norwegian(kari, path):
    response = kari.get(path)
    assert response.status_code == 404 and "Fant ikke siden" in response.text and '<html lang="nb">' in response.text


def test_every_page_sends_the_security_headers_and_no_server_details(kari):
    round_id = create_round(kari)
    _upload(kari, round_id, _sample("0219-baerum.yaml"))
    for path in ["/logg-inn", "/runder", "/runder/ny", f"/runder/{round_id}", "/soknader/1", "/finnes-ikke"]:
        response = kari.get(path)
        csp = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp, path
        assert "server" not in response.headers and response.headers["x-content-type-options"] == "nosniff"
        assert "<script>" not in response.text and " style=" not in response.text, path
        assert "uvicorn" not in response.text.lower() and "starlette" not in response.text.lower()


def test_an_error_page_shows_no_traceback(settings, kari, monkeypatch):
    from kvkdocs.web import views

    def broken(*_args, **_kwargs):
        raise RuntimeError("secret internal detail /etc/kvk")

    monkeypatch.setattr(views.rounds, "list_rounds", broken)
    from starlette.testclient import TestClient

    with TestClient(kari.app, raise_server_exceptions=False, cookies=kari.cookies) as other:
        response = other.get("/runder")
    assert response.status_code == 500 and "Noe gikk galt" in response.text
    assert "secret internal detail" not in response.text and "Traceback" not in response.text


def test_dashboard_sorts_and_filters(kari):
    round_id = create_round(kari)
    _upload(kari, round_id, _sample("0219-baerum.yaml"), _sample("1545-midsund.yaml"), _sample("1548-fraena.yaml"))
    order = lambda html: re.findall(r'<a href="/soknader/\d+">([^<]+)</a>', html)  # noqa: E731
    assert order(kari.get(f"/runder/{round_id}").text) == ["Bærum", "Midsund", "Fræna"]
    by_name = kari.get(f"/runder/{round_id}?sorter=navn&retning=synkende")
    assert order(by_name.text) == ["Midsund", "Fræna", "Bærum"] and 'aria-sort="descending"' in by_name.text
    assert order(kari.get(f"/runder/{round_id}?vis=feil").text) == ["Midsund", "Fræna"]  # Bærum has no errors
    assert order(kari.get(f"/runder/{round_id}?sorter=tull&vis=tull").text) == ["Bærum", "Midsund", "Fræna"]


def test_reports_download_in_each_format(kari):
    round_id = create_round(kari)
    _upload(kari, round_id, _sample("0219-baerum.yaml"), _sample("1227-jondal.yaml"))
    xlsx = kari.get(f"/runder/{round_id}/rapport.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK" and "attachment" in xlsx.headers["content-disposition"]
    csv_text = kari.get(f"/runder/{round_id}/rapport.csv").content.decode("utf-8-sig")
    assert "1227" in csv_text and "evaluation.plan" in csv_text
    html = kari.get(f"/runder/{round_id}/rapport.html")
    assert html.status_code == 200 and "Jondal" in html.text
    assert kari.get(f"/runder/{round_id}/rapport.pdf").status_code == 404


def test_pages_name_the_edition_not_its_id(kari):
    round_id = create_round(kari)
    for page in (kari.get("/runder"), kari.get(f"/runder/{round_id}"), kari.get("/runder/ny")):
        assert page.status_code == 200
        assert "Kvalitetskommuneprogrammet" in page.text
        assert ">kvalitetskommune-2006<" not in page.text and "<dd>kvalitetskommune-2006" not in page.text
