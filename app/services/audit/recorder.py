"""The recorder: every change of every object, field by field, in the transaction that makes it.

A ``before_flush`` listener looks at the session's new, changed and deleted objects and
their attribute history, so every path that writes (pages, ``jixiao load``, imports, the
demo) is covered without the services doing anything. The rows are written by the
``after_flush`` listener, when the new objects have their ids, on the flush's own
connection: the change and its record commit or roll back together.

Who and from where come from ``app.services.audit.actor`` (the web layer names the actor on
every request); without one, the actor is the command line. ``record`` writes events that
change no row (a failed login, an export), ``note`` names the step an ORM change belongs to
(a workflow step, a lock) so it is recorded once, under that name, with its comment.

Audit rows are never changed or deleted by the product: the ORM refuses it (mapper and
session events) and so does the engine for any UPDATE/DELETE statement on the table; on
PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE (``app.models.audit``).
"""

import datetime
import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from sqlalchemy import event, inspect, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.domain.audit import CREATE, DELETE, UPDATE, register_kind
from app.extensions import db
from app.models import AuditEvent
from app.models.audit_info import audit_info
from app.models.types import utcnow
from app.services import transaction
from app.services.audit.actor import Actor, actor_of, current_actor
from app.services.audit.versioning import bump_versions, version_of

# How each model is recorded (its name in the trail, the object it belongs to, the columns left
# out, how a value reads) is its own ``__audit__`` (``app.models.audit_info``): no class is named here.
ALWAYS_SKIPPED = frozenset({"id", "created_at", "updated_at"})
SECRET = frozenset({"password_hash", "secret_hash"})


class AuditTamperError(RuntimeError):
    """Raised on any attempt to change or delete an audit record."""


# -- explicit events ---------------------------------------------------------------------


def record(
    action: str,
    obj=None,
    *,
    label: str | None = None,
    object_type: str | None = None,
    changes=(),
    comment: str = "",
    actor: Actor | None = None,
) -> None:
    """Write an event that changes no row (inside the caller's transaction)."""
    row = _base_row(action, actor or current_actor())
    if obj is not None:
        root = _root(obj)
        row.update(
            object_type=type(obj).__name__,
            object_id=obj.id,
            object_label=_label(obj),
            root_type=type(root).__name__,
            root_id=root.id,
            root_label=_label(root),
            root_version=version_of(root),
        )
    if object_type:
        row["object_type"] = object_type
    if label is not None:
        row["object_label"] = label[:300]
    row["changes"] = [list(c) for c in changes]
    row["comment"] = comment or ""
    db.session.execute(AuditEvent.__table__.insert().values(**row))


def record_export(label: str, comment: str = "", obj=None) -> None:
    """Record a download or a file written, in a transaction of its own."""
    with transaction():
        record("export", obj, label=label, comment=comment)


def note(obj, action: str, comment: str = "") -> None:
    """Record the coming change of ``obj`` as ``action`` (e.g. "approve") with a comment."""
    db.session.info.setdefault("audit_notes", {})[id(obj)] = (obj, action, comment)


def _base_row(action: str, actor: Actor) -> dict:
    return {
        "at": utcnow(),
        "actor_id": actor.id,
        "actor_name": actor.name[:100],
        "token_id": actor.token_id,
        "address": (actor.address or "")[:64],
        "action": action,
        "object_type": "",
        "object_id": None,
        "object_label": "",
        "root_type": "",
        "root_id": None,
        "root_label": "",
        "root_version": None,
        "changes": [],
        "comment": "",
    }


# -- the listeners -----------------------------------------------------------------------


@dataclass
class _Pending:
    action: str
    obj: object
    root: object
    changes: list
    comment: str = ""
    object_id: int | None = None  # known before the flush for deletes


def learn_kinds() -> None:
    """Teach the trail the kinds that name themselves (``AuditInfo.title``): every mapped model, the
    centre module's included once ``create_app`` has registered it."""
    for mapper in db.Model.registry.mappers:
        info = audit_info(mapper.class_)
        if info.title or info.references:
            register_kind(mapper.class_.__name__, info.title, info.fields, info.references)


