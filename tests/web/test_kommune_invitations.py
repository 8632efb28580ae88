"""The secretariat revokes an open invitation; the log says what each link did (account set up, new password)."""

from __future__ import annotations

import datetime as dt
import html
import re

from kvkdocs.db import kommune as kommune_db
from kvkdocs.db import rounds
from kvkdocs.db.models import AuditEvent, Invitation

from .conftest import create_round, csrf_of, login
from .test_kommune import PASSWORD, accept, invite, invited, logout  # noqa: F401  (invited is a fixture)


def revoke_buttons(page: str) -> dict[str, str]:
    """kommunenummer → the revoke form's address, as the invitations page shows them."""
    rows = re.findall(r"<tr><td>(\d{4})</td><td>[^<]*</td><td>[^<]*</td>\s*<td><form method=\"post\" "
                      r"action=\"(/runder/\d+/invitasjoner/\d+/trekk-tilbake)\"", page)
    return dict(rows)


def log_rows(page: str) -> list[list[str]]:
    """The invitations page's log as rows of cell texts."""
    part = page[page.index('id="logg"'):]
    return [[html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td>(.*?)</td>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", part, re.S) if "<td>" in row]


def test_a_revoked_link_cannot_set_a_password_and_shows_the_expired_page(invited):  # noqa: F811
    client, round_id, links = invited
    login(client, "kari")
    page = client.get(f"/runder/{round_id}/invitasjoner")
    buttons = revoke_buttons(page.text)
    assert set(buttons) == {"1445", "0219"} and "Trekk tilbake" in page.text
    refused = client.post(buttons["0219"], data={"csrf": "feil"})
    assert refused.status_code in (400, 403)
    response = client.post(buttons["0219"], data={"csrf": csrf_of(page.text)})
    text = html.unescape(response.text)
    assert response.status_code == 200
    assert "Invitasjonen til 0219 Bærum er trukket tilbake. Lenken virker ikke lenger" in text
    assert set(revoke_buttons(response.text)) == {"1445"}  # only Gloppen's link is still open
    assert re.search(r"0219 Bærum <span class=\"merknad\">\(invitasjonen er trukket tilbake\)", text)
    # Logged: who (kari), when, which municipality, shown on the invitations page.
    [revoked] = [r for r in log_rows(response.text) if r[2] == "invitasjon trukket tilbake"]
    assert revoked[1] == "kari" and revoked[3].startswith("0219 Bærum") and re.search(r"\d\d\.\d\d\.\d{4}", revoked[0])
    # The same button again: that link is no longer open, so there is nothing to revoke.
    assert client.post(buttons["0219"], data={"csrf": csrf_of(page.text)}).status_code == 404
    logout(client)
    # The link now says what an expired one says, nothing about the municipality.
    gone = client.get(links["0219"])
    assert gone.status_code == 410 and "Lenken er utløpt. Be sekretariatet om en ny invitasjon." in gone.text
    assert "Bærum" not in gone.text and "0219" not in gone.text
    # A password form fetched before the revoke cannot be used after it.
    with client.app.state.web.db() as db:
        assert db.query(Invitation).filter_by(kommunenummer="0219").one().used_at is None
    token_page = client.get(links["1445"])
    form = {"csrf": csrf_of(token_page.text), "passord": PASSWORD, "gjenta": PASSWORD}
    late = client.post(links["0219"], data=form)
    assert late.status_code == 410 and "kommune-0219" not in late.text
    assert login(client, "kommune-0219", PASSWORD).status_code != 303
    # Gloppen's link was left alone.
    client.cookies.clear()
    assert accept(client, links["1445"]).status_code == 303


def test_another_rounds_invitation_or_a_used_one_answers_404(invited):  # noqa: F811
    client, round_id, links = invited
    login(client, "kari")
    other = create_round(client, navn="Pulje 5", pulje="5", frist="15.09.2009")
    other_links = invite(client, other, "0301")
    assert other_links
    page = client.get(f"/runder/{other}/invitasjoner")
    [address] = revoke_buttons(page.text).values()
    invitation_id = address.split("/")[-2]
    csrf = csrf_of(page.text)
    # Round 1's address with round 2's invitation: 404, and the link still works.
    assert client.post(f"/runder/{round_id}/invitasjoner/{invitation_id}/trekk-tilbake",
                       data={"csrf": csrf}).status_code == 404
    assert client.post(f"/runder/999999/invitasjoner/{invitation_id}/trekk-tilbake",
                       data={"csrf": csrf}).status_code == 404
    assert client.post(f"/runder/{round_id}/invitasjoner/x/trekk-tilbake", data={"csrf": csrf}).status_code == 404
    with client.app.state.web.db() as db:
        assert not db.query(AuditEvent).filter_by(action=kommune_db.REVOKED).count()
    # A used link is not open any more: nothing to revoke.
    used = revoke_buttons(client.get(f"/runder/{round_id}/invitasjoner").text)["1445"]
    logout(client)
    assert accept(client, links["1445"]).status_code == 303
    logout(client)
    login(client, "kari")
    fresh = csrf_of(client.get(f"/runder/{round_id}/invitasjoner").text)
    assert client.post(used, data={"csrf": fresh}).status_code == 404
    logout(client)
    client.cookies.clear()
    assert client.get(other_links["0301"]).status_code == 200
    # A municipality's account is not the secretariat: it cannot revoke anything.
    assert accept(client, links["0219"]).status_code == 303
    mine = client.get("/kommune")
    assert client.post(f"/runder/{other}/invitasjoner/{invitation_id}/trekk-tilbake",
                       data={"csrf": csrf_of(mine.text)}).status_code == 403


def test_the_log_says_account_created_first_and_password_set_again_after(invited):  # noqa: F811
    client, round_id, links = invited
    assert accept(client, links["1445"]).status_code == 303
    logout(client)
    login(client, "kari")
    again = invite(client, round_id, "1445")
    logout(client)
    assert accept(client, again["1445"], "et-nytt-passord-2").status_code == 303
    logout(client)
    assert login(client, "kommune-1445", "et-nytt-passord-2").status_code == 303
    logout(client)
    login(client, "kari")
    rows = log_rows(client.get(f"/runder/{round_id}/invitasjoner").text)
    actions = [r[2] for r in rows]  # newest first
    assert actions == ["passord satt på nytt", "kommune invitert", "konto opprettet",
                       "kommune invitert", "kommune invitert"]
    assert rows[0][1] == "kommune-1445" and "konto kommune-1445 for kommune 1445" in rows[0][3]
    assert "invitasjon brukt" not in actions
    # In nynorsk for a reader who chose it.
    client.cookies.set("kvk_malform", "nn")
    nynorsk = [r[2] for r in log_rows(client.get(f"/runder/{round_id}/invitasjoner").text)]
    assert nynorsk[:3] == ["passord sett på nytt", "kommune invitert", "konto oppretta"]


def test_revoking_ends_only_an_open_invitation_of_the_round(db):
    """On both databases: the update ends it only while open; another round's id finds nothing."""
    with db.begin():
        round_ = rounds.create_round(db, None, name="Pulje 4", edition="kvalitetskommune-2006", number=4,
                                     deadline=dt.date(2008, 9, 15), budget=None)
        other = rounds.create_round(db, None, name="Pulje 5", edition="kvalitetskommune-2006", number=5,
                                    deadline=dt.date(2009, 9, 15), budget=None)
        [gloppen, baerum] = kommune_db.invite(db, None, round_, [("1445", "Gloppen"), ("0219", "Bærum")])
    gloppen_row, _ = kommune_db.find_invitation(db, gloppen.token)
    baerum_row, _ = kommune_db.find_invitation(db, baerum.token)
    assert kommune_db.revoke(db, None, other, gloppen_row.id) is None
    ended = kommune_db.revoke(db, None, round_, gloppen_row.id, name_of=lambda n: "Gloppen")
    assert ended is not None and ended.kommunenummer == "1445"
    assert kommune_db.revoke(db, None, round_, gloppen_row.id) is None  # once
    db.commit()
    assert kommune_db.find_invitation(db, gloppen.token)[1] == "expired"
    assert kommune_db.find_invitation(db, baerum.token)[1] == "open"
    kommune_db.accept(db, baerum_row, "et-langt-passord")
    db.commit()
    assert kommune_db.revoke(db, None, round_, baerum_row.id) is None  # used: stays used
    db.commit()
    assert kommune_db.find_invitation(db, baerum.token)[1] == "used"
    actions = [e.action for e in db.query(AuditEvent).order_by(AuditEvent.id)]
    assert [a for a in actions if a in kommune_db.INVITATION_ACTIONS] == [
        "kommune invitert", "kommune invitert", "invitasjon trukket tilbake", "konto opprettet"]
