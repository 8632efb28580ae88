"""The guided application form, built from the application schema and the document model.

No second list of fields lives here. The Word draft is laid out from
:data:`kvkdocs.docmodel.SECTIONS`; the form takes the same sections, in the
same order, with the same labels in bokmål and nynorsk, and reads each
field's limits (length, required, choices) from ``schemas/soknad.schema.json``.
What is ours is only which sections make one step (one topic per step, as
public forms do) and how a value typed in a browser becomes the value the
schema wants: dates as ``dd.mm.åååå`` (read by :mod:`kvkdocs.dates`), amounts
as people write them (:mod:`kvkdocs.amounts`), numbers with a decimal comma.

A value that cannot be read yet is kept as typed in ``raw`` (pointer → text)
beside the data, with a message, so nothing a person wrote is lost and the
checker sees only what the schema allows.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import cache

from ..amounts import AmountError, parse_amount
from ..dates import read_date
from ..docmodel import PARTIES, SECTIONS, Column, Section
from ..resources import load_schema

#: Which document sections make one step, in the order of the Word draft. The summary has none.
STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("soker", ("søker", "samarbeidskommuner")),
    ("innsatsomrader", ("innsatsområder", "arbeidsform")),
    ("prosjekter", ("prosjekter",)),
    ("mal", ("mål", "evaluering")),
    ("styringsgruppe", ("styringsgruppe",)),
    ("organisasjoner", ("arbeidstakerorganisasjoner", "alle_organisasjoner_med")),
    ("politisk", ("politisk_forankring",)),
    ("tilskudd", ("tilskudd", "budsjett")),
    ("oppsummering", ()),
)
#: Fields of the document that the municipality does not type: the edition is the round's, and the
#: day of receipt is the secretariat's.
NOT_TYPED = ("program", "mottatt")
#: Fields filled from the register and shown, not typed (a wrong number would be another municipality).
FIXED = ("søker.kommunenummer",)
#: Fields the schema lets out but the rules want (``section/field``; a list by its section alone), so the
#: form does not call them «valgfritt». Some are wanted only sometimes (``kommune`` on a union's row in a
#: joint application), but a field that can block an application is not optional to the one who fills it in.
#: ``tests/web/test_kommune_optional.py`` blanks every field the form calls optional in each edition's
#: approved sample and fails when the checker then finds an error, so this list cannot fall behind the rules.
NEEDED_BY_RULES = frozenset({
    "søker/søker.kommunenavn", "samarbeidskommuner/kommunenavn", "samarbeidskommuner/alle_organisasjoner_med",
    "innsatsområder", "arbeidsform/arbeidsform", "prosjekter/sektorer", "prosjekter/tema",
    "styringsgruppe/kommune", "arbeidstakerorganisasjoner/tillitsvalgt",
    "arbeidstakerorganisasjoner/bekreftet", "arbeidstakerorganisasjoner/kommune",
    "alle_organisasjoner_med/alle_organisasjoner_med",
})
LONG_TEXT = 5000  # a schema limit at least this long is a text area
#: Removed from whatever is typed: C0/C1 controls (none belongs in a form's text, and the Word draft's XML
#: cannot hold most of them), line and paragraph separators, the bidirectional overrides and isolates that
#: make a name read backwards, and U+FFFE/U+FFFF, which are not characters and which XML 1.0 refuses.
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


@dataclass(frozen=True)
class Field:
    """One input: ``path`` is its place inside a group's record (or in the document for a plain group)."""

    path: tuple[str, ...]
    column: Column
    schema: dict
    required: bool = False

    @property
    def kind(self) -> str:
        if self.column.kind in ("date", "number", "amount", "codes", "codes1", "party", "yesno"):
            return self.column.kind
        if (self.schema.get("maxLength") or 0) >= LONG_TEXT:
            return "textarea"
        if self.schema.get("x-kvk-form") == "epost":
            return "email"
        return "text"

    @property
    def fixed(self) -> bool:
        return ".".join(self.path) in FIXED

    @property
    def max_length(self) -> int | None:
        return self.schema.get("maxLength")

    def label(self, lang: str) -> str:
        return self.column.label(lang)