def install() -> None:
    """Register the listeners once per process."""
    if event.contains(Session, "before_flush", _before_flush):
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "after_commit", _forget_transaction)
    event.listen(Session, "after_soft_rollback", _after_rollback)
    event.listen(Session, "do_orm_execute", _refuse_bulk_changes)
    event.listen(AuditEvent, "before_update", _refuse_row_change)
    event.listen(AuditEvent, "before_delete", _refuse_row_change)
    event.listen(Engine, "before_cursor_execute", _refuse_statements)


def _audited(obj) -> bool:
    return not isinstance(obj, AuditEvent)


def _before_flush(session: Session, flush_context, instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEvent):
            raise AuditTamperError("审计记录不能修改或删除")
    _delete_cascaded_rows(session)
    notes = session.info.get("audit_notes", {})  # kept until the noted object's change is flushed
    pending: list[_Pending] = session.info.setdefault("audit_pending", [])
    touched_roots = []
    for obj in list(session.new):
        if _audited(obj):
            root = _root(obj)
            noted = notes.pop(id(obj), None)  # e.g. a year end created and submitted at once
            action, comment = (noted[1], noted[2]) if noted else (CREATE, "")
            pending.append(_Pending(action, obj, root, _creation(obj), comment))
            touched_roots.append((obj, root))
    for obj in list(session.dirty):
        if not _audited(obj) or not session.is_modified(obj):
            continue
        changes = _updates(session, obj)
        if not changes:
            continue
        noted = notes.pop(id(obj), None)
        root = _root(obj)
        action, comment = (noted[1], noted[2]) if noted else (UPDATE, "")
        pending.append(_Pending(action, obj, root, changes, comment))
        touched_roots.append((obj, root))
    for obj in list(session.deleted) + _orphans(session):
        if _audited(obj):
            root = _root(obj)
            pending.append(_Pending(DELETE, obj, root, _deletion(obj), object_id=obj.id))
            touched_roots.append((obj, root))
    bump_versions(session, touched_roots)


def _orphans(session: Session) -> list:
    """Rows removed from a delete-orphan collection: the flush deletes them without listing them first."""
    found, seen = [], set()
    for parent in list(session.dirty):
        state = inspect(parent)
        for prop in inspect(type(parent)).relationships:
            if not prop.cascade.delete_orphan or not prop.uselist:
                continue
            for child in state.attrs[prop.key].history.deleted:
                child_state = inspect(child)
                if child_state.persistent and child not in session.deleted and id(child) not in seen:
                    seen.add(id(child))
                    found.append(child)
    return found


def _delete_cascaded_rows(session: Session) -> None:
    """Mark for deletion, before the rows are recorded, every row a deletion takes along.

    Every ``ON DELETE CASCADE`` is mirrored by an ORM relationship with a delete cascade (a
    project's payments, adjustments, year end and monitoring reports; an indicator's year-end
    and monitoring rows…; ``tests/services/test_audit_coverage.py`` checks each), so
    ``session.delete`` lists the children at once. Rows removed from a delete-orphan
    collection are deleted by the flush itself, after this listener: they are deleted here,
    so they and what cascades from them are recorded like any other deletion.
    """
    handled: set = set()
    with session.no_autoflush:
        while True:
            orphans = [obj for obj in _orphans(session) if id(obj) not in handled and not isinstance(obj, AuditEvent)]
            if not orphans:
                return
            for obj in orphans:
                handled.add(id(obj))
                session.delete(obj)


def _after_flush(session: Session, flush_context) -> None:
    pending = session.info.pop("audit_pending", [])
    if not pending:
        return
    actor = actor_of(session)
    rows = []
    for item in pending:
        changes = _resolve(item.obj, item.changes)
        if item.action == UPDATE and not changes:
            continue  # a relationship set to the object it already held
        row = _base_row(item.action, actor)
        root = item.root
        object_id = item.object_id if item.object_id is not None else _identity(item.obj)
        row.update(
            object_type=type(item.obj).__name__,
            object_id=object_id,
            object_label=_label(item.obj)[:300],
            root_type=type(root).__name__,
            root_id=object_id if root is item.obj else _identity(root),
            root_label=_label(root)[:300],
            root_version=version_of(root),
            changes=changes,
            comment=item.comment,
        )
        rows.append(row)
    if rows:
        session.connection().execute(AuditEvent.__table__.insert(), rows)


def _forget_transaction(session: Session) -> None:
    session.info.pop("audit_bumped", None)
    session.info.pop("audit_notes", None)


def _after_rollback(session: Session, previous_transaction) -> None:
    for key in ("audit_bumped", "audit_notes", "audit_pending"):
        session.info.pop(key, None)


