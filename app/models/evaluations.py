"""年终自评: a project's year-end entry and one row per indicator."""

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from app.extensions import db
from app.models.audit_info import WORKFLOW_FACTS, AuditInfo, state_label
from app.models.projects import Indicator, Project
from app.models.types import Timestamp, utcnow

if TYPE_CHECKING:
    from app.models.accounts import User

# Weights and percentages: two decimals are what officers write (12.5 分, 75%).
Points = Numeric(8, 2)
# A scored figure: wide enough for any execution rate (a tiny budget overspent) or uncapped score.
Figure = Numeric(24, 6)
# The figures the 自评 summary sorts by (app.services.selfeval.SORT_KEYS), stored with the evaluation.
FIGURES = ("scored_at", "rate", "score", "grade", "unmet", "missing", "line")


class ProjectEvaluation(db.Model):
    """What the officer entered at year end for one project (年初预算数 is the project's budget_total)."""

    __tablename__ = "project_evaluation"
    __audit__ = AuditInfo(edit_family=("Project", "project_id", frozenset({"ProjectEvaluation", "IndicatorEvaluation"})), 
        label=lambda o: "年终自评",
        parent="project",
        # A year end's submitted_at was recorded before the other workflow facts existed, and still is.
        # The stored figures are derived from what is recorded (app.services.score_figures), not entered.
        hidden=frozenset({"version", *FIGURES}) | (WORKFLOW_FACTS - {"submitted_at"}),
        values={"status": state_label},
    )

    # The summary counts the stale entries on each view: only those are indexed.
    __table_args__ = (Index("ix_project_evaluation_stale", "project_id", postgresql_where=text("scored_at IS NULL"),
                            sqlite_where=text("scored_at IS NULL")),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="draft")  # app.domain.workflow.State
    supervising_department: Mapped[str] = mapped_column(String(200), default="")  # 主管部门
    budget_adjusted: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))  # 全年预算数
    spent_fiscal: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))  # 全年执行数：本年财政拨款
    spent_carryover: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))  # 上年结转资金
    spent_other: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))  # 其他资金
    execution_reason: Mapped[str] = mapped_column(Text, default="")
    overall_actual: Mapped[str] = mapped_column(Text, default="")  # 年度总体目标 实际完成情况
    # Workflow facts, set by app.services.selfeval when the step happens (not read from the trail).
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    submitted_at: Mapped[datetime.datetime | None] = mapped_column(DateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reviewed_at: Mapped[datetime.datetime | None] = mapped_column(DateTime)
    review_comment: Mapped[str] = mapped_column(Text, default="")  # the reviewer's reason for 退回/重新打开
    # The scheme it was last scored with (app.domain.schemes.scheme_to_json as JSON): a submitted or
    # approved evaluation keeps it, whatever the unit's choice or the presets become later.
    scheme_rules: Mapped[str | None] = mapped_column(Text)
    # The evaluator's scores of a four-part scheme's parts, as JSON: {"项目决策": "18"}.
    part_scores: Mapped[str | None] = mapped_column(Text)
    # The summary's figures as last scored (app.services.score_figures); ``scored_at`` NULL: stale, to
    # be rescored (the project's table or the unit's scheme changed). ``rate``/``score``/``grade`` are
    # NULL also when fresh, where the entry is not complete enough to score.
    scored_at: Mapped[datetime.datetime | None] = mapped_column(DateTime)
    rate: Mapped[Decimal | None] = mapped_column(Figure)  # 预算执行率 as shown (0.9234)
    score: Mapped[Decimal | None] = mapped_column(Figure)  # 自评得分
    grade: Mapped[str | None] = mapped_column(String(8))  # 优/良/中/差
    unmet: Mapped[int | None]  # indicators whose target was not met
    missing: Mapped[int | None]  # 偏差原因 still missing
    # The rest of the summary line (app.services.selfeval.SummaryRow) as JSON, so a fresh entry's line is
    # read, not checked again: the missing reasons' texts, complete, the indicator count, and the rate
    # and score as the rules wrote them (the columns above pad them to six places).
    line: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[Timestamp]
    updated_at: Mapped[Timestamp] = mapped_column(onupdate=utcnow)
    # Raised by each save of the entry: a save based on an older version is refused (no lost updates).
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    # The parent's side cascades the deletion through the ORM, so the audit trail records it.
    project: Mapped[Project] = relationship(backref=backref("evaluation", cascade="all", uselist=False))
    submitted_by: Mapped["User | None"] = relationship(foreign_keys=[submitted_by_id])
    reviewed_by: Mapped["User | None"] = relationship(foreign_keys=[reviewed_by_id])
    rows: Mapped[list["IndicatorEvaluation"]] = relationship(back_populates="evaluation", cascade="all, delete-orphan")


class IndicatorEvaluation(db.Model):
    """The actual, grade, weight and 偏差原因 of one indicator, keyed by the indicator's id."""

    __tablename__ = "indicator_evaluation"
    __audit__ = AuditInfo(label=lambda o: o.indicator.name, parent="evaluation")

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("project_evaluation.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"), unique=True)
    actual: Mapped[str] = mapped_column(String(500), default="")
    grade: Mapped[str | None] = mapped_column(String(40))  # app.domain.actuals.Grade value
    grade_percent: Mapped[Decimal | None] = mapped_column(Points)
    weight: Mapped[Decimal | None] = mapped_column(Points)
    not_applicable: Mapped[bool] = mapped_column(Boolean, default=False)
    direction: Mapped[str | None] = mapped_column(String(8))  # 正向/反向 set by the officer; None: the comparator's
    deviation_reason: Mapped[str] = mapped_column(Text, default="")

    evaluation: Mapped[ProjectEvaluation] = relationship(back_populates="rows")
    # The parent's side cascades the deletion through the ORM, so the audit trail records it.
    indicator: Mapped[Indicator] = relationship(backref=backref("evaluation_rows", cascade="all"))