@dataclass(frozen=True)
class Group:
    """A document section as part of a step: plain fields, a growing list of records, or a list of lines."""

    section: Section
    path: tuple[str, ...]  # where its data lives in the document
    kind: str  # fields, records (tables too), lines (a list of texts), text (one long text)
    fields: tuple[Field, ...]
    item_schema: dict = field(default_factory=dict)
    max_items: int | None = None

    @property
    def pointer(self) -> str:
        return "/" + "/".join(self.path) if self.path else ""

    def title(self, lang: str) -> str:
        return self.section.title(lang)

    def item_title(self, lang: str) -> str:
        text = self.item_schema.get("x-title-nn" if lang == "nn" else "title") or ""
        return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Step:
    key: str
    groups: tuple[Group, ...]

    def title(self, lang: str) -> str:
        if not self.groups:
            return "Oppsummering"
        return self.groups[0].title(lang)

    @property
    def roots(self) -> tuple[str, ...]:
        """The first segments of every pointer this step's findings may carry."""
        found = []
        for group in self.groups:
            if group.path:
                found.append(group.path[0])
            found.extend(f.path[0] for f in group.fields if not group.path)
        if self.key == STEPS[0][0]:
            found.append("søknadsdato")
        return tuple(dict.fromkeys(found))

    def owns(self, pointer: str) -> bool:
        first = pointer.lstrip("/").split("/", 1)[0]
        return first in self.roots


# -- building from the schema ----------------------------------------------------------


def _resolve(schema: dict, root: dict) -> dict:
    ref = schema.get("$ref")
    if not ref:
        return schema
    target = root
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    merged = dict(_resolve(target, root))
    merged.update({k: v for k, v in schema.items() if k != "$ref"})
    return merged


def _node(root: dict, path: tuple[str, ...]) -> dict:
    node = root
    for part in path:
        node = _resolve(node, root)
        node = node["properties"][part] if "properties" in node else node["items"]["properties"][part]
    return _resolve(node, root)


def _required(root: dict, container: dict, key: str) -> bool:
    return key in _resolve(container, root).get("required", ())


def _needed(section: Section, path: tuple[str, ...], required: bool) -> bool:
    """Required by the schema, or wanted by the rules (:data:`NEEDED_BY_RULES`)."""
    return required or "/".join(filter(None, (section.key, ".".join(path)))) in NEEDED_BY_RULES


@cache
def steps() -> tuple[Step, ...]:
    """The form's steps, built once from the schema and the document model."""
    root = load_schema("soknad")
    by_key = {s.key: s for s in SECTIONS}
    out = []
    for key, section_keys in STEPS:
        groups = []
        for section_key in section_keys:
            section = by_key[section_key]
            if section.kind == "fields" and not section.path:
                fields = []
                for column in section.columns:
                    if column.key in NOT_TYPED:
                        continue
                    path = tuple(column.key.split("."))
                    parent = _node(root, path[:-1]) if len(path) > 1 else root
                    fields.append(Field(path, column, _node(root, path),
                                        _needed(section, path, _required(root, parent, path[-1]))))
                groups.append(Group(section, (), "fields", tuple(fields)))
            elif section.kind == "fields":
                container = _node(root, section.path)
                fields = tuple(Field((c.key,), c, _node(root, (*section.path, c.key)),
                                     _needed(section, (c.key,), _required(root, container, c.key)))
                               for c in section.columns)
                groups.append(Group(section, section.path, "fields", fields))
            elif section.kind in ("table", "records"):
                array = _node(root, section.path)
                item = _resolve(array["items"], root)
                fields = tuple(Field((c.key,), c, _resolve(item["properties"][c.key], root),
                                     _needed(section, (c.key,), c.key in item.get("required", ())))
                               for c in section.columns)
                groups.append(Group(section, section.path, "records", fields, item, array.get("maxItems")))
            elif section.kind == "list":
                array = _node(root, section.path)
                item = _resolve(array["items"], root)
                column = Column(section.key, item.get("title", "").capitalize(),
                                item.get("x-title-nn", "").capitalize())
                groups.append(Group(section, section.path, "lines", (Field((), column, item, _needed(section, (), False)),), item,
                                    array.get("maxItems")))
            else:  # one long text
                column = Column(section.key, section.nb, section.nn)
                groups.append(Group(section, (), "fields", (Field(section.path, column, _node(root, section.path),
                                                                   _needed(section, section.path,
                                                                           _required(root, root, section.path[0]))),)))
        out.append(Step(key, tuple(groups)))
    return tuple(out)


