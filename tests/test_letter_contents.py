"""What the letters and minutes say when the meeting file gives only what it must.

Each test writes its own small batch (no shared fixture), so that mutation
testing tries every mutant of the letter planner against the test that
reads the text it changes.
"""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner

from kvkdocs.cli import cli

from .conftest import SAMPLES
from .docx_text import docx_text

MEETING_2011 = SAMPLES / "meetings/2011-09-21-sammen-pulje-1.yaml"


def write_letters(tmp_path, change) -> dict[str, str]:
    """Letters for the 2011 sample meeting after ``change(meeting)``: text by file name."""
    meeting = yaml.safe_load(MEETING_2011.read_text(encoding="utf-8"))
    change(meeting)
    (tmp_path / "m.yaml").write_text(yaml.safe_dump(meeting, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "ut"
    result = CliRunner().invoke(cli, ["letters", str(tmp_path / "m.yaml"), "-a", str(SAMPLES / "sammen-2011"),
                                      "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return {p.name: docx_text(p.read_bytes()) for p in sorted(out.glob("*.docx"))}


def test_a_sender_with_only_the_required_fields_gets_no_invented_contact_details(tmp_path):
    def minimal_sender(meeting):
        meeting["avsender"] = {"navn": "KS", "saksbehandler": "Silje Hammer", "referanseprefiks": "11/0873"}

    texts = write_letters(tmp_path, minimal_sender)
    for name in ("1221-stord-opptaksbrev.docx", "1235-voss-avslag.docx"):
        lines = texts[name].splitlines()
        assert lines[0] == "KS" and lines[1] == "", (name, lines[:2])  # no address line, not even a space
        assert "Sakshandsamar: Silje Hammer" in lines, name  # no e-mail, no «tlf.»
        greeting = lines.index("Med helsing")
        assert lines[greeting + 1:greeting + 3] == ["", ""], name  # no signer, no title
        assert "| 11/0873-" in texts[name]
    minutes = texts["protokoll-2011-09-21-pulje-1.docx"].splitlines()
    assert minutes[0] == "KS"
    assert minutes[-1] == "________________________________ /  | ________________________________ / Silje Hammer"


@pytest.mark.parametrize("given, line", [
    ({"adresse": "Postboks 1378 Vika"}, "Postboks 1378 Vika"),
    ({"poststed": "Oslo"}, "Oslo"),
    ({"adresse": "Postboks 1378 Vika", "poststed": "Oslo"}, "Postboks 1378 Vika, Oslo"),
    ({"adresse": "Postboks 1378 Vika", "postnummer": "0114", "poststed": "Oslo"}, "Postboks 1378 Vika, 0114 Oslo"),
])
def test_the_senders_address_line_has_only_the_parts_the_meeting_gives(tmp_path, given, line):
    def sender(meeting):
        meeting["avsender"] = {"navn": "KS", "saksbehandler": "Silje Hammer", "referanseprefiks": "11/0873", **given}

    texts = write_letters(tmp_path, sender)
    assert texts["1221-stord-opptaksbrev.docx"].splitlines()[1] == line
    assert texts["1235-voss-avslag.docx"].splitlines()[1] == line


def test_a_justification_for_an_application_without_errors_is_not_printed_in_its_letter(tmp_path):
    """«Admitted despite errors» is a claim about the application: Stord's has none, so its letter says nothing
    of the meeting's needless justification, and says what the meeting decided as it would without it."""
    def needless_justification(meeting):
        meeting["vedtak"][1]["dispensasjon"] = "Tatt opp trass i manglane."  # Stord

    texts = write_letters(tmp_path, needless_justification)
    stord = texts["1221-stord-opptaksbrev.docx"]
    assert "Tatt opp trass i manglane" not in stord and "mangl" not in stord
    assert "Det er løyvt eit tilskot på kr 300\u00a0000 til prosjektet." in stord
    (tmp_path / "utan").mkdir()
    assert stord == write_letters(tmp_path / "utan", lambda meeting: None)["1221-stord-opptaksbrev.docx"]


@pytest.mark.parametrize("reason", ["~", "null", "''", "'   '"])
def test_a_rejection_whose_reason_is_empty_or_null_writes_no_letter(tmp_path, reason):
    """A rejection letter must give the meeting's reason: «begrunnelse: ~» is nothing (not the word «null» or «~»
    printed under «Grunngjeving»), and a blank reason is no reason either; the meeting file is refused whole."""
    source = (SAMPLES / "meetings/2011-09-21-sammen-pulje-1.yaml").read_text(encoding="utf-8")
    meeting = yaml.safe_load(source)
    rejected = next(i for i, d in enumerate(meeting["vedtak"]) if d.get("utfall") == "avslått")
    meeting["vedtak"][rejected]["begrunnelse"] = "PLASS"
    text = yaml.safe_dump(meeting, allow_unicode=True, sort_keys=False).replace("PLASS", reason)
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "ut"
    result = CliRunner().invoke(cli, ["letters", str(tmp_path / "m.yaml"), "-a", str(SAMPLES / "sammen-2011"),
                                      "-o", str(out)])
    assert result.exit_code != 0 and not out.exists(), result.output
    assert f"/vedtak/{rejected}/begrunnelse): Begrunnelse er ikke fylt ut." in result.output


def test_an_attendee_is_listed_with_name_role_and_organisation_in_that_order(tmp_path):
    def with_organisation(meeting):
        meeting["til_stede"] = [{"navn": "Kari Nordmann", "rolle": {"nb": "leder", "nn": "leiar"}, "organisasjon": "KS"},
                                {"navn": "Ola Hansen", "organisasjon": "Fagforbundet"}]

    lines = write_letters(tmp_path, with_organisation)["protokoll-2011-09-21-pulje-1.docx"].splitlines()
    start = lines.index("Til stede")
    assert lines[start + 1:start + 3] == ["Kari Nordmann, leder, KS", "Ola Hansen, Fagforbundet"]


def test_the_minutes_print_no_earlier_grants_and_no_remainder_when_the_meeting_gives_none(tmp_path):
    """No «tidligere_opptatt» and no budget: no «Tildelt tidligere» line (not «kr 0»), and no remainder."""
    lines = write_letters(tmp_path, lambda meeting: None)["protokoll-2011-09-21-pulje-1.docx"].splitlines()
    money = lines[lines.index("Økonomi") + 1:lines.index("Underskrifter")]
    assert money == ["Tildelt i dette møtet: kr 900\u00a0000.",
                     "Ingen budsjettramme er oppgitt for 2011, så ingen rest er regnet ut."]


def test_the_minutes_give_a_users_template_empty_sums_when_there_is_nothing_to_sum():
    """A user's own minutes template may print «sum_tidligere» and «gjenstår» without asking first:
    with no earlier grants and no budget, they are empty, never an invented figure."""
    from kvkdocs.decisions import DecisionCheck, collect_applications
    from kvkdocs.letters import Planner
    from kvkdocs.meeting import load_meeting
    from kvkdocs.programmes import Catalogue

    meeting = load_meeting(MEETING_2011, Catalogue())
    check = DecisionCheck(meeting, collect_applications(SAMPLES / "sammen-2011", meeting))
    check.run()
    context = Planner(meeting, check).minutes("nb").context
    assert (context["sum_tidligere"], context["budsjett"], context["gjenstår"]) == ("", "", "")
    assert context["sum_møte"] == "kr 900\u00a0000"


def test_the_minutes_sum_earlier_grants_and_give_the_remainder_of_the_budget(tmp_path):
    def earlier_and_budget(meeting):
        meeting["tidligere_opptatt"] = [{"kommunenummer": "0301", "tilskudd": 250000},
                                        {"kommunenummer": "1103", "tilskudd": 150000}]
        meeting["budsjett"] = {"beløp": 2000000, "år": 2011, "tekst": "Stimuleringsmidler 2011"}

    lines = write_letters(tmp_path, earlier_and_budget)["protokoll-2011-09-21-pulje-1.docx"].splitlines()
    assert "Tildelt tidligere fra samme budsjett: kr 400\u00a0000." in lines
    assert "Budsjettramme: kr 2\u00a0000\u00a0000. Gjenstår etter møtet: kr 700\u00a0000." in lines

