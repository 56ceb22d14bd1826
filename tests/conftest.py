"""Fixtures: a fresh app and database per test, on SQLite or on PostgreSQL.

With ``JIXIAO_TEST_DATABASE_URL`` set, every test runs against that server: the
schema is created once per session and every table is emptied after each test.
"""

import os

import pytest
from sqlalchemy import event, select, text

from app import create_app
from app.extensions import db
from app.models import Unit, user_unit

PG_URL = os.environ.get("JIXIAO_TEST_DATABASE_URL")
# With a Redis server named here (CI sets it), sign-in sessions and counters live there, each app
# under a key prefix of its own; without it, in the database.
REDIS_URL = os.environ.get("JIXIAO_TEST_REDIS_URL")


def make_app(**overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": PG_URL or "sqlite://",
        "WTF_CSRF_ENABLED": False,
        "JIXIAO_PASSWORD_HASH": "scrypt:1024:8:1",  # still scrypt, cheaper: tests make many accounts
    }
    if REDIS_URL:
        from app.services.sessions import new_prefix

        config.update(JIXIAO_REDIS_URL=REDIS_URL, JIXIAO_REDIS_PREFIX=new_prefix())
    config.update(overrides)
    return create_app(config)


@pytest.fixture(scope="session")
def _schema():
    """On PostgreSQL, build the schema once for the session."""
    if PG_URL:
        app = make_app()
        with app.app_context():
            # Start from an empty schema whatever an earlier run (or another branch) left behind:
            # tables this code does not know would otherwise block drop_all by their foreign keys.
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
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
        # The trail refuses TRUNCATE (app.models.audit); the tests connect as its owner, who may
        # lift that for this one transaction, as the application's role cannot (docs/deploy.md).
        conn.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_truncate"))
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        conn.execute(text("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_truncate"))


def login(client, user):
    """Sign ``client`` in as ``user`` without the sign-in page: a session on the server, its id in the cookie."""
    from app.services import sessions

    token = sessions.start(user.id, "127.0.0.1", "pytest")
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
        session["sid"] = token
    return client


@pytest.fixture
def tester(app):
    """The account the ``client`` fixture signs in: 填报 and 管理员 of every unit, now and later."""
    from tests.factories import make_user

    user = make_user("tester", ["officer", "admin"], units=db.session.scalars(select(Unit)).all())
    user_id = user.id

    def join(mapper, connection, unit):
        connection.execute(user_unit.insert().values(user_id=user_id, unit_id=unit.id))

    event.listen(Unit, "after_insert", join)
    yield user
    event.remove(Unit, "after_insert", join)


@pytest.fixture
def client(app, tester):
    """A test client signed in as ``tester`` (the existing page tests act as an officer of every unit)."""
    return login(app.test_client(), tester)


@pytest.fixture
def anonymous(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def cli_runner():
    """A CLI runner on an app without a database: for commands that read only their file."""
    from app import create_app

    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "t"}).test_cli_runner()


# -- background jobs on both runners (tests/job_support.py) --------------------------------


# The thread pool always; RQ on Redis when the run names a server (CI's PostgreSQL run does).
RUNNERS = ["thread", pytest.param("queue", marks=pytest.mark.skipif(not REDIS_URL, reason="JIXIAO_TEST_REDIS_URL not set"))]


@pytest.fixture(params=RUNNERS)
def job_app(request, tmp_path, _schema, monkeypatch):
    if request.param == "queue":
        app = make_app()
    else:
        app = make_app(SQLALCHEMY_DATABASE_URI=PG_URL or f"sqlite:///{tmp_path / 'jobs.sqlite'}", JIXIAO_REDIS_URL="")
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    with app.app_context():
        if not PG_URL:
            db.create_all()
        app.runner_kind = request.param
        yield app
        db.session.remove()
        if PG_URL:
            _empty_tables()
        db.engine.dispose()


@pytest.fixture
def kinds():
    """Kinds registered for one test only."""
    from app.services import jobs

    added = []

    def register(name, function):
        jobs.kind(name, f"测试任务 {name}")(function)
        added.append(name)

    yield register
    for name in added:
        jobs.KINDS.pop(name, None)
