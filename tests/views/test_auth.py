"""Sign-in security: passwords, lockout, idle timeout, forced password change, CSRF, headers."""

import datetime
import re
from pathlib import Path

from sqlalchemy import select
from werkzeug.security import check_password_hash

from app.extensions import db
from app.models import AuditEvent, User
from app.models.types import utcnow
from app.services import accounts, sessions
from tests.conftest import PG_URL, login, make_app
from tests.factories import PASSWORD, make_project, make_unit, make_user


def sign_in(client, name, password=PASSWORD, **query):
    return client.post("/login" + (f"?next={query['next']}" if "next" in query else ""),
                       data={"name": name, "password": password})


def events(action):
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def test_every_page_but_the_sign_in_page_needs_a_sign_in(anonymous, app):
    response = anonymous.get("/projects/")
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]
    assert anonymous.get("/login").status_code == 200
    with anonymous.get("/static/css/app.css") as response:
        assert response.status_code == 200


def test_sign_in_with_the_right_password_then_out(anonymous, app):
    user = make_user("zhang", ["officer"], [make_unit()])
    response = sign_in(anonymous, "zhang", next="/projects/?year=2024")
    assert response.status_code == 302 and response.headers["Location"] == "/projects/?year=2024"
    assert anonymous.get("/projects/").status_code == 200
    assert [e.actor_name for e in events("login")] == ["zhang"]
    assert anonymous.post("/logout").status_code == 302
    assert anonymous.get("/projects/").status_code == 302
    assert [e.object_id for e in events("logout")] == [user.id]


def test_passwords_are_hashed_with_scrypt(app):
    user = make_user("li", ["auditor"])
    assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash
    assert check_password_hash(user.password_hash, PASSWORD)


def test_next_never_leads_off_site(anonymous, app):
    make_user("zhang", ["auditor"])
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = sign_in(anonymous, "zhang", next=target)
        assert response.headers["Location"] == "/"
        anonymous.post("/logout")


def test_five_failures_lock_the_account_for_fifteen_minutes(anonymous, app):
    user = make_user("wang", ["officer"])
    for _attempt in range(4):
        response = sign_in(anonymous, "wang", "Wrong-pass1")
        assert response.status_code == 422 and "用户名或密码错误" in response.get_data(as_text=True)
    response = sign_in(anonymous, "wang", "Wrong-pass1")
    # the fifth failure locks, but says no more than any wrong password: the lock tells a guesser the name exists
    assert "用户名或密码错误" in response.get_data(as_text=True) and "账户已锁定" not in response.get_data(as_text=True)
    # locked: a wrong password still reads the same; the right one is refused and told why
    response = sign_in(anonymous, "wang", "Wrong-pass2")
    assert response.status_code == 422 and "用户名或密码错误" in response.get_data(as_text=True)
    response = sign_in(anonymous, "wang")
    assert response.status_code == 422 and "账户已锁定" in response.get_data(as_text=True)
    assert anonymous.get("/projects/").status_code == 302
    assert len(events("login_failed")) == 7
    (lock,) = events("lock")
    assert lock.object_id == user.id and lock.changes[0][0] == "locked_until" and "连续 5 次" in lock.comment
    assert events("login") == []


def test_the_lock_ends_after_fifteen_minutes(anonymous, app):
    user = make_user("wang", ["officer"])
    for _ in range(5):
        sign_in(anonymous, "wang", "Wrong-pass1")
    db.session.expire_all()
    user = db.session.get(User, user.id)
    user.locked_until = user.locked_until.replace(year=2000)  # as if the quarter hour had passed
    db.session.commit()
    assert sign_in(anonymous, "wang").status_code == 302


def test_an_administrator_unlocks(anonymous, app):
    user = make_user("wang", ["officer"])
    for _ in range(5):
        sign_in(anonymous, "wang", "Wrong-pass1")
    admin = make_user("root", ["admin"])
    page = login(app.test_client(), admin)
    assert "锁定至" in page.get("/admin/users").get_data(as_text=True)
    assert page.post(f"/admin/users/{user.id}/unlock").status_code == 302
    assert sign_in(anonymous, "wang").status_code == 302
    (unlock,) = events("unlock")
    assert unlock.actor_name == "root" and unlock.changes[0][2] is None


def test_unknown_names_fail_the_same_way(anonymous, app):
    response = sign_in(anonymous, "nobody")
    assert response.status_code == 422 and "用户名或密码错误" in response.get_data(as_text=True)
    (failed,) = events("login_failed")
    assert failed.object_label == "nobody" and failed.comment == "用户名不存在"


