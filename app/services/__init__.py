"""Use cases: load rows, call the domain, persist. Each public function is one unit of work."""

from collections.abc import Iterator
from contextlib import contextmanager

from app.extensions import db


@contextmanager
def transaction() -> Iterator[None]:
    """Commit what the block did, or roll all of it back."""
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
