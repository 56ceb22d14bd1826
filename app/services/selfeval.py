"""年终自评: load a project's year-end entry, check it, save it, submit it, score a year.

The rules are in ``app.domain.selfeval`` (scoring) and ``app.domain.yearend`` (what a
draft may be saved and submitted with); this module only moves rows in and out.
"""

import json
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, selectinload
from sqlalchemy.orm.exc import StaleDataError

from app.domain import workflow
from app.domain.access import Principal
from app.domain.actuals import Grade
from app.domain.errors import DomainError, Problem
from app.domain.payments import Source
from app.domain.schemes import describe
from app.domain.selfeval import Evaluation, Scheme, evaluation_to_json
from app.domain.yearend import (
    DRAFT,
    NOT_ENTERED,
    STATUS_LABELS,
    IndicatorFacts,
    ProjectFacts,
    RowEntry,
    Verdict,
    YearEndEntry,
    check,
)
from app.extensions import db
from app.models import Indicator, IndicatorEvaluation, Payment, Project, ProjectEvaluation, ProjectGoal, Unit
from app.services import audit, conflicts, listing, payments, schemes, transaction
from app.services.workflow import mark_step

_GRADES = {grade.value: grade for grade in Grade}


@dataclass(frozen=True)
class YearEnd:
    """A project at year end: its table, what was entered, and the checker's verdict."""

    project: Project
    facts: ProjectFacts
    entry: YearEndEntry
    verdict: Verdict
    status: str  # a key of STATUS_LABELS, or "" when nothing was entered yet
    review_comment: str = ""
    scheme: Scheme | None = None  # what it is scored with (app.services.schemes)

    @property
    def scheme_lines(self) -> list[str]:
        """The rules it is scored by, in plain Chinese."""
        return describe(self.scheme) if self.scheme is not None else []

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, NOT_ENTERED)

    @property
    def editable(self) -> bool:
        return workflow.is_editable(self.status)


def _load_options():
    return (
        selectinload(Project.unit),
        selectinload(Project.goals),
        selectinload(Project.indicators),
    )


def get_project(project_id: int) -> Project | None:
    """Load a project with what the year-end page shows."""
    return db.session.scalar(select(Project).where(Project.id == project_id).options(*_load_options()))


def stored_evaluation(project: Project) -> ProjectEvaluation | None:
    stmt = (
        select(ProjectEvaluation)
        .where(ProjectEvaluation.project_id == project.id)
        .options(selectinload(ProjectEvaluation.rows))
    )
    return db.session.scalar(stmt)


def facts_of(project: Project) -> ProjectFacts:
    """What the target table contributes: 年初预算数 and the indicators in table order."""
    return ProjectFacts(
        budget_total=project.budget_total,
        budget_fiscal=project.budget_fiscal,
        budget_other=project.budget_other,
        year=project.year,
        name=project.name,
        code=project.code,
        unit_name=project.unit.name,
        goals=tuple(goal.text for goal in project.goals),
        indicators=tuple(
            IndicatorFacts(i.id, i.level1, i.level2, i.name, i.target_text, project.year) for i in project.indicators
        ),
    )


def entry_of(evaluation: ProjectEvaluation | None, scheme: Scheme | None = None) -> YearEndEntry:
    """Describe a stored evaluation as an entry (blank when there is none); one part score per part of ``scheme``."""
    stored = json.loads(evaluation.part_scores) if evaluation is not None and evaluation.part_scores else {}
    names = [part.name for part in scheme.parts] if scheme is not None else list(stored)
    part_scores = tuple((name, Decimal(stored[name]) if stored.get(name) else None) for name in names)
    if evaluation is None:
        return YearEndEntry(part_scores=part_scores)
    return YearEndEntry(
        part_scores=part_scores,
        budget_adjusted=evaluation.budget_adjusted,
        spent_fiscal=evaluation.spent_fiscal,
        spent_carryover=evaluation.spent_carryover,
        spent_other=evaluation.spent_other,
        execution_reason=evaluation.execution_reason or "",
        overall_actual=evaluation.overall_actual or "",
        supervising_department=evaluation.supervising_department or "",
        rows=tuple(
            RowEntry(
                indicator_id=row.indicator_id,
                actual=row.actual or "",
                grade=_GRADES.get(row.grade or ""),
                grade_percent=row.grade_percent,
                weight=row.weight,
                not_applicable=row.not_applicable,
                deviation_reason=row.deviation_reason or "",
                direction=row.direction,
            )
            for row in evaluation.rows
        ),
    )


