"""Audit coverage of every table: walks ``db.metadata``, so a new model or column is covered the day it lands.

Every mapped class is built generically (every column filled, parents built through its
relationships), created, changed in every column, and deleted; each step must leave one
audit row for the object with every column's before/after, written in the same
transaction. A table that is not audited must be listed below with the reason.
"""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Boolean, Date, DateTime, Integer, Numeric, String, Text, func, inspect, select
from sqlalchemy.types import JSON

from app.domain.audit import TYPE_LABELS, field_label
from app.extensions import db
from app.models import AuditEvent
from app.services import transaction

# Tables with no audit rows of their own, and why.
NOT_AUDITED = {
    "audit_event": "the audit trail itself: append-only, it records the others",
    "user_session": "sign-in bookkeeping: the sign-ins, sign-outs and timeouts are audit events of their own",
    "rate_hit": "a counter of sign-in attempts per address; each attempt is an audit event of its own",
    "centre_year_score": "derived: each year's centre totals and grades as the engine gave them from audited "
    "evidence and records, kept so past years are not rescored; forgotten when those change",
    "project_figure": "derived: each project's stored 支出进度 figures, recomputed from the audited payments, "
    "adjustments and plans (marked stale by triggers on those tables)",
    "project_figure_epoch": "derived: a token replaced whenever the stored 支出进度 figures change (figure_cache)",
    "project_rollup": "derived: the projects counted and summed per unit and year by triggers on the audited projects",
    "job": "background-job bookkeeping, like sessions: a job's work is audited as it changes rows, its download as an export",
}
# Association tables (no model): a link is recorded as a change of the owner's collection.
ASSOCIATIONS = {
    "user_unit": ("User", "units"),  # a user's units: recorded on the user as 所属单位 before/after
}
# Columns never recorded, and why.
EXEMPT_EVERYWHERE = {"id", "created_at", "updated_at"}  # the key, and times the event itself carries
# A mapper's version column (a project's, against lost updates) is raised by every save and is
# carried by the event as root_version: exempt wherever it is (see recorded_columns).
EXEMPT = {
    # Sign-in bookkeeping: the sign-ins, failures, locks and unlocks are events of their own.
    "User": {"failed_logins", "last_login_at", "session_token", "locked_until"},
    # Workflow facts: the step's own event (提交审核, 审核通过…) carries who and when.
    "Project": {"submitted_by_id", "submitted_at", "reviewed_by_id", "reviewed_at",
                # The list's indicator count: derived from the recorded indicator rows.
                "indicator_count"},
    "ProjectEvaluation": {"submitted_by_id", "reviewed_by_id", "reviewed_at",
                          # The summary's figures and the rest of its line: derived from the recorded entry, table and scheme.
                          "scored_at", "rate", "score", "grade", "unmet", "missing", "line"},
}
SECRET = {("User", "password_hash"), ("ApiToken", "secret_hash")}  # recorded as changed, never shown: "******"
# Columns whose stored values are codes the trail shows in Chinese: a valid code before and after.
CODES = {
    ("Project", "status"): ("draft", "returned"),
    ("ProjectEvaluation", "status"): ("draft", "returned"),
    ("User", "roles_text"): ("officer", "reviewer,auditor"),
    # 订单+清单 shares are fractions the trail shows as percentages (0.25 → 25%; see tests/centres).
    **{("RegionMonth", key): (Decimal("0.25"), Decimal("0.75")) for key in ("fill_share", "prev_accuracy", "completion")},
}

ROOT = Path(__file__).resolve().parents[2]


def mappers():
    return sorted(db.Model.registry.mappers, key=lambda m: m.class_.__name__)


MODELS = [m.class_ for m in mappers() if m.local_table.name not in NOT_AUDITED]


# -- building any model ------------------------------------------------------------------


