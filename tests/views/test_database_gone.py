"""When the database is gone, every page answers with the product's own error page and its security
headers, drawn without touching the database; the settings the docs name come from JIXIAO_* variables."""

import pytest
from sqlalchemy import event

from app.extensions import db
from tests.conftest import login, make_app
from tests.factories import make_project, make_unit, make_user


@pytest.fixture
def gone(app):
    """Cut the database off: every new connection fails, as when the server is down; count the attempts."""
    attempts = []

    def refuse(dialect, conn_rec, cargs, cparams):
        attempts.append(1)
        raise dialect.dbapi.OperationalError("connection refused (the test cut the database off)")

    def cut():
        db.session.remove()
        db.engine.dispose()
        event.listen(db.engine, "do_connect", refuse)

    yield cut, attempts
    if event.contains(db.engine, "do_connect", refuse):
        event.remove(db.engine, "do_connect", refuse)


def assert_error_page(response):
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert '<html lang="zh-CN">' in html and "数据库暂时无法连接" in html
    assert "返回首页" in html and "app.css" in html  # the product's own page, not a fallback
    assert "Traceback" not in html and "OperationalError" not in html and "connection refused" not in html
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY" and response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"


def test_every_kind_of_page_answers_with_the_error_page(app, gone):
    cut, attempts = gone
    unit = make_unit()
    user = make_user("zhang", ["officer"], [unit])
    project = make_project(unit)
    signed_in = login(app.test_client(), user)
    assert signed_in.get("/projects/").status_code == 200
    anonymous = app.test_client()
    cut()
    for url in ("/", "/projects/", f"/projects/{project.id}", "/progress/progress.xlsx?year=2024", "/audit/",
                "/admin/users", "/sessions"):
        before = len(attempts)
        assert_error_page(signed_in.get(url))
        assert len(attempts) - before <= 1, f"{url}: the error page touched the database again"
    assert_error_page(signed_in.post(f"/projects/{project.id}/delete"))
    assert_error_page(anonymous.post("/login", data={"name": "zhang", "password": "Jixiao-2024!"}))
    login_page = anonymous.get("/login")  # needs no database: still the sign-in page
    assert login_page.status_code == 200 and "登录" in login_page.get_data(as_text=True)


def test_the_settings_the_docs_name_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("JIXIAO_IDLE_MINUTES", "10")
    monkeypatch.setenv("JIXIAO_LOCK_ATTEMPTS", "3")
    monkeypatch.setenv("JIXIAO_LOCK_MINUTES", "60")
    monkeypatch.setenv("JIXIAO_PROGRESS_RULES", "6:50,8:60")
    monkeypatch.setenv("JIXIAO_PROGRESS_TOLERANCE", "3%")
    monkeypatch.setenv("JIXIAO_REDIS_URL", "redis://127.0.0.1:6379/9")
    monkeypatch.setenv("JIXIAO_ZIP_MAX_ENTRIES", "50")
    monkeypatch.setenv("JIXIAO_LOGIN_RATE_ATTEMPTS", "7")
    from app import create_app

    config = create_app({"TESTING": True}).config
    assert (config["JIXIAO_IDLE_MINUTES"], config["JIXIAO_LOCK_ATTEMPTS"], config["JIXIAO_LOCK_MINUTES"]) == (10, 3, 60)
    assert config["JIXIAO_PROGRESS_RULES"] == "6:50,8:60" and config["JIXIAO_PROGRESS_TOLERANCE"] == "3%"
    assert config["JIXIAO_REDIS_URL"] == "redis://127.0.0.1:6379/9"
    assert config["JIXIAO_ZIP_MAX_ENTRIES"] == 50 and config["JIXIAO_LOGIN_RATE_ATTEMPTS"] == 7
    assert "JIXIAO_TEST_DATABASE_URL" not in config


def test_a_bad_setting_in_the_environment_is_named(monkeypatch):
    from app.config import SettingError

    monkeypatch.setenv("JIXIAO_IDLE_MINUTES", "half an hour")
    with pytest.raises(SettingError, match="JIXIAO_IDLE_MINUTES"):
        make_app()
