"""The year-end entry of a project (年终自评填报) and its verdict while it is still a draft.

``app.domain.selfeval.evaluate`` scores a complete project and stops at the first
problem. An officer types one row at a time, so ``check`` scores every row it can:
a row that cannot be scored yet is stood in for (same level and weight, so the
others keep their weights), and gets its own message. What the entry may be saved
with and what it may be submitted with are decided here too.
"""

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from app.domain.actuals import Grade
from app.domain.errors import Problem
from app.domain.numbers import percent, plain
from app.domain.selfeval import (
    DEFAULT_SCHEME,
    Budget,
    Evaluation,
    EvaluationInput,
    ExecutionResult,
    IndicatorInput,
    IndicatorResult,
    Scheme,
    SelfEvalError,
    evaluate,
    score_indicator,
)
from app.domain.targets import Kind, Target, parse_target
from app.domain.workflow import STATE_LABELS, State

# The status of an evaluation follows the review cycle of app.domain.workflow.
DRAFT, SUBMITTED, APPROVED, RETURNED = State.DRAFT, State.SUBMITTED, State.APPROVED, State.RETURNED
STATUS_LABELS = {state.value: label for state, label in STATE_LABELS.items()}
NOT_ENTERED = "未填报"  # no year-end entry stored yet

_ROW_PATH = re.compile(r"indicators-(\d+)-(\w+)")
_ROW_PREFIX = re.compile(r"^第 \d+ 个指标“.*?”：")


@dataclass(frozen=True)
class IndicatorFacts:
    """A stored level-3 indicator, as the year-end needs it."""

    id: int
    level1: str
    level2: str
    name: str
    target_text: str
    year: int | None = None  # the project's: a deadline written without a year ("9月底前") is in it

    @property
    def kind(self) -> Kind | None:
        try:
            return parse_target(self.target_text, self.year).kind
        except ValueError:
            return None


@dataclass(frozen=True)
class ProjectFacts:
    """What the target table says: the 年初预算数 and the indicators in table order (and, for documents, the rest)."""

    budget_total: Decimal
    indicators: tuple[IndicatorFacts, ...]
    budget_fiscal: Decimal | None = None
    budget_other: Decimal | None = None
    year: int = 0
    name: str = ""
    code: str | None = None
    unit_name: str = ""
    goals: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowEntry:
    """What the officer typed for one indicator."""

    indicator_id: int
    actual: str = ""
    grade: Grade | None = None
    grade_percent: Decimal | None = None
    weight: Decimal | None = None
    not_applicable: bool = False
    deviation_reason: str = ""
    direction: str | None = None  # 正向/反向 chosen by the officer; None: the target's comparator says it


@dataclass(frozen=True)
class YearEndEntry:
    """What the officer typed for the project; anything may still be blank (a draft)."""

    budget_adjusted: Decimal | None = None  # 全年预算数
    spent_fiscal: Decimal | None = None  # 全年执行数：本年财政拨款
    spent_carryover: Decimal | None = None  # 上年结转资金
    spent_other: Decimal | None = None  # 其他资金
    execution_reason: str = ""  # why the execution rate is under 90%
    overall_actual: str = ""  # 年度总体目标 实际完成情况
    supervising_department: str = ""  # 主管部门
    rows: tuple[RowEntry, ...] = ()
    # The evaluator's score of each part a four-part scheme has (项目决策, 项目过程), by name.
    part_scores: tuple[tuple[str, Decimal | None], ...] = ()

    @property
    def spent(self) -> Decimal | None:
        """全年执行数 = 本年财政拨款 + 上年结转资金 + 其他资金; None while all three are blank."""
        parts = [p for p in (self.spent_fiscal, self.spent_carryover, self.spent_other) if p is not None]
        return sum(parts, Decimal("0.00")) if parts else None

    def row(self, indicator_id: int) -> RowEntry:
        return next((r for r in self.rows if r.indicator_id == indicator_id), RowEntry(indicator_id))


