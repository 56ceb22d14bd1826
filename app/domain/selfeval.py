"""Year-end self-evaluation (绩效自评): score budget execution and every indicator, then grade.

Sources: 财预〔2020〕10号《项目支出绩效评价管理办法》(单位自评: weights, scoring, grades),
财办预〔2016〕123号 (项目支出绩效自评表: 预算执行率), and local 自评表 practice where the
central texts are silent. Every number and reading is a setting of ``Scheme``.
"""

import re
from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

from app.domain.actuals import (
    ActualError,
    Band,
    Grade,
    score_deadline,
    score_grade,
    score_quantity,
    score_range,
)
from app.domain.errors import DomainError
from app.domain.money import format_money
from app.domain.numbers import percent, plain, round_half_up
from app.domain.targets import Kind, Target, parse_target
from app.domain.taxonomy import BENEFIT, COST, OUTPUT, SATISFACTION

D = Decimal
ZERO = D(0)


class SelfEvalError(DomainError):
    """Input that cannot be scored; the message (Chinese) names the indicator or level."""


# How a score is rounded: to which step, half up or down (a finance bureau's 自评表 says which).
ROUNDINGS = {
    "0.01-half-up": (D("0.01"), ROUND_HALF_UP),
    "0.1-half-up": (D("0.1"), ROUND_HALF_UP),
    "0.1-down": (D("0.1"), ROUND_DOWN),
    "1-half-up": (D(1), ROUND_HALF_UP),
    "1-down": (D(1), ROUND_DOWN),
}
ROUNDING_SCOPES = {"indicator": "每项得分", "total": "总分"}
# A level-points label that takes every indicator whose level-1 has no points of its own
# (年度绩效目标 80 beside 预算执行率 20; Sichuan's 绩效指标 90).
ALL_LEVELS = ("年度绩效目标", "绩效指标")
DIRECTIONS = ("正向", "反向")


@dataclass(frozen=True)
class Part:
    """A part the evaluator scores against printed criteria (项目决策, 项目过程 of four-part frameworks)."""

    name: str
    points: Decimal
    criteria: str = ""


@dataclass(frozen=True)
class Scheme:
    # 财预〔2020〕10号 单位自评: 预算执行率10%、产出指标50%、效益指标30%、服务对象满意度指标10%.
    execution_points: Decimal = D(10)
    level_points: tuple[tuple[str, Decimal], ...] = ((OUTPUT, D(50)), (BENEFIT, D(30)), (SATISFACTION, D(10)))
    # Local practice: with no 满意度 indicator, its points go to 效益.
    satisfaction_level: str = SATISFACTION
    satisfaction_fallback: str = BENEFIT
    # Local practice: 成本指标 at level 1 shares one pool with 产出指标 (unless given its own points).
    cost_level: str = COST
    cost_pool_with: str = OUTPUT
    # Local practice: with some weights set in a level, the unset ones share what remains equally.
    unset_weights_share_rest: bool = True
    # 财办预〔2016〕123号 自评表: 得分 = 分值 × 执行率, at most the full points.
    execution_cap: Decimal | None = D(1)
    execution_reason_below: Decimal = D("0.90")  # local 自评表: explain a rate under 90%
    # 财预〔2020〕10号: 完成值高于指标值较多的要分析原因; "较多" is 130% in local practice.
    over_achievement: Decimal = D("1.30")
    equal_means_at_least: bool = True  # local practice: an "=" target is met by any actual at or above it
    reason_when_not_met: bool = True  # DESIGN.md: 偏差原因 required when a target is not met
    # 财预〔2020〕10号 定性指标: 100-80%（含）、80-60%（含）、60-0%; defaults are local practice.
    grade_bands: tuple[Band, ...] = (
        Band(Grade.MET, D(80), D(100), True, D(100)),
        Band(Grade.PARTIAL, D(60), D(80), False, D(70)),
        Band(Grade.UNMET, D(0), D(60), False, D(30)),
    )
    met_grade: Grade = Grade.MET
    # 财预〔2020〕10号 评价等级: 90（含）以上优, 80（含）-90良, 60（含）-80中, 60以下差.
    final_grades: tuple[tuple[str, Decimal], ...] = (("优", D(90)), ("良", D(80)), ("中", D(60)))
    lowest_grade: str = "差"
    places: Decimal = D("0.01")  # every score, half up
    rate_places: Decimal = D("0.0001")  # the execution rate as shown
    # Units that are one and the same when an actual is checked against its target.
    unit_aliases: tuple[frozenset[str], ...] = (
        frozenset({"平米", "平方米", "㎡", "m2", "m²"}),
        frozenset({"人", "人数", "名"}),
        frozenset({"小时", "h"}),
        frozenset({"分钟", "min"}),
    )
    # Which scheme this is (a preset's name, or "custom") and where its rules come from.
    name: str = "czy2020-10"
    title: str = "财预〔2020〕10号 单位自评"
    source: str = "财预〔2020〕10号《项目支出绩效评价管理办法》单位自评"
    # Level points as printed: every indicator carries its own weight, the levels have what
    # their indicators add up to, and the total is what everything adds up to.
    as_printed: bool = False
    # Pools that take several level-1s: (("效益指标", ("效益指标", "满意度指标")),).
    pooled: tuple[tuple[str, tuple[str, ...]], ...] = ()
    cap: bool = True  # a score never exceeds its weight
    execution_in_total: bool = True  # False: 预算执行率 is scored and shown beside the total, not in it
    rounding: str = "0.01-half-up"  # a key of ROUNDINGS
    rounding_scope: str = "indicator"  # "indicator": every score is rounded; "total": only the total
    parts: tuple[Part, ...] = ()  # evaluator-scored parts of four-part frameworks

    def round(self, number: Decimal) -> Decimal:
        """Round one score (execution, indicator, part) as the scheme says."""
        if self.rounding_scope == "indicator":
            return _rounded(number, self.rounding)
        return round_half_up(number, self.places)

    def round_total(self, number: Decimal) -> Decimal:
        """Round the total when the scheme rounds the total only."""
        return _rounded(number, self.rounding) if self.rounding_scope == "total" else number

    def total_points(self) -> Decimal:
        """Execution, level and part points together (as printed: execution and parts only)."""
        levels = ZERO if self.as_printed else sum((p for _, p in self.level_points), ZERO)
        execution = self.execution_points if self.execution_in_total else ZERO
        return execution + levels + sum((part.points for part in self.parts), ZERO)


