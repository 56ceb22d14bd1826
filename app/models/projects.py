"""项目 with its goals, spending plan and indicator tree."""

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import DDL, Date, DateTime, ForeignKey, Index, Numeric, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.audit_info import WORKFLOW_FACTS, AuditInfo, state_label
from app.models.types import Money, Timestamp, utcnow
from app.models.units import Unit

if TYPE_CHECKING:
    from app.models.accounts import User


class Project(db.Model):
    __tablename__ = "project"
    __audit__ = AuditInfo(
        label=lambda o: o.name, hidden=frozenset({"version", "indicator_count"}) | WORKFLOW_FACTS, values={"status": state_label}
    )
    __table_args__ = (
        UniqueConstraint("unit_id", "year", "code"),
        Index("ix_project_year_unit", "year", "unit_id"),
        # The project list (issue 14): its order, and its counts and sums read from the index alone on PostgreSQL.
        # (year = Y fixes the first key: the index reads year DESC, unit_id, id in order.)
        Index(
            "ix_project_list", "year", "unit_id", "id",
            postgresql_include=["budget_total", "budget_fiscal", "budget_other", "indicator_count"],
        ),
        # Its search (ILIKE '%…%' on name or code) through trigrams on PostgreSQL (pg_trgm, migration 5c1e9a7d3b20);
        # elsewhere they are plain indexes, which the search does not use.
        *(
            Index(f"ix_project_{column}_trgm", column, postgresql_using="gin", postgresql_ops={column: "gin_trgm_ops"})
            for column in ("name", "code")
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    year: Mapped[int]
    code: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300))
    budget_total: Mapped[Money]
    budget_fiscal: Mapped[Money]
    budget_other: Mapped[Money]
    purpose: Mapped[str] = mapped_column(Text, default="")
    # 中长期目标: the medium- or long-term goals some tables print beside the year's, one per line.
    long_term_goals: Mapped[str] = mapped_column(Text, default="", server_default="")
    # app.domain.workflow.State; only drafts and returned projects can be changed.
    status: Mapped[str] = mapped_column(String(16), default="draft", server_default="draft")
    # How many indicators the table has (kept by services.projects.apply_draft, the one writer of indicators),
    # so the project list sums a column instead of counting a million indicator rows.
    indicator_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # Workflow facts, set by app.services.workflow when the step happens (not read from the trail):
    # who submitted last and when, who last approved, returned or reopened and when.
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    submitted_at: Mapped[datetime.datetime | None] = mapped_column(DateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reviewed_at: Mapped[datetime.datetime | None] = mapped_column(DateTime)
    # Raised by the audit listener whenever the table or its rows change: a save based on an
    # older version is refused (no lost updates), and the UPDATE itself checks it.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[Timestamp]
    updated_at: Mapped[Timestamp] = mapped_column(onupdate=utcnow)

    unit: Mapped[Unit] = relationship()
    submitted_by: Mapped["User | None"] = relationship(foreign_keys=[submitted_by_id])
    reviewed_by: Mapped["User | None"] = relationship(foreign_keys=[reviewed_by_id])
    goals: Mapped[list["ProjectGoal"]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectGoal.position"
    )
    checkpoints: Mapped[list["SpendingCheckpoint"]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="SpendingCheckpoint.month"
    )
    indicators: Mapped[list["Indicator"]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="Indicator.position"
    )

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    def __repr__(self) -> str:
        return f"<Project {self.id} {self.name}>"


# The search's trigram indexes need pg_trgm (shipped with PostgreSQL's contrib modules); the migration
# skips them where the extension cannot be created, and the search then scans as before.
event.listen(Project.__table__, "before_create", DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"))


class ProjectGoal(db.Model):
    """One numbered item of 绩效目标."""

    __tablename__ = "project_goal"
    __audit__ = AuditInfo(label=lambda o: f"第 {(o.position or 0) + 1} 条", parent="project")

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)

    project: Mapped[Project] = relationship(back_populates="goals")


class SpendingCheckpoint(db.Model):
    """Cumulative planned spend by the end of ``month`` (资金支出计划)."""

    __tablename__ = "spending_checkpoint"
    __audit__ = AuditInfo(label=lambda o: f"{o.month}月底", parent="project")

    id: Mapped[int] = mapped_column(primary_key=True)
    # Months are unique per project by the domain rules; no constraint, so rows can be reused in place.
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    month: Mapped[int]
    amount: Mapped[Money]

    project: Mapped[Project] = relationship(back_populates="checkpoints")


class Indicator(db.Model):
    """A level-3 indicator with its target as written and as understood."""

    __tablename__ = "indicator"
    __audit__ = AuditInfo(label=lambda o: o.name, parent="project")

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    level1: Mapped[str] = mapped_column(String(60))
    level2: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    target_text: Mapped[str] = mapped_column(String(500))
    target_kind: Mapped[str] = mapped_column(String(16))
    target_comparator: Mapped[str | None] = mapped_column(String(2))
    target_value: Mapped[Decimal | None] = mapped_column(Numeric(24, 6))
    target_lower: Mapped[Decimal | None] = mapped_column(Numeric(24, 6))  # a range's bounds (20～30人)
    target_upper: Mapped[Decimal | None] = mapped_column(Numeric(24, 6))
    target_unit: Mapped[str | None] = mapped_column(String(40))
    target_deadline: Mapped[datetime.date | None] = mapped_column(Date)
    basis: Mapped[str] = mapped_column(Text, default="")

    project: Mapped[Project] = relationship(back_populates="indicators")
