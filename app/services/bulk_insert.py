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
    postgresql = connection.dialect.name == "postgresql"
    tables = [(Project, [project.values for project in projects])]
    tables += [(cls, [row for project in projects for row in getattr(project, key)]) for key, cls in CHILDREN]
    if postgresql:  # every id of the batch in one query, then one COPY per table
        for (_, rows), ids in zip(tables, _draw_ids(connection, [(cls, len(rows)) for cls, rows in tables])):
            for row, new_id in zip(rows, ids):
                row["id"] = new_id
    else:
        _insert_returning(connection, Project, tables[0][1])
    for project in projects:
        project.id = project.values["id"]
        for key, _ in CHILDREN:
            for row in getattr(project, key):
                row["project_id"] = project.id
    for cls, rows in tables:
        if postgresql:
            _copy_rows(connection, cls, rows)
        elif cls is not Project:
            _insert_returning(connection, cls, rows)
    items = []
    for project in projects:
        items.append((Project, project.values, Project, project.values))
        for key, cls in CHILDREN:
            items += [(cls, row, Project, project.values) for row in getattr(project, key)]
    events = inserted_events(items)
    if postgresql:
        serialize = connection.dialect._json_serializer or json.dumps  # what the JSON column's binding uses
        for event in events:
            event["changes"] = serialize(event["changes"])
        _copy(connection, AuditEvent.__tablename__, list(events[0]), [tuple(e.values()) for e in events])
    else:
        connection.execute(AuditEvent.__table__.insert(), events)


def _complete(cls, rows: list[dict]) -> None:
    """Give each row (column → value) the model's default where it leaves a column out or None, as the ORM would.

    Only the columns with a default are looked at; a column left out without one is read as None.
    """
    defaults = _defaults(cls)
    for row in rows:
        for key, default in defaults:
            if row.get(key) is None:
                row[key] = default


@functools.cache
def _defaults(cls) -> tuple:
    return tuple((key, default) for key, default in _plan(cls)[0] if default is not None)


def _draw_ids(connection, counts: list[tuple[type, int]]) -> list[list[int]]:
    """Ids for ``n`` new rows of each table, drawn from the tables' sequences in one query (ascending per table)."""
    parts, params = [], {}
    for n, (cls, count) in enumerate(counts):
        parts.append(f"SELECT {n} AS t, nextval(pg_get_serial_sequence(:table{n}, 'id')) AS id FROM generate_series(1, :n{n})")
        params |= {f"table{n}": cls.__table__.name, f"n{n}": count}
    drawn: list[list[int]] = [[] for _ in counts]
    for table, new_id in connection.execute(text(" UNION ALL ".join(parts)), params):
        drawn[table].append(new_id)
    return [sorted(ids) for ids in drawn]


def _copy_rows(connection, cls, rows: list[dict]) -> None:
    """COPY rows that have their ids; the timestamps are the batch's time (one statement's rows, one time)."""
    if not rows:
        return
    _complete(cls, rows)
    columns, timestamps, _ = _plan(cls)
    for key, make in timestamps:
        stamp = make(None)
        for row in rows:
            row[key] = stamp
    keys = ["id", *(key for key, _ in columns), *(key for key, _ in timestamps)]
    _copy(connection, cls.__table__.name, keys, [[row.get(k) for k in keys] for row in rows])


def _insert_returning(connection, cls, rows: list[dict]) -> None:
    """One multi-row INSERT … RETURNING (SQLite ≥ 3.35 and the rest); the ids (and version) it gives go in the rows."""
    if not rows:
        return
    _complete(cls, rows)
    columns, _, returned = _plan(cls)
    table = cls.__table__
    keys = [key for key, _ in columns]
    result = connection.execute(
        insert(table).returning(*(table.c[k] for k in returned), sort_by_parameter_order=True),
        [{k: row.get(k) for k in keys} for row in rows],
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
