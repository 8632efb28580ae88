"""Edges of the decision rules and the letter planner that the main tests leave open (issue 13).

Each test states what a secretariat member would see: the målform of the
check's messages and grounds, who a joint project's letters are addressed to,
which values of the meeting file reach the letters, and that planning
without applications (which the library allows) still gives sound letters.
Fixtures are built in code from the 2011 sample meeting (three applications).
"""

from __future__ import annotations

import copy
import shutil

import pytest
import yaml
from click.testing import CliRunner

from kvkdocs.batch import read_manifest, write_batch
from kvkdocs.cli import cli
from kvkdocs.decisions import DecisionCheck
from kvkdocs.letters import Planner, slug
from kvkdocs.meeting import load_meeting
from kvkdocs.programmes import Catalogue

from .conftest import SAMPLES
from .docx_text import docx_text

MEETING_2011 = yaml.safe_load((SAMPLES / "meetings/2011-09-21-sammen-pulje-1.yaml").read_text(encoding="utf-8"))
FORDE, STORD, VOSS = 0, 1, 2  # the 2011 meeting's decisions, in order


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def write_meeting(folder, change) -> object:
    data = copy.deepcopy(MEETING_2011)
    change(data)
    path = folder / "mote.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def copy_applications(folder):
    apps = folder / "soknader"
    shutil.copytree(SAMPLES / "sammen-2011", apps)
    return apps


def edit_application(apps, name, change) -> None:
    path = apps / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def letter(out, name) -> str:
    return docx_text((out / name).read_bytes())


# -- the decision check speaks the user's målform -----------------------------------------------------


def test_a_nynorsk_run_gives_decision_errors_and_their_grounds_in_nynorsk(tmp_path):
    """Voss (whose application has errors) admitted without a justification: the check stops the batch
    and says why, in nynorsk, with the edition's nynorsk grounds."""
    def admit_voss(d):
        d["vedtak"][VOSS].update(utfall="opptatt", tilskudd=300_000)
    out = tmp_path / "ut"
    result = run("letters", write_meeting(tmp_path, admit_voss), "-a", SAMPLES / "sammen-2011", "-o", out, "--lang", "nn")
    assert result.exit_code == 1, result.output
    assert "decision.compliant" in result.output
    assert "1235 Voss vert teken opp, men søknaden har" in result.output and "tas opp, men" not in result.output
    assert "Heimel: Praktisk krav, ikkje i avtalen: Vert ein søknad med feil likevel teken opp" in result.output
    assert "Tas en søknad med feil" not in result.output
    assert not out.exists()


def test_a_municipality_the_register_does_not_know_is_named_by_its_number(tmp_path):
    """A kommunenummer that did not exist on the meeting date (3005 Drammen is from 2020): findings name
    it by its number instead of failing."""
    def unknown_twice(d):
        d["vedtak"][STORD].update(kommunenummer="3005", sen_søknad=True)
        d["vedtak"].append(copy.deepcopy(d["vedtak"][STORD]))
    meeting = load_meeting(write_meeting(tmp_path, unknown_twice), Catalogue())
    findings = DecisionCheck(meeting, None).run()
    messages = {f.rule: f.message for f in findings}
    assert messages["decision.once"] == "3005 er ført opp mer enn én gang i dette møtet."
    assert messages["decision.late"].startswith("3005 søkte etter fristen")
    minutes = Planner(meeting, DecisionCheck(meeting, None)).minutes().context
    assert [row["kommune"] for row in minutes["sene"]] == ["3005", "3005"]


def test_two_applications_from_one_municipality_stop_the_batch_and_name_both_files(tmp_path):
    apps = copy_applications(tmp_path)
    shutil.copy(apps / "1221-stord.yaml", apps / "1221-stord-kopi.yaml")
    out = tmp_path / "ut"
    result = run("letters", SAMPLES / "meetings/2011-09-21-sammen-pulje-1.yaml", "-a", apps, "-o", out)
    assert result.exit_code == 1, result.output
    assert "Kommunenummer 1221 har flere søknader i søknadsmappen:" in result.output
    assert "1221-stord-kopi.yaml" in result.output and "1221-stord.yaml" in result.output
    assert not out.exists()


