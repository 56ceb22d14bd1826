"""Year-end actuals (实际完成值): read them like targets and score one indicator against its target.

Officers write actuals the way they write targets ("96%", "3次", "2024年12月20日"), often
with the target's comparator copied in ("≥266米" meaning 266). A unit that contradicts the
target's is an error, never a guess: "3天" against "≤4小时" is rejected, "3" is fine.
The numbers and readings come from the ``Scheme`` of ``app.domain.selfeval``.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import Enum

from app.domain.numbers import HUNDRED, percent, plain, round_half_up
from app.domain.targets import SYMBOLS, Kind, Target, parse_target

ZERO, ONE = Decimal(0), Decimal(1)


class ActualError(ValueError):
    """An actual or grade cannot be read against its target."""


class Grade(str, Enum):
    MET = "达成年度指标"
    PARTIAL = "部分达成年度指标并具有一定效果"
    UNMET = "未达成年度指标且效果较差"


@dataclass(frozen=True)
class Band:
    grade: Grade
    low: Decimal  # percent of the weight, included
    high: Decimal  # percent of the weight
    high_included: bool
    default: Decimal  # percent when the officer gives none


@dataclass(frozen=True)
class Outcome:
    met: bool
    score: Decimal
    explanation: str
    over: bool = False  # actual far above a positive target: was it set too low?


def read_quantity(text: str | None, target_unit: str | None, aliases=()) -> Decimal:
    """Read a quantitative actual; its unit, if any, must be the target's (or an alias of it)."""
    actual = _parse(text)
    if actual.kind is not Kind.QUANTITATIVE:
        raise ActualError(f"实际完成值“{text}”不是数值")
    # A unit where the target has none contradicts nothing, so it is accepted.
    if actual.unit and target_unit and not same_unit(actual.unit, target_unit, aliases):
        raise ActualError(f"实际完成值“{text}”的单位“{actual.unit}”与指标值的单位“{target_unit}”不一致")
    return actual.value


def read_date(text: str | None) -> datetime.date:
    """Read the date a deadline indicator was done; a month or period means its last day."""
    actual = _parse(text)
    if actual.kind is not Kind.DEADLINE:
        # A date inside a sentence: "完成时间为2022年12月30日", "于2024年11月完成验收".
        found = _DATE_INSIDE.search(text or "")
        inside = parse_target(found.group()) if found else None
        if inside is None or inside.kind is not Kind.DEADLINE:
            raise ActualError(f"实际完成值“{text}”不是日期（应写作 2024-12-20 或 2024年12月20日）")
        return inside.deadline
    return actual.deadline


_DATE_INSIDE = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?")
# "按期完成", "按时完成", "如期完成", "提前完成": done by the deadline, though no date is written.
ON_TIME = re.compile(r"^(?:已|均|全部)?(?:按期|按时|如期|提前|及时)(?:完成|办结|竣工|完工|到位|发放|支付)")


def _parse(text: str | None) -> Target:
    try:
        return parse_target(text or "")
    except ValueError:
        raise ActualError("缺少实际完成值") from None


def same_unit(a: str, b: str, aliases=()) -> bool:
    """Tell whether two units are the same, after width folding and the scheme's aliases."""
    a, b = unicodedata.normalize("NFKC", a), unicodedata.normalize("NFKC", b)
    return a == b or any(a in group and b in group for group in aliases)


def quantity(number: Decimal, unit: str | None) -> str:
    """Write a number with its unit as in explanations: "3 次", "80%"."""
    if not unit:
        return plain(number)
    if unit in ("%", "‰", "‱"):
        return f"{plain(number)}{unit}"
    return f"{plain(number)} {unit}"


_MET = {
    ">=": lambda actual, value: actual >= value,
    ">": lambda actual, value: actual > value,
    "<=": lambda actual, value: actual <= value,
    "<": lambda actual, value: actual < value,
}