def year_end(project: Project, entry: YearEndEntry | None = None) -> YearEnd:
    """The project's year end: the stored entry (or ``entry``, typed but not saved) and its verdict."""
    evaluation = stored_evaluation(project)
    return _year_end(project, evaluation, entry)


def _year_end(project: Project, evaluation: ProjectEvaluation | None, entry: YearEndEntry | None = None,
              live: Scheme | None = None) -> YearEnd:
    facts = facts_of(project)
    scheme = scheme_of(project, evaluation, live)
    entry = entry_of(evaluation, scheme) if entry is None else entry
    status, comment = (evaluation.status, evaluation.review_comment or "") if evaluation else ("", "")
    return YearEnd(project, facts, entry, check(facts, entry, scheme), status, comment, scheme)


def scheme_of(project: Project, evaluation: ProjectEvaluation | None, live: Scheme | None = None) -> Scheme:
    """A draft follows its unit's scheme of the year; a submitted or approved evaluation keeps its own."""
    if evaluation is not None and evaluation.scheme_rules and not workflow.is_editable(evaluation.status):
        return schemes.from_text(evaluation.scheme_rules)
    return live if live is not None else schemes.scheme_for(project.unit_id, project.year)


def version_of(project: Project) -> int:
    """The version a year-end page carries back: 0 while the project has no entry."""
    evaluation = stored_evaluation(project)
    return evaluation.version if evaluation is not None else 0


def mark(project: Project) -> int:
    """The newest audit event of the project's entry (what a page showed), for the ``seen`` of a save."""
    return conflicts.mark(stored_evaluation(project) or ProjectEvaluation(project_id=project.id))


def _check_version(project: Project, version, seen) -> None:
    """With ``version`` (from the page), refuse a save based on an entry someone else has saved since."""
    if version is None:
        return  # a caller that opened no page (scripts, tests of the rules)
    expected = conflicts.parse_int(version)
    if expected is None or expected != version_of(project):
        raise _conflict(project, seen)


def _conflict(project: Project, seen):
    evaluation = stored_evaluation(project) or ProjectEvaluation(project_id=project.id)
    return conflicts.conflict(evaluation, conflicts.parse_int(seen), "该项目的年终自评")


@contextmanager
def _versioned_save(project: Project, version, seen):
    """One transaction that refuses a lost update, before the save and, by the version column, during it."""
    try:
        with transaction():
            _check_version(project, version, seen)
            yield
    except (StaleDataError, IntegrityError):  # saved (or first created) by someone else meanwhile
        raise _conflict(project, seen) from None


def save(project: Project, entry: YearEndEntry, version=None, seen=None) -> YearEnd:
    """Save the entry as a draft, blanks and all; refuse (saving nothing) what is wrong.

    ``version`` and ``seen`` come from the page: an entry saved by someone else since it was
    opened is refused, saying who changed what (``app.services.conflicts``).
    """
    with _versioned_save(project, version, seen):
        result = year_end(project, entry)
        _refuse_if_locked(result)
        problems = result.verdict.save_problems()
        if problems:
            raise DomainError(problems)
        _store(project, entry, status=result.status or DRAFT, scheme=result.scheme)
    return result


def submit(project: Project, entry: YearEndEntry, roles, version=None, seen=None) -> YearEnd:
    """Save and submit the entry (草稿/退回 → 已提交); refuse while anything is missing, wrong or lacks a 偏差原因.

    ``roles`` is the acting principal (``app.domain.access.Principal``: its roles, and its id
    recorded as the submitter) or, from the command line and the tests, a set of roles alone.
    """
    roles, actor_id = _acting(roles)
    with _versioned_save(project, version, seen):
        result = year_end(project, entry)
        _refuse_if_locked(result)
        status = workflow.transition(result.status, workflow.Action.SUBMIT, roles)
        problems = result.verdict.submit_problems()
        if problems:
            missing = result.verdict.missing_reasons
            if missing:
                head = f"以下项目缺少偏差原因分析及改进措施，不能提交：{'、'.join(missing)}"
            else:
                head = "自评尚未填写完整，不能提交"
            raise DomainError((Problem("", head), *problems))
        evaluation = _store(project, entry, status=status, scheme=result.scheme)
        mark_step(evaluation, workflow.Action.SUBMIT, actor_id)
        evaluation.review_comment = ""
        audit.note(evaluation, workflow.Action.SUBMIT)  # recorded as the step, not as a plain edit
    return _year_end(project, evaluation, entry)


