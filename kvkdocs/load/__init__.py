"""Loaders: one per file format, each turning a file into plain data.

A loader either returns a :class:`~kvkdocs.load.document.Document` or raises
a :class:`~kvkdocs.errors.LoadError`; the checker turns the latter into an
``input.*`` finding so the batch goes on.

Names are imported on first use: a reader worker imports
``kvkdocs.load.word`` or ``kvkdocs.load.pdf`` alone, and each worker pool
starts by importing them, so it should not pay for the dispatcher, the
YAML loader and the findings it does not use.
"""

from __future__ import annotations

from importlib import import_module

_EXPORTS = {"Document": "document", "SUPPORTED_SUFFIXES": "dispatch", "iter_input_files": "dispatch",
            "load_file": "dispatch"}
__all__ = ["Document", "SUPPORTED_SUFFIXES", "iter_input_files", "load_file"]


def __getattr__(name: str) -> object:
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'kvkdocs.load' has no attribute {name!r}")
