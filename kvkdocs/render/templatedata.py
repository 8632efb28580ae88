"""The shape of the data a template is filled with, and the names a template's tags read from it.

A :class:`Shape` is built from the very contexts documents are rendered
from, so the names it knows are the names the renderer gives. The README
of a template folder lists them; the check walks a template's parsed tags
and names each value the data does not have, with the closest known name.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..messages import Text, choice

_JINJA_GLOBALS = {"range", "dict", "lipsum", "cycler", "joiner", "namespace", "true", "false", "none",
                  "True", "False", "None"}
_DICT_METHODS = {"items", "keys", "values", "get"}


class Located(Protocol):
    """A tag with a place in Word (see :class:`kvkdocs.render.wordtags.Tag`)."""

    place: Any


TYPE_NAMES = {"str": "tekst", "bool": "ja/nei", "int": "heltall", "float": "tall", "list": "liste", "dict": "gruppe"}


@dataclass
class Shape:
    """What a value in the data looks like: a group of named values, a list of items, or one value."""

    kind: str = "any"  # "dict", "list", "value" or "any" (not known: an empty list's items)
    keys: dict[str, Shape] = field(default_factory=dict)
    item: Shape | None = None
    type_name: str = ""
    example: Any = None

    @classmethod
    def of(cls, *values: Any) -> Shape:
        shape = cls()
        for value in values:
            shape.merge(value)
        return shape

    def merge(self, value: Any) -> None:
        if isinstance(value, dict):
            self.kind = "dict"
            for key, inner in value.items():
                self.keys.setdefault(key, Shape()).merge(inner)
        elif isinstance(value, list):
            self.kind = "list"
            self.item = self.item or Shape()
            if value and not self.example:
                self.example = len(value)
            for inner in value:
                self.item.merge(inner)
        else:
            self.kind = "value"
            if not self.type_name or (value not in (None, "", False) and self.example in (None, "", False)):
                self.type_name = TYPE_NAMES.get(type(value).__name__, "tekst")
                self.example = value

    def paths(self, prefix: str = "") -> list[str]:
        """Every name a tag may use, dotted (``avsender.navn``); a list's items under ``navn[]``."""
        return [path for path, _shape in self.walk(prefix)]

    def walk(self, prefix: str = "") -> list[tuple[str, Shape]]:
        """(name, shape) of every value inside, in the data's own order."""
        found = []
        for key, inner in self.keys.items():
            path = f"{prefix}{key}"
            found.append((path, inner))
            found.extend(inner._inside(path))
        return found

    def _inside(self, path: str) -> list[tuple[str, Shape]]:
        if self.kind == "dict":
            return self.walk(path + ".")
        if self.kind == "list" and self.item is not None and self.item.kind in ("dict", "list"):
            return self.item._inside(path + "[]")
        return []

    def describe_type(self) -> str:
        """The kind of value in words, for the README of a template folder."""
        if self.kind == "dict":
            return "gruppe"
        if self.kind == "list":
            inner = self.item or ANY
            return {"dict": "liste med grupper", "list": "liste med lister",
                    "value": f"liste med {inner.type_name or 'tekst'}"}.get(inner.kind, "liste")
        return self.type_name or "tekst"


ANY = Shape()