@dataclass(frozen=True)
class RowVerdict:
    indicator_id: int
    name: str
    weight: Decimal | None  # the weight the row has (the officer's or its share)
    result: IndicatorResult | None  # None while the row cannot be scored
    error: str = ""
    field: str = ""  # the form field the error belongs to
    missing: bool = False  # the error only says something is still blank
    reason_missing: bool = False  # a 偏差原因 is required and blank

    @property
    def path_field(self) -> str:
        return self.field or "actual"


@dataclass(frozen=True)
class Verdict:
    """The checker's answer for a draft: every row's verdict, and the evaluation once complete."""

    execution: ExecutionResult | None
    execution_error: str
    execution_missing: bool
    execution_reason_missing: bool
    rows: tuple[RowVerdict, ...]
    problems: tuple[Problem, ...]  # problems of the whole entry (weights of a level, …)
    evaluation: Evaluation | None  # set only when every row and the budget could be scored
    part_problems: tuple[Problem, ...] = ()  # a part's score outside its points
    parts_missing: tuple[Problem, ...] = ()  # a part the evaluator has not scored yet

    @property
    def complete(self) -> bool:
        return self.evaluation is not None

    @property
    def unmet(self) -> int:
        return sum(1 for r in self.rows if r.result is not None and r.result.met is False)

    @property
    def missing_reasons(self) -> tuple[str, ...]:
        """Names of what lacks a 偏差原因 (预算执行率 first, then the indicators)."""
        names = ("预算执行率",) if self.execution_reason_missing else ()
        return names + tuple(r.name for r in self.rows if r.reason_missing)

    def save_problems(self) -> tuple[Problem, ...]:
        """What is wrong (not merely blank): a draft with any of these is not saved."""
        problems = list(self.problems) + list(self.part_problems)
        if self.execution_error and not self.execution_missing:
            problems.append(Problem(_budget_field(self.execution_error), self.execution_error))
        for position, row in enumerate(self.rows):
            if row.error and not row.missing:
                problems.append(Problem(f"indicators-{position}-{row.path_field}", row.error))
        return tuple(problems)

    def submit_problems(self) -> tuple[Problem, ...]:
        """Why the evaluation cannot be submitted: errors, blanks and every missing 偏差原因."""
        problems = list(self.save_problems())
        if self.execution_missing:
            problems.append(Problem(_budget_field(self.execution_error), self.execution_error))
        elif self.execution_reason_missing:
            problems.append(Problem("execution_reason", "预算执行率低于 90%，请说明原因"))
        problems.extend(self.parts_missing)
        for position, row in enumerate(self.rows):
            if row.missing:
                problems.append(Problem(f"indicators-{position}-{row.path_field}", row.error))
            elif row.reason_missing:
                problems.append(Problem(f"indicators-{position}-deviation_reason", "请填写偏差原因分析及改进措施"))
        return tuple(problems)


def _budget_field(message: str) -> str:
    return "budget_adjusted" if "预算数" in message else "spent_fiscal"


def evaluation_input(facts: ProjectFacts, entry: YearEndEntry) -> EvaluationInput:
    """Describe the project and the entry as the checker's input, rows in table order."""
    budget = Budget(spent=entry.spent, adjusted=entry.budget_adjusted, initial=facts.budget_total)
    return EvaluationInput(budget, tuple(_input(i, entry.row(i.id)) for i in facts.indicators))


def _input(indicator: IndicatorFacts, row: RowEntry) -> IndicatorInput:
    try:
        target = parse_target(indicator.target_text, indicator.year)
    except ValueError:
        target = None
    qualitative = target is not None and target.kind is Kind.QUALITATIVE
    return IndicatorInput(
        level1=indicator.level1,
        level2=indicator.level2,
        name=indicator.name,
        target=target,
        actual=row.actual.strip() or None,
        weight=row.weight,
        # The grade judges qualitative targets only; elsewhere the actual does.
        grade=row.grade if qualitative else None,
        grade_percent=row.grade_percent if qualitative else None,
        not_applicable=row.not_applicable,
        direction=row.direction if target is not None and target.kind is Kind.QUANTITATIVE else None,
    )


