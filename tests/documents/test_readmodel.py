"""The read model (app/domain/readmodel.py): what pages and documents read, with Decimal amounts."""

from decimal import Decimal

from sqlalchemy import select

from app.documents.interchange import department_to_dict, project_to_dict
from app.domain.readmodel import StoredDepartment, StoredProject, UnitRef
from app.extensions import db
from app.models import DepartmentGoals, Project
from app.services.demo import load_demo


def test_a_stored_project_reads_the_same_from_its_row_and_from_its_dump(app):
    load_demo()
    rows = list(db.session.scalars(select(Project).order_by(Project.id)))
    assert rows
    for row in rows:
        stored = StoredProject.of(row)
        assert StoredProject.from_interchange(project_to_dict(row)) == stored
        assert project_to_dict(stored) == project_to_dict(row)
        assert isinstance(stored.budget_total, Decimal) and all(isinstance(c.amount, Decimal) for c in stored.checkpoints)
        assert [i.name for i in stored.indicators] == [i.name for i in row.indicators]


def test_departments_read_the_same_both_ways(app):
    load_demo()
    for row in db.session.scalars(select(DepartmentGoals)):
        stored = StoredDepartment.of(row)
        assert StoredDepartment.from_interchange(department_to_dict(row)) == stored
        assert department_to_dict(stored) == department_to_dict(row)


def test_the_read_model_is_frozen_and_money_stays_decimal():
    project = StoredProject.from_interchange(
        {"unit": {"code": "304001", "name": "单位"}, "year": 2024, "name": "项目", "budget_total": "26",
         "budget_fiscal": "20.5", "checkpoints": [{"month": 6, "amount": "12.00"}]}
    )
    assert project.unit == UnitRef("304001", "单位") and project.unit.label == "304001单位"
    assert (project.budget_total, project.budget_fiscal, project.budget_other) == (Decimal("26"), Decimal("20.5"), Decimal("0.00"))
    assert project.checkpoints[0].amount == Decimal("12.00") and project.has_plan
    try:
        project.name = "改"
    except AttributeError:
        pass
    else:
        raise AssertionError("the read model must be frozen")
