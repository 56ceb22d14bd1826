"""Hubei service centres: keep centres, their year's evidence and service records; score them with the engine.

Each public function that writes is one unit of work (``transaction()``); the audit trail
records every row it changes (``app/services/audit.py``), against the centre.

Scoring never happens here: ``assessment_document`` writes the stored year as the very
JSON document ``jixiao centre score`` reads, and ``score_year`` hands it to the engine's
own reader and scorer, so a page shows what the command prints for the same data.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from app.centres.hubei.records import ServiceDraft, read_records
from app.centres.hubei.sheet import CATEGORY_LABELS, consequence_text, score_sheet
from app.centres.models import Centre, CentreAssignment, CentreClaim, CentreServiceRecord, CentreTraining, CentreYear
from app.centres.rules import InputError, read_assessment, score_assessment
from app.centres.rules.hubei_drafts import APPEND, REPLACE, CentreDraft, EvidenceDraft, TrainingDraft
from app.centres.rules.hubei_model import (
    CLAUSES,
    SERVICE_ITEMS,
    AssessmentResult,
    Category,
    CentreScore,
    Grade,
    HubeiSettings,
    Level,
)
from app.centres.rules.hubei_status import Consequences, Requirement, Staffing, consequences, recognition_gaps
from app.domain.errors import DomainError
from app.domain.projects import Problem
from app.extensions import db
from app.models import Unit
from app.services import audit, conflicts, transaction

SETTINGS = HubeiSettings()
CATEGORIES = tuple(category.value for category in Category)
CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.-]{0,31}$")
FIRST_YEAR, LAST_YEAR = 1990, 2200
MAX_CODE = 64
COUNTS = (
    ("staff", "工作人员数"),
    ("staff_experienced", "3 年以上外贸从业人员数"),
    ("customs_declarants", "专业报关员数"),
    ("linguists", "外语人才数"),
    ("meetings", "参加会议、活动次数"),
    ("complaints", "有效投诉数"),
    ("harmful_acts", "有损行为数"),
    ("praises", "表扬、典型发言、正面宣传次数"),
)


# -- centres -------------------------------------------------------------------------------


def visible(centre: Centre, unit_ids: frozenset[int] | None) -> bool:
    """Whether a user limited to UNIT_IDS (None: every unit) sees the centre; a centre without a unit is everyone's."""
    return unit_ids is None or centre.unit_id is None or centre.unit_id in unit_ids


def list_centres(unit_ids: frozenset[int] | None = None) -> list[Centre]:
    """The centres the units cover (None: all), by code."""
    centres = db.session.scalars(select(Centre).options(selectinload(Centre.unit)).order_by(Centre.code))
    return [centre for centre in centres if visible(centre, unit_ids)]


def get_centre(centre_id: int) -> Centre | None:
    return db.session.get(Centre, centre_id)


def find_centre(code: str) -> Centre | None:
    return db.session.scalar(select(Centre).where(Centre.code == code))


def _check_centre(draft: CentreDraft) -> CentreDraft:
    draft = CentreDraft(
        code=(draft.code or "").strip(), name=(draft.name or "").strip(), level=draft.level,
        park=(draft.park or "").strip(), company=(draft.company or "").strip(),
        contract_start=draft.contract_start, contract_end=draft.contract_end, unit_id=draft.unit_id,
        note=(draft.note or "").strip(),
    )
    problems = []
    if not CODE.match(draft.code):
        problems.append(Problem("code", "中心编号应为 1 至 32 位字母、数字或 - _ .，以字母或数字开头"))
    if not draft.name:
        problems.append(Problem("name", "请填写中心名称"))
    elif len(draft.name) > 200:
        problems.append(Problem("name", "中心名称不能超过 200 字"))
    if draft.level not in {level.value for level in Level}:
        problems.append(Problem("level", "园区级别应为国家级或省级"))
    for key, label in (("park", "所在开发区（园区）"), ("company", "承办企业")):
        if len(getattr(draft, key)) > 200:
            problems.append(Problem(key, f"{label}不能超过 200 字"))
    for key, label in (("contract_start", "合同起始年度"), ("contract_end", "合同截止年度")):
        value = getattr(draft, key)
        if value is not None and not FIRST_YEAR <= value <= LAST_YEAR:
            problems.append(Problem(key, f"{label}应在 {FIRST_YEAR} 至 {LAST_YEAR} 之间"))
    if draft.contract_start and draft.contract_end and draft.contract_end < draft.contract_start:
        problems.append(Problem("contract_end", "合同截止年度不能早于起始年度"))
    if draft.unit_id is not None and db.session.get(Unit, draft.unit_id) is None:
        problems.append(Problem("unit_id", "所选单位不存在"))
    if problems:
        raise DomainError(problems)
    return draft


