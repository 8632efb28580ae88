"""The round's dashboard keeps its rendered table, and never shows a stale one."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .conftest import create_round, csrf_of, finish

SAMPLE = Path("samples/pulje-4/0219-baerum.yaml")


def _send(client, round_id, name: str, content: bytes):
    page = client.get(f"/runder/{round_id}")
    response = client.post(f"/runder/{round_id}/mottak", data={"csrf": csrf_of(page.text)},
                           files=[("filer", (name, content, "application/octet-stream"))])
    assert finish(client, response).status_code == 200


def _rows(page: str) -> list[str]:
    body = page[page.index("<tbody>"):page.index("</tbody>")]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r)).strip() for r in body.split("<tr>")[1:]]


def test_a_new_verdict_shows_on_the_dashboard_at_once(kari):
    round_id = create_round(kari)
    _send(kari, round_id, SAMPLE.name, SAMPLE.read_bytes())
    first = kari.get(f"/runder/{round_id}").text
    assert kari.get(f"/runder/{round_id}").text == first  # the same table, shown again
    [row] = _rows(first)
    assert "Bærum" in row and "Uten feil" in row and "versjon" not in row

    broken = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    broken["søknadsdato"] = "i fjor"
    _send(kari, round_id, "0219-baerum-rettet.yaml", yaml.safe_dump(broken, allow_unicode=True).encode())
    [row] = _rows(kari.get(f"/runder/{round_id}").text)
    assert "(versjon 2)" in row and "Har feil" in row  # the new verdict, not the kept table
    assert "Har feil" in kari.get(f"/runder/{round_id}?vis=feil").text


def test_a_version_stored_elsewhere_shows_at_once_in_every_view(kari):
    """Another process (or a municipality's submission) stores a version: no one tells the table, it still shows."""
    from kvkdocs.db import rounds
    from kvkdocs.db.models import Round
    from kvkdocs.result import FileResult

    round_id = create_round(kari)
    _send(kari, round_id, SAMPLE.name, SAMPLE.read_bytes())
    views = ["", "?sorter=navn&retning=synkende&vis=alle", "?vis=godkjent"]
    before = {view: kari.get(f"/runder/{round_id}{view}").text for view in views}
    assert all(len(_rows(page)) == 1 for page in before.values())
    web = kari.app.state.web
    with web.db() as db, db.begin():
        rounds.record_version(db, None, db.get(Round, round_id), filename="1902-tromso.yaml",
                              sha256=web.store.put_bytes(b"x"), size=1,
                              result=FileResult("1902-tromso.yaml", "søknad", kommunenummer="1902",
                                                kommunenavn="Tromsø"),
                              facts=rounds.Facts(grant_asked=123456))
    for view in views:
        rows = _rows(kari.get(f"/runder/{round_id}{view}").text)
        assert len(rows) == 2 and any("Tromsø" in r and "kr 123 456" in r for r in rows), view
    assert _asked(kari.get(f"/runder/{round_id}").text) == _asked(before[""]) + 123456  # the sum above the table too


def _asked(page: str) -> int:
    found = re.search(r"Søkt i alt \(viste rader\)</dt><dd>([^<]*)</dd>", page)
    return int(re.sub(r"\D", "", found.group(1)))
