"""A plain, non-editable install finds its schemas, editions, templates and register."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow


def test_wheel_install_in_a_fresh_venv(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", ".git", "__pycache__", ".pytest_cache", "build", "dist"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin/python"), "-m", "pip", "install", "--quiet", str(src)]
    subprocess.run(pip, check=True, capture_output=True, text=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copytree(ROOT / "samples/pulje-4", elsewhere / "inn")
    kvkdocs = str(venv / "bin/kvkdocs")

    listed = subprocess.run([kvkdocs, "programmes"], cwd=elsewhere, capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    assert "site-packages/kvkdocs/_resources/programmes" in listed.stdout

    report = elsewhere / "r.html"
    done = subprocess.run([kvkdocs, "validate", "inn", "-f", "html", "-o", str(report)],
                          cwd=elsewhere, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    assert "Midsund" in report.read_text(encoding="utf-8")

    imported = subprocess.run([str(venv / "bin/python"), "-c", "import kvkdocs, sys; print(kvkdocs.__file__)"],
                              cwd=elsewhere, capture_output=True, text=True)
    assert "site-packages" in imported.stdout  # not the checkout

    # the example meeting a user's templates are checked with travels in the wheel too
    exported = subprocess.run([kvkdocs, "templates", "export", "maler"], cwd=elsewhere, capture_output=True, text=True)
    assert exported.returncode == 0, exported.stderr
    checked = subprocess.run([kvkdocs, "templates", "check", "maler"], cwd=elsewhere, capture_output=True, text=True)
    assert checked.returncode == 0 and "ok    opptaksbrev.nn.docx" in checked.stdout, checked.stderr
