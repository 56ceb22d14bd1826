"""Fixtures: a fresh app and database per test, on SQLite or on PostgreSQL.

With ``JIXIAO_TEST_DATABASE_URL`` set, every test runs against that server: the
schema is created once per session and every table is emptied after each test.
"""

import os

import pytest
from sqlalchemy import text

from app import create_app
from app.extensions import db

PG_URL = os.environ.get("JIXIAO_TEST_DATABASE_URL")


def make_app(**overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": PG_URL or "sqlite://",
        "WTF_CSRF_ENABLED": False,
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture(scope="session")
def _schema():
    """On PostgreSQL, build the schema once for the session."""
    if PG_URL:
        app = make_app()
        with app.app_context():
            db.drop_all()
            with db.engine.begin() as conn:
                conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
            db.create_all()
            db.engine.dispose()
    yield


@pytest.fixture
def app(_schema):
    app = make_app()
    with app.app_context():
        if not PG_URL:
            db.create_all()
        yield app
        db.session.remove()
        if PG_URL:
            _empty_tables()
        db.engine.dispose()


def _empty_tables() -> None:
    names = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