def test_an_application_after_the_deadline_makes_a_late_admission_without_the_meeting_saying_so(tmp_path):
    apps = copy_applications(tmp_path)
    edit_application(apps, "1221-stord.yaml", lambda a: a.update(søknadsdato="2011-09-01"))
    meeting = write_meeting(tmp_path, lambda d: d.update(søknadsfrist="2011-08-20"))
    out = tmp_path / "ut"
    result = run("letters", meeting, "-a", apps, "-o", out)
    assert result.exit_code == 0, result.output
    assert "1221 Stord søkte etter fristen" in result.output and "Førde søkte" not in result.output
    assert "handsama som ein sein søknad" in letter(out, "1221-stord-opptaksbrev.docx")
    assert "sein søknad" not in letter(out, "1432-forde-opptaksbrev.docx")


@pytest.mark.parametrize("contact", ["Eirik Tvedt", {"stilling": "Personalsjef"}, {}],
                         ids=["not-a-mapping", "no-name-or-address", "empty"])
def test_a_contact_person_without_a_name_or_address_gives_no_contact_lines(tmp_path, contact):
    """A broken or empty «kontaktperson» in the application: the letter goes to the municipality alone."""
    apps = copy_applications(tmp_path)
    edit_application(apps, "1221-stord.yaml", lambda a: a["søker"].update(kontaktperson=contact))
    out = tmp_path / "ut"
    result = run("letters", write_meeting(tmp_path, lambda d: d["vedtak"][STORD].update(
        dispensasjon="Kontaktperson ettersendes.")), "-a", apps, "-o", out)
    assert result.exit_code == 0, result.output
    stord = letter(out, "1221-stord-opptaksbrev.docx")
    assert stord.split("Dykkar ref.")[0].rstrip().endswith("\nStord kommune"), stord
    assert "XXXX" not in stord


def test_an_application_that_is_not_one_is_skipped_and_its_decision_has_no_application(tmp_path):
    """«søker» that is not a mapping: the file is no application of a municipality; the decision
    naming Stord then has no application, which stops the batch with a clear message."""
    apps = copy_applications(tmp_path)
    edit_application(apps, "1221-stord.yaml", lambda a: a.update(søker="Stord kommune"))
    out = tmp_path / "ut"
    result = run("letters", SAMPLES / "meetings/2011-09-21-sammen-pulje-1.yaml", "-a", apps, "-o", out)
    assert result.exit_code == 1, result.output
    assert "Det finnes ingen søknad fra kommunenummer 1221 (Stord) i søknadsmappen." in result.output
    assert "Traceback" not in result.output


def test_a_decision_without_a_name_and_without_an_application_is_named_by_its_number_only(tmp_path):
    apps = copy_applications(tmp_path)
    edit_application(apps, "1221-stord.yaml", lambda a: a.update(søker="Stord kommune"))
    meeting = write_meeting(tmp_path, lambda m: m["vedtak"][STORD].pop("kommunenavn", None))
    result = run("letters", meeting, "-a", apps, "-o", tmp_path / "ut")
    assert result.exit_code == 1, result.output
    assert "Det finnes ingen søknad fra kommunenummer 1221 i søknadsmappen." in result.output


def test_several_projects_of_one_application_are_named_together(tmp_path):
    apps = copy_applications(tmp_path)

    def two_projects(a):
        a["prosjekter"].append({**copy.deepcopy(a["prosjekter"][0]), "tittel": "Heiltid i barnehagen"})
        a["prosjekter"].append({**copy.deepcopy(a["prosjekter"][0]), "tittel": ""})  # an untitled project adds nothing
    edit_application(apps, "1221-stord.yaml", two_projects)
    out = tmp_path / "ut"

    def change(d):
        d["vedtak"][STORD].pop("prosjekt")
        d["vedtak"][STORD]["dispensasjon"] = "Tittelen på det tredje prosjektet ettersendes."  # an empty title is an error
    result = run("letters", write_meeting(tmp_path, change), "-a", apps, "-o", out)
    assert result.exit_code == 0, result.output
    assert "Prosjekt: Kompetanseløft i barnehagane / Heiltid i barnehagen\n" in letter(out, "1221-stord-opptaksbrev.docx")


