"""Child rows updated in place by position, so their ids stay stable and the audit trail shows what changed."""

from collections.abc import Callable, Iterable


def sync_by_position(rows: list, items: Iterable, make: Callable[[], object], fill: Callable[[object, int, object], None]) -> None:
    """Make ROWS follow ITEMS: row n gets item n (``fill(row, n, item)``), new rows come from MAKE, extra rows go.

    ROWS is an ORM collection (``project.indicators``) or a plain list of rows taken from one; removing
    from a delete-orphan collection deletes the row.
    """
    count = 0
    for position, item in enumerate(items):
        if position < len(rows):
            fill(rows[position], position, item)
        else:
            row = make()
            fill(row, position, item)
            rows.append(row)
        count = position + 1
    del rows[count:]
