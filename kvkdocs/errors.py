"""The whole exception tree of kvkdocs, in one place.

An exception means that kvkdocs itself could not do what was asked (a missing
folder, an unknown programme edition, a broken template). A problem *in an
application* is never an exception: it is a :class:`~kvkdocs.findings.Finding`.

Loaders raise :class:`LoadError` subclasses; the checker turns them into
``input.unreadable`` or ``input.structure`` findings so that one bad file never
stops a batch.

No exception here carries an exit code or an HTTP status: each front door
maps the classes to its own (the CLI's table in :mod:`kvkdocs.cli.base`, the
web's in :mod:`kvkdocs.web.app`). Nor does a message name a command-line
option or command: where it points the user to a choice (overwrite, a date,
no PDF) or to something to look at (the editions, the rules), it names it in
words from :data:`CHOICES`, and a front door may put its own name for it in
their place (:meth:`KvkdocsError.phrased`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: The choices a message may point the user to, in the words the library uses.
#: A front door replaces them with its own names (the CLI: «--force»); the words
#: read well on their own, so a caller that replaces nothing still says something true.
CHOICES = {
    "force": "valget «skriv over»",
    "pdf": "valget «PDF»",
    "pdf-optional": "valget «bare Word uten LibreOffice»",
    "draft": "valget «utkast»",
    "date": "søknadsdatoen",
    "output-file": "et filnavn som «rapport.html»",
    "output-folder": "en mappe som «ut»",
    # What to look at, where a front door has a command that shows it (the CLI: «kvkdocs programmes»).
    "programmes": "listen over programutgavene kvkdocs kjenner",
    "rules": "regelkatalogen",
    "templates-export": "eksporten av malene",
    # Where a folder of templates was named: the choice itself (the CLI: «--templates»).
    "templates": "valget «maler»",
}


class KvkdocsError(Exception):
    """Base of every error kvkdocs raises on purpose. ``str()`` is for people (in bokmål).

    Where the raiser gives it, ``text`` is the message as a key and its values
    (:class:`kvkdocs.messages.Text`), so that a front door can say it in the
    user's målform (:meth:`in_language`); ``str()`` stays the bokmål sentence.
    """

    text: Any = None

    def __init__(self, *args: Any, text: Any = None) -> None:
        super().__init__(*args)
        if text is not None:
            self.text = text

    @classmethod
    def said(cls, text: Any, lang: str = "nb", **extra: Any) -> KvkdocsError:
        """The error that says ``text`` (a :class:`~kvkdocs.messages.Text`): ``str()`` in ``lang`` (bokmål unless
        the caller chose), any målform at the edge (:meth:`in_language`)."""
        from .messages import render

        return cls(render(text, lang), text=text, **extra)

    def in_language(self, lang: str = "nb") -> str:
        """The message in ``lang``; as raised where it has no ``text``."""
        if self.text is None:
            return str(self)
        from .messages import render

        return render(self.text, lang)

    def phrased(self, names: Mapping[str, str], lang: str = "nb") -> str:
        """The message in ``lang`` with a front door's own name for each choice it mentions (see :data:`CHOICES`).

        Said from its ``text``, a choice with values (the folder to check again) is named too; an error
        raised with words of its own (or whose words are not its ``text`` in bokmål) has its words replaced.
        """
        from .messages import render

        if self.text is not None and (lang != "nb" or render(self.text) == str(self)):
            return rephrase(render(self.text, lang, names=names), names)
        return rephrase(str(self), names)


def rephrase(text: str, names: Mapping[str, str]) -> str:
    """``text`` with each choice of :data:`CHOICES` it mentions called by its name in ``names``."""
    for key, words in CHOICES.items():
        if key in names and words in text:
            text = text.replace(words, names[key])
    return text


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

    def __init__(self, message: Any, hint: Any = "", *, line: int | None = None, text: Any = None) -> None:
        """``message`` and ``hint`` are sentences, or :class:`~kvkdocs.messages.Text`\\ s to say in any målform."""
        from .messages import Text, render

        self._parts = (message, hint) if isinstance(message, Text) else None
        if isinstance(message, Text):
            text = message if not hint else Text("sentence.and-hint", {"sentence": message, "hint": hint})
            message, hint = render(message, "nb"), render(hint, "nb") if hint else ""
        super().__init__(message, text=text)
        self.message = message
        self.hint = hint
        self.line = line

    @classmethod
    def said(cls, text: Any, lang: str = "nb", **extra: Any) -> LoadError:
        return cls(text, **extra)

    def parts(self) -> tuple[Any, Any]:
        """The sentence and the hint, each a :class:`~kvkdocs.messages.Text` (or, raised without keys, as said)."""
        from .messages import Text

        if self._parts is not None:
            return self._parts
        return Text("sentence.as-said", {"sentence": self.message}), \
            Text("sentence.as-said", {"sentence": self.hint}) if self.hint else ""

    def text_of(self) -> Any:
        """What went wrong as a :class:`~kvkdocs.messages.Text` (message and hint)."""
        from .messages import Text

        if self.text is not None:
            return self.text
        return Text("sentence.as-said", {"sentence": f"{self.message} {self.hint}".strip()})


class UnsupportedFormat(LoadError):
    """The file type is not one kvkdocs reads (yet)."""


class StructureError(LoadError):
    """The file was read, but it does not say what it is or lacks its frame."""

    rule = "input.structure"


class DocxReadError(LoadError):
    """A Word file could not be read."""


class PdfReadError(LoadError):
    """A PDF file could not be read."""


class MeetingError(KvkdocsError):
    """The meeting file cannot be used: it is unreadable or breaks its schema."""


class OutputError(KvkdocsError):
    """An output could not be written, or may not be: nothing was written."""


class IntakeError(KvkdocsError):
    """A received file cannot be taken in at all (not merely found wanting)."""


class RenderError(KvkdocsError):
    """A document could not be written."""


class TemplateError(RenderError):
    """A template is broken or needs a value the data does not have."""

    def __init__(self, message: str, template: str = "", line: int | None = None, *, text: Any = None) -> None:
        super().__init__(message, text=text)
        self.template = template
        self.line = line


#: Every operating-system error kvkdocs has its own words for, by errno name, in one table: why the call
#: failed is ``os.<name>`` in :mod:`kvkdocs.messages` («ingen tilgang»); the value here is the key that says,
#: where a *write* failed, what happened and what to do about it (``output.reason.<name>``), or ``None`` where
#: the reason alone is all there is to say. EPERM reads as EACCES to a user who wanted to write.
OS_ERRORS: dict[str, str | None] = {
    "EACCES": "output.reason.EACCES",
    "EPERM": "output.reason.EACCES",
    "ENOENT": "output.reason.ENOENT",
    "ENOTDIR": "output.reason.ENOTDIR",
    "EISDIR": "output.reason.EISDIR",
    "ELOOP": None,
    "ENAMETOOLONG": "output.reason.ENAMETOOLONG",
    "EIO": None,
    "ENOSPC": "output.reason.ENOSPC",
    "EDQUOT": "output.reason.EDQUOT",
    "EROFS": "output.reason.EROFS",
    "EEXIST": "output.reason.EEXIST",
    "EBUSY": "output.reason.EBUSY",
}


def _errno_name(exc: OSError) -> str:
    import errno

    return errno.errorcode.get(exc.errno or 0, "")


def os_reason_text(exc: OSError) -> Any:
    """Why an operating-system call failed, as a message key to say in either målform («ingen tilgang»).

    The C library's own text (``Permission denied``) is English, so it never
    reaches a message; an errno we have no words for shows only its code name.
    """
    from .messages import Text

    name = _errno_name(exc)
    if name in OS_ERRORS:
        return Text(f"os.{name}")
    return Text("os.other", {"name": name}) if name else Text("os.unknown")


def os_write_reason(exc: OSError) -> Any:
    """Why writing failed and what to do about it (``output.reason.*``), as a message key."""
    from .messages import Text

    key = OS_ERRORS.get(_errno_name(exc))
    return Text(key) if key else Text("output.reason.other", {"detail": os_reason_text(exc)})
