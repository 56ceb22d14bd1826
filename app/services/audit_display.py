"""The audit trail as users read it: recorded values in Chinese, ids as names (issue 12).

The trail stores what the columns held (``app.services.audit`` records it); this module only
reads it back for the pages and the exports. A referenced object is named as it is now, or,
once deleted, as the trail last named it.
"""

from sqlalchemy import and_, false, func, or_, select

from app.domain.audit import REFERENCES, Change, changes_of, shown_value
from app.extensions import db
from app.models import AuditEvent, Indicator, Unit

CURRENT = {"Unit": (Unit, lambda unit: unit.name), "Indicator": (Indicator, lambda indicator: indicator.name)}


def name_of(object_type: str, object_id, names: dict | None = None) -> str:
    """The name of a recorded object: its current name, else its last label in the trail.

    ``names`` (from ``names_for``) already holds the names of a page's references.
    """
    try:
        key = int(object_id)
    except (TypeError, ValueError):
        return str(object_id)
    if names and (object_type, key) in names:
        return names[(object_type, key)]
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


def readable_value(field: str, value, object_type: str = "", names: dict | None = None) -> str | None:
    """One recorded value as the pages show it."""
    if value is None or value == "":
        return value
    if field in REFERENCES:
        return name_of(REFERENCES[field], value, names)
    return shown_value(field, value, object_type)


def readable_changes(raw, object_type: str = "", names: dict | None = None) -> list[Change]:
    """The stored ``[[field, before, after], ...]`` of an event, every value readable."""
    names = names or None  # a template passes an undefined ``names`` on pages that have none
    return [
        Change(c.field, readable_value(c.field, c.before, object_type, names),
               readable_value(c.field, c.after, object_type, names), object_type)
        for c in changes_of(raw, object_type)
    ]


def _padded(keys) -> list[int]:
    """Ids filled up to a multiple of 100 with ids no row has: the statement is the same for most pages."""
    keys = sorted(keys)
    return keys + [-n for n in range(1, -len(keys) % 100 + (100 if not keys else 0) + 1)]


def names_for(events) -> dict[tuple[str, int], str]:
    """The names of every object the events' changes refer to, in three queries whatever they are.

    A page of the trail (or a chunk of an export) then reads without a query per reference.
    """
    wanted: dict[str, set[int]] = {}
    for event in events:
        for c in changes_of(event.changes, event.object_type):
            if c.field in REFERENCES:
                for value in (c.before, c.after):
                    try:
                        wanted.setdefault(REFERENCES[c.field], set()).add(int(value))
                    except (TypeError, ValueError):
                        continue
    names: dict[tuple[str, int], str] = {}
    for kind, (model, name) in CURRENT.items():
        for row in db.session.scalars(select(model).where(model.id.in_(_padded(wanted.get(kind, ()))))):
            names[(kind, row.id)] = name(row)
    missing = [(kind, key) for kind, keys in wanted.items() for key in keys if (kind, key) not in names]
    by_kind: dict[str, list[int]] = {kind: [] for kind in sorted(set(REFERENCES.values()))}
    for kind, key in missing:
        by_kind[kind].append(key)
    last = (
        select(func.max(AuditEvent.id))
        .where(AuditEvent.object_label != "",
               or_(false(), *(and_(AuditEvent.object_type == kind, AuditEvent.object_id.in_(_padded(keys)))
                              for kind, keys in by_kind.items())))
        .group_by(AuditEvent.object_type, AuditEvent.object_id)
    )
    labels = {
        (kind, key): label
        for kind, key, label in db.session.execute(
            select(AuditEvent.object_type, AuditEvent.object_id, AuditEvent.object_label).where(AuditEvent.id.in_(last))
        )
    }
    for kind, key in missing:
        label = labels.get((kind, key))
        names[(kind, key)] = f"{label}（已删除）" if label and kind in CURRENT else label or f"编号 {key}"
    return names
