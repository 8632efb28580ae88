"""A municipality that has sent in already sees so, must confirm a new version, and keeps every receipt."""

from __future__ import annotations

import html
import re

from kvkdocs.db.models import Application

from .conftest import csrf_of, login
from .test_kommune import as_municipality, invited, logout  # noqa: F401  (invited is a fixture)
from .test_kommune_submit import fill_with_sample, on_time, stored_version  # noqa: F401  (on_time is a fixture)


def test_sending_again_needs_its_own_confirmation_and_both_receipts_stay(invited, on_time):  # noqa: F811
    client, round_id, links = invited
    draft = as_municipality(client, links, "1445")
    fill_with_sample(client, draft, "1445", "samples/pulje-4/1445-gloppen.yaml")
    first_page = html.unescape(client.get(f"/kommune/soknader/{draft}/send-inn").text)
    assert "allereie sendt inn" not in first_page and 'name="ny_versjon"' not in first_page
    first = client.post(f"/kommune/soknader/{draft}/send-inn", data={"csrf": csrf_of(first_page)})
    assert first.status_code == 303 and first.headers["location"].endswith("/kvittering/1")
    first_sha = stored_version(client).file_sha256

    # The municipality changes its draft (it drops its goals) and opens «Send inn» again.
    fill_with_sample(client, draft, "1445", "samples/pulje-4/1445-gloppen.yaml", drop=("mål",))
    page = client.get(f"/kommune/soknader/{draft}/send-inn")
    text = html.unescape(page.text)
    assert "Du har allereie sendt inn søknaden" in text
    assert re.search(r"Sist sendt inn \d\d\.\d\d\.\d{4} kl\. \d\d[:.]\d\d \(versjon 1\)", text), text
    assert f'href="/kommune/soknader/{draft}/kvittering/1"' in text
    assert "Sekretariatet ser den nye versjonen som den nyaste" in text
    assert "Send inn ein ny versjon" in text and 'name="ny_versjon"' in text
    # Without the confirmation nothing is sent, whatever else is ticked.
    refused = client.post(f"/kommune/soknader/{draft}/send-inn", data={"csrf": csrf_of(page.text), "bekreft": "ja"})
    assert refused.status_code == 400
    assert "Kryss av for at du vil sende inn ein ny versjon" in html.unescape(refused.text)
    assert stored_version(client).number == 1
    # Confirming the new version alone is not enough while the draft has errors: those need theirs too.
    only_new = client.post(f"/kommune/soknader/{draft}/send-inn",
                           data={"csrf": csrf_of(page.text), "ny_versjon": "ja"})
    assert only_new.status_code == 400 and stored_version(client).number == 1
    second = client.post(f"/kommune/soknader/{draft}/send-inn",
                         data={"csrf": csrf_of(page.text), "bekreft": "ja", "ny_versjon": "ja"})
    assert second.status_code == 303 and second.headers["location"].endswith("/kvittering/2")
    newest = stored_version(client)
    assert newest.number == 2 and newest.file_sha256 != first_sha and not newest.compliant

    # Both receipts open, each with what was sent then.
    one = html.unescape(client.get(f"/kommune/soknader/{draft}/kvittering/1").text)
    two = html.unescape(client.get(second.headers["location"]).text)
    assert first_sha in one and "Utan feil" in one
    assert newest.file_sha256 in two and f"{newest.errors} feil" in two and first_sha not in two
    listed = html.unescape(client.get(f"/kommune/soknader/{draft}/send-inn").text)
    assert "(versjon 2)" in listed and "/kvittering/1" in listed and "/kvittering/2" in listed

    # The secretariat's dashboard has one row for Gloppen, showing the newest version.
    logout(client)
    login(client, "kari")
    dashboard = client.get(f"/runder/{round_id}").text
    rows = [r for r in re.findall(r"<tr>(.*?)</tr>", dashboard, re.S) if "<td>1445</td>" in r]
    assert len(rows) == 1
    assert "versjon 2" in rows[0] and "Har feil" in rows[0]
    with client.app.state.web.db() as db:
        application = db.query(Application).filter_by(round_id=round_id, key="1445").one()
        assert [v.number for v in application.versions] == [1, 2]
