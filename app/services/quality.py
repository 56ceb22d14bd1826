"""Target quality of stored projects (issue 17): the findings of app.domain.quality, read-only."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.domain.errors import DomainError
from app.domain.projects import Problem, ProjectDraft
from app.domain.quality import Finding, blocking, check_quality
from app.extensions import db
from app.models import Project, Unit
from app.services.progress import find_unit
from app.services.projects import draft_of


def findings_of(project: Project) -> tuple[Finding, ...]:
    """The quality findings on a stored project's target table."""
    return check_quality(draft_of(project))


def check_json(year: int, unit_code: str | None = None) -> list[dict]:
    """The document ``jixiao check --json`` prints: one object per project of ``year``, in unit and table order."""
    stmt = (
        select(Project)
        .where(Project.year == year)
        .options(selectinload(Project.unit), selectinload(Project.goals), selectinload(Project.indicators))
        .join(Unit, Project.unit_id == Unit.id)
        .order_by(Unit.code, Project.id)
    )
    if unit_code:
        stmt = stmt.where(Project.unit_id == find_unit(unit_code).id)
    return [
        {
            "project": {"unit": project.unit.code, "year": project.year, "code": project.code or "",
                        "name": project.name},
            "findings": [finding.to_dict() for finding in findings_of(project)],
        }
        for project in db.session.scalars(stmt)
    ]


def ensure_submittable(project: Project) -> None:
    """Refuse submission while a must-fix finding remains (issue 17), naming each one."""
    must = blocking(findings_of(project))
    if must:
        raise DomainError(
            [Problem(f.where, f"提交前必须修改：{f.message}") for f in must]
        )


def draft_findings(draft: ProjectDraft) -> tuple[Finding, ...]:
    """The findings on a draft being typed (the edit page, live and after a save)."""
    return check_quality(draft)