def _rounded(number: Decimal, rounding: str) -> Decimal:
    step, mode = ROUNDINGS[rounding]
    return number.quantize(step, rounding=mode)


DEFAULT_SCHEME = Scheme()


@dataclass(frozen=True)
class Budget:
    spent: Decimal | None  # 全年执行数
    adjusted: Decimal | None = None  # 全年预算数 (the adjusted budget)
    initial: Decimal | None = None  # 年初预算数; used when there is no adjusted budget


@dataclass(frozen=True)
class IndicatorInput:
    level1: str
    level2: str
    name: str
    target: Target | None  # None only for an indicator marked 不适用
    actual: str | None = None
    weight: Decimal | None = None
    grade: Grade | None = None
    grade_percent: Decimal | None = None  # 75 means 75% of the weight
    not_applicable: bool = False
    direction: str | None = None  # "正向" / "反向" from a 指标性质 column or the officer; else the comparator's


@dataclass(frozen=True)
class EvaluationInput:
    budget: Budget
    indicators: tuple[IndicatorInput, ...]
    points: tuple[tuple[str, Decimal], ...] | None = None  # officer's "execution" and level-1 points
    parts: tuple[tuple[str, Decimal | None], ...] = ()  # the evaluator's score of each part, by name
    year: int | None = None  # the project's year: deadlines and actuals written without one ("9月前") take it
    # A printed 自评表 typed in with its own scheme: read every row as its officer did, refuse none
    # (weights as printed where they contradict the level points, actuals in words judged by their words).
    printed: bool = False


@dataclass(frozen=True)
class ExecutionResult:
    rate: Decimal
    points: Decimal
    score: Decimal
    needs_reason: bool
    explanation: str


@dataclass(frozen=True)
class IndicatorResult:
    level1: str
    level2: str
    name: str
    weight: Decimal
    score: Decimal
    met: bool | None
    needs_reason: bool
    explanation: str


@dataclass(frozen=True)
class LevelResult:
    name: str
    points: Decimal
    score: Decimal


@dataclass(frozen=True)
class PartResult:
    name: str
    points: Decimal
    score: Decimal
    criteria: str = ""


