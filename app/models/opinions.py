"""审核意见: a reviewer's opinion on a row of a target table, and the officer's answer (issue 17)."""

import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from app.extensions import db
from app.models.accounts import User
from app.models.projects import Project
from app.models.types import Timestamp
from app.models.units import Unit


class ReviewOpinion(db.Model):
    """One opinion: where (a form path such as ``indicators-3-target_text``, or "" for the whole table)."""

    __tablename__ = "review_opinion"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    row: Mapped[int | None]  # 1-based indicator row; None: the whole table
    field: Mapped[str] = mapped_column(String(80), default="")
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    answered_at: Mapped[datetime.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[Timestamp]

    # The parent's side cascades the deletion through the ORM, so the audit trail records it.
    project: Mapped[Project] = relationship(
        backref=backref("opinions", cascade="all, delete-orphan", order_by="ReviewOpinion.id")
    )
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])

    @property
    def label(self) -> str:
        return f"第 {self.row} 行指标的审核意见" if self.row else "审核意见"


class RecommendedIndicator(db.Model):
    """标杆指标: an indicator a reviewer recommends for a kind of project (issue 17, the indicator library)."""

    __tablename__ = "recommended_indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)  # whose reviewers recommend it
    project_kind: Mapped[str] = mapped_column(String(100), default="")  # 项目类别, e.g. 会展活动; "" for any
    level1: Mapped[str] = mapped_column(String(60))
    level2: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(300))
    target_text: Mapped[str] = mapped_column(String(500), default="")
    basis: Mapped[str] = mapped_column(Text, default="")
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[Timestamp]

    unit: Mapped[Unit] = relationship()
    marked_by: Mapped[User | None] = relationship(foreign_keys=[marked_by_id])

    @property
    def label(self) -> str:
        return f"标杆指标 {self.name}"