class Samples:
    """Distinct values per column type; ``second`` gives a different value of the same kind."""

    def __init__(self):
        self.n = 0

    def value(self, model, column, second: bool = False):
        self.n += 1
        code = CODES.get((model.__name__, column.key))
        if code is not None:
            return code[1] if second else code[0]
        kind, n = column.type, self.n + (500 if second else 0)
        if isinstance(kind, Boolean):
            return not second
        # Small numbers: columns may be checked (shares in 0–1, months in 1–12, counts ≥ 0).
        if isinstance(kind, Numeric):
            return Decimal("0.75") if second else Decimal("0.25")
        if isinstance(kind, Integer):
            # 1–5 first, 7–11 second: a change always changes the value, whatever columns came before
            return (7 if second else 1) + self.n % 5
        if isinstance(kind, DateTime):
            return datetime.datetime(2024, 1, 1, 8) + datetime.timedelta(minutes=n)
        if isinstance(kind, Date):
            return datetime.date(2024, 1, 1) + datetime.timedelta(days=n % 360)
        if isinstance(kind, (String, Text)):
            text = f"v{n}"
            length = getattr(kind, "length", None)
            return text[-length:] if length else text + " 值"
        if isinstance(kind, JSON):
            return {"n": n}
        pytest.fail(f"{model.__name__}.{column.key}: no sample for {kind!r}; add one to Samples")


def _many_to_one(model, column):
    for rel in inspect(model).relationships:
        if rel.direction.name == "MANYTOONE" and column in rel.local_columns:
            return rel
    return None


def build(model, samples: Samples):
    """A new object with every column filled and a parent built for every foreign key."""
    obj = model()
    for attr in inspect(model).column_attrs:
        column = attr.columns[0]
        if column.primary_key:
            continue
        if column.foreign_keys:
            rel = _many_to_one(model, column)
            target = next(iter(column.foreign_keys)).column.table
            parent_model = next(m.class_ for m in mappers() if m.local_table is target)
            parent = build(parent_model, samples)
            if rel is not None:
                setattr(obj, rel.key, parent)
            else:
                db.session.add(parent)
                db.session.flush()
                setattr(obj, attr.key, parent.id)
            continue
        setattr(obj, attr.key, samples.value(model, column))
    return obj


def _move(obj, model, column, samples):
    rel = _many_to_one(model, column)
    target = next(iter(column.foreign_keys)).column.table
    parent = build(next(m.class_ for m in mappers() if m.local_table is target), samples)
    if rel is not None:
        setattr(obj, rel.key, parent)
    else:
        db.session.add(parent)
        db.session.flush()
        setattr(obj, column.key, parent.id)


def recorded_columns(model) -> set[str]:
    """The columns whose values the trail must show (foreign keys may be said by the root)."""
    exempt = EXEMPT_EVERYWHERE | EXEMPT.get(model.__name__, set())
    version = inspect(model).version_id_col
    if version is not None:
        exempt = exempt | {version.key}
    return {
        attr.key for attr in inspect(model).column_attrs
        if attr.key not in exempt and not attr.columns[0].primary_key
    }


def foreign_keys(model) -> set[str]:
    return {attr.key for attr in inspect(model).column_attrs if attr.columns[0].foreign_keys}


def shown(model, key, value):
    """How the trail writes a value (codes are checked for a change only)."""
    if (model.__name__, key) in SECRET:
        return "******"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, Decimal):
        return f"{value:.2f}"  # samples have two places; stored with more, they read the same
    return str(value)


def events_for(model, object_id, mark):
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.id > mark, AuditEvent.object_type == model.__name__, AuditEvent.object_id == object_id)
            .order_by(AuditEvent.id)
        )
    )


def last_id() -> int:
    return db.session.scalar(select(func.max(AuditEvent.id))) or 0


def fields(event) -> dict:
    return {f: (b, a) for f, b, a in event.changes}


# -- the tables --------------------------------------------------------------------------


def test_every_table_is_a_model_or_a_documented_association(app):
    mapped = {m.local_table.name for m in mappers()}
    for name, table in db.metadata.tables.items():
        if name in mapped:
            continue
        assert name in ASSOCIATIONS, f"table {name} has no model and is not a documented association"
        owner, key = ASSOCIATIONS[name]
        model = next(m.class_ for m in mappers() if m.class_.__name__ == owner)
        assert inspect(model).relationships[key].secondary is table
    assert set(NOT_AUDITED) <= mapped and set(ASSOCIATIONS) <= set(db.metadata.tables)


def test_every_model_reads_in_chinese(app):
    for model in MODELS:
        assert model.__name__ in TYPE_LABELS, f"{model.__name__}: add its name to TYPE_LABELS"


