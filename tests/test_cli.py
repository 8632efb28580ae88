"""The command line: exit codes, every output format, golden text and JSON, docs."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import zipfile

import pytest
from click.testing import CliRunner

from kvkdocs.cli import cli

from .conftest import ROOT
from .golden import compare_golden

GOLDEN = ROOT / "tests/golden"


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("NO_COLOR", raising=False)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; KVKDOCS_REGEN_GOLDEN=1 rewrites it."""
    compare_golden(GOLDEN / name, actual)


def test_exit_0_when_all_compliant():
    result = run("validate", "samples/utgaver")
    assert result.exit_code == 0, result.output
    assert "3 filer, 3 uten feil" in result.output and "0 advarsler" in result.output


def test_exit_1_when_an_application_has_errors():
    assert run("validate", "samples/regler/steering.three-parties.yaml").exit_code == 1


@pytest.mark.parametrize("args,words", [
    (["validate", "finnes-ikke/"], "Finner ikke"),
    (["validate"], "Oppgi minst én fil"),
    (["validate", "samples/utgaver", "--deadline", "15.09.2008"], "ÅÅÅÅ-MM-DD"),
    (["validate", "samples/utgaver", "--programme", "ukjent"], "Ukjent programutgave"),
    (["validate", "samples/utgaver", "--format", "xlsx"], "-o rapport.xlsx"),
    (["validate", "samples/utgaver", "--format", "pdf"], "Ugyldig verdi"),
])
def test_exit_2_when_the_command_cannot_run(args, words):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert words in result.output and "Traceback" not in result.output


def test_text_report_golden():
    result = run("validate", "samples/pulje-4")
    golden("pulje-4.txt", result.output)
    assert "\033[" not in result.output  # not a terminal: no colour


def test_text_report_nynorsk_with_checklist_golden():
    result = run("validate", "samples/regler/anchoring.all-unions.yaml", "--lang", "nn", "--checklist")
    golden("anchoring-nn.txt", result.output)


def test_json_report_golden():
    result = run("validate", "samples/pulje-4", "--format", "json")
    data = json.loads(result.output)
    assert data["summary"] == {"files": 17, "compliant": 15, "not_compliant": 2, "error": 2, "warning": 7, "info": 1,
                               "system_files_skipped": 0}  # Jondal: the evaluation plan is a warning
    golden("pulje-4.json", result.output)


def test_json_shape_is_documented_in_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    data = json.loads(run("validate", "samples/pulje-4/0219-baerum.yaml", "-f", "json").output)
    for key in list(data) + list(data["files"][0]) + list(data["files"][0]["checklist"][0]):
        assert f"`{key}`" in readme, key


def test_csv_report(tmp_path):
    out = tmp_path / "r.csv"
    assert run("validate", "samples/pulje-4", "-f", "csv", "-o", str(out)).exit_code == 1
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len({r["fil"] for r in rows}) == 17  # every file, findings or not
    midsund = [r for r in rows if r["kommunenavn"] == "Midsund"]
    assert midsund[0]["regel"] == "anchoring.all-unions" and midsund[0]["godkjent"] == "nei"


def test_xlsx_report(tmp_path):
    out = tmp_path / "r.xlsx"
    assert run("validate", "samples/pulje-4", "-f", "xlsx", "-o", str(out)).exit_code == 1
    with zipfile.ZipFile(out) as book:
        workbook = book.read("xl/workbook.xml").decode()
        strings = book.read("xl/sharedStrings.xml").decode()
    assert 'name="Sammendrag"' in workbook and 'name="Funn"' in workbook
    assert "Midsund" in strings and "IKKE GODKJENT" in strings
    again = tmp_path / "again.xlsx"
    assert run("validate", "samples/pulje-4", "-f", "xlsx", "-o", str(again)).exit_code == 1
    assert again.read_bytes() == out.read_bytes()  # no timestamps: same bytes on a re-run


