"""The regions themselves: list, find, create, change, delete."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.centres.models import DEFAULT_PROVINCE, Region
from app.centres.rules.zhejiang_checks import region_problems
from app.domain.errors import DomainError, Problem
from app.extensions import db
from app.models import Unit
from app.services import transaction


@dataclass(frozen=True)
class RegionDraft:
    name: str
    province: str = DEFAULT_PROVINCE
    unit_id: int | None = None


def _visible(scope: frozenset[int] | None):
    """Regions of the units in SCOPE (None: every unit); a region without a unit is everyone's."""
    stmt = select(Region).options(selectinload(Region.unit)).order_by(Region.province, Region.name)
    if scope is not None:
        stmt = stmt.where(Region.unit_id.is_(None) | Region.unit_id.in_(sorted(scope)))
    return stmt


def list_regions(scope: frozenset[int] | None = None) -> list[Region]:
    """The regions a user sees, by province and name."""
    return list(db.session.scalars(_visible(scope)))


def get_region(region_id: int) -> Region | None:
    return db.session.get(Region, region_id)


def find_region(name: str) -> Region | None:
    return db.session.scalar(select(Region).where(Region.name == name.strip()))


def _check(draft: RegionDraft, region: Region | None = None) -> RegionDraft:
    name, province = (draft.name or "").strip(), (draft.province or "").strip() or DEFAULT_PROVINCE
    problems = region_problems(name, province)
    if not any(problem.field == "name" for problem in problems):
        other = find_region(name)
        if other is not None and other is not region:
            problems.append(Problem("name", f"地区“{name}”已存在"))
    if draft.unit_id is not None and db.session.get(Unit, draft.unit_id) is None:
        problems.append(Problem("unit", "所选预算单位不存在"))
    if problems:
        raise DomainError(problems)
    return RegionDraft(name, province, draft.unit_id)


def create_region(draft: RegionDraft) -> Region:
    """Add a region; its name must be new."""
    try:
        with transaction():
            draft = _check(draft)
            region = Region(name=draft.name, province=draft.province, unit_id=draft.unit_id)
            db.session.add(region)
    except IntegrityError:  # the same name saved by someone else a moment ago
        raise DomainError(f"地区“{draft.name}”已存在", "name") from None
    return region


def update_region(region: Region, draft: RegionDraft) -> Region:
    """Rename a region, or change its province or unit."""
    try:
        with transaction():
            draft = _check(draft, region)
            for key in ("name", "province", "unit_id"):
                if getattr(region, key) != getattr(draft, key):
                    setattr(region, key, getattr(draft, key))
    except IntegrityError:
        raise DomainError(f"地区“{draft.name}”已存在", "name") from None
    return region


def delete_region(region: Region) -> None:
    """Delete a region with all its years."""
    with transaction():
        db.session.delete(region)