def test_no_foreign_key_changes_rows_behind_the_trail(app):
    """ON DELETE SET NULL / SET DEFAULT would change rows without the ORM: no audit row."""
    for table in db.metadata.tables.values():
        for fk in table.foreign_keys:
            assert (fk.ondelete or "NO ACTION").upper() in ("CASCADE", "RESTRICT", "NO ACTION"), (
                f"{table.name}.{fk.parent.name} ON DELETE {fk.ondelete}: the audit trail would miss it"
            )


# -- every model, created, changed and deleted --------------------------------------------


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_create_update_delete_are_recorded_field_by_field(app, model):
    samples = Samples()
    obj = build(model, samples)
    expected = recorded_columns(model)
    mark = last_id()
    with transaction():
        db.session.add(obj)
    object_id = obj.id

    (created,) = events_for(model, object_id, mark)
    assert created.action == "create" and created.root_id is not None and created.root_type
    assert created.actor_name == "命令行"
    got = fields(created)
    unnamed = sorted(key for key in got if field_label(key, model.__name__) == key)
    assert unnamed == [], f"{model.__name__}: add Chinese labels for {unnamed} to FIELD_LABELS"
    own_columns = expected - foreign_keys(model) if created.root_type != model.__name__ else expected
    assert own_columns <= set(got) <= expected | _collections(model), (model.__name__, sorted(own_columns - set(got)))
    for key in own_columns:
        before, after = got[key]
        assert before is None
        if (model.__name__, key) not in CODES:
            assert after == shown(model, key, getattr(obj, key)), (key, after)

    # every column changed at once: one update event, every field before → after
    changed = sorted(own_columns)
    old = {key: getattr(obj, key) for key in changed}
    mark = last_id()
    with transaction():
        for key in changed:
            column = inspect(model).columns[key]
            if column.foreign_keys:
                _move(obj, model, column, samples)  # to another parent, through the relationship
            else:
                setattr(obj, key, samples.value(model, column, second=True))
    new = {key: getattr(obj, key) for key in changed}
    (updated,) = events_for(model, object_id, mark)
    assert updated.action == "update"
    got = fields(updated)
    assert set(got) == set(changed), (model.__name__, sorted(set(changed) ^ set(got)))
    for key in changed:
        before, after = got[key]
        if (model.__name__, key) in CODES:
            assert before != after and before and after
        else:
            assert [before, after] == [shown(model, key, old[key]), shown(model, key, new[key])], key

    mark = last_id()
    with transaction():
        db.session.delete(db.session.get(model, object_id))
    (deleted,) = events_for(model, object_id, mark)
    assert deleted.action == "delete"
    got = fields(deleted)
    assert set(changed) <= set(got) and all(after is None for before, after in got.values())
    assert all(got[key][0] == shown(model, key, new[key]) for key in changed if (model.__name__, key) not in CODES)


def _collections(model) -> set[str]:
    return {r.key for r in inspect(model).relationships if r.secondary is not None}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_the_record_is_part_of_the_change(app, model):
    """Rolled back with the change: a refused save leaves no audit row."""
    obj = build(model, Samples())
    mark = last_id()
    with pytest.raises(RuntimeError):
        with transaction():
            db.session.add(obj)
            db.session.flush()
            assert db.session.scalar(select(func.count()).where(AuditEvent.id > mark)) > 0  # written...
            raise RuntimeError("refused")
    assert db.session.scalar(select(func.count()).where(AuditEvent.id > mark)) == 0  # ...and gone with it


CASCADES = sorted(
    (
        (m.class_, fk)
        for m in mappers()
        for fk in m.local_table.foreign_keys
        if (fk.ondelete or "").upper() == "CASCADE" and m.local_table.name not in NOT_AUDITED
    ),
    key=lambda item: (item[0].__name__, item[1].parent.name),
)


@pytest.mark.parametrize("model,fk", CASCADES, ids=[f"{m.__name__}.{fk.parent.name}" for m, fk in CASCADES])
def test_every_cascade_is_an_orm_relationship(model, fk):
    """The parent lists the rows that go with it (a delete cascade), so the ORM deletes each one and
    the recorder sees it; nothing is found by scanning foreign keys behind the models' back."""
    parent = next(m for m in mappers() if m.local_table is fk.column.table)
    cascading = [
        rel.key for rel in parent.relationships
        if rel.mapper.class_ is model and rel.direction.name == "ONETOMANY" and rel.cascade.delete
        and fk.parent in rel.remote_side
    ]
    assert cascading, f"{parent.class_.__name__} → {model.__name__}.{fk.parent.name}: add a relationship with cascade='all'"


