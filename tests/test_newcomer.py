"""A new user's first hour: `make demo`, then the README's commands pasted as they stand."""

from __future__ import annotations

import re
import shlex
import sys

from kvkdocs.cli import main

from .conftest import ROOT


def readme_commands() -> list[str]:
    """Every ``kvkdocs`` line in the README's shell blocks, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines, fence = [], None
    for line in text.splitlines():
        if line.startswith("```"):
            fence = None if fence is not None else line[3:]
        elif fence == "" and re.match(r"(\w+=\S+ )*kvkdocs ", line):  # plain blocks are shell; yaml/python are not
            lines.append(line.split("  #")[0].strip())
    return lines


def run_line(line: str, monkeypatch, capsys) -> tuple[int, str]:
    words = shlex.split(line)
    while "=" in words[0]:  # KVKDOCS_PROGRAMMES=samples/programutgaver kvkdocs programmes
        name, value = words.pop(0).split("=", 1)
        monkeypatch.setenv(name, value)
    assert words[0] == "kvkdocs"
    monkeypatch.setattr(sys, "argv", words)
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out = capsys.readouterr()
    return code, out.out + out.err


def test_the_readme_tells_how_to_get_the_command():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    top = text[:text.index("## ")]
    assert "make demo" in top and ". .venv/bin/activate" in top


def test_readme_commands_run_as_they_stand(tmp_path, monkeypatch, capsys):
    """From a fresh folder with the samples, every command runs (exit 0 or 1, never 2 or a traceback).

    ``--pdf`` lines are left out: they need LibreOffice and minutes of conversion,
    and the PDF tests cover them. So are the web application's lines: `serve`
    runs until it is stopped and `users add` asks for a password at the
    terminal; tests/web runs each of them.
    """
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    monkeypatch.chdir(tmp_path)
    web = ("kvkdocs serve", "kvkdocs users", "kvkdocs db")
    lines = [line for line in readme_commands() if "--pdf" not in line and not line.startswith(web)]
    assert len(lines) > 15
    for line in lines:
        with monkeypatch.context() as env:
            code, out = run_line(line, env, capsys)
        assert code in (0, 1), f"{line}\n{out}"
        assert "Traceback" not in out


def test_make_demo_checks_the_sample_folders_not_the_readme(monkeypatch, capsys):
    recipe = re.search(r"^demo:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M).group(1)
    command = next(line for line in recipe.splitlines() if "kvkdocs validate" in line)
    pattern = command.split("kvkdocs validate", 1)[1].split(";")[0].strip()
    monkeypatch.chdir(ROOT)
    folders = sorted(str(p.relative_to(ROOT)) + "/" for p in ROOT.glob(pattern))  # the shell's expansion
    assert folders and "samples/README.md" not in folders
    code, out = run_line("kvkdocs validate -f json " + " ".join(folders), monkeypatch, capsys)
    assert code == 1  # some samples break rules on purpose
    assert "README.md" not in out and "pulje-4/1445-gloppen.yaml" in out