def _refuse_row_change(mapper, connection, target) -> None:
    raise AuditTamperError("审计记录不能修改或删除")


def _refuse_bulk_changes(state) -> None:
    if not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    mapper = state.bind_mapper
    if (mapper is not None and mapper.class_ is AuditEvent) or getattr(table, "name", None) == "audit_event":
        raise AuditTamperError("审计记录不能修改或删除")


# UPDATE/DELETE on the table, schema-qualified or not, also inside a WITH clause.
_TAMPER = re.compile(
    r"\b(UPDATE|DELETE\s+FROM)\s+(ONLY\s+)?(\"?\w+\"?\.)?\"?audit_event\"?(?![\w\"])", re.IGNORECASE
)


def _refuse_statements(conn, cursor, statement, parameters, context, executemany) -> None:
    if "audit_event" in statement.lower() and _TAMPER.search(statement):
        raise AuditTamperError("审计记录不能修改或删除")



# -- what changed ------------------------------------------------------------------------


def _columns(obj) -> tuple[str, ...]:
    return _recorded_columns(type(obj))


@functools.cache
def _recorded_columns(cls) -> tuple[str, ...]:
    """The columns recorded for a class, worked out once per class (a bulk load records 26 rows a project)."""
    skipped = ALWAYS_SKIPPED | audit_info(cls).hidden | _parent_keys_of(cls)
    return tuple(attr.key for attr in inspect(cls).column_attrs if attr.key not in skipped)


def _parent_keys(obj) -> frozenset[str]:
    """The foreign-key columns that point at the parent: the root already says it."""
    return _parent_keys_of(type(obj))


def _parent_keys_of(cls) -> frozenset[str]:
    parent = audit_info(cls).parent
    if parent is None:
        return frozenset()
    prop = inspect(cls).relationships[parent]
    return frozenset(col.key for col in prop.local_columns)


def _value(obj, key: str, value):
    return _value_of(type(obj), key, value)


def _value_of(cls, key: str, value):
    if value is None:
        return None
    if key in SECRET:
        return "******"
    formatter = audit_info(cls).values.get(key)
    if formatter is not None:
        return formatter(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, Decimal):
        return _decimal(cls, key, value)
    if isinstance(value, datetime.date):
        return str(value)
    if isinstance(value, (int, str)):
        return value if isinstance(value, str) else str(value)
    return str(value)


def _decimal(cls, key: str, value: Decimal) -> str:
    """A number as stored (the column's scale), so a create and a later update read alike."""
    scale = _scale(cls, key)
    try:
        if scale is not None:
            value = value.quantize(Decimal(1).scaleb(-scale))
            if scale > 2:  # parsed figures (指标数值, six places): no padding zeros
                value = value.normalize()
    except ArithmeticError:
        pass
    return format(value, "f")


@functools.cache
def _scale(cls, key: str):
    return getattr(getattr(inspect(cls).columns.get(key), "type", None), "scale", None)


class _AfterFlush:
    """A foreign key given through its relationship: known once the flush has set it."""


def _set_through_relationship(obj, key: str) -> bool:
    """Whether ``key`` is the column of a many-to-one relationship that holds an object now."""
    relationship = _many_to_one(type(obj)).get(key)
    return relationship is not None and obj.__dict__.get(relationship) is not None


@functools.cache
def _many_to_one(cls) -> dict[str, str]:
    """Foreign-key column → the many-to-one relationship it belongs to (the first one), per class."""
    found: dict[str, str] = {}
    for prop in inspect(cls).relationships:
        if prop.direction.name == "MANYTOONE":
            for col in prop.local_columns:
                found.setdefault(col.key, prop.key)
    return found


def _changed_relationship_keys(obj) -> list[str]:
    """Foreign keys whose many-to-one relationship was changed (the column follows at the flush)."""
    state, keys = inspect(obj), []
    for prop in inspect(type(obj)).relationships:
        if prop.direction.name == "MANYTOONE" and state.attrs[prop.key].history.has_changes():
            keys += [col.key for col in prop.local_columns]
    return keys


def _resolve(obj, changes: list) -> list:
    """Fill in the foreign keys known only after the flush; drop the ones that did not change."""
    resolved = []
    for key, before, after in changes:
        if isinstance(after, _AfterFlush):
            after = _value(obj, key, getattr(obj, key))
            if after == before or (before is None and after in (None, "")):
                continue
        resolved.append([key, before, after])
    return resolved


