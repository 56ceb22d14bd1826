"""Production serving (issue 14 point 1): /healthz, the trusted proxies, the request id and the request log."""

import json
import logging

import pytest
from sqlalchemy import event, select

from app.extensions import db
from app.models import AuditEvent
from app.services import sessions
from app.views.serving import LOGGER
from tests.conftest import PG_URL, REDIS_URL, login, make_app
from tests.factories import PASSWORD, make_user

CLIENT, PROXY = "203.0.113.7", "10.0.0.2"


@pytest.fixture
def log_lines():
    """The JSON lines the request log writes, as dicts."""
    lines = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(json.loads(record.getMessage()))

    handler = Keep()
    logging.getLogger(LOGGER).addHandler(handler)
    yield lines
    logging.getLogger(LOGGER).removeHandler(handler)


@pytest.fixture
def other_app(app):
    """An app with other settings on the same database (the ``app`` fixture empties it afterwards)."""
    made = []

    def build(**overrides):
        built = make_app(**overrides)
        made.append(built)
        return built

    yield build
    for built in made:
        with built.app_context():
            db.session.remove()
            db.engine.dispose()


def _in(built):
    context = built.app_context()
    context.push()
    if not PG_URL:
        db.create_all()
    return context


# -- /healthz -------------------------------------------------------------------------------


def test_health_needs_no_sign_in_and_names_the_parts(app):
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    expected_queue = "ok" if REDIS_URL else "thread"
    assert response.get_json() == {"status": "ok", "database": "ok", "queue": expected_queue}
    body = response.get_data(as_text=True)
    for secret in (app.config["SECRET_KEY"], app.config["SQLALCHEMY_DATABASE_URI"], "127.0.0.1", "redis://"):
        assert secret not in body


def test_health_is_503_when_the_database_is_down(app):
    def refuse(dialect, conn_rec, cargs, cparams):
        raise dialect.dbapi.OperationalError("connection refused (the test cut the database off)")

    db.session.remove()
    db.engine.dispose()
    event.listen(db.engine, "do_connect", refuse)
    try:
        response = app.test_client().get("/healthz")
    finally:
        event.remove(db.engine, "do_connect", refuse)
    assert response.status_code == 503
    assert response.get_json()["status"] == "down" and response.get_json()["database"] == "unavailable"
    assert "refused" not in response.get_data(as_text=True)


def test_health_pings_redis_when_it_is_configured(app, other_app):
    gone = other_app(JIXIAO_REDIS_URL="redis://127.0.0.1:1/0")  # nothing listens on port 1
    context = _in(gone)
    try:
        response = gone.test_client().get("/healthz")
    finally:
        context.pop()
    assert response.status_code == 503
    assert response.get_json() == {"status": "degraded", "database": "ok", "queue": "unavailable"}
    assert "127.0.0.1:1" not in response.get_data(as_text=True)


@pytest.mark.skipif(not REDIS_URL, reason="JIXIAO_TEST_REDIS_URL names no Redis server")
def test_health_with_redis_up(app):
    assert app.config["JIXIAO_REDIS_URL"]
    assert app.test_client().get("/healthz").get_json()["queue"] == "ok"


# -- the request id ---------------------------------------------------------------------------


def test_every_response_carries_a_request_id(app):
    client = app.test_client()
    first, second = client.get("/login"), client.get("/login")
    assert len(first.headers["X-Request-ID"]) == 32 and first.headers["X-Request-ID"] != second.headers["X-Request-ID"]
    given = client.get("/login", headers={"X-Request-ID": "nginx-4f2a9c"})
    assert given.headers["X-Request-ID"] == "nginx-4f2a9c"
    for insane in ("<script>alert(1)</script>", "a" * 65, "编号", "a b"):
        replaced = client.get("/login", headers={"X-Request-ID": insane}).headers["X-Request-ID"]
        assert replaced != insane and len(replaced) == 32


def test_the_error_pages_show_the_request_id(app):
    user = make_user("zhang", ["auditor"])
    client = login(app.test_client(), user)
    missing = client.get("/no-such-page", headers={"X-Request-ID": "abc123"})
    assert missing.status_code == 404 and "编号：<code>abc123</code>" in missing.get_data(as_text=True)
    refused = client.get("/admin/users/new")
    number = refused.headers["X-Request-ID"]
    assert refused.status_code == 403 and f"编号：<code>{number}</code>" in refused.get_data(as_text=True)