def _apply(centre: Centre, draft: CentreDraft) -> None:
    centre.code, centre.name, centre.level = draft.code, draft.name, draft.level
    centre.park, centre.company, centre.note = draft.park, draft.company, draft.note
    centre.contract_start, centre.contract_end, centre.unit_id = draft.contract_start, draft.contract_end, draft.unit_id


def create_centre(draft: CentreDraft) -> Centre:
    """Create a centre; its code must be new."""
    draft = _check_centre(draft)
    with transaction():
        if find_centre(draft.code) is not None:
            raise DomainError(f"中心编号 {draft.code} 已存在", "code")
        centre = Centre()
        _apply(centre, draft)
        db.session.add(centre)
    return centre


def update_centre(centre: Centre, draft: CentreDraft) -> Centre:
    """Change a centre's particulars; its code stays unique."""
    draft = _check_centre(draft)
    with transaction():
        other = find_centre(draft.code)
        if other is not None and other.id != centre.id:
            raise DomainError(f"中心编号 {draft.code} 已存在", "code")
        _apply(centre, draft)
    return centre


def delete_centre(centre: Centre) -> None:
    """Delete a centre with its evidence, service records and assignments."""
    with transaction():
        db.session.delete(centre)


# -- a year's evidence ---------------------------------------------------------------------


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(f"年度应在 {FIRST_YEAR} 至 {LAST_YEAR} 之间", "year")


def _check_evidence(year: int, draft: EvidenceDraft) -> None:
    problems = []
    for key, label in COUNTS:
        value = getattr(draft, key)
        if value is None or value < 0:
            problems.append(Problem(key, f"{label}应为不小于 0 的整数"))
    for key, label in (("staff_experienced", "3 年以上外贸从业人员数"), ("customs_declarants", "专业报关员数"), ("linguists", "外语人才数")):
        value = getattr(draft, key)
        if value is not None and draft.staff is not None and value > draft.staff:
            problems.append(Problem(key, f"{label}（{value}）不能超过工作人员数（{draft.staff}）"))
    try:
        area = Decimal(draft.floor_area)
        if not area.is_finite() or area < 0 or area >= Decimal("100000000"):
            raise InvalidOperation
    except (InvalidOperation, TypeError, ValueError):
        problems.append(Problem("floor_area", "服务场地面积应为不小于 0 的数（平方米）"))
    for index, training in enumerate(draft.trainings):
        if training.day is not None and training.day.year != year:
            problems.append(Problem(f"trainings-{index}-day", f"第 {index + 1} 场培训的日期 {training.day.isoformat()} 不在 {year} 年度内"))
        if training.companies is None or training.companies < 0:
            problems.append(Problem(f"trainings-{index}-companies", f"第 {index + 1} 场培训的参会企业数应为不小于 0 的整数"))
        if len(training.title or "") > 200:
            problems.append(Problem(f"trainings-{index}-title", f"第 {index + 1} 场培训的名称不能超过 200 字"))
    for category, codes in draft.claims.items():
        if category not in CATEGORIES:
            problems.append(Problem(category, f"未知的企业类别 {category}"))
            continue
        for code in codes:
            if len(code) > MAX_CODE:
                problems.append(Problem(category, f"{CATEGORY_LABELS[category]}的编码“{code[:20]}…”超过 {MAX_CODE} 位"))
    if problems:
        raise DomainError(problems)


def get_evidence(centre: Centre, year: int) -> CentreYear | None:
    return db.session.scalar(select(CentreYear).where(CentreYear.centre_id == centre.id, CentreYear.year == year))


def evidence_version(evidence: CentreYear | None) -> int:
    """The version a page of the year's evidence carries back: 0 while the year has none."""
    return evidence.version if evidence is not None else 0


