"""A region's year: the case count and the monthly table, stored all or nothing, checked for lost updates."""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from app.centres.models import Region, RegionMonth, RegionYear
from app.centres.regions.table import COUNTS, SHARES, CellError, Line, check_with_engine, engine_region, parse_count, read_months
from app.centres.rules.zhejiang import MonthInput
from app.domain.errors import ConflictError, DomainError
from app.extensions import db
from app.models.types import utcnow
from app.services import audit, conflicts, transaction

FIGURES = SHARES + COUNTS


def record_of(region: Region, year: int) -> RegionYear | None:
    return db.session.scalar(
        select(RegionYear).options(selectinload(RegionYear.months))
        .where(RegionYear.region_id == region.id, RegionYear.year == year)
    )


def version_of(region: Region, year: int) -> int:
    """The version a form or a preview carries back: 0 while the year has no data."""
    record = record_of(region, year)
    return record.version if record is not None else 0


def years_in_use(region: Region | None = None) -> list[int]:
    """Years with data (of REGION, or of any region), newest first."""
    stmt = select(RegionYear.year).distinct()
    if region is not None:
        stmt = stmt.where(RegionYear.region_id == region.id)
    return sorted(db.session.scalars(stmt), reverse=True)


def month_inputs(record: RegionYear | None) -> tuple[MonthInput, ...]:
    """The stored months as the engine reads them."""
    if record is None:
        return ()
    return tuple(MonthInput(m.month, **{key: getattr(m, key) for key in FIGURES}) for m in record.months)


def _cases(value) -> int:
    try:
        return parse_count(value)
    except CellError as err:
        raise DomainError(f"获评案例数：{err}", "cases") from None


def save_table(region: Region, year: int, cases, rows, version: int | None, seen: int | str | None = None) -> RegionYear | None:
    """Replace the year's months and case count with what the form holds (all or nothing).

    ROWS are (where, form prefix, cells) of the 12 form lines; blank lines are months not
    given. VERSION is what the form was opened with: a year changed since is refused, saying
    who changed what since SEEN (the newest audit event the form showed, ``conflicts.mark``).
    """
    problems = []
    try:
        count = _cases(cases)
    except DomainError as err:
        problems += err.problems
        count = 0
    try:
        months = read_months([Line(*row) for row in rows], year)
    except DomainError as err:
        problems += err.problems
        months = ()
    if problems:
        raise DomainError(problems)
    return _store(region, year, count, months, version, replace=True, seen=seen)


def _store(
    region, year, cases: int | None, months, version, *, replace: bool, comment: str = "", seen=None
) -> RegionYear | None:
    """Write the year in one transaction (CASES None: keep it); the engine checks the whole year first."""
    try:
        with transaction():
            record = record_of(region, year)
            _check_version(region, year, record, version, seen)
            if cases is None:
                cases = record.cases if record is not None else 0
            if not replace:
                given = {m.month for m in months}
                months = [m for m in month_inputs(record) if m.month not in given] + list(months)
            months = tuple(sorted(months, key=lambda m: m.month))
            if months:
                check_with_engine({"year": year, "regions": [engine_region(region.name, cases, months)]})
            record = _write(region, year, record, cases, months)
            if comment and record is not None:
                db.session.flush()
                audit.record("import", record, comment=comment)
    except (StaleDataError, IntegrityError):  # changed, or the year created, by someone else meanwhile
        raise _conflict(region, year, seen) from None
    return record


def _check_version(region: Region, year: int, record: RegionYear | None, version: int | None, seen=None) -> None:
    if version is None:
        return
    if (record.version if record is not None else 0) != version:
        raise _conflict(region, year, seen)


def _conflict(region: Region, year: int, seen) -> ConflictError:
    """Who changed the year since the form was opened (``seen``), when, and which figures."""
    record = record_of(region, year) or RegionYear(region_id=region.id, year=year)
    return conflicts.conflict(record, conflicts.parse_int(seen), f"{region.name} {year} 年度的数据")


def mark(region: Region, year: int) -> int:
    """The newest audit event of the region's months (what a form shows), for ``save_table``'s ``seen``."""
    return conflicts.mark(record_of(region, year) or RegionYear(region_id=region.id, year=year))


def _write(region: Region, year: int, record: RegionYear | None, cases: int, months) -> RegionYear | None:
    """Make the stored year equal CASES and MONTHS, touching only what differs (the audit shows fields)."""
    if record is None:
        if not months and not cases:
            return None
        record = RegionYear(year=year, cases=cases, version=1, updated_at=utcnow())
        region.years.append(record)
        record.months.extend(RegionMonth(**_fields(m)) for m in months)
        return record
    changed = False
    if record.cases != cases:
        record.cases, changed = cases, True
    stored = {m.month: m for m in record.months}
    for month in months:
        row = stored.pop(month.month, None)
        if row is None:
            record.months.append(RegionMonth(**_fields(month)))
            changed = True
            continue
        for key, value in _fields(month).items():
            if getattr(row, key) != value:
                setattr(row, key, value)
                changed = True
    for row in stored.values():
        db.session.delete(row)  # still linked to its year, so the audit trail names it "2020 年 3 月"
        changed = True
    if not months and not cases:
        db.session.delete(record)
        return None
    if changed:
        record.version += 1
        record.updated_at = utcnow()
    return record


def _fields(month: MonthInput) -> dict:
    return {"month": month.month, **{key: getattr(month, key) for key in FIGURES}}
