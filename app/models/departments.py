"""部门整体绩效目标 of a unit and year (seed 004, part 1)."""

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.audit_info import AuditInfo
from app.models.units import Unit


class DepartmentGoals(db.Model):
    __tablename__ = "department_goals"
    __audit__ = AuditInfo(label=lambda o: f"{o.year} 年度")
    __table_args__ = (UniqueConstraint("unit_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    year: Mapped[int]
    overall: Mapped[str] = mapped_column(Text, default="")

    unit: Mapped[Unit] = relationship()
    items: Mapped[list["DepartmentGoalItem"]] = relationship(
        back_populates="department", cascade="all, delete-orphan", order_by="DepartmentGoalItem.position"
    )
    measures: Mapped[list["DepartmentMeasure"]] = relationship(
        back_populates="department", cascade="all, delete-orphan", order_by="DepartmentMeasure.position"
    )


class DepartmentGoalItem(db.Model):
    """分项绩效目标: a title with its 绩效目标 and 绩效指标 text."""

    __tablename__ = "department_goal_item"
    __audit__ = AuditInfo(label=lambda o: o.title, parent="department")

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department_goals.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(500))
    goal: Mapped[str] = mapped_column(Text, default="")
    indicator: Mapped[str] = mapped_column(Text, default="")

    department: Mapped[DepartmentGoals] = relationship(back_populates="items")


class DepartmentMeasure(db.Model):
    """One item of 工作保障措施."""

    __tablename__ = "department_measure"
    __audit__ = AuditInfo(label=lambda o: f"第 {(o.position or 0) + 1} 条", parent="department")

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department_goals.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)

    department: Mapped[DepartmentGoals] = relationship(back_populates="measures")