def review(project: Project, action: str, roles, comment: str = "") -> str:
    """Take a review step (审核通过, 退回修改, 重新打开) on a stored evaluation; return the new status."""
    roles, actor_id = _acting(roles)
    with transaction():
        evaluation = stored_evaluation(project)
        if evaluation is None:
            raise DomainError("该项目尚未填报年终自评")
        own = actor_id is not None and evaluation.submitted_by_id == actor_id
        status = workflow.transition(evaluation.status, action, roles, comment, own=own, subject="自评")
        audit.note(evaluation, action, (comment or "").strip())
        evaluation.status = status
        evaluation.review_comment = (comment or "").strip()
        mark_step(evaluation, action, actor_id)
    return evaluation.status


def _acting(who) -> tuple[frozenset, int | None]:
    """The roles and the user id of the one acting: a Principal, or roles alone (no person: the command line)."""
    if isinstance(who, Principal):
        return who.roles, who.id
    return frozenset(who or ()), None


def _refuse_if_locked(result: YearEnd) -> None:
    if not result.editable:
        raise DomainError(f"自评{result.status_label}，不能修改")


def _store(project: Project, entry: YearEndEntry, status: str, scheme: Scheme | None = None) -> ProjectEvaluation:
    evaluation = stored_evaluation(project)
    if evaluation is None:
        evaluation = ProjectEvaluation(project_id=project.id, version=1)
        db.session.add(evaluation)
    else:
        conflicts.bump(evaluation)
    evaluation.status = status
    if scheme is not None:
        evaluation.scheme_rules = schemes.to_text(scheme)  # what it was scored with, kept once submitted
    scores = {name: str(score) for name, score in entry.part_scores if score is not None}
    evaluation.part_scores = json.dumps(scores, ensure_ascii=False, sort_keys=True) if scores else None
    evaluation.supervising_department = entry.supervising_department.strip()
    evaluation.budget_adjusted = entry.budget_adjusted
    evaluation.spent_fiscal = entry.spent_fiscal
    evaluation.spent_carryover = entry.spent_carryover
    evaluation.spent_other = entry.spent_other
    evaluation.execution_reason = entry.execution_reason.strip()
    evaluation.overall_actual = entry.overall_actual.strip()
    stored = {row.indicator_id: row for row in evaluation.rows}
    for indicator in project.indicators:
        typed = entry.row(indicator.id)
        row = stored.pop(indicator.id, None)
        if row is None:
            row = IndicatorEvaluation(indicator_id=indicator.id)
            evaluation.rows.append(row)
        row.actual = typed.actual.strip()
        row.grade = typed.grade.value if typed.grade else None
        row.grade_percent = typed.grade_percent
        row.weight = typed.weight
        row.not_applicable = typed.not_applicable
        row.deviation_reason = typed.deviation_reason.strip()
        row.direction = typed.direction
    for orphan in stored.values():  # an indicator no longer in the table
        evaluation.rows.remove(orphan)
    return evaluation


def year_ends(year: int, unit: Unit | None = None) -> list[YearEnd]:
    """Every project of a year (and unit) with its year end, in a fixed number of queries.

    Goals, indicators, entries and their rows are read by the year and unit (``listing.attach``),
    never by a list of project ids.
    """
    projects, evaluations, live = _year(year, unit)
    return [_year_end(p, evaluations.get(p.id), live=live[(p.unit_id, p.year)]) for p in projects]