def test_a_deactivated_account_cannot_sign_in_and_its_sessions_end(app):
    user = make_user("zhao", ["officer"], [make_unit()])
    client = login(app.test_client(), user)
    assert client.get("/projects/").status_code == 200
    accounts.update_user(user, roles=["officer"], unit_ids=[], active=False, display_name="")
    assert client.get("/projects/").status_code == 302
    response = sign_in(app.test_client(), "zhao")
    assert "账户已停用" in response.get_data(as_text=True)


def test_idle_sessions_end_after_thirty_minutes(app):
    user = make_user("zhang", ["officer"], [make_unit()])
    client = login(app.test_client(), user)
    assert client.get("/projects/").status_code == 200
    with client.session_transaction() as session:
        token = session["sid"]
    sessions.mark_idle_since(token, utcnow() - datetime.timedelta(minutes=29))
    assert client.get("/projects/").status_code == 200  # still active: and the clock restarts
    (open_session,) = sessions.open_sessions(user.id)
    assert utcnow() - open_session.last_seen_at < datetime.timedelta(seconds=5)
    sessions.mark_idle_since(token, utcnow() - datetime.timedelta(minutes=31))
    response = client.get("/projects/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/projects/").status_code == 302  # the session is gone, not just this request
    assert [e.object_id for e in events("timeout")] == [user.id]


def test_the_idle_limit_is_a_setting(app):
    short = make_app(JIXIAO_IDLE_MINUTES=1)
    assert short.config["JIXIAO_IDLE_MINUTES"] == 1 and app.config["JIXIAO_IDLE_MINUTES"] == 30


def test_a_new_account_must_change_its_password_first(anonymous, app):
    make_unit()
    user, temporary = accounts.create_user("qian", ["officer"], unit_codes=["304001"])
    assert user.must_change_password
    response = sign_in(anonymous, "qian", temporary)
    assert response.headers["Location"] == "/password"
    for url in ("/projects/", "/", "/api/targets/parse?text=1"):
        response = anonymous.get(url)
        assert response.status_code == 302 and response.headers["Location"] == "/password", url
    weak = anonymous.post("/password", data={"current": temporary, "password": "abcdefgh", "confirm": "abcdefgh"})
    assert weak.status_code == 422 and "至少三类" in weak.get_data(as_text=True)
    wrong = anonymous.post("/password", data={"current": "nope", "password": "Neu-Passw0rt", "confirm": "Neu-Passw0rt"})
    assert "当前密码不正确" in wrong.get_data(as_text=True)
    done = anonymous.post("/password", data={"current": temporary, "password": "Neu-Passw0rt", "confirm": "Neu-Passw0rt"})
    assert done.status_code == 302
    assert anonymous.get("/projects/").status_code == 200
    (changed,) = events("password")
    assert ["must_change_password", "是", "否"] in changed.changes
    assert ["password_hash", "******", "******"] in changed.changes


def test_a_password_change_ends_the_other_sessions(app):
    user = make_user("sun", ["officer"], [make_unit()])
    other = login(app.test_client(), user)
    mine = login(app.test_client(), user)
    mine.post("/password", data={"current": PASSWORD, "password": "Anders-123", "confirm": "Anders-123"})
    assert mine.get("/projects/").status_code == 200
    assert other.get("/projects/").status_code == 302


def test_csrf_tokens_are_required(app):
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    with csrf_app.app_context():
        if not PG_URL:
            db.create_all()  # its own in-memory database; on PostgreSQL the shared schema, emptied by ``app``
        user = make_user("zhou", ["officer"], [make_unit()])
        project = make_project()
        client = login(csrf_app.test_client(), user)
        for url in (f"/projects/{project.id}/delete", f"/projects/{project.id}/copy", f"/projects/{project.id}/submit",
                    "/logout", "/login"):
            response = client.post(url, data={})
            assert response.status_code == 400, url
            assert "页面已过期" in response.get_data(as_text=True)
        page = client.get(f"/projects/{project.id}").get_data(as_text=True)
        assert page.count('name="csrf_token"') >= 3  # copy, submit and sign out all carry one
        assert client.get(f"/projects/{project.id}").status_code == 200  # GETs need no token
        db.session.remove()
        db.engine.dispose()


def test_security_headers_on_every_response(anonymous, client, app):
    static = anonymous.get("/static/css/app.css")
    static.close()
    for response in (anonymous.get("/login"), client.get("/projects/"), anonymous.get("/nope"), static):
        headers = response.headers
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"
    assert client.get("/projects/").headers["Cache-Control"] == "no-store"


def test_session_cookie_flags(anonymous, app):
    make_user("wu", ["auditor"])
    cookie = sign_in(anonymous, "wu").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    secure = make_app(SESSION_COOKIE_SECURE=True)
    assert secure.config["SESSION_COOKIE_SECURE"] is True


