"""The audit trail (GB/T 22239-2019 8.1.4.3 安全审计): append-only, written by ``app.services.audit``."""

import datetime

from sqlalchemy import JSON, DateTime, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import utcnow


class AuditEvent(db.Model):
    """Who did what to which object, when and from where, with each field before and after.

    No foreign keys: the trail outlives the objects it names. ``root_*`` is the aggregate the
    object belongs to (an indicator's project), so a project's history holds its children too.
    """

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_root", "root_type", "root_id"),
        Index("ix_audit_event_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)
    actor_id: Mapped[int | None]
    actor_name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(32))
    object_type: Mapped[str] = mapped_column(String(64), default="")
    object_id: Mapped[int | None]
    object_label: Mapped[str] = mapped_column(String(300), default="")
    root_type: Mapped[str] = mapped_column(String(64), default="")
    root_id: Mapped[int | None]
    root_label: Mapped[str] = mapped_column(String(300), default="")
    root_version: Mapped[int | None]
    changes: Mapped[list] = mapped_column(JSON, default=list)  # [[field, before, after], ...]
    comment: Mapped[str] = mapped_column(Text, default="")
