"""A centre's recognition, review path, revocation and blacklist (seed 001 第九条、第十条、第十三条、第十四条; 000 第七条).

Pure rules over frozen inputs; every requirement and refusal names its clause. The space and
staff checks of 001 第六条、第七条 are ``hubei_status.recognition_gaps``, used here as they are.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from app.centres.rules.hubei_model import HubeiSettings, Level
from app.centres.rules.hubei_status import Requirement, Staffing, recognition_gaps
from app.domain.errors import DomainError

# 001 第十条（二）: the seven kinds of material an operator hands in, in the article's order.
MATERIALS: tuple[tuple[str, str], ...] = (
    ("declaration", "申报书（包括企业基本情况、符合申请条件的说明）"),
    ("work_plan", "外贸综合服务中心工作方案（包括工作计划、目标、方法、内容等）"),
    ("service_proof", "为中小企业提供通关、退税、收汇、信保等服务的相关证明材料"),
    ("licence", "企业营业执照、法人代表身份证复印件"),
    ("staff_proof", "专业服务人员有关资质及社会保险参保证明"),
    ("truth_statement", "法人代表签字所提供材料真实有效的申明"),
    ("other", "其他可资证明的材料"),
)
MATERIAL_LABELS = dict(MATERIALS)
# Reading: 7.“其他可资证明的材料” is whatever else the operator has; an application without it is complete.
OPTIONAL_MATERIALS = frozenset({"other"})

# 001 第十条（一）: the operator's basic conditions (field, clause, what must hold).
CONDITIONS: tuple[tuple[str, str, str], ...] = (
    ("legal_person", "001 第十条（一）1", "依法注册、备案，具有独立法人资格，企业财务管理制度健全，资信情况良好"),
    ("trade_qualified", "001 第十条（一）2", "已获得外贸经营者资质，具备外贸综合服务等运营能力，有固定的经营场所和专业外贸团队"),
    ("clean_record", "001 第十条（一）3", "3年内无违法违规经营等不良记录"),
    ("not_discredited", "001 第十条（一）3", "未被列入“失信联合惩戒名单”“失信企业”“严重失信主体名单”"),
)


class Kind(StrEnum):
    """What a decision does (001 第九条)."""

    ESTABLISH = "establish"  # 设立/新设/增设: 第九条（三）
    ADJUST = "adjust"  # 调整: 第九条（四）
    REVOKE = "revoke"  # 撤销: 第九条（四）

    @property
    def label(self) -> str:
        """Return the Chinese name used in the decision letter."""
        return {"establish": "设立", "adjust": "调整", "revoke": "撤销"}[self.value]


@dataclass(frozen=True)
class Operator:
    """The company applying to run a centre (承办企业) and what it declares of 001 第十条（一）."""

    name: str
    credit_code: str  # 统一社会信用代码
    legal_person: bool = False
    trade_qualified: bool = False
    clean_record: bool = False
    not_discredited: bool = False


@dataclass(frozen=True)
class Application:
    """A county's application for a centre, as the rules check it."""

    kind: Kind
    operator: Operator
    level: Level
    floor_area: Decimal
    staffing: Staffing
    materials: frozenset[str] = frozenset()  # the MATERIALS keys handed in


@dataclass(frozen=True)
class BlacklistEntry:
    """An operator on the province's blacklist (001 第十四条) or barred for a while (000 第七条)."""

    credit_code: str
    name: str
    clause: str
    listed_on: date
    until: date | None = None  # None: for good (第十四条); a date: 000 第七条's two years

    def bars(self, day: date) -> bool:
        """Tell whether the entry still bars an application made on DAY."""
        return self.until is None or day < self.until


def normal_code(code: str) -> str:
    """Compare credit codes without spaces or case (9142… and 9142 … are the same company)."""
    return "".join(str(code or "").split()).upper()


def operator_gaps(operator: Operator) -> tuple[Requirement, ...]:
    """Return the conditions of 001 第十条（一） the operator does not declare met."""
    return tuple(Requirement(clause, f"承办企业应{text}") for key, clause, text in CONDITIONS if not getattr(operator, key))


def missing_materials(materials: frozenset[str] | set[str]) -> tuple[Requirement, ...]:
    """Return the required materials of 001 第十条（二） not handed in."""
    return tuple(
        Requirement(f"001 第十条（二）{n}", f"缺少材料：{label}")
        for n, (key, label) in enumerate(MATERIALS, start=1)
        if key not in materials and key not in OPTIONAL_MATERIALS
    )


