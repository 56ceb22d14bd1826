"""New projects in bulk: their rows written in batches, recorded exactly as the ORM's flush records them.

``jixiao load`` builds each new project as a transient ORM object (``projects.add_project`` with
``staged``: the same checks and the same ``apply_draft`` as a page's save), then hands a batch to
``insert_projects``. On PostgreSQL the ids are drawn from the tables' sequences first and the rows
go in with ``COPY``; elsewhere with one multi-row ``INSERT … RETURNING id`` per table (SQLite
≥ 3.35). Then one audit event per row (``recorder.inserted_events``), written the same way. The
ORM's unit of work (its per-object bookkeeping, the flush listeners) and the parameters of
multi-row INSERTs took most of a load's time; the rows and their events are the same
(``tests/services/test_interchange_bulk.py`` loads documents both ways and compares them).
"""

import functools
import json

from sqlalchemy import insert, inspect, text
from sqlalchemy.exc import DBAPIError

from app.extensions import db
from app.models import AuditEvent, Indicator, Project, ProjectGoal, SpendingCheckpoint
from app.services.audit.recorder import inserted_events

# A project's children, in the order the ORM adds them to the session (so the events read alike).
CHILDREN = (("goals", ProjectGoal), ("checkpoints", SpendingCheckpoint), ("indicators", Indicator))


def insert_projects(projects: list[Project]) -> None:
    """Insert transient projects with their goals, plan and indicators; set their ids; record every row."""
    if not projects:
        return
    connection = db.session.connection()
    values = {}
    for obj, row in zip(projects, _insert(connection, Project, projects)):
        values[id(obj)] = row
    for key, cls in CHILDREN:
        children = [child for project in projects for child in getattr(project, key)]
        for child in children:
            child.project_id = child.project.id
        for obj, row in zip(children, _insert(connection, cls, children)):
            values[id(obj)] = row
    items = []
    for project in projects:
        items.append((project, values[id(project)], project))
        for key, _ in CHILDREN:
            items += [(child, values[id(child)], project) for child in getattr(project, key)]
    events = inserted_events(items)
    if connection.dialect.name == "postgresql":
        serialize = connection.dialect._json_serializer or json.dumps  # what the JSON column's binding uses
        for event in events:
            event["changes"] = serialize(event["changes"])
        _copy(connection, AuditEvent.__tablename__, events)
    else:
        connection.execute(AuditEvent.__table__.insert(), events)


def _insert(connection, cls, objects: list) -> list[dict]:
    """Insert the objects' rows as the ORM would (a value left None takes the column's default); set their ids."""
    if not objects:
        return []
    columns, timestamps, returned = _plan(cls)
    rows = []
    for obj in objects:
        state = obj.__dict__
        row = {}
        for key, default in columns:
            value = state.get(key)
            row[key] = default if value is None else value
        rows.append(row)
    table = cls.__table__
    if connection.dialect.name == "postgresql":
        ids = connection.execute(
            text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"),
            {"table": table.name, "n": len(rows)},
        ).scalars().all()
        for row, new_id in zip(rows, sorted(ids)):
            row["id"] = new_id
            for key, make in timestamps:
                row[key] = make(None)  # per row, as the INSERT would
        _copy(connection, table.name, rows)
        for obj, row in zip(objects, rows):
            for key in returned:
                setattr(obj, key, row[key])
        return rows
    result = connection.execute(
        insert(table).returning(*(table.c[k] for k in returned), sort_by_parameter_order=True), rows
    )
    for obj, got in zip(objects, result):
        for key, value in zip(returned, got):
            setattr(obj, key, value)
    return rows


def _copy(connection, table: str, rows: list[dict]) -> None:
    """Write rows with PostgreSQL's COPY on the session's own connection (so in its transaction)."""
    if not rows:
        return
    import psycopg  # only on PostgreSQL

    keys = list(rows[0])
    quoted = ", ".join(f'"{k}"' for k in keys)
    statement = f'COPY "{table}" ({quoted}) FROM STDIN'
    try:
        with connection.connection.driver_connection.cursor() as cursor:
            with cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row([row[k] for k in keys])
    except psycopg.Error as err:  # as an INSERT through SQLAlchemy would fail (DataError, IntegrityError…)
        raise DBAPIError.instance(statement, None, err, psycopg.Error) from err


@functools.cache
def _plan(cls):
    """The columns a row gives (with the scalar default a None takes), the timestamps, the ones read back."""
    mapper = inspect(cls)
    columns, timestamps, returned = [], [], ["id"]
    for attr in mapper.column_attrs:
        column = attr.columns[0]
        if column.primary_key:
            continue
        default = column.default
        if default is not None and not default.is_scalar:
            timestamps.append((attr.key, default.arg))  # a callable: the INSERT fills it in, per row
            continue
        if default is None and column.server_default is not None:
            raise ValueError(f"{cls.__name__}.{attr.key}: a database default only; the ORM would omit a None")
        columns.append((attr.key, default.arg if default is not None else None))
    if mapper.version_id_col is not None:
        returned.append(mapper.get_property_by_column(mapper.version_id_col).key)
    return tuple(columns), tuple(timestamps), tuple(returned)
