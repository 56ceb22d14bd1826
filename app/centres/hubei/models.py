"""Hubei's foreign-trade service centres (外贸综合服务中心): the centre, its year's evidence, its service records.

Data only: the rules that score them are in ``app/centres/rules/`` and the use cases in
``app/centres/hubei/services.py``; imported through ``app.centres.models``. Codes and names are stored as entered; the values of
``level``, ``category`` and ``rating`` are those of the scoring input (``national``,
``growth10``, ``satisfied``…), so the stored year reads straight into the engine.
"""

import datetime
from decimal import Decimal

from sqlalchemy import Date, DateTime, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from app.extensions import db
from app.models.audit_info import AuditInfo
from app.models.types import Timestamp, utcnow
from app.models.units import Unit


class Centre(db.Model):
    """A centre run by an operating company (承办企业) in a park, under a contract of some years."""

    __tablename__ = "centre"
    __audit__ = AuditInfo(
        title="外贸综合服务中心",
        fields={
            "code": "中心编号",
            "unit_id": "所属单位",
            "note": "备注",
        },
        values={"level": lambda value: {"national": "国家级", "provincial": "省级"}.get(value, value)})

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)  # the centre's id in the scoring input
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16), default="provincial")  # national | provincial park
    park: Mapped[str] = mapped_column(String(200), default="")  # 所在开发区（园区）
    company: Mapped[str] = mapped_column(String(200), default="")  # 承办企业
    contract_start: Mapped[int | None]  # 合同期 first and last year
    contract_end: Mapped[int | None]
    # The department unit that keeps the centre; none: every 填报 may keep it (see app/centres/hubei/README.md).
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[Timestamp]

    unit: Mapped[Unit | None] = relationship()
    years: Mapped[list["CentreYear"]] = relationship(
        back_populates="centre", cascade="all, delete-orphan", order_by="CentreYear.year"
    )

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


class CentreYear(db.Model):
    """The evidence of one centre for one assessment year (000 第九条, 001 第六条、第七条)."""

    __tablename__ = "centre_year"
    __audit__ = AuditInfo(edit_family=("Centre", "centre_id", frozenset({"CentreYear", "CentreTraining", "CentreClaim"})), references={"centre_id": "Centre"}, 
        title="年度考核材料",
        fields={
            "note": "备注",
        },
        label=lambda o: f"{o.year} 年度", parent="centre", hidden=frozenset({"version"}))
    __table_args__ = (UniqueConstraint("centre_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id", ondelete="CASCADE"))
    year: Mapped[int]
    fixed_office: Mapped[bool] = mapped_column(default=False)  # 相对固定的办公场地
    staff: Mapped[int] = mapped_column(default=0)  # 工作人员（派驻人员）
    staff_experienced: Mapped[int] = mapped_column(default=0)  # 从事国际贸易 3 年以上
    customs_declarants: Mapped[int] = mapped_column(default=0)  # 专业报关员
    linguists: Mapped[int] = mapped_column(default=0)  # 外语人才
    floor_area: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal("0.00"))  # 平方米
    meetings: Mapped[int] = mapped_column(default=0)  # 参加会议、活动次数
    complaints: Mapped[int] = mapped_column(default=0)  # 经核实的有效投诉
    harmful_acts: Mapped[int] = mapped_column(default=0)  # 经核实的有损行为
    praises: Mapped[int] = mapped_column(default=0)  # 表扬、典型发言、正面宣传
    note: Mapped[str] = mapped_column(Text, default="")
    # Raised by each save of the year's evidence: a save based on an older version is refused.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    centre: Mapped[Centre] = relationship(back_populates="years")
    trainings: Mapped[list["CentreTraining"]] = relationship(
        back_populates="evidence", cascade="all, delete-orphan", order_by="CentreTraining.position"
    )
    claims: Mapped[list["CentreClaim"]] = relationship(
        back_populates="evidence", cascade="all, delete-orphan", order_by="CentreClaim.position"
    )


