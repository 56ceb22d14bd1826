"""The indicator library read from every target table a user may read (issue 17, point 3)."""

from sqlalchemy import select

from app.domain.library import LibraryEntry, LibraryRow, build
from app.extensions import db
from app.models import Indicator, Project


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
    if unit_ids is not None:
        stmt = stmt.where(Project.unit_id.in_(sorted(unit_ids)))
    rows = (LibraryRow(*r[:6], r[6], r[7]) for r in db.session.execute(stmt.limit(5000)))
    return build(rows, query=query, level2=level2, limit=limit)
