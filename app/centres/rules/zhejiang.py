"""Score Zhejiang's regions on 订单+清单 fill and response rates (seed 002)."""

from dataclasses import dataclass
from decimal import Decimal

from app.centres.rules.common import round_half_up

_ONE = Decimal(1)


def _response_table() -> tuple[tuple[int, Decimal, Decimal], ...]:
    """Return 002 附件 2 as (month, question weight, five-colour weight)."""
    weights = {}
    for month in (1, 2, 3, 4, 7, 10):  # 累计响应数/累计提问数
        weights[month] = (_ONE, Decimal(0))
    for month in (5, 8, 11):  # 问题累计响应*90%+五色清单响应*10%
        weights[month] = (Decimal("0.9"), Decimal("0.1"))
    for month in (6, 9, 12):  # 问题累计响应*50%+五色清单响应*50%
        weights[month] = (Decimal("0.5"), Decimal("0.5"))
    return tuple((month, *weights[month]) for month in range(1, 13))


@dataclass(frozen=True)
class ZhejiangSettings:
    """The numbers of seed 002, and the readings where it is silent."""

    # 002 一（二）: 填报率 = 当月填报企业数占比*30% + 上月填报准确率*30% + 当年填报完成度*40%.
    share_weight: Decimal = Decimal("0.3")
    accuracy_weight: Decimal = Decimal("0.3")
    completion_weight: Decimal = Decimal("0.4")
    response_table: tuple[tuple[int, Decimal, Decimal], ...] = _response_table()
    sluggish_deduction: Decimal = Decimal("0.01")  # 002 二（三）: 每次扣减 1 个百分点
    case_points: Decimal = Decimal("0.1")  # 002 二（三）: 每个案例得 0.1 分
    case_cap: Decimal = Decimal("0.5")  # 最多不超过 0.5 分
    fill_target: Decimal = Decimal("0.8")  # 002 一（一）
    response_target: Decimal = Decimal("0.9")  # 002 二（一）
    # Readings where the seed is silent:
    rate_when_nothing_asked: Decimal = _ONE
    rate_when_nothing_warned: Decimal = _ONE
    # The issue reads 五色清单响应率 per month (the seed says 本季预警企业数).
    cumulative_answer_check: bool = False  # False: answered ≤ asked within each month

    def weights(self, month: int) -> tuple[Decimal, Decimal]:
        """Return the question and five-colour weights of MONTH."""
        return next((q, c) for m, q, c in self.response_table if m == month)


@dataclass(frozen=True)
class MonthInput:
    """One month of a region's figures."""

    month: int
    fill_share: Decimal
    prev_accuracy: Decimal
    completion: Decimal
    asked: int = 0
    answered: int = 0
    warned: int = 0
    feedback: int = 0
    sluggish: int = 0


@dataclass(frozen=True)
class Region:
    """A city's year: its months and its case count."""

    name: str
    months: tuple[MonthInput, ...]
    cases: int = 0


@dataclass(frozen=True)
class MonthScore:
    """A month's rates, unrounded."""

    month: int
    fill_rate: Decimal
    question_rate: Decimal
    colour_rate: Decimal
    response_rate: Decimal

    def to_dict(self) -> dict:
        """Return the month as plain data, rates rounded half up to 4 places."""
        return {
            "month": self.month,
            "fill_rate": round_half_up(self.fill_rate, 4),
            "response_rate": round_half_up(self.response_rate, 4),
        }


@dataclass(frozen=True)
class RegionScore:
    """A region's annual rates, bonus and whether it met the targets."""

    name: str
    fill_rate: Decimal
    response_rate: Decimal
    bonus: Decimal
    fill_met: bool
    response_met: bool
    months: tuple[MonthScore, ...]

    def to_dict(self) -> dict:
        """Return the region as plain data, rates to 4 places and the bonus to 2."""
        return {
            "name": self.name,
            "fill_rate": round_half_up(self.fill_rate, 4),
            "response_rate": round_half_up(self.response_rate, 4),
            "bonus": round_half_up(self.bonus, 2),
            "fill_met": self.fill_met,
            "response_met": self.response_met,
            "months": [month.to_dict() for month in self.months],
        }


def fill_rate(month: MonthInput, settings: ZhejiangSettings) -> Decimal:
    """Return the month's fill rate (002 一（二）)."""
    return (
        month.fill_share * settings.share_weight
        + month.prev_accuracy * settings.accuracy_weight
        + month.completion * settings.completion_weight
    )


def response_rate(month: int, question: Decimal, colour: Decimal, sluggish: int, settings: ZhejiangSettings) -> Decimal:
    """Return the month's response rate by 002 附件 2, less 1 point per sluggish reply."""
    question_weight, colour_weight = settings.weights(month)
    rate = question * question_weight + colour * colour_weight
    # 002 二（三）: 响应拖沓、答复草率，月度响应率分别扣减 1 个百分点/次.
    return max(Decimal(0), rate - settings.sluggish_deduction * sluggish)


def case_bonus(cases: int, settings: ZhejiangSettings) -> Decimal:
    """Return the case bonus: 0.1 a case, at most 0.5 (002 二（三）)."""
    return min(settings.case_cap, settings.case_points * cases)


def score_region(region: Region, settings: ZhejiangSettings | None = None) -> RegionScore:
    """Score a region's months and year."""
    settings = settings or ZhejiangSettings()
    asked = answered = 0
    months = []
    for month in sorted(region.months, key=lambda m: m.month):
        # 002 二（二）: 问题诉求响应率 = 累计响应数/累计提问数, over the months given up to this one.
        asked += month.asked
        answered += month.answered
        question = Decimal(answered) / Decimal(asked) if asked else settings.rate_when_nothing_asked
        # 002 二（二）: 五色清单响应率 = 反馈企业数/预警企业数.
        colour = Decimal(month.feedback) / Decimal(month.warned) if month.warned else settings.rate_when_nothing_warned
        months.append(MonthScore(
            month.month,
            fill_rate(month, settings),
            question,
            colour,
            response_rate(month.month, question, colour, month.sluggish, settings),
        ))
    # 002 一（二）、二（二）: 全年 = 每月的平均值.
    count = Decimal(len(months))
    annual_fill = sum((m.fill_rate for m in months), Decimal(0)) / count
    annual_response = sum((m.response_rate for m in months), Decimal(0)) / count
    return RegionScore(
        name=region.name,
        fill_rate=annual_fill,
        response_rate=annual_response,
        bonus=case_bonus(region.cases, settings),
        fill_met=annual_fill >= settings.fill_target,
        response_met=annual_response >= settings.response_target,
        months=tuple(months),
    )
