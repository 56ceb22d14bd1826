"""sync_by_position: child rows follow a list by position, the rows kept keep their identity."""

from dataclasses import dataclass

from app.services.sync import sync_by_position


@dataclass(eq=False)
class Row:
    position: int = -1
    value: str = ""


def fill(row: Row, position: int, value: str) -> None:
    row.position, row.value = position, value


def test_rows_are_reused_in_order_and_the_extra_ones_removed():
    rows = [Row(0, "a"), Row(1, "b"), Row(2, "c")]
    first, second = rows[0], rows[1]
    sync_by_position(rows, ["x", "y"], Row, fill)
    assert [(r.position, r.value) for r in rows] == [(0, "x"), (1, "y")]
    assert rows[0] is first and rows[1] is second


def test_missing_rows_are_made_filled_then_appended():
    appended = []

    class Watched(list):
        def append(self, row):
            appended.append((row.position, row.value))  # filled before it joins the collection
            super().append(row)

    rows = Watched([Row(0, "a")])
    sync_by_position(rows, iter(["a", "b", "c"]), Row, fill)
    assert [(r.position, r.value) for r in rows] == [(0, "a"), (1, "b"), (2, "c")]
    assert appended == [(1, "b"), (2, "c")]


def test_an_empty_list_removes_every_row():
    rows = [Row(0, "a"), Row(1, "b")]
    sync_by_position(rows, (), Row, fill)
    assert rows == []
