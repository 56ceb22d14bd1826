"""The migrations build exactly the schema of the models."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from app.extensions import db
from tests.conftest import PG_URL, make_app


@pytest.fixture
def empty_app(tmp_path):
    """An app on an empty database: a file on SQLite, the emptied test database on PostgreSQL."""
    url = PG_URL or f"sqlite:///{tmp_path / 'migrate.sqlite'}"
    app = make_app(SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        _drop_everything()
        yield app
        _drop_everything()
        if PG_URL:  # hand the schema back to the other tests
            db.create_all()
        db.engine.dispose()


def _drop_everything():
    db.session.remove()
    if PG_URL:
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        return
    db.drop_all()
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def test_upgrade_from_empty_matches_the_models(empty_app):
    upgrade()
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_db_check_reports_no_drift(empty_app):
    upgrade()
    result = empty_app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output


def test_downgrade_removes_everything(empty_app):
    upgrade()
    downgrade(revision="base")
    tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert tables == set()
