"""Sessions live on the server: signing out, a password change, a deactivation or an administrator
end them at once, everywhere; a user sees their open sessions; the session id changes at sign-in.

Runs on the database store, or on Redis when ``JIXIAO_TEST_REDIS_URL`` is set (conftest).
"""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent
from app.services import accounts, sessions
from tests.conftest import REDIS_URL, login, make_app
from tests.factories import PASSWORD, make_unit, make_user


def sign_in(client, name, password=PASSWORD):
    return client.post("/login", data={"name": name, "password": password})


def cookie(client) -> str:
    return client.get_cookie("session").value


def replay(app, value: str):
    """A second browser holding a copy of a session cookie."""
    other = app.test_client()
    other.set_cookie("session", value)
    return other


def test_a_signed_out_cookie_no_longer_works(app):
    make_user("zhang", ["officer"], [make_unit()])
    browser = app.test_client()
    assert sign_in(browser, "zhang").status_code == 302
    copied = cookie(browser)
    assert replay(app, copied).get("/projects/").status_code == 200  # a copy works while signed in
    assert browser.post("/logout").status_code == 302
    response = replay(app, copied).get("/projects/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_password_change_and_a_deactivation_end_copies_too(app):
    user = make_user("zhang", ["officer"], [make_unit()])
    browser = app.test_client()
    sign_in(browser, "zhang")
    copied = cookie(browser)
    accounts.reset_password(user)
    assert replay(app, copied).get("/projects/").status_code == 302
    accounts.set_password(user, PASSWORD, must_change=False)
    sign_in(browser, "zhang")
    copied = cookie(browser)
    accounts.update_user(user, roles=["officer"], unit_ids=[], active=False, display_name="")
    assert replay(app, copied).get("/projects/").status_code == 302


def test_an_administrator_ends_every_session_of_a_user(app):
    user = make_user("zhang", ["officer"], [make_unit()])
    one, two = login(app.test_client(), user), login(app.test_client(), user)
    assert one.get("/projects/").status_code == 200 and two.get("/projects/").status_code == 200
    admin = login(app.test_client(), make_user("root", ["admin"]))
    assert "结束全部会话" in admin.get("/admin/users").get_data(as_text=True)
    assert admin.post(f"/admin/users/{user.id}/sessions/end").status_code == 302
    assert one.get("/projects/").status_code == 302 and two.get("/projects/").status_code == 302
    assert sessions.open_sessions(user.id) == []
    db.session.expire_all()
    (ended,) = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "end_sessions"))
    assert ended.actor_name == "root" and ended.object_id == user.id


def test_a_user_sees_their_sessions_and_ends_the_others(app):
    make_user("zhang", ["officer"], [make_unit()])
    office, home = app.test_client(), app.test_client()
    sign_in(office, "zhang")
    home.post("/login", data={"name": "zhang", "password": PASSWORD}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    page = office.get("/sessions").get_data(as_text=True)
    assert page.count("<tr>") == 3 and "当前会话" in page and "10.0.0.9" in page
    assert office.post("/sessions/end-others").status_code == 302
    assert home.get("/projects/").status_code == 302
    assert office.get("/projects/").status_code == 200
    assert office.get("/sessions").get_data(as_text=True).count("<tr>") == 2


def test_a_user_ends_one_session_by_its_key_but_not_another_users(app):
    unit = make_unit()
    zhang, li = make_user("zhang", ["officer"], [unit]), make_user("li", ["officer"], [unit])
    mine, other = login(app.test_client(), zhang), login(app.test_client(), zhang)
    theirs = login(app.test_client(), li)
    (li_session,) = sessions.open_sessions(li.id)
    assert mine.post(f"/sessions/{li_session.key}/end").status_code == 404
    assert theirs.get("/projects/").status_code == 200
    with other.session_transaction() as cookie_session:
        token = cookie_session["sid"]
    (key,) = [s.key for s in sessions.open_sessions(zhang.id, token) if s.current]
    assert mine.post(f"/sessions/{key}/end").status_code == 302
    assert other.get("/projects/").status_code == 302 and mine.get("/projects/").status_code == 200


def test_the_session_id_changes_at_sign_in(app):
    make_user("zhang", ["officer"], [make_unit()])
    browser = app.test_client()
    with browser.session_transaction() as planted:
        planted["sid"] = "chosen-by-an-attacker"
    sign_in(browser, "zhang")
    with browser.session_transaction() as first:
        first_id = first["sid"]
    assert first_id != "chosen-by-an-attacker" and len(first_id) >= 40
    browser.post("/logout")
    sign_in(browser, "zhang")
    with browser.session_transaction() as second:
        assert second["sid"] != first_id


def test_the_cookie_holds_no_secret_the_store_keeps(app):
    """The store keeps only a digest of the session id: reading the store gives no cookie to replay."""
    user = make_user("zhang", ["officer"], [make_unit()])
    token = sessions.start(user.id)
    (found,) = sessions.open_sessions(user.id)
    assert found.key != token and token not in found.key


@pytest.mark.skipif(not REDIS_URL, reason="JIXIAO_TEST_REDIS_URL names no Redis server")
def test_redis_holds_the_sessions_when_configured(app):
    from app.services.sessions import RedisStore, store

    assert isinstance(store(), RedisStore)
    user = make_user("zhang", ["officer"], [make_unit()])
    client = login(app.test_client(), user)
    assert client.get("/projects/").status_code == 200
    assert store().redis.exists(store()._user(user.id))
    accounts.end_sessions(user)
    assert client.get("/projects/").status_code == 302


def test_the_database_holds_the_sessions_by_default(monkeypatch):
    from app.services.sessions import DatabaseStore, store

    monkeypatch.delenv("JIXIAO_REDIS_URL", raising=False)
    plain = make_app(JIXIAO_REDIS_URL="")
    with plain.app_context():
        assert isinstance(store(), DatabaseStore)