def test_files_that_are_not_applications_do_not_hide_the_applications_after_them(tmp_path):
    """Sorted first in the folder: a broken file, a meeting file and a file without an applicant."""
    apps = copy_applications(tmp_path)
    (apps / "1000-notat.yaml").write_text("dokument: søknad\nsøker: [ikke ferdig\n", encoding="utf-8")
    shutil.copy(SAMPLES / "meetings/2011-09-21-sammen-pulje-1.yaml", apps / "1100-mote.yaml")
    (apps / "1200-uten-soker.yaml").write_text((apps / "1221-stord.yaml").read_text(encoding="utf-8")
                                               .replace("søker:\n", "søker: Ukjent\nx_søker:\n"), encoding="utf-8")
    out = tmp_path / "ut"
    result = run("letters", SAMPLES / "meetings/2011-09-21-sammen-pulje-1.yaml", "-a", apps, "-o", out)
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.docx"))) == 5


def test_an_application_for_another_edition_is_checked_against_the_meetings_edition(tmp_path):
    apps = copy_applications(tmp_path)
    edit_application(apps, "1221-stord.yaml", lambda a: a.update(program="kvalitetskommune-2006"))
    out = tmp_path / "ut"
    result = run("letters", SAMPLES / "meetings/2011-09-21-sammen-pulje-1.yaml", "-a", apps, "-o", out)
    assert result.exit_code == 1, result.output
    assert "1221 Stord tas opp, men søknaden har 1 feil (input.structure)." in result.output


def test_stray_entries_in_the_applications_partner_and_union_lists_are_left_out(tmp_path):
    """The meeting leaves the partners to Førde's application, whose lists hold an entry that is no
    mapping and one without a kommunenummer or union name: letters go to Førde and Naustdal only,
    within the cap for two, with only the named unions as copy recipients."""
    apps = copy_applications(tmp_path)

    def stray(a):
        a["samarbeidskommuner"] += ["Jølster", {"kommunenavn": "Jølster"}]
        a["arbeidstakerorganisasjoner"] += ["Akademikerne", {"tillitsvalgt": "Ukjent"}]
    edit_application(apps, "1432-forde.yaml", stray)

    def change(d):
        d["vedtak"][FORDE].pop("samarbeidskommuner")
        d["vedtak"][FORDE]["dispensasjon"] = "Listene rettes."
    out = tmp_path / "ut"
    result = run("letters", write_meeting(tmp_path, change), "-a", apps, "-o", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob("14*.docx")) == ["1432-forde-opptaksbrev.docx", "1433-naustdal-opptaksbrev.docx"]
    assert "Kopi: Fagforbundet, Norsk Sykepleierforbund, Delta og Utdanningsforbundet\n" in letter(out, "1432-forde-opptaksbrev.docx")


# -- the values of the meeting file and the applications reach the letters ---------------------------------


@pytest.fixture
def batch_2011(tmp_path):
    """The 2011 batch with Stord's project left to its application, a reference of theirs for Stord,
    and Naustdal (Førde's partner) without an application of its own. Built for each test, so a mutation
    tool that follows which test runs which code sees every test here run the planner."""
    def change(d):
        d["vedtak"][STORD].pop("prosjekt")
        d["vedtak"][STORD]["deres_referanse"] = "2011/77-3"
    out = tmp_path / "ut"
    result = run("letters", write_meeting(tmp_path, change), "-a", SAMPLES / "sammen-2011", "-o", out)
    assert result.exit_code == 0, result.output
    return out


