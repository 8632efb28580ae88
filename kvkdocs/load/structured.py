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
import os
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import LoadError
from ..findings import Location
from ..messages import Text
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
_NUMBER_STARTS = frozenset("+-.0123456789")  # every text _INT or _FLOAT matches starts with one of these
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
#: A plain ``~`` or ``null`` means «nothing» even where the schema wants text: read as the word, a rejection
#: letter would give the reason «null». (An empty value stays the empty text, which the schema judges.)
_NAMED_NULLS = _NULLS - {""}
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
        raise _refuse(event, Text("yaml.tag", {"tag": event.tag}), Text("hint.tag-plain"))
    if not event.implicit[0] or event.style or (text_key and value not in _NAMED_NULLS):
        # Quoted, explicitly tagged, or a key the schema says is text.
        if event.tag and event.tag != "tag:yaml.org,2002:str" and not event.implicit[0]:
            raise _refuse(event, Text("yaml.tag", {"tag": event.tag}), Text("hint.tag"))
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


def _refuse(event: Any, what: Text, hint: Text) -> LoadError:
    line = event.start_mark.line + 1 if getattr(event, "start_mark", None) else None
    said = Text("load.at-line", {"line": line, "what": what}) if line else Text("load.what", {"what": what})
    return LoadError(said, hint, line=line)


class _Builder:
    """Turns libyaml events into dicts, lists and scalars, keeping lines by pointer.

    This loop is most of the time it takes to check a YAML file, so it is
    written for speed: one pass over the parser's events with everything in
    local names, the common case (a plain key or scalar) tested first, and
    each key's escaped pointer segment made once. The rules it enforces are
    those in the module docstring, in the same order as the events arrive.
    """

    def __init__(self) -> None:
        self.lines: dict[str, int] = {}
        self._text_keys = text_keys()

    def build(self, loader: Any) -> Any:
        lines, text_keys_ = self.lines, self._text_keys
        get_event = loader.get_event
        scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        skipped = (yaml.StreamStartEvent, yaml.DocumentEndEvent)
        nulls, bools, standard_tags, is_int, is_float = _NULLS, _BOOLS, _STANDARD_TAGS, _INT.match, _FLOAT.match
        named_nulls = _NAMED_NULLS
        normalize, isfinite = unicodedata.normalize, math.isfinite
        number_starts = _NUMBER_STARTS
        # The open container and its state live in local names; the containers around it wait on ``stack``.
        container: Any = None  # None: at the top, nothing open yet
        pointer = ""
        key: str | None = None  # in a mapping: the key whose value comes next
        key_line = 0
        escaped = ""  # that key as a JSON pointer segment
        seen: dict[str, int] = {}  # the mapping's keys and their lines
        in_mapping = False
        stack: list[tuple] = []
        root: Any = None
        done = False
        while True:
            event = get_event()
            etype = type(event)
            if etype is scalar_event:
                if event.anchor is not None:
                    raise _refuse(event, Text("yaml.anchors"), Text("hint.write-out"))
                if in_mapping and key is None:
                    key = normalize("NFC", event.value)
                    key_line = event.start_mark.line + 1
                    if key == "<<":
                        raise _refuse(event, Text("yaml.merge"), Text("hint.merge"))
                    if key in seen:
                        raise _refuse(event, Text("yaml.twice", {"key": key, "line": seen[key]}), Text("hint.one-value"))
                    seen[key] = key_line
                    escaped = _escape(key) if "~" in key or "/" in key else key
                    continue
                value = event.value
                tag = event.tag
                if tag and tag not in standard_tags and tag != "!":
                    raise _refuse(event, Text("yaml.tag", {"tag": tag}), Text("hint.tag-plain"))
                implicit = event.implicit[0]
                if not implicit or event.style or (key in text_keys_ and value not in named_nulls):
                    # Quoted, explicitly tagged, or a key the schema says is text.
                    if tag and tag != "tag:yaml.org,2002:str" and not implicit:
                        raise _refuse(event, Text("yaml.tag", {"tag": tag}), Text("hint.tag"))
                    value = normalize("NFC", value)
                elif value in nulls:
                    value = None
                elif value in bools:
                    value = bools[value]
                elif value[0] not in number_starts:  # most plain scalars are words: no number test
                    value = normalize("NFC", value)
                elif is_int(value):
                    if len(value) <= 30:  # absurdly long numbers stay text and fail the schema
                        value = int(value)
                elif is_float(value):
                    number = float(value)
                    if isfinite(number):
                        value = number
                else:
                    value = normalize("NFC", value)
                if in_mapping:
                    lines[f"{pointer}/{escaped}"] = key_line
                    container[key] = value
                    key = None
                elif container is not None:
                    lines[f"{pointer}/{len(container)}"] = event.start_mark.line + 1
                    container.append(value)
                else:
                    lines[""] = event.start_mark.line + 1
                    root, done = value, True
            elif etype in ends:
                finished = container
                container, pointer, key, key_line, escaped, seen, in_mapping = stack.pop()
                if in_mapping:
                    container[key] = finished
                    key = None
                elif container is not None:
                    container.append(finished)
                else:
                    root, done = finished, True
            elif etype is mapping_start or etype is sequence_start:
                if event.anchor is not None:
                    raise _refuse(event, Text("yaml.anchors"), Text("hint.write-out"))
                if in_mapping and key is None:
                    raise _refuse(event, Text("yaml.key-plain"), Text("hint.key-plain"))
                if event.tag and event.tag not in standard_tags and event.tag != "!":
                    raise _refuse(event, Text("yaml.tag", {"tag": event.tag}), Text("hint.tag"))
                if len(stack) >= MAX_DEPTH:
                    raise _refuse(event, Text("yaml.deep", {"limit": MAX_DEPTH}), Text("hint.deep"))
                stack.append((container, pointer, key, key_line, escaped, seen, in_mapping))
                if in_mapping:
                    pointer = f"{pointer}/{escaped}"
                    lines[pointer] = key_line
                elif container is not None:
                    pointer = f"{pointer}/{len(container)}"
                    lines[pointer] = event.start_mark.line + 1
                else:
                    lines[pointer] = event.start_mark.line + 1
                in_mapping = etype is mapping_start
                container, key, seen = ({} if in_mapping else []), None, {}
            elif etype is yaml.AliasEvent:
                raise _refuse(event, Text("yaml.anchors"), Text("hint.write-out"))
            elif etype is yaml.DocumentStartEvent:
                if done:
                    raise _refuse(event, Text("yaml.documents"), Text("hint.documents"))
            elif etype in skipped:
                continue
            else:  # the stream's end (libyaml then has no more events)
                return root


