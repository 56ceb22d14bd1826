"""A centre's recognition and revocation (issue 16): applications with their materials, the review path
县区申请 → 市州审核 → 省厅核准, decisions, revocations with funds recovered, and the blacklist.

One public function that writes = one transaction, audited (every row through the recorder, each step
named with ``audit.note``). The rules are ``app/centres/rules/hubei_lifecycle.py``; nothing is decided here
that the rules do not say. Who acts is passed in (a ``Principal``), never read from the request.
"""

import datetime
import hashlib
import secrets
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.centres.hubei.services import CODE, find_centre
from app.centres.models import Centre, CentreApplication, CentreBlacklist, CentreMaterial, CentreOperator, CentrePayment, CentreRevocation
from app.centres.rules import hubei_lifecycle as rules
from app.centres.rules.hubei_lifecycle_drafts import ApplicationDraft
from app.centres.rules.hubei_model import HubeiSettings, Level
from app.centres.rules.hubei_status import Requirement, Staffing
from app.domain.access import Permission, Principal, Role, allows, allows_unassigned
from app.domain.errors import DomainError, Problem
from app.extensions import db
from app.models import Unit, User
from app.services import audit, transaction, uploads

SETTINGS = HubeiSettings()
MATERIAL_EXTENSIONS = ("pdf", "jpg", "jpeg", "png", "docx", "xlsx")
COUNT_FIELDS = (
    ("staff", "派驻人员数"), ("staff_experienced", "从事国际贸易 3 年以上的人员数"),
    ("customs_declarants", "专业报关员数"), ("linguists", "外语人才数"),
)
CONDITION_FIELDS = tuple(key for key, _, _ in rules.CONDITIONS)


# -- who acts ------------------------------------------------------------------------------


def all_unit_ids() -> frozenset[int]:
    return frozenset(db.session.scalars(select(Unit.id)))


def tiers_of(principal: Principal | None, unit_id: int | None) -> frozenset[rules.Tier]:
    """The tiers a user acts as for an application of UNIT_ID (001 第四条、第九条（三）).

    县区: a 填报 of the unit (centre.edit); 市州: a 审核 of the unit (centre.review); 省厅: a 审核 of every unit.
    """
    tiers = set()
    if principal is None:
        return frozenset()
    every = all_unit_ids()
    if unit_id is None:
        if allows_unassigned(principal, Permission.CENTRE_EDIT, every):
            tiers.add(rules.Tier.COUNTY)
        if allows_unassigned(principal, Permission.CENTRE_REVIEW, every):
            tiers |= {rules.Tier.CITY, rules.Tier.PROVINCE}
        return frozenset(tiers)
    if allows(principal, Permission.CENTRE_EDIT, unit_id):
        tiers.add(rules.Tier.COUNTY)
    if allows(principal, Permission.CENTRE_REVIEW, unit_id):
        tiers.add(rules.Tier.CITY)
    if allows_unassigned(principal, Permission.CENTRE_REVIEW, every):
        tiers.add(rules.Tier.PROVINCE)
    return frozenset(tiers)


# -- applications --------------------------------------------------------------------------


def list_applications(unit_ids: frozenset[int] | None) -> list[CentreApplication]:
    """Applications of the units UNIT_IDS covers (None: all), newest first."""
    stmt = select(CentreApplication).options(selectinload(CentreApplication.unit)).order_by(CentreApplication.id.desc())
    rows = db.session.scalars(stmt)
    return [a for a in rows if unit_ids is None or a.unit_id is None or a.unit_id in unit_ids]


def get_application(application_id: int) -> CentreApplication | None:
    return db.session.get(CentreApplication, application_id)


