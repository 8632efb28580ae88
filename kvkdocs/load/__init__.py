"""Loaders: one per file format, each turning a file into plain data.

A loader either returns a :class:`~kvkdocs.load.document.Document` or raises
a :class:`~kvkdocs.errors.LoadError`; the checker turns the latter into an
``input.*`` finding so the batch goes on.
"""

from .dispatch import SUPPORTED_SUFFIXES, iter_input_files, load_file
from .document import Document

__all__ = ["Document", "SUPPORTED_SUFFIXES", "iter_input_files", "load_file"]