def test_html_report_is_self_contained_and_escaped(tmp_path):
    app = (ROOT / "samples/utgaver/kvalitetskommune-2006-godkjent.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "fiendtlig.yaml"
    bad.write_text(app.replace("Tromsø\n", "<script>alert(1)</script>\n", 1), encoding="utf-8")
    out = tmp_path / "r.html"
    run("validate", str(bad), "samples/pulje-4/1548-fraena.yaml", "-f", "html", "-o", str(out))
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "Sjekkliste" in page and "Styringsgruppen mangler folkevalgte" in page
    assert not re.search(r'(src|href)="(https?:|//)', page)


def on_a_terminal(*args: str, env: dict | None = None) -> bytes:
    """Run kvkdocs with its standard output on a pseudo-terminal, as a person at a terminal would."""
    import pty
    import subprocess
    import sys

    main, child = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | (env or {})
    proc = subprocess.Popen([sys.executable, "-m", "kvkdocs", *args], stdout=child, stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL, cwd=ROOT, env=environment)
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(main)
    return b"".join(chunks)


def test_colour_only_on_a_terminal_and_never_with_no_color():
    sample = "samples/pulje-4/1548-fraena.yaml"
    assert b"\033[" in on_a_terminal("validate", sample)
    assert b"\033[" not in on_a_terminal("validate", sample, env={"NO_COLOR": "1"})
    assert "\033[" not in run("validate", sample).output  # not a terminal: no colour either


def test_no_progress_bar_when_piped():
    result = CliRunner().invoke(cli, ["validate", "samples/"])  # CliRunner's streams are not terminals
    assert "fil/s" not in result.output and "%|" not in result.output


def test_rules_and_programmes_commands():
    rules = run("rules", "--programme", "sammen-om-en-bedre-kommune-2011")
    assert "scope.theme" in rules.output and "goals.sick-leave" not in rules.output
    listed = json.loads(run("rules", "-f", "json").output)
    assert {r["id"] for r in listed} >= {"decision.budget", "input.unreadable", "grant.amount"}
    assert "sammen-om-en-bedre-kommune-2011" in run("programmes").output


def test_every_command_has_help_and_appears_in_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert command.help, name
        assert f"kvkdocs {name}" in readme, name


def test_version():
    assert run("--version").output.startswith("kvkdocs ")


def test_output_file_is_written_whole(tmp_path):
    out = tmp_path / "sub" / "r.json"
    run("validate", "samples/utgaver", "-f", "json", "-o", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["files"] == 3
    assert [p.name for p in out.parent.iterdir()] == ["r.json"]  # no temporary left behind


def test_python_m_kvkdocs():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "kvkdocs", "validate", "samples/utgaver"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and "GODKJENT" in done.stdout


def test_round_settings_programme_mismatch(tmp_path):
    app = (ROOT / "samples/utgaver/sammen-om-en-bedre-kommune-2011-godkjent.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(app, encoding="utf-8")
    (tmp_path / "runde.yaml").write_text("dokument: runde\nprogram: kvalitetskommune-2006\n", encoding="utf-8")
    result = run("validate", str(tmp_path))
    assert result.exit_code == 1 and "gjelder «Sammen om en bedre kommune», men kontrollen gjelder «Kvalitetskommuneprogrammet»" in result.output


def test_meeting_file_is_checked_against_its_own_schema(tmp_path):
    meeting = tmp_path / "mote.yaml"
    meeting.write_text(
        "dokument: møte\nprogram: kvalitetskommune-2006\norgan: politisk-kontaktmøte\ndato: '2008-11-04'\n"
        "sted: Oslo\npulje: 4\nvedtak:\n  - {kommunenummer: '0219', utfall: opptatt}\n", encoding="utf-8")
    app = (ROOT / "samples/utgaver/kvalitetskommune-2006-godkjent.yaml").read_text(encoding="utf-8")
    (tmp_path / "soknad.yaml").write_text(app, encoding="utf-8")
    data = json.loads(run("validate", str(tmp_path), "-f", "json").output)
    kinds = {f["path"].rsplit("/", 1)[-1]: f for f in data["files"]}
    assert kinds["mote.yaml"]["kind"] == "møte" and kinds["soknad.yaml"]["compliant"]
    finding = kinds["mote.yaml"]["findings"][0]
    assert (finding["rule"], finding["location"]["pointer"]) == ("input.schema", "/vedtak/0/tilskudd")


def test_progress_bar_only_on_a_terminal(monkeypatch):
    from kvkdocs.cli import base

    monkeypatch.setattr(base.sys.stderr, "isatty", lambda: True, raising=False)
    with base.Bar() as bar:
        bar(0, 10)
        assert type(bar._bar).__name__ == "tqdm"
    with base.Bar() as bar:
        bar(0, 4)  # a handful of files: no bar
        assert bar._bar is False
    monkeypatch.setattr(base.sys.stderr, "isatty", lambda: False, raising=False)
    with base.Bar() as bar:
        bar(0, 10)
        assert bar._bar is False


def test_the_core_never_imports_click():
    import subprocess
    import sys

    code = ("import sys, kvkdocs.check, kvkdocs.letters, kvkdocs.batch, kvkdocs.draft, kvkdocs.agreement, "
            "kvkdocs.starter, kvkdocs.report.html_report; print('click' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == "False", done.stderr


def test_usage_errors_and_help_are_norwegian():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "kvkdocs", "validate", "--nope"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2
    assert done.stderr.startswith("Bruk: ") and "kvkdocs validate" in done.stderr and "Feil: " in done.stderr and "Traceback" not in done.stderr
    shown = subprocess.run([sys.executable, "-m", "kvkdocs", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert shown.returncode == 0 and "Valg:" in shown.stdout and "Kommandoer:" in shown.stdout
    assert "Vis denne hjelpen og avslutt." in shown.stdout
