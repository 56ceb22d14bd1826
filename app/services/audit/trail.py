"""The trail: what auditors read — search and filters, a page at a time, one object's history, exports.

Read-only: nothing here changes an audit row (``app.services.audit.recorder`` writes them).
"""

import datetime
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from app.domain.audit import CREATE, DELETE, TYPE_LABELS, action_label, type_label
from app.extensions import db
from app.models import AuditEvent
from app.services import transaction
from app.services.audit.recorder import record


@dataclass(frozen=True)
class Filters:
    actor: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None
    object_type: str = ""
    action: str = ""
    root_type: str = ""
    root_id: int | None = None


def _query(filters: Filters):
    stmt = select(AuditEvent)
    if filters.actor.strip():
        stmt = stmt.where(AuditEvent.actor_name.ilike(f"%{filters.actor.strip()}%"))
    if filters.start is not None:
        stmt = stmt.where(AuditEvent.at >= _utc_start(filters.start))
    if filters.end is not None:
        stmt = stmt.where(AuditEvent.at < _utc_start(filters.end + datetime.timedelta(days=1)))
    if filters.object_type:
        stmt = stmt.where(or_(AuditEvent.object_type == filters.object_type, AuditEvent.root_type == filters.object_type))
    if filters.action:
        stmt = stmt.where(AuditEvent.action == filters.action)
    if filters.root_type:
        stmt = stmt.where(AuditEvent.root_type == filters.root_type, AuditEvent.root_id == filters.root_id)
    return stmt


# Days typed by a user are Beijing days; the trail is stored in UTC.
LOCAL_OFFSET = datetime.timedelta(hours=8)


def _utc_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time()) - LOCAL_OFFSET


def local_time(value: datetime.datetime | None) -> str:
    """Show a stored UTC time as Beijing time."""
    return (value + LOCAL_OFFSET).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def _this_life(stmt, obj):
    """Only the events since ``obj`` was created: a database that reused a deleted object's id
    (SQLite without AUTOINCREMENT) must not show the deleted one's history as this one's."""
    kind = type(obj).__name__
    deleted = db.session.scalar(
        select(func.max(AuditEvent.id)).where(
            AuditEvent.object_type == kind, AuditEvent.object_id == obj.id, AuditEvent.action == DELETE
        )
    )
    if deleted is None:
        return stmt
    # The deleting flush also recorded its children's deletions (after ``deleted``); the new
    # object's life starts with the first creation recorded against it after that.
    born = db.session.scalar(
        select(func.min(AuditEvent.id)).where(
            AuditEvent.root_type == kind, AuditEvent.root_id == obj.id, AuditEvent.action == CREATE,
            AuditEvent.id > deleted,
        )
    )
    # No creation since: ``obj`` is the deleted one itself, whose history outlives it.
    return stmt if born is None else stmt.where(AuditEvent.id >= born)