def blacklist_hits(credit_code: str, entries, day: date) -> tuple[Requirement, ...]:
    """Return why the operator may not apply on DAY: blacklisted (001 第十四条) or barred (000 第七条)."""
    code = normal_code(credit_code)
    hits = []
    for entry in entries:
        if normal_code(entry.credit_code) == code and entry.bars(day):
            if entry.until is None:
                text = f"承办企业“{entry.name}”已于 {entry.listed_on:%Y-%m-%d} 列入全省外综服中心承办企业黑名单"
            else:
                text = f"承办企业“{entry.name}”考核不合格被取消资格，{entry.until:%Y-%m-%d} 前不得再次申报"
            hits.append(Requirement(entry.clause, text))
    return tuple(hits)


def check_application(
    application: Application, blacklist=(), day: date | None = None, settings: HubeiSettings | None = None
) -> tuple[Requirement, ...]:
    """Return every unmet requirement of an application to set up a centre, blacklist first."""
    day = day or date.today()
    gaps = list(blacklist_hits(application.operator.credit_code, blacklist, day))
    gaps += operator_gaps(application.operator)
    gaps += missing_materials(application.materials)
    if application.kind is Kind.ESTABLISH:
        # 001 第六条、第七条: space and staff by park level, only for a centre being set up.
        gaps += recognition_gaps(application.level, application.staffing, application.floor_area, settings)
    return tuple(gaps)


# --- The review path of 001 第九条（三）: 县区申请 → 市州审核 → 省厅核准 -------------------------------


class Tier(StrEnum):
    """Who acts at each step (001 第四条、第九条（三）)."""

    COUNTY = "county"  # 县（市、区）商务局: applies
    CITY = "city"  # 市州商务局: reviews and forwards
    PROVINCE = "province"  # 省商务厅: approves

    @property
    def label(self) -> str:
        """Return the Chinese name of the tier."""
        return {"county": "县（市、区）商务局", "city": "市州商务局", "province": "省商务厅"}[self.value]


class Stage(StrEnum):
    DRAFT = "draft"
    APPLIED = "applied"  # 县区已申请, 待市州审核
    FORWARDED = "forwarded"  # 市州已审核, 报省厅核准
    APPROVED = "approved"  # 省厅已核准
    RETURNED = "returned"  # 退回县区修改
    REFUSED = "refused"  # 省厅不予核准: closed


STAGE_LABELS = {
    Stage.DRAFT: "草稿",
    Stage.APPLIED: "待市州审核",
    Stage.FORWARDED: "待省厅核准",
    Stage.APPROVED: "已核准",
    Stage.RETURNED: "已退回",
    Stage.REFUSED: "不予核准",
}
EDITABLE_STAGES = frozenset({Stage.DRAFT, Stage.RETURNED})


@dataclass(frozen=True)
class Step:
    action: str
    sources: frozenset[Stage]
    target: Stage
    tier: Tier
    label: str
    clause: str
    needs_reason: bool = False
    needs_complete: bool = False  # refused while the application has unmet requirements


STEPS: dict[str, Step] = {
    s.action: s
    for s in (
        Step("apply", frozenset({Stage.DRAFT, Stage.RETURNED}), Stage.APPLIED, Tier.COUNTY, "提出申请", "001 第九条（三）"),
        Step("forward", frozenset({Stage.APPLIED}), Stage.FORWARDED, Tier.CITY, "审核并报省厅", "001 第九条（三）", needs_complete=True),
        Step("city_return", frozenset({Stage.APPLIED}), Stage.RETURNED, Tier.CITY, "退回县区", "001 第九条（三）", needs_reason=True),
        Step("approve", frozenset({Stage.FORWARDED}), Stage.APPROVED, Tier.PROVINCE, "核准", "001 第九条（三）", needs_complete=True),
        Step("province_return", frozenset({Stage.FORWARDED}), Stage.RETURNED, Tier.PROVINCE, "退回补正", "001 第九条（三）", needs_reason=True),
        Step("refuse", frozenset({Stage.FORWARDED}), Stage.REFUSED, Tier.PROVINCE, "不予核准", "001 第九条（三）", needs_reason=True),
    )
}


