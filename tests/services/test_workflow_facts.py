"""Workflow facts are columns (issue 13, point 6): who submitted and who reviewed, set by the step itself.

The separation of duties reads ``submitted_by_id``, not the audit trail: the trail records the
steps, it does not decide the next one. The acting principal is passed in to the services.
"""

import pytest
from sqlalchemy import select

from app.domain.access import Principal, Role
from app.domain.errors import DomainError
from app.extensions import db
from app.models import AuditEvent, Project, ProjectEvaluation
from app.services import selfeval, workflow
from tests.factories import make_project, make_unit, make_user
from tests.selfeval.builders import entry_for


def principal(user, *roles) -> Principal:
    return Principal(user.id, frozenset(roles), frozenset(u.id for u in user.units))


@pytest.fixture
def people(app):
    unit = make_unit()
    return {
        "unit": unit,
        "officer": make_user("officer", ["officer"], [unit]),
        "reviewer": make_user("reviewer", ["reviewer"], [unit]),
        "both": make_user("both", ["officer", "reviewer"], [unit]),
    }


def test_a_project_step_sets_who_and_when(app, people):
    project = make_project(people["unit"])
    workflow.act(project, "submit", principal(people["officer"], Role.OFFICER))
    db.session.expire_all()
    project = db.session.get(Project, project.id)
    assert project.submitted_by_id == people["officer"].id and project.submitted_at is not None
    assert project.reviewed_by_id is None and project.reviewed_at is None
    workflow.act(project, "return", principal(people["reviewer"], Role.REVIEWER), "请补充")
    db.session.expire_all()
    project = db.session.get(Project, project.id)
    assert project.reviewed_by_id == people["reviewer"].id and project.reviewed_at >= project.submitted_at
    assert project.submitted_by.name == "officer" and project.reviewed_by.name == "reviewer"


def test_the_own_submission_check_reads_the_column_not_the_trail(app, people):
    """The trail says the officer submitted; the column says the reviewer did: the column decides."""
    project = make_project(people["unit"])
    workflow.act(project, "submit", principal(people["officer"], Role.OFFICER))
    step = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "submit"))
    assert step.actor_id is None  # a service call outside a request: the command line in the trail
    project.submitted_by_id = people["both"].id
    db.session.commit()
    with pytest.raises(DomainError, match="不能审核本人提交的项目"):
        workflow.act(project, "approve", principal(people["both"], Role.REVIEWER))
    workflow.act(project, "approve", principal(people["reviewer"], Role.REVIEWER))
    assert db.session.get(Project, project.id).status == "approved"


def test_a_year_end_step_sets_who_and_when_from_the_principal_passed_in(app, people):
    project = make_project(people["unit"])
    both = principal(people["both"], Role.OFFICER, Role.REVIEWER)
    selfeval.submit(project, entry_for(project), both)
    evaluation = db.session.scalar(select(ProjectEvaluation).where(ProjectEvaluation.project_id == project.id))
    assert evaluation.submitted_by_id == people["both"].id and evaluation.submitted_at is not None
    with pytest.raises(DomainError, match="不能审核本人提交的自评"):
        selfeval.review(project, "approve", both)
    assert selfeval.review(project, "approve", principal(people["reviewer"], Role.REVIEWER)) == "approved"
    db.session.expire_all()
    evaluation = db.session.get(ProjectEvaluation, evaluation.id)
    assert evaluation.reviewed_by_id == people["reviewer"].id and evaluation.reviewed_at is not None


def test_roles_alone_name_no_person(app, people):
    """From the command line (roles, no principal) nobody is recorded and nobody is 'own'."""
    project = make_project(people["unit"])
    selfeval.submit(project, entry_for(project), {Role.OFFICER})
    evaluation = db.session.scalar(select(ProjectEvaluation).where(ProjectEvaluation.project_id == project.id))
    assert evaluation.submitted_by_id is None and evaluation.submitted_at is not None
    assert selfeval.review(project, "approve", {Role.REVIEWER}) == "approved"


def test_the_services_do_not_read_flask_g():
    """The acting principal is passed in: no service reads ``flask.g`` (the actor is held by the database session)."""
    import re
    from pathlib import Path

    services = Path(__file__).resolve().parents[2] / "app" / "services"
    reads_g = re.compile(r"^\s*from flask import [^\n]*\bg\b|\bflask\.g\b", re.MULTILINE)
    readers = sorted(str(path.relative_to(services)) for path in services.rglob("*.py") if reads_g.search(path.read_text(encoding="utf-8")))
    assert readers == []
