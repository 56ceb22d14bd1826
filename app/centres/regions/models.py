"""Zhejiang's regions (地区) and, per year, their monthly 订单+清单 figures (seed 002).

Data only: the rules that score them are in ``app/centres/rules/zhejiang.py`` and the use
cases in ``app/centres/regions/services/`` (a package, one module per concern).

Rates are stored as fractions (0.82 for 82%) in ``Numeric``: never float.
"""

import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.audit_info import AuditInfo
from app.models.types import Timestamp, utcnow
from app.models.units import Unit

# A share to ten decimal places: what a percentage typed with 8 decimals, or an Excel number, holds.
SHARE_PLACES = 10
Share = Numeric(SHARE_PLACES + 1, SHARE_PLACES)
DEFAULT_PROVINCE = "浙江省"


def _percent(value) -> str:
    """A stored fraction as the officer types it, for the audit trail: 0.82 → 82%."""
    return format((Decimal(value) * 100).normalize(), "f") + "%"


class Region(db.Model):
    """A city (地区) scored on 订单填报 and 预警响应; ``unit`` is the budget unit whose officers edit it."""

    __tablename__ = "region"
    __audit__ = AuditInfo(title="订单+清单地区")

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)  # the engine keys regions by name
    province: Mapped[str] = mapped_column(String(50), default=DEFAULT_PROVINCE)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    created_at: Mapped[Timestamp]

    unit: Mapped[Unit | None] = relationship()
    years: Mapped[list["RegionYear"]] = relationship(
        back_populates="region", cascade="all, delete-orphan", order_by="RegionYear.year"
    )

    def __repr__(self) -> str:
        return f"<Region {self.name}>"


class RegionYear(db.Model):
    """A region's year: the case count (获评案例数) and its months."""

    __tablename__ = "region_year"
    __audit__ = AuditInfo(edit_family=("Region", "region_id", frozenset({"RegionYear", "RegionMonth"})), references={"region_id": "Region"}, 
        title="地区年度数据",
        parent="region", hidden=frozenset({"version"}))
    __table_args__ = (
        UniqueConstraint("region_id", "year"),
        CheckConstraint("cases >= 0", name="cases_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id", ondelete="CASCADE"))
    year: Mapped[int]
    cases: Mapped[int] = mapped_column(default=0)
    # Raised by every save that changes the year; a form or an import preview carries it back.
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime.datetime] = mapped_column(default=utcnow)

    region: Mapped[Region] = relationship(back_populates="years")
    months: Mapped[list["RegionMonth"]] = relationship(
        back_populates="record", cascade="all, delete-orphan", order_by="RegionMonth.month"
    )

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    @property
    def label(self) -> str:
        """How the audit trail names the year."""
        return f"{self.year} 年度"


class RegionMonth(db.Model):
    """One month's figures of a region: three shares (0 to 1) and five counts."""

    __tablename__ = "region_month"
    __audit__ = AuditInfo(
        title="地区月度数据",
        parent="record", values=dict.fromkeys(("fill_share", "prev_accuracy", "completion"), _percent))
    __table_args__ = (
        UniqueConstraint("region_year_id", "month"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month_range"),
        CheckConstraint(
            "fill_share BETWEEN 0 AND 1 AND prev_accuracy BETWEEN 0 AND 1 AND completion BETWEEN 0 AND 1",
            name="shares_range",
        ),
        CheckConstraint(
            "asked >= 0 AND answered >= 0 AND warned >= 0 AND feedback >= 0 AND sluggish >= 0",
            name="counts_not_negative",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_year_id: Mapped[int] = mapped_column(ForeignKey("region_year.id", ondelete="CASCADE"))
    month: Mapped[int]
    fill_share: Mapped[Decimal] = mapped_column(Share)  # 当月填报企业数占比
    prev_accuracy: Mapped[Decimal] = mapped_column(Share)  # 上月填报准确率
    completion: Mapped[Decimal] = mapped_column(Share)  # 当年填报完成度
    asked: Mapped[int] = mapped_column(default=0)  # 提问数
    answered: Mapped[int] = mapped_column(default=0)  # 响应数
    warned: Mapped[int] = mapped_column(default=0)  # 五色清单预警企业数
    feedback: Mapped[int] = mapped_column(default=0)  # 五色清单反馈企业数
    sluggish: Mapped[int] = mapped_column(default=0)  # 响应拖沓、答复草率次数

    record: Mapped[RegionYear] = relationship(back_populates="months")

    @property
    def label(self) -> str:
        """How the audit trail names the month (with its year while it still belongs to one)."""
        record = self.record
        return f"{record.year} 年 {self.month} 月" if record is not None else f"{self.month} 月"
