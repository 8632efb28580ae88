"""Saving one decision in the browser: no one undoes another's save, other rows stay as they were, amounts read right."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kvkdocs.load.structured import load_structured

from .conftest import create_round
from .test_meeting import MEETING, _form_fields, _upload_applications, _upload_meeting


@pytest.fixture
def round_with_applications(kari):
    round_id = create_round(kari, budsjett="10 000 000")
    _upload_applications(kari, round_id)
    return round_id


def _stored_data(client, round_id) -> dict:
    """The round's newest meeting file as the command line would read it."""
    path = Path(client.app.state.web.store.root).parent / "lest.yaml"  # beside the store, not in it
    path.write_bytes(client.get(f"/runder/{round_id}/mote.yaml").content)
    data, _ = load_structured(path)
    return data


def _decision(data: dict, number: str) -> dict:
    return next(d for d in data["vedtak"] if d["kommunenummer"] == number)


def _versions(client, round_id) -> list[int]:
    page = client.get(f"/runder/{round_id}/mote").text
    return sorted({int(n) for n in re.findall(r"versjon (\d+)", page)})


# -- 1. two saves from the same version ---------------------------------------------------------


def test_two_saves_from_one_version_of_two_rows_keep_both(kari, round_with_applications):
    round_id = round_with_applications
    assert _upload_meeting(kari, round_id, MEETING.name, MEETING.read_bytes()).status_code == 303
    # Two people open two decisions of version 1.
    lier = _form_fields(kari.get(f"/runder/{round_id}/vedtak/0626").text)
    baerum = _form_fields(kari.get(f"/runder/{round_id}/vedtak/0219").text)
    assert lier["versjon"] == baerum["versjon"] == "1"
    first = kari.post(f"/runder/{round_id}/vedtak/0626", data={**lier, "tilskudd-0626": "300 000", "handling": "lagre"})
    assert first.status_code == 303
    # Bærum's decision is the same in version 2 as in version 1: the change goes onto version 2.
    second = kari.post(f"/runder/{round_id}/vedtak/0219",
                       data={**baerum, "tilskudd-0219": "150 000", "handling": "lagre"})
    assert second.status_code == 303, second.text
    data = _stored_data(kari, round_id)
    assert _decision(data, "0626")["tilskudd"] == 300000 and _decision(data, "0219")["tilskudd"] == 150000
    assert _versions(kari, round_id) == [1, 2, 3]


def test_a_save_of_a_decision_someone_else_changed_since_is_refused_and_undoes_nothing(kari,
                                                                                      round_with_applications):
    round_id = round_with_applications
    assert _upload_meeting(kari, round_id, MEETING.name, MEETING.read_bytes()).status_code == 303
    url = f"/runder/{round_id}/vedtak/0219"
    anne = _form_fields(kari.get(url).text)  # two people open Bærum's decision of version 1
    bjorn = _form_fields(kari.get(url).text)
    assert kari.post(url, data={**anne, "tilskudd-0219": "300 000", "handling": "lagre"}).status_code == 303

    for action in ("kontroller", "lagre"):
        second = kari.post(url, data={**bjorn, "tilskudd-0219": "150 000", "handling": action})
        assert second.status_code == 409 and "Noen andre har endret vedtakene" in second.text
        assert "Ingenting av det du sendte, er lagret." in second.text and "møtefilen versjon 2" in second.text
    shown = _form_fields(second.text)  # the form now shows the current state, built from version 2
    assert shown["versjon"] == "2" and shown["tilskudd-0219"] == "300000"
    assert _decision(_stored_data(kari, round_id), "0219")["tilskudd"] == 300000
    assert _versions(kari, round_id) == [1, 2]

    # Sent again from the current state, it is kept.
    again = kari.post(url, data={**shown, "tilskudd-0219": "150 000", "handling": "lagre"})
    assert again.status_code == 303
    assert _decision(_stored_data(kari, round_id), "0219")["tilskudd"] == 150000


def test_the_refusal_is_in_nynorsk_for_a_nynorsk_user(kari, round_with_applications):
    round_id = round_with_applications
    assert _upload_meeting(kari, round_id, MEETING.name, MEETING.read_bytes()).status_code == 303
    kari.cookies.set("kvk_malform", "nn")
    fields = _form_fields(kari.get(f"/runder/{round_id}/vedtak/0219").text)
    response = kari.post(f"/runder/{round_id}/vedtak/0219", data={**fields, "versjon": "0", "handling": "lagre"})
    assert response.status_code == 409 and "Nokon andre har endra vedtaka" in response.text
    assert "Ingenting av det du sende, er lagra." in response.text