def _year(year: int, unit: Unit | None, *, entered_only: bool = False):
    """The projects of a year (and unit), their entries by project id and the schemes by (unit, year).

    With ``entered_only``, goals and indicators are loaded for the projects with an entry only
    (the summary counts the others' indicators in SQL).
    """
    unit_id = unit.id if unit is not None else None
    scope = listing.project_scope(year, unit_id=unit_id)
    stmt = listing.filter_projects(
        select(Project).join(Project.unit).options(contains_eager(Project.unit)), year, unit_id=unit_id
    ).order_by(Project.unit_id, Project.id)
    projects = list(db.session.scalars(stmt))
    evaluations = {
        e.project_id: e
        for e in db.session.scalars(
            select(ProjectEvaluation).where(listing.in_scope(ProjectEvaluation.project_id, scope))
        )
    }
    tables, parents = scope, projects
    if entered_only:
        tables = select(ProjectEvaluation.project_id).where(listing.in_scope(ProjectEvaluation.project_id, scope))
        parents = [p for p in projects if p.id in evaluations]
    listing.attach(parents, "goals", ProjectGoal, ProjectGoal.project_id, tables, ProjectGoal.position, ProjectGoal.id)
    listing.attach(parents, "indicators", Indicator, Indicator.project_id, tables, Indicator.position, Indicator.id)
    entered = select(ProjectEvaluation.id).where(listing.in_scope(ProjectEvaluation.project_id, scope))
    listing.attach(
        evaluations.values(), "rows", IndicatorEvaluation, IndicatorEvaluation.evaluation_id, entered, IndicatorEvaluation.id
    )
    live = schemes.schemes_for((p.unit_id, p.year) for p in projects)
    return projects, evaluations, live


def _indicator_counts(year: int, unit: Unit | None) -> dict[int, int]:
    scope = listing.project_scope(year, unit_id=unit.id if unit is not None else None)
    rows = db.session.execute(
        select(Indicator.project_id, func.count(Indicator.id))
        .where(listing.in_scope(Indicator.project_id, scope))
        .group_by(Indicator.project_id)
    )
    return {project_id: n for project_id, n in rows}


def find_unit(code: str) -> Unit:
    unit = db.session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        raise DomainError(f"没有编码为 {code} 的预算单位")
    return unit


@dataclass(frozen=True)
class Scored:
    """A stored project whose year-end entry is complete, with its evaluation."""

    project: dict  # {id, code, name, unit}
    status: str  # 草稿, 已提交, …
    evaluation: Evaluation


def scored(year: int, unit_code: str | None = None) -> list[Scored]:
    """The stored year ends of a year (and unit) that can be scored, for ``jixiao selfeval --year``.

    Only projects whose entry is complete are scored: a project with no entry (未填报)
    or an unfinished draft has no score to print, so it is left out rather than scored
    on blanks (the summary page lists them all).
    """
    unit = find_unit(unit_code) if unit_code else None
    found = []
    for item in year_ends(year, unit):
        if item.verdict.evaluation is None:
            continue
        project = item.project
        identity = {"id": project.id, "code": project.code, "name": project.name, "unit": project.unit.code}
        found.append(Scored(identity, item.status_label, item.verdict.evaluation))
    return found


def score_stored(year: int, unit_code: str | None = None) -> list[dict]:
    """One ``evaluation_to_json`` document per scored project, with ``project`` and ``status`` added."""
    return [
        {"project": item.project, "status": item.status, **evaluation_to_json(item.evaluation)}
        for item in scored(year, unit_code)
    ]


@dataclass(frozen=True)
class SummaryRow:
    """One line of a unit's year summary (汇总表)."""

    project_id: int
    code: str
    name: str
    status: str
    budget: Decimal | None  # 全年预算数 (年初预算数 when not adjusted)
    spent: Decimal | None
    rate: Decimal | None
    score: Decimal | None
    grade: str
    indicators: int
    unmet: int
    missing_reasons: tuple[str, ...]
    complete: bool


# Sort keys of the summary; None (nothing to sort by yet) always goes last.
SORT_KEYS = {
    "code": lambda r: r.code,
    "name": lambda r: r.name,
    "status": lambda r: r.status,
    "rate": lambda r: r.rate,
    "score": lambda r: r.score,
    "grade": lambda r: "差中良优".index(r.grade) if r.grade in ("优", "良", "中", "差") else None,
    "unmet": lambda r: r.unmet,
    "missing": lambda r: len(r.missing_reasons),
}


