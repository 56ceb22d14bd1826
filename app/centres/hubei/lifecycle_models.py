"""A centre's life beside its yearly score (issue 16): applications, contracts, payments, agreements,
weekly reports, inspections, revocations, the blacklist and the operators' accounts.

Data only: the rules are ``app/centres/rules/hubei_lifecycle*.py``, the use cases
``app/centres/hubei/lifecycle.py``. Imported through ``app.centres.models``.
"""

import datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from app.centres.hubei.models import Centre
from app.centres.rules.hubei_lifecycle import GROUND_BY_CODE, MATERIAL_LABELS, STAGE_LABELS, Kind, stage_of
from app.extensions import db
from app.models.accounts import User
from app.models.audit_info import AuditInfo
from app.models.types import Money, Timestamp
from app.models.units import Unit


class CentreApplication(db.Model):
    """A county's application to set up, adjust or revoke a centre (001 第九条、第十条), on its way to the province."""

    __tablename__ = "centre_application"
    __audit__ = AuditInfo(
        title="中心设立申请",
        fields={
            "kind": "申请类型",
            "stage": "办理状态",
            "centre_code": "中心编号",
            "centre_name": "中心名称",
            "operator_name": "承办企业",
            "credit_code": "统一社会信用代码",
            "legal_person": "独立法人资格",
            "trade_qualified": "外贸经营者资质",
            "clean_record": "3年内无不良记录",
            "not_discredited": "未列入失信名单",
            "reason": "申请理由",
            "decision_note": "审核意见",
            "forwarded_by_id": "市州审核人",
            "decided_on": "核准日期",
            "decision_no": "决定书文号",
        },
        values={
        "stage": lambda value: STAGE_LABELS[stage_of(value)] if value in {s.value for s in STAGE_LABELS} else value,
        "kind": lambda value: Kind(value).label if value in {k.value for k in Kind} else value,
    })

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="establish")  # establish | adjust | revoke
    stage: Mapped[str] = mapped_column(String(16), default="draft")  # hubei_lifecycle.Stage
    # The county's unit: its 填报 apply, its 审核 review as the city; the province reviews every unit.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    # The centre decided on: an existing one for 调整/撤销, the new one once a 设立 is approved.
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centre.id", ondelete="RESTRICT"), index=True)
    centre_code: Mapped[str] = mapped_column(String(32), default="")
    centre_name: Mapped[str] = mapped_column(String(200), default="")
    park: Mapped[str] = mapped_column(String(200), default="")
    level: Mapped[str] = mapped_column(String(16), default="provincial")
    operator_name: Mapped[str] = mapped_column(String(200), default="")  # 承办企业
    credit_code: Mapped[str] = mapped_column(String(32), default="")  # 统一社会信用代码
    # 001 第十条（一）1–3, as the county attests them.
    legal_person: Mapped[bool] = mapped_column(default=False)
    trade_qualified: Mapped[bool] = mapped_column(default=False)
    clean_record: Mapped[bool] = mapped_column(default=False)
    not_discredited: Mapped[bool] = mapped_column(default=False)
    # 001 第六条、第七条.
    floor_area: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal("0.00"))
    staff: Mapped[int] = mapped_column(default=0)
    staff_experienced: Mapped[int] = mapped_column(default=0)
    customs_declarants: Mapped[int] = mapped_column(default=0)
    linguists: Mapped[int] = mapped_column(default=0)
    reason: Mapped[str] = mapped_column(Text, default="")  # the application's grounds (调整/撤销), free text
    decision_note: Mapped[str] = mapped_column(Text, default="")  # the last return/refusal reason, or the decision's wording
    forwarded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    decided_on: Mapped[datetime.date | None] = mapped_column(Date)
    decision_no: Mapped[str] = mapped_column(String(64), default="")  # 决定书文号
    created_at: Mapped[Timestamp]

    unit: Mapped[Unit | None] = relationship()
    centre: Mapped[Centre | None] = relationship()
    forwarded_by: Mapped[User | None] = relationship()
    materials: Mapped[list["CentreMaterial"]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="CentreMaterial.position"
    )

    @property
    def label(self) -> str:
        return f"{self.centre_name or self.centre_code} 申请"


