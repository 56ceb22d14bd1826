"""Score Hubei's foreign-trade service centres (000 第九条 to 第十一条)."""

from decimal import Decimal

from app.centres.rules.common import Finding, PartScore, number_text
from app.centres.rules.hubei_claims import ClaimResolution, resolve_claims, score_claims
from app.centres.rules.hubei_model import (
    CLAUSES,
    PART_NAMES,
    Assessment,
    AssessmentResult,
    Category,
    Centre,
    CentreScore,
    HubeiSettings,
)
from app.centres.rules.hubei_services import (
    review_services,
    score_coverage,
    score_evaluations,
    score_volume,
    score_volume_bonus,
)
from app.centres.rules.hubei_status import grade_for


def score_assessment(assessment: Assessment, settings: HubeiSettings | None = None) -> AssessmentResult:
    """Score every centre of the year, settling claimed companies across centres first."""
    settings = settings or HubeiSettings()
    resolution = resolve_claims(assessment, settings)
    scores = tuple(score_centre(centre, resolution, settings) for centre in assessment.centres)
    return AssessmentResult(assessment.year, scores, resolution.conflicts)


def score_centre(centre: Centre, resolution: ClaimResolution, settings: HubeiSettings) -> CentreScore:
    """Score one centre, part by part."""
    review = review_services(centre.services, settings)
    parts = [
        score_office(centre, settings),
        score_meetings(centre, settings),
        score_conduct(centre, settings),
        score_trainings(centre, settings),
        *(score_claims(centre.id, category, resolution, settings) for category in Category),
        score_coverage(review, settings),
        score_volume(review, settings),
        score_volume_bonus(review, settings),
        score_praises(centre, settings),
        score_evaluations(review, centre.complaints, settings),
    ]
    parts.append(score_bonus(parts[-3:], settings))
    points = {part.part: part.points for part in parts}
    # 000 第六条: 基础分（90 分）+ 奖励分（不超过 10 分）.
    total = sum((points[name] for name in PART_NAMES[:10]), Decimal(0)) + points["bonus"]
    return CentreScore(
        id=centre.id,
        name=centre.name,
        parts=tuple((name, points[name]) for name in PART_NAMES),
        total=total,
        grade=grade_for(total, settings),
        findings=tuple(finding for part in parts for finding in part.findings),
        missing=tuple(gap for part in parts for gap in part.missing),
    )


def score_office(centre: Centre, settings: HubeiSettings) -> PartScore:
    """Score S1: fixed office and enough staff."""
    points = settings.office_points
    findings: list[Finding] = []
    missing: list[str] = []
    if not centre.fixed_office:
        # 000 第九条（一）1: 无固定办公场地扣 3 分.
        points -= settings.office_deduction
        findings.append(Finding("S1", CLAUSES["S1"], f"无相对固定的办公场地，扣 {settings.office_deduction} 分"))
        missing.append("需有相对固定的办公场地")
    needed = settings.min_staff(centre.level)
    if centre.staff < needed:
        # 000 第九条（一）1: 国家级不少于 5 名、省级不少于 3 名，未达到扣 3 分.
        points -= settings.staff_deduction
        text = f"工作人员 {centre.staff} 名，{centre.level.label}开发区（园区）不少于 {needed} 名，扣 {settings.staff_deduction} 分"
        findings.append(Finding("S1", CLAUSES["S1"], text))
        missing.append(f"还需 {needed - centre.staff} 名工作人员")
    return PartScore("S1", Decimal(max(0, points)), tuple(findings), tuple(missing))


def score_meetings(centre: Centre, settings: HubeiSettings) -> PartScore:
    """Score S2: all 5 points for at least 2 meetings or activities, else none."""
    # 000 第九条（一）2: 积极参加会议、活动，全年不得低于 2 次（5 分）.
    if centre.meetings >= settings.min_meetings:
        return PartScore("S2", Decimal(settings.meeting_points))
    short = settings.min_meetings - centre.meetings
    text = f"全年参加会议、活动 {centre.meetings} 次，不足 {settings.min_meetings} 次，扣 {settings.meeting_points} 分"
    return PartScore("S2", Decimal(0), (Finding("S2", CLAUSES["S2"], text),), (f"还需参加 {short} 次会议或活动",))


def score_conduct(centre: Centre, settings: HubeiSettings) -> PartScore:
    """Score S3: 5 points, 1 off per verified complaint or harmful act."""
    count = centre.complaints + centre.harmful_acts
    if not count:
        return PartScore("S3", Decimal(settings.conduct_points))
    # 000 第九条（一）3: 对经核实的有效投诉和有损行为每条扣 1 分.
    points = max(0, settings.conduct_points - count)
    lost = settings.conduct_points - points
    kinds = [f"有效投诉 {centre.complaints} 条"] if centre.complaints else []
    if centre.harmful_acts:
        kinds.append(f"有损行为 {centre.harmful_acts} 条")
    text = f"经核实的{'、'.join(kinds)}，扣 {lost} 分"
    return PartScore("S3", Decimal(points), (Finding("S3", CLAUSES["S3"], text),))


def score_trainings(centre: Centre, settings: HubeiSettings) -> PartScore:
    """Score R1: 8 points for 2 trainings of at least 30 companies, 4 off per one short."""
    least = settings.min_training_companies
    counted = sum(1 for training in centre.trainings if training.companies >= least)
    short = max(0, settings.trainings_required - counted)
    if not short:
        return PartScore("R1", Decimal(settings.training_points))
    # 000 第九条（二）1: 每场参会企业数量不低于 30 家，每少一次扣 4 分.
    points = max(0, settings.training_points - settings.training_deduction * short)
    lost = settings.training_points - points
    small = len(centre.trainings) - counted
    aside = f"（另有 {small} 场参会企业不足 {least} 家，不计）" if small else ""
    text = f"参会企业 {least} 家以上的培训 {counted} 场{aside}，少 {short} 场，扣 {lost} 分"
    return PartScore("R1", Decimal(points), (Finding("R1", CLAUSES["R1"], text),), (f"还需 {short} 场 {least} 家以上企业参加的培训",))


def score_praises(centre: Centre, settings: HubeiSettings) -> PartScore:
    """Score B2: 1 point per commendation, typical speech or positive report, at most 5."""
    # 000 第九条（三）2: 每次加 1 分，最多不超过 5 分.
    points = min(settings.praise_cap, centre.praises)
    if centre.praises <= settings.praise_cap:
        return PartScore("B2", Decimal(points))
    text = f"受表扬、典型发言或正面宣传 {centre.praises} 次，最多加 {settings.praise_cap} 分"
    return PartScore("B2", Decimal(points), (Finding("B2", CLAUSES["B2"], text),))


def score_bonus(bonuses: list[PartScore], settings: HubeiSettings) -> PartScore:
    """Add B1–B3, capped at 10 points."""
    earned = sum((part.points for part in bonuses), Decimal(0))
    # 000 第六条: 奖励工作累计加分总值不得超过 10 分.
    cap = Decimal(settings.bonus_cap)
    if earned <= cap:
        return PartScore("bonus", earned)
    text = f"奖励分合计 {number_text(earned)} 分，累计不得超过 {settings.bonus_cap} 分"
    return PartScore("bonus", cap, (Finding("bonus", CLAUSES["bonus"], text),))