def summary(year: int, unit: Unit | None = None, sort: str = "", descending: bool = False) -> list[SummaryRow]:
    """Every project of the year with execution rate, score, grade and what is missing; sorted by ``sort``."""
    projects, evaluations, live = _year(year, unit, entered_only=True)
    counts = _indicator_counts(year, unit)
    rows = [
        _summary_row(_year_end(p, evaluations[p.id], live=live[(p.unit_id, p.year)]))
        if p.id in evaluations else _not_entered_row(p, counts.get(p.id, 0))
        for p in projects
    ]
    key = SORT_KEYS.get(sort)
    if key is None:
        return rows
    known = sorted((r for r in rows if key(r) is not None), key=key, reverse=descending)
    return known + [r for r in rows if key(r) is None]


def _summary_row(item: YearEnd) -> SummaryRow:
    project, verdict, entry = item.project, item.verdict, item.entry
    execution = verdict.execution
    return SummaryRow(
        project_id=project.id,
        code=project.code or "",
        name=project.name,
        status=item.status_label,
        budget=entry.budget_adjusted if entry.budget_adjusted is not None else project.budget_total,
        spent=entry.spent,
        rate=execution.rate if execution else None,
        score=verdict.evaluation.total if verdict.evaluation else None,
        grade=verdict.evaluation.grade if verdict.evaluation else "",
        indicators=len(item.facts.indicators),
        unmet=verdict.unmet,
        missing_reasons=verdict.missing_reasons if item.status else (),
        complete=verdict.complete,
    )


def stored_row(project: Project, evaluation: ProjectEvaluation, **figures) -> SummaryRow:
    """The line of an entry whose figures are stored (``score_figures.stored_line``): the rest read off its rows.

    What ``_summary_row`` gives: the budget, 全年执行数 and status as ``entry_of`` and ``YearEnd`` read them.
    """
    spent = YearEndEntry(
        spent_fiscal=evaluation.spent_fiscal, spent_carryover=evaluation.spent_carryover, spent_other=evaluation.spent_other
    ).spent
    return SummaryRow(
        project_id=project.id,
        code=project.code or "",
        name=project.name,
        status=STATUS_LABELS.get(evaluation.status, NOT_ENTERED),
        budget=evaluation.budget_adjusted if evaluation.budget_adjusted is not None else project.budget_total,
        spent=spent,
        **figures,
    )


def _not_entered_row(project: Project, indicators: int) -> SummaryRow:
    """The summary line of a project with no year-end entry: nothing scored, nothing to check.

    What ``_summary_row`` gives for a blank entry (no execution, no row scored), without
    checking every indicator of every project a province has not entered yet.
    """
    return SummaryRow(
        project_id=project.id,
        code=project.code or "",
        name=project.name,
        status=NOT_ENTERED,
        budget=project.budget_total,
        spent=None,
        rate=None,
        score=None,
        grade="",
        indicators=indicators,
        unmet=0,
        missing_reasons=(),
        complete=False,
    )


@dataclass(frozen=True)
class RecordedSpending:
    """What the spending pages recorded for a project: a reference for 全年预算数 and 全年执行数."""

    budget: Decimal | None  # 调整后预算数, when the budget was adjusted
    fiscal: Decimal  # payments from 财政资金
    other: Decimal  # payments from 其他资金
    payments: int


def recorded_spending(project: Project) -> RecordedSpending | None:
    """The project's recorded payments by source and its adjusted budget; None when there are neither."""
    rows = db.session.execute(select(Payment.source, Payment.amount).where(Payment.project_id == project.id)).all()
    budget = payments.adjusted_budgets([project.id]).get(project.id)
    if not rows and budget is None:
        return None
    zero = Decimal("0.00")
    # Summed in Python: SQLite keeps NUMERIC as floating point.
    other = sum((amount for source, amount in rows if source == Source.OTHER.value), zero)
    fiscal = sum((amount for source, amount in rows if source != Source.OTHER.value), zero)
    return RecordedSpending(budget, fiscal, other, len(rows))