def _creation(obj) -> list:
    """A new object's columns (``creation_changes``, as the bulk path records its rows) and its links."""
    cls = type(obj)
    values = {key: getattr(obj, key) for key in _recorded_columns(cls)}
    # A foreign key given through its relationship: the flush sets it, ``_resolve`` reads it after.
    later = frozenset(key for key, value in values.items() if value is None and _set_through_relationship(obj, key))
    return creation_changes(cls, values, later) + _collections(obj, created=True)


def _deletion(obj) -> list:
    changes = []
    for key in _columns(obj):
        value = _value(obj, key, getattr(obj, key))
        if value not in (None, ""):
            changes.append([key, value, None])
    return changes


def _updates(session: Session, obj) -> list:
    state = inspect(obj)
    changes, unknown = [], []
    for key in _columns(obj):
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        after = history.added[0] if history.added else None
        if history.deleted:
            before = history.deleted[0]
        else:
            unknown.append(key)  # set before it was ever loaded: read the stored value below
            before = None
        changes.append([key, before, after])
    if unknown:
        stored = _stored_values(session, obj, unknown)
        changes = [[k, stored.get(k, b) if k in unknown else b, a] for k, b, a in changes]
    result = [[k, _value(obj, k, b), _value(obj, k, a)] for k, b, a in changes]
    result = [c for c in result if c[1] != c[2] or c[0] in SECRET]
    listed = {c[0] for c in result}
    for key in _changed_relationship_keys(obj):
        if key in set(_columns(obj)) - listed:  # moved through the relationship: the column follows
            result.append([key, _value(obj, key, getattr(obj, key)), _AfterFlush()])
    return result + _collections(obj, created=False)


def _stored_values(session: Session, obj, keys) -> dict:
    mapper = inspect(type(obj))
    columns = [mapper.columns[k] for k in keys]
    pk = mapper.primary_key[0]
    with session.no_autoflush:
        row = session.connection().execute(select(*columns).where(pk == inspect(obj).identity[0])).first()
    return dict(zip(keys, row)) if row is not None else {}


def _collections(obj, *, created: bool) -> list:
    """Many-to-many links (a user's units): before and after as lists of labels."""
    changes = []
    state = inspect(obj)
    for prop in inspect(type(obj)).relationships:
        if prop.secondary is None:
            continue
        history = state.attrs[prop.key].history
        if not history.has_changes():
            continue
        before = sorted(_label(o) for o in list(history.unchanged) + list(history.deleted))
        after = sorted(_label(o) for o in list(history.unchanged) + list(history.added))
        if before != after:
            changes.append([prop.key, None if created else "、".join(before), "、".join(after)])
    return changes


# -- roots and labels --------------------------------------------------------------------


def _root(obj):
    seen = 0
    while seen < 5:
        parent_key = audit_info(type(obj)).parent
        if parent_key is None and "project" in inspect(type(obj)).relationships:
            parent_key = "project"  # a newer model that belongs to a project
        if parent_key is None:
            return obj
        parent = _parent(obj, parent_key)
        if parent is None:
            return obj
        obj, seen = parent, seen + 1
    return obj


def _parent(obj, key: str):
    value = getattr(obj, key, None)
    if value is not None:
        return value
    state = inspect(obj)
    history = state.attrs[key].history
    if history.deleted:
        return history.deleted[0]
    prop = inspect(type(obj)).relationships[key]
    column = next(iter(prop.local_columns))
    committed = state.attrs[column.key].loaded_value
    fk = getattr(obj, column.key, None) if committed is None or committed is _NO_VALUE else committed
    if fk is None:
        return None
    return db.session.get(prop.mapper.class_, fk)


try:  # a sentinel of SQLAlchemy's attribute state
    from sqlalchemy.orm.base import NO_VALUE as _NO_VALUE
except ImportError:  # pragma: no cover
    _NO_VALUE = object()


def _label(obj) -> str:
    maker = audit_info(type(obj)).label
    try:
        if maker is not None:
            return str(maker(obj) or "")
        for attr in ("label", "name", "title"):
            value = getattr(obj, attr, None)
            if isinstance(value, str) and value:
                return value
    except Exception:  # a label must never stop a save
        pass
    ident = _identity(obj)
    return f"#{ident}" if ident is not None else ""


