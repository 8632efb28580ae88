"""Text from outside, made safe to show: escaped control characters and inert spreadsheet cells.

File names and values in applications are data. A newline in a file name
must not forge a report line, an escape sequence must not move the
terminal's cursor, invalid UTF-8 bytes in a name (which Python carries as
lone surrogates) must not make writing a report fail, and a value that
starts like a formula must not run in a spreadsheet. Every report and every
message that shows such text passes it through here.
"""

from __future__ import annotations

import os
import re

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Characters that move the cursor, end lines, or reorder what is shown
# (C0 and C1 controls, DEL, line/paragraph separators, bidirectional controls)
# and lone surrogates. Other format characters (soft hyphen, joiners) are harmless.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

# OWASP, «CSV Injection»: cells starting with these are read as formulas.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _escape_one(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """``text`` with every control, bidi and undecodable character written as ``\\n``, ``\\x1b``, ``\\xff``, ``\\u202e``.

    Printable text, æøå included, is returned unchanged.
    """
    if text.isprintable():
        return text
    return _UNSAFE.sub(_escape_one, text)


def neutralise_formula(text: str) -> str:
    """A spreadsheet cell that can never be a formula: OWASP's leading apostrophe when needed."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_cell(value: object) -> object:
    """A value for a CSV cell: text escaped and neutralised, numbers as they are."""
    if isinstance(value, str):
        return neutralise_formula(escape_controls(value))
    return value


def shown_path(path: object) -> str:
    """A path as people see it in messages: control characters and bytes that are not UTF-8 escaped.

    Takes ``str``, ``bytes`` or any path object; an undecodable byte shows as ``\\xff``.
    """
    if isinstance(path, (str, bytes, os.PathLike)):
        path = os.fsencode(path).decode("utf-8", "surrogateescape")
    return escape_controls(str(path))