def _check_draft(draft: ApplicationDraft) -> None:
    problems = []
    try:
        kind = rules.Kind(draft.kind)
    except ValueError:
        problems.append(Problem("kind", "申请类型应为设立、调整或撤销"))
        kind = None
    if kind is not None and kind is not rules.Kind.ESTABLISH:
        if draft.centre_id is None or db.session.get(Centre, draft.centre_id) is None:
            problems.append(Problem("centre_id", f"{kind.label}申请须选择已认定的中心"))
    if kind is rules.Kind.ESTABLISH:
        if not CODE.match(draft.centre_code or ""):
            problems.append(Problem("centre_code", "中心编号应为 1 至 32 位字母、数字或 - _ .，以字母或数字开头"))
        elif find_centre(draft.centre_code) is not None:
            problems.append(Problem("centre_code", f"中心编号 {draft.centre_code} 已存在"))
        if not (draft.centre_name or "").strip():
            problems.append(Problem("centre_name", "请填写中心名称"))
    if draft.level not in {level.value for level in Level}:
        problems.append(Problem("level", "园区级别应为国家级或省级"))
    if not (draft.operator_name or "").strip():
        problems.append(Problem("operator_name", "请填写承办企业名称"))
    code = rules.normal_code(draft.credit_code)
    if len(code) != 18 or not code.isalnum():
        problems.append(Problem("credit_code", "统一社会信用代码应为 18 位字母或数字"))
    for key, label in COUNT_FIELDS:
        value = getattr(draft, key)
        if value is None or not 0 <= value < 10**6:
            problems.append(Problem(key, f"{label}应为 0 至 999999 的整数"))
    for key, label in COUNT_FIELDS[1:]:
        if (getattr(draft, key) or 0) > (draft.staff or 0):
            problems.append(Problem(key, f"{label}不能超过派驻人员数（其中数）"))
    if draft.floor_area is None or not Decimal(0) <= draft.floor_area < Decimal(10**7):
        problems.append(Problem("floor_area", "服务场地面积应为 0 至 9999999 平方米"))
    if draft.unit_id is not None and db.session.get(Unit, draft.unit_id) is None:
        problems.append(Problem("unit_id", "所选单位不存在"))
    for key, label, limit in (("centre_name", "中心名称", 200), ("park", "所在开发区（园区）", 200), ("operator_name", "承办企业", 200)):
        if len(getattr(draft, key) or "") > limit:
            problems.append(Problem(key, f"{label}不能超过 {limit} 字"))
    if problems:
        raise DomainError(problems)


def _fill(application: CentreApplication, draft: ApplicationDraft) -> None:
    application.kind, application.unit_id = draft.kind, draft.unit_id
    application.centre_id = draft.centre_id if draft.kind != rules.Kind.ESTABLISH else None
    if draft.kind != rules.Kind.ESTABLISH:
        centre = db.session.get(Centre, draft.centre_id)
        application.centre_code, application.centre_name = centre.code, centre.name
        application.park, application.level = draft.park or centre.park, centre.level
    else:
        application.centre_code, application.centre_name = draft.centre_code.strip(), draft.centre_name.strip()
        application.park, application.level = (draft.park or "").strip(), draft.level
    application.operator_name = draft.operator_name.strip()
    application.credit_code = rules.normal_code(draft.credit_code)
    for key in CONDITION_FIELDS:
        setattr(application, key, bool(getattr(draft, key)))
    application.floor_area = draft.floor_area
    for key, _ in COUNT_FIELDS:
        setattr(application, key, getattr(draft, key))
    application.reason = (draft.reason or "").strip()


def create_application(draft: ApplicationDraft) -> CentreApplication:
    """A county's new application (a draft), with the seven materials all marked missing."""
    _check_draft(draft)
    with transaction():
        application = CentreApplication(stage=rules.Stage.DRAFT.value)
        _fill(application, draft)
        application.materials = [
            CentreMaterial(key=key, position=n, status="missing") for n, (key, _) in enumerate(rules.MATERIALS)
        ]
        db.session.add(application)
    return application


def update_application(application: CentreApplication, draft: ApplicationDraft) -> CentreApplication:
    """Change a draft or returned application."""
    _ensure_editable(application)
    _check_draft(draft)
    with transaction():
        _fill(application, draft)
    return application


def _ensure_editable(application: CentreApplication) -> None:
    stage = rules.stage_of(application.stage)
    if stage not in rules.EDITABLE_STAGES:
        raise DomainError(f"申请状态为“{rules.STAGE_LABELS[stage]}”，不能修改")


def material_folder(instance_path: str) -> Path:
    return Path(instance_path) / "centre_materials"


def set_material(application: CentreApplication, key: str, *, folder: Path, limits: uploads.Limits,
                 filename: str = "", data: bytes | None = None, note: str = "") -> CentreMaterial:
    """Upload one kind of material (checked like every upload), or mark it missing with a note."""
    _ensure_editable(application)
    material = next((m for m in application.materials if m.key == key), None)
    if material is None:
        raise DomainError(f"未知的材料类别“{key}”", "key")
    stored = ""
    if data is not None:
        extension = uploads.check(data, filename, MATERIAL_EXTENSIONS, limits, label=f"材料“{filename}”")
        folder.mkdir(parents=True, exist_ok=True)
        stored = f"{secrets.token_hex(16)}.{extension}"
        (folder / stored).write_bytes(data)
    with transaction():
        if data is not None:
            material.status, material.filename, material.stored = "uploaded", Path(filename).name[:200], stored
            material.note = (note or "").strip() or f"SHA-256 {hashlib.sha256(data).hexdigest()[:16]}"
        else:
            material.status, material.filename, material.stored = "missing", "", ""
            material.note = (note or "").strip()
    return material


