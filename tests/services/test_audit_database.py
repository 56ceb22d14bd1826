"""The trail below the product, on PostgreSQL (issue 13, point 6): nobody empties it, and the
application's role can neither TRUNCATE it nor switch its triggers off (docs/deploy.md)."""

import uuid

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent
from tests.conftest import PG_URL
from tests.factories import make_project

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="PostgreSQL's triggers and roles; SQLite has no TRUNCATE and no roles (the engine hook refuses DELETE)"
)


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent))


def test_truncate_is_refused_even_for_the_owner(app):
    import psycopg

    make_project()
    count = _count()
    db.session.commit()
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        for sql in ("TRUNCATE audit_event", "TRUNCATE TABLE public.audit_event RESTART IDENTITY CASCADE"):
            with pytest.raises(psycopg.Error, match="append-only"):
                cursor.execute(sql)
            raw.rollback()
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'audit_event_no_truncate'")
        assert cursor.fetchone()[0] == 1
    finally:
        raw.close()
    assert _count() == count


def test_the_application_role_owns_nothing(app):
    """As in docs/deploy.md: SELECT/INSERT/UPDATE/DELETE granted, TRUNCATE not, no table owned."""
    import psycopg

    make_project()
    count = _count()
    db.session.commit()
    role = f"jixiao_app_test_{uuid.uuid4().hex[:8]}"
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            pytest.skip("the test's database user cannot create a role")
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}")
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
        raw.commit()
        try:
            cursor.execute(f"SET ROLE {role}")
            cursor.execute("SELECT count(*) FROM audit_event")  # it reads the trail…
            assert cursor.fetchone()[0] == count
            refused = {
                "TRUNCATE audit_event": "permission denied",
                "ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_truncate": "must be owner",
                "ALTER TABLE audit_event DISABLE TRIGGER ALL": "must be owner",
                "DROP TRIGGER audit_event_append_only ON audit_event": "must be owner",
                "DELETE FROM audit_event": "append-only",  # granted, and refused by the trigger
                "UPDATE audit_event SET comment = 'x'": "append-only",
            }
            for sql, reason in refused.items():
                with pytest.raises(psycopg.Error, match=reason):
                    cursor.execute(sql)
                raw.rollback()
                cursor.execute(f"SET ROLE {role}")
            cursor.execute(  # …and writes it, as the recorder does
                "INSERT INTO audit_event (at, actor_name, address, action, object_type, object_label,"
                " root_type, root_label, changes, comment) VALUES (now(), 'x', '', 'export', '', '', '', '', '[]', '')"
            )
            raw.commit()
        finally:
            raw.rollback()
            cursor.execute("RESET ROLE")
            cursor.execute(f"DROP OWNED BY {role}")
            cursor.execute(f"DROP ROLE {role}")
            raw.commit()
    finally:
        raw.close()
    assert _count() == count + 1