@dataclass(frozen=True)
class Evaluation:
    execution: ExecutionResult
    indicators: tuple[IndicatorResult, ...]
    levels: tuple[LevelResult, ...]
    total: Decimal
    grade: str
    parts: tuple[PartResult, ...] = ()
    scheme: str = "czy2020-10"  # the name of the scheme it was scored with


def evaluate(project: EvaluationInput, scheme: Scheme = DEFAULT_SCHEME) -> Evaluation:
    """Score a project's execution and indicators, total them and grade the total."""
    execution_points, level_points = _points(project.points, scheme)
    try:
        execution = _execution(project.budget, execution_points, scheme)
    except SelfEvalError as err:
        if not project.printed:
            raise
        # A printed table whose budget line is blank or unreadable: its execution scores nothing.
        execution = ExecutionResult(ZERO, execution_points, ZERO, False, f"{err}，预算执行率得 0 分")
    indicators = tuple(_dated(i, project.year) for i in project.indicators) if project.year else project.indicators
    lenient = project.printed
    pools = _pools(indicators, level_points, scheme, lenient)
    weights: dict[int, Decimal] = {}
    for label, points, members in pools:
        weights.update(_split(label, points, members, scheme, lenient))
    results = tuple(
        _score(position, indicator, weights.get(position, ZERO), scheme, project.year, lenient)
        for position, indicator in enumerate(indicators, start=1)
    )
    levels = tuple(
        LevelResult(label, points, sum((results[p - 1].score for p, _ in members), ZERO))
        for label, points, members in pools
    )
    parts = _parts(project.parts, scheme)
    # 财预〔2020〕10号: 总分由各项指标得分汇总形成 (each already rounded, unless the scheme rounds the total only).
    counted = execution.score if scheme.execution_in_total else ZERO
    total = counted + sum((r.score for r in results), ZERO) + sum((p.score for p in parts), ZERO)
    total = scheme.round_total(total)
    return Evaluation(execution, results, levels, total, _final_grade(total, scheme), parts, scheme.name)


def _parts(given, scheme: Scheme) -> tuple[PartResult, ...]:
    """The evaluator's score of every part the scheme has (项目决策, 项目过程…), checked against its points."""
    scores = {}
    for name, score in given:
        if all(part.name != name for part in scheme.parts):
            known = "、".join(part.name for part in scheme.parts) or "无"
            raise SelfEvalError(f"评价人打分的部分“{name}”不在评分方案中（方案中的部分：{known}）")
        scores[name] = score
    results = []
    for part in scheme.parts:
        score = scores.get(part.name)
        if score is None:
            raise SelfEvalError(f"“{part.name}”（{plain(part.points)} 分）须由评价人按评分标准打分")
        if score < 0 or (scheme.cap and score > part.points):
            raise SelfEvalError(f"“{part.name}”的得分 {plain(score)} 应在 0–{plain(part.points)} 分之间")
        results.append(PartResult(part.name, part.points, scheme.round(score), part.criteria))
    return tuple(results)


# A date without its year ("9月前", "截至12月底", "7月"): the project's year is put in front of the month.
_YEARLESS = re.compile(r"^\s*(截至|截止到|截止|于|在|到)?\s*(?=\d{1,2}\s*月)")


def with_year(text: str | None, year: int | None) -> str | None:
    """Give a month written without a year the project's year ("9月前" → "2024年9月前")."""
    if not text or not year:
        return text
    match = _YEARLESS.match(text)
    if match is None:
        return text
    return f"{match[1] or ''}{year}年{text[match.end():]}"


def dated(indicator: IndicatorInput, year: int | None) -> IndicatorInput:
    """The indicator with a target written without a year read in the project's year."""
    return _dated(indicator, year) if year else indicator


def _dated(indicator: IndicatorInput, year: int) -> IndicatorInput:
    """Read a target written without a year as a deadline in the project's year."""
    target = indicator.target
    if target is None or target.kind is not Kind.QUALITATIVE or not target.text.strip():
        return indicator  # a printed row without a value (天长 2022) is judged by its actual, not parsed
    # The parser reads any date without a year in the project's year ("9月前", "年底前", "1-6月").
    parsed = parse_target(target.text, year)
    if parsed.kind is not Kind.DEADLINE:
        return indicator
    return replace(indicator, target=parsed)


def _error(position: int, indicator: IndicatorInput, message: str, field: str = "") -> SelfEvalError:
    path = f"indicators-{position - 1}-{field}" if field else ""
    return SelfEvalError(f"第 {position} 个指标“{indicator.name}”：{message}", path)