def step(key: str) -> Step | None:
    return next((s for s in steps() if s.key == key), None)


def pointer(*parts) -> str:
    return "/" + "/".join(str(p) for p in parts if p != ())


def field_id(pointer_: str) -> str:
    """An element id for a pointer (``/prosjekter/0/tittel`` → ``f-prosjekter-0-tittel``)."""
    return "f" + pointer_.replace("/", "-").replace(" ", "_")


# -- values: data ↔ form -----------------------------------------------------------------


def get(data, path) -> object:
    node = data
    for part in path:
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return None
    return node


def put(data: dict, path: tuple, value) -> None:
    """Set ``value`` at ``path`` (None removes the key, and an emptied parent object with it)."""
    node = data
    for part in path[:-1]:
        node = node.setdefault(part, {})
    if value is None:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value
    if value is None and len(path) > 1 and not get(data, path[:-1]):
        put(data, path[:-1], None)


def shown(fld: Field, value) -> str | list[str]:
    """A stored value as the form shows it: dates dd.mm.åååå, amounts with spaces, numbers with a comma."""
    if value is None:
        return [] if fld.kind == "codes" else ""
    if fld.kind == "codes":
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]
    if fld.kind == "date" and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        year, month, day = value.split("-")
        return f"{day}.{month}.{year}"
    if fld.kind == "amount" and isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", " ")
    if fld.kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return (f"{value:g}" if isinstance(value, float) else str(value)).replace(".", ",")
    if fld.kind == "yesno":
        if value is True or str(value).strip().lower() in ("ja", "true"):
            return "ja"
        if value is False or str(value).strip().lower() in ("nei", "false"):
            return "nei"
        return ""
    return str(value)


def clean(text: str, multiline: bool = False) -> str:
    """Typed text without control characters; one line unless the field holds several."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    return CONTROLS.sub("", text).strip()


class Unreadable(ValueError):
    """A typed value that is not yet what the field needs; ``key`` names the message."""

    def __init__(self, key: str, **values) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


MESSAGES = {
    "date": "Skriv datoen som dd.mm.åååå, for eksempel 15.09.2008.",
    "no-such-day": "Datoen finnes ikke. Skriv den som dd.mm.åååå, for eksempel 15.09.2008.",
    "amount": "Skriv beløpet i hele kroner, for eksempel 250 000.",
    "whole": "Skriv beløpet i hele kroner, uten øre.",
    "number": "Skriv et tall, for eksempel 7,5.",
    "number-dot": "Punktum er uklart her: skriv tusen som 1 000 og desimaler med komma, for eksempel 7,5.",
    "yesno": "Svar ja eller nei.",
    "too-long": "Teksten er for lang: høyst {grense} tegn (du skrev {antall}).",
}
#: A field the schema gives no length (the pattern-checked numbers, the edition's codes as people write
#: them) still takes no more than this: the checker and every page would otherwise show a paste of
#: half a megabyte wherever the value is named.
TEXT_LIMIT = 200
_NUMBER = re.compile(r"[-−–]?\d+(?:[.,]\d+)?")
_THOUSANDS_DOT = re.compile(r"[-−–]?\d{1,3}(?:\.\d{3})+")


def limit(fld: Field) -> int:
    """The most characters the field takes: the schema's ``maxLength``, else :data:`TEXT_LIMIT`."""
    return fld.max_length or TEXT_LIMIT


def parse(fld: Field, text: str):
    """The value the schema wants from what was typed (None for empty), or :class:`Unreadable`.

    Nothing is cut short: a text over the field's limit is refused with its length, so the
    person sees what to shorten (and, kept as typed beside the draft, loses nothing).
    """
    text = clean(text, fld.kind == "textarea")
    if not text:
        return None
    if len(text) > limit(fld) and fld.kind != "yesno":
        raise Unreadable("too-long", grense=limit(fld), antall=len(text))
    if fld.kind == "date":
        reading = read_date(text)
        if reading.value is None:
            raise Unreadable("no-such-day" if reading.problem == "no-such-day" else "date")
        return reading.value
    if fld.kind == "amount":
        try:
            return parse_amount(text)
        except AmountError as exc:
            raise Unreadable("whole" if exc.reason == "whole" else "amount") from None
    if fld.kind == "number":
        return _number(text)
    if fld.kind == "yesno":
        answer = {"ja": True, "nei": False}.get(text.lower())
        if answer is None:
            raise Unreadable("yesno")
        return answer
    return text