def _decode(raw: bytes, path: Path) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LoadError(Text("load.not-utf8", {"at": exc.start}), Text("hint.utf8")) from exc


def read_bytes(path: Path, limit: int = MAX_BYTES, fd: int | None = None) -> bytes:
    """The file's bytes, refusing files over ``limit`` before reading them.

    ``fd``, when the caller has the file open already, is read instead of
    opening it again (one open and one stat less per file of a batch).
    """
    size = (os.fstat(fd) if fd is not None else path.stat()).st_size
    if size > limit:
        raise LoadError(Text("load.too-big", {"size": f"{size / 1024 / 1024:.1f}", "limit": limit // 1024 // 1024}),
                        Text("hint.too-big"))
    if size == 0:
        raise LoadError(Text("load.empty"), Text("hint.send-in-again"))
    if fd is None:
        return path.read_bytes()
    chunks = []
    while chunk := os.read(fd, max(size + 1, 65536)):
        chunks.append(chunk)
    return b"".join(chunks)


def parse_yaml(text: str) -> tuple[Any, dict[str, int]]:
    """Data and pointer→line map from YAML text; raises LoadError."""
    builder = _Builder()
    try:
        data = builder.build(_Loader(text))
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        problem = yaml_problem(exc.problem or exc.context or "")
        raise LoadError(Text("load.yaml", {"line": line, "problem": problem}), Text("hint.yaml"), line=line) from exc
    except yaml.reader.ReaderError as exc:
        code = ord(exc.character) if isinstance(exc.character, str) else int(exc.character or 0)
        raise LoadError(Text("load.yaml-char", {"code": f"{code:04X}", "position": exc.position + 1}),
                        Text("hint.yaml-char")) from exc
    except yaml.YAMLError as exc:
        raise LoadError(Text("load.yaml-other", {"name": type(exc).__name__}), Text("hint.text-editor")) from exc
    return data, builder.lines


def _json_hook(pairs: list[tuple[str, Any]]) -> dict:
    result: dict[str, Any] = {}
    for key, value in pairs:
        key = unicodedata.normalize("NFC", key)
        if key in result:
            raise LoadError(Text("load.json-twice", {"key": key}), Text("hint.one-value"))
        result[key] = unicodedata.normalize("NFC", value) if isinstance(value, str) else value
    return result


def _no_constant(name: str) -> Any:
    raise LoadError(Text("load.json-constant", {"name": name}), Text("hint.plain-number"))


def parse_json(text: str) -> Any:
    """Data from JSON text, strictly; raises LoadError."""
    try:
        data = json.loads(text, object_pairs_hook=_json_hook, parse_constant=_no_constant)
        # Lone surrogates ("\ud800") pass json.loads but break every writer later.
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except json.JSONDecodeError as exc:
        raise LoadError(Text("load.json", {"line": exc.lineno, "problem": json_problem(exc.msg)}), Text("hint.json"),
                        line=exc.lineno) from exc
    except RecursionError as exc:
        raise LoadError(Text("load.json-deep"), Text("hint.few-levels")) from exc
    except UnicodeEncodeError as exc:
        raise LoadError(Text("load.surrogates"), Text("hint.surrogates")) from exc
    except ValueError as exc:  # int too large and similar
        raise LoadError(Text("load.json-value", {"problem": json_problem(str(exc))}), Text("hint.numbers")) from exc
    if _depth(data) > MAX_DEPTH:
        raise LoadError(Text("load.deep", {"limit": MAX_DEPTH}), Text("hint.few-levels"))
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


def load_structured(path: Path, fd: int | None = None) -> tuple[Any, Any]:
    """Data and a locator for a .yaml, .yml or .json file (read from ``fd`` if it is open already)."""
    text = _decode(read_bytes(path, fd=fd), path)
    if path.suffix.lower() == ".json":
        return parse_json(text), _json_locator(str(path), text)
    data, lines = parse_yaml(text)
    return data, _line_locator(str(path), lines)
