"""A centre's evidence for a year (000 第九条, 001 第六条、第七条): stored in place, checked for lost updates."""

import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.centres.models import Centre, CentreClaim, CentreServiceRecord, CentreTraining, CentreYear
from app.centres.rules.hubei_checks import CATEGORIES, COUNTS, check_year, evidence_problems
from app.centres.rules.hubei_drafts import EvidenceDraft, TrainingDraft
from app.domain.errors import DomainError
from app.extensions import db
from app.services import audit, conflicts, transaction
from app.services.sync import sync_by_position


def get_evidence(centre: Centre, year: int) -> CentreYear | None:
    return db.session.scalar(select(CentreYear).where(CentreYear.centre_id == centre.id, CentreYear.year == year))


def evidence_version(evidence: CentreYear | None) -> int:
    """The version a page of the year's evidence carries back: 0 while the year has none."""
    return evidence.version if evidence is not None else 0


def save_evidence(
    centre: Centre, year: int, draft: EvidenceDraft, version: str | int | None = None, seen: str | int | None = None,
    note: tuple[str, str] | None = None,
) -> CentreYear:
    """Store the year's evidence; child rows are updated in place so the audit trail shows what changed.

    With ``version`` (from the page), a save by someone else since the page was opened is refused
    with who changed what (``app.services.conflicts``).
    """
    check_year(year)
    problems = evidence_problems(year, draft)
    if problems:
        raise DomainError(problems)
    noun = f"{centre.name} {year} 年度的考核材料"
    try:
        with transaction():
            evidence = _store_evidence(centre, year, draft, version, seen, noun)
            if note is not None:  # (action, comment): the step that adds the new trainings, in the audit trail
                for row in evidence.trainings:
                    if row.id is None:
                        audit.note(row, *note)
    except (StaleDataError, IntegrityError):  # saved, or the year created, by someone else meanwhile
        raise conflicts.conflict(get_evidence(centre, year) or CentreYear(centre_id=centre.id, year=year),
                                 conflicts.parse_int(seen), noun) from None
    return evidence


def _store_evidence(centre, year, draft, version, seen, noun) -> CentreYear:
    evidence = get_evidence(centre, year)
    if version is not None:
        expected = conflicts.parse_int(version)
        if expected is None or expected != evidence_version(evidence):
            raise conflicts.conflict(evidence or CentreYear(centre_id=centre.id, year=year), conflicts.parse_int(seen), noun)
    if evidence is None:
        evidence = CentreYear(centre=centre, year=year, version=1)
        db.session.add(evidence)
    else:
        conflicts.bump(evidence)
    evidence.fixed_office = bool(draft.fixed_office)
    for key, _ in COUNTS:
        setattr(evidence, key, int(getattr(draft, key)))
    evidence.floor_area = Decimal(draft.floor_area).quantize(Decimal("0.01"))
    evidence.note = (draft.note or "").strip()
    sync_by_position(evidence.trainings, draft.trainings, CentreTraining, _fill_training)
    for category in CATEGORIES:
        # The category's claims as a list of their own: synced by position, then put back.
        stored = sorted((c for c in evidence.claims if c.category == category), key=lambda c: c.position)
        rows = list(stored)
        sync_by_position(rows, draft.claims.get(category, ()), lambda category=category: CentreClaim(category=category), _fill_claim)
        before, after = {id(c) for c in stored}, {id(c) for c in rows}
        evidence.claims.extend(claim for claim in rows if id(claim) not in before)
        for claim in stored:
            if id(claim) not in after:
                evidence.claims.remove(claim)
    return evidence


def _fill_training(row: CentreTraining, position: int, draft: TrainingDraft) -> None:
    row.position, row.day, row.companies, row.title = position, draft.day, int(draft.companies), (draft.title or "").strip()


def _fill_claim(row: CentreClaim, position: int, code: str) -> None:
    row.position, row.code = position, code


def claims_of(evidence: CentreYear | None) -> dict[str, list[str]]:
    """The codes the centre claims, per category, as listed."""
    found: dict[str, list[str]] = {category: [] for category in CATEGORIES}
    if evidence is not None:
        for claim in sorted(evidence.claims, key=lambda c: (c.category, c.position)):
            found.setdefault(claim.category, []).append(claim.code)
    return found


def years_in_use() -> list[int]:
    """Years with any evidence or service record, newest first."""
    years = set(db.session.scalars(select(CentreYear.year).distinct()))
    days = db.session.execute(select(func.min(CentreServiceRecord.requested), func.max(CentreServiceRecord.requested))).one()
    if days[0] is not None:
        years.update(range(days[0].year, days[1].year + 1))
    return sorted(years, reverse=True)


def default_year() -> int:
    years = years_in_use()
    return years[0] if years else datetime.date.today().year
