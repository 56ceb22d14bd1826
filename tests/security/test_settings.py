"""Production settings: the instance's secret is private to its account; HTTPS is kept once used."""

import stat

from app import config
from tests.conftest import login
from tests.factories import make_user


def test_the_instance_secret_is_readable_by_its_owner_only(tmp_path):
    key = config._instance_secret(str(tmp_path))
    path = tmp_path / "secret_key"
    assert len(key) == 64 and path.read_text() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert config._instance_secret(str(tmp_path)) == key  # kept across restarts


def test_https_responses_ask_the_browser_to_stay_on_https(app):
    client = login(app.test_client(), make_user("officer_a", ["officer"]))
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in client.get("/").headers  # plain HTTP (a first install, tests)
    assert "Strict-Transport-Security" in app.test_client().get("/login", base_url="https://localhost").headers


def test_debug_is_off_in_the_default_app(app):
    from app import create_app

    served = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x" * 64})
    assert served.debug is False and served.config["DEBUG"] is False and served.config["TESTING"] is False
    assert served.config["SESSION_COOKIE_HTTPONLY"] is True and served.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_a_secret_left_readable_by_an_older_version_is_closed(tmp_path):
    path = tmp_path / "secret_key"
    path.write_text("a" * 64)
    path.chmod(0o644)
    assert config._instance_secret(str(tmp_path)) == "a" * 64
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