@pytest.mark.parametrize("model,fk", CASCADES, ids=[f"{m.__name__}.{fk.parent.name}" for m, fk in CASCADES])
def test_rows_deleted_with_their_parent_are_recorded(app, model, fk):
    """ON DELETE CASCADE: the database would remove them silently; the trail must still show each."""
    obj = build(model, Samples())
    with transaction():
        db.session.add(obj)
    object_id, parent_id = obj.id, getattr(obj, fk.parent.key)
    parent_model = next(m.class_ for m in mappers() if m.local_table is fk.column.table)
    mark = last_id()
    with transaction():
        db.session.delete(db.session.get(parent_model, parent_id))
    assert db.session.get(model, object_id) is None
    (deleted,) = events_for(model, object_id, mark)
    assert deleted.action == "delete" and deleted.changes


@pytest.mark.parametrize("table", sorted(ASSOCIATIONS))
def test_links_are_recorded_on_their_owner(app, table):
    owner_name, key = ASSOCIATIONS[table]
    owner_model = next(m.class_ for m in mappers() if m.class_.__name__ == owner_name)
    target_model = inspect(owner_model).relationships[key].mapper.class_
    samples = Samples()
    owner, target = build(owner_model, samples), build(target_model, samples)
    with transaction():
        db.session.add_all([owner, target])
    mark = last_id()
    with transaction():
        getattr(owner, key).append(target)
    (linked,) = events_for(owner_model, owner.id, mark)
    assert linked.action == "update" and fields(linked)[key][0] == "" and fields(linked)[key][1]
    mark = last_id()
    with transaction():
        getattr(owner, key).remove(target)
    (unlinked,) = events_for(owner_model, owner.id, mark)
    assert fields(unlinked)[key][1] == ""


# -- nothing writes around the listener ------------------------------------------------------

BULK = re.compile(
    r"__table__\s*\.\s*(insert|update|delete)\s*\("
    r"|\bfrom\s+sqlalchemy\s+import\s+[^\n]*\b(insert|update|delete)\b"
    r"|\bsqlalchemy\s*\.\s*(insert|update|delete)\s*\("
    r"|text\(\s*[\"'](?:\s*)(INSERT|UPDATE|DELETE)\b",
    re.IGNORECASE,
)
# The audit service writes its own rows with a plain INSERT (the listener is what it feeds).
BULK_ALLOWED = {
    Path("app/services/audit/recorder.py"),  # the recorder writes the audit rows themselves
    # jixiao load's new projects: inserted in bulk with their audit rows (recorder.inserted_events),
    # the same events as the flush's (tests/services/test_interchange_bulk.py).
    Path("app/services/bulk_insert.py"),
    # Sessions and sign-in counters: unaudited bookkeeping tables (NOT_AUDITED), written by statements.
    Path("app/services/sessions.py"),
    # Each year's centre scores: derived (NOT_AUDITED), kept and forgotten by statements.
    Path("app/centres/hubei/services/rankings.py"),
    # Background jobs: unaudited bookkeeping (NOT_AUDITED), written by statements.
    Path("app/services/jobs.py"),
    # The stored 支出进度 figures: derived (NOT_AUDITED), filled by one INSERT … SELECT upsert.
    Path("app/services/progress_figures.py"),
    # The 自评 summary's figures on project_evaluation: derived (EXEMPT), stored and forgotten by statements.
    Path("app/services/score_figures.py"),
    # The figures' epoch token (NOT_AUDITED): its first row, made with a schema built by create_all, and its replacement.
    Path("app/models/figures.py"),
    Path("app/services/figure_cache.py"),
}


def test_no_code_writes_around_the_audit_listener():
    """Bulk or Core INSERT/UPDATE/DELETE skip the ORM events, so they would change rows unrecorded."""
    offenders = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative in BULK_ALLOWED:
            continue
        for match in BULK.finditer(path.read_text(encoding="utf-8")):
            offenders.append(f"{relative}: {match.group(0)}")
    assert offenders == []


def test_the_scan_catches_a_bulk_write(tmp_path):
    sample = "from sqlalchemy import select, update\nProject.__table__.delete()\ntext('UPDATE project SET x=1')\n"
    assert len(BULK.findall(sample)) == 3
