"""The city's assignments of a company claimed by several centres (000 第十条)."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.centres.models import Centre, CentreAssignment, CentreClaim, CentreYear
from app.centres.rules.hubei_checks import CATEGORIES, check_year
from app.centres.rules.hubei_model import CATEGORY_LABELS
from app.domain.errors import DomainError
from app.extensions import db
from app.services import transaction


def assignments(year: int) -> list[CentreAssignment]:
    """The city's assignments of the year, by category and code."""
    stmt = select(CentreAssignment).where(CentreAssignment.year == year).order_by(CentreAssignment.category, CentreAssignment.code)
    return list(db.session.scalars(stmt.options(selectinload(CentreAssignment.centre))))


def claimants(year: int, category: str, code: str) -> list[Centre]:
    """The centres that claim company CODE in CATEGORY in YEAR."""
    stmt = (
        select(Centre)
        .join(CentreYear, CentreYear.centre_id == Centre.id)
        .join(CentreClaim, CentreClaim.evidence_id == CentreYear.id)
        .where(CentreYear.year == year, CentreClaim.category == category, CentreClaim.code == code)
        .distinct()
        .order_by(Centre.code)
    )
    return list(db.session.scalars(stmt))


def set_assignment(year: int, category: str, code: str, centre: Centre | None) -> CentreAssignment | None:
    """Give the company to CENTRE (one of its claimants), or withdraw the assignment (None)."""
    check_year(year)
    code = (code or "").strip()
    if category not in CATEGORIES:
        raise DomainError("未知的企业类别", "category")
    if not code:
        raise DomainError("请填写企业编码", "code")
    if centre is not None and centre.id not in {c.id for c in claimants(year, category, code)}:
        raise DomainError(f"{centre.name}未在 {year} 年度申报{CATEGORY_LABELS[category]} {code}，不能归口至该中心", "centre")
    with transaction():
        row = db.session.scalar(
            select(CentreAssignment).where(
                CentreAssignment.year == year, CentreAssignment.category == category, CentreAssignment.code == code
            )
        )
        if centre is None:
            if row is not None:
                db.session.delete(row)
            return None
        if row is None:
            row = CentreAssignment(year=year, category=category, code=code)
            db.session.add(row)
        row.centre_id = centre.id
    return row