class CentreTraining(db.Model):
    """A training the centre held (000 第九条（二）1)."""

    __tablename__ = "centre_training"
    __audit__ = AuditInfo(
        title="业务培训",
        fields={
            "title": "培训名称",
        },
        label=lambda o: f"{o.day or ''} {o.title or '培训'}".strip(), parent="evidence")

    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("centre_year.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    day: Mapped[datetime.date | None] = mapped_column(Date)
    companies: Mapped[int] = mapped_column(default=0)  # 参会企业数
    title: Mapped[str] = mapped_column(String(200), default="")

    evidence: Mapped[CentreYear] = relationship(back_populates="trainings")


class CentreClaim(db.Model):
    """A company the centre claims in one category (000 第九条（二）2–5), as listed, repeats included."""

    __tablename__ = "centre_claim"
    __audit__ = AuditInfo(
        title="申报企业",
        fields={
            "code": "企业编码",
        },
        label=lambda o: o.code, parent="evidence")
    __table_args__ = (Index("ix_centre_claim_evidence_category", "evidence_id", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("centre_year.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(16))  # registered | first_trade | growth10 | doubled
    position: Mapped[int] = mapped_column(default=0)
    code: Mapped[str] = mapped_column(String(64))  # 统一社会信用代码 or 海关注册编码

    evidence: Mapped[CentreYear] = relationship(back_populates="claims")


class CentreAssignment(db.Model):
    """The city gives a company claimed by several centres to one of them (000 第十条)."""

    __tablename__ = "centre_assignment"
    __audit__ = AuditInfo(
        title="企业归口",
        fields={
            "code": "企业编码",
        },
        label=lambda o: f"{o.year} 年度 {o.code}", parent="centre")
    __table_args__ = (UniqueConstraint("year", "category", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    category: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(64))
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id", ondelete="CASCADE"), index=True)

    # The parent's side cascades the deletion through the ORM, so the audit trail records it.
    centre: Mapped[Centre] = relationship(backref=backref("assignments", cascade="all"))


class CentreServiceRecord(db.Model):
    """One service entered on the 楚贸通 platform (000 第九条（二）6, 第十一条); its year is the request's."""

    __tablename__ = "centre_service_record"
    __audit__ = AuditInfo(
        title="服务记录",
        parent="centre",
        values={"rating": lambda value: {"satisfied": "满意", "dissatisfied": "不满意"}.get(value, value)},
    )
    __table_args__ = (Index("ix_centre_service_record_centre_requested", "centre_id", "requested"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)  # order within the year, as imported
    client: Mapped[str] = mapped_column(String(200))  # 服务对象
    item: Mapped[str] = mapped_column(String(16))  # 服务项目: one of the 14
    matter: Mapped[str] = mapped_column(String(500), default="")  # 服务事项
    requested: Mapped[datetime.date] = mapped_column(Date)  # 服务需求（申请）日期
    evaluated: Mapped[datetime.date | None] = mapped_column(Date)  # 评价日期
    rating: Mapped[str | None] = mapped_column(String(16))  # satisfied | dissatisfied | none
    created_at: Mapped[Timestamp]

    # The parent's side cascades the deletion through the ORM, so the audit trail records it.
    centre: Mapped[Centre] = relationship(backref=backref("service_records", cascade="all"))

    @property
    def label(self) -> str:
        return f"{self.item} {self.client}"


class CentreYearScore(db.Model):
    """A centre's total and grade for a year as the engine gave them, kept so later years read them back.

    Derived data, not audited: written by ``app.centres.hubei.services.rankings`` from audited evidence and
    records, and forgotten (the whole year) by any change of what the year's scores are made of.
    """

    __tablename__ = "centre_year_score"
    __table_args__ = (UniqueConstraint("centre_id", "year"), Index("ix_centre_year_score_year", "year"))

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id", ondelete="CASCADE"))
    year: Mapped[int]
    total: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    grade: Mapped[str] = mapped_column(String(8))  # 优秀 | 良好 | 一般 | 较差 (Grade values)
    scored_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)
