"""Migration a6d3e9f1c2b8 (issue 13, point 6): workflow facts filled from the trail; TRUNCATE refused on PostgreSQL."""

import datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from app.extensions import db
from tests.conftest import PG_URL

BEFORE = "e8a1c4b7f2d9"
T0 = datetime.datetime(2024, 3, 1, 8, 0, 0)


def _at(minutes: int) -> datetime.datetime:
    return T0 + datetime.timedelta(minutes=minutes)


def _times(row) -> tuple:
    """A row as tuples of values, SQLite's stored time strings read as datetimes."""
    return tuple(datetime.datetime.fromisoformat(v) if isinstance(v, str) else v for v in row)


def _insert(conn, table: str, **values) -> None:
    names = ", ".join(values)
    conn.execute(text(f"INSERT INTO {table} ({names}) VALUES ({', '.join(':' + k for k in values)})"), values)


def _event(conn, n: int, action: str, kind: str, object_id: int, actor_id):
    _insert(
        conn, "audit_event", id=n, at=_at(n), actor_id=actor_id, actor_name=f"u{actor_id}", address="", action=action,
        object_type=kind, object_id=object_id, object_label="", root_type="Project", root_id=1, root_label="",
        changes="[]", comment="",
    )


def test_the_columns_are_filled_from_the_last_steps_of_the_trail(empty_app):
    upgrade(revision=BEFORE)
    with db.engine.begin() as conn:
        _insert(conn, "unit", id=1, code="304001", name="单位")
        for uid in (1, 2, 3):
            _insert(
                conn, "user_account", id=uid, name=f"u{uid}", display_name="", password_hash="x", roles_text="officer",
                active=True, must_change_password=False, failed_logins=0, session_token="", created_at=T0,
            )
        for pid in (1, 2):
            _insert(
                conn, "project", id=pid, unit_id=1, year=2024, name=f"项目{pid}", budget_total=1, budget_fiscal=1,
                budget_other=0, purpose="", created_at=T0, updated_at=T0,
            )
        _insert(
            conn, "project_evaluation", id=1, project_id=1, status="approved", supervising_department="",
            execution_reason="", overall_actual="", review_comment="", created_at=T0, updated_at=T0, submitted_at=_at(99),
        )
        _event(conn, 1, "submit", "Project", 1, 1)
        _event(conn, 2, "return", "Project", 1, 2)
        _event(conn, 3, "submit", "Project", 1, 3)  # the last submission counts
        _event(conn, 4, "approve", "Project", 1, 2)
        _event(conn, 5, "update", "Project", 1, 1)  # an edit is no step
        _event(conn, 6, "submit", "Project", 2, 99)  # an account that no longer exists: nobody
        _event(conn, 7, "submit", "ProjectEvaluation", 1, 1)
        _event(conn, 8, "approve", "ProjectEvaluation", 1, 3)
    upgrade()
    with db.engine.connect() as conn:
        projects = {row[0]: _times(row[1:]) for row in conn.execute(text(
            "SELECT id, submitted_by_id, submitted_at, reviewed_by_id, reviewed_at FROM project"
        ))}
        evaluation = conn.execute(text(
            "SELECT submitted_by_id, submitted_at, reviewed_by_id, reviewed_at FROM project_evaluation"
        )).one()
    assert projects[1] == (3, _at(3), 2, _at(4))
    assert projects[2] == (None, _at(6), None, None)
    assert _times(evaluation) == (1, _at(99), 3, _at(8))  # its submitted_at was kept before: not overwritten
    downgrade(revision=BEFORE)
    with db.engine.connect() as conn:  # nothing lost on the way back (no cascade from a rebuilt table)
        assert conn.execute(text("SELECT count(*) FROM project")).scalar() == 2
        assert conn.execute(text("SELECT count(*) FROM project_evaluation")).scalar() == 1


def test_the_migration_makes_postgresql_refuse_truncate(empty_app):
    if not PG_URL:
        pytest.skip("a PostgreSQL trigger (SQLite has no TRUNCATE; the engine hook refuses DELETE there)")
    import psycopg

    upgrade()
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        with pytest.raises(psycopg.Error, match="append-only"):
            cursor.execute("TRUNCATE audit_event")
        raw.rollback()
    finally:
        raw.close()
    downgrade(revision=BEFORE)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM pg_trigger WHERE tgname = 'audit_event_no_truncate'")).scalar() == 0