def test_an_unexpected_error_shows_the_id_and_no_trace(app, other_app, log_lines):
    from app.views.guards import public

    broken = other_app()

    @public
    def explode():
        raise RuntimeError("secret detail of the failure")

    broken.add_url_rule("/explode", "explode", explode)
    context = _in(broken)
    try:
        response = broken.test_client().get("/explode", headers={"X-Request-ID": "req-500"})
    finally:
        context.pop()
    html = response.get_data(as_text=True)
    assert response.status_code == 500 and "编号：<code>req-500</code>" in html
    assert "Traceback" not in html and "secret detail" not in html and "RuntimeError" not in html
    assert [(line["path"], line["status"], line["request_id"]) for line in log_lines] == [("/explode", 500, "req-500")]


# -- the request log -----------------------------------------------------------------------------


def test_one_json_line_per_request(app, log_lines):
    user = make_user("zhang", ["auditor"])
    client = login(app.test_client(), user)
    response = client.get("/projects/?year=2024", headers={"X-Request-ID": "line-1"})
    assert response.status_code == 200
    app.test_client().get("/login")
    assert len(log_lines) == 2
    line, anonymous = log_lines
    assert line["method"] == "GET" and line["path"] == "/projects/" and line["status"] == 200
    assert line["request_id"] == "line-1" and line["user_id"] == user.id and line["remote_addr"] == "127.0.0.1"
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert anonymous["user_id"] is None and anonymous["path"] == "/login"
    assert "year=2024" not in json.dumps(log_lines)  # the path only: search terms stay out of the log


def test_the_request_log_can_be_turned_off(app, other_app, log_lines):
    quiet = other_app(JIXIAO_REQUEST_LOG=False)
    context = _in(quiet)
    try:
        response = quiet.test_client().get("/login")
    finally:
        context.pop()
    assert response.headers["X-Request-ID"] and log_lines == []


# -- the client's address behind a proxy ---------------------------------------------------------------


def _fail_sign_in(client, name):
    return client.post(
        "/login",
        data={"name": name, "password": "Wrong-pass1"},
        headers={"X-Forwarded-For": CLIENT, "X-Forwarded-Proto": "https"},
        environ_base={"REMOTE_ADDR": PROXY},
    )


def _addresses(action):
    db.session.expire_all()
    return [e.address for e in db.session.scalars(select(AuditEvent).where(AuditEvent.action == action))]


def test_with_one_trusted_proxy_the_client_address_is_recorded(app, other_app, log_lines):
    proxied = other_app(JIXIAO_PROXY_HOPS=1)
    context = _in(proxied)
    try:
        make_user("zhang", ["auditor"])
        client = proxied.test_client()
        assert _fail_sign_in(client, "zhang").status_code == 422
        assert _addresses("login_failed") == [CLIENT]
        window = proxied.config["JIXIAO_LOGIN_RATE_MINUTES"] * 60
        assert sessions.hits(f"login:{CLIENT}", window) == 1 and sessions.hits(f"login:{PROXY}", window) == 0
        signed_in = client.post(
            "/login",
            data={"name": "zhang", "password": PASSWORD},
            headers={"X-Forwarded-For": f"198.51.100.1, {CLIENT}"},  # the client's own claim comes first: ignored
            environ_base={"REMOTE_ADDR": PROXY},
        )
        assert signed_in.status_code == 302
        assert _addresses("login") == [CLIENT]
    finally:
        context.pop()
    assert log_lines[0]["remote_addr"] == CLIENT


def test_without_a_trusted_proxy_forwarded_headers_are_ignored(app, log_lines):
    assert app.config["JIXIAO_PROXY_HOPS"] == 0
    make_user("zhang", ["auditor"])
    assert _fail_sign_in(app.test_client(), "zhang").status_code == 422
    assert _addresses("login_failed") == [PROXY]
    window = app.config["JIXIAO_LOGIN_RATE_MINUTES"] * 60
    assert sessions.hits(f"login:{PROXY}", window) == 1 and sessions.hits(f"login:{CLIENT}", window) == 0
    assert log_lines[0]["remote_addr"] == PROXY


def test_an_api_call_is_logged_under_its_token_user(app, log_lines):
    from app.services import tokens

    user = make_user("api-zhang", ["auditor"])
    issued = tokens.create(user, "报表拉取", "read", 30)
    response = app.test_client().get("/api/v1/units", headers={"Authorization": f"Bearer {issued.text}"})
    assert response.status_code == 200
    (line,) = log_lines
    assert line["path"] == "/api/v1/units" and line["user_id"] == user.id and line["token_id"] == issued.token.id
    assert issued.text not in json.dumps(line)  # the secret never reaches the log
