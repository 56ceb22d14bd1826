"""Grades, what follows from them, and the recognition checklist (seed 001)."""

from dataclasses import dataclass
from decimal import Decimal

from app.centres.rules.common import number_text
from app.centres.rules.hubei_model import Grade, HubeiSettings, Level


def grade_for(total: Decimal, settings: HubeiSettings) -> Grade:
    """Return the grade of a TOTAL score."""
    # 001 第十二条（三）(1): 优秀、良好、一般、较差; the thresholds are settings.
    if total >= settings.excellent_from:
        return Grade.EXCELLENT
    if total >= settings.good_from:
        return Grade.GOOD
    if total >= settings.fair_from:
        return Grade.FAIR
    return Grade.POOR


@dataclass(frozen=True)
class Consequences:
    """What the latest grade means for the centre's funds and standing."""

    funded: bool
    support: Decimal  # 万元 for the year
    revoked: bool
    tender_priority: bool
    reasons: tuple[str, ...] = ()


def consequences(grade_history: tuple[Grade, ...] | list[Grade], level: Level, settings: HubeiSettings | None = None) -> Consequences:
    """Apply 001 第十一条、第十二条 to the grades of consecutive years, oldest first."""
    settings = settings or HubeiSettings()
    if not grade_history:
        raise ValueError("至少需要一个年度的考核等次")
    reasons: list[str] = []
    # 001 第十一条: 国家级 40 万元/年，省级 30 万元/年.
    base = settings.national_support if level is Level.NATIONAL else settings.provincial_support
    # 001 第十二条（三）(2): 位列“较差”档次的，不享受当年资金支持政策.
    funded = grade_history[-1] is not Grade.POOR
    if not funded:
        reasons.append("001 第十二条（三）(2)：考核评估位列“较差”档次，不享受当年资金支持")
    # 001 第十二条（三）(2): 连续两年“较差”，取消承办资质.
    recent = grade_history[-settings.poor_years_to_revoke:]
    revoked = len(recent) == settings.poor_years_to_revoke and all(g is Grade.POOR for g in recent)
    if revoked:
        reasons.append(f"001 第十二条（三）(2)：连续 {settings.poor_years_to_revoke} 年位列“较差”档次，取消承办资质")
    # 001 第十二条（三）(3): 3 年合同期内均为“优秀”，新一轮招标同等条件下优先.
    contract = grade_history[-settings.contract_years:]
    priority = len(contract) == settings.contract_years and all(g is Grade.EXCELLENT for g in contract)
    if priority:
        reasons.append(f"001 第十二条（三）(3)：{settings.contract_years} 年合同期内均为“优秀”，新一轮招标同等条件下优先考虑")
    support = base if funded and not revoked else Decimal(0)
    if support:
        reasons.append(f"001 第十一条：{level.label}开发区（园区）{number_text(base)} 万元/年")
    return Consequences(funded, support, revoked, priority, tuple(reasons))


@dataclass(frozen=True)
class Staffing:
    """Who works at a centre, as 001 第七条 counts them."""

    total: int
    experienced: int = 0  # 从事国际贸易 3 年以上
    customs_declarants: int = 0
    linguists: int = 0


@dataclass(frozen=True)
class Requirement:
    """One unmet recognition requirement and its clause."""

    clause: str
    text: str


def recognition_gaps(
    level: Level, staffing: Staffing, floor_area: Decimal, settings: HubeiSettings | None = None
) -> tuple[Requirement, ...]:
    """Return the requirements of 001 第六条、第七条 the centre does not meet."""
    settings = settings or HubeiSettings()
    national = level is Level.NATIONAL
    gaps: list[Requirement] = []
    floor = settings.national_min_floor if national else settings.provincial_min_floor
    if floor_area < floor:
        # 001 第六条: 面积不少于 80 平方米（国家级）/50 平方米.
        text = f"服务场地 {number_text(floor_area)} 平方米，{level.label}不少于 {number_text(floor)} 平方米"
        gaps.append(Requirement("001 第六条", text))
    clause = "001 第七条第一款" if national else "001 第七条第二款"
    needs = (
        ("派驻人员", staffing.total, settings.min_staff(level), "名"),
        ("从事国际贸易 3 年以上的人员", staffing.experienced,
         settings.national_min_experienced if national else settings.provincial_min_experienced, "人"),
        ("专业报关员", staffing.customs_declarants, settings.min_customs_declarants, "人"),
        ("外语人才", staffing.linguists, settings.min_linguists, "人"),
    )
    for label, have, need, unit in needs:
        if have < need:
            gaps.append(Requirement(clause, f"{label} {have} {unit}，{level.label}不少于 {need} {unit}"))
    return tuple(gaps)
