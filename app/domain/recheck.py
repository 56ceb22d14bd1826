"""The recomputation check (复核): a filled 自评表's printed scores beside what its own rules give.

Each row is scored again at the weight the table prints, by the scheme the table says it
follows (the 10号 rules with the printed weights, unless told otherwise). A row whose printed
score differs says why: over its weight, scored in the wrong direction, another rounding, no
cap, or plain arithmetic. A row that cannot be scored again (no actual, an unreadable value)
says so and is neither right nor wrong. Qualitative rows have no grade in a printed table: a
printed score is consistent when its share of the weight lies in one of the scheme's bands.
"""

import datetime
import re
from dataclasses import dataclass, replace
from decimal import Decimal

from app.domain.actuals import Grade
from app.domain.numbers import HUNDRED, plain
from app.domain.selfeval import (
    DEFAULT_SCHEME,
    ROUNDINGS,
    Budget,
    IndicatorInput,
    Scheme,
    SelfEvalError,
    dated,
    directed,
    final_grade,
    indicator_from_json,
    number_from_json,
    score_execution,
    score_indicator,
)
from app.domain.targets import BLANK_MESSAGE, Kind, Target, parse_target

ZERO = Decimal(0)
EXECUTION = "预算执行率"
_LEVEL_POINTS = re.compile(r"[（(]\d+(?:\.\d+)?分?[)）]$")


@dataclass(frozen=True)
class PrintedRow:
    name: str
    indicator: IndicatorInput | None  # None when the row could not be read
    printed: Decimal | None
    problem: str = ""  # why the row could not be read


@dataclass(frozen=True)
class PrintedTable:
    """What a filled 自评表 prints."""

    name: str
    budget: Budget
    rows: tuple[PrintedRow, ...]
    execution_points: Decimal | None = None
    execution_printed: Decimal | None = None
    parts: tuple[tuple[str, Decimal | None, Decimal | None], ...] = ()  # (name, points, printed score)
    total_printed: Decimal | None = None
    grade_printed: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class RowCheck:
    name: str
    printed: Decimal | None
    computed: Decimal | None
    differs: bool | None  # None: cannot tell
    why: str


@dataclass(frozen=True)
class TableCheck:
    name: str
    scheme: str
    rows: tuple[RowCheck, ...]
    total_printed: Decimal | None
    total_computed: Decimal | None
    notes: tuple[str, ...]

    @property
    def differing(self) -> tuple[RowCheck, ...]:
        return tuple(row for row in self.rows if row.differs)


def check_table(table: PrintedTable, scheme: Scheme = DEFAULT_SCHEME) -> TableCheck:
    """Score every row of a printed table again by its own weights and the scheme's rules."""
    rows: list[RowCheck] = []
    notes: list[str] = []
    if table.execution_printed is not None or table.execution_points is not None:
        rows.append(_execution_row(table, scheme))
    for position, row in enumerate(table.rows, start=1):
        rows.append(_indicator_row(position, row, scheme, table.year))
    for name, points, printed in table.parts:
        rows.append(_part_row(name, points, printed, scheme))
    notes.extend(_level_notes(table, scheme))
    # 预算执行率 counts in the total unless the scheme shows it beside the total.
    counted = [r for r in rows if scheme.execution_in_total or r.name != EXECUTION]
    computed = [r.computed if r.computed is not None else r.printed for r in counted]
    total_computed = None
    if counted and all(c is not None for c in computed):
        total_computed = scheme.round_total(sum(computed, ZERO))
        taken = sum(1 for r in counted if r.computed is None)
        if taken:  # say so: a total that is partly the table's own is no independent check
            notes.append(f"{taken} 行无法复核，复核总分按这些行表中所印得分计入")
    if table.total_printed is not None:
        printed_sum = sum((r.printed for r in counted if r.printed is not None), ZERO)
        if all(r.printed is not None for r in counted) and printed_sum != table.total_printed:
            notes.append(f"表中总分 {plain(table.total_printed)} 分与各行得分之和 {plain(printed_sum)} 分不一致")
        if total_computed is not None and total_computed != table.total_printed:
            notes.append(f"按本表规则总分应为 {plain(total_computed)} 分，表中为 {plain(table.total_printed)} 分")
    if table.grade_printed and total_computed is not None:
        grade = final_grade(total_computed, scheme)
        if grade != table.grade_printed.strip():
            notes.append(f"按总分 {plain(total_computed)} 分，等级应为“{grade}”，表中为“{table.grade_printed}”")
    return TableCheck(table.name, scheme.name, tuple(rows), table.total_printed, total_computed, tuple(notes))


