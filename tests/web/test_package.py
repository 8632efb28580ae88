"""The web package is shipped whole, and the layers import one way."""

from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                found.add(".".join(base + ([node.module] if node.module else [])))
            else:
                found.add(node.module or "")
    return found


def test_nothing_below_the_web_package_imports_it():
    for path in (ROOT / "kvkdocs").rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("kvkdocs/web/") or rel == "kvkdocs/cli/web.py":
            continue
        assert not any(m == "kvkdocs.web" or m.startswith("kvkdocs.web.") for m in _imports(path)), rel


def test_the_database_layer_never_imports_the_web_or_the_cli():
    for path in (ROOT / "kvkdocs/db").rglob("*.py"):
        bad = [m for m in _imports(path) if m.startswith(("kvkdocs.web", "kvkdocs.cli"))]
        assert not bad, (path, bad)


@pytest.mark.slow
def test_the_wheel_carries_migrations_templates_and_static_files(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(tmp_path.glob("kvkdocs-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("kvkdocs/db/migrations/env.py", "kvkdocs/db/migrations/versions/0001_initial_schema.py",
                   "kvkdocs/web/templates/base.html", "kvkdocs/web/templates/runde.html",
                   "kvkdocs/web/static/kvkdocs.css", "kvkdocs/web/templates/kommune/steg.html",
                   "kvkdocs/web/static/kommune.js", "kvkdocs/web/static/kommune.css", "kvkdocs/db/migrations/versions/0005_kommune.py",
                   "kvkdocs/_resources/templates/kvittering/kvittering.nb.docx",
                   "kvkdocs/_resources/templates/kvittering/kvittering.nn.docx"):
        assert needed in names, needed
