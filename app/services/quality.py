"""Target quality of stored projects (issue 17): the findings of app.domain.quality, read-only."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.domain.errors import DomainError, Problem
from app.domain.projects import ProjectDraft
from app.domain.quality import Finding, blocking, carry_forward_notes, check_quality
from app.extensions import db
from app.models import IndicatorEvaluation, Project, Unit
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


def carry_forward(project: Project) -> list[str]:
    """Notes for a copy of ``project`` into the next year: indicators it did not meet, actuals to start from."""
    positions = {indicator.id: (n, indicator) for n, indicator in enumerate(project.indicators, start=1)}
    if not positions:
        return []
    entries = db.session.scalars(
        select(IndicatorEvaluation).where(IndicatorEvaluation.indicator_id.in_(sorted(positions)))
    )
    rows = sorted(
        (positions[e.indicator_id][0], positions[e.indicator_id][1].name, positions[e.indicator_id][1].target_text,
         e.actual or "", e.grade)
        for e in entries
        if not e.not_applicable
    )
    return carry_forward_notes(project.year, rows)