def _execution_row(table: PrintedTable, scheme: Scheme) -> RowCheck:
    points = table.execution_points if table.execution_points is not None else scheme.execution_points
    printed = table.execution_printed
    try:
        result = score_execution(table.budget, points, scheme)
    except SelfEvalError as err:
        return RowCheck(EXECUTION, printed, None, None, f"无法复核：{err}")
    return _compare(EXECUTION, printed, result.score, points, result.explanation,
                    lambda s: score_execution(table.budget, points, s).score, scheme)


def _indicator_row(position: int, row: PrintedRow, scheme: Scheme, year) -> RowCheck:
    indicator, printed = dated(row.indicator, year) if row.indicator else None, row.printed
    if indicator is None:
        if row.problem == BLANK_MESSAGE:  # points printed, no 指标值 to judge them by
            return RowCheck(row.name, printed, None, None, "无法复核：表中没有该指标的指标值")
        return RowCheck(row.name, printed, None, None, f"无法复核：{row.problem}")
    if indicator.not_applicable:
        return RowCheck(row.name, printed, None, None, "不适用")
    weight = indicator.weight
    if weight is None:
        return RowCheck(row.name, printed, None, None, "无法复核：表中没有该指标的分值")
    target = indicator.target
    if target is not None and target.kind is Kind.QUALITATIVE and indicator.grade is None:
        return _qualitative_row(row.name, printed, weight, scheme)
    try:
        result = score_indicator(indicator, weight, scheme, year, position)
    except SelfEvalError as err:
        message = str(err).split("：", 1)[-1]
        return RowCheck(row.name, printed, None, None, f"无法复核：{message}")
    def again(other: Scheme, flip: bool = False) -> Decimal:
        turned = indicator
        if flip and target is not None:
            turned = replace(indicator, direction="正向" if directed(target, indicator.direction).is_reverse else "反向")
        return score_indicator(turned, weight, other, year, position).score

    checked = _compare(row.name, printed, result.score, weight, result.explanation, again, scheme)
    if checked.differs and result.met is False and printed == weight:
        why = f"未达指标值却得满分：{result.explanation}，表中为 {plain(printed)} 分"
        return replace(checked, why=why)
    if checked.differs and target is not None and target.kind is Kind.QUANTITATIVE and not checked.why.startswith("得分"):
        try:
            flipped = again(scheme, flip=True)
        except SelfEvalError:
            flipped = None
        if flipped is not None and flipped == printed:
            now = "反向" if directed(target, indicator.direction).is_reverse else "正向"
            other = "正向" if now == "反向" else "反向"
            why = (f"方向错误：指标值“{target.text}”是{now}指标，表中按{other}计分得 {plain(printed)} 分；"
                   f"按{now}应得 {plain(result.score)} 分")
            return replace(checked, why=why)
    return checked


def _compare(name, printed, computed, weight, explanation, again, scheme: Scheme) -> RowCheck:
    """Printed against computed, and when they differ the likeliest reason."""
    if printed is None:
        return RowCheck(name, None, computed, None, f"表中未填得分；按本表规则应得 {plain(computed)} 分")
    if printed == computed:
        return RowCheck(name, printed, computed, False, "")
    if scheme.cap and printed > weight:
        return RowCheck(name, printed, computed, True,
                        f"得分 {plain(printed)} 超过分值 {plain(weight)}；按本表规则应得 {plain(computed)} 分（{explanation}）")
    for rounding in ROUNDINGS:
        if rounding == scheme.rounding:
            continue
        try:
            other = again(replace(scheme, rounding=rounding, rounding_scope="indicator"))
        except SelfEvalError:
            continue
        if other == printed:
            return RowCheck(name, printed, computed, True,
                            f"取整方式不同：按 {rounding} 得 {plain(printed)} 分，本表规则（{scheme.rounding}）应得 {plain(computed)} 分")
    if scheme.cap:
        try:
            uncapped = again(replace(scheme, cap=False, execution_cap=None))
        except SelfEvalError:
            uncapped = None
        if uncapped == printed:
            return RowCheck(name, printed, computed, True,
                            f"超额完成未封顶：表中得分 {plain(printed)} 分，封顶应得 {plain(computed)} 分")
    return RowCheck(name, printed, computed, True,
                    f"计算有误：按本表规则应得 {plain(computed)} 分（{explanation}），表中为 {plain(printed)} 分")


