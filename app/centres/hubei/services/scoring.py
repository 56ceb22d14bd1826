"""Scoring a stored year: the year written as the input of ``jixiao centre score``, scored by the engine.

Scoring never happens here: ``assessment_document`` writes the stored year as the very JSON
document ``jixiao centre score`` reads, and ``score_year`` hands it to the engine's own reader
and scorer, so a page shows what the command prints for the same data. The service records,
most of the data, are read as the columns the input carries (no ORM objects), streamed.
"""

import datetime
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from app.centres.hubei.services.evidence import claims_of
from app.centres.models import Centre, CentreAssignment, CentreServiceRecord, CentreYear
from app.centres.rules import InputError, read_assessment, score_assessment
from app.centres.rules.common import bulk_objects
from app.centres.rules.hubei_checks import CATEGORIES
from app.centres.rules.hubei_model import AssessmentResult, CentreScore, HubeiSettings
from app.domain.errors import DomainError, Problem
from app.extensions import db

SETTINGS = HubeiSettings()
STREAM_ROWS = 20000  # service records fetched per round trip


def in_year(year: int):
    """The service records whose request falls in YEAR (a record's year is its request's)."""
    return CentreServiceRecord.requested.between(datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def participants(year: int) -> list[Centre]:
    """The centres assessed in YEAR: those with evidence or service records for it, by code."""
    with_evidence = select(CentreYear.id).where(CentreYear.centre_id == Centre.id, CentreYear.year == year).exists()
    with_records = select(CentreServiceRecord.id).where(CentreServiceRecord.centre_id == Centre.id, in_year(year)).exists()
    return list(db.session.scalars(select(Centre).where(or_(with_evidence, with_records)).order_by(Centre.code)))


def _iso(column):
    """A date column as the input writes it (YYYY-MM-DD), made by the database: no date objects per row."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM-DD")
    return func.strftime("%Y-%m-%d", column)  # SQLite keeps a Date as that very text


def _records_input(year: int) -> dict[int, list[dict]]:
    """The year's service records per centre id, as the input carries them, in the order the scoring numbers them."""
    record = CentreServiceRecord
    stmt = (
        select(record.centre_id, record.client, record.item, record.matter, _iso(record.requested), _iso(record.evaluated), record.rating)
        .where(in_year(year))
        .order_by(record.centre_id, record.position, record.id)
        .execution_options(yield_per=STREAM_ROWS)
    )
    found: dict[int, list[dict]] = {}
    current, rows = None, None
    # Core execution on the session's connection, a batch at a time: plain rows, no ORM step per row.
    result = db.session.connection().execute(stmt)
    for batch in result.partitions(STREAM_ROWS):
        for centre_id, client, item, matter, requested, evaluated, rating in batch:
            if centre_id != current:
                current, rows = centre_id, found.setdefault(centre_id, [])
            rows.append({
                "client": client, "item": item, "matter": matter, "requested": requested, "evaluated": evaluated, "rating": rating,
            })
    return found


def assessment_document(year: int, include=(), services: dict[str, list[dict]] | None = None) -> tuple[dict, list[Centre]]:
    """Write the stored YEAR as the input of ``jixiao centre score`` (with the centres INCLUDE'd even if idle).

    SERVICES replaces the records of the centres it names (an import's preview). Return the
    document and the centres in its order.
    """
    centres = {centre.id: centre for centre in participants(year)}
    for centre in include:
        centres.setdefault(centre.id, centre)
    ordered = sorted(centres.values(), key=lambda c: c.code)
    evidence = {
        row.centre_id: row
        for row in db.session.scalars(
            select(CentreYear)
            .where(CentreYear.year == year)
            .options(selectinload(CentreYear.trainings), selectinload(CentreYear.claims))
        )
    } if ordered else {}
    records = _records_input(year) if ordered else {}
    services = services or {}
    document_centres = []
    for centre in ordered:
        document_centres.append(_centre_input(centre, evidence.get(centre.id), services.get(centre.code, records.get(centre.id, []))))
    document = {"year": year, "centres": document_centres}
    assignments = _assignments_input(year, {centre.id: centre.code for centre in ordered})
    if assignments:
        document["assignments"] = assignments
    return document, ordered


def _centre_input(centre: Centre, evidence: CentreYear | None, services: list[dict]) -> dict:
    item = {"id": centre.code, "name": centre.name, "level": centre.level}
    if evidence is not None:
        item.update(
            fixed_office=evidence.fixed_office, staff=evidence.staff, meetings=evidence.meetings,
            complaints=evidence.complaints, harmful_acts=evidence.harmful_acts, praises=evidence.praises,
            trainings=[
                {"date": t.day.isoformat() if t.day else None, "companies": t.companies}
                for t in sorted(evidence.trainings, key=lambda t: t.position)
            ],
        )
        item.update(claims_of(evidence))
    else:
        item.update(fixed_office=False, staff=0, meetings=0, complaints=0, harmful_acts=0, praises=0, trainings=[])
        item.update({category: [] for category in CATEGORIES})
    item["services"] = services
    return item


def _assignments_input(year: int, codes_by_id: dict[int, str]) -> dict:
    table: dict[str, dict[str, str]] = {}
    for row in db.session.scalars(select(CentreAssignment).where(CentreAssignment.year == year).order_by(CentreAssignment.id)):
        if row.centre_id in codes_by_id:  # a centre not assessed this year cannot be given a company
            table.setdefault(row.category, {})[row.code] = codes_by_id[row.centre_id]
    return table


@dataclass(frozen=True)
class YearScores:
    """The engine's result for the stored year, with the centres behind it."""

    year: int
    centres: tuple[Centre, ...]
    document: dict
    result: AssessmentResult

    def score_of(self, code: str) -> CentreScore | None:
        return next((score for score in self.result.centres if score.id == code), None)

    def centre(self, code: str) -> Centre | None:
        return next((centre for centre in self.centres if centre.code == code), None)


def score_year(year: int, include=(), services: dict[str, list[dict]] | None = None) -> YearScores:
    """Score every centre of YEAR through the engine, exactly as ``jixiao centre score`` would."""
    with bulk_objects():
        document, centres = assessment_document(year, include, services)
        try:
            assessment = read_assessment(document, SETTINGS)
        except InputError as err:  # stored data is checked on the way in; this would be a bug, said plainly
            raise DomainError([Problem("", message) for message in err.messages]) from None
        return YearScores(year, tuple(centres), document, score_assessment(assessment, SETTINGS))


@dataclass(frozen=True)
class ConflictView:
    category: str
    label: str
    code: str
    centres: tuple[Centre, ...]


def conflicts_of(scores: YearScores, code: str | None = None) -> list[ConflictView]:
    """The companies claimed by several centres (000 第十条), those of centre CODE only when given."""
    views = []
    for conflict in scores.result.conflicts:
        if code is not None and code not in conflict.centre_ids:
            continue
        centres = tuple(c for c in (scores.centre(i) for i in conflict.centre_ids) if c is not None)
        views.append(ConflictView(conflict.category.value, conflict.category.label, conflict.code, centres))
    return views
