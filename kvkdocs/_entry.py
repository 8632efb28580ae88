"""The console script. ``kvkdocs --version`` answers without importing click."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from ._version import __version__

        print(f"kvkdocs {__version__}")
        return
    from .cli import main as run

    run()
