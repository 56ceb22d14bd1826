"""How a centre's score reads: the parts with their names, full marks and clauses (pure).

Shared by the score page, the ranking's Excel and the Word score sheet, so the three show
the same numbers: every number comes from ``CentreScore.to_dict()``, the very dict
``jixiao centre score --json`` prints.
"""

from decimal import Decimal

from app.centres.rules.common import number_text
from app.centres.rules.hubei_model import (  # noqa: F401  (the labels are read from here too)
    CATEGORY_LABELS,
    CLAUSES,
    LEVEL_LABELS,
    PART_NAMES,
    Category,
    CentreScore,
    HubeiSettings,
)
from app.centres.rules.hubei_status import Consequences

GROUPS = (
    ("规范化建设", ("S1", "S2", "S3")),
    ("服务成效", ("R1", "R2", "R3", "R4", "R5", "R6", "R7")),
    ("奖励项目", ("B1", "B2", "B3", "bonus")),
)
PART_LABELS = {
    "S1": "办公场地和工作人员",
    "S2": "参加会议、活动",
    "S3": "无有效投诉和有损行为",
    "R1": "外贸业务知识培训",
    "R2": "外贸资质备案新增企业",
    "R3": "进出口业绩破零企业",
    "R4": "进出口额增幅 10% 以上企业",
    "R5": "进出口业绩倍增企业",
    "R6": "14 项服务项目均有有效服务数据",
    "R7": "年度录入有效服务数据",
    "B1": "服务数据录入奖励",
    "B2": "表扬、典型发言、正面宣传",
    "B3": "服务对象及时有效评价",
    "bonus": "奖励分合计",
}


def full_marks(settings: HubeiSettings) -> dict[str, Decimal]:
    """Return the most each part can give (000 第九条)."""
    marks = {
        "S1": settings.office_points,
        "S2": settings.meeting_points,
        "S3": settings.conduct_points,
        "R1": settings.training_points,
        **{category.part: settings.full_marks(category) for category in Category},
        "R6": settings.coverage_points,
        "R7": settings.volume_points,
        "B1": max(points for _, points in settings.volume_bonus_tiers),
        "B2": settings.praise_cap,
        "B3": max(points for _, points in settings.evaluation_tiers),
        "bonus": settings.bonus_cap,
    }
    return {part: Decimal(value) for part, value in marks.items()}


def points(value) -> str:
    """Write points as the pages show them: 6, 20.3, 0.5."""
    return number_text(Decimal(value))


def score_sheet(score: CentreScore, settings: HubeiSettings | None = None) -> dict:
    """Describe one centre's score part by part, with each part's findings and clause."""
    settings = settings or HubeiSettings()
    data = score.to_dict()
    marks = full_marks(settings)
    rows = []
    for group, parts in GROUPS:
        for part in parts:
            rows.append({
                "group": group,
                "part": part,
                "name": PART_LABELS[part],
                "full": points(marks[part]),
                "points": points(data["parts"][part]),
                "lost": marks[part] > data["parts"][part] and part not in ("B1", "B2", "B3", "bonus"),
                "clause": CLAUSES[part],
                "findings": [f for f in data["findings"] if f["part"] == part],
            })
    base = sum((data["parts"][part] for part in PART_NAMES[:10]), Decimal(0))
    # 000 第九条（一）、（二）、（三）: the three groups' points (the bonus capped, 000 第六条).
    subtotals = {
        group: points(data["parts"]["bonus"]) if "bonus" in parts else points(sum((data["parts"][p] for p in parts), Decimal(0)))
        for group, parts in GROUPS
    }
    return {
        "id": score.id,
        "name": score.name,
        "total": points(data["total"]),
        "base": points(base),
        "subtotals": subtotals,
        "grade": data["grade"],
        "rows": rows,
        "findings": data["findings"],
        "missing": data["missing"],
        "parts": {part: points(value) for part, value in data["parts"].items()},
        "raw": data,
    }


def consequence_text(result: Consequences) -> str:
    """Sum up what the grade means this year in one line."""
    parts = []
    if result.revoked:
        parts.append("取消承办资质")
    if result.funded and result.support:
        parts.append(f"当年资金支持 {number_text(result.support)} 万元")
    elif not result.funded:
        parts.append("不享受当年资金支持")
    if result.tender_priority:
        parts.append("新一轮招标同等条件下优先")
    return "；".join(parts)
