"""The field checks of a centre and of a year's evidence: what may be stored, named field by field (pure).

The services call these before they touch the database; the only check left to them is what
needs it (a unit that exists, a code not taken).
"""

import re
from decimal import Decimal, InvalidOperation

from app.centres.rules.hubei_drafts import CentreDraft, EvidenceDraft
from app.centres.rules.hubei_model import CATEGORY_LABELS, Category, Level
from app.domain.dates import FIRST_YEAR, LAST_YEAR
from app.domain.errors import DomainError, Problem

CATEGORIES = tuple(category.value for category in Category)
CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.-]{0,31}$")
MAX_CODE = 64  # a company's 统一社会信用代码 or 海关注册编码, as the claims list it
MAX_TEXT = 200
MAX_AREA = Decimal("100000000")  # 平方米
COUNTS = (
    ("staff", "工作人员数"),
    ("staff_experienced", "3 年以上外贸从业人员数"),
    ("customs_declarants", "专业报关员数"),
    ("linguists", "外语人才数"),
    ("meetings", "参加会议、活动次数"),
    ("complaints", "有效投诉数"),
    ("harmful_acts", "有损行为数"),
    ("praises", "表扬、典型发言、正面宣传次数"),
)
# Staff with a qualification are counted among the staff (001 第六条、第七条).
QUALIFIED = (("staff_experienced", "3 年以上外贸从业人员数"), ("customs_declarants", "专业报关员数"), ("linguists", "外语人才数"))


def check_year(year: int) -> None:
    """Refuse a year outside the product's years."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(f"年度应在 {FIRST_YEAR} 至 {LAST_YEAR} 之间", "year")


def clean_centre(draft: CentreDraft) -> CentreDraft:
    """The draft with its texts trimmed."""
    return CentreDraft(
        code=(draft.code or "").strip(), name=(draft.name or "").strip(), level=draft.level,
        park=(draft.park or "").strip(), company=(draft.company or "").strip(),
        contract_start=draft.contract_start, contract_end=draft.contract_end, unit_id=draft.unit_id,
        note=(draft.note or "").strip(),
    )


def centre_problems(draft: CentreDraft) -> list[Problem]:
    """What is wrong with a (cleaned) centre, field by field."""
    problems = []
    if not CODE.match(draft.code):
        problems.append(Problem("code", "中心编号应为 1 至 32 位字母、数字或 - _ .，以字母或数字开头"))
    if not draft.name:
        problems.append(Problem("name", "请填写中心名称"))
    elif len(draft.name) > MAX_TEXT:
        problems.append(Problem("name", f"中心名称不能超过 {MAX_TEXT} 字"))
    if draft.level not in {level.value for level in Level}:
        problems.append(Problem("level", "园区级别应为国家级或省级"))
    for key, label in (("park", "所在开发区（园区）"), ("company", "承办企业")):
        if len(getattr(draft, key)) > MAX_TEXT:
            problems.append(Problem(key, f"{label}不能超过 {MAX_TEXT} 字"))
    for key, label in (("contract_start", "合同起始年度"), ("contract_end", "合同截止年度")):
        value = getattr(draft, key)
        if value is not None and not FIRST_YEAR <= value <= LAST_YEAR:
            problems.append(Problem(key, f"{label}应在 {FIRST_YEAR} 至 {LAST_YEAR} 之间"))
    if draft.contract_start and draft.contract_end and draft.contract_end < draft.contract_start:
        problems.append(Problem("contract_end", "合同截止年度不能早于起始年度"))
    return problems


def evidence_problems(year: int, draft: EvidenceDraft) -> list[Problem]:
    """What is wrong with a year's evidence, field by field (a training row as ``trainings-N-…``)."""
    problems = []
    for key, label in COUNTS:
        value = getattr(draft, key)
        if value is None or value < 0:
            problems.append(Problem(key, f"{label}应为不小于 0 的整数"))
    for key, label in QUALIFIED:
        value = getattr(draft, key)
        if value is not None and draft.staff is not None and value > draft.staff:
            problems.append(Problem(key, f"{label}（{value}）不能超过工作人员数（{draft.staff}）"))
    try:
        area = Decimal(draft.floor_area)
        if not area.is_finite() or area < 0 or area >= MAX_AREA:
            raise InvalidOperation
    except (InvalidOperation, TypeError, ValueError):
        problems.append(Problem("floor_area", "服务场地面积应为不小于 0 的数（平方米）"))
    for index, training in enumerate(draft.trainings):
        if training.day is not None and training.day.year != year:
            problems.append(Problem(f"trainings-{index}-day", f"第 {index + 1} 场培训的日期 {training.day.isoformat()} 不在 {year} 年度内"))
        if training.companies is None or training.companies < 0:
            problems.append(Problem(f"trainings-{index}-companies", f"第 {index + 1} 场培训的参会企业数应为不小于 0 的整数"))
        if len(training.title or "") > MAX_TEXT:
            problems.append(Problem(f"trainings-{index}-title", f"第 {index + 1} 场培训的名称不能超过 {MAX_TEXT} 字"))
    for category, codes in draft.claims.items():
        if category not in CATEGORIES:
            problems.append(Problem(category, f"未知的企业类别 {category}"))
            continue
        for code in codes:
            if len(code) > MAX_CODE:
                problems.append(Problem(category, f"{CATEGORY_LABELS[category]}的编码“{code[:20]}…”超过 {MAX_CODE} 位"))
    return problems
