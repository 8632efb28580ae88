"""Every sentence exists in bokmål and nynorsk, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from kvkdocs.messages import MESSAGES, WORDS, kroner
from kvkdocs.rules import RULES


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_message_in_both_forms(key):
    forms = MESSAGES[key]
    assert set(forms) == {"nb", "nn"}
    assert _fields(forms["nb"]) == _fields(forms["nn"])


def test_words_and_rule_summaries_in_both_forms():
    assert all(set(forms) == {"nb", "nn"} for forms in WORDS.values())
    assert all(set(rule.summary) == {"nb", "nn"} and all(rule.summary.values()) for rule in RULES.values())


def test_kroner_uses_norwegian_grouping():
    assert kroner(300000) == "300\u00a0000"
    assert kroner(10_000_000) == "10\u00a0000\u00a0000"
