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