def _number(text: str) -> int | float:
    """A number as people write it: «7,5», «1 000», «-2,25», «6,5 %»; a dot before three digits is unclear.

    «1.000» is a thousand to some and one to others (the amounts read it as a thousand), so it is
    asked about rather than guessed; «6.5» can only be six and a half.
    """
    compact = text.replace(" ", "").replace("\u00a0", "").replace("\u202f", "").removesuffix("%")
    if _THOUSANDS_DOT.fullmatch(compact):
        raise Unreadable("number-dot")
    if not _NUMBER.fullmatch(compact):
        raise Unreadable("number")
    compact = compact.replace(",", ".").replace("−", "-").replace("–", "-")
    if "." in compact:
        return float(compact)
    return int(compact)


# -- one submitted step --------------------------------------------------------------------


@dataclass
class Submitted:
    """A step's form read into the draft: the new data and raw texts, and which list to grow or shrink."""

    data: dict
    raw: dict
    action: str = "lagre"


def _row_from_form(form, group: Group, prefix: str, raw: dict) -> object:
    """One record (or line) of a list as typed; unreadable values go to ``raw`` under their pointer."""
    if group.kind == "lines":
        text = str(form.get(prefix, ""))
        try:
            return parse(group.fields[0], text)
        except Unreadable:
            raw[prefix] = clean(text)
            return None
    row: dict = {}
    for fld in group.fields:
        name = pointer(prefix.lstrip("/"), *fld.path)
        if fld.kind == "codes":
            # Boxes ticked among the edition's codes. Only a hand-made request sends a code longer than
            # any code or more codes than the schema takes; those are not kept (nothing a person typed).
            values = [clean(str(v)) for v in form.getlist(name)]
            values = list(dict.fromkeys(v for v in values if v and len(v) <= TEXT_LIMIT))
            values = values[:fld.schema.get("maxItems") or TEXT_LIMIT]
            if values:
                row[fld.path[0]] = values
            continue
        try:
            value = parse(fld, str(form.get(name, "")))
        except Unreadable:
            raw[name] = clean(str(form.get(name, "")), fld.kind == "textarea")
            continue
        if value is not None:
            row[fld.path[0]] = value
    return row or None


def read_step(form, current: dict, current_raw: dict, stp: Step) -> Submitted:
    """The draft after this step's form: the step's own fields replaced, everything else kept as it was."""
    data = copy.deepcopy(current)
    raw = {k: v for k, v in current_raw.items() if not stp.owns(k)}
    action = str(form.get("handling", "lagre"))
    for group in stp.groups:
        if group.kind == "fields":
            for fld in group.fields:
                path = (*group.path, *fld.path)
                if fld.fixed:
                    continue
                name = pointer(*path)
                try:
                    value = parse(fld, str(form.get(name, "")))
                except Unreadable:
                    raw[name] = clean(str(form.get(name, "")), fld.kind == "textarea")
                    value = None
                put(data, path, value)
            continue
        try:
            count = min(int(str(form.get("antall" + group.pointer, "0"))), group.max_items or 100)
        except ValueError:
            count = 0
        rows, row_raws = [], []
        for i in range(max(count, 0)):
            row_raw: dict = {}
            row = _row_from_form(form, group, pointer(*group.path, i), row_raw)
            rows.append(row)
            row_raws.append(row_raw)
        if action.startswith("fjern:" + group.pointer + "/"):
            try:
                gone = int(action.rsplit("/", 1)[1])
                del rows[gone], row_raws[gone]
            except (ValueError, IndexError):
                pass
        kept = list(zip(rows, row_raws, strict=True))  # an empty row stays until removed: its findings say why
        if action == "legg-til:" + group.pointer and len(kept) < (group.max_items or 100):
            kept.append(({} if group.kind == "records" else "", {}))
        values = []
        for i, (row, row_raw) in enumerate(kept):
            values.append(row if row is not None else ({} if group.kind == "records" else ""))
            old = pointer(*group.path)
            for name, text in row_raw.items():
                rest = name[len(old) + 1:].split("/", 1)
                raw[pointer(*group.path, i) + ("/" + rest[1] if len(rest) > 1 else "")] = text
        put(data, group.path, values or None)
    return Submitted(data, raw, action)


