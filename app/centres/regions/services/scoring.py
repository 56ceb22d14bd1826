"""Scoring regions by the engine, through the very document ``jixiao orders score`` reads (``engine_document``)."""

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.centres.models import Region, RegionMonth, RegionYear
from app.centres.regions.services.months import month_inputs, record_of
from app.centres.regions.services.regions import list_regions
from app.centres.regions.table import check_with_engine, engine_region
from app.centres.rules import ZhejiangSettings, score_region
from app.centres.rules.zhejiang import MonthScore, RegionScore
from app.extensions import db

SETTINGS = ZhejiangSettings()


def settings() -> ZhejiangSettings:
    """The rules' settings the pages explain (seed 002's numbers)."""
    return SETTINGS


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