def check(facts: ProjectFacts, entry: YearEndEntry, scheme: Scheme = DEFAULT_SCHEME) -> Verdict:
    """Score what can be scored; say for each row and for the budget what is still missing or wrong."""
    project = evaluation_input(facts, entry)
    parts, part_problems, parts_missing = _parts(entry, scheme)
    project = replace(project, parts=parts)
    budget = project.budget
    execution_error, execution_missing = _budget_problem(budget)
    if execution_error:
        budget = Budget(spent=Decimal(0), adjusted=Decimal(1))  # stand-in so the rows can be scored
    row_errors, problems, result = _stand_in_rows(project, budget, parts, scheme, prescreen=True)
    if problems:
        # Something beyond single rows (a level, a row wrong twice): the row-at-a-time pass, as before.
        row_errors, problems, result = _stand_in_rows(project, budget, parts, scheme, prescreen=False)
    rows = tuple(
        _row_verdict(position, indicator, entry.row(indicator.id), project.indicators[position], result, row_errors)
        for position, indicator in enumerate(facts.indicators)
    )
    execution = None if (execution_error or result is None) else result.execution
    complete = result is not None and not execution_error and not row_errors and not problems
    complete = complete and not part_problems and not parts_missing
    return Verdict(
        execution=execution,
        execution_error=execution_error,
        execution_missing=execution_missing,
        execution_reason_missing=bool(execution and execution.needs_reason and not entry.execution_reason.strip()),
        rows=rows,
        problems=tuple(problems),
        evaluation=result if complete else None,
        part_problems=part_problems,
        parts_missing=parts_missing,
    )


def _stand_in_rows(project: EvaluationInput, budget: Budget, parts, scheme: Scheme, *, prescreen: bool):
    """Evaluate with a stand-in for every row that cannot be scored: (row errors, problems, result).

    With ``prescreen`` every row is first scored on its own (its target and actual do not depend
    on the other rows), so a draft with many blank rows is evaluated once or twice rather than
    once per blank row (the year's summary scores every project). Weight problems are found by
    the whole evaluation, one row per pass.
    """
    inputs = list(project.indicators)
    row_errors: dict[int, tuple[str, str]] = {}
    problems: list[Problem] = []
    result = None
    if prescreen:
        for position, indicator in enumerate(inputs):
            try:
                score_indicator(indicator, Decimal(10), scheme, year=project.year, position=position + 1)
            except SelfEvalError as err:
                problem = err.problems[0]
                match = _ROW_PATH.fullmatch(problem.field)
                if match and int(match[1]) == position and match[2] != "level1":
                    row_errors[position] = (match[2], _ROW_PREFIX.sub("", problem.message))
                    inputs[position] = _stand_in(indicator, match[2])
    # Each pass either succeeds or stands in for one more row: at most n + 1 passes.
    while True:
        try:
            result = evaluate(EvaluationInput(budget, tuple(inputs), parts=parts), scheme)
            break
        except SelfEvalError as err:
            problem = err.problems[0]
            match = _ROW_PATH.fullmatch(problem.field)
            position = int(match[1]) if match else -1
            if not match or position in row_errors or position >= len(inputs) or match[2] == "level1":
                # A level-1 outside the taxonomy, or the weights of a level: not one row's problem.
                problems.append(Problem("", str(err)))
                break
            row_errors[position] = (match[2], _ROW_PREFIX.sub("", problem.message))
            inputs[position] = _stand_in(inputs[position], match[2])
    return row_errors, problems, result


def _parts(entry: YearEndEntry, scheme: Scheme):
    """The evaluator's part scores, a stand-in 0 where one is blank or wrong (so the rest is scored)."""
    typed = dict(entry.part_scores)
    parts, problems, missing = [], [], []
    for position, part in enumerate(scheme.parts):
        score = typed.get(part.name)
        field = f"parts-{position}-score"
        if score is None:
            missing.append(Problem(field, f"请填写“{part.name}”的得分（{plain(part.points)} 分，由评价人按评分标准打分）"))
            score = Decimal(0)
        elif score < 0 or (scheme.cap and score > part.points):
            problems.append(Problem(field, f"“{part.name}”的得分应在 0–{plain(part.points)} 分之间，填写的是 {plain(score)}"))
            score = Decimal(0)
        parts.append((part.name, score))
    return tuple(parts), tuple(problems), tuple(missing)


