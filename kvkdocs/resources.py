"""Where schemas, templates, programme editions and the register live.

In a checkout they sit at the project root, where people edit them; a wheel
carries them inside the package (``kvkdocs/_resources``, see pyproject.toml).
Everything else asks this module, so both layouts behave the same.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from .errors import SchemaError
from .messages import Text

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
EXAMPLE_DIR = DATA_DIR / "eksempel"  # the example meeting and applications user templates are checked with


def resource_dir(name: str) -> Path:
    """The folder ``schemas``, ``templates`` or ``programmes``, installed or not."""
    for candidate in (PACKAGE_DIR / "_resources" / name, PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise SchemaError.said(Text("install.missing-folder", {"name": name}))


@cache
def load_schema(name: str) -> dict:
    """A shipped JSON Schema by file stem, e.g. ``load_schema("soknad")``."""
    path = resource_dir("schemas") / f"{name}.schema.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SchemaError.said(Text("install.schema-unreadable", {"path": str(path), "detail": str(exc)})) from exc
