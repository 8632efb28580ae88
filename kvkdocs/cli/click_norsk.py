"""click's own texts in Norwegian (bokmål).

click marks every text it shows (``No such option``, ``Missing option``,
``[required]``, ``[default: …]``, ``Show this message and exit.``) with
``gettext``, imported into each of its modules as ``_`` and ``ngettext``.
A gettext catalogue would need compiled ``.mo`` files and the user's locale
settings; instead each click module's ``_`` and ``ngettext`` are replaced by
a lookup in the table below, installed once before the commands are defined
(``Path`` types name themselves when they are created). A text missing from
the table passes through unchanged, and ``tests/test_messages_norwegian.py``
catches it.

Only the ``kvkdocs`` process is affected: click is not used by the library.
"""

from __future__ import annotations

import importlib

TEXTS = {
    # help pages
    "Usage:": "Bruk:",
    "Options": "Valg",
    "Commands": "Kommandoer",
    "Positional arguments": "Argumenter",
    "Show this message and exit.": "Vis denne hjelpen og avslutt.",
    "Show the version and exit.": "Vis versjonen og avslutt.",
    "%(prog)s, version %(version)s": "%(prog)s, versjon %(version)s",
    "required": "påkrevd",
    "default: {default}": "standard: {default}",
    "env var: {var}": "miljøvariabel: {var}",
    "(dynamic)": "(dynamisk)",
    "deprecated": "utgått",
    "file": "fil",
    "directory": "mappe",
    "path": "sti",
    "Choose from:\n\t{choices}": "Velg blant:\n\t{choices}",
    # usage errors
    "Error: {message}": "Feil: {message}",
    "Try '{command} {option}' for help.": "Se «{command} {option}».",
    "No such option {name!r}.": "Valget «{name}» finnes ikke.",
    "No such command {name!r}.": "Kommandoen «{name}» finnes ikke.",
    "Missing command.": "Kommandoen mangler.",
    "Missing argument": "Argumentet mangler:",
    "Missing option": "Valget mangler:",
    "Missing parameter": "Verdien mangler:",
    "Missing {param_type}": "Mangler {param_type}:",
    "Missing parameter: {param_name}": "Verdien mangler: {param_name}",
    "Invalid value: {message}": "Ugyldig verdi: {message}",
    "Invalid value for {param_hint}: {message}": "Ugyldig verdi for {param_hint}: {message}",
    "Option {name!r} does not take a value.": "Valget «{name}» tar ingen verdi.",
    "Argument {name!r} takes {nargs} values.": "Argumentet «{name}» tar {nargs} verdier.",
    "Invalid start character for option ({option})": "Ugyldig første tegn i valget ({option})",
    "Value must be an iterable.": "Verdien må være en liste.",
    "unknown error": "ukjent feil",
    "Aborted!": "Avbrutt.",
    "Could not open file {filename!r}: {message}": "Kan ikke åpne filen «{filename}»: {message}",
    "{name} {filename!r} does not exist.": "{name} «{filename}» finnes ikke.",
    "{name} {filename!r} is a file.": "{name} «{filename}» er en fil, ikke en mappe.",
    "{name} {filename!r} is a directory.": "{name} «{filename}» er en mappe, ikke en fil.",
    "{name} {filename!r} is not readable.": "{name} «{filename}» kan ikke leses.",
    "{name} {filename!r} is not writable.": "{name} «{filename}» kan ikke skrives.",
    "{name} {filename!r} is not executable.": "{name} «{filename}» kan ikke kjøres.",
    "{value!r} is not a valid {number_type}.": "«{value}» er ikke et gyldig tall ({number_type}).",
    "{value} is not in the range {range}.": "{value} er utenfor området {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": "«{value}» er ikke ja eller nei. Gyldige verdier: {states}",
    "{value!r} is not a valid UUID.": "«{value}» er ikke en gyldig UUID.",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}":
        "Advarsel: kommandoen «{name}» er utgått.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}":
        "Advarsel: {param_type} «{name}» er utgått.{extra_message}",
    # prompts and terminal
    "Do you want to continue?": "Vil du fortsette?",
    "Confirm the action without prompting.": "Bekreft uten å spørre.",
    "Repeat for confirmation": "Gjenta for å bekrefte",
    "Error: The two entered values do not match.": "Feil: De to verdiene er ikke like.",
    "Error: invalid input": "Feil: ugyldig svar",
    "Press any key to continue...": "Trykk en tast for å fortsette ...",
    "Unknown color {colour!r}": "Ukjent farge «{colour}»",
    "Unknown standard stream '{name}'": "Ukjent standardstrøm «{name}»",
    "{editor}: Editing failed": "{editor}: redigeringen mislyktes",
    "{editor}: Editing failed: {e}": "{editor}: redigeringen mislyktes ({e})",
    "Shell completion is not supported for Bash versions older than 4.4.":
        "Fullføring i skallet krever Bash 4.4 eller nyere.",
    "Couldn't detect Bash version, shell completion is not supported.":
        "Fant ikke versjonen av Bash; fullføring i skallet støttes ikke.",
}

PLURALS = {
    "Got unexpected extra argument ({args})": ("Uventet ekstra argument ({args})", "Uventede ekstra argumenter ({args})"),
    "Takes {nargs} values but 1 was given.": ("Tar {nargs} verdier, men 1 ble gitt.", "Tar {nargs} verdier, men {len} ble gitt."),
    "Option {name!r} requires an argument.": ("Valget «{name}» trenger en verdi.", "Valget «{name}» trenger {nargs} verdier."),
    "Did you mean {possibility}?": ("Mente du {possibility}?", "(Mente du en av disse: {possibilities}?)"),
    "{value!r} is not {choice}.": ("«{value}» er ikke {choice}.", "«{value}» er ikke en av {choices}."),
    "{value!r} does not match the format {format}.": ("«{value}» passer ikke med formatet {format}.",
                                                      "«{value}» passer ikke med formatene {formats}."),
    "{len_type} values are required, but {len_value} was given.": (
        "{len_type} verdier trengs, men {len_value} ble gitt.", "{len_type} verdier trengs, men {len_value} ble gitt."),
}

# The words click puts into "Missing {param_type}" and deprecation warnings.
PARAM_TYPES = {"option": "valget", "argument": "argumentet", "parameter": "verdien"}

MODULES = ("core", "exceptions", "parser", "types", "decorators", "formatting", "termui", "utils",
           "shell_completion", "_termui_impl")


def gettext(message: str) -> str:
    return TEXTS.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    forms = PLURALS.get(singular)
    if forms is None:
        return singular if n == 1 else plural
    return forms[0] if n == 1 else forms[1]


def install() -> None:
    """Make click speak Norwegian; safe to call more than once."""
    for name in MODULES:
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:  # pragma: no cover - a click without this module
            continue
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