def test_secure_cookies_from_the_environment(monkeypatch):
    monkeypatch.setenv("JIXIAO_SECURE_COOKIES", "1")
    assert make_app().config["SESSION_COOKIE_SECURE"] is True


def test_no_template_has_inline_script_or_style():
    """CSP default-src 'self' blocks inline code: no <script> bodies, on* handlers or style attributes."""
    root = Path(__file__).resolve().parents[2] / "app" / "templates"
    for path in root.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path
        assert not re.search(r"\son[a-z]+\s*=\s*[\"']", text), path
        assert not re.search(r"\sstyle\s*=\s*[\"']", text), path


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_the_demo_accounts_sign_in_with_what_jixiao_demo_prints(app, monkeypatch):
    """./scripts/serve's flow: ``jixiao demo`` prints the accounts, a new browser signs in with them (CSRF on)."""
    monkeypatch.setattr("app.cli.data.upgrade", lambda: None)  # the test database is made by create_all
    served = make_app(WTF_CSRF_ENABLED=True)
    with served.app_context():  # the command line's own context, as ``jixiao demo`` has
        if not PG_URL:
            db.create_all()  # in memory: lives as long as this app's engine
        result = served.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    printed = re.findall(r"(\S+)\t用户名 (\S+)\t密码 (\S+)", result.output)
    assert [(role, name) for role, name, _ in printed] == [
        ("填报", "officer"), ("审核", "reviewer"), ("审计", "auditor"), ("管理员", "admin")
    ]
    # Each browser's requests run in their own app context, as under ``jixiao run``.
    landing = {"officer": "/projects/", "reviewer": "/projects/", "auditor": "/projects/", "admin": "/admin/users"}
    for _, name, password in printed:
        browser = served.test_client()
        token = _csrf(browser.get("/login").get_data(as_text=True))
        response = browser.post("/login", data={"name": name, "password": password, "csrf_token": token})
        assert response.status_code == 302 and response.headers["Location"] == "/", name  # no forced change
        assert browser.get("/").headers["Location"] == landing[name], name
        page = browser.get(landing[name]).get_data(as_text=True)
        assert f"{name}（" in page, name
        if name != "admin":
            assert "2024年白沟箱包市场采购贸易方式试点活动资金" in page, name
    # A brand-new account from the command line: the printed password, then one of its own.
    with served.app_context():
        made = served.test_cli_runner().invoke(args=["user", "create", "xin", "--role", "officer", "--unit", "304001"])
    temporary = re.search(r"临时密码：(\S+)（", made.output).group(1)
    browser = served.test_client()
    token = _csrf(browser.get("/login").get_data(as_text=True))
    response = browser.post("/login", data={"name": "xin", "password": temporary, "csrf_token": token})
    assert response.headers["Location"] == "/password"
    token = _csrf(browser.get("/password").get_data(as_text=True))
    response = browser.post("/password", data={"current": temporary, "password": "Neu-Mima-2024",
                                               "confirm": "Neu-Mima-2024", "csrf_token": token})
    assert response.status_code == 302 and browser.get("/projects/").status_code == 200
    with served.app_context():
        db.engine.dispose()


def test_every_state_changing_route_refuses_a_request_without_its_token(app):
    """CSRF on every POST route of ``app.url_map`` (new routes included), checked before anything else."""
    from tests.views.test_access_matrix import RULES

    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    with csrf_app.app_context():
        if not PG_URL:
            db.create_all()
        user = make_user("zhou", ["officer", "reviewer", "auditor", "admin"], [make_unit()])
        project = make_project()
        client = login(csrf_app.test_client(), user)
        posts = [rule for rule in RULES if "POST" in rule.methods]
        assert len(posts) > 20
        for rule in posts:
            known = {"project_id": project.id, "unit_id": project.unit_id, "user_id": user.id}
            values = {arg: known.get(arg, 1) for arg in rule.arguments}  # the token is checked before the URL's object
            with csrf_app.test_request_context():
                from flask import url_for

                url = url_for(rule.endpoint, **values)
            response = client.post(url, data={"comment": "x"})
            if rule.endpoint.startswith("api_v1."):
                # the JSON API never takes the browser's cookie (only a bearer token), so it needs no CSRF token
                assert response.status_code == 401 and response.mimetype == "application/problem+json", rule.endpoint
                continue
            assert response.status_code == 400 and "页面已过期" in response.get_data(as_text=True), rule.endpoint
        db.session.remove()
        db.engine.dispose()


def test_generated_passwords_pass_the_policy_and_avoid_look_alikes(app):
    from app.domain.passwords import password_problems
    from app.services.accounts import generate_password

    for _ in range(200):
        password = generate_password()
        assert len(password) == 14 and not password_problems(password)
        assert not set(password) & set("0O1lI!@#%^*=+?")