def problems(raw: dict, lang_translate) -> dict[str, str]:
    """The message for each value kept as typed (by pointer), in the page's målform."""
    out = {}
    for name, text in raw.items():
        fld = field_at(name)
        if fld is None:
            continue
        try:
            parse(fld, text)
        except Unreadable as exc:
            out[name] = lang_translate(MESSAGES[exc.key], **exc.values)
    return out


def field_at(name: str) -> Field | None:
    """The field a pointer names (list indexes skipped)."""
    parts = tuple(p for p in name.strip("/").split("/") if not p.isdigit())
    for stp in steps():
        for group in stp.groups:
            for fld in group.fields:
                if (*group.path, *fld.path) == parts:
                    return fld
    return None


# -- what the register and the edition give ------------------------------------------------


def party_choices(lang: str) -> list[tuple[str, str]]:
    index = 1 if lang == "nn" else 0
    return [(key, names[index]) for key, names in PARTIES.items()]


def initial(municipality, programme, day) -> dict:
    """A new draft: the edition, the date, and the applicant as the register knows it on the round's date."""
    applicant = {"kommunenummer": municipality.number, "kommunenavn": municipality.short_name,
                 "fylke": municipality.county}
    if municipality.orgnr:
        applicant["organisasjonsnummer"] = municipality.orgnr
    return {"dokument": "søknad", "program": programme.id, "søknadsdato": day.isoformat(), "søker": applicant}


def edition_choices(programme, lang: str) -> dict[str, list[tuple[str, str]]]:
    """Sectors and themes the edition names (code, name in ``lang``), as ``kvkdocs init`` offers them."""
    from ..starter import _names

    rules = programme.rules
    sectors = ((rules["scope.sector"].params.get("sektorer") if "scope.sector" in rules else None)
               or programme.data.get("sektorer") or [])
    themes = list((rules["scope.theme"].params.get("tema") if "scope.theme" in rules else None) or [])
    goal_themes = themes + (["sykefravær"] if "goals.sick-leave" in rules and "sykefravær" not in themes else [])
    return {"sektorer": list(zip(sectors, _names(programme, sectors, lang), strict=True)),
            "tema": list(zip(themes, _names(programme, themes, lang), strict=True)),
            "mål-tema": list(zip(goal_themes, _names(programme, goal_themes, lang), strict=True))}


# -- a signed document read back, compared with what was entered ---------------------------------------


def _fields_with_values(data: dict, other: dict):
    """Every form field's pointer and Field, list rows counted in whichever of the two has more."""
    for stp in steps():
        for group in stp.groups:
            if group.kind == "fields":
                for fld in group.fields:
                    yield pointer(*group.path, *fld.path), fld, (*group.path, *fld.path)
                continue
            rows = [get(d, group.path) for d in (data, other)]
            count = max(len(r) if isinstance(r, list) else 0 for r in rows)
            for i in range(count):
                for fld in group.fields:
                    path = (*group.path, i, *fld.path)
                    yield pointer(*path), fld, path


def differences(entered: dict, read: dict) -> list[dict]:
    """The fields where the document read back says something else than was entered: pointer, entered, read.

    Values are compared as the form shows them (dates dd.mm.åååå, amounts with spaces), so
    ``250000`` and ``250 000`` are the same; a lines group's rows are compared as texts.
    """
    out = []
    for name, fld, path in _fields_with_values(entered, read):
        if fld.path and fld.path[0] in NOT_TYPED:
            continue
        mine, theirs = get(entered, path), get(read, path)
        if isinstance(mine, dict) or isinstance(theirs, dict):
            continue
        a, b = shown(fld, mine), shown(fld, theirs)
        if isinstance(a, list) or isinstance(b, list):
            a, b = ", ".join(a if isinstance(a, list) else [a]), ", ".join(b if isinstance(b, list) else [b])
        if str(a).strip() != str(b).strip():
            out.append({"pointer": name, "entered": str(a), "read": str(b)})
    return out
