"""JSON Schema validation that is fast when data is valid and clear when not.

Most files in a round are valid, so a validator compiled once by
``jsonschema-rs`` answers *valid?* in microseconds. Only for invalid data do
we ask ``jsonschema`` (imported then, not at start-up) for its rich errors,
and turn each into a :class:`SchemaIssue`: the JSON pointer, the rule id the
schema names for that spot (``x-kvk-rule``, else ``input.schema``), and a
sentence that uses the field's Norwegian title instead of the raw key.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import jsonschema_rs

from .messages import Forms, Text, Word, render, word

SCHEMA_RULE = "input.schema"


@dataclass(frozen=True)
class SchemaIssue:
    """One thing the schema says is wrong: ``text`` is it as a message key and values,
    ``message`` in the målform :meth:`SchemaValidator.iter_issues` was asked for."""

    pointer: str
    rule: str
    text: Text
    keyword: str
    lang: str = "nb"

    @property
    def message(self) -> str:
        return render(self.text, self.lang)


@dataclass(frozen=True)
class Respelling:
    """A key that is not in the schema but close to one that is (``styringsgrupe``).

    ``fixed`` is true when the known key was absent, so the checker reads the
    value under its right name: one finding names the slip, instead of a
    cascade of findings about a part that seems to be missing.
    """

    pointer: str  # where the misspelled key stands, e.g. /styringsgrupe
    wrong: str
    right: str
    field: Forms  # the title of the object it stands in
    fixed: bool


def closest_key(name: str, known: Any) -> str | None:
    """The known key ``name`` was most likely meant to be, if any is close enough."""
    known = [k for k in known if isinstance(k, str)]
    by_fold = {k.casefold(): k for k in known}
    if name.casefold() in by_fold:
        return by_fold[name.casefold()]
    match = difflib.get_close_matches(name.casefold(), list(by_fold), n=1, cutoff=0.8)
    return by_fold[match[0]] if match else None


def pointer_of(parts: Any) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


class SchemaValidator:
    """One schema, compiled once; ``iter_issues`` for any number of documents."""

    def __init__(self, schema: dict) -> None:
        self.schema = schema
        self._defs = schema.get("$defs", {})
        self._fast = jsonschema_rs.validator_for(schema, validate_formats=True)
        self._slow: Any = None

    def is_valid(self, data: Any) -> bool:
        try:
            return self._fast.is_valid(data)
        except (ValueError, OverflowError, TypeError):
            return False  # data the Rust side cannot hold; let jsonschema explain

    def iter_issues(self, data: Any, lang: str = "nb") -> Iterator[SchemaIssue]:
        if self.is_valid(data):
            return
        seen = set()
        for error in sorted(self._slow_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
            for issue in self._explain(error, lang):
                said = (issue.pointer, repr(issue.text))
                if said not in seen:  # e.g. minLength and pattern on one empty text
                    seen.add(said)
                    yield issue

    def respell(self, data: Any, lang: str = "nb") -> tuple[Any, list[Respelling]]:
        """``data`` with misspelled keys put right where that is safe, and what was found.

        The input is never changed: a copy is made only when a key is renamed.
        """
        found: list[Respelling] = []
        if self.is_valid(data):
            return data, found  # valid data has no unknown keys (every object is closed): the usual case, fast
        fixed = self._respell(data, self._resolve(self.schema), [], found, lang)
        return fixed, found

    def _respell(self, data: Any, node: dict, path: list, found: list[Respelling], lang: str) -> Any:
        if isinstance(data, list):
            items = self._resolve(node.get("items", {}))
            new = [self._respell(v, items, path + [i], found, lang) for i, v in enumerate(data)]
            return new if any(a is not b for a, b in zip(new, data, strict=True)) else data
        if not isinstance(data, dict) or not isinstance(node.get("properties"), dict):
            return data
        known = node["properties"]
        out, changed = {}, False
        for key, value in data.items():
            name = key
            if node.get("additionalProperties") is False and key not in known and isinstance(key, str):
                right = closest_key(key, known)
                if right is not None:
                    fixed = right not in data
                    title = self._title(node, _DOCUMENT)
                    found.append(Respelling(pointer_of(path + [key]), key, right, title, fixed))
                    if fixed:
                        name, changed = right, True
            child = self._respell(value, self._resolve(known.get(name, {})), path + [name], found, lang)
            changed = changed or child is not value
            out[name] = child
        return out if changed else data

    def _slow_validator(self) -> Any:
        if self._slow is None:
            from jsonschema import Draft202012Validator

            self._slow = Draft202012Validator(self.schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        return self._slow

    # -- turning jsonschema errors into our issues -----------------------------------

    def _resolve(self, sub: Any) -> dict:
        while isinstance(sub, dict) and "$ref" in sub:
            merged = {k: v for k, v in sub.items() if k != "$ref"}
            target = self._defs.get(sub["$ref"].rsplit("/", 1)[-1], {})
            sub = {**target, **merged}
        return sub if isinstance(sub, dict) else {}

    def _walk(self, path: list) -> tuple[dict, str | None]:
        """The subschema at an instance path, and the nearest rule annotation on the way."""
        node = self._resolve(self.schema)
        rule = node.get("x-kvk-rule")
        for part in path:
            if isinstance(part, int):
                # A list's rule covers the list, not every field of its items.
                node, rule = self._resolve(node.get("items", {})), None
            else:
                node = self._resolve((node.get("properties") or {}).get(part, {}))
            rule = node.get("x-kvk-rule", rule)
        return node, rule

    def _title(self, node: dict, fallback: str | Forms) -> Forms:
        """A field's title in both målformer (the schema's ``title`` and ``x-title-nn``)."""
        title = node.get("title")
        if not title:
            return fallback if isinstance(fallback, Forms) else Forms(fallback, fallback)
        return Forms(title, node.get("x-title-nn") or title)

    def _explain(self, error: Any, lang: str) -> Iterator[SchemaIssue]:
        path = list(error.absolute_path)
        node, rule = self._walk(path)
        field = self._title(node, str(path[-1]) if path else _DOCUMENT)
        keyword = error.validator
        pointer = pointer_of(path)
        if keyword == "required":
            for name in [n for n in error.validator_value if isinstance(error.instance, dict) and n not in error.instance]:
                child, child_rule = self._walk(path + [name])
                text = Text("schema.required", {"field": _cap(self._title(child, name))})
                yield SchemaIssue(pointer_of(path + [name]), child_rule or rule or SCHEMA_RULE, text, keyword, lang)
            return
        if keyword == "additionalProperties":
            known = ", ".join(sorted((node.get("properties") or {}).keys()))
            for name in sorted(set(error.instance) - set(node.get("properties") or {})):
                right = closest_key(name, node.get("properties") or {})
                text = (Text("schema.unknown-field-close", {"name": name, "field": field, "right": right}) if right
                        else Text("schema.unknown-field", {"name": name, "field": field, "known": known}))
                yield SchemaIssue(pointer_of(path + [name]), SCHEMA_RULE, text, keyword, lang)
            return
        yield SchemaIssue(pointer, rule or SCHEMA_RULE, self._sentence(error, node, field), keyword, lang)

    def _sentence(self, error: Any, node: dict, field: Forms) -> Text:
        keyword, limit, value = error.validator, error.validator_value, error.instance
        field = _cap(field)
        shown = _show(value)
        form = node.get("x-kvk-form")
        if keyword in ("minLength", "pattern", "format") and isinstance(value, str) and not value.strip():
            return Text("schema.empty", {"field": field})
        if keyword == "type" and value is None:  # «~» or «null»: nothing written
            return Text("schema.empty", {"field": field})
        if keyword in ("pattern", "format") or (keyword == "type" and form in ("kommunenummer", "orgnr")):
            if form in ("dato", "kommunenummer", "epost", "orgnr"):
                return Text("schema.form." + form, {"field": field, "value": shown})
        if keyword == "type":
            expected = limit if isinstance(limit, str) else limit[0]
            return Text("schema.type", {"field": field, "expected": Word(expected), "found": Word(_json_type(value))})
        if keyword in ("minLength", "pattern") and isinstance(value, str) and not value.strip():
            return Text("schema.empty", {"field": field})
        simple = {
            "minItems": "schema.too-few", "maxItems": "schema.too-many", "maxLength": "schema.too-long",
            "minimum": "schema.minimum", "exclusiveMinimum": "schema.exclusive-minimum", "maximum": "schema.maximum",
        }
        if keyword in simple:
            return Text(simple[keyword], {"field": field, "limit": limit, "value": shown})
        if keyword == "enum":
            return Text("schema.enum", {"field": field, "choices": ", ".join(f"«{c}»" for c in limit), "value": shown})
        if keyword == "const":
            return Text("schema.const", {"field": field, "expected": limit})
        return Text("schema.other", {"field": field, "detail": error.message[:300]})


#: «dokumentet», the title of a value that stands at the top of a document.
_DOCUMENT = Forms(word("document", "nb"), word("document", "nn"))


def _cap(field: Forms) -> Forms:
    return Forms(field.nb[:1].upper() + field.nb[1:], field.nn[:1].upper() + field.nn[1:])


def _show(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
