"""`kvkdocs draft`: an application as a Word document, in the municipality's målform.

The document is laid out by :mod:`kvkdocs.docmodel`, so the readers find
every value again. A draft with open error findings is still written, with
a visible banner and the findings listed first, so that work can go on.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from .docmodel import ALWAYS, BY_RULE, SECTIONS, expected_sections, format_value  # noqa: F401  (kept here too)
from .findings import Severity
from .programmes import Programme
from .register import language, load_register
from .render.usertemplates import open_template, register_samples
from .resources import EXAMPLE_DIR
from .result import FileResult


def _get(data, path):
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _var(key: str) -> str:
    return key.replace(".", "_")


def draft_language(data: dict) -> str:
    applicant = data.get("søker") if isinstance(data.get("søker"), dict) else {}
    number, day = applicant.get("kommunenummer"), data.get("søknadsdato")
    try:
        on = dt.date.fromisoformat(day) if isinstance(day, str) else dt.date.today()
    except ValueError:
        on = dt.date.today()
    return language(load_register().maalform(number, on) if isinstance(number, str) else None)


def draft_context(data: dict, result: FileResult, programme: Programme | None, lang: str) -> dict:
    """Every value the draft template shows, formatted for people."""
    context: dict = {"vis": {}}
    wanted = {s.key for s in expected_sections(programme)}
    for section in SECTIONS:
        value = _get(data, section.path) if section.path else data
        context["vis"][section.key] = section.key in wanted or bool(value)
        if section.kind == "fields":
            source = value if isinstance(value, dict) else {}
            context[section.key] = {_var(c.key): format_value(_get(source, c.key.split(".")), c.kind, lang)
                                    for c in section.columns}
        elif section.kind in ("table", "records"):
            rows = value if isinstance(value, list) else []
            context[section.key] = [{_var(c.key): format_value(row.get(c.key), c.kind, lang) for c in section.columns}
                                    for row in rows if isinstance(row, dict)]
        elif section.kind == "list":
            context[section.key] = [str(v) for v in value] if isinstance(value, list) else []
        else:
            context[section.key] = [part for part in str(value).split("\n\n")] if isinstance(value, str) and value.strip() else []
    if programme is not None:  # people read the edition's name; kvkdocs reads it back as the id
        for section in SECTIONS:
            if section.kind == "fields" and any(c.key == "program" for c in section.columns):
                context[section.key][_var("program")] = programme.name(lang)
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    applicant = data.get("søker") if isinstance(data.get("søker"), dict) else {}
    name = applicant.get("kommunenavn") or applicant.get("kommunenummer") or ""
    context.update({
        "program_navn": programme.name(lang) if programme else str(data.get("program", "")),
        "kommune": f"{name} kommune" if name else "",
        "antall_feil": len(errors),
        "funn": [f.message for f in result.findings if f.severity is not Severity.INFO],
        "dokumentdato_iso": f"{data.get('søknadsdato') or '2000-01-01'}T00:00:00Z",
        "avsender": {"navn": f"{name} kommune" if name else "kvkdocs"},
        "eksempel": False,
    })
    return context


def render_draft(data: dict, result: FileResult, programme: Programme | None, lang: str | None = None,
                 templates: Path | None = None) -> bytes:
    """The draft's bytes, from the user's template in ``templates`` (checked first) or the shipped one."""
    lang = lang or draft_language(data)
    template = open_template("soknad", lang, templates)
    return template.render(draft_context(data, result, programme, lang))


@cache
def _examples(lang: str) -> list[dict]:
    """The example application (with its open error) as the draft shows it."""
    from .check import Checker
    from .load import load_file
    from .programmes import Catalogue

    path = EXAMPLE_DIR / "søknader" / "1548-fraena.yaml"
    data = load_file(path).data
    checker = Checker(lang=lang)
    try:
        result = checker.check_data(data)
    finally:
        checker.close()
    return [draft_context(data, result, Catalogue().get(data["program"]), lang)]


register_samples("soknad", _examples)


def write_draft(data: dict, result: FileResult, programme: Programme | None, out: Path, pdf: bool = False) -> str:
    """Write the draft (and a PDF beside it); return a note for the user, if any."""
    from .files import write_atomically

    write_atomically(out, render_draft(data, result, programme))
    if not pdf:
        return ""
    from .render.pdf import INSTALL_HINT, convert, soffice

    if soffice() is None:
        return INSTALL_HINT
    convert([out], out.parent, processes=1)
    return ""