class CentreMaterial(db.Model):
    """One of the seven kinds of material (001 第十条（二）): uploaded, or marked missing with a note."""

    __tablename__ = "centre_material"
    __audit__ = AuditInfo(
        title="申报材料",
        fields={
            "key": "材料类别",
            "status": "提交情况",
            "filename": "文件名",
            "stored": "存储文件",
        },
        label=lambda o: MATERIAL_LABELS.get(o.key, o.key), parent="application",
        values={"status": lambda value: {"uploaded": "已上传", "missing": "缺少"}.get(value, value)},
    )
    __table_args__ = (UniqueConstraint("application_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("centre_application.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    key: Mapped[str] = mapped_column(String(32))  # hubei_lifecycle.MATERIALS
    status: Mapped[str] = mapped_column(String(16), default="missing")  # uploaded | missing
    filename: Mapped[str] = mapped_column(String(200), default="")  # as uploaded
    stored: Mapped[str] = mapped_column(String(64), default="")  # the kept file's name in instance/centre_materials
    note: Mapped[str] = mapped_column(Text, default="")

    application: Mapped[CentreApplication] = relationship(back_populates="materials")


class CentreContract(db.Model):
    """A year's contract inside a three-year procurement, with its tripartite agreement's filing (001 第十条（三）)."""

    __tablename__ = "centre_contract"
    __audit__ = AuditInfo(
        title="年度合同",
        fields={
            "procurement_start": "采购周期起始年度",
            "signed_on": "三方协议签订日期",
            "filed_on": "报备日期",
        },
        parent="centre")
    __table_args__ = (UniqueConstraint("centre_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id", ondelete="CASCADE"), index=True)
    procurement_start: Mapped[int]  # first year of the 3-year procurement
    year: Mapped[int]
    signed_on: Mapped[datetime.date] = mapped_column(Date)  # 三方合作协议签订之日
    filed_on: Mapped[datetime.date | None] = mapped_column(Date)  # 报市（州）汇总报省商务厅备案之日
    note: Mapped[str] = mapped_column(Text, default="")

    centre: Mapped[Centre] = relationship(backref=backref("contracts", cascade="all", order_by="CentreContract.year"))

    @property
    def label(self) -> str:
        return f"{self.year} 年度合同"


class CentrePayment(db.Model):
    """Support paid to the operator for a year (001 第十一条), in 万元."""

    __tablename__ = "centre_payment"
    __audit__ = AuditInfo(
        title="扶持资金拨付",
        fields={
            "amount": "拨付金额（万元）",
            "paid_on": "拨付日期",
        },
        parent="centre")

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id", ondelete="CASCADE"), index=True)
    year: Mapped[int]
    amount: Mapped[Money]
    paid_on: Mapped[datetime.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    centre: Mapped[Centre] = relationship(backref=backref("payments", cascade="all", order_by="CentrePayment.paid_on"))

    @property
    def label(self) -> str:
        return f"{self.year} 年度拨付"


class CentreRevocation(db.Model):
    """A qualification withdrawn, its ground and the funds recovered (001 第十二条（三）、第十三条、第十四条)."""

    __tablename__ = "centre_revocation"
    __audit__ = AuditInfo(
        title="取消资格",
        fields={
            "ground": "取消理由",
            "details": "查实情况",
            "decided_on": "决定日期",
            "paid": "已拨付（万元）",
            "recovered": "追回（万元）",
        },
        parent="centre", values={
        "ground": lambda value: GROUND_BY_CODE[value].text if value in GROUND_BY_CODE else value,
    })

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id", ondelete="CASCADE"), unique=True)
    ground: Mapped[str] = mapped_column(String(32))  # hubei_lifecycle.GROUNDS
    details: Mapped[str] = mapped_column(Text)
    decided_on: Mapped[datetime.date] = mapped_column(Date)
    paid: Mapped[Money]  # 已拨付 at the decision
    recovered: Mapped[Money]  # 追回

    centre: Mapped[Centre] = relationship(backref=backref("revocation", cascade="all", uselist=False))

    @property
    def label(self) -> str:
        return "取消资格"


class CentreBlacklist(db.Model):
    """An operator barred from applying: for good (001 第十四条) or until a date (000 第七条)."""

    __tablename__ = "centre_blacklist"
    __audit__ = AuditInfo(title="承办企业黑名单",
        fields={
        "credit_code": "统一社会信用代码",
        "clause": "依据条款",
        "listed_on": "列入日期",
        "until": "限制至",
        })

    id: Mapped[int] = mapped_column(primary_key=True)
    credit_code: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(200))
    clause: Mapped[str] = mapped_column(String(32))
    listed_on: Mapped[datetime.date] = mapped_column(Date)
    until: Mapped[datetime.date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")

    @property
    def label(self) -> str:
        return f"{self.name}（{self.credit_code}）"


class ServiceAgreement(db.Model):
    """A 服务协议 between a client company and the centre's operator (000 附件2), the evidence behind a claim."""

    __tablename__ = "centre_agreement"
    __audit__ = AuditInfo(
        title="服务协议",
        fields={
            "company": "甲方企业",
            "start": "协议起始日期",
            "end": "协议截止日期",
            "items": "服务事项",
            "signed_on": "签订日期",
        },
        parent="centre")

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id", ondelete="CASCADE"), index=True)
    company: Mapped[str] = mapped_column(String(200))  # 甲方
    code: Mapped[str] = mapped_column(String(64))  # 统一社会信用代码 or 海关注册编码, as the claims list it
    start: Mapped[datetime.date] = mapped_column(Date)
    end: Mapped[datetime.date] = mapped_column(Date)
    items: Mapped[str] = mapped_column(Text, default="")  # 服务事项, one per line
    signed_on: Mapped[datetime.date | None] = mapped_column(Date)  # None: generated, not yet signed

    centre: Mapped[Centre] = relationship(backref=backref("agreements", cascade="all", order_by="ServiceAgreement.company"))

    @property
    def label(self) -> str:
        return f"服务协议 {self.company}"


class WeeklyReport(db.Model):
    """Last week's work, reported each Monday (000 第四条)."""

    __tablename__ = "centre_weekly_report"
    __audit__ = AuditInfo(
        title="周报",
        fields={
            "week": "周（周一）",
            "reported_on": "填报日期",
            "services": "服务数据条数",
            "trainings": "培训场次",
            "companies": "服务企业数",
            "items": "分项服务数",
        },
        parent="centre")
    __table_args__ = (UniqueConstraint("centre_id", "week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id", ondelete="CASCADE"))
    week: Mapped[datetime.date] = mapped_column(Date)  # the Monday of the week reported
    reported_on: Mapped[datetime.date] = mapped_column(Date)
    services: Mapped[int] = mapped_column(default=0)  # 服务数据条数
    trainings: Mapped[int] = mapped_column(default=0)  # 培训场次
    companies: Mapped[int] = mapped_column(default=0)  # 服务企业数
    items: Mapped[str] = mapped_column(Text, default="")  # services by item: "咨询:3\n报关:2"
    note: Mapped[str] = mapped_column(Text, default="")

    centre: Mapped[Centre] = relationship(backref=backref("weekly_reports", cascade="all", order_by="WeeklyReport.week"))

    @property
    def label(self) -> str:
        return f"{self.week:%Y-%m-%d} 周报"


class QuarterlyInspection(db.Model):
    """The city's inspection of a quarter (000 第四条)."""

    __tablename__ = "centre_inspection"
    __audit__ = AuditInfo(
        title="季度督查",
        fields={
            "quarter": "季度",
            "inspected_on": "督查日期",
            "findings": "督查情况",
        },
        parent="centre")
    __table_args__ = (UniqueConstraint("centre_id", "year", "quarter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id", ondelete="CASCADE"))
    year: Mapped[int]
    quarter: Mapped[int]
    inspected_on: Mapped[datetime.date] = mapped_column(Date)
    findings: Mapped[str] = mapped_column(Text)

    centre: Mapped[Centre] = relationship(backref=backref("inspections", cascade="all", order_by="QuarterlyInspection.year"))

    @property
    def label(self) -> str:
        return f"{self.year} 年第 {self.quarter} 季度督查"


class CentreOperator(db.Model):
    """A user of the 承办 role and the one centre they report for."""

    __tablename__ = "centre_operator"
    # Recorded on its own: both its columns are links (the account and the centre), shown before/after.
    __audit__ = AuditInfo(title="中心承办人员",
        fields={
        "user_id": "账号",
        })

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), unique=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id", ondelete="CASCADE"), index=True)

    user: Mapped[User] = relationship(backref=backref("operated", cascade="all", uselist=False))
    centre: Mapped[Centre] = relationship(backref=backref("operators", cascade="all"))

    @property
    def label(self) -> str:
        return f"{self.centre.code} 承办人员"
