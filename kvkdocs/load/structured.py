"""Safe reading of YAML and JSON applications.

PyYAML's defaults are wrong for untrusted forms: aliases expand without
limit, duplicate keys silently keep the last value, YAML 1.1 turns ``NO``
into False and ``0150`` into 104, and the C composer recurses without a
depth check (deep nesting crashes the process). So we read libyaml's *event
stream* (iterative, fast) and build plain values ourselves:

* aliases, anchors' reuse, merge keys and non-standard tags are refused;
* duplicate keys are refused, with both lines;
* plain scalars follow YAML 1.2's core schema (only ``true``/``false`` are
  booleans; ``0150`` and ``12:30`` stay text), and under keys that the
  schemas declare as text (``kommunenummer``...) they are always text;
* nesting is capped, and so is the file size.

Each value's line is kept by JSON pointer, so findings can say where.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import LoadError
from ..findings import Location
from ..resources import load_schema
from .library_texts import json_problem, yaml_problem

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40

_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_STANDARD_TAGS = frozenset(
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "map", "seq")
)


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


@cache
def text_keys() -> frozenset[str]:
    """Keys whose value the schemas always declare as text.

    A plain ``kommunenummer: 0219`` or ``1445`` must stay the text the user
    typed; asking the schemas keeps this list in step with them.
    """
    seen: dict[str, set[str]] = {}

    def walk(node: Any, defs: dict) -> None:
        if isinstance(node, dict):
            for name, sub in (node.get("properties") or {}).items():
                target = sub
                if isinstance(sub, dict) and "$ref" in sub:
                    target = defs.get(sub["$ref"].rsplit("/", 1)[-1], {})
                seen.setdefault(name, set()).add(str(target.get("type")))
            for value in node.values():
                walk(value, defs)
        elif isinstance(node, list):
            for value in node:
                walk(value, defs)

    for name in ("soknad", "mote"):
        schema = load_schema(name)
        walk(schema, schema.get("$defs", {}))
    return frozenset(k for k, types in seen.items() if types == {"string"})


def _scalar(event: yaml.ScalarEvent, text_key: bool) -> Any:
    value = event.value
    if event.tag and event.tag not in _STANDARD_TAGS and event.tag != "!":
        raise _refuse(event, f"taggen «{event.tag}» er ikke tillatt", "Fjern taggen; skriv verdien som vanlig tekst eller tall.")
    if not event.implicit[0] or event.style or text_key:
        # Quoted, explicitly tagged, or a key the schema says is text.
        if event.tag and event.tag != "tag:yaml.org,2002:str" and not event.implicit[0]:
            raise _refuse(event, f"taggen «{event.tag}» er ikke tillatt", "Fjern taggen.")
        return unicodedata.normalize("NFC", value)
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT.match(value):
        if len(value) > 30:
            return value  # absurdly long numbers stay text and fail the schema
        return int(value)
    if _FLOAT.match(value):
        number = float(value)
        return number if math.isfinite(number) else value
    return unicodedata.normalize("NFC", value)


def _refuse(event: Any, what: str, hint: str) -> LoadError:
    line = event.start_mark.line + 1 if getattr(event, "start_mark", None) else None
    return LoadError(f"Linje {line}: {what}." if line else f"{what}.", hint, line=line)


class _Builder:
    """Turns libyaml events into dicts, lists and scalars, keeping lines by pointer."""

    def __init__(self) -> None:
        self.lines: dict[str, int] = {}
        self._text_keys = text_keys()

    def build(self, events: Any) -> Any:
        stack: list[list] = []  # [container, pointer, pending_key, key_line, keys_seen]
        root: Any = None
        done = False
        for event in events:
            etype = type(event)
            if etype in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent):
                continue
            if etype is yaml.DocumentStartEvent:
                if done:
                    raise _refuse(event, "filen inneholder mer enn ett YAML-dokument", "Behold bare ett dokument; fjern linjer med «---» midt i filen.")
                continue
            if etype is yaml.AliasEvent or getattr(event, "anchor", None):
                raise _refuse(event, "ankere og aliaser (& og *) er ikke tillatt", "Skriv verdien ut på hvert sted den trengs.")
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None and etype is not yaml.MappingEndEvent:
                self._take_key(stack[-1], event)
                continue
            if etype is yaml.ScalarEvent:
                value = _scalar(event, bool(stack) and stack[-1][2] in self._text_keys)
                pointer = self._child_pointer(stack)
                self.lines[pointer] = self._line(stack, event)
                if not stack:
                    root, done = value, True
                else:
                    self._add(stack[-1], value)
            elif etype in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
                if event.tag and event.tag not in _STANDARD_TAGS and event.tag != "!":
                    raise _refuse(event, f"taggen «{event.tag}» er ikke tillatt", "Fjern taggen.")
                if len(stack) >= MAX_DEPTH:
                    raise _refuse(event, f"strukturen er nestet dypere enn {MAX_DEPTH} nivåer", "En søknad trenger bare noen få nivåer; rett opp innrykket.")
                pointer = self._child_pointer(stack)
                self.lines[pointer] = self._line(stack, event)
                container: Any = {} if etype is yaml.MappingStartEvent else []
                stack.append([container, pointer, None, 0, {}])
            elif etype in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                container = stack.pop()[0]
                if not stack:
                    root, done = container, True
                else:
                    self._add(stack[-1], container)
        return root

    @staticmethod
    def _line(stack: list[list], event: Any) -> int:
        """A mapping value's line is its key's line: that is where a reader looks."""
        if stack and isinstance(stack[-1][0], dict):
            return stack[-1][3]
        return event.start_mark.line + 1

    @staticmethod
    def _child_pointer(stack: list[list]) -> str:
        if not stack:
            return ""
        top = stack[-1]
        if isinstance(top[0], dict):
            return f"{top[1]}/{_escape(top[2])}"
        return f"{top[1]}/{len(top[0])}"

    @staticmethod
    def _add(frame: list, value: Any) -> None:
        if isinstance(frame[0], dict):
            frame[0][frame[2]] = value
            frame[2] = None
        else:
            frame[0].append(value)

    def _take_key(self, frame: list, event: Any) -> None:
        if type(event) is not yaml.ScalarEvent:
            raise _refuse(event, "en nøkkel må være vanlig tekst", "Skriv nøkkelen som et ord etterfulgt av kolon.")
        key = unicodedata.normalize("NFC", event.value)
        line = event.start_mark.line + 1
        if key == "<<":
            raise _refuse(event, "flettenøkler («<<») er ikke tillatt", "Skriv feltene ut der de hører hjemme.")
        if key in frame[4]:
            raise _refuse(event, f"feltet «{key}» står to ganger (også på linje {frame[4][key]})",
                          "Slett den ene; bare én verdi kan gjelde.")
        frame[4][key] = line
        frame[2], frame[3] = key, line


def _decode(raw: bytes, path: Path) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LoadError(
            f"Filen er ikke gyldig UTF-8 (feil ved byte {exc.start}).",
            "Lagre filen på nytt med tegnkoding UTF-8.",
        ) from exc


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes, refusing files over ``limit`` before reading them."""
    size = path.stat().st_size
    if size > limit:
        raise LoadError(
            f"Filen er på {size / 1024 / 1024:.1f} MB; grensen for denne filtypen er {limit // 1024 // 1024} MB.",
            "En søknad er sjelden over noen hundre kB. Sjekk at det er riktig fil.",
        )
    if size == 0:
        raise LoadError("Filen er tom.", "Send inn søknaden på nytt.")
    return path.read_bytes()


