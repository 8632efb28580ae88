"""Golden files: rendered text compared with a committed expected text.

``KVKDOCS_REGEN_GOLDEN=1`` rewrites a golden file and then *fails* the test,
so a regeneration can never pass silently: read the diff, then run again
without the variable. In CI (``CI`` set) regeneration is refused.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REGEN_VARIABLE = "KVKDOCS_REGEN_GOLDEN"


def compare_golden(path: Path, actual: str) -> None:
    """Assert that ``actual`` equals the golden file at ``path``."""
    if os.environ.get(REGEN_VARIABLE) == "1":
        if os.environ.get("CI"):
            pytest.fail(f"{REGEN_VARIABLE} is refused in CI: golden files are written by a person, not by CI")
        path.write_text(actual, encoding="utf-8")
        pytest.fail(f"regenerated {path.name}; run again without the variable {REGEN_VARIABLE}")
    assert path.exists(), f"no golden file {path}; write it with {REGEN_VARIABLE}=1 and read it"
    assert actual == path.read_text(encoding="utf-8")
