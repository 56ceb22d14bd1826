"""Use cases of Zhejiang's regions: regions, the monthly table, its import, and scoring by the engine.

Each public function that writes is one transaction; the audit trail records it (the
listener of ``app.services.audit``). Scores come from the rules engine through the very
document ``jixiao orders score`` reads (``engine_document``), so the pages show what
the command prints.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from app.centres.models import DEFAULT_PROVINCE, Region, RegionMonth, RegionYear
from app.centres.regions.sheets import read_table_file
from app.centres.regions.table import (
    COUNTS,
    SHARES,
    CellError,
    Line,
    check_with_engine,
    engine_region,
    is_blank,
    parse_count,
    read_lines,
    read_months,
)
from app.centres.rules import ZhejiangSettings, score_region
from app.centres.rules.zhejiang import MonthInput, MonthScore, RegionScore
from app.domain.errors import ConflictError, DomainError
from app.domain.projects import Problem
from app.extensions import db
from app.models import Unit
from app.models.types import utcnow
from app.services import audit, conflicts, transaction

FIGURES = SHARES + COUNTS
SETTINGS = ZhejiangSettings()


def settings() -> ZhejiangSettings:
    """The rules' settings the pages explain (seed 002's numbers)."""
    return SETTINGS


# -- regions ----------------------------------------------------------------------------


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
    problems = []
    if not name:
        problems.append(Problem("name", "请填写地区名称"))
    elif len(name) > 100:
        problems.append(Problem("name", "地区名称不能超过 100 字"))
    else:
        other = find_region(name)
        if other is not None and other is not region:
            problems.append(Problem("name", f"地区“{name}”已存在"))
    if len(province) > 50:
        problems.append(Problem("province", "省份不能超过 50 字"))
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


# -- a year's monthly table --------------------------------------------------------------


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


# -- importing the monthly table ---------------------------------------------------------


@dataclass(frozen=True)
class ImportedMonth:
    month: MonthInput
    where: str
    status: str  # 新增 / 修改 / 不变
    before: MonthInput | None


@dataclass(frozen=True)
class ImportPreview:
    region: Region
    year: int
    filename: str
    months: tuple[ImportedMonth, ...]
    ignored: tuple[str, ...]
    version: int
    before: RegionScore | None
    after: RegionScore | None
    payload: str  # the checked lines, carried by the confirming form and checked again there

    @property
    def changes(self) -> int:
        return sum(item.status != "不变" for item in self.months)


def preview_import(region: Region, year: int, filename: str, data: bytes, **limits) -> ImportPreview:
    """Read and check a monthly table file against the stored year; writes nothing.

    Months in the file replace the same months; other stored months stay. DomainError names
    each bad cell (“第 5 行“响应数”：…”).
    """
    sheet = read_table_file(filename, data, **limits)
    problems = [
        Problem("file", f"{item.line.where}“地区”：为“{str(item.region).strip()}”，与当前地区“{region.name}”不符")
        for item in sheet.lines
        if sheet.has_region and not is_blank(item.region) and str(item.region).strip() != region.name
    ]
    try:
        read = read_lines([item.line for item in sheet.lines], year)
    except DomainError as err:
        problems += err.problems
        read = ()
    if not read and not problems:
        problems.append(Problem("file", "文件中没有任何月份的数据"))
    if problems:
        raise DomainError(problems)
    record = record_of(region, year)
    cases = record.cases if record is not None else 0
    stored = {m.month: m for m in month_inputs(record)}
    merged = {**stored, **{month.month: month for _, month in read}}
    items = tuple(
        ImportedMonth(month, line.where, _status(stored.get(month.month), month), stored.get(month.month))
        for line, month in read
    )
    payload = json.dumps(
        [{"where": item.where, **{k: str(v) for k, v in _fields(item.month).items()}} for item in items],
        ensure_ascii=False,
    )
    return ImportPreview(
        region=region,
        year=year,
        filename=filename,
        months=items,
        ignored=sheet.ignored,
        version=record.version if record is not None else 0,
        before=_score_one(region.name, cases, tuple(stored[k] for k in sorted(stored))),
        after=_score_one(region.name, cases, tuple(merged[k] for k in sorted(merged))),
        payload=payload,
    )


def _status(before: MonthInput | None, after: MonthInput) -> str:
    if before is None:
        return "新增"
    return "不变" if before == after else "修改"


def confirm_file(region: Region, year: int, filename: str, data: bytes, version: int | None, **limits) -> RegionYear | None:
    """Store the months of a confirmed upload: the kept file is read and checked again, then stored."""
    preview = preview_import(region, year, filename, data, **limits)
    return confirm_import(region, year, preview.payload, version, filename)


def confirm_import(region: Region, year: int, payload: str, version: int | None, filename: str = "") -> RegionYear | None:
    """Store the months of a confirmed preview (checked again: the payload came back from a browser)."""
    try:
        items = json.loads(payload or "")
        if not isinstance(items, list) or not items or not all(isinstance(item, dict) for item in items):
            raise ValueError
        lines = [Line(str(item.get("where", "")), "", {k: item.get(k) for k in ("month",) + FIGURES}) for item in items]
    except ValueError:
        raise DomainError("导入内容无效，请重新上传文件", "file") from None
    months = read_months(lines, year)
    if not months:
        raise DomainError("导入内容无效，请重新上传文件", "file")
    comment = f"导入 {filename}（{len(months)} 个月）" if filename else f"导入（{len(months)} 个月）"
    return _store(region, year, None, months, version, replace=False, comment=comment)


# -- scoring -----------------------------------------------------------------------------


def _score_one(name: str, cases: int, months) -> RegionScore | None:
    if not months:
        return None
    (region,) = check_with_engine({"regions": [engine_region(name, cases, months)]})
    return score_region(region, SETTINGS)


def _records(year: int, region_ids) -> dict[int, RegionYear]:
    ids = sorted(set(region_ids))
    if not ids:
        return {}
    stmt = (
        select(RegionYear).options(selectinload(RegionYear.months))
        .where(RegionYear.year == year, RegionYear.region_id.in_(ids))
    )
    return {record.region_id: record for record in db.session.scalars(stmt)}


def _year(year: int, scope: frozenset[int] | None):
    """The visible regions, their records of YEAR and the engine document of those with months."""
    regions = list_regions(scope)
    records = _records(year, [r.id for r in regions])
    document = {
        "year": year,
        "regions": [
            engine_region(r.name, records[r.id].cases, month_inputs(records[r.id]))
            for r in regions
            if r.id in records and records[r.id].months
        ],
    }
    return regions, records, document


def engine_document(year: int, scope: frozenset[int] | None = None) -> dict:
    """The year's regions with months, as the JSON ``jixiao orders score`` reads (Decimals and ints)."""
    return _year(year, scope)[2]


