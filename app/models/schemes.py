"""评分方案: the scoring scheme a unit uses in a year (a preset, or its own variant)."""

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from app.extensions import db
from app.models.audit_info import AuditInfo
from app.models.types import Timestamp, utcnow
from app.models.units import Unit


class SchemeChoice(db.Model):
    """The scheme a unit's year-end self-evaluations are scored with in a year.

    ``rules`` holds the whole scheme object (``app.domain.schemes.scheme_to_json``), so a
    preset shipped later with other numbers never changes what was chosen.
    """

    __tablename__ = "scheme_choice"
    __audit__ = AuditInfo(label=lambda o: f"{o.year} 年度评分方案", parent="unit")
    __table_args__ = (UniqueConstraint("unit_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    year: Mapped[int]
    scheme_name: Mapped[str] = mapped_column(String(60))  # a preset's name, or "custom"
    rules: Mapped[str] = mapped_column(Text)  # the scheme object as JSON
    created_at: Mapped[Timestamp]
    updated_at: Mapped[Timestamp] = mapped_column(onupdate=utcnow)

    # The parent's side cascades the deletion through the ORM, so the audit trail records it.
    unit: Mapped[Unit] = relationship(backref=backref("scheme_choices", cascade="all"))