def test_a_version_kept_while_the_save_waited_for_the_checker_refuses_the_save(kari, round_with_applications,
                                                                               monkeypatch):
    """B's save waits for the checker lock while A's is committed: B must not become version 3 without A's change."""
    from kvkdocs.db import rounds
    from kvkdocs.db.models import Round
    from kvkdocs.web import meetings

    round_id = round_with_applications
    assert _upload_meeting(kari, round_id, MEETING.name, MEETING.read_bytes()).status_code == 303
    web = kari.app.state.web
    real_check = meetings.check

    def check_while_another_saves(*args, **kwargs):
        checked = real_check(*args, **kwargs)
        with web.db() as other:  # another request keeps version 2 meanwhile
            round_ = other.get(Round, round_id)
            latest = rounds.latest_meeting(other, round_)
            rounds.record_meeting(other, None, round_, filename=latest.filename, sha256=latest.file_sha256, size=1,
                                  result=checked.result, ok=True, budget=latest.budget, granted=latest.granted)
            other.commit()
        return checked

    monkeypatch.setattr(meetings, "check", check_while_another_saves)
    fields = _form_fields(kari.get(f"/runder/{round_id}/vedtak/0219").text)
    files_before = set(Path(web.store.root).rglob("*"))
    response = kari.post(f"/runder/{round_id}/vedtak/0219",
                         data={**fields, "tilskudd-0219": "150 000", "handling": "lagre"})
    assert response.status_code == 409 and "Noen andre har endret vedtakene" in response.text
    assert _versions(kari, round_id) == [1, 2]
    assert _decision(_stored_data(kari, round_id), "0219")["tilskudd"] == 200000
    assert {p for p in Path(web.store.root).rglob("*") if p.is_file()} <= {p for p in files_before if p.is_file()}


def test_a_version_number_taken_at_the_last_moment_refuses_the_save(kari, round_with_applications, monkeypatch):
    """Another save committed between the re-read and the insert: the version number is taken, nothing is kept."""
    from kvkdocs.db import rounds
    from kvkdocs.db.models import Round

    round_id = round_with_applications
    assert _upload_meeting(kari, round_id, MEETING.name, MEETING.read_bytes()).status_code == 303
    web = kari.app.state.web
    real_record = rounds.record_meeting

    def record_after_another(db, user, round_, **kwargs):
        with web.db() as other:
            latest = rounds.latest_meeting(other, other.get(Round, round_id))
            real_record(other, None, other.get(Round, round_id), filename=latest.filename, sha256=latest.file_sha256,
                        size=1, result=kwargs["result"], ok=True, budget=latest.budget, granted=latest.granted)
            other.commit()
        return real_record(db, user, round_, **kwargs)

    monkeypatch.setattr(rounds, "record_meeting", record_after_another)
    fields = _form_fields(kari.get(f"/runder/{round_id}/vedtak/0219").text)
    response = kari.post(f"/runder/{round_id}/vedtak/0219",
                         data={**fields, "tilskudd-0219": "150 000", "handling": "lagre"})
    assert response.status_code == 409 and "Noen andre har endret vedtakene" in response.text
    assert _versions(kari, round_id) == [1, 2]
    assert _decision(_stored_data(kari, round_id), "0219")["tilskudd"] == 200000


# -- 2. saving one row leaves the others as they were in the file -------------------------------


def _odd_meeting() -> bytes:
    """The sample meeting with a reason written as a quoted «~» on an admitted and on a rejected row, and a grant
    written 225000.0 (a plain «~» is nothing, and a rejection without a reason is refused whole)."""
    text = MEETING.read_text(encoding="utf-8")
    text = text.replace("  tilskudd: 200000\n- kommunenummer: '1545'", "  tilskudd: 200000\n  begrunnelse: '~'\n"
                        "- kommunenummer: '1545'", 1)
    text = text.replace("  tilskudd: 225000\n  dispensasjon", "  tilskudd: 225000.0\n  dispensasjon", 1)
    text = text.replace("  utfall: opptatt\n  prosjekt: Friskere arbeidsplasser i omsorgstjenesten i Åmot\n"
                        "  tilskudd: 250000\n", "  utfall: avslått\n  begrunnelse: '~'\n", 1)
    assert text.count("begrunnelse: '~'") == 2 and "225000.0" in text
    return text.encode("utf-8")


def test_saving_one_decision_leaves_every_other_decision_as_it_was_in_the_file(kari, round_with_applications):
    round_id = round_with_applications
    assert _upload_meeting(kari, round_id, "mote.yaml", _odd_meeting()).status_code == 303
    before = _stored_data(kari, round_id)
    # Quoted, «~» is the text «~» (as on the command line); it must come back exactly so.
    assert _decision(before, "0429")["begrunnelse"] == "~" and _decision(before, "1545")["tilskudd"] == 225000.0
    amot = kari.get(f"/runder/{round_id}/vedtak/0429").text
    assert "None" not in amot and _form_fields(amot)["begrunnelse-0429"] == "~"
    midsund = _form_fields(kari.get(f"/runder/{round_id}/vedtak/1545").text)
    assert midsund["tilskudd-1545"] == "225000"
    assert "None" not in kari.get(f"/runder/{round_id}/vedtak").text

    fields = _form_fields(kari.get(f"/runder/{round_id}/vedtak/0626").text)
    response = kari.post(f"/runder/{round_id}/vedtak/0626", data={**fields, "tilskudd-0626": "260 000",
                                                                  "handling": "lagre"})
    assert response.status_code == 303, response.text
    after = _stored_data(kari, round_id)
    assert _decision(after, "0626")["tilskudd"] == 260000
    others = [d for d in after["vedtak"] if d["kommunenummer"] != "0626"]
    assert others == [d for d in before["vedtak"] if d["kommunenummer"] != "0626"]
    assert _decision(after, "0219")["begrunnelse"] == "~" and type(_decision(after, "1545")["tilskudd"]) is float
    assert {k: v for k, v in after.items() if k != "vedtak"} == {k: v for k, v in before.items() if k != "vedtak"}
    assert [d["kommunenummer"] for d in after["vedtak"]] == [d["kommunenummer"] for d in before["vedtak"]]


