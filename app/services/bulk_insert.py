"""New projects in bulk: their rows written in batches, recorded exactly as the ORM's flush records them.

``jixiao load`` checks each new project as a page's save does (``projects.check_draft``) and builds
its rows as plain dicts (``project_rows.new_project``: the values ``apply_draft`` would set), then
hands a batch to ``insert_projects``. No ORM object is made for them. On PostgreSQL the ids are
drawn from the tables' sequences first and the rows go in with one ``COPY`` per table per batch;
elsewhere with one multi-row ``INSERT … RETURNING id`` per table (SQLite ≥ 3.35). Then one audit
event per row (``recorder.inserted_events``), written the same way. The rows and their events are
the ORM path's (``tests/services/test_interchange_bulk.py`` loads documents both ways and compares
them field by field).
"""

import functools
import json

from sqlalchemy import insert, inspect, text
from sqlalchemy.exc import DBAPIError

from app.extensions import db
from app.models import AuditEvent, Indicator, Project, ProjectGoal, SpendingCheckpoint
from app.services.audit.recorder import inserted_events
from app.services.project_rows import NewProject

# A project's children, in the order the ORM adds them to the session (so the events read alike).
CHILDREN = (("goals", ProjectGoal), ("checkpoints", SpendingCheckpoint), ("indicators", Indicator))


def insert_projects(projects: list[NewProject]) -> None:
    """Insert new projects with their goals, plan and indicators; set their ids; record every row."""
    if not projects:
        return
    connection = db.session.connection()
    _insert(connection, Project, [project.values for project in projects])
    for project in projects:
        project.id = project.values["id"]
    for key, cls in CHILDREN:
        rows = []
        for project in projects:
            for row in getattr(project, key):
                row["project_id"] = project.id
                rows.append(row)
        _insert(connection, cls, rows)
    items = []
    for project in projects:
        items.append((Project, project.values, Project, project.values))
        for key, cls in CHILDREN:
            items += [(cls, row, Project, project.values) for row in getattr(project, key)]
    events = inserted_events(items)
    if connection.dialect.name == "postgresql":
        serialize = connection.dialect._json_serializer or json.dumps  # what the JSON column's binding uses
        for event in events:
            event["changes"] = serialize(event["changes"])
        _copy(connection, AuditEvent.__tablename__, list(events[0]), [tuple(e.values()) for e in events])
    else:
        connection.execute(AuditEvent.__table__.insert(), events)


def _insert(connection, cls, rows: list[dict]) -> None:
    """Insert rows as the ORM would (a value left out or None takes the column's default).

    Each row (column → value) is completed in place: defaults, its ``id`` and what else the insert sets.
    """
    if not rows:
        return
    columns, timestamps, returned = _plan(cls)
    for row in rows:
        for key, default in columns:
            if row.get(key) is None:
                row[key] = default
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
        keys = ["id", *(key for key, _ in columns), *(key for key, _ in timestamps)]
        _copy(connection, table.name, keys, [[row[k] for k in keys] for row in rows])
        return
    keys = [key for key, _ in columns]
    result = connection.execute(
        insert(table).returning(*(table.c[k] for k in returned), sort_by_parameter_order=True),
        [{k: row[k] for k in keys} for row in rows],
    )
    for row, got in zip(rows, result):
        row.update(zip(returned, got))


def _copy(connection, table: str, keys: list[str], rows: list) -> None:
    """Write rows (values in the order of ``keys``) with PostgreSQL's COPY on the session's own connection."""
    if not rows:
        return
    import psycopg  # only on PostgreSQL

    quoted = ", ".join(f'"{k}"' for k in keys)
    statement = f'COPY "{table}" ({quoted}) FROM STDIN'
    try:
        with connection.connection.driver_connection.cursor() as cursor:
            with cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
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