def _points(given, scheme: Scheme) -> tuple[Decimal, dict[str, Decimal]]:
    """Return the execution points and each level-1's points, the officer's if given."""
    execution, levels = scheme.execution_points, dict(scheme.level_points)
    if scheme.as_printed:
        # The indicators' own weights are the level points; only execution may be given.
        for key, value in given or ():
            if key not in ("execution", "预算执行率"):
                raise SelfEvalError(f"按表列分值评分时，一级指标的分值由其指标分值相加，不能另设“{key}”")
            if value < 0:
                raise SelfEvalError(f"“{key}”的分值不能为负数")
            execution = value
        return execution, None
    if given is None:
        return execution, levels
    named: dict[str, Decimal] = {}
    for key, value in given:
        if value < 0:
            raise SelfEvalError(f"“{key}”的分值不能为负数")
        if key in ("execution", "预算执行率"):
            named["execution"] = value
        elif key in levels or key == scheme.cost_level:
            named[key] = value
        else:
            raise SelfEvalError(f"分值设置中的“{key}”不是预算执行率或一级指标（{'、'.join(_known(scheme))}）")
    expected = scheme.total_points() - sum((part.points for part in scheme.parts), ZERO)
    if not scheme.execution_in_total:
        expected += scheme.execution_points
    if sum(named.values(), ZERO) == expected:
        # The officer's table is complete by itself: what it leaves out has no points
        # ({"execution": 10, "产出指标": 50, "效益指标": 40} gives 满意度指标 0).
        execution, levels = ZERO, {name: ZERO for name in levels}
    # Otherwise what is left out keeps the scheme's points ({"execution": 20, "产出指标": 40}).
    execution = named.pop("execution", execution)
    levels.update(named)
    total = execution + sum(levels.values(), ZERO)
    if total != expected:
        raise SelfEvalError(f"预算执行率与各一级指标的分值合计 {plain(total)} 分，应为 {plain(expected)} 分")
    return execution, levels


def _known(scheme: Scheme) -> tuple[str, ...]:
    pooled = tuple(level for _, levels in scheme.pooled for level in levels)
    names = tuple(name for name, _ in scheme.level_points) + pooled + (scheme.cost_level,)
    return tuple(dict.fromkeys(names))


def _pools(indicators, level_points: dict[str, Decimal] | None, scheme: Scheme, lenient: bool = False):
    """Group the applicable indicators into pools that share points: (label, points, members)."""
    applicable = [(p, i) for p, i in enumerate(indicators, start=1) if not i.not_applicable]
    if level_points is None:
        return _printed_pools(applicable)
    catch_all = next((name for name in level_points if name in ALL_LEVELS), None)
    known = _known(scheme)
    extra = []
    for position, indicator in enumerate(indicators, start=1):
        if catch_all is None and indicator.level1 not in known:
            if lenient and (indicator.weight is not None or indicator.not_applicable):
                extra.append((position, indicator))  # a level of its own, at its printed weights
                continue
            message = f"一级指标“{indicator.level1}”不在指标体系中（应为{'、'.join(known)}）"
            raise _error(position, indicator, message, "level1")
    if extra:
        outside = {id(i) for _, i in extra}
        pools = _printed_pools([(p, i) for p, i in extra if not i.not_applicable])
        rest = [(p, i) for p, i in enumerate(indicators, start=1) if id(i) not in outside]
        return _pools_known(rest, level_points, scheme, catch_all, lenient) + pools
    return _pools_known(list(enumerate(indicators, start=1)), level_points, scheme, catch_all, lenient)


