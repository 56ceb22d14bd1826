"""绩效运行监控表: a project's mid-year monitoring report for month N and one row per indicator."""

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from app.extensions import db
from app.models.audit_info import AuditInfo
from app.models.projects import Indicator, Project
from app.models.types import Money, Timestamp, utcnow


class MonitoringReport(db.Model):
    """The report of a project as of the end of ``month`` (1–N月)."""

    __tablename__ = "monitoring_report"
    __audit__ = AuditInfo(parent="project")
    __table_args__ = (UniqueConstraint("project_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    month: Mapped[int]
    expected_spend: Mapped[Money | None]  # 全年预计执行数
    goal_progress: Mapped[str] = mapped_column(Text, default="")  # 年度总体目标 1–N月实际完成情况
    created_at: Mapped[Timestamp]
    updated_at: Mapped[Timestamp] = mapped_column(onupdate=utcnow)

    # The parent's side cascades the deletion through the ORM, so the audit trail records it.
    project: Mapped[Project] = relationship(backref=backref("monitoring_reports", cascade="all"))
    rows: Mapped[list["MonitoringRow"]] = relationship(back_populates="report", cascade="all, delete-orphan")

    @property
    def label(self) -> str:
        return f"1–{self.month}月绩效运行监控表"


class MonitoringRow(db.Model):
    """What was done by month N on one indicator, and the outlook for the year."""

    __tablename__ = "monitoring_row"
    __audit__ = AuditInfo(label=lambda o: o.indicator.name, parent="report")
    __table_args__ = (UniqueConstraint("report_id", "indicator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("monitoring_report.id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"), index=True)
    progress: Mapped[str] = mapped_column(Text, default="")  # 1–N月实际完成情况
    expected: Mapped[str] = mapped_column(Text, default="")  # 全年预计完成情况
    likelihood: Mapped[str] = mapped_column(String(8), default="")  # 确定能 / 有可能 / 不可能
    reason_kind: Mapped[str] = mapped_column(String(8), default="")  # 经费保障 / 制度保障 / 人员保障 / 硬件保障 / 其他
    reason_text: Mapped[str] = mapped_column(Text, default="")  # 偏差原因
    measures: Mapped[str] = mapped_column(Text, default="")  # 纠偏措施

    report: Mapped[MonitoringReport] = relationship(back_populates="rows")
    # The parent's side cascades the deletion through the ORM, so the audit trail records it.
    indicator: Mapped[Indicator] = relationship(backref=backref("monitoring_rows", cascade="all"))
