"""A 支出进度 list's remembered totals and page order (``figure_cache``) are never an old answer.

Each test draws the lists (every sort, both directions, lagging first, one unit and every unit,
several dates) so their answers are remembered, makes a write, and draws them again: every page
must equal the same page computed with nothing remembered. Draws with nothing changed in between
must be answered from what is remembered (no aggregate over the stored figures).
"""

import datetime

import pytest
from sqlalchemy import event, select

from app.extensions import db
from app.models import Project, Unit
from app.services import figure_cache, progress, transaction
from tests.factories import make_user
from tests.progress.test_stored_figures import WRITES, TokenClient, world

DATES = [datetime.date(2024, 6, 15), datetime.date(2024, 12, 31)]
SORTS = [("", False), ("rate", False), ("rate", True), ("spent", True), ("unit", False), ("flags", False), ("code", False)]


def draws(unit_ids_options) -> list[tuple]:
    """Every page the lists have (two rows a page), as what a reader sees: ids in order, totals, count."""
    seen = []
    for as_of in DATES:
        for unit_ids in unit_ids_options:
            for sort, descending, lagging in [(sort, descending, False) for sort, descending in SORTS] + [("", False, True)]:
                if True:
                    number = 1
                    while True:
                        page = progress.page(2024, as_of, unit_ids, sort, descending, number, lagging_on_top=lagging, per_page=2)
                        seen.append(((as_of, unit_ids, sort, descending, lagging, number),
                                     [r.project.id for r in page.page.items], page.totals, page.count))
                        if number >= page.page.pages:
                            break
                        number += 1
    return seen


def forgotten(unit_ids_options) -> list[tuple]:
    """The same draws computed afresh: nothing remembered before each page."""
    store = figure_cache.answers()
    original, store.size = store.size, 0  # every answer put is dropped at once
    store.items.clear()
    try:
        return draws(unit_ids_options)
    finally:
        store.size = original


def scopes(made) -> list:
    return [None, frozenset({made[0].unit_id})]


def rename_unit(made, client):
    with transaction():
        unit = db.session.get(Unit, made[0].unit_id)
        unit.code = "999999"  # the lagging-first and by-unit orders break ties by the unit's code


@pytest.mark.parametrize("write", [*WRITES, rename_unit], ids=lambda w: w.__name__)
def test_after_every_write_the_lists_are_what_computing_afresh_gives(app, write):
    made = world()
    options = scopes(made)
    warm = draws(options)
    assert warm == forgotten(options)
    draws(options)  # remembered again
    officer = make_user("cache-officer", ["officer"], [made[0].unit, made[2].unit])
    write(made, TokenClient(app.test_client(), _token(officer)))
    db.session.expire_all()
    after = draws(options)
    assert after == forgotten(options)


def _token(user) -> str:
    from app.services import tokens

    return tokens.create(user, "figures", "write", 30).text


def _aggregates(run) -> int:
    """How many statements ``run`` sends that total the stored figures (count(*) over them)."""
    found = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        if "count(*)" in statement and "project_figure" in statement:
            found.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    return len(found)


def test_a_second_draw_with_nothing_changed_is_answered_from_what_is_remembered(app):
    world()
    as_of = datetime.date(2024, 12, 31)
    first = progress.page(2024, as_of, lagging_on_top=True, per_page=2)
    assert _aggregates(lambda: progress.page(2024, as_of, lagging_on_top=True, per_page=2)) == 0
    again = progress.page(2024, as_of, lagging_on_top=True, per_page=2)
    assert ([r.project.id for r in again.page.items], again.totals) == ([r.project.id for r in first.page.items], first.totals)
    # another date, another sort: not remembered yet
    assert _aggregates(lambda: progress.page(2024, datetime.date(2024, 9, 30), per_page=2)) == 1
    # by code or name: never remembered (a renamed project leaves the figures alone)
    progress.page(2024, as_of, sort="name", per_page=2)
    assert _aggregates(lambda: progress.page(2024, as_of, sort="name", per_page=2)) == 1


def test_nothing_is_remembered_while_a_stored_row_is_stale(app):
    made = world()
    as_of = datetime.date(2024, 12, 31)
    progress.page(2024, as_of, per_page=2)
    with transaction():  # a year the page does not show: its row stays stale until its own page fills it
        made[1].year = 2025
    assert figure_cache.token() is None
    assert _aggregates(lambda: progress.page(2024, as_of, per_page=2)) == 1
    shown = progress.page(2024, as_of, per_page=10)
    assert made[1].id not in [r.project.id for r in shown.page.items] and shown.count == 3
    progress.page(2025, as_of, per_page=2)  # fills 2025's row: a new token, nothing stale
    assert figure_cache.token() is not None


def test_a_deleted_project_and_a_renamed_unit_give_a_new_token(app):
    made = world()
    progress.page(2024, datetime.date(2024, 12, 31), per_page=2)
    first = figure_cache.token()
    with transaction():
        db.session.get(Unit, made[0].unit_id).code = "900000"
    second = figure_cache.token()
    assert second not in (None, first)
    with transaction():
        db.session.delete(db.session.get(Project, made[3].id))
    assert figure_cache.token() not in (None, first, second)
    with transaction():  # a unit's name is not in any order: the token stays
        db.session.get(Unit, made[0].unit_id).name = "改名单位"
    assert figure_cache.token() not in (None, first, second)
    assert db.session.scalar(select(Project.id).where(Project.id == made[3].id)) is None


def test_the_token_row_is_made_again_by_the_next_fill_if_it_was_removed(app):
    made = world()
    progress.page(2024, datetime.date(2024, 12, 31), per_page=2)
    with transaction():
        db.session.execute(figure_cache.EPOCH.delete())
    assert figure_cache.token() is None  # nothing remembered without it
    from app.domain.payments import PaymentDraft
    from app.services import payments

    payments.add_payment(made[0], PaymentDraft(datetime.date(2024, 2, 2), progress.ZERO + 1, voucher="再"))
    progress.page(2024, datetime.date(2024, 12, 31), per_page=2)
    assert figure_cache.token() is not None
