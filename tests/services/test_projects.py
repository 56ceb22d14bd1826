"""Project use cases: each one a unit of work that leaves nothing behind when it fails."""

from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.domain.errors import DomainError
from app.extensions import db
from app.models import Indicator, Project
from app.services import projects
from tests.factories import INDICATORS, make_draft, make_project, make_unit


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_create_stores_every_field_and_the_parsed_targets(app):
    project = make_project()
    stored = projects.get_project(project.id)
    assert projects.draft_of(stored) == make_draft()
    first = stored.indicators[0]
    assert (first.target_kind, first.target_comparator, first.target_value, first.target_unit) == (
        "quantitative", "<=", Decimal("4"), "次",
    )
    deadline = stored.indicators[2]
    assert deadline.target_kind == "deadline" and str(deadline.target_deadline) == "2024-12-31"


def test_invalid_draft_saves_nothing(app):
    unit = make_unit()
    with pytest.raises(DomainError) as caught:
        projects.create_project(unit, make_draft(budget_fiscal=Decimal("20.00")))
    assert caught.value.problems[0].field == "budget_total"
    assert count(Project) == 0 and count(Indicator) == 0


def test_code_is_unique_within_unit_and_year(app):
    unit = make_unit()
    make_project(unit)
    with pytest.raises(DomainError) as caught:
        projects.create_project(unit, make_draft(name="另一个项目"))
    assert caught.value.problems[0].field == "code"
    assert count(Project) == 1
    projects.create_project(unit, make_draft(year=2025))  # another year is fine
    projects.create_project(make_unit("573301", "天津"), make_draft())  # another unit too
    assert count(Project) == 3


def test_update_reuses_rows_and_removes_extra_ones(app):
    project = make_project()
    ids = [i.id for i in project.indicators]
    draft = make_draft(indicators=(replace(INDICATORS[0], target_text="≤5次"),) + INDICATORS[1:3])
    projects.update_project(project, draft)
    stored = projects.get_project(project.id)
    assert [i.id for i in stored.indicators] == ids[:3]
    assert stored.indicators[0].target_text == "≤5次" and stored.indicators[0].target_value == 5
    assert count(Indicator) == 3


def test_failed_update_leaves_the_project_as_it_was(app):
    project = make_project()
    with pytest.raises(DomainError):
        projects.update_project(project, make_draft(name="改名", indicators=()))
    db.session.expire_all()
    stored = projects.get_project(project.id)
    assert stored.name == make_draft().name and len(stored.indicators) == 6


def test_delete_removes_children(app):
    project = make_project()
    projects.delete_project(project)
    assert count(Project) == 0 and count(Indicator) == 0


def test_copy_to_next_year(app):
    project = make_project()
    copy = projects.copy_to_next_year(project)
    assert copy.year == 2025 and copy.id != project.id
    moved = tuple(replace(i, target_text="2025年12月底") if i.target_text == "2024年12月底" else i for i in make_draft().indicators)
    assert projects.draft_of(copy) == replace(make_draft(), year=2025, indicators=moved)  # the deadline follows (issue 12)
    with pytest.raises(DomainError, match="2025 年度已有"):
        projects.copy_to_next_year(project)
    assert count(Project) == 2


def test_list_counts_and_totals(app):
    unit = make_unit()
    make_project(unit)
    make_project(unit, code="X2", name="第二个", budget_total=Decimal("40.00"), budget_fiscal=Decimal("30.00"),
                 budget_other=Decimal("10.00"), checkpoints=())
    listing = projects.list_projects(2024, unit.id)
    assert listing.count == 2
    assert (listing.budget_total, listing.budget_fiscal, listing.budget_other) == (
        Decimal("66.00"), Decimal("56.00"), Decimal("10.00"),
    )
    assert sorted(listing.indicator_counts.values()) == [6, 6]
    assert projects.list_projects(2024, unit.id, "第二").count == 1
    assert projects.list_projects(2023).count == 0


def test_an_all_blank_plan_is_stored_as_no_plan(app):
    from app.domain.projects import CheckpointDraft

    blank = tuple(CheckpointDraft(m, None) for m in (3, 6, 9, 12))
    project = make_project(checkpoints=blank)
    assert projects.get_project(project.id).checkpoints == []