def test_the_project_title_comes_from_the_application_when_the_meeting_gives_none(batch_2011):
    assert "Prosjekt: Kompetanseløft i barnehagane\n" in letter(batch_2011, "1221-stord-opptaksbrev.docx")


def test_their_reference_is_printed_where_the_meeting_file_gives_one_and_left_blank_otherwise(batch_2011):
    stord = letter(batch_2011, "1221-stord-opptaksbrev.docx")
    forde = letter(batch_2011, "1432-forde-opptaksbrev.docx")
    assert "2011/77-3" in stord
    row = next(line for line in forde.splitlines() if "11/0873-" in line)  # the reference row under «Dykkar ref.»
    assert row.split(" | ")[0] == ""


def test_an_admission_without_a_justification_has_no_paragraph_on_errors(batch_2011):
    for name in ("1221-stord-opptaksbrev.docx", "1432-forde-opptaksbrev.docx", "1433-naustdal-opptaksbrev.docx"):
        text = letter(batch_2011, name)
        assert "trass" not in text and "likevel teken opp" not in text and "«" not in text, name


def test_the_rejection_letter_gives_the_meetings_reason(batch_2011):
    voss = letter(batch_2011, "1235-voss-avslag.docx")
    assert "Grunngjeving\nProsjektet om kvalitet i barnehagen ligger utenfor programmets fire tema" in voss


def test_the_manifest_names_each_document_its_recipient_and_its_title_in_the_recipients_form(batch_2011):
    rows = {row["filnavn"]: row for row in read_manifest(batch_2011)}
    stord, voss = rows["1221-stord-opptaksbrev.docx"], rows["1235-voss-avslag.docx"]
    assert stord["dokument_id"] == "2011-09-21-1221-opptaksbrev" and voss["dokument_id"] == "2011-09-21-1235-avslag"
    assert stord["tittel"] == "Opptak i Saman om ein betre kommune – pulje 1"
    assert voss["tittel"] == "Søknad om deltaking i Saman om ein betre kommune – avslag"
    assert stord["mottaker_navn"] == stord["korrespondansepart"] == "Stord kommune"
    assert stord["korrespondansepart_rolle"] == voss["korrespondansepart_rolle"] == "mottaker"
    assert sorted(row["var_referanse"] for row in rows.values()) == [f"11/0873-{i}" for i in range(1, 6)]


def test_a_partner_without_its_own_application_is_addressed_to_the_joint_contact(batch_2011):
    naustdal = letter(batch_2011, "1433-naustdal-opptaksbrev.docx")
    assert "Att.: Ragnhild Sunde" in naustdal and "ragnhild.sunde@forde.kommune.no" in naustdal