def material_bytes(material: CentreMaterial, folder: Path) -> bytes:
    if material.status != "uploaded" or not material.stored:
        raise DomainError("该材料尚未上传")
    try:
        return (folder / Path(material.stored).name).read_bytes()
    except FileNotFoundError:
        raise DomainError("材料文件已不在服务器上，请重新上传") from None


def blacklist(day: datetime.date | None = None) -> list[CentreBlacklist]:
    """The blacklist, newest first."""
    return list(db.session.scalars(select(CentreBlacklist).order_by(CentreBlacklist.listed_on.desc(), CentreBlacklist.id.desc())))


def _entries() -> list[rules.BlacklistEntry]:
    return [rules.BlacklistEntry(b.credit_code, b.name, b.clause, b.listed_on, b.until) for b in blacklist()]


def as_rules(application: CentreApplication) -> rules.Application:
    operator = rules.Operator(application.operator_name, application.credit_code,
                              *(getattr(application, key) for key in CONDITION_FIELDS))
    staffing = Staffing(application.staff, application.staff_experienced, application.customs_declarants, application.linguists)
    return rules.Application(
        rules.Kind(application.kind), operator, Level(application.level), application.floor_area, staffing,
        frozenset(m.key for m in application.materials if m.status == "uploaded"),
    )


def gaps(application: CentreApplication, day: datetime.date | None = None) -> tuple[Requirement, ...]:
    """Every unmet requirement: blacklist (001 第十四条, 000 第七条), conditions, materials, space and staff."""
    return rules.check_application(as_rules(application), _entries(), day or datetime.date.today(), SETTINGS)


def act(application: CentreApplication, action: str, principal: Principal, reason: str = "",
        today: datetime.date | None = None, decision_no: str = "") -> CentreApplication:
    """Take one step of the review path; the decision (核准) sets up, adjusts or revokes the centre."""
    today = today or datetime.date.today()
    tiers = tiers_of(principal, application.unit_id)
    step = rules.STEPS.get(action)
    found = gaps(application, today) if step is not None and step.needs_complete else ()
    if action == "apply":
        barred = rules.blacklist_hits(application.credit_code, _entries(), today)
        if barred:  # 001 第十四条 / 000 第七条: checked at every new application
            raise DomainError("；".join(f"{g.clause}：{g.text}" for g in barred), "credit_code")
        missing = rules.missing_materials(as_rules(application).materials)
        if missing:  # 001 第十条（二）: 应提供以下材料
            raise DomainError("提出申请前请上传材料：" + "；".join(g.text.removeprefix("缺少材料：") for g in missing))
    target = rules.advance(application.stage, action, tiers, reason, found)
    if action == "approve" and application.forwarded_by_id == principal.id:
        raise DomainError("审核上报与核准应由不同人员完成：不能核准本人审核上报的申请")
    if action == "approve" and rules.Kind(application.kind) is rules.Kind.ESTABLISH and find_centre(application.centre_code):
        raise DomainError(f"中心编号 {application.centre_code} 已被其他中心使用，请退回修改", "centre_code")
    with transaction():
        audit.note(application, step.label if step else action, (reason or "").strip())
        application.stage = target.value
        if action == "forward":
            application.forwarded_by_id = principal.id
        if target in (rules.Stage.RETURNED, rules.Stage.REFUSED):
            application.decision_note = reason.strip()
        if action == "approve":
            application.decided_on = today
            application.decision_no = (decision_no or "").strip()[:64] or _decision_no(application, today)
            application.decision_note = (reason or "").strip()
            _carry_out(application, today)
    return application


def _decision_no(application: CentreApplication, today: datetime.date) -> str:
    return f"鄂商外综〔{today.year}〕{application.id}号"


def _carry_out(application: CentreApplication, today: datetime.date) -> None:
    kind = rules.Kind(application.kind)
    if kind is rules.Kind.ESTABLISH:
        centre = Centre(code=application.centre_code, name=application.centre_name, level=application.level,
                        park=application.park, company=application.operator_name, unit_id=application.unit_id,
                        note=f"经省商务厅核准设立（{application.decision_no}）")
        db.session.add(centre)
        application.centre = centre
    elif kind is rules.Kind.ADJUST:
        centre = application.centre
        centre.park, centre.company = application.park, application.operator_name
    else:  # 撤销 by the province's decision (001 第九条（四）): the centre's qualification ends, no blacklist
        centre = application.centre
        if centre.revocation is None:
            paid = paid_total(centre)
            db.session.add(CentreRevocation(centre=centre, ground="decision", details=application.reason or "省商务厅撤销决定",
                                            decided_on=today, paid=paid, recovered=Decimal("0.00")))


