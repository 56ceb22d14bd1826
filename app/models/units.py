"""预算单位 and their per-year settings."""

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.audit_info import AuditInfo


class Unit(db.Model):
    __tablename__ = "unit"
    __audit__ = AuditInfo(
        edit_family=("Unit", "id", frozenset({"Unit", "CheckpointSetting", "SchemeChoice"})),
        label=lambda o: f"{o.code}{o.name}", hidden=frozenset({"version"}),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # Raised by each save of the unit's page: a save based on an older version is refused (no lost updates).
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    checkpoint_settings: Mapped[list["CheckpointSetting"]] = relationship(
        back_populates="unit", cascade="all, delete-orphan"
    )

    @property
    def label(self) -> str:
        """The unit line of the official table: code followed by name."""
        return f"{self.code}{self.name}"

    def __repr__(self) -> str:
        return f"<Unit {self.code}>"


class CheckpointSetting(db.Model):
    """The months of the spending plan (资金支出计划) a unit uses in a year."""

    __tablename__ = "checkpoint_setting"
    __audit__ = AuditInfo(label=lambda o: f"{o.year} 年度", parent="unit")
    __table_args__ = (UniqueConstraint("unit_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    year: Mapped[int]
    months_text: Mapped[str] = mapped_column(String(40))

    unit: Mapped[Unit] = relationship(back_populates="checkpoint_settings")

    @property
    def months(self) -> tuple[int, ...]:
        return tuple(int(m) for m in self.months_text.split(",") if m)
