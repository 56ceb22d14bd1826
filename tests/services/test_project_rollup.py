"""The rollup (``project_rollup``) always equals the projects counted and summed per year and unit.

After every kind of write to projects (created one by one, loaded in bulk by ``jixiao load`` (COPY on
PostgreSQL), imported and re-imported, edited: budgets, indicators, year and unit; moved by a Core
statement; deleted one by one and by a statement; a status change that moves nothing), each row of
the rollup equals the same figures computed from the projects, and the project list's and the 自评
summary's totals equal those over the projects.
"""

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, update

from app.domain.projects import IndicatorDraft
from app.extensions import db
from app.models import Project, ProjectRollup
from app.services import interchange, listing, projects, selfeval_summary, transaction
from app.services.imports import import_document
from tests.factories import make_project, make_unit

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"


def computed() -> dict:
    cents = lambda column: listing.money_sum(column)  # noqa: E731 - exact on SQLite too
    rows = db.session.execute(
        select(Project.year, Project.unit_id, func.count(Project.id), cents(Project.budget_total), cents(Project.budget_fiscal),
               cents(Project.budget_other), func.coalesce(func.sum(Project.indicator_count), 0))
        .group_by(Project.year, Project.unit_id)
    )
    return {(r[0], r[1]): tuple(int(v) for v in r[2:]) for r in rows}


def rolled() -> dict:
    rows = db.session.execute(select(ProjectRollup))
    found = {}
    for (row,) in rows:
        figures = (row.projects, row.budget_total, row.budget_fiscal, row.budget_other, row.indicators)
        if any(figures):  # a unit whose projects all left keeps its row, at zero
            found[(row.year, row.unit_id)] = tuple(int(v) for v in figures)
        else:
            assert figures == (0, 0, 0, 0, 0)
    return found


def assert_right() -> None:
    db.session.expire_all()
    assert rolled() == computed()
    units = [u for (_, u) in computed()] or [None]
    for year in (None, 2023, 2024, 2025):
        for unit_ids in (None, frozenset(units[:1])):
            by_rollup = projects.list_totals(year, unit_ids)
            # the same totals over the projects themselves
            direct = db.session.execute(listing.filter_projects(
                select(func.count(Project.id), listing.money_sum(Project.budget_total), listing.money_sum(Project.budget_fiscal),
                       listing.money_sum(Project.budget_other), func.coalesce(func.sum(Project.indicator_count), 0)),
                year, unit_ids)).one()
            assert (by_rollup.count, by_rollup.budget_total, by_rollup.budget_fiscal, by_rollup.budget_other,
                    by_rollup.indicators) == (direct[0], listing.money(direct[1]), listing.money(direct[2]),
                                              listing.money(direct[3]), int(direct[4]))
        if year is not None:
            assert selfeval_summary.page(year).total == db.session.scalar(
                select(func.count(Project.id)).where(Project.year == year))


def world():
    a, b = make_unit("920001", "甲"), make_unit("920002", "乙")
    made = [make_project(a, code="A1", name="甲一"), make_project(a, code="A2", name="甲二"),
            make_project(b, code="B1", name="乙一")]
    return made


def edit(made):
    draft = projects.draft_of(made[0])
    more = draft.indicators + (dataclasses.replace(draft.indicators[0], name="新增指标"),) if draft.indicators else (
        IndicatorDraft(level1="产出指标", level2="数量指标", name="新增指标", target_text="≥1个"),)
    plan = tuple(dataclasses.replace(c, amount=Decimal("77.70")) if c.month == 12 else c for c in draft.checkpoints)
    projects.update_project(made[0], dataclasses.replace(draft, budget_total=Decimal("77.70"), budget_fiscal=Decimal("70.00"),
                                                         budget_other=Decimal("7.70"), indicators=more, checkpoints=plan))


def move(made):
    projects.update_project(made[1], dataclasses.replace(projects.draft_of(made[1]), year=2025))
    with transaction():
        made[2].unit_id = made[0].unit_id


def core_statements(made):
    with transaction():
        db.session.execute(update(Project).where(Project.code == "A2").values(budget_total=Project.budget_total + 1,
                                                                              budget_fiscal=Project.budget_fiscal + 1))
        db.session.execute(delete(Project).where(Project.code == "B1"))


def delete_one(made):
    projects.delete_project(made[0])


def status_only(made):
    with transaction():
        db.session.execute(update(Project).values(status="returned"))


def load_in_bulk(made):
    document = interchange.dump(2024)
    extra = [dict(document["projects"][0], code=f"N{n}", name=f"新项目{n}") for n in range(5)]
    document["projects"] = document["projects"] + extra
    interchange.load(document)


def import_twice(made):
    seed = next(SEEDS.glob("004_*.txt")).read_bytes()
    import_document(seed, "004.txt")
    assert_right()
    import_document(seed, "004.txt", update=True)


@pytest.mark.parametrize("write", [edit, move, core_statements, delete_one, status_only, load_in_bulk, import_twice],
                         ids=lambda w: w.__name__)
def test_after_every_write_the_rollup_is_the_projects_summed(app, write):
    made = world()
    assert_right()
    write(made)
    assert_right()


def test_the_list_without_a_search_reads_the_rollup_not_the_projects(app):
    world()
    from sqlalchemy import event

    seen = []
    listen = lambda conn, cursor, statement, *args: seen.append(statement)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        projects.list_totals(2024)
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
    assert len(seen) == 1 and "project_rollup" in seen[0] and "FROM project " not in seen[0] + " "
