"""The indicator library read from every target table a user may read (issue 17, point 3)."""

from sqlalchemy import select

from app.domain.errors import DomainError
from app.domain.library import LibraryEntry, LibraryRow, build, key
from app.extensions import db
from app.models import Indicator, Project
from app.models.opinions import RecommendedIndicator
from app.services import transaction


def suggest(unit_ids: frozenset[int] | None, query: str, level2: str = "", limit: int = 10) -> list[LibraryEntry]:
    """Library entries whose name contains ``query``, from the projects of ``unit_ids`` (None: every unit)."""
    query = (query or "").strip()
    if not query:
        return []
    stmt = (
        select(Indicator.level1, Indicator.level2, Indicator.name, Indicator.description, Indicator.target_text,
               Indicator.basis, Indicator.target_unit, Project.year)
        .join(Project, Indicator.project_id == Project.id)
        .where(Indicator.name.contains(query, autoescape=True))
    )
    marks = select(RecommendedIndicator).where(RecommendedIndicator.name.contains(query, autoescape=True))
    if unit_ids is not None:
        stmt = stmt.where(Project.unit_id.in_(sorted(unit_ids)))
        marks = marks.where(RecommendedIndicator.unit_id.in_(sorted(unit_ids)))
    rows = (LibraryRow(*r[:6], r[6], r[7]) for r in db.session.execute(stmt.limit(5000)))
    recommended: dict[tuple[str, str, str], list[str]] = {}
    for mark in db.session.scalars(marks):
        recommended.setdefault(key(mark.level1, mark.level2, mark.name), []).append(mark.project_kind)
    return build(rows, query=query, level2=level2, limit=limit, recommended=recommended)


def recommend(project: Project, row: int | None, kind: str, user_id: int | None) -> RecommendedIndicator:
    """A reviewer marks indicator ``row`` (1-based) of ``project`` as a 标杆指标 for ``kind`` of project."""
    kind = (kind or "").strip()[:100]
    if row is None or not 1 <= row <= len(project.indicators):
        raise DomainError("请选择要设为标杆指标的指标行", "row")
    indicator = project.indicators[row - 1]
    existing = db.session.scalar(select(RecommendedIndicator).where(
        RecommendedIndicator.unit_id == project.unit_id, RecommendedIndicator.project_kind == kind,
        RecommendedIndicator.level1 == indicator.level1, RecommendedIndicator.level2 == indicator.level2,
        RecommendedIndicator.name == indicator.name,
    ))
    if existing is not None:
        raise DomainError(f"“{indicator.name}”已是{kind or '各类项目'}的标杆指标", "row")
    with transaction():
        mark = RecommendedIndicator(
            unit_id=project.unit_id, project_kind=kind, level1=indicator.level1, level2=indicator.level2,
            name=indicator.name, target_text=indicator.target_text, basis=indicator.basis or "", marked_by_id=user_id,
        )
        db.session.add(mark)
    return mark
