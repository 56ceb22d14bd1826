"""The migration tests' fixture: an app on an empty database."""

import pytest
from sqlalchemy import text

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
