"""kvkdocs: compliance checking and documents for Kvalitetskommuneprogrammet.

The library and the ``kvkdocs`` command share their verbs: ``validate`` here
is ``kvkdocs validate`` there.
"""

from ._version import __version__
from .check import Checker, validate
from .errors import KvkdocsError, LoadError, ProgrammeError
from .findings import ChecklistItem, Citation, Finding, Location, Severity, Status
from .programmes import Catalogue, Programme
from .register import Municipality, Register, load_register
from .result import BatchResult, FileResult

__all__ = [
    "BatchResult", "Catalogue", "Checker", "ChecklistItem", "Citation", "FileResult", "Finding",
    "KvkdocsError", "LoadError", "Location", "Municipality", "Programme", "ProgrammeError",
    "Register", "Severity", "Status", "__version__", "load_register", "validate",
]