def stage_of(value: str | None) -> Stage:
    """Read a stored stage; an empty one is a draft."""
    return Stage(value) if value else Stage.DRAFT


def available_steps(stage: str | None, tiers) -> list[Step]:
    """The steps holders of TIERS may take from STAGE, in a fixed order."""
    current, held = stage_of(stage), set(tiers)
    return [s for s in STEPS.values() if current in s.sources and s.tier in held]


def advance(stage: str | None, action: str, tiers, reason: str = "", gaps=()) -> Stage:
    """Return the stage after ACTION; raise DomainError naming why it may not happen."""
    step = STEPS.get(action)
    if step is None:
        raise DomainError(f"未知的审核操作“{action}”")
    current = stage_of(stage)
    if step.tier not in set(tiers):
        raise DomainError(f"只有{step.tier.label}可以{step.label}（{step.clause}）")
    if current not in step.sources:
        raise DomainError(f"当前状态为“{STAGE_LABELS[current]}”，不能{step.label}")
    if step.needs_reason and not (reason or "").strip():
        raise DomainError(f"{step.label}请填写理由", "reason")
    if step.needs_complete and gaps:
        listed = "；".join(f"{g.clause}：{g.text}" for g in gaps)
        raise DomainError(f"申请尚不符合条件，不能{step.label}：{listed}")
    return step.target


# --- Revocation (001 第十二条（三）(2)、第十三条、第十四条) -------------------------------------------


@dataclass(frozen=True)
class Ground:
    code: str
    clause: str
    text: str
    blacklist: bool = False  # 第十四条: listed on the blacklist
    recover: bool = False  # 第十四条: the funds paid are recovered


GROUNDS: tuple[Ground, ...] = (
    Ground("false_material", "001 第十三条（一）", "申报时提供虚假材料或采取其他手段欺瞒、骗取相关资质认定，后经查出的"),
    Ground("penalty", "001 第十三条（二）", "被行政机关处以行政处罚的"),
    Ground("tax_fraud", "001 第十三条（三）", "未实际履行约定的外贸综合服务行为，代办退税业务被认定为骗取出口退税的"),
    Ground("discredit", "001 第十三条（四）", "发生重大失信行为或其他违反法律法规的行为"),
    Ground("decision", "001 第九条（四）", "不再满足设立条件，省商务厅作出撤销决定"),
    Ground("poor_twice", "001 第十二条（三）(2)", "连续两年考核评估位列“较差”档次"),
    Ground("fund_abuse", "001 第十四条", "在申报、运营及资金申请过程中恶意套取财政补助资金", blacklist=True, recover=True),
)
GROUND_BY_CODE = {g.code: g for g in GROUNDS}
# 000 第七条: after a failing grade the company may not apply again for two years.
BAR_YEARS_AFTER_FAILING = 2


def ground(code: str) -> Ground:
    """Return the ground CODE or raise DomainError."""
    try:
        return GROUND_BY_CODE[code]
    except KeyError:
        raise DomainError(f"未知的撤销理由“{code}”", "ground") from None


def check_revocation(code: str, recovered: Decimal, paid: Decimal, details: str) -> Ground:
    """Check a revocation's ground and recovered amount (万元) against what was paid."""
    chosen = ground(code)
    if not (details or "").strip():
        raise DomainError("撤销须写明查实的情况", "details")
    if recovered < 0:
        raise DomainError("追回金额不能为负数", "recovered")
    if recovered > paid:
        raise DomainError(f"追回金额 {recovered} 万元超过已拨付的 {paid} 万元", "recovered")
    if chosen.recover and recovered != paid:
        # 001 第十四条: 追回已拨付资金 — all of it.
        raise DomainError(f"{chosen.clause}：应追回已拨付资金 {paid} 万元", "recovered")
    return chosen


def blacklist_entry_for(chosen: Ground, operator: Operator, day: date) -> BlacklistEntry | None:
    """The blacklist entry a revocation makes: for good (001 第十四条) or two years (000 第七条)."""
    if chosen.blacklist:
        return BlacklistEntry(operator.credit_code, operator.name, chosen.clause, day)
    if chosen.code == "poor_twice":
        until = _years_later(day, BAR_YEARS_AFTER_FAILING)
        return BlacklistEntry(operator.credit_code, operator.name, "000 第七条", day, until)
    return None


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
