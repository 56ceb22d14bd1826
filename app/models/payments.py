"""支出 (payments) of a project and its budget adjustments (预算调整)."""

import datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from app.extensions import db
from app.models.audit_info import AuditInfo
from app.models.projects import Project
from app.models.types import Money, Timestamp


class Payment(db.Model):
    """One dated payment in 万元, from 财政资金 or 其他资金."""

    __tablename__ = "payment"
    __audit__ = AuditInfo(parent="project")
    __table_args__ = (Index("ix_payment_project_day", "project_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    day: Mapped[datetime.date] = mapped_column(Date)
    amount: Mapped[Money]
    voucher: Mapped[str] = mapped_column(String(64), default="")  # 凭证号
    source: Mapped[str] = mapped_column(String(8), default="财政资金")  # app.domain.progress.Source
    note: Mapped[str] = mapped_column(Text, default="")  # 摘要
    created_at: Mapped[Timestamp]

    # The parent's side cascades the deletion through the ORM, so the audit trail records it.
    project: Mapped[Project] = relationship(backref=backref("payments", cascade="all"))

    @property
    def label(self) -> str:
        """How the audit trail names the payment."""
        return f"{self.day} {self.amount} 万元 {self.voucher}".strip()


class BudgetAdjustment(db.Model):
    """The project's budget after an adjustment (调整后预算数); the latest one counts."""

    __tablename__ = "project_budget_adjustment"
    __audit__ = AuditInfo(parent="project")

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    amount: Mapped[Money]
    reason: Mapped[str] = mapped_column(Text, default="")
    day: Mapped[datetime.date] = mapped_column(Date)
    created_at: Mapped[Timestamp]

    # The parent's side cascades the deletion through the ORM, so the audit trail records it.
    project: Mapped[Project] = relationship(backref=backref("adjustments", cascade="all"))

    @property
    def label(self) -> str:
        return f"预算调整为 {self.amount} 万元"