def score_quantity(target: Target, actual_text: str | None, weight: Decimal, scheme) -> Outcome:
    """Score a quantitative target: full weight when met, else in proportion."""
    actual = read_quantity(actual_text, target.unit, scheme.unit_aliases)
    value, comparator = target.value, target.comparator
    if comparator == "=":
        met = actual >= value if scheme.equal_means_at_least else actual == value
    else:
        met = _MET[comparator](actual, value)
    shown, goal = quantity(actual, target.unit), quantity(value, target.unit)
    if met:
        relation = SYMBOLS[comparator] if comparator != "=" or actual == value else "≥"
        text = f"实际 {shown} {relation} 目标 {goal}，得满分"
        over = not target.is_reverse and value > 0 and actual >= value * scheme.over_achievement
        if over:
            # 财预〔2020〕10号: 完成值高于指标值较多的，要分析原因 (设定偏低).
            ratio = percent(round_half_up(actual / value, scheme.places))
            text += f"；实际为目标的 {ratio}，达到 {percent(scheme.over_achievement)} 以上，需分析目标是否设定偏低"
        if not scheme.cap and actual > 0 and value > 0:
            # A scheme without a cap scores above the weight in proportion (a 自评表 practice).
            ratio = value / actual if target.is_reverse else actual / value
            formula = f"{plain(value)} ÷ {plain(actual)}" if target.is_reverse else f"{plain(actual)} ÷ {plain(value)}"
            if ratio > ONE:
                score = scheme.round(weight * ratio)
                text = text.replace("得满分", f"不封顶，得分 = {plain(weight)} × {formula} = {plain(score)}")
                return Outcome(True, score, text, over)
        return Outcome(True, weight, text, over)
    goal = goal if comparator == "=" else SYMBOLS[comparator] + goal
    if target.is_reverse:
        # Local 自评表 practice for costs, durations, error rates: 分值 × 指标值 ÷ 实际值.
        if value <= 0:
            return Outcome(False, ZERO, f"实际 {shown} 未达目标 {goal}，目标为 0，得 0 分")
        ratio, formula = value / actual, f"{plain(value)} ÷ {plain(actual)}"
    else:
        # 财预〔2020〕10号: 未完成指标值的，按照完成值与指标值的比例记分.
        if actual <= 0 or value <= 0:
            return Outcome(False, ZERO, f"实际 {shown} 未达目标 {goal}，实际值不大于 0，得 0 分")
        ratio, formula = actual / value, f"{plain(actual)} ÷ {plain(value)}"
    score = scheme.round(weight * min(ratio, ONE))
    return Outcome(False, score, f"实际 {shown} 未达目标 {goal}，得分 = {plain(weight)} × {formula} = {plain(score)}")


def score_range(target: Target, actual_text: str | None, weight: Decimal, scheme) -> Outcome:
    """Score a range (both ends included): inside → full weight; outside, as a target at the nearer bound.

    Below the lower bound it is scored as "≥ lower" (in proportion), above the upper bound as
    "≤ upper" (分值 × 上限 ÷ 实际值), by ``score_quantity``'s rules.
    """
    actual = read_quantity(actual_text, target.unit, scheme.unit_aliases)
    lower, upper, unit = target.lower, target.upper, target.unit
    shown, goal = quantity(actual, unit), f"{plain(lower)}–{quantity(upper, unit)}"
    if lower <= actual <= upper:
        return Outcome(True, weight, f"实际 {shown} 在目标区间 {goal} 内，得满分")
    below = actual < lower
    bound = replace(target, kind=Kind.QUANTITATIVE, comparator=">=" if below else "<=",
                    value=lower if below else upper, lower=None, upper=None)
    outcome = score_quantity(bound, actual_text, weight, scheme)
    return replace(outcome, explanation=f"目标区间 {goal}，按{'下' if below else '上'}限计：{outcome.explanation}")


def score_deadline(target: Target, actual_text: str | None, weight: Decimal) -> Outcome:
    """Score a deadline: done on or before it → full weight, later → 0 (local 自评表 practice)."""
    deadline = target.deadline
    if actual_text and ON_TIME.match(re.sub(r"\s+", "", actual_text)):
        return Outcome(True, weight, f"{actual_text.strip()}（截止 {deadline.isoformat()}），得满分")
    done = read_date(actual_text)
    if done <= deadline:
        return Outcome(True, weight, f"按期完成（{done.isoformat()} ≤ {deadline.isoformat()}），得满分")
    return Outcome(False, ZERO, f"逾期完成（{done.isoformat()} > {deadline.isoformat()}），得 0 分")


def score_grade(grade: Grade | None, grade_percent: Decimal | None, weight: Decimal, scheme) -> Outcome:
    """Score a qualitative target by its grade and the percentage inside the grade's band."""
    # 财预〔2020〕10号 定性指标: 三档，分别按分值的 100-80%（含）、80-60%（含）、60-0% 记分.
    if grade is None:
        names = "／".join(band.grade.value for band in scheme.grade_bands)
        raise ActualError(f"定性指标须选择评价等级（{names}）")
    band = next(b for b in scheme.grade_bands if b.grade is grade)
    share = band.default if grade_percent is None else grade_percent
    inside = band.low <= share and (share <= band.high if band.high_included else share < band.high)
    if not inside:
        edge = "" if band.high_included else f"，不含 {plain(band.high)}%"
        raise ActualError(
            f"“{grade.value}”的得分比例应在 {plain(band.low)}%–{plain(band.high)}% 之间{edge}，给出的是 {plain(share)}%"
        )
    score = scheme.round(weight * share / HUNDRED)
    return Outcome(grade is scheme.met_grade, score, f"定性：{grade.value}，按 {plain(share)}% 计 {plain(score)} 分")
