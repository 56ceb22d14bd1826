"""A 支出进度 list's totals and page order, remembered per process while the stored figures stay the same.

A province's list (50,000 projects) totals and orders the stored figures (``progress_figures``)
on every draw: two passes over every row of the year, the one cost that grows with the province.
Between two changes of the stored figures the same question gives the same answer, so each
process keeps the last answers (``MAX_ENTRIES``), keyed by everything the answer depends on: the
epoch token, the year, the date, the readings (``ProgressSettings``), the units, the sort and the
page.

The token (``project_figure_epoch``, ``app.models.figures.FigureEpoch``) is replaced by every fill
that stores a row, in the fill's transaction, and by triggers for the two changes that reach a
list without a stale mark: a stored row deleted (its project deleted) and a unit's code changed.
Every other write marks its project's row stale (the figures' triggers), and an answer is used
only when no row anywhere is stale: so a write since the answer was computed either left a stale
row (not used: computed afresh) or was followed by a fill (a new token: not found). A write that
commits while an answer is computed leaves its row stale, so that answer is not used after it.

Only what is read from the stored figures is kept: the page's rows are measured afresh on every
draw (names and units as they are now). The sorts by a project's code or name are never kept (a
renamed project does not touch the figures).
"""

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from flask import current_app
from sqlalchemy import exists, select, text
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.models.figures import FigureEpoch, ProjectFigure, new_token

MAX_ENTRIES = 64  # answers kept per process: a page's 100 ids or a totals row each
UNCACHED_SORTS = frozenset({"code", "name"})
EPOCH = FigureEpoch.__table__
STORED = ProjectFigure.__table__
T = TypeVar("T")


class _Answers:
    """A small LRU of answers, shared by a process's threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.lock = threading.Lock()
        self.items: OrderedDict = OrderedDict()

    def get(self, key):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
            return None

    def put(self, key, value) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


def answers() -> _Answers:
    """This app's answers (each app its own: a test's app never sees another's)."""
    return current_app.extensions.setdefault("jixiao_figure_answers", _Answers(MAX_ENTRIES))


def new_epoch() -> None:
    """Replace the token, in the caller's transaction (a fill that stored rows); make the row if it is missing.

    On PostgreSQL the row lock is waited for at most 5 s (a long deletion holding it): the caller's
    transaction then fails, and its rows stay stale for the next read.
    """
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        db.session.execute(text("SET LOCAL lock_timeout = '5s'"))
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(EPOCH).values(id=1, token=new_token())  # the row made again if it was removed
    db.session.execute(statement.on_conflict_do_update(index_elements=[EPOCH.c.id], set_={"token": statement.excluded.token}))


def token() -> str | None:
    """The current token, or None when a stored row is stale (or there is no token): then nothing is kept."""
    row = db.session.execute(
        select(EPOCH.c.token, exists().where(STORED.c.stale == 1)).where(EPOCH.c.id == 1)
    ).first()
    if row is None or row[1]:
        return None
    return row[0]


def remembered(key: tuple | None, compute: Callable[[], T]) -> T:
    """``compute()``, or the answer kept for ``key`` (None: not to be kept)."""
    if key is None:
        return compute()
    store = answers()
    found = store.get(key)
    if found is not None:
        return found
    value = compute()
    store.put(key, value)
    return value
