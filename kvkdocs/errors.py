"""The whole exception tree of kvkdocs, in one place.

An exception means that kvkdocs itself could not do what was asked (a missing
folder, an unknown programme edition, a broken template). A problem *in an
application* is never an exception: it is a :class:`~kvkdocs.findings.Finding`.

Loaders raise :class:`LoadError` subclasses; the checker turns them into
``input.unreadable`` or ``input.structure`` findings so that one bad file never
stops a batch. The CLI turns every :class:`KvkdocsError` into a clean message
and exit status 2.
"""

from __future__ import annotations


class KvkdocsError(Exception):
    """Base of every error kvkdocs raises on purpose. ``str()`` is for people."""

    exit_code = 2


class UsageError(KvkdocsError):
    """The command was asked for something it cannot do (bad option value)."""


class ProgrammeError(KvkdocsError):
    """A programme edition is unknown or its data file is invalid."""


class RegisterError(KvkdocsError):
    """The municipality register could not be read."""


class SchemaError(KvkdocsError):
    """A shipped JSON Schema is missing or invalid: a bug or a broken install."""


class LoadError(KvkdocsError):
    """A file could not be turned into data.

    ``rule`` is the input rule the checker reports it under, ``hint`` says
    what the user can do about it.
    """

    rule = "input.unreadable"

    def __init__(self, message: str, hint: str = "", *, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.line = line


class UnsupportedFormat(LoadError):
    """The file type is not one kvkdocs reads (yet)."""


class StructureError(LoadError):
    """The file was read, but it does not say what it is or lacks its frame."""

    rule = "input.structure"


class DocxReadError(LoadError):
    """A Word file could not be read."""


class PdfReadError(LoadError):
    """A PDF file could not be read."""


class RenderError(KvkdocsError):
    """A document could not be written."""


class TemplateError(RenderError):
    """A template is broken or needs a value the data does not have."""

    def __init__(self, message: str, template: str = "", line: int | None = None) -> None:
        super().__init__(message)
        self.template = template
        self.line = line
