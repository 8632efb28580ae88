"""Renderers: a :class:`~kvkdocs.result.BatchResult` in, a report out.

Each format lives in its own module with a ``render(batch, out, **options)``
function. Text-based renderers write to a text stream; ``xlsx`` writes to a
binary one.
"""

from __future__ import annotations

from importlib import import_module

FORMATS = ("text", "json", "csv", "xlsx", "html")
BINARY_FORMATS = frozenset({"xlsx"})


def renderer(name: str):
    """The ``render`` function of a format, imported only when used."""
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}")
    return import_module(f".{name}_report", __name__).render
