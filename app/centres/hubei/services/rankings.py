"""The year's ranking and what each grade means across years (001 第十一条、第十二条).

A grade's consequences depend on the years before (较差 twice in a row, a contract's years). Each
year's totals and grades are kept (``centre_year_score``) when a year is scored whole, so the
ranking reads past years back instead of scoring them again; any change of what a year's scores
are made of forgets that year (``forget_changed_years``, a flush listener), and the next ranking
that needs it scores it again.
"""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import delete, event, insert, inspect, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from app.centres.hubei.services.assignments import assignments
from app.centres.hubei.services.centres import list_centres, visible
from app.centres.hubei.services.evidence import get_evidence
from app.centres.hubei.services.scoring import SETTINGS, ConflictView, YearScores, conflicts_of, participants, score_year
from app.centres.hubei.sheet import consequence_text, score_sheet
from app.centres.models import (
    Centre,
    CentreAssignment,
    CentreClaim,
    CentreServiceRecord,
    CentreTraining,
    CentreYear,
    CentreYearScore,
)
from app.centres.rules.hubei_checks import check_year
from app.centres.rules.hubei_model import CentreScore, Grade, Level
from app.centres.rules.hubei_status import Consequences, Requirement, Staffing, consequences, recognition_gaps
from app.extensions import db

WRITTEN = "centres_written"  # session.info: the transaction has flushed changes

# -- each year's scores, kept ----------------------------------------------------------------


def stored_grades(year: int) -> dict[int, Grade] | None:
    """The grades kept for YEAR by centre id, or None when the year is not kept (never scored, or changed since)."""
    rows = db.session.execute(select(CentreYearScore.centre_id, CentreYearScore.grade).where(CentreYearScore.year == year)).all()
    return {centre_id: Grade(grade) for centre_id, grade in rows} if rows else None


def keep_scores(scores: YearScores) -> None:
    """Keep the totals and grades of a year scored whole (replacing what was kept), in a transaction of its own.

    Nothing is kept while the session holds changes of its own, flushed or not (they would be
    committed with it), nor when another request kept the year at the same time.
    """
    session = db.session()
    if session.new or session.dirty or session.deleted or session.info.get(WRITTEN) or not scores.centres:
        return
    ids = {centre.code: centre.id for centre in scores.centres}
    rows = [
        {"centre_id": ids[score.id], "year": scores.year, "total": Decimal(score.to_dict()["total"]), "grade": score.grade.value}
        for score in scores.result.centres
    ]
    expire = session.expire_on_commit
    session.expire_on_commit = False  # the page goes on reading the centres it loaded
    try:
        session.execute(delete(CentreYearScore).where(CentreYearScore.year == scores.year))
        session.execute(insert(CentreYearScore), rows)
        session.commit()
    except (IntegrityError, OperationalError):
        session.rollback()
    finally:
        session.expire_on_commit = expire


def forget_changed_years(session: Session, flush_context, instances) -> None:
    """Forget the kept scores of every year a flush changes the evidence, records or assignments of."""
    years, every = set(), False
    for obj in [*session.new, *session.dirty, *session.deleted]:
        if isinstance(obj, Centre):
            # a centre's level scores it differently; its deletion frees the companies it claimed
            every = every or obj in session.deleted or (obj in session.dirty and session.is_modified(obj, include_collections=False))
        elif isinstance(obj, (CentreYear, CentreAssignment)):
            years.update(_values(obj, "year"))
        elif isinstance(obj, (CentreTraining, CentreClaim)):
            evidence = obj.evidence or (db.session.get(CentreYear, obj.evidence_id) if obj.evidence_id else None)
            years.update(_values(evidence, "year") if evidence is not None else ())
            every = every or evidence is None
        elif isinstance(obj, CentreServiceRecord):
            years.update(day.year for day in _values(obj, "requested"))
    if not (years or every):
        return
    statement = delete(CentreYearScore)
    if not every:
        statement = statement.where(CentreYearScore.year.in_(sorted(years)))
    session.connection().execute(statement)


def _values(obj, key: str) -> set:
    """The attribute's value now and before the change."""
    history = inspect(obj).attrs[key].history
    return {value for value in (*history.added, *history.unchanged, *history.deleted, getattr(obj, key)) if value is not None}


def _mark_written(session: Session, flush_context) -> None:
    session.info[WRITTEN] = True


def _clear_written(session: Session, *args) -> None:
    session.info.pop(WRITTEN, None)


def install() -> None:
    """Listen to flushes once per process."""
    if event.contains(Session, "before_flush", forget_changed_years):
        return
    event.listen(Session, "before_flush", forget_changed_years)
    event.listen(Session, "after_flush", _mark_written)
    event.listen(Session, "after_commit", _clear_written)
    event.listen(Session, "after_soft_rollback", _clear_written)


# -- grades across years ---------------------------------------------------------------------


