"""Use cases: load rows, call the domain, persist. Each public function is one unit of work."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

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


# A bulk rewrite of a derived table (figures filled or rescored) past this many rows analyses it.
ANALYZE_AFTER = 2_000


def refresh_statistics(table: str, rows: int) -> None:
    """ANALYZE ``table`` on PostgreSQL after ``rows`` of it were rewritten at once, if that is many.

    The planner reads a flag's share from the statistics: after a bulk mark (every row stale)
    and its fill, it would still expect every row stale, skip the flag's partial index and read
    the whole table on every page until autovacuum got there. Its own short transaction; a failure
    (another ANALYZE holding the table) leaves the statistics to autovacuum.
    """
    if rows < ANALYZE_AFTER or db.session.get_bind().dialect.name != "postgresql":
        return
    try:
        with transaction():
            db.session.execute(text(f'ANALYZE "{table}"'))
    except DBAPIError:
        logging.getLogger(__name__).warning("ANALYZE %s failed; autovacuum will refresh it", table, exc_info=True)
