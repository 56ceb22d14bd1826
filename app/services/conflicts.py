"""No lost updates: an edit opened at one version and saved after someone else's save is refused.

Every editable aggregate (a unit, an account, a year-end self-evaluation, a centre's year of
evidence, a region's year) has a ``version`` column, raised by each save that changes it and
checked by the UPDATE itself (``version_id_col``). Its page carries two hidden fields: the
version it showed (the check) and ``seen``, the newest audit event of the aggregate then (only
for the message: who changed what since, read from the trail like any search of it).
"""

from dataclasses import dataclass

from sqlalchemy import func, select

from app.domain.audit import action_label, field_label, type_label
from app.domain.errors import ConflictError
from app.extensions import db
from app.models import AuditEvent
from app.models.audit_info import audit_info

# Events that change nothing a page edits.
NOT_EDITS = frozenset({
    "export", "login", "login_failed", "lock", "unlock", "logout", "timeout", "end_sessions", "password",
    "reset_password",
})


@dataclass(frozen=True)
class Family:
    """The trail rows of one aggregate: its root, and the object types that belong to the edit."""

    root_type: str
    root_id: int
    object_types: frozenset[str]


def family(obj) -> Family:
    """The edit ``obj`` belongs to, as its model declares it (``AuditInfo.edit_family``)."""
    name = type(obj).__name__
    declared = audit_info(type(obj)).edit_family
    if declared is not None:
        root_type, id_column, members = declared
        return Family(root_type, getattr(obj, id_column), members)
    raise TypeError(f"{name} has no versioned edit")


def _events(fam: Family):
    return select(AuditEvent).where(
        AuditEvent.root_type == fam.root_type,
        AuditEvent.root_id == fam.root_id,
        AuditEvent.object_type.in_(sorted(fam.object_types)),
        AuditEvent.action.not_in(sorted(NOT_EDITS)),
    )


def mark(obj) -> int:
    """The newest audit event of ``obj``'s edit (0 for none): what the page showed."""
    if obj is None:
        return 0
    fam = family(obj)
    if fam.root_id is None:
        return 0
    newest = db.session.scalar(
        select(func.max(AuditEvent.id)).where(
            AuditEvent.root_type == fam.root_type,
            AuditEvent.root_id == fam.root_id,
            AuditEvent.object_type.in_(sorted(fam.object_types)),
        )
    )
    return int(newest or 0)


def parse_int(value) -> int | None:
    """A hidden field's number; None when missing or garbled."""
    text = str(value or "").strip()
    # Past 2^31 - 1 no row has it, and PostgreSQL refuses to compare an integer column with it.
    return int(text) if text.isdigit() and len(text) <= 10 and int(text) <= 2**31 - 1 else None


def check(obj, expected_version, seen, noun: str) -> None:
    """Refuse the save (ConflictError on ``version``) unless ``obj`` is still at ``expected_version``.

    A missing or garbled version counts as outdated, as for projects.
    """
    expected = parse_int(expected_version)
    if expected is not None and obj.version == expected:
        return
    raise conflict(obj, parse_int(seen), noun)


def conflict(obj, seen: int | None, noun: str) -> ConflictError:
    """Say who changed ``obj`` since the page was opened (events after ``seen``), when, and which fields."""
    statement = _events(family(obj))
    if seen is not None:
        statement = statement.where(AuditEvent.id > seen)
    events = list(db.session.scalars(statement.order_by(AuditEvent.id.desc()).limit(50)))[::-1]
    lines = []
    for event in events:
        fields = sorted({field_label(c[0], event.object_type) for c in event.changes or []})
        what = type_label(event.object_type)
        if event.object_type != type(obj).__name__:
            what += f"“{event.object_label}”"
        from app.services.audit import local_time

        detail = f"{what}{'：' + '、'.join(fields) if fields else ''}"
        lines.append(f"{event.actor_name} 于 {local_time(event.at)} {action_label(event.action)}{detail}")
    unique = list(dict.fromkeys(lines))[-12:]
    head = f"保存失败：您打开此页面后，{noun}已被他人修改，您的修改尚未保存。"
    tail = "下面保留了您填写的内容，请核对后再次保存（再次保存将以您的内容为准）。"
    return ConflictError(head + ("；".join(unique) + "。" if unique else "") + tail, "version")


def bump(obj) -> None:
    """Raise ``obj``'s version for this save (call only when the save changes something)."""
    obj.version = (obj.version or 0) + 1
