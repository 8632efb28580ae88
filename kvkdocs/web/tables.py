"""The dashboard's table of a round's applications, rendered once per change and kept.

Rendering 430 rows is most of what the dashboard costs (about three
quarters: each row's cells escaped and formatted), while the rows change
only when an application gets a new version: a verdict from the intake, a
municipality's submission. So the rendered table is kept, per round and view
(sort, direction, filter, målform), with the round's *stamp*: how many
versions it has and the newest one's id. A version is never changed or
removed once it is stored (only with its round), so any change to the
listing changes the stamp, and the stamp is read from the database on every
request (one small query): a new verdict shows at once, whichever process
or thread stored it, and nothing has to remember to say that it changed.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import func, select

from ..db.models import Application, ApplicationVersion

#: Rendered tables kept (each view of a round is one; a 430-row table is about 140 kB).
KEPT = 32


@dataclass(frozen=True)
class Table:
    """A rendered table of applications: its HTML, how many rows it has, and the grants they ask for."""

    html: Markup
    count: int
    asked: int


def stamp(db, round_id: int) -> tuple[int, int | None]:
    """(versions, newest version's id) of the round: changes whenever its listing can have changed."""
    return tuple(db.execute(select(func.count(ApplicationVersion.id), func.max(ApplicationVersion.id))
                            .join(Application).where(Application.round_id == round_id)).one())


class RoundTables:
    """The rendered tables, newest use last; safe to use from the server's threads."""

    def __init__(self, kept: int = KEPT) -> None:
        self.kept = kept
        self._tables: OrderedDict[tuple, tuple[tuple, Table]] = OrderedDict()
        self._lock = threading.Lock()  # held for dictionary work only, never while a table is rendered

    def get(self, db, round_id: int, view: tuple, render: Callable[[], Table]) -> Table:
        """The table of ``round_id`` seen as ``view``: kept if the round has not changed since, else ``render()``."""
        current = stamp(db, round_id)
        key = (round_id, *view)
        with self._lock:
            kept = self._tables.get(key)
            if kept is not None and kept[0] == current:
                self._tables.move_to_end(key)
                return kept[1]
        table = render()
        with self._lock:
            self._tables[key] = (current, table)
            self._tables.move_to_end(key)
            while len(self._tables) > self.kept:
                self._tables.popitem(last=False)
        return table