def _scores(document: dict) -> list[RegionScore]:
    return [score_region(region, SETTINGS) for region in check_with_engine(document, SETTINGS)]


def score_document(document: dict) -> dict:
    """What ``jixiao orders score --json`` prints for DOCUMENT (before JSON turns Decimals into numbers)."""
    return {"regions": [score.to_dict() for score in _scores(document)]}


@dataclass(frozen=True)
class RegionRow:
    region: Region
    record: RegionYear | None
    score: RegionScore | None

    @property
    def data(self) -> dict | None:
        """The region as ``jixiao orders score`` prints it (rates to 4 places, bonus to 2)."""
        return self.score.to_dict() if self.score is not None else None

    @property
    def months(self) -> list[RegionMonth]:
        return list(self.record.months) if self.record is not None else []

    @property
    def cases(self) -> int:
        return self.record.cases if self.record is not None else 0


@dataclass(frozen=True)
class YearTable:
    year: int
    rows: tuple[RegionRow, ...]

    @property
    def scored(self) -> tuple[RegionRow, ...]:
        return tuple(row for row in self.rows if row.score is not None)


def year_table(year: int, scope: frozenset[int] | None = None) -> YearTable:
    """Every visible region with its year scored by the engine (no score where no month is entered)."""
    regions, records, document = _year(year, scope)
    scores = {score.name: score for score in _scores(document)}
    return YearTable(year, tuple(RegionRow(r, records.get(r.id), scores.get(r.name)) for r in regions))


@dataclass(frozen=True)
class MonthLine:
    """A stored month beside its rates, and the 附件 2 weights of that month."""

    stored: RegionMonth
    score: MonthScore
    rates: dict  # the month as the command prints it
    weights: tuple[Decimal, Decimal]


@dataclass(frozen=True)
class RegionReport:
    region: Region
    year: int
    record: RegionYear | None
    score: RegionScore | None
    lines: tuple[MonthLine, ...] = field(default=())

    @property
    def data(self) -> dict | None:
        return self.score.to_dict() if self.score is not None else None

    @property
    def version(self) -> int:
        return self.record.version if self.record is not None else 0


def region_report(region: Region, year: int) -> RegionReport:
    """A region's year: its months, each month's rates and the annual result, by the engine."""
    record = record_of(region, year)
    months = month_inputs(record)
    score = _score_one(region.name, record.cases, months) if record is not None else None
    if score is None:
        return RegionReport(region, year, record, None)
    by_month = {m.month: m for m in score.months}
    lines = tuple(
        MonthLine(stored, by_month[stored.month], by_month[stored.month].to_dict(), SETTINGS.weights(stored.month))
        for stored in record.months
    )
    return RegionReport(region, year, record, score, lines)