# -- revocation and the blacklist (001 第十三条、第十四条) -----------------------------------------


def paid_total(centre: Centre) -> Decimal:
    """What was paid to the centre's operator, summed exactly in Python (SQLite keeps NUMERIC as float)."""
    rows = db.session.scalars(select(CentrePayment.amount).where(CentrePayment.centre_id == centre.id))
    return sum(rows, Decimal("0.00"))


def revoke(centre: Centre, ground_code: str, details: str, recovered: Decimal, credit_code: str,
           day: datetime.date | None = None) -> CentreRevocation:
    """Withdraw the qualification on a ground of 001 第十三条/第十四条/第十二条（三）(2); record the funds recovered.

    第十四条 blacklists the operator for good; a withdrawal for two years of 较差 bars it for two years (000 第七条).
    """
    day = day or datetime.date.today()
    if centre.revocation is not None:
        raise DomainError(f"{centre.name}已于 {centre.revocation.decided_on:%Y-%m-%d} 取消资格")
    paid = paid_total(centre)
    chosen = rules.check_revocation(ground_code, recovered, paid, details)
    code = rules.normal_code(credit_code)
    entry = rules.blacklist_entry_for(chosen, rules.Operator(centre.company or centre.name, code), day)
    if entry is not None and len(code) != 18:
        raise DomainError("列入黑名单须填写承办企业的 18 位统一社会信用代码", "credit_code")
    with transaction():
        revocation = CentreRevocation(centre=centre, ground=chosen.code, details=details.strip(), decided_on=day,
                                      paid=paid, recovered=recovered)
        audit.note(revocation, "取消资格", f"{chosen.clause}：{chosen.text}")
        db.session.add(revocation)
        if entry is not None:
            db.session.add(CentreBlacklist(credit_code=entry.credit_code, name=entry.name, clause=entry.clause,
                                           listed_on=entry.listed_on, until=entry.until,
                                           reason=f"{centre.code} {centre.name}：{chosen.text}"))
    return revocation


def add_to_blacklist(credit_code: str, name: str, reason: str, day: datetime.date | None = None) -> CentreBlacklist:
    """List an operator by hand (001 第十四条: 一经查实), e.g. one found out before it ran a centre."""
    code = rules.normal_code(credit_code)
    problems = []
    if len(code) != 18 or not code.isalnum():
        problems.append(Problem("credit_code", "统一社会信用代码应为 18 位字母或数字"))
    if not (name or "").strip():
        problems.append(Problem("name", "请填写企业名称"))
    if not (reason or "").strip():
        problems.append(Problem("reason", "请写明查实的情况"))
    if problems:
        raise DomainError(problems)
    with transaction():
        row = CentreBlacklist(credit_code=code, name=name.strip()[:200], clause="001 第十四条",
                              listed_on=day or datetime.date.today(), until=None, reason=reason.strip())
        db.session.add(row)
    return row


# -- the centre's operators (the 承办 role) ------------------------------------------------------


def operator_centre(user_id: int) -> Centre | None:
    """The centre a user of the 承办 role reports for."""
    link = db.session.scalar(select(CentreOperator).where(CentreOperator.user_id == user_id))
    return link.centre if link else None


def link_operator(centre: Centre, user_name: str) -> CentreOperator:
    """Make an account of the 承办 role the centre's reporter (one centre per account)."""
    user = db.session.scalar(select(User).where(User.name == (user_name or "").strip()))
    if user is None:
        raise DomainError(f"没有名为“{user_name}”的账号", "user_name")
    if Role.OPERATOR.value not in user.roles:
        raise DomainError(f"账号“{user.name}”不是承办人员角色，请管理员先设为“承办”", "user_name")
    if db.session.scalar(select(func.count()).select_from(CentreOperator).where(CentreOperator.user_id == user.id)):
        raise DomainError(f"账号“{user.name}”已是其他中心的承办人员", "user_name")
    with transaction():
        link = CentreOperator(user=user, centre=centre)
        db.session.add(link)
    return link


def unlink_operator(link: CentreOperator) -> None:
    with transaction():
        db.session.delete(link)