def _pools_known(numbered, level_points: dict[str, Decimal], scheme: Scheme, catch_all, lenient: bool):
    applicable = [(p, i) for p, i in numbered if not i.not_applicable]
    present = {i.level1 for _, i in applicable}
    points = dict(level_points)
    pooled = dict(scheme.pooled)
    satisfaction_pooled = any(scheme.satisfaction_level in pooled.get(name, ()) for name in points)
    if scheme.satisfaction_level not in present and scheme.satisfaction_level in points and not satisfaction_pooled:
        # No 满意度 indicator: its points go to 效益.
        moved = points.pop(scheme.satisfaction_level)
        points[scheme.satisfaction_fallback] = points.get(scheme.satisfaction_fallback, ZERO) + moved
    members_of = {name: tuple(pooled.get(name, (name,))) for name in points if name != catch_all}
    taken = {level for levels in members_of.values() for level in levels}
    if scheme.cost_level not in taken and scheme.cost_level in present and scheme.cost_pool_with in members_of:
        # 成本指标 at level 1 without points of its own: one pool with 产出指标.
        members_of[scheme.cost_pool_with] = members_of[scheme.cost_pool_with] + (scheme.cost_level,)
        taken.add(scheme.cost_level)
    if catch_all is not None:
        members_of[catch_all] = tuple(dict.fromkeys(i.level1 for _, i in applicable if i.level1 not in taken))
    pools = []
    for name, levels in members_of.items():
        label = name if name == catch_all else "和".join(levels)
        members = [(p, i) for p, i in applicable if i.level1 in levels]
        if not members and points[name] != 0 and not lenient:
            raise SelfEvalError(f"“{label}”有 {plain(points[name])} 分，但没有可评分的指标")
        if members:
            pools.append((label, points[name], members))
    return pools


def _printed_pools(applicable):
    """As printed: every indicator's weight is its points; a level has what its indicators add up to."""
    for position, indicator in applicable:
        if indicator.weight is None:
            raise _error(position, indicator, "按表列分值评分，须填写该指标的分值", "weight")
    pools = []
    for level1 in dict.fromkeys(i.level1 for _, i in applicable):
        members = [(p, i) for p, i in applicable if i.level1 == level1]
        pools.append((level1, sum((i.weight for _, i in members), ZERO), members))
    return pools


def _split(label: str, points: Decimal, members, scheme: Scheme, lenient: bool = False) -> dict[int, Decimal]:
    """Give each member its weight: the officer's, or an equal share, the last taking the remainder."""
    for position, indicator in members:
        if indicator.weight is not None and indicator.weight < 0:
            raise _error(position, indicator, "分值不能为负数", "weight")
    fixed = {p: i.weight for p, i in members if i.weight is not None}
    unset = [p for p, i in members if i.weight is None]
    given = sum(fixed.values(), ZERO)
    if not unset:
        if given != points and not lenient:  # a printed table: its printed weights are the points
            raise SelfEvalError(f"“{label}”各指标分值合计 {plain(given)} 分，应为 {plain(points)} 分")
        return fixed
    if fixed and not scheme.unset_weights_share_rest:
        raise SelfEvalError(f"“{label}”的指标须全部设置分值或全部不设")
    rest = points - given
    if fixed and rest <= 0 and lenient:
        return {**fixed, **{p: ZERO for p in unset}}
    if fixed and rest <= 0:
        raise SelfEvalError(
            f"“{label}”已设分值合计 {plain(given)} 分，共 {plain(points)} 分，未设分值的指标没有剩余分值"
        )
    share = round_half_up(rest / len(unset), scheme.places)
    weights = dict(fixed)
    weights.update({p: share for p in unset[:-1]})
    weights[unset[-1]] = rest - share * (len(unset) - 1)
    return weights


def _execution(budget: Budget, points: Decimal, scheme: Scheme) -> ExecutionResult:
    """Score budget execution: 分值 × min(全年执行数 ÷ 全年预算数, 100%)."""
    base = budget.adjusted if budget.adjusted is not None else budget.initial
    if base is None:
        raise SelfEvalError("缺少全年预算数")
    if budget.spent is None:
        raise SelfEvalError("缺少全年执行数")
    if base == 0 and budget.spent == 0:
        # A printed table's 年度资金总额 of 0 / 0: nothing to execute, the rate is not computed and scores 0.
        text = "全年预算数与全年执行数均为 0，预算执行率无法计算，得 0 分"
        return ExecutionResult(ZERO, points, ZERO, False, text)
    if base <= 0:
        raise SelfEvalError(f"全年预算数为 {plain(base)}，无法计算预算执行率")
    if budget.spent < 0:
        raise SelfEvalError("全年执行数不能为负数")
    rate = budget.spent / base
    cap = scheme.execution_cap  # None: no cap, a rate above 100% scores above the points
    counted = rate if cap is None else min(rate, cap)
    score = scheme.round(points * counted)
    shown = round_half_up(rate, scheme.rate_places)
    text = f"预算执行率 = {format_money(budget.spent)} ÷ {format_money(base)} = {percent(shown)}"
    if cap is not None and rate > cap:
        text += f"，超过 {percent(cap)} 按 {percent(cap)} 计"
    text += f"，得分 = {plain(points)} × {percent(shown if cap is None else min(shown, cap))} = {plain(score)}"
    needs_reason = rate < scheme.execution_reason_below
    if needs_reason:
        text += f"；执行率低于 {percent(scheme.execution_reason_below)}，需说明原因"
    return ExecutionResult(shown, points, score, needs_reason, text)