def save_evidence(
    centre: Centre, year: int, draft: EvidenceDraft, version: str | int | None = None, seen: str | int | None = None
) -> CentreYear:
    """Store the year's evidence; child rows are updated in place so the audit trail shows what changed.

    With ``version`` (from the page), a save by someone else since the page was opened is refused
    with who changed what (``app.services.conflicts``).
    """
    check_year(year)
    _check_evidence(year, draft)
    noun = f"{centre.name} {year} 年度的考核材料"
    try:
        with transaction():
            evidence = _store_evidence(centre, year, draft, version, seen, noun)
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
    _place(evidence.trainings, draft.trainings, CentreTraining, _fill_training)
    for category in CATEGORIES:
        kept = sorted((c for c in evidence.claims if c.category == category), key=lambda c: c.position)
        codes = draft.claims.get(category, ())
        for position, code in enumerate(codes):
            if position < len(kept):
                claim = kept[position]
            else:
                claim = CentreClaim(category=category)
                evidence.claims.append(claim)
            claim.position, claim.code = position, code
        for claim in kept[len(codes):]:
            evidence.claims.remove(claim)
    return evidence


def _fill_training(row: CentreTraining, position: int, draft: TrainingDraft) -> None:
    row.position, row.day, row.companies, row.title = position, draft.day, int(draft.companies), (draft.title or "").strip()


def _place(rows: list, drafts, model, fill) -> None:
    """Update ROWS in place by position from DRAFTS: extra rows go, missing ones are added."""
    for position, draft in enumerate(drafts):
        if position < len(rows):
            row = rows[position]
        else:
            row = model()
            rows.append(row)
        fill(row, position, draft)
    del rows[len(drafts):]


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


# -- service records -----------------------------------------------------------------------


