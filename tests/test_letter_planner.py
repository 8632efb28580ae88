"""What the letter planner puts in each letter: read from the rendered Word file, as the municipality reads it.

Written against mutmut's surviving mutants of ``kvkdocs.letters`` (issue 13):
the dispensation printed only where the application has errors, the dates,
«samarbeid mellom» only in a joint project's letters, and the sender's name in
the letter's own målform. Planned and rendered in the test
process from the sample meetings (no CLI, no worker processes).
"""

from __future__ import annotations

import pytest

from kvkdocs.batch import Templates, render_document
from kvkdocs.decisions import DecisionCheck, collect_applications
from kvkdocs.letters import Planner
from kvkdocs.meeting import load_meeting
from kvkdocs.programmes import Catalogue

from .conftest import SAMPLES
from .docx_text import docx_text


def _letters(meeting_file: str, applications: str) -> dict[str, bytes]:
    """Each admission letter of the sample meeting, rendered, by the recipient's kommunenummer."""
    meeting = load_meeting(SAMPLES / "meetings" / meeting_file, Catalogue())
    check = DecisionCheck(meeting, collect_applications(SAMPLES / applications, meeting))
    check.run()
    templates = Templates(None)
    return {doc.recipient_number: render_document(doc, templates)
            for doc in Planner(meeting, check).plan() if doc.kind == "opptaksbrev"}


@pytest.fixture(scope="module")
def round_four():
    return _letters("2008-11-04-pulje-4.yaml", "pulje-4")


@pytest.fixture(scope="module")
def sammen_2011():
    return _letters("2011-09-21-sammen-pulje-1.yaml", "sammen-2011")


def test_an_application_with_errors_gets_the_meetings_dispensation_in_its_letter(round_four):
    """Midsund's application has errors and the meeting gave a reason to admit it anyway: the letter says why."""
    assert "Sykepleierforbundet har bekreftet muntlig at de støtter prosjektet" in docx_text(round_four["1545"])
    assert "Sykepleierforbundet" not in docx_text(round_four["0219"])  # Bærum: no errors, no dispensation


def test_the_letter_gives_the_meeting_date_and_its_own_date_as_dd_mm_yyyy(round_four):
    text = docx_text(round_four["1545"])
    assert "vedtok i møte 04.11.2008 å ta Midsund kommune opp" in text
    assert " | 12.11.2008 | " in text  # the letter's own date, beside the reference


def test_only_a_joint_projects_letters_name_the_partners(sammen_2011):
    assert "Prosjektet er eit samarbeid mellom Førde kommune og Naustdal kommune." in docx_text(sammen_2011["1433"])
    assert "samarbeid mellom" not in docx_text(sammen_2011["1221"])  # Stord applied alone


def test_a_nynorsk_letter_names_the_sender_in_nynorsk(sammen_2011):
    first = docx_text(sammen_2011["1221"]).splitlines()[0]
    assert first == "KS – sekretariatet for Saman om ein betre kommune"


def test_the_minutes_list_who_was_present_in_the_minutes_malform_and_no_earlier_grants_when_none(sammen_2011):
    """Each attendee on a line: name and role (nynorsk role in nynorsk minutes); no «earlier» sum when none."""
    meeting = load_meeting(SAMPLES / "meetings/2011-09-21-sammen-pulje-1.yaml", Catalogue())
    check = DecisionCheck(meeting, collect_applications(SAMPLES / "sammen-2011", meeting))
    check.run()
    lines = docx_text(render_document(Planner(meeting, check).minutes("nn"), Templates(None))).splitlines()
    start = lines.index("Til stades")
    assert lines[start + 1:start + 3] == ["Representant for KRD, leiar", "Representant for KS"]
    assert "Tildelt i dette møtet: kr 900\u00a0000." in lines