def directed(target: Target, direction: str | None) -> Target:
    """The target with the direction the officer or a 指标性质 column gives (never guessed from a name)."""
    if direction is None or target.kind is not Kind.QUANTITATIVE:
        return target
    if direction == "反向" and not target.is_reverse:
        return replace(target, comparator="<" if target.comparator == ">" else "<=")
    if direction == "正向" and target.is_reverse:
        return replace(target, comparator=">" if target.comparator == "<" else ">=")
    return target


def _score(position: int, indicator: IndicatorInput, weight: Decimal, scheme: Scheme, year=None,
           lenient: bool = False) -> IndicatorResult:
    """Score one indicator by its kind of target."""
    if indicator.not_applicable:
        return IndicatorResult(indicator.level1, indicator.level2, indicator.name, ZERO, ZERO, None, False, "不适用")
    target = indicator.target
    if target is None:
        raise _error(position, indicator, "缺少指标值", "target_text")
    target = directed(target, indicator.direction)
    try:
        if target.kind is Kind.QUANTITATIVE:
            outcome = score_quantity(target, indicator.actual, weight, scheme)
        elif target.kind is Kind.RANGE:
            outcome = score_range(target, indicator.actual, weight, scheme)
        elif target.kind is Kind.DEADLINE:
            outcome = score_deadline(target, with_year(indicator.actual, year), weight)
        else:
            outcome = score_grade(indicator.grade, indicator.grade_percent, weight, scheme)
    except ActualError as err:
        if not lenient:
            field = "grade" if target.kind is Kind.QUALITATIVE else "actual"
            raise _error(position, indicator, str(err), field) from None
        outcome = _by_words(target, indicator.actual, weight, scheme)
    # 财预〔2020〕10号: 未完成或偏离较大的要分析原因; local 自评表: also when 得分 < 分值.
    met, score = outcome.met, scheme.round(outcome.score)
    # A met row whose full weight is rounded down (12.5 → 12) has no deviation to explain.
    needs_reason = outcome.score < weight or outcome.over or (scheme.reason_when_not_met and not met)
    return IndicatorResult(
        indicator.level1, indicator.level2, indicator.name, weight, score, met, needs_reason, outcome.explanation
    )


_NOTHING = ("无", "零", "未发生", "没有发生", "没有")


def _by_words(target: Target, actual: str | None, weight: Decimal, scheme: Scheme):
    """A printed row whose actual does not read against its target: its number, else its words."""
    text = (actual or "").strip()
    flat = re.sub(r"\s+", "", text).replace(",", "")
    if target.kind in (Kind.QUANTITATIVE, Kind.RANGE):
        number = re.search(r"\d+(?:\.\d+)?", flat)
        figure = number.group() if number else "0" if flat.startswith(_NOTHING) else None
        if figure is not None:
            scorer = score_quantity if target.kind is Kind.QUANTITATIVE else score_range
            try:
                outcome = scorer(target, figure, weight, scheme)
            except ActualError:
                outcome = None
            if outcome is not None:
                return replace(outcome, explanation=f"实际完成值“{text}”按 {figure} 计：{outcome.explanation}")
    grade = grade_from_actual(target.text, text) if text else None
    outcome = score_grade(Grade(grade) if grade else Grade.UNMET, None, weight, scheme)
    return replace(outcome, explanation=f"实际完成值“{text or '（未填）'}”按文字判断：{outcome.explanation}")


def score_indicator(indicator: IndicatorInput, weight: Decimal, scheme: Scheme = DEFAULT_SCHEME,
                    year: int | None = None, position: int = 1) -> IndicatorResult:
    """Score one indicator at a given weight (the recomputation check scores row by row)."""
    if year:
        indicator = _dated(indicator, year)
    return _score(position, indicator, weight, scheme, year)


def score_execution(budget: Budget, points: Decimal, scheme: Scheme = DEFAULT_SCHEME) -> ExecutionResult:
    """Score budget execution at the given points."""
    return _execution(budget, points, scheme)


