"""The audit trail as users read it: recorded values in Chinese, ids as names (issue 12).

The trail stores what the columns held (``app.services.audit`` records it); this module only
reads it back for the pages and the exports. A referenced object is named as it is now, or,
once deleted, as the trail last named it.
"""

from sqlalchemy import select

from app.domain.audit import REFERENCES, Change, changes_of, shown_value
from app.extensions import db
from app.models import AuditEvent, Indicator, Unit

CURRENT = {"Unit": (Unit, lambda unit: unit.name), "Indicator": (Indicator, lambda indicator: indicator.name)}


def name_of(object_type: str, object_id) -> str:
    """The name of a recorded object: its current name, else its last label in the trail."""
    try:
        key = int(object_id)
    except (TypeError, ValueError):
        return str(object_id)
    current = CURRENT.get(object_type)
    if current is not None:
        row = db.session.get(current[0], key)
        if row is not None:
            return current[1](row)
    label = db.session.scalar(
        select(AuditEvent.object_label)
        .where(AuditEvent.object_type == object_type, AuditEvent.object_id == key, AuditEvent.object_label != "")
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    return f"{label}（已删除）" if label and current is not None else label or f"编号 {key}"


def readable_value(field: str, value, object_type: str = "") -> str | None:
    """One recorded value as the pages show it."""
    if value is None or value == "":
        return value
    if field in REFERENCES:
        return name_of(REFERENCES[field], value)
    return shown_value(field, value, object_type)


def readable_changes(raw, object_type: str = "") -> list[Change]:
    """The stored ``[[field, before, after], ...]`` of an event, every value readable."""
    return [
        Change(c.field, readable_value(c.field, c.before, object_type), readable_value(c.field, c.after, object_type), object_type)
        for c in changes_of(raw, object_type)
    ]
