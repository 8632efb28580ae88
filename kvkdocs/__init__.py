"""kvkdocs: compliance checking and documents for Kvalitetskommuneprogrammet.

The library and the ``kvkdocs`` command share their verbs (:mod:`kvkdocs.verbs`):
``validate`` here is ``kvkdocs validate`` there. Names are imported on first use, so that
``kvkdocs --version`` and ``import kvkdocs`` stay fast.
"""

from __future__ import annotations

from importlib import import_module

from ._version import __version__ as __version__

_EXPORTS = {
    "validate": "verbs", "Checker": "check", "verbs": None,
    "Application": "application", "Settings": "application",
    "KvkdocsError": "errors", "LoadError": "errors", "ProgrammeError": "errors",
    "ChecklistItem": "findings", "Citation": "findings", "Finding": "findings", "Location": "findings",
    "Severity": "findings", "Status": "findings",
    "Catalogue": "programmes", "Programme": "programmes",
    "Municipality": "register", "Register": "register", "load_register": "register",
    "BatchResult": "result", "FileResult": "result",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> object:
    if name in _EXPORTS:
        if _EXPORTS[name] is None:  # a module: kvkdocs.verbs
            return import_module(f".{name}", __name__)
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'kvkdocs' has no attribute {name!r}")