def final_grade(total: Decimal, scheme: Scheme = DEFAULT_SCHEME) -> str:
    return _final_grade(total, scheme)


def _final_grade(total: Decimal, scheme: Scheme) -> str:
    for name, floor in scheme.final_grades:
        if total >= floor:
            return name
    return scheme.lowest_grade


_GRADES = {grade.value: grade for grade in Grade}


def evaluation_from_json(data) -> EvaluationInput:
    """Read the project document of ``jixiao selfeval FILE.json`` (numbers as JSON numbers or text)."""
    if not isinstance(data, dict):
        raise SelfEvalError("项目文件应为一个 JSON 对象")
    budget = data.get("budget")
    if not isinstance(budget, dict):
        raise SelfEvalError("缺少“budget”（initial 年初预算数、adjusted 全年预算数、spent 全年执行数）")
    money = {key: _number(budget.get(key), f"budget.{key}") for key in ("initial", "adjusted", "spent")}
    weights = data.get("weights")
    if weights is not None and not isinstance(weights, dict):
        raise SelfEvalError("“weights”应为对象，如 {\"execution\": 10, \"产出指标\": 50}")
    points = None
    if weights is not None:
        read = ((str(key), _number(value, f"weights.{key}")) for key, value in weights.items())
        points = tuple((key, value) for key, value in read if value is not None)
    rows = data.get("indicators")
    if not isinstance(rows, list) or not rows:
        raise SelfEvalError("缺少“indicators”（指标列表）")
    printed = data.get("scheme") is not None  # a printed table scored by its own scheme
    indicators = tuple(_indicator(position, row, printed) for position, row in enumerate(rows, start=1))
    year = data.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1900 < year < 2200):
        raise SelfEvalError(f"“year”应为年度，如 2024，给出的是“{year}”")
    budget = Budget(money["spent"], money["adjusted"], money["initial"])
    return EvaluationInput(budget, indicators, points, part_scores(data.get("parts"), "parts"), year)


def part_scores(rows, where: str) -> tuple[tuple[str, Decimal | None], ...]:
    """Read the evaluator's scores of the parts: [{"name": "项目决策", "score": 18}]."""
    if rows is None:
        return ()
    if not isinstance(rows, list):
        raise SelfEvalError(f"“{where}”应为列表，如 [{{\"name\": \"项目决策\", \"score\": 18}}]")
    scores = []
    for position, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or not _text(row.get("name"), f"“{where}”第 {position} 项的名称（name）"):
            raise SelfEvalError(f"“{where}”第 {position} 项应为对象并写明名称（name）")
        name = row["name"].strip()
        if "score" in row:
            scores.append((name, _number(row.get("score"), f"“{name}”的得分（score）")))
    return tuple(scores)


def indicator_from_json(position: int, row) -> IndicatorInput:
    """Read one indicator object of a ``jixiao selfeval`` document (SelfEvalError names the row)."""
    return _indicator(position, row)


def number_from_json(value, what: str) -> Decimal | None:
    """Read a number written as JSON or text ("26.00", "12.5分", "75%"); None if blank."""
    return _number(value, what)