class _History:
    """Grades of the years before YEAR: kept ones read back, the others scored once and kept."""

    def __init__(self, first: YearScores) -> None:
        self.first = first
        self.years: dict[int, dict[int, Grade]] = {}

    def year_grades(self, year: int) -> dict[int, Grade]:
        if year == self.first.year:
            return {c.id: s.grade for c in self.first.centres if (s := self.first.score_of(c.code)) is not None}
        if year not in self.years:
            grades = stored_grades(year)
            if grades is None:
                scores = score_year(year)
                keep_scores(scores)
                grades = {c.id: s.grade for c in scores.centres if (s := scores.score_of(c.code)) is not None}
            self.years[year] = grades
        return self.years[year]

    def grades(self, centre: Centre, year: int) -> list[tuple[int, Grade]]:
        """The centre's grades of consecutive assessed years up to YEAR, oldest first, within its contract."""
        lookback = max(SETTINGS.contract_years, SETTINGS.poor_years_to_revoke)
        found: list[tuple[int, Grade]] = []
        for past in range(year, year - lookback, -1):
            if past < year and centre.contract_start and past < centre.contract_start:
                break  # a new contract starts afresh
            grade = self.year_grades(past).get(centre.id)
            if grade is None:
                break
            found.insert(0, (past, grade))
        return found


@dataclass(frozen=True)
class Standing:
    """What the year's grade means (001 第十一条、第十二条)."""

    history: tuple[tuple[int, Grade], ...]
    consequences: Consequences
    text: str


def _standing(history: _History, centre: Centre, year: int) -> Standing:
    grades = history.grades(centre, year)
    result = consequences(tuple(grade for _, grade in grades), Level(centre.level), SETTINGS)
    return Standing(tuple(grades), result, consequence_text(result))


# -- one centre ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CentreReport:
    """Everything the score page of one centre and year shows."""

    centre: Centre
    year: int
    evidence: CentreYear | None
    assessed: bool  # has evidence or records for the year
    score: CentreScore
    sheet: dict
    conflicts: list[ConflictView]
    recognition: tuple[Requirement, ...]
    standing: Standing
    records: int
    document: dict


def centre_report(centre: Centre, year: int) -> CentreReport:
    """Score the year with every centre (conflicts need them all) and describe this one."""
    check_year(year)
    scores = score_year(year, include=(centre,))
    score = scores.score_of(centre.code)
    evidence = get_evidence(centre, year)
    assessed = any(c.id == centre.id for c in participants(year))
    staffing = Staffing(
        evidence.staff, evidence.staff_experienced, evidence.customs_declarants, evidence.linguists
    ) if evidence else Staffing(0)
    gaps = recognition_gaps(Level(centre.level), staffing, evidence.floor_area if evidence else Decimal(0), SETTINGS)
    entry = next(c for c in scores.document["centres"] if c["id"] == centre.code)
    return CentreReport(
        centre=centre, year=year, evidence=evidence, assessed=assessed, score=score, sheet=score_sheet(score, SETTINGS),
        conflicts=conflicts_of(scores, centre.code), recognition=gaps, standing=_standing(_History(scores), centre, year),
        records=len(entry["services"]), document=scores.document,
    )


# -- the ranking -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RankRow:
    rank: int
    centre: Centre
    score: CentreScore
    sheet: dict
    standing: Standing


@dataclass(frozen=True)
class Ranking:
    year: int
    rows: list[RankRow]
    conflicts: list[ConflictView]
    assignments: list[CentreAssignment]
    idle: list[Centre]  # visible centres under contract this year without any evidence or record
    total: int  # centres assessed, the invisible ones included


def ranking(year: int, unit_ids: frozenset[int] | None = None) -> Ranking:
    """Rank every centre assessed in YEAR by total; show those UNIT_IDS cover (None: all). The year's grades are kept."""
    check_year(year)
    scores = score_year(year)
    keep_scores(scores)
    history = _History(scores)
    totals = {score.id: score.to_dict()["total"] for score in scores.result.centres}
    ordered = sorted(scores.result.centres, key=lambda s: (-totals[s.id], s.id))
    centres = {centre.code: centre for centre in scores.centres}
    rows, rank, previous = [], 0, None
    for position, score in enumerate(ordered, start=1):
        total = totals[score.id]
        if total != previous:
            rank, previous = position, total
        centre = centres[score.id]
        if visible(centre, unit_ids):
            rows.append(RankRow(rank, centre, score, score_sheet(score, SETTINGS), _standing(history, centre, year)))
    shown = {row.centre.id for row in rows}
    conflicts = [c for c in conflicts_of(scores) if any(centre.id in shown for centre in c.centres)]
    shown_assignments = [a for a in assignments(year) if visible(a.centre, unit_ids)]
    assessed = {centre.id for centre in scores.centres}
    idle = [
        centre for centre in list_centres(unit_ids)
        if centre.id not in assessed and centre.contract_start and centre.contract_start <= year <= (centre.contract_end or year)
    ]
    return Ranking(year, rows, conflicts, shown_assignments, idle, len(ordered))