@dataclass(frozen=True)
class Page:
    events: list[AuditEvent]
    total: int  # at most ``COUNT_CAP`` (``more`` says there are more)
    page: int
    per_page: int
    more: bool = False

    @property
    def pages(self) -> int:
        if self.more:  # not counted to the end: one more while the pages are full
            return self.page + 1 if len(self.events) == self.per_page else self.page
        return max(1, -(-self.total // self.per_page))


# Counting a province's whole trail (millions of rows) costs more than the page: beyond this many
# matches the page says "more than" and still pages on (filters narrow it down to a count).
COUNT_CAP = 10_000


def search(filters: Filters, page: int = 1, per_page: int = 100) -> Page:
    """The events matching ``filters``, newest first, one page of them; counted up to ``COUNT_CAP``."""
    page = max(1, page)
    stmt = _query(filters)
    counted = db.session.scalar(
        select(func.count()).select_from(stmt.with_only_columns(AuditEvent.id).limit(COUNT_CAP + 1).subquery())
    ) or 0
    events = list(db.session.scalars(stmt.order_by(AuditEvent.id.desc()).offset((page - 1) * per_page).limit(per_page)))
    return Page(events, min(counted, COUNT_CAP), page, per_page, counted > COUNT_CAP)


def history(obj, limit: int = 1000) -> list[AuditEvent]:
    """The events of an object and of everything that belongs to it, newest first."""
    stmt = _this_life(_query(Filters(root_type=type(obj).__name__, root_id=obj.id)), obj)
    return list(db.session.scalars(stmt.order_by(AuditEvent.id.desc()).limit(limit)))


def changes_since(obj, version: int | None) -> list[AuditEvent]:
    """The events that raised ``obj``'s version past ``version``, oldest first."""
    stmt = _this_life(_query(Filters(root_type=type(obj).__name__, root_id=obj.id)), obj)
    if version is not None:
        stmt = stmt.where(AuditEvent.root_version > version)
    return list(db.session.scalars(stmt.order_by(AuditEvent.id).limit(500)))


def object_types() -> list[str]:
    """The object types for the filter: every model the trail can name (read from the models, not by scanning the trail)."""
    mapped = {mapper.class_.__name__ for mapper in db.Model.registry.mappers}
    return sorted(name for name in mapped if name in TYPE_LABELS)


CSV_HEADER = [
    "编号", "时间（北京时间）", "操作人", "操作人编号", "来源地址", "操作", "对象类型", "对象编号", "对象",
    "所属类型", "所属编号", "所属对象", "版本", "字段", "修改前", "修改后", "说明",
]


def export_rows(filters: Filters, counted: list | None = None):
    """Every matching event, oldest first, one line per changed field (``CSV_HEADER``'s columns).

    Values read as on the pages (``audit_display``): 定量, ≥, names instead of ids, 北京时间.

    ``counted`` (a list) receives the number of events once the rows are exhausted.
    """
    from app.services.audit_display import names_for, readable_changes

    stmt = _query(filters).order_by(AuditEvent.id).execution_options(yield_per=1000)
    count = 0
    for chunk in db.session.scalars(stmt).partitions():
        # the names the chunk's changes refer to, in three queries (not one per reference)
        names = names_for(chunk)
        for event_ in chunk:
            count += 1
            yield from _lines(event_, names, readable_changes)
    if counted is not None:
        counted.append(count)


def _lines(event_, names, readable_changes):
    """One export line per changed field of an event (one line when nothing changed)."""
    head = [
        event_.id, local_time(event_.at), event_.actor_name, event_.actor_id or "", event_.address,
        action_label(event_.action), type_label(event_.object_type), event_.object_id or "", event_.object_label,
        type_label(event_.root_type), event_.root_id or "", event_.root_label, event_.root_version or "",
    ]
    changes = event_.changes or []
    if not changes:
        yield head + ["", "", "", event_.comment]
    for change in readable_changes(changes, event_.object_type, names):
        yield head + [change.label, _text(change.before), _text(change.after), event_.comment]


def export_csv(filters: Filters) -> bytes:
    """Every matching event as CSV (UTF-8 with BOM, for Excel), one line per changed field; recorded."""
    from app.documents.inert import csv_bytes

    counted: list = []
    data = csv_bytes(CSV_HEADER, ([_text(value) for value in row] for row in export_rows(filters, counted)))
    _record_export("CSV", counted[0], filters)
    return data


def export_xlsx(filters: Filters) -> bytes:
    """Every matching event as an Excel workbook, the same columns as the CSV; recorded."""
    from app.documents.audit_excel import audit_xlsx

    counted: list = []
    data = audit_xlsx(CSV_HEADER, export_rows(filters, counted))
    _record_export("Excel", counted[0], filters)
    return data


def _record_export(kind: str, count: int, filters: Filters) -> None:
    with transaction():
        record("export", label=f"审计记录 {kind}（{count} 条）", object_type="AuditEvent", comment=_describe(filters))


def _text(value) -> str:
    return "" if value is None else str(value)


def _describe(filters: Filters) -> str:
    parts = [
        f"操作人含“{filters.actor}”" if filters.actor else "",
        f"自 {filters.start}" if filters.start else "",
        f"至 {filters.end}" if filters.end else "",
        f"对象类型 {type_label(filters.object_type)}" if filters.object_type else "",
        f"操作 {action_label(filters.action)}" if filters.action else "",
        f"{type_label(filters.root_type)}编号 {filters.root_id}" if filters.root_type else "",
    ]
    return "，".join(p for p in parts if p) or "全部"


