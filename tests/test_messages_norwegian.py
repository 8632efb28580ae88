"""Every message a user sees is Norwegian: click's texts, library texts, bad options and bad files.

Each command is run through the real entry point (``kvkdocs.cli.main``) with
bad options and with broken files; the output may quote file names, values
and option names, and a library's own words may follow a Norwegian sentence
in parentheses, but no English sentence may remain.
"""

from __future__ import annotations

import re
import sys
import zipfile

import pytest

from kvkdocs.cli import main

from .conftest import ROOT, SAMPLES

ENGLISH = re.compile(
    r"\b(the|is|not|of|and|or|to|cannot|could|does|no such|invalid|error|usage|missing|expected|found|"
    r"unexpected|required|default|show this|try|got|value|option|command|file|directory|such|"
    r"permission|denied|exit)\b", re.I)


def english_in(text: str, *quoted: str) -> list[str]:
    """English words outside quotes, parentheses and the given paths."""
    for q in sorted(quoted, key=len, reverse=True):
        text = text.replace(q, " ")
    text = re.sub(r"\S*/\S*", " ", text)  # paths
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"\([^()]*\)|«[^«»]*»|'[^'\n]*'|\"[^\"\n]*\"|\[[^\[\]\n]*\|[^\[\]\n]*\]", " ", text)
    return ENGLISH.findall(text)


@pytest.fixture
def kvk(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)

    def run(*args: str) -> tuple[int, str]:
        monkeypatch.setattr(sys, "argv", ["kvkdocs", *map(str, args)])
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out = capsys.readouterr()
        assert "Traceback" not in out.out + out.err
        return code, out.out + out.err

    return run


def pcdata_docx(path):
    """A Word file whose text holds a control character: lxml says «PCDATA invalid Char value 1»."""
    source = SAMPLES / "dokumenter/1445-gloppen.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:t>", b"<w:t>\x01", 1)
            out.writestr(item.filename, data)


@pytest.fixture
def bad_files(tmp_path):
    folder = tmp_path / "innboks"
    folder.mkdir()
    (folder / "tabulator.yaml").write_text("dokument: søknad\n\tsøker: x\n", encoding="utf-8")
    (folder / "alfakrøll.yaml").write_text("dokument: søknad\nnavn: @x\n", encoding="utf-8")
    (folder / "kontrolltegn.yaml").write_bytes(b"dokument: s\x01\n")
    (folder / "kolon.yaml").write_text("a: b: c\n", encoding="utf-8")
    (folder / "komma.json").write_text('{"dokument": "søknad",}', encoding="utf-8")
    (folder / "stort-tall.json").write_text('{"a": ' + "9" * 5000 + "}", encoding="utf-8")
    (folder / "tull.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF")
    (folder / "avkortet.docx").write_bytes((SAMPLES / "dokumenter/1445-gloppen.docx").read_bytes()[:3000])
    (folder / "notat.txt").write_text("hei", encoding="utf-8")
    pcdata_docx(folder / "kontrolltegn.docx")
    return folder


def test_library_texts_become_norwegian_sentences(kvk, bad_files):
    code, out = kvk("validate", bad_files)
    assert code == 1
    for english in ("PCDATA", "cannot start any token", "tab character", "Expecting", "mapping values",
                    "Exceeds the limit", "unacceptable character"):
        assert english not in out, english
    assert "ugyldig tegn med kode 1" in out and "innrykket inneholder en tabulator" in out
    assert english_in(out, str(bad_files)) == []


def test_click_texts_are_norwegian_in_help(kvk):
    for command in ([], ["validate"], ["draft"], ["letters"], ["minutes"], ["init"], ["agreement"],
                    ["agreement", "local"], ["agreement", "programme"], ["rules"], ["programmes"]):
        code, out = kvk(*command, "--help")
        assert code == 0
        assert "[OPTIONS]" not in out and "[required]" not in out and "[default:" not in out
        assert "Show this message" not in out and "Usage" not in out
        assert "[VALG]" in out
        assert english_in(out) == [], (command, out)
    assert "[påkrevd]" in kvk("draft", "--help")[1] and "[standard: text]" in kvk("validate", "--help")[1]


BAD_OPTIONS = [
    [], ["--nope"], ["nope"], ["validate", "--nope"], ["validate", "-f", "pdf", "x"], ["validate", "--lang"],
    ["validate", "--programes", "x"], ["validate", "samples/utgaver", "--deadline", "1.1.2008"],
    ["validate", "finnes-ikke/"], ["rules", "--format", "xml"], ["rules", "ekstra"], ["programmes", "--programmes-dir"],
    ["programmes", "--programmes-dir", "finnes-ikke"], ["init"], ["init", "-p", "kvalitetskommune-2006", "-k", "9999"],
    ["init", "-p", "ukjent", "-k", "1445"], ["draft"], ["draft", "a.yaml", "b.yaml", "-o", "x.docx"],
    ["draft", "finnes-ikke.yaml", "-o", "x.docx"], ["agreement"], ["agreement", "nope"], ["agreement", "local"],
    ["agreement", "programme", "--programme", "ukjent", "-o", "x.docx"], ["letters"],
    ["letters", "samples/meetings/2008-11-04-pulje-4.yaml", "-a", "finnes-ikke", "-o", "ut"],
    ["minutes", "finnes-ikke.yaml", "-o", "x.docx"], ["minutes", "samples/meetings/2008-11-04-pulje-4.yaml"],
]


@pytest.mark.parametrize("args", BAD_OPTIONS, ids=lambda a: " ".join(a) or "ingenting")
def test_bad_options_get_norwegian_messages(kvk, args, tmp_path):
    code, out = kvk(*args)
    assert code == 2, out
    assert out.strip()
    assert english_in(out) == [], out


@pytest.mark.parametrize("command", [["draft"], ["agreement", "local"]])
@pytest.mark.parametrize("name", ["tabulator.yaml", "kontrolltegn.yaml", "komma.json", "tull.pdf", "notat.txt"])
def test_bad_files_given_to_the_writers_get_norwegian_messages(kvk, bad_files, tmp_path, command, name):
    code, out = kvk(*command, bad_files / name, "-o", tmp_path / "ut.docx")
    assert code in (1, 2)
    assert english_in(out, str(bad_files), str(tmp_path)) == [], out


@pytest.mark.parametrize("command", [["letters", "-a", "samples/pulje-4", "-o", "{tmp}/ut"], ["minutes", "-o", "{tmp}/p.docx"]])
def test_a_broken_meeting_file_gets_a_norwegian_message(kvk, bad_files, tmp_path, command):
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    code, out = kvk(args[0], bad_files / "kolon.yaml", *args[1:])
    assert code in (1, 2)
    assert english_in(out, str(bad_files), str(tmp_path)) == [], out
