"""Service records: duplicates (000 第十一条), R6, R7 and the bonuses B1, B3."""

from dataclasses import dataclass
from decimal import Decimal

from app.centres.rules.common import Finding, PartScore, number_text, round_half_up
from app.centres.rules.hubei_model import (
    CLAUSES,
    SERVICE_ITEMS,
    HubeiSettings,
    Rating,
    ServiceRecord,
)


@dataclass(frozen=True)
class ServiceReview:
    """The records that count after 000 第十一条, and the items they cover."""

    records: tuple[ServiceRecord, ...]
    valid: tuple[ServiceRecord, ...]
    void_items: tuple[str, ...]
    duplicates: tuple[Finding, ...]

    @property
    def empty_items(self) -> tuple[str, ...]:
        """Return the service items without any valid record, in the seed's order."""
        covered = {record.item for record in self.valid}
        return tuple(item for item in SERVICE_ITEMS if item not in covered)


def review_services(records: tuple[ServiceRecord, ...], settings: HubeiSettings) -> ServiceReview:
    """Find duplicates and void what 000 第十一条 cancels."""
    positions: dict[tuple[str, str, str], list[int]] = {}
    for number, record in enumerate(records, start=1):
        positions.setdefault(record.key, []).append(number)
    groups = [(key, numbers) for key, numbers in positions.items() if len(numbers) > 1]
    void_items = tuple(item for item in SERVICE_ITEMS if any(key[1] == item for key, _ in groups))
    if settings.duplicates_void_whole_item:
        # 000 第十一条: 经核实有重复数据的，取消该项目数据得分 — every record of the item.
        valid = tuple(record for record in records if record.item not in void_items)
    else:
        extra = {number for _, numbers in groups for number in numbers[1:]}
        valid = tuple(record for number, record in enumerate(records, start=1) if number not in extra)
    duplicates = []
    for (client, item, matter), numbers in groups:
        listed = "、".join(str(number) for number in numbers)
        cancelled = sum(1 for record in records if record.item == item)
        text = (
            f"第 {listed} 条服务记录重复（服务对象“{client}”，服务项目“{item}”，服务事项“{matter}”），"
            f"取消{item}项目数据得分（该项目 {cancelled} 条记录均不计）"
            if settings.duplicates_void_whole_item
            else f"第 {listed} 条服务记录重复（服务对象“{client}”，服务项目“{item}”，服务事项“{matter}”），只计 1 条"
        )
        duplicates.append(Finding("R6", CLAUSES["duplicate"], text))
    return ServiceReview(records, valid, void_items if settings.duplicates_void_whole_item else (), tuple(duplicates))


def score_coverage(review: ServiceReview, settings: HubeiSettings) -> PartScore:
    """Score R6: 7 points, 0.5 off per item without a valid record."""
    empty = review.empty_items
    # 000 第九条（二）6: 每空缺 1 个服务项目数据扣 0.5 分.
    points = max(Decimal(0), settings.coverage_points - settings.coverage_deduction * len(empty))
    if not empty:
        return PartScore("R6", points, review.duplicates)
    names = "、".join(empty)
    lost = settings.coverage_points - points
    finding = Finding("R6", CLAUSES["R6"], f"{names} {len(empty)} 个服务项目无有效服务数据，扣 {number_text(lost)} 分")
    return PartScore("R6", points, (finding, *review.duplicates), (f"{names} 无有效服务数据",))


def score_volume(review: ServiceReview, settings: HubeiSettings) -> PartScore:
    """Score R7: 24 points at 480 valid records, 0.1 off per record short."""
    count = len(review.valid)
    if count >= settings.volume_full:
        return PartScore("R7", settings.volume_points)
    short = settings.volume_full - count
    # 000 第九条（二）6: 每少 1 条扣 0.1 分，累计扣完 24 分为止.
    points = max(Decimal(0), settings.volume_points - settings.volume_deduction * short)
    lost = settings.volume_points - points
    ending = "（扣完为止）" if points == 0 else ""
    finding = Finding("R7", CLAUSES["R7"], f"有效服务数据 {count} 条，少 {short} 条，扣 {number_text(lost)} 分{ending}")
    return PartScore("R7", points, (finding,), (f"再录入 {short} 条有效服务数据可得满分",))


def score_volume_bonus(review: ServiceReview, settings: HubeiSettings) -> PartScore:
    """Score B1: 1–3 points for 500/600/800 valid records when all 14 items hold data."""
    count = len(review.valid)
    # 000 第九条（三）1: 500（含）-600 条加 1 分，600（含）-800 条加 2 分，800 条及以上加 3 分.
    earned = next((points for least, points in settings.volume_bonus_tiers if count >= least), 0)
    if not review.empty_items:
        return PartScore("B1", Decimal(earned))
    if not earned:
        return PartScore("B1", Decimal(0))
    # 000 第九条（三）1: 且对应 14 项外贸服务项目在楚贸通平台上有有效服务数据.
    names = "、".join(review.empty_items)
    text = f"有效服务数据 {count} 条，但{names}无有效服务数据，不加服务数据录入奖励分（本可加 {earned} 分）"
    return PartScore("B1", Decimal(0), (Finding("B1", CLAUSES["B1"], text),))


def evaluation_points(rate: Decimal, blemished: bool, settings: HubeiSettings) -> int:
    """Return B3's points for an evaluation RATE, 0 when any dissatisfaction or complaint."""
    # 000 第九条（三）3: 100% → 4, 80%（含）–100% → 3, 60%（含）–80% → 2, below 60% → 0,
    # each only 且无不满意评价或有效投诉.
    if blemished:
        return 0
    return next((points for least, points in settings.evaluation_tiers if rate >= least), 0)


def score_evaluations(review: ServiceReview, complaints: int, settings: HubeiSettings) -> PartScore:
    """Score B3 from the share of valid records rated within 30 days of the request."""
    valid = review.valid
    rated = sum(1 for record in valid if record.rated_within(settings.evaluation_days))
    rate = Decimal(rated) / Decimal(len(valid)) if valid else Decimal(0)
    judged = review.records if settings.dissatisfied_in_void_records_count else valid
    dissatisfied = sum(1 for record in judged if record.rating is Rating.DISSATISFIED)
    points = evaluation_points(rate, bool(dissatisfied or complaints), settings)
    top_points = settings.evaluation_tiers[0][1]
    if points == top_points or not valid:
        return PartScore("B3", Decimal(points))
    percent = number_text(round_half_up(rate * 100))
    text = f"有效服务数据 {len(valid)} 条，{settings.evaluation_days} 日内完成评价 {rated} 条，评价率 {percent}%"
    if dissatisfied or complaints:
        reasons = []
        if dissatisfied:
            reasons.append(f"不满意评价 {dissatisfied} 条")
        if complaints:
            reasons.append(f"有效投诉 {complaints} 条")
        text += f"，但有{'、'.join(reasons)}，不加分"
    else:
        text += f"，加 {points} 分"
    return PartScore("B3", Decimal(points), (Finding("B3", CLAUSES["B3"], text),))