class Names:
    """Walks a parsed template; every name it reads must be in the data, every loop's items too."""

    def __init__(self, name: str, tags: list[Located], shape: Shape) -> None:
        self.name = name
        self.tags = tags
        self.shape = shape
        self.problems: list[Text] = []
        self._seen: set[tuple[str, int]] = set()

    def check(self, tree) -> list[Text]:
        self._visit(tree, {})
        return self.problems

    def _tag(self, node) -> Located | None:
        line = getattr(node, "lineno", 1) or 1
        return self.tags[min(line - 1, len(self.tags) - 1)] if self.tags else None

    def _visit(self, node, scope: dict[str, Shape]) -> None:
        from jinja2 import nodes

        if isinstance(node, nodes.For):
            self._visit(node.iter, scope)
            inner = dict(scope)
            item = self._shape(node.iter, scope)
            item = item.item if item.kind == "list" and item.item is not None else ANY
            self._bind(node.target, item, inner)
            inner["loop"] = ANY
            if node.test is not None:
                self._visit(node.test, inner)
            for child in node.body:
                self._visit(child, inner)
            for child in node.else_:
                self._visit(child, scope)
            return
        if isinstance(node, nodes.Assign | nodes.AssignBlock):
            if isinstance(node, nodes.Assign):
                self._visit(node.node, scope)
            else:
                for child in node.body:
                    self._visit(child, scope)
            self._bind(node.target, ANY, scope)
            return
        if isinstance(node, nodes.With):
            inner = dict(scope)
            for value in node.values:
                self._visit(value, scope)
            for target in node.targets:
                self._bind(target, ANY, inner)
            for child in node.body:
                self._visit(child, inner)
            return
        if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem):
            self._shape(node, scope)
            if isinstance(node, nodes.Getitem):
                self._visit(node.arg, scope)
            return
        for child in node.iter_child_nodes():
            self._visit(child, scope)

    def _bind(self, target, shape: Shape, scope: dict[str, Shape]) -> None:
        from jinja2 import nodes

        if isinstance(target, nodes.Name):
            scope[target.name] = shape
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self._bind(item, ANY, scope)

    def _shape(self, node, scope: dict[str, Shape]) -> Shape:
        """The shape a name, attribute or item has; a problem is noted where the data has no such value."""
        from jinja2 import nodes

        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in self.shape.keys:
                return self.shape.keys[node.name]
            if node.name not in _JINJA_GLOBALS:
                known = list(scope) + list(self.shape.keys)
                self._unknown(node, node.name, known)
            return ANY
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            root = node
            while isinstance(root, nodes.Getattr | nodes.Getitem):
                root = root.node
            path = _dotted(node)
            if (path and isinstance(root, nodes.Name) and root.name not in scope and root.name not in self.shape.keys
                    and root.name not in _JINJA_GLOBALS):  # an unknown group: name the whole path the tag wrote
                self._unknown(node, path, list(scope) + self.shape.paths())
                return ANY
            if isinstance(node, nodes.Getitem):
                if not isinstance(node.arg, nodes.Const):
                    self._shape(node.node, scope)
                    return ANY
                attr = node.arg.value
                if not isinstance(attr, str):  # a position in a list
                    base = self._shape(node.node, scope)
                    return base.item if base.kind == "list" and base.item else ANY
            else:
                attr = node.attr
            base = self._shape(node.node, scope)
            if base.kind != "dict":
                return ANY
            if attr in base.keys:
                return base.keys[attr]
            if attr not in _DICT_METHODS:
                path = _dotted(node.node)
                known = [f"{path}.{k}" for k in base.keys] if path else list(base.keys)
                self._unknown(node, f"{path}.{attr}" if path else attr, known)
            return ANY
        for child in node.iter_child_nodes():
            self._visit(child, scope)
        return ANY

    def _unknown(self, node, path: str, known: list[str]) -> None:
        tag = self._tag(node)
        key = (path, getattr(node, "lineno", 0))
        if key in self._seen:
            return
        self._seen.add(key)
        close = difflib.get_close_matches(path, known, n=1, cutoff=0.6)
        hint = Text("template.did-you-mean", {"name": close[0]}) if close else ""
        where = Text("template.at-place", {"place": tag.place.describe(path.rsplit(".", 1)[-1])}) if tag else ""
        self.problems.append(Text("template.unknown-value", {"name": self.name, "path": path, "where": where,
                                                             "hint": hint, "export": choice("templates-export")}))


def _dotted(node) -> str:
    from jinja2 import nodes

    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        base = _dotted(node.node)
        return f"{base}.{node.attr}" if base else ""
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
        base = _dotted(node.node)
        return f"{base}.{node.arg.value}" if base else ""
    return ""