def _budget_problem(budget: Budget) -> tuple[str, bool]:
    """What keeps the execution rate from being computed, and whether it is only a blank."""
    if budget.adjusted is None and budget.initial is None:
        return "缺少全年预算数", True
    if budget.spent is None:
        return "缺少全年执行数", True
    base = budget.adjusted if budget.adjusted is not None else budget.initial
    if base <= 0:
        return "全年预算数须大于 0，才能计算预算执行率", False
    if budget.spent < 0:
        return "全年执行数不能为负数", False
    return "", False


def _stand_in(indicator: IndicatorInput, field: str) -> IndicatorInput:
    """A row that scores without error and keeps its level and weight, so the others keep theirs."""
    if field == "weight":
        # A weight left blank where the scheme takes weights as printed stands in as 0.
        return replace(indicator, weight=None if indicator.weight is not None else Decimal(0))
    return replace(indicator, target=Target(indicator.name, Kind.QUALITATIVE), grade=Grade.MET, grade_percent=None)


def _row_verdict(position, indicator, row, given, result, row_errors) -> RowVerdict:
    scored = result.indicators[position] if result is not None else None
    if position in row_errors:
        field, message = row_errors[position]
        return RowVerdict(
            indicator.id, indicator.name, scored.weight if scored else None, None, message, field,
            missing=_is_blank(given, field),
        )
    if scored is None:
        return RowVerdict(indicator.id, indicator.name, None, None)
    return RowVerdict(
        indicator.id, indicator.name, scored.weight, scored,
        reason_missing=scored.needs_reason and not row.deviation_reason.strip(),
    )


def _is_blank(given: IndicatorInput, field: str) -> bool:
    if field == "grade":
        return given.grade is None
    if field == "actual":
        return not given.actual
    if field == "weight":
        return given.weight is None  # as printed: a weight not typed yet
    return False


def verdict_to_json(verdict: Verdict) -> dict:
    """The verdict as the page shows it (numbers as written in the tables: "12.5", "95%")."""
    execution = verdict.execution
    evaluation = verdict.evaluation
    return {
        "complete": verdict.complete,
        "execution": {
            "rate": percent(execution.rate) if execution else "",
            "points": plain(execution.points) if execution else "",
            "score": plain(execution.score) if execution else "",
            "explanation": execution.explanation if execution else "",
            "needs_reason": bool(execution and execution.needs_reason),
            "reason_missing": verdict.execution_reason_missing,
            "error": verdict.execution_error,
            "missing": verdict.execution_missing,
        },
        "rows": [_row_json(row) for row in verdict.rows],
        "parts": [
            {"name": part.name, "points": plain(part.points), "score": plain(part.score)}
            for part in (evaluation.parts if evaluation else ())
        ],
        "problems": [p.message for p in verdict.problems],
        "missing_reasons": list(verdict.missing_reasons),
        "total": plain(evaluation.total) if evaluation else "",
        "grade": evaluation.grade if evaluation else "",
    }


def _row_json(row: RowVerdict) -> dict:
    result = row.result
    return {
        "indicator_id": row.indicator_id,
        "weight": plain(row.weight) if row.weight is not None else "",
        "score": plain(result.score) if result else "",
        "met": result.met if result else None,
        "status": _status(row),
        "explanation": result.explanation if result else row.error,
        "needs_reason": bool(result and result.needs_reason),
        "reason_missing": row.reason_missing,
        "error": row.error,
        "missing": row.missing,
    }


def _status(row: RowVerdict) -> str:
    """One word for the row: 达标, 未达标, 不适用, 待填写 or 有误."""
    if row.result is None:
        return "待填写" if row.missing or not row.error else "有误"
    if row.result.met is None:
        return "不适用"
    return "达标" if row.result.met else "未达标"
