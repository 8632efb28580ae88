"""The rule table: every rule id, what it checks, and the function that checks it.

Rule ids are stable public names (see the rule catalogue). Rules that JSON
Schema expresses have no function, or a function for the part the schema
cannot say; the schema names them with ``x-kvk-rule``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..findings import Severity
from ..messages import Text


class Hit(NamedTuple):
    """A rule function's raw finding: where, what (a message key and its values, put into a
    målform by the checker), and its own severity.

    ``severity`` is ``None`` for the edition's severity of the rule. A rule sets
    it where one failure weighs differently from the rule's others (a 2011
    project with no end date is a warning, one that ends too late an error).
    """

    pointer: str
    text: Text
    severity: Severity | None = None


class _NotApplicable:
    def __repr__(self) -> str:
        return "NOT_APPLICABLE"


NOT_APPLICABLE: Any = _NotApplicable()


@dataclass
class RuleContext:
    """What a rule function may look at besides the application itself.

    There is no målform here on purpose: a rule says what it found as a :class:`Text`
    (:meth:`msg`), and the checker puts it into bokmål or nynorsk, so one run serves both.
    """

    params: dict[str, Any]
    programme: Any
    register: Any
    deadline: dt.date | None = None

    def msg(self, key: str, **values: Any) -> Text:
        return Text(key, values)


CheckFn = Callable[[dict, RuleContext], "Iterable[Hit] | _NotApplicable"]


@dataclass(frozen=True)
class Rule:
    id: str
    group: str
    severity: Severity
    summary: dict[str, str]
    check: CheckFn | None = field(default=None, compare=False)
    in_schema: bool = False

    def describe(self, lang: str = "nb") -> str:
        return self.summary.get(lang) or self.summary["nb"]


RULES: dict[str, Rule] = {}


def register_rule(rule_id: str, group: str, severity: str, nb: str, nn: str, *, in_schema: bool = False):
    """Add a rule to the table: ``register_rule(...)(fn)`` after the function, or ``(None)`` for a schema-only rule.

    It still works as a decorator, but the rule modules call it instead: mutmut
    leaves decorated functions unmutated, and the rule bodies are what most
    needs its mutants.
    """

    def add(fn: CheckFn | None) -> CheckFn | None:
        RULES[rule_id] = Rule(rule_id, group, Severity(severity), {"nb": nb, "nn": nn}, fn, in_schema)
        return fn

    return add