def _indicator(position: int, row, printed: bool = False) -> IndicatorInput:
    if not isinstance(row, dict):
        raise SelfEvalError(f"第 {position} 个指标应为 JSON 对象")
    name = _text(row.get("name"), f"第 {position} 个指标的三级指标名称（name）")
    if not name:
        raise SelfEvalError(f"第 {position} 个指标缺少三级指标名称（name）")
    where = f"第 {position} 个指标“{name}”"
    # As printed: "产出指标(70分)", "产 出 指 标"; a table that prints no level-1 leaves it blank.
    level1 = _LEVEL_POINTS.sub("", re.sub(r"\s+", "", _text(row.get("level1"), f"{where}的一级指标（level1）")))
    not_applicable = row.get("not_applicable") or False
    if not isinstance(not_applicable, bool):
        raise SelfEvalError(f"{where}：“not_applicable”应为 true 或 false")
    target_text, target = _text(row.get("target"), f"{where}的指标值（target）"), None
    if target_text:
        target = parse_target(target_text)
    elif printed:
        target = Target("", Kind.QUALITATIVE)  # a printed row without a value: judged by its actual
    elif not not_applicable:
        raise SelfEvalError(f"{where}：缺少指标值（target）")
    grade = _text(row.get("grade"), f"{where}的评价等级（grade）") or None
    if grade is not None:
        grade = next((g for g in _GRADES if g.startswith(grade) or grade.startswith(g)), grade)
    if grade is not None and grade not in _GRADES and printed:
        grade = None  # a printed table's own word for the grade: judged by the actual instead
    if grade is not None and grade not in _GRADES:
        raise SelfEvalError(f"{where}：评价等级“{grade}”应为{'、'.join(_GRADES)}之一")
    actual = row.get("actual")
    if isinstance(actual, (int, Decimal, float)) and not isinstance(actual, bool):
        actual = plain(Decimal(str(actual)))
    if grade is None and target is not None and target.kind is Kind.QUALITATIVE and isinstance(actual, str):
        grade = grade_from_actual(target.text, actual)
    direction = _text(row.get("direction"), f"{where}的指标方向（direction）").removesuffix("指标") or None
    direction = {"正": "正向", "反": "反向"}.get(direction, direction)
    if direction is not None and direction not in DIRECTIONS and printed:
        direction = None  # "定性", "≥": the value's own comparator says it
    if direction is not None and direction not in DIRECTIONS:
        raise SelfEvalError(f"{where}：指标方向（direction）“{row.get('direction')}”应为“正向”或“反向”")
    return IndicatorInput(
        level1=level1,
        level2=_text(row.get("level2"), f"{where}的二级指标（level2）"),
        name=name,
        target=target,
        actual=_text(actual, f"{where}的实际完成值（actual）") or None,
        weight=_number(row.get("weight"), f"{where}的分值（weight）"),
        grade=_GRADES.get(grade) if grade else None,
        grade_percent=_number(row.get("grade_percent"), f"{where}的得分比例（grade_percent）"),
        not_applicable=not_applicable,
        direction=direction,
    )


_LEVEL_POINTS = re.compile(r"[（(]\d+(?:\.\d+)?分?[)）]$")
_SHORT = ("部分", "基本", "大部分")
_UNMET = ("未完成", "未达成", "未达到", "未实现", "没有完成", "尚未")


def grade_from_actual(target_text: str, actual: str) -> str | None:
    """A printed table's grade for a qualitative row, read from its 实际完成值.

    A printed 自评表 has no grade column: an actual that says the row fell short (未…, 部分…,
    基本…) is graded so; any other actual (the target repeated, 达成预期指标, 已完成) is 达成.
    """
    text = re.sub(r"\s+", "", actual)
    if not text:
        return None
    if text.startswith(_UNMET):
        return Grade.UNMET.value
    if text.startswith(_SHORT) and text != re.sub(r"\s+", "", target_text):
        return Grade.PARTIAL.value
    return Grade.MET.value


def _text(value, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise SelfEvalError(f"{what}应为文字，给出的是“{value}”")
    return value.strip()


def _number(value, what: str) -> Decimal | None:
    """Read a JSON number or a text such as "26.00", "1,234", "26万元", "12.5分", "75%"; None if blank."""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise SelfEvalError(f"{what}应为数字，给出的是“{value}”")
    text = str(value).strip().replace(",", "").replace("，", "")
    for suffix in ("万元", "分", "%", "％"):
        text = text.removesuffix(suffix)
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise SelfEvalError(f"{what}应为数字，给出的是“{value}”") from None
    if not number.is_finite():
        raise SelfEvalError(f"{what}应为数字，给出的是“{value}”")
    return number


def evaluation_to_json(evaluation: Evaluation) -> dict:
    """Return the evaluation as the document ``jixiao selfeval --json`` prints: the issue's keys, no others."""
    return {
        "execution": {"rate": _json(evaluation.execution.rate), "score": _json(evaluation.execution.score)},
        "indicators": [
            {
                "name": result.name,
                "met": result.met,
                "weight": _json(result.weight),
                "score": _json(result.score),
                "needs_reason": result.needs_reason,
                "explanation": result.explanation,
            }
            for result in evaluation.indicators
        ],
        "total": _json(evaluation.total),
        "grade": evaluation.grade,
        "scheme": evaluation.scheme,
    } | ({"parts": [
        {"name": part.name, "points": _json(part.points), "score": _json(part.score)} for part in evaluation.parts
    ]} if evaluation.parts else {})


def _json(number: Decimal) -> float:
    # The edge: JSON has binary numbers only; two or four decimals survive the conversion exactly as printed.
    return float(number)
