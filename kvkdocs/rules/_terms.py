"""Sectors and themes as people write them, mapped to the edition's codes.

Applications say «helse og omsorg», «Pleie- og omsorg», «sjukefråvær» or
«oppvekst» where the edition's parameters say ``pleie-og-omsorg``,
``sykefravær`` and ``oppvekst``. The edition file holds the table
(``koder``: each code with its bokmål and nynorsk name and the other words
that mean it), so a new word is a data change. Messages print a code's name
in the reader's målform, never the code.
"""

from __future__ import annotations

import re
from typing import Any

from .. import docmodel
from ..messages import Forms, Words


def norm(text: str) -> str:
    """Case, hyphens, slashes and spacing do not matter: «Pleie- og omsorg» = «pleie og omsorg»."""
    return " ".join(re.sub(r"[-/–]", " ", text).split()).casefold()


class Terms:
    """An edition's vocabulary: ``code_of`` reads a word, ``name`` writes a code.

    Use :meth:`of`: a table is built once per edition, not once per rule and application.
    """

    _built: dict[int, tuple[Any, Terms]] = {}

    @classmethod
    def of(cls, programme: Any) -> Terms:
        data = programme.data if programme is not None else None
        kept = cls._built.get(id(data))
        if kept is None or kept[0] is not data:  # the data is kept alive, so its id is not reused
            kept = cls._built[id(data)] = (data, cls(programme))
        return kept[1]

    def __init__(self, programme: Any) -> None:
        table = (programme.data.get("koder") if programme is not None else None) or {}
        self._names: dict[str, dict[str, str]] = {}
        self._codes: dict[str, str] = {}
        for code, labels in docmodel.CODES.items():  # the document model's names are always known
            self._add(code, {"nb": labels[0], "nn": labels[1]}, [])
        for code, entry in table.items():
            entry = entry if isinstance(entry, dict) else {}
            words = [w for w in entry.get("ord") or [] if isinstance(w, str)]
            self._add(code, {k: v for k, v in entry.items() if k in ("nb", "nn") and isinstance(v, str)}, words)

    def _add(self, code: str, names: dict[str, str], words: list[str]) -> None:
        self._names[code] = {**self._names.get(code, {}), **names}
        for word in (code, *names.values(), *words):
            self._codes.setdefault(norm(word), code)

    def code_of(self, text: Any) -> str | None:
        """The code a word means, or ``None`` when the edition does not know it."""
        return self._codes.get(norm(text)) if isinstance(text, str) and text.strip() else None

    def name(self, code: str, lang: str) -> str:
        names = self._names.get(code) or {}
        return names.get(lang) or names.get("nb") or docmodel.label(code, lang)

    def forms(self, code: str) -> Forms:
        """A code's name in both målformer, for a message to print in either."""
        return Forms(self.name(code, "nb"), self.name(code, "nn"))

    def shown(self, text: str) -> Forms | str:
        """A word from the application as a message prints it: a known code by its name, else as written."""
        code = self.code_of(text)
        return self.forms(code) if code else " ".join(text.split())

    def names(self, codes: list[str]) -> Words:
        return Words(tuple(self.forms(c) for c in codes))

    def words_for(self, code: str) -> list[str]:
        """Every normalised word that means ``code`` (for finding it inside a sentence)."""
        return [w for w, c in self._codes.items() if c == code]
