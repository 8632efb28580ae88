"""The ``kvkdocs`` command: a thin layer over the library, one module per group of verbs."""

from . import checking, documents, meetings, reading, templates, web  # noqa: F401  (registers the commands)
from .base import cli, main

__all__ = ["cli", "main"]