def _identity(obj):
    identity = inspect(obj).identity
    return identity[0] if identity else getattr(obj, "id", None)




# -- rows inserted in bulk ---------------------------------------------------------------


def inserted_events(items) -> list[dict]:
    """The audit rows (``audit_event`` column → value) the flush would write for rows a bulk insert made.

    ``items`` are ``(cls, values, root_cls, root_values)`` in the order to record: ``values`` the
    columns of a row of ``cls`` as inserted (its ``id`` included), ``root_values`` those of the row it
    is recorded against (what ``_root`` finds: a project for its indicators; the row itself for a
    root). No ORM object is needed: labels read the values (``AuditInfo.label`` on a plain view of
    them). ``tests/services/test_interchange_bulk.py`` checks the events against the ORM path's, field
    by field.
    """
    actor = actor_of(db.session())
    base = _base_row(CREATE, actor)  # ``at``: the batch's time (one statement's rows)
    rows = []
    roots: dict[int, tuple] = {}  # per root: type, id, label, version (a project's 26 rows share them)
    for cls, values, root_cls, root_values in items:
        if _has_links(cls):
            raise ValueError(f"{cls.__name__}: links between rows are recorded by the flush only")
        about_root = roots.get(id(root_values))
        if about_root is None:
            version = root_values.get("version") if _versioned_class(root_cls) else None
            about_root = (root_cls.__name__, root_values["id"], _row_label(root_cls, root_values)[:300], version)
            roots[id(root_values)] = about_root
        row = dict(base)
        row.update(
            object_type=cls.__name__,
            object_id=values["id"],
            object_label=about_root[2] if values is root_values else _row_label(cls, values)[:300],
            root_type=about_root[0],
            root_id=about_root[1],
            root_label=about_root[2],
            root_version=about_root[3],
            changes=creation_changes(cls, values),
        )
        rows.append(row)
    return rows


@functools.cache
def _has_links(cls) -> bool:
    return any(prop.secondary is not None for prop in inspect(cls).relationships)


@functools.cache
def _versioned_class(cls) -> bool:
    """Whether rows of ``cls`` carry a version the trail records (as ``versioning.versioned`` says of an object)."""
    mapper = inspect(cls)
    return mapper.version_id_col is not None and mapper.version_id_generator is False


def _row_label(cls, values: dict) -> str:
    """What ``_label`` says of a row of ``cls`` holding ``values`` (read as attributes)."""
    row = SimpleNamespace(**values)
    maker = audit_info(cls).label
    try:
        if maker is not None:
            return str(maker(row) or "")
        for attr in ("label", "name", "title"):
            value = values.get(attr)
            if isinstance(value, str) and value:
                return value
    except Exception:  # a label must never stop a save
        pass
    ident = values.get("id")
    return f"#{ident}" if ident is not None else ""


def creation_changes(cls, values: dict, later: frozenset = frozenset()) -> list:
    """What is recorded of a new row of ``cls`` holding ``values`` (column key → value), its columns only.

    The flush (``_creation``) and the bulk path (``inserted_events``) both record through it; ``later``
    are foreign keys known only after the flush.
    """
    changes = []
    for key, default, plain in _creation_plan(cls):
        raw = values.get(key)
        if raw is None and key in later:
            changes.append([key, None, _AfterFlush()])
            continue
        if raw is None:
            raw = default
            if raw is None:
                continue
        kind = type(raw)
        if plain and kind is str:  # what ``_value_of`` gives, without its questions (most values)
            if raw:
                changes.append([key, None, raw])
            continue
        value = str(raw) if plain and kind is int else _value_of(cls, key, raw)
        if value not in (None, ""):
            changes.append([key, None, value])
    return changes


@functools.cache
def _creation_plan(cls) -> tuple[tuple[str, object, bool], ...]:
    """The recorded columns of a class: the scalar default a None takes (as in ``_creation``), plain or not.

    A plain column has no formatter of its own and is no secret: ``_value_of`` hands its text back as
    it is and its integer as text.
    """
    columns = inspect(cls).columns
    formatters = audit_info(cls).values
    plan = []
    for key in _recorded_columns(cls):
        default = columns[key].default
        plain = key not in SECRET and key not in formatters
        plan.append((key, default.arg if default is not None and default.is_scalar else None, plain))
    return tuple(plan)