def parse_yaml(text: str) -> tuple[Any, dict[str, int]]:
    """Data and pointer→line map from YAML text; raises LoadError."""
    builder = _Builder()
    try:
        data = builder.build(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        problem = yaml_problem(exc.problem or exc.context or "")
        raise LoadError(
            f"Linje {line}: YAML-filen kan ikke tolkes: {problem}.",
            "Sjekk innrykk, kolon og anførselstegn rundt linjen.",
            line=line,
        ) from exc
    except yaml.reader.ReaderError as exc:
        code = ord(exc.character) if isinstance(exc.character, str) else int(exc.character or 0)
        raise LoadError(f"Filen inneholder et tegn YAML ikke tillater (U+{code:04X}, tegn nummer {exc.position + 1}).",
                        "Fjern kontrolltegn og andre usynlige tegn, og lagre filen på nytt.") from exc
    except yaml.YAMLError as exc:
        raise LoadError(f"YAML-filen kan ikke tolkes ({type(exc).__name__}).", "Sjekk filen i et tekstprogram.") from exc
    return data, builder.lines


def _json_hook(pairs: list[tuple[str, Any]]) -> dict:
    result: dict[str, Any] = {}
    for key, value in pairs:
        key = unicodedata.normalize("NFC", key)
        if key in result:
            raise LoadError(f"Feltet «{key}» står to ganger i samme objekt.", "Slett den ene; bare én verdi kan gjelde.")
        result[key] = unicodedata.normalize("NFC", value) if isinstance(value, str) else value
    return result


def _no_constant(name: str) -> Any:
    raise LoadError(f"Verdien {name} er ikke et tall JSON tillater.", "Skriv et vanlig tall.")


def parse_json(text: str) -> Any:
    """Data from JSON text, strictly; raises LoadError."""
    try:
        data = json.loads(text, object_pairs_hook=_json_hook, parse_constant=_no_constant)
        # Lone surrogates ("\ud800") pass json.loads but break every writer later.
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except json.JSONDecodeError as exc:
        raise LoadError(f"Linje {exc.lineno}: JSON-filen kan ikke tolkes: {json_problem(exc.msg)}.",
                        "Sjekk komma, klammer og anførselstegn rundt linjen.", line=exc.lineno) from exc
    except RecursionError as exc:
        raise LoadError("JSON-filen er nestet altfor dypt.", "En søknad trenger bare noen få nivåer.") from exc
    except UnicodeEncodeError as exc:
        raise LoadError("Filen inneholder ugyldige tegn (enslige surrogater).", "Fjern de ødelagte tegnene og lagre på nytt.") from exc
    except ValueError as exc:  # int too large and similar
        raise LoadError(f"JSON-filen kan ikke tolkes: {json_problem(str(exc))}.", "Sjekk tallene i filen.") from exc
    if _depth(data) > MAX_DEPTH:
        raise LoadError(f"Strukturen er nestet dypere enn {MAX_DEPTH} nivåer.", "En søknad trenger bare noen få nivåer.")
    return data


def _depth(value: Any) -> int:
    todo, deepest = [(value, 1)], 0
    while todo:
        item, depth = todo.pop()
        deepest = max(deepest, depth)
        if isinstance(item, dict):
            todo.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            todo.extend((v, depth + 1) for v in item)
    return deepest


def _line_locator(path: str, lines: dict[str, int]):
    def locate(pointer: str) -> Location:
        probe = pointer
        while probe not in lines and probe:
            probe = probe.rsplit("/", 1)[0]
        return Location(file=path, pointer=pointer, line=lines.get(probe))

    return locate


def _json_locator(path: str, text: str):
    """Lines for JSON are found only when a finding needs one: JSON is YAML."""
    cached: dict[str, dict[str, int]] = {}

    def locate(pointer: str) -> Location:
        if "lines" not in cached:
            try:
                cached["lines"] = parse_yaml(text)[1]
            except LoadError:
                cached["lines"] = {}
        return _line_locator(path, cached["lines"])(pointer)

    return locate


def load_structured(path: Path) -> tuple[Any, Any]:
    """Data and a locator for a .yaml, .yml or .json file."""
    text = _decode(read_bytes(path), path)
    if path.suffix.lower() == ".json":
        return parse_json(text), _json_locator(str(path), text)
    data, lines = parse_yaml(text)
    return data, _line_locator(str(path), lines)
