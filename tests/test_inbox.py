"""The inbox is untrusted: links, special files, hostile names, system files and spreadsheet formulas."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from kvkdocs import validate
from kvkdocs.cli import cli

from .conftest import EDITION_SAMPLES, ROOT

GOOD = EDITION_SAMPLES["kvalitetskommune-2006"].read_text(encoding="utf-8")
SECRET = "HEMMELIG-INNHOLD-42"


def run(*args: str, cwd: Path | None = None):
    if cwd is not None:
        old = os.getcwd()
        os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)
    finally:
        if cwd is not None:
            os.chdir(old)


def by_name(batch) -> dict:
    return {Path(r.path).name: r for r in batch.files}


def only_message(result) -> str:
    assert len(result.findings) == 1, result.findings
    return result.findings[0].message


# --- links ------------------------------------------------------------------------


@pytest.fixture
def linked(tmp_path):
    inbox = tmp_path / "innboks"
    (inbox / "pulje").mkdir(parents=True)
    (inbox / "pulje" / "god.yaml").write_text(GOOD, encoding="utf-8")
    outside = tmp_path / "annen-bruker"
    outside.mkdir()
    (outside / "privat.yaml").write_text(f"dokument: søknad\nhemmelig: {SECRET}\n- ødelagt\n", encoding="utf-8")
    (inbox / "lenke.yaml").symlink_to(outside / "privat.yaml")
    (inbox / "mappelenke").symlink_to(outside)
    (inbox / "brutt.yaml").symlink_to(tmp_path / "finnes-ikke.yaml")
    (inbox / "pulje" / "løkke").symlink_to(inbox)  # a loop back to the top
    (inbox / "seg-selv.yaml").symlink_to("seg-selv.yaml")
    return inbox


def test_a_link_out_of_the_folder_is_reported_and_never_read(linked):
    result = run("validate", str(linked), "-f", "json")
    assert SECRET not in result.output
    files = {Path(f["path"]).name: f for f in json.loads(result.output)["files"]}
    for name in ("lenke.yaml", "mappelenke"):
        finding = files[name]["findings"][0]
        assert finding["rule"] == "input.unreadable"
        assert "Lenke ut av mappen, ikke fulgt" in finding["message"]
    assert "privat.yaml" not in files  # the linked folder was not entered
    assert files["god.yaml"]["compliant"]
    assert "peker på noe som ikke finnes" in files["brutt.yaml"]["findings"][0]["message"]
    assert "går i ring" in files["seg-selv.yaml"]["findings"][0]["message"]
    assert "allerede er med" in files["løkke"]["findings"][0]["message"]


def test_a_link_out_is_reported_in_nynorsk_too(linked):
    results = by_name(validate([linked], lang="nn"))
    assert "Lenkje ut av mappa, ikkje følgd" in only_message(results["lenke.yaml"])


def test_a_linked_folder_inside_is_followed_once_and_a_loop_ends(tmp_path):
    inbox = tmp_path / "innboks"
    (inbox / ".arkiv").mkdir(parents=True)  # hidden: reached only through the link
    (inbox / ".arkiv" / "sen.yaml").write_text(GOOD, encoding="utf-8")
    (inbox / "a-sene").symlink_to(inbox / ".arkiv")
    (inbox / "b").mkdir()
    (inbox / "b" / "god.yaml").write_text(GOOD, encoding="utf-8")
    (inbox / "b" / "opp").symlink_to(inbox)
    (inbox / "b" / "igjen").symlink_to(inbox / "b")
    done = subprocess.run([sys.executable, "-m", "kvkdocs", "validate", str(inbox), "-f", "json"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    files = json.loads(done.stdout)["files"]
    paths = [f["path"] for f in files]
    assert str(inbox / "a-sene" / "sen.yaml") in paths  # followed
    assert paths.count(str(inbox / "b" / "god.yaml")) == 1  # checked once, at its real place
    repeated = {Path(f["path"]).name: f for f in files if not f["compliant"]}
    assert set(repeated) == {"opp", "igjen"}  # the loops are reported, not skipped silently
    assert all("allerede er med" in f["findings"][0]["message"] for f in repeated.values())


def test_an_unreadable_sub_folder_is_a_finding_and_the_rest_goes_on(tmp_path, monkeypatch):
    (tmp_path / "stengt").mkdir()
    (tmp_path / "stengt" / "soknad.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "god.yaml").write_text(GOOD, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("stengt"):  # root can read anything: pretend, as for another user's folder
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    results = by_name(validate([tmp_path]))
    assert results["god.yaml"].compliant
    assert results["stengt"].findings[0].rule == "input.unreadable"
    assert only_message(results["stengt"]).startswith("Mappen kan ikke leses (ingen tilgang).")


def test_an_unreadable_file_is_a_finding_in_norwegian_and_the_rest_goes_on(tmp_path, monkeypatch):
    for name in ("stengt.yaml", "stengt.docx", "god.yaml"):
        (tmp_path / name).write_text(GOOD, encoding="utf-8")
    real_open = os.open

    def refusing_open(path, flags, *args, **kwargs):
        if os.fspath(path).endswith(("stengt.yaml", "stengt.docx")):  # root reads anything: pretend
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    results = by_name(validate([tmp_path]))
    assert results["god.yaml"].compliant
    for name in ("stengt.yaml", "stengt.docx"):
        assert only_message(results[name]).startswith("Filen kan ikke åpnes (ingen tilgang)."), name


def test_a_missing_argument_does_not_stop_the_others(tmp_path):
    good = tmp_path / "god.yaml"
    good.write_text(GOOD, encoding="utf-8")
    result = run("validate", str(tmp_path / "borte.yaml"), str(good))
    assert result.exit_code == 1
    assert "GODKJENT: 0 feil" in result.output
    assert "Finner ikke filen eller mappen" in result.output


# --- special files ----------------------------------------------------------------


def test_fifos_sockets_and_devices_are_refused_without_being_opened(tmp_path):
    import socket

    inbox = tmp_path / "innboks"
    inbox.mkdir()
    os.mkfifo(inbox / "ror.yaml")
    os.mkfifo(inbox / "ror.docx")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(inbox / "sokkel.json"))
    (inbox / "god.yaml").write_text(GOOD, encoding="utf-8")
    zero = tmp_path / "null.pdf"
    zero.symlink_to("/dev/zero")  # named on the command line, so it is not a link out of a folder
    try:
        done = subprocess.run([sys.executable, "-m", "kvkdocs", "validate", str(inbox), str(zero), "-f", "json"],
                              capture_output=True, text=True, timeout=60, cwd=ROOT)  # a blocked reader would time out
    finally:
        server.close()
    files = {Path(f["path"]).name: f for f in json.loads(done.stdout)["files"]}
    assert "navngitt rør (FIFO)" in files["ror.yaml"]["findings"][0]["message"]
    assert "navngitt rør (FIFO)" in files["ror.docx"]["findings"][0]["message"]
    assert "socket" in files["sokkel.json"]["findings"][0]["message"]
    assert "enhet" in files["null.pdf"]["findings"][0]["message"]
    assert files["god.yaml"]["compliant"]


# --- system files -----------------------------------------------------------------


def test_system_files_are_skipped_and_counted(tmp_path):
    for name in ("~$soknad.docx", ".~lock.soknad.docx#", ".DS_Store", "Thumbs.db", "desktop.ini"):
        (tmp_path / name).write_bytes(b"\x00\x01")
    (tmp_path / "__MACOSX").mkdir()
    (tmp_path / "__MACOSX" / "._soknad.docx").write_bytes(b"\x00")
    (tmp_path / "god.yaml").write_text(GOOD, encoding="utf-8")
    result = run("validate", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "1 fil, 1 uten feil" in result.output and "6 systemfiler hoppet over" in result.output
    assert "hoppa over" in run("validate", str(tmp_path), "--lang", "nn").output
    summary = json.loads(run("validate", str(tmp_path), "-f", "json").output)["summary"]
    assert summary["files"] == 1 and summary["system_files_skipped"] == 6
    assert "6 systemfiler hoppet over" in run("validate", str(tmp_path), "-f", "html").output


# --- names are data -------------------------------------------------------------------

HOSTILE = os.fsdecode(b"ny\nlinje \x1b[2J\x1b[H s\xf8knad\x07.yaml")  # a newline, cursor moves, a bell, Latin-1 ø
SHOWN = "ny\\nlinje \\x1b[2J\\x1b[H s\\xf8knad\\x07.yaml"


@pytest.fixture
def hostile_names(tmp_path):
    inbox = tmp_path / "innboks"
    inbox.mkdir()
    (inbox / HOSTILE).write_text(GOOD.replace("Tromsø", "Troms\u00f8 \u202egnp.exe"), encoding="utf-8")
    (inbox / "god.yaml").write_text(GOOD, encoding="utf-8")
    return inbox


@pytest.mark.parametrize("fmt", ["text", "json", "csv", "html"])
def test_control_characters_and_bad_bytes_in_names_are_escaped_in_every_report(hostile_names, tmp_path, fmt):
    out = tmp_path / f"rapport.{fmt}"
    result = run("validate", str(hostile_names), "-f", fmt, "-o", str(out))
    assert result.exit_code == 1, result.output  # the renamed municipality is a finding, not a crash
    text = out.read_text(encoding="utf-8-sig")
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert SHOWN in text.replace("\\\\", "\\")  # JSON doubles the backslash
    assert not re.search(r"^linje", text, re.M)  # no forged line


def test_names_are_escaped_on_the_terminal_and_in_the_spreadsheet(hostile_names, tmp_path):
    result = run("validate", str(hostile_names))
    assert result.exit_code == 1
    assert "\x1b" not in result.output and SHOWN in result.output
    assert all(not line.startswith("linje") for line in result.output.splitlines())
    out = tmp_path / "r.xlsx"
    assert run("validate", str(hostile_names), "-f", "xlsx", "-o", str(out)).exit_code == 1
    with zipfile.ZipFile(out) as book:
        assert SHOWN in book.read("xl/sharedStrings.xml").decode("utf-8")
    report = run("validate", str(hostile_names), "-f", "csv", "-o", str(tmp_path / "rapport\x1b[2J.csv"))
    assert "\x1b" not in report.output and "rapport\\x1b[2J.csv" in report.output
    missing = run("validate", str(hostile_names / "borte\x1b[2J"))
    assert missing.exit_code == 2 and "\x1b" not in missing.output and "borte\\x1b[2J" in missing.output


# --- formula injection -------------------------------------------------------------------

PAYLOADS = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "@SUM(1+1)", "+1-2", "-2+3", "\t=1+1", "\r=1+1"]
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def payload_inbox(tmp_path):
    inbox = tmp_path / "innboks"
    inbox.mkdir()
    for i, payload in enumerate(PAYLOADS):
        data = GOOD.replace("kommunenavn: Tromsø", "kommunenavn: " + json.dumps(payload), 1)
        assert data != GOOD
        (inbox / f"{i}.yaml").write_text(data, encoding="utf-8")
    for name in ("=HYPERLINK(\"http:x\",\"y\").yaml", "@SUM(1+1).yaml", "+1-2.yaml", "-2+3.yaml"):
        (inbox / name).write_text(GOOD, encoding="utf-8")
    return inbox


def test_csv_report_neutralises_formulas_in_values_and_file_names(payload_inbox, tmp_path):
    out = tmp_path / "r.csv"
    run("validate", ".", "-f", "csv", "-o", str(out), cwd=payload_inbox)  # relative: the name starts the cell
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(DANGEROUS)]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in cells and "'@SUM(1+1).yaml" in cells and "'-2+3" in cells


def test_xlsx_report_writes_formulas_as_text_cells(payload_inbox, tmp_path):
    out = tmp_path / "r.xlsx"
    run("validate", ".", "-f", "xlsx", "-o", str(out), cwd=payload_inbox)
    with zipfile.ZipFile(out) as book:
        sheets = [book.read(n).decode("utf-8") for n in book.namelist() if n.startswith("xl/worksheets/sheet")]
        strings = ElementTree.fromstring(book.read("xl/sharedStrings.xml"))
        styles = book.read("xl/styles.xml").decode("utf-8")
    assert sheets and not any("<f>" in sheet or "<f " in sheet for sheet in sheets)  # no formula anywhere
    texts = {"".join(si.itertext()) for si in strings}
    assert '=HYPERLINK("http://x","y")' in texts and "=cmd|' /C calc'!A0" in texts  # shown exactly as typed
    assert "@SUM(1+1).yaml" in texts and "-2+3" in texts
    assert 'quotePrefix="1"' in styles  # Excel keeps them text even when the cell is edited