def _qualitative_row(name: str, printed, weight: Decimal, scheme: Scheme) -> RowCheck:
    """A qualitative row: its printed share of the weight must fall in one of the scheme's bands."""
    if printed is None:
        return RowCheck(name, None, None, None, "定性指标，表中未填得分")
    if printed < 0 or (scheme.cap and printed > weight):
        return RowCheck(name, printed, None, True, f"得分 {plain(printed)} 超过分值 {plain(weight)}（定性指标）")
    if weight == 0:
        return RowCheck(name, printed, printed, printed != 0, "" if printed == 0 else "分值为 0，得分应为 0")
    share = printed * HUNDRED / weight
    for band in scheme.grade_bands:
        inside = band.low <= share and (share <= band.high if band.high_included else share < band.high)
        if band.low == band.high:
            # A fixed share: the printed score must be it, as the scheme rounds it.
            inside = printed == scheme.round(weight * band.low / HUNDRED)
        if inside:
            return RowCheck(name, printed, printed, False,
                            f"定性指标：得分为分值的 {plain(share.quantize(Decimal('0.01')))}%，属“{band.grade.value}”档")
    shares = "、".join(f"{plain(b.low)}%" if b.low == b.high else f"{plain(b.low)}%–{plain(b.high)}%"
                      for b in scheme.grade_bands)
    return RowCheck(name, printed, None, True, f"定性指标得分 {plain(printed)} 不在任何评价档次内（{shares}）")


def _part_row(name: str, points, printed, scheme: Scheme) -> RowCheck:
    if printed is None:
        return RowCheck(name, None, None, None, "表中未填得分")
    if points is not None and printed > points:
        return RowCheck(name, printed, None, True, f"得分 {plain(printed)} 超过分值 {plain(points)}")
    return RowCheck(name, printed, printed, False, "由评价人按评分标准打分")


def _level_notes(table: PrintedTable, scheme: Scheme) -> list[str]:
    """With a scheme of fixed level points, say where the printed weights do not add up to them."""
    if scheme.as_printed:
        return []
    notes = []
    weights: dict[str, Decimal] = {}
    for row in table.rows:
        if row.indicator is not None and row.indicator.weight is not None and not row.indicator.not_applicable:
            level1 = _LEVEL_POINTS.sub("", re.sub(r"\s+", "", row.indicator.level1))
            weights[level1] = weights.get(level1, ZERO) + row.indicator.weight
    pooled = dict(scheme.pooled)
    for name, points in scheme.level_points:
        levels = pooled.get(name, (name,))
        if name in ("年度绩效目标", "绩效指标"):
            levels = tuple(weights)
        given = sum((weights.get(level, ZERO) for level in levels), ZERO)
        if any(level in weights for level in levels) and given != points:
            notes.append(f"“{name}”各指标分值合计 {plain(given)} 分，方案“{scheme.name}”规定 {plain(points)} 分")
    return notes


# ---------------------------------------------------------------- reading printed tables


def table_from_selfeval_json(data: dict, name: str = "") -> PrintedTable:
    """A ``jixiao selfeval`` document whose indicators carry ``"score"`` as printed.

    Optional: ``"execution_score"`` (or ``"execution": {"score": …}``) and ``"total"``, ``"grade"`` as printed.
    """
    if not isinstance(data, dict):
        raise SelfEvalError("文件应为一个 JSON 对象")
    budget = data.get("budget") or {}
    if not isinstance(budget, dict):
        raise SelfEvalError("“budget”应为对象（initial 年初预算数、adjusted 全年预算数、spent 全年执行数）")
    money = {key: number_from_json(budget.get(key), f"budget.{key}") for key in ("initial", "adjusted", "spent")}
    rows_in = data.get("indicators")
    if not isinstance(rows_in, list) or not rows_in:
        raise SelfEvalError("缺少“indicators”（指标列表）")
    rows = []
    for position, row in enumerate(rows_in, start=1):
        printed = number_from_json(row.get("score"), f"第 {position} 个指标的得分（score）") if isinstance(row, dict) else None
        title = row.get("name") if isinstance(row, dict) and isinstance(row.get("name"), str) else f"第 {position} 个指标"
        try:
            indicator = indicator_from_json(position, row)
            if not row.get("grade"):
                # A printed table has no grade: its qualitative rows are checked against the bands.
                indicator = replace(indicator, grade=None)
            rows.append(PrintedRow(title, indicator, printed))
        except SelfEvalError as err:
            rows.append(PrintedRow(title, None, printed, str(err)))
    execution = data.get("execution") if isinstance(data.get("execution"), dict) else {}
    weights = data.get("weights") if isinstance(data.get("weights"), dict) else {}
    return PrintedTable(
        name=name or str(data.get("name") or ""),
        budget=Budget(money["spent"], money["adjusted"], money["initial"]),
        rows=tuple(rows),
        execution_points=number_from_json(weights.get("execution", data.get("execution_points")), "execution_points"),
        execution_printed=number_from_json(data.get("execution_score", execution.get("score")), "execution_score"),
        parts=_printed_parts(data.get("parts")),
        total_printed=number_from_json(data.get("total"), "total"),
        grade_printed=data.get("grade") if isinstance(data.get("grade"), str) else None,
        year=data.get("year") if isinstance(data.get("year"), int) else None,
    )