def test_an_empty_value_is_shown_as_an_empty_field_and_written_back_as_it_was():
    """A decision read with an empty value (None) is shown as an empty field, and only the edited row is rebuilt."""
    from kvkdocs.web import meetings

    data = {"dokument": "møte", "vedtak": [
        {"kommunenummer": "0219", "kommunenavn": "Bærum", "utfall": "avslått", "begrunnelse": None},
        {"kommunenummer": "1545", "kommunenavn": "Midsund", "utfall": "opptatt", "tilskudd": None},
        {"kommunenummer": "0626", "kommunenavn": "Lier", "utfall": "opptatt", "tilskudd": 250000.0}]}
    rows = meetings.entries(data, [])
    assert [(r.reason, r.grant) for r in rows] == [("", ""), ("", ""), ("", "250000")]
    assert rows[0].grant_kroner is None and rows[2].grant_kroner == 250000
    edited = meetings.with_decision(data, rows[2].with_decision(
        meetings.DecisionEntry("0626", "Lier", "opptatt", grant="260000")))
    assert edited["vedtak"][:2] == data["vedtak"][:2] and edited["vedtak"][0]["begrunnelse"] is None
    assert edited["vedtak"][2] == {"kommunenummer": "0626", "kommunenavn": "Lier", "utfall": "opptatt",
                                   "tilskudd": 260000}
    assert b"None" not in meetings.dump(edited)


def test_a_decision_left_untreated_removes_only_its_row(kari, round_with_applications):
    round_id = round_with_applications
    assert _upload_meeting(kari, round_id, "mote.yaml", _odd_meeting()).status_code == 303
    before = _stored_data(kari, round_id)
    fields = _form_fields(kari.get(f"/runder/{round_id}/vedtak/0626").text)
    assert kari.post(f"/runder/{round_id}/vedtak/0626",
                     data={**fields, "utfall-0626": "", "handling": "lagre"}).status_code == 303
    after = _stored_data(kari, round_id)
    assert after["vedtak"] == [d for d in before["vedtak"] if d["kommunenummer"] != "0626"]


# -- 3. amounts read as the guided form reads them ----------------------------------------------


@pytest.mark.parametrize("typed, kept", [("kr 200 000", 200000), ("200.000", 200000), ("200 000,-", 200000),
                                         ("250 000,00", 250000)])
def test_a_grant_is_read_as_people_write_amounts(kari, round_with_applications, typed, kept):
    round_id = round_with_applications
    assert _upload_meeting(kari, round_id, MEETING.name, MEETING.read_bytes()).status_code == 303
    fields = _form_fields(kari.get(f"/runder/{round_id}/vedtak/0626").text)
    response = kari.post(f"/runder/{round_id}/vedtak/0626", data={**fields, "tilskudd-0626": typed,
                                                                  "handling": "lagre"})
    assert response.status_code == 303, response.text
    assert _decision(_stored_data(kari, round_id), "0626")["tilskudd"] == kept


@pytest.mark.parametrize("typed, message, nynorsk", [
    ("250000.00", "Skriv tilskuddet i hele kroner, for eksempel 250 000.",
     "Skriv tilskotet i heile kroner, til dømes 250 000."),
    ("1.5", "Skriv tilskuddet i hele kroner, for eksempel 250 000.",
     "Skriv tilskotet i heile kroner, til dømes 250 000."),
    ("250 000,50", "Skriv tilskuddet i hele kroner, uten øre.", "Skriv tilskotet i heile kroner, utan øre."),
])
def test_a_grant_with_a_decimal_point_or_ore_is_refused_beside_the_field(kari, round_with_applications, typed,
                                                                         message, nynorsk):
    round_id = round_with_applications
    assert _upload_meeting(kari, round_id, MEETING.name, MEETING.read_bytes()).status_code == 303
    url = f"/runder/{round_id}/vedtak/0626"
    fields = _form_fields(kari.get(url).text)
    response = kari.post(url, data={**fields, "tilskudd-0626": typed, "handling": "lagre"})
    assert response.status_code == 400
    beside = response.text.split('id="tilskudd-0626-feil"')[1].split("</p>")[0]
    assert message in beside and 'aria-invalid="true"' in response.text
    assert kari.get(f"/runder/{round_id}/mote.yaml").content == MEETING.read_bytes()
    kari.cookies.set("kvk_malform", "nn")
    response = kari.post(url, data={**fields, "tilskudd-0626": typed, "handling": "kontroller"})
    assert response.status_code == 400 and nynorsk in response.text.split('id="tilskudd-0626-feil"')[1]
