"""The audit trail (GB/T 22239-2019 8.1.4.3 安全审计): append-only, written by ``app.services.audit``."""

import datetime

from sqlalchemy import DDL, JSON, DateTime, Index, String, Text, event
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
        # the trail's 对象类型 filter (object_type or root_type) and the names of deleted objects
        Index("ix_audit_event_object", "object_type", "object_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)
    actor_id: Mapped[int | None]
    actor_name: Mapped[str] = mapped_column(String(100))
    token_id: Mapped[int | None]  # the API token the actor used (app.models.tokens), None in the browser
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


# On PostgreSQL the database itself refuses to change, delete or truncate audit rows, whoever
# connects: the same function and triggers as migrations bd5e6cba89a4 (UPDATE, DELETE) and
# a6d3e9f1c2b8 (TRUNCATE), here for schemas built by ``create_all`` (the tests). Only the owner
# of the table can disable them: the application connects as a role that owns nothing
# (docs/deploy.md).
APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only';
END;
$$
"""
APPEND_ONLY_TRIGGER = """
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()
"""
NO_TRUNCATE_TRIGGER = """
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()
"""

event.listen(AuditEvent.__table__, "after_create", DDL(APPEND_ONLY_FUNCTION).execute_if(dialect="postgresql"))
event.listen(AuditEvent.__table__, "after_create", DDL(APPEND_ONLY_TRIGGER).execute_if(dialect="postgresql"))
event.listen(AuditEvent.__table__, "after_create", DDL(NO_TRUNCATE_TRIGGER).execute_if(dialect="postgresql"))