def test_a_partner_with_its_own_application_is_addressed_to_its_own_contact(tmp_path):
    apps = copy_applications(tmp_path)
    own = yaml.safe_load((apps / "1432-forde.yaml").read_text(encoding="utf-8"))
    own["søker"].update(kommunenummer="1433", kommunenavn="Naustdal")
    own["søker"]["kontaktperson"].update(navn="Oddbjørg Naustdal", epost="oddbjorg@naustdal.kommune.no")
    own["samarbeidskommuner"] = [{"kommunenummer": "1432", "kommunenavn": "Førde"}]
    (apps / "1433-naustdal.yaml").write_text(yaml.safe_dump(own, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "ut"
    result = run("letters", SAMPLES / "meetings/2011-09-21-sammen-pulje-1.yaml", "-a", apps, "-o", out)
    assert result.exit_code == 0, result.output
    naustdal = letter(out, "1433-naustdal-opptaksbrev.docx")
    assert "Att.: Oddbjørg Naustdal" in naustdal and "oddbjorg@naustdal.kommune.no" in naustdal
    assert "Ragnhild Sunde" not in naustdal
    assert "Att.: Ragnhild Sunde" in letter(out, "1432-forde-opptaksbrev.docx")


@pytest.mark.parametrize("name,expected", [
    ("Porsáŋgu Porsanger", "porsagu-porsanger"),  # ŋ has no ASCII form: dropped, not a crash
    ("Raarvihke – Røyrvik", "raarvihke-royrvik"),
    ("../" + "a" * 70, "a" * 60),  # a leading separator does not count against the 60 characters
    ("a" * 59 + " b", "a" * 59),  # cut at 60, the name does not end in a dash
])
def test_file_names_drop_letters_without_an_ascii_form_and_keep_to_sixty_characters(name, expected):
    assert slug(name) == expected


# -- planning without applications (the library allows it; `kvkdocs minutes` does it) ---------------------


def test_letters_planned_without_applications_have_no_contact_line_and_no_invented_values(tmp_path):
    meeting = load_meeting(write_meeting(tmp_path, lambda d: d["vedtak"][STORD].pop("prosjekt")), Catalogue())
    check = DecisionCheck(meeting, None)
    assert [f.rule for f in check.run() if f.severity.value == "error"] == []
    out = tmp_path / "ut"
    write_batch(Planner(meeting, check).plan(), out, workers=1)
    stord = letter(out, "1221-stord-opptaksbrev.docx")
    assert stord.split("Dykkar ref.")[0].rstrip().endswith("\nStord kommune")  # no contact, no e-mail address
    assert "\nProsjekt: \n" in stord and "XXXX" not in stord and "Kopi:" not in stord
    voss = letter(out, "1235-voss-avslag.docx")  # its errors are unknown without the application
    assert "manglene" not in voss and "manglane" not in voss and "Kopi:" not in voss
    assert "Prosjekt: Heiltid i helse og omsorg" in letter(out, "1432-forde-opptaksbrev.docx")


# -- the minutes ------------------------------------------------------------------------------------------


def test_the_minutes_sort_late_and_rejected_decisions_and_sum_every_amount(tmp_path):
    """A rejection first, a late admission with its project left to the application and a needless justification,
    an earlier round's grant and a budget: each lands in its own part, and the sums add up."""
    def change(d):
        d["vedtak"][STORD].update(sen_søknad=True, dispensasjon="Tatt opp likevel.")
        d["vedtak"][STORD].pop("prosjekt")
        d["vedtak"].insert(0, d["vedtak"].pop(VOSS))
        d["vedtak"][1]["prosjekt"] = "Heiltid for alle"  # Førde, after the move; the meeting's title wins over the application's
        d["tidligere_opptatt"] = [{"kommunenummer": "1201", "pulje": 1, "tilskudd": 100_000},
                                  {"kommunenummer": "1202", "pulje": 1}]  # a grant not known adds nothing
        d["budsjett"] = {"beløp": 2_000_000}
    out = tmp_path / "protokoll.docx"
    result = run("minutes", write_meeting(tmp_path, change), "-a", SAMPLES / "sammen-2011", "-o", out, "--nynorsk")
    assert result.exit_code == 0, result.output
    text = docx_text(out.read_bytes())
    ordinary, rest = text.split("Seine søknader")
    late, rest = rest.split("Avslag\n")
    rejected, rest = rest.split("Økonomi\n")
    assert "Møte i styringsgruppa for Saman om ein betre kommune" in ordinary
    assert "Førde og Naustdal | Heiltid for alle | kr 600\u00a0000\nSum |  | kr 600\u00a0000" in ordinary
    assert "Stord" not in ordinary and "Voss" not in ordinary + late
    assert "Stord | Kompetanseløft i barnehagane | kr 300\u00a0000\nSum |  | kr 300\u00a0000" in late
    assert "Voss | Prosjektet om kvalitet i barnehagen ligger utenfor" in rejected
    # Stord's application has no errors, so the minutes do not say it was admitted despite them
    assert "Opptak trass i manglar" not in text and "Tatt opp likevel" not in text
    assert "Tildelt i dette møtet: kr 900\u00a0000." in rest
    assert "Tildelt tidlegare frå same budsjett: kr 100\u00a0000." in rest
    assert "Budsjettramme: kr 2\u00a0000\u00a0000. Att etter møtet: kr 1\u00a0000\u00a0000." in rest