def _in_year(year: int):
    return CentreServiceRecord.requested.between(datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def _records_query(centre_ids, year: int):
    return (
        select(CentreServiceRecord)
        .where(CentreServiceRecord.centre_id.in_(centre_ids), _in_year(year))
        .order_by(CentreServiceRecord.centre_id, CentreServiceRecord.position, CentreServiceRecord.id)
    )


def service_records(centre: Centre, year: int) -> list[CentreServiceRecord]:
    """The centre's records of the year, in the order the scoring numbers them (第 1 条 …)."""
    return list(db.session.scalars(_records_query([centre.id], year)))


def item_counts(records) -> list[tuple[str, int]]:
    """How many records each of the 14 items holds, in the seed's order."""
    counts = Counter(record.item for record in records)
    return [(item, counts.get(item, 0)) for item in SERVICE_ITEMS]


@dataclass(frozen=True)
class ImportPreview:
    """What an import would do: the rows read, what they replace, and the score before and after."""

    year: int
    mode: str
    records: tuple[ServiceDraft, ...]
    replaced: int  # stored records of the year the import removes
    kept: int  # stored records of the year it keeps
    counts: list[tuple[str, int]]  # per item, after the import
    before: CentreScore
    after: CentreScore
    duplicates: tuple[dict, ...]  # the 第十一条 findings after the import


def preview_import(centre: Centre, year: int, filename: str, data: bytes, mode: str, **limits) -> ImportPreview:
    """Read the file and tell what importing it would change; nothing is stored."""
    check_year(year)
    if mode not in (REPLACE, APPEND):
        raise DomainError("请选择导入方式", "mode")
    drafts = tuple(read_records(filename, data, year, **limits))
    stored = service_records(centre, year)
    combined = ([record_input(r) for r in stored] if mode == APPEND else []) + [d.to_input() for d in drafts]
    before = score_year(year, include=(centre,)).score_of(centre.code)
    after = score_year(year, include=(centre,), services={centre.code: combined}).score_of(centre.code)
    counts = Counter(record["item"] for record in combined)
    duplicates = tuple(f for f in after.to_dict()["findings"] if f["clause"] == CLAUSES["duplicate"])
    return ImportPreview(
        year=year, mode=mode, records=drafts,
        replaced=len(stored) if mode == REPLACE else 0, kept=len(stored) if mode == APPEND else 0,
        counts=[(item, counts.get(item, 0)) for item in SERVICE_ITEMS],
        before=before, after=after, duplicates=duplicates,
    )


def import_records(
    centre: Centre, year: int, filename: str, data: bytes, mode: str, shown_name: str | None = None, **limits
) -> ImportPreview:
    """Store every row of the file (after removing the year's records when replacing), or none.

    The trail gets one "导入" event naming the file (SHOWN_NAME: the name the user uploaded),
    besides a row per record created or removed.
    """
    preview = preview_import(centre, year, filename, data, mode, **limits)
    replaced = f"，替换原有 {preview.replaced} 条" if preview.replaced else ""
    comment = f"导入 {shown_name or filename}（{year} 年度 {len(preview.records)} 条服务记录{replaced}）"
    store_records(centre, year, preview.records, mode, comment)
    return preview


def store_records(centre: Centre, year: int, drafts, mode: str = APPEND, comment: str = "") -> int:
    """Add checked records to the year (replacing its records first when MODE is replace); return how many."""
    outside = [draft for draft in drafts if draft.requested.year != year]
    if outside:
        raise DomainError(f"有 {len(outside)} 条服务记录的申请日期不在 {year} 年度内")
    with transaction():
        if comment:
            audit.record("import", centre, comment=comment)
        stored = service_records(centre, year)
        start = 0
        if mode == REPLACE:
            for record in stored:
                db.session.delete(record)
        elif stored:
            start = max(record.position for record in stored) + 1
        db.session.add_all(
            CentreServiceRecord(
                centre_id=centre.id, position=start + number, client=draft.client, item=draft.item, matter=draft.matter,
                requested=draft.requested, evaluated=draft.evaluated, rating=draft.rating,
            )
            for number, draft in enumerate(drafts)
        )
    return len(drafts)


def clear_records(centre: Centre, year: int) -> int:
    """Delete the centre's service records of the year; return how many."""
    with transaction():
        stored = service_records(centre, year)
        for record in stored:
            db.session.delete(record)
    return len(stored)


def record_input(record: CentreServiceRecord) -> dict:
    """A stored record as the scoring input carries it."""
    return ServiceDraft(
        record.client, record.item, record.matter, record.requested, record.evaluated, record.rating
    ).to_input()


# -- scoring -------------------------------------------------------------------------------


def participants(year: int) -> list[Centre]:
    """The centres assessed in YEAR: those with evidence or service records for it, by code."""
    with_evidence = select(CentreYear.centre_id).where(CentreYear.year == year)
    with_records = select(CentreServiceRecord.centre_id).where(_in_year(year))
    ids = set(db.session.scalars(with_evidence)) | set(db.session.scalars(with_records))
    if not ids:
        return []
    return list(db.session.scalars(select(Centre).where(Centre.id.in_(ids)).order_by(Centre.code)))


def assessment_document(year: int, include=(), services: dict[str, list[dict]] | None = None) -> tuple[dict, list[Centre]]:
    """Write the stored YEAR as the input of ``jixiao centre score`` (with the centres INCLUDE'd even if idle).

    SERVICES replaces the records of the centres it names (an import's preview). Return the
    document and the centres in its order.
    """
    centres = {centre.id: centre for centre in participants(year)}
    for centre in include:
        centres.setdefault(centre.id, centre)
    ordered = sorted(centres.values(), key=lambda c: c.code)
    ids = [centre.id for centre in ordered]
    evidence = {
        row.centre_id: row
        for row in db.session.scalars(
            select(CentreYear)
            .where(CentreYear.year == year, CentreYear.centre_id.in_(ids))
            .options(selectinload(CentreYear.trainings), selectinload(CentreYear.claims))
        )
    } if ids else {}
    records: dict[int, list[dict]] = {}
    if ids:
        for record in db.session.scalars(_records_query(ids, year)):
            records.setdefault(record.centre_id, []).append(record_input(record))
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


class _History:
    """Scores of the years before, computed once per year asked."""

    def __init__(self, first: YearScores) -> None:
        self.years = {first.year: first}

    def scores(self, year: int) -> YearScores:
        if year not in self.years:
            self.years[year] = score_year(year)
        return self.years[year]

    def grades(self, centre: Centre, year: int) -> list[tuple[int, Grade]]:
        """The centre's grades of consecutive assessed years up to YEAR, oldest first, within its contract."""
        lookback = max(SETTINGS.contract_years, SETTINGS.poor_years_to_revoke)
        found: list[tuple[int, Grade]] = []
        for past in range(year, year - lookback, -1):
            if past < year and centre.contract_start and past < centre.contract_start:
                break  # a new contract starts afresh
            score = self.scores(past).score_of(centre.code)
            if score is None:
                break
            found.insert(0, (past, score.grade))
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
    """Rank every centre assessed in YEAR by total; show those UNIT_IDS cover (None: all)."""
    check_year(year)
    scores = score_year(year)
    history = _History(scores)
    ordered = sorted(scores.result.centres, key=lambda s: (-s.to_dict()["total"], s.id))
    rows, rank, previous = [], 0, None
    for position, score in enumerate(ordered, start=1):
        total = score.to_dict()["total"]
        if total != previous:
            rank, previous = position, total
        centre = scores.centre(score.id)
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


# -- assignments (000 第十条) ---------------------------------------------------------------


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
