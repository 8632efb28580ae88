"""The letter batch: decisions checked first, every letter in its målform, all or nothing, same bytes twice."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kvkdocs.batch import read_manifest, write_batch
from kvkdocs.cli import cli
from kvkdocs.letters import slug

from .conftest import ROOT, SAMPLES, shared
from .docx_text import docx_text
from .pausing import PausedRun

MEETING = SAMPLES / "meetings/2008-11-04-pulje-4.yaml"
MEETING_2011 = SAMPLES / "meetings/2011-09-21-sammen-pulje-1.yaml"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope=shared)
def round4(tmp_path_factory):
    out = tmp_path_factory.mktemp("r4") / "ut"
    result = run("letters", MEETING, "--applications", SAMPLES / "pulje-4", "-o", out)
    assert result.exit_code == 0, result.output
    return out


def test_round_four_writes_sixteen_letters_minutes_and_manifest(round4):
    names = sorted(p.name for p in round4.iterdir())
    assert len([n for n in names if n.endswith("-opptaksbrev.docx")]) == 16
    assert "protokoll-2008-11-04-pulje-4.docx" in names
    assert {"manifest.csv", "manifest.json"} <= set(names)
    assert "0219-baerum-opptaksbrev.docx" in names and "1445-gloppen-opptaksbrev.docx" in names


@pytest.mark.parametrize("name,form,words", [
    ("1445-gloppen-opptaksbrev.docx", "nynorsk", ["Dykkar ref.", "Sakshandsamar", "Med helsing", "tilskot"]),
    ("1227-jondal-opptaksbrev.docx", "nynorsk", ["sein søknad"]),  # no evaluation plan is a warning, not a fault
    ("1416-hoyanger-opptaksbrev.docx", "nynorsk", ["Med helsing", "sein søknad"]),
    ("0219-baerum-opptaksbrev.docx", "bokmål", ["Deres ref.", "Saksbehandler", "Med hilsen", "kr 200\u00a0000"]),
    ("0602-drammen-opptaksbrev.docx", "bokmål", ["Med hilsen"]),  # nøytral: bokmål
])
def test_letters_in_the_recipients_maalform(round4, name, form, words):
    text = docx_text((round4 / name).read_bytes())
    for word in words:
        assert word in text, (name, word)
    manifest = json.loads((round4 / "manifest.json").read_text(encoding="utf-8"))["dokumenter"]
    assert next(r for r in manifest if r["filnavn"] == name)["målform"] == form
    other = ["Med hilsen", "Deres ref."] if form == "nynorsk" else ["Med helsing", "Dykkar ref."]
    assert not any(w in text for w in other)


def test_admission_letter_states_the_decision_and_only_the_decided_conditions(round4):
    text = docx_text((round4 / "0219-baerum-opptaksbrev.docx").read_bytes())
    for part in ("pulje 4", "Prosjekt: Friskere arbeidsplasser i omsorgstjenesten i Bærum", "Vår ref.", "08/1152-2",
                 "12.11.2008", "04.11.2008", "Att.: ", "Kopi: Fagforbundet",
                 "Det politiske kontaktmøtet satte disse vilkårene i møtet:",
                 "Kommunen sender en kort statusrapport innen 1. desember 2009"):  # the meeting file's vilkår
        assert part in text, part
    for invented in ("1. desember hvert år", "lavere sykefravær", "tar imot tilskuddet på vegne",
                     "må være rettet før tilskuddet blir utbetalt", "velkommen til å søke igjen"):
        assert invented not in text, invented


def test_a_letter_without_conditions_has_no_conditions_paragraph(tmp_path):
    out = tmp_path / "ut"
    assert run("letters", MEETING_2011, "-a", SAMPLES / "sammen-2011", "-o", out).exit_code == 0
    stord = docx_text((out / "1221-stord-opptaksbrev.docx").read_bytes())  # nynorsk; the 2011 meeting gives no vilkår
    assert "Vilkår" not in stord and "vilkår" not in stord and "statusrapport" not in stord
    assert "Det er løyvt eit tilskot på kr 300\u00a0000 til prosjektet." in stord


def test_the_editions_conditions_are_used_when_the_meeting_gives_none(tmp_path):
    edition = yaml.safe_load((ROOT / "programmes/sammen-om-en-bedre-kommune-2011.yaml").read_text(encoding="utf-8"))
    edition["id"] = "sammen-med-vilkar"
    edition["vilkår"] = {"nb": ["Tilskuddet utbetales i to deler."], "nn": ["Tilskotet vert utbetalt i to delar."]}
    (tmp_path / "utgaver").mkdir()
    (tmp_path / "utgaver/e.yaml").write_text(yaml.safe_dump(edition, allow_unicode=True), encoding="utf-8")
    meeting = yaml.safe_load(MEETING_2011.read_text(encoding="utf-8"))
    meeting["program"] = "sammen-med-vilkar"
    (tmp_path / "m.yaml").write_text(yaml.safe_dump(meeting, allow_unicode=True), encoding="utf-8")
    apps = tmp_path / "inn"
    shutil.copytree(SAMPLES / "sammen-2011", apps)
    for path in apps.glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("sammen-om-en-bedre-kommune-2011", "sammen-med-vilkar"),
                        encoding="utf-8")
    out = tmp_path / "ut"
    result = run("letters", tmp_path / "m.yaml", "-a", apps, "-o", out, "--programmes-dir", tmp_path / "utgaver")
    assert result.exit_code == 0, result.output
    stord = docx_text((out / "1221-stord-opptaksbrev.docx").read_bytes())
    assert "Programutgåva set desse vilkåra:\nTilskotet vert utbetalt i to delar." in stord


def header_text(data: bytes) -> str:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return " ".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/header"))


def test_documents_from_a_sample_meeting_say_eksempel_in_the_header(round4, tmp_path):
    assert "EKSEMPEL – oppdiktede opplysninger" in header_text((round4 / "0219-baerum-opptaksbrev.docx").read_bytes())
    assert "EKSEMPEL – oppdikta opplysningar" in header_text((round4 / "1445-gloppen-opptaksbrev.docx").read_bytes())
    assert "EKSEMPEL – oppdiktede" in header_text((round4 / "protokoll-2008-11-04-pulje-4.docx").read_bytes())
    meeting = yaml.safe_load(MEETING_2011.read_text(encoding="utf-8"))
    meeting.pop("eksempel")
    (tmp_path / "m.yaml").write_text(yaml.safe_dump(meeting, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "ut"
    assert run("letters", tmp_path / "m.yaml", "-a", SAMPLES / "sammen-2011", "-o", out).exit_code == 0
    assert all("EKSEMPEL" not in header_text(p.read_bytes()) for p in out.glob("*.docx"))


def test_minutes_list_every_decision(round4):
    text = docx_text((round4 / "protokoll-2008-11-04-pulje-4.docx").read_bytes())
    late = text.split("Sene søknader")[1].split("Opptak tross mangler")[0]
    assert all(n in late for n in ("Bjugn", "Jondal", "Høyanger")) and "Bærum" not in late
    assert "«Formannskapet har vedtatt" in text  # justification quoted
    assert "Tildelt i dette møtet: kr 3\u00a0800\u00a0000" in text and "Budsjettramme: kr 10\u00a0000\u00a0000" in text


def test_manifest_rows_match_files(round4):
    manifest = json.loads((round4 / "manifest.json").read_text(encoding="utf-8"))["dokumenter"]
    assert len(manifest) == 17
    for row in manifest:
        assert hashlib.sha256((round4 / row["filnavn"]).read_bytes()).hexdigest() == row["sha256"]
        assert row["tittel"] and row["dokumentdato"] == "2008-11-12" and row["saksreferanse"] == "08/1152"
    letters = [r for r in manifest if r["type"] == "opptaksbrev"]
    assert all(r["korrespondansepart_rolle"] == "mottaker" for r in letters)
    assert len({r["var_referanse"] for r in manifest}) == 17


def test_same_bytes_on_a_rerun_and_with_one_or_two_workers(round4, tmp_path):
    from kvkdocs import verbs

    write_batch(verbs.plan_letters(MEETING, SAMPLES / "pulje-4").documents, tmp_path / "one", workers=1)
    write_batch(verbs.plan_letters(MEETING, SAMPLES / "pulje-4").documents, tmp_path / "two", workers=2)
    assert digests(tmp_path / "one") == digests(tmp_path / "two") == digests(round4)


def test_existing_output_is_kept_without_force(round4, tmp_path):
    out = tmp_path / "ut"
    assert run("letters", MEETING_2011, "-a", SAMPLES / "sammen-2011", "-o", out).exit_code == 0
    before = digests(out)
    result = CliRunner().invoke(cli, ["letters", str(MEETING), "-a", str(SAMPLES / "pulje-4"), "-o", str(out)])
    assert result.exit_code == 2 and "bruk --force" in result.output
    assert digests(out) == before
    assert run("letters", MEETING, "-a", SAMPLES / "pulje-4", "-o", out, "--force").exit_code == 0
    assert digests(out) == digests(round4)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging or backup left


def test_budget_breach_writes_nothing(tmp_path):
    out = tmp_path / "ut"
    result = CliRunner().invoke(cli, ["letters", str(SAMPLES / "meetings/2008-11-04-budsjett-sprengt.yaml"),
                                      "-a", str(SAMPLES / "pulje-4"), "-o", str(out)])
    assert result.exit_code == 1
    assert "decision.budget" in result.output and "ingenting er skrevet" in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_joint_project_and_rejection_2011(tmp_path):
    out = tmp_path / "ut"
    assert run("letters", MEETING_2011, "-a", SAMPLES / "sammen-2011", "-o", out).exit_code == 0
    names = sorted(p.name for p in out.iterdir() if p.suffix == ".docx")
    assert names == ["1221-stord-opptaksbrev.docx", "1235-voss-avslag.docx", "1432-forde-opptaksbrev.docx",
                     "1433-naustdal-opptaksbrev.docx", "protokoll-2011-09-21-pulje-1.docx"]
    naustdal = docx_text((out / "1433-naustdal-opptaksbrev.docx").read_bytes())
    assert "samarbeid mellom Førde kommune og Naustdal kommune" in naustdal and "kr 600\u00a0000" in naustdal
    voss = docx_text((out / "1235-voss-avslag.docx").read_bytes())
    assert "avslag" in voss and "Grunngjeving" in voss
    assert "Styringsgruppa manglar tillitsvalde" in voss  # the errors, in the recipient's nynorsk
    minutes = docx_text((out / "protokoll-2011-09-21-pulje-1.docx").read_bytes())
    assert "Førde og Naustdal" in minutes and "Avslag" in minutes
    assert "Ingen budsjettramme er oppgitt for 2011, så ingen rest er regnet ut." in minutes and "Gjenstår" not in minutes


def test_hostile_values_come_out_literally(tmp_path):
    apps = tmp_path / "inn"
    shutil.copytree(SAMPLES / "sammen-2011", apps)
    app = yaml.safe_load((apps / "1221-stord.yaml").read_text(encoding="utf-8"))
    nasty = "<w:p>&amp; ]]> {{ 7*7 }} {% if x %} ../../etc/passwd \x01\x0b" + "æ" * 1500
    app["søker"]["kontaktperson"]["navn"] = nasty
    app["arbeidstakerorganisasjoner"][0]["organisasjon"] = "Fag & forbund <script>"
    (apps / "1221-stord.yaml").write_text(yaml.safe_dump(app, allow_unicode=True), encoding="utf-8")
    meeting = yaml.safe_load(MEETING_2011.read_text(encoding="utf-8"))
    meeting["vedtak"][1]["prosjekt"] = "A < B & C {{ 7*7 }}"
    meeting["vedtak"][1]["kommunenavn"] = "../x"
    (tmp_path / "m.yaml").write_text(yaml.safe_dump(meeting, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "ut"
    result = run("letters", tmp_path / "m.yaml", "-a", apps, "-o", out)
    assert result.exit_code == 0, result.output
    text = docx_text((out / "1221-stord-opptaksbrev.docx").read_bytes())
    assert "<w:p>&amp; ]]> {{ 7*7 }} {% if x %} ../../etc/passwd " in text and "\x01" not in text
    assert "A < B & C {{ 7*7 }}" in text and "49" not in text
    assert "Fag & forbund <script>" in text
    assert sorted(p.name for p in out.iterdir())[0] == "1221-stord-opptaksbrev.docx"  # names from the register


@pytest.mark.parametrize("text,expected", [
    ("Bærum", "baerum"), ("../x", "x"), ("CON", "con"), ("a/b", "a-b"), ("  Ørskog. ", "orskog"),
    ("a\u030a", "a"), ("", "uten-navn"), ("Å" * 300, "a" * 60),
])
def test_file_name_slugs_are_safe(text, expected):
    assert slug(text) == expected


def test_a_killed_batch_leaves_nothing_at_the_final_path(tmp_path):
    apps, meeting = big_batch(tmp_path, 300)
    out = tmp_path / "ut"
    run_ = PausedRun(["letters", meeting, "-a", apps, "-o", out], after=40,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        run_.wait_until_paused()
        staging = [p for p in tmp_path.iterdir() if p.name.startswith(".ut.tmp-")]
        assert len(staging) == 1 and len(list(staging[0].glob("*.docx"))) >= 40  # half a batch, hidden
    finally:
        os.killpg(run_.proc.pid, signal.SIGKILL)
        run_.proc.wait()
    assert not out.exists()
    again = run("letters", meeting, "-a", apps, "-o", out)
    assert again.exit_code == 0, again.output
    assert len(list(out.glob("*.docx"))) == 301
    assert not list(tmp_path.glob(".ut.tmp-*"))  # the killed run's leftovers are cleaned up


def big_batch(folder: Path, count: int) -> tuple[Path, Path]:
    """``count`` admitted municipalities with applications: the 2006 numbers valid in 2008."""
    import datetime as dt

    from kvkdocs import load_register

    apps = folder / "inn"
    apps.mkdir()
    base = yaml.safe_load((SAMPLES / "pulje-4/0219-baerum.yaml").read_text(encoding="utf-8"))
    meeting = yaml.safe_load(MEETING.read_text(encoding="utf-8"))
    meeting["budsjett"] = {"beløp": 1_000_000_000}
    meeting["tidligere_opptatt"] = []
    meeting["vedtak"] = []
    rows = sorted(load_register().valid_on(dt.date(2008, 11, 4)), key=lambda m: m.number)[:count]
    for row in rows:
        app = copy.deepcopy(base)
        app["søker"]["kommunenummer"], app["søker"]["kommunenavn"] = row.number, row.short_name
        (apps / f"{row.number}.yaml").write_text(yaml.safe_dump(app, allow_unicode=True), encoding="utf-8")
        meeting["vedtak"].append({"kommunenummer": row.number, "utfall": "opptatt", "prosjekt": "Nærvær", "tilskudd": 100000})
    path = folder / "mote.yaml"
    path.write_text(yaml.safe_dump(meeting, allow_unicode=True), encoding="utf-8")
    return apps, path


def test_each_municipality_of_a_joint_project_gets_its_own_maalform(tmp_path):
    """Førde (nynorsk) leads a joint project with Bærum (bokmål): each letter in its recipient's form."""
    apps = tmp_path / "soknader"
    shutil.copytree(SAMPLES / "sammen-2011", apps)
    forde = apps / "1432-forde.yaml"
    forde.write_text(forde.read_text(encoding="utf-8").replace("'1433'", "'0219'").replace("Naustdal", "Bærum"),
                     encoding="utf-8")
    meeting = tmp_path / "mote.yaml"
    meeting.write_text(Path(MEETING_2011).read_text(encoding="utf-8").replace("'1433'", "'0219'"), encoding="utf-8")
    out = tmp_path / "ut"
    result = run("letters", meeting, "-a", apps, "-o", out)
    assert result.exit_code == 0, result.output
    baerum = docx_text((out / "0219-baerum-opptaksbrev.docx").read_bytes())
    forde_letter = docx_text((out / "1432-forde-opptaksbrev.docx").read_bytes())
    assert "Med hilsen" in baerum and "Deres ref." in baerum and "Med helsing" not in baerum
    assert "Med helsing" in forde_letter and "Dykkar ref." in forde_letter
    rows = {row["mottaker_kommunenummer"]: row["målform"] for row in read_manifest(out)}
    assert rows["0219"] == "bokmål" and rows["1432"] == "nynorsk"