def _printed_parts(rows) -> tuple:
    if not isinstance(rows, list):
        return ()
    parts = []
    for row in rows:
        if isinstance(row, dict) and isinstance(row.get("name"), str):
            parts.append((row["name"], number_from_json(row.get("points"), "parts.points"),
                          number_from_json(row.get("score"), "parts.score")))
    return tuple(parts)


def table_from_corpus(project: dict) -> PrintedTable:
    """One project of a corpus expectation (tests/fixtures/real/*.json, kind 自评表): figures as printed."""
    block = project.get("selfeval") or {}
    rows = []
    for position, row in enumerate(project.get("indicators") or [], start=1):
        name = row.get("name") or f"第 {position} 个指标"
        printed = _figure(row.get("score"))
        try:
            target = _target(row)
            indicator = IndicatorInput(
                level1=row.get("level1") or "",
                level2=row.get("level2") or "",
                name=name,
                target=target,
                actual=(str(row["actual"]).strip() or None) if row.get("actual") is not None else None,
                weight=_figure(row.get("weight")),
                direction=row.get("direction"),
                grade=_GRADES.get(row.get("grade") or ""),
                grade_percent=_figure(row.get("grade_percent")),
            )
            rows.append(PrintedRow(name, indicator, printed))
        except (ValueError, SelfEvalError) as err:
            rows.append(PrintedRow(name, None, printed, str(err)))
    return PrintedTable(
        name=project.get("name") or "",
        budget=Budget(_figure(block.get("spent")), _figure(block.get("budget_full_year")), _figure(block.get("budget_start"))),
        rows=tuple(rows),
        execution_points=_figure(block.get("execution_weight")),
        execution_printed=_figure(block.get("execution_score")),
        total_printed=_figure(block.get("total")),
        grade_printed=block.get("grade"),
        year=project.get("year") if isinstance(project.get("year"), int) else None,
    )


_GRADES = {grade.value: grade for grade in Grade}


def _figure(value) -> Decimal | None:
    """A printed figure ("9.5", "10分", "95%"), None when blank or not a number."""
    if value is None:
        return None
    try:
        return number_from_json(value if isinstance(value, str) else str(value), "figure")
    except SelfEvalError:
        return None


def _target(row: dict) -> Target:
    """The hand-checked target of a corpus row, else the value as written."""
    text = row.get("target_text") or ""
    given = row.get("target")
    if isinstance(given, dict):
        try:
            kind = Kind(given.get("kind"))
        except ValueError:
            kind = None
        if kind is Kind.QUANTITATIVE and given.get("value") is not None:
            return Target(text, kind, given.get("comparator") or "=", Decimal(str(given["value"])), given.get("unit") or None)
        if kind is Kind.RANGE and given.get("lower") is not None and given.get("upper") is not None:
            return Target(text, kind, lower=Decimal(str(given["lower"])), upper=Decimal(str(given["upper"])),
                          unit=given.get("unit") or None)
        if kind is Kind.DEADLINE and given.get("deadline"):
            return Target(text, kind, deadline=datetime.date.fromisoformat(given["deadline"]))
        if kind is Kind.QUALITATIVE:
            return Target(text, kind)
    return parse_target(text)


def check_to_json(check: TableCheck) -> dict:
    """The check as ``jixiao selfeval check --json`` prints it."""
    return {
        "name": check.name,
        "scheme": check.scheme,
        "rows": [
            {"name": r.name, "printed": _num(r.printed), "computed": _num(r.computed), "differs": r.differs, "why": r.why}
            for r in check.rows
        ],
        "total_printed": _num(check.total_printed),
        "total_computed": _num(check.total_computed),
        "notes": list(check.notes),
    }


def _num(number: Decimal | None):
    return None if number is None else float(number)
