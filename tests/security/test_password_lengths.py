"""No password field takes more than the policy's 128 characters: hashing a megabyte is work an attacker picks.

An overlong sign-in is a failed sign-in (recorded, counted for the lock and the address) that hashes nothing;
an overlong current password on /password is a wrong guess, counted, never hashed; new passwords stop at the
same 128 the policy sets; the command line refuses one before hashing it.
"""

import importlib
import pkgutil

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.security import check_password_hash
from wtforms import PasswordField
from wtforms.validators import Length

import forms
from app.domain.errors import DomainError
from app.domain.passwords import MAX_LENGTH, password_problems
from app.extensions import db
from app.models import AuditEvent, User
from app.services import accounts
from tests.conftest import login
from tests.factories import PASSWORD, make_user

LONGEST = "Aa1-" * (MAX_LENGTH // 4)  # exactly MAX_LENGTH characters, three classes and more
OVERLONG = ["x" * (MAX_LENGTH + 1), "Aa1-" * 250_000]  # one past the cap, and a megabyte


@pytest.fixture
def hashing(monkeypatch):
    """Every password hashed or checked by the accounts service, in order."""
    seen = []

    def checked(stored, password):
        seen.append(password)
        return check_password_hash(stored, password)

    generate = accounts.generate_password_hash

    def generated(password, **kw):
        seen.append(password)
        return generate(password, **kw)

    monkeypatch.setattr(accounts, "check_password_hash", checked)
    monkeypatch.setattr(accounts, "generate_password_hash", generated)
    accounts._DUMMY.clear()
    return seen


def test_the_cap_is_the_policys_own():
    assert not password_problems(LONGEST) and len(LONGEST) == MAX_LENGTH == 128
    assert password_problems(LONGEST + "x") == [f"密码不能超过 {MAX_LENGTH} 位"]


# -- sign-in -----------------------------------------------------------------------------


@pytest.mark.parametrize("password", OVERLONG, ids=["129", "megabyte"])
@pytest.mark.parametrize("name", ["zhang", "nobody"])
def test_an_overlong_sign_in_fails_without_hashing(app, hashing, name, password):
    user = make_user("zhang", ["officer"])
    hashing.clear()
    response = app.test_client().post("/login", data={"name": name, "password": password})
    assert response.status_code == 422
    assert f"密码不能超过 {MAX_LENGTH} 位" in response.get_data(as_text=True)
    assert hashing == []
    db.session.expire_all()
    (failed,) = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "login_failed"))
    assert "未校验" in failed.comment and failed.object_label.startswith(name)
    assert db.session.get(User, user.id).failed_logins == (1 if name == "zhang" else 0)


def test_a_password_of_the_longest_length_is_still_checked(app, hashing):
    make_user("zhang", ["officer"])
    hashing.clear()
    response = app.test_client().post("/login", data={"name": "zhang", "password": LONGEST})
    assert response.status_code == 422 and "用户名或密码错误" in response.get_data(as_text=True)
    assert hashing == [LONGEST]


def test_overlong_sign_ins_lock_the_account_and_count_for_the_address(app, hashing):
    user = make_user("zhang", ["officer"])
    client = app.test_client()
    for _ in range(5):
        assert client.post("/login", data={"name": "zhang", "password": OVERLONG[0]}).status_code == 422
    db.session.expire_all()
    assert accounts.is_locked(db.session.get(User, user.id))
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "lock")).one()
    right = client.post("/login", data={"name": "zhang", "password": PASSWORD}).get_data(as_text=True)
    assert "账户已锁定" in right
    app.config["JIXIAO_LOGIN_RATE_ATTEMPTS"] = 7  # five overlong, one right-but-locked: the seventh still answers
    assert client.post("/login", data={"name": "other", "password": OVERLONG[0]}).status_code == 422
    throttled = client.post("/login", data={"name": "other", "password": OVERLONG[0]})
    assert throttled.status_code == 429 and "本机登录失败次数过多" in throttled.get_data(as_text=True)


# -- the password page -------------------------------------------------------------------

NEW = "Neu-Passw0rt-2024"


@pytest.mark.parametrize("current", OVERLONG, ids=["129", "megabyte"])
def test_an_overlong_current_password_is_a_wrong_guess_never_hashed(app, hashing, current):
    user = make_user("zhang", ["officer"])
    client = login(app.test_client(), user)
    hashing.clear()
    response = client.post("/password", data={"current": current, "password": NEW, "confirm": NEW})
    assert response.status_code == 422
    assert f"当前密码不能超过 {MAX_LENGTH} 位" in response.get_data(as_text=True)
    assert hashing == []
    for _ in range(4):  # counted as the wrong ones are: five in all stop the page
        client.post("/password", data={"current": current, "password": NEW, "confirm": NEW})
    assert client.post("/password", data={"current": PASSWORD, "password": NEW, "confirm": NEW}).status_code == 429
    db.session.expire_all()
    assert check_password_hash(db.session.get(User, user.id).password_hash, PASSWORD)


@pytest.mark.parametrize(("new", "confirm", "message"), [
    (OVERLONG[1], OVERLONG[1], "新密码不能超过 128 位"),
    (NEW, OVERLONG[0], "再次输入的新密码不能超过 128 位"),
])
def test_an_overlong_new_password_is_refused_by_the_form(app, hashing, new, confirm, message):
    user = make_user("zhang", ["officer"])
    client = login(app.test_client(), user)
    hashing.clear()
    response = client.post("/password", data={"current": PASSWORD, "password": new, "confirm": confirm})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert hashing == []
    db.session.expire_all()
    assert check_password_hash(db.session.get(User, user.id).password_hash, PASSWORD)


def test_a_new_password_of_the_longest_length_is_accepted(app):
    user = make_user("zhang", ["officer"])
    client = login(app.test_client(), user)
    assert client.post("/password", data={"current": PASSWORD, "password": LONGEST, "confirm": LONGEST}).status_code == 302
    assert app.test_client().post("/login", data={"name": "zhang", "password": LONGEST}).status_code == 302


def test_the_service_refuses_an_overlong_new_password_before_hashing(app, hashing):
    user = make_user("zhang", ["officer"])
    hashing.clear()
    with pytest.raises(DomainError) as refused:
        accounts.change_password(user, PASSWORD, OVERLONG[1])
    assert f"密码不能超过 {MAX_LENGTH} 位" in str(refused.value) and hashing == [PASSWORD]
    with pytest.raises(DomainError) as refused:
        accounts.set_password(user, OVERLONG[1], must_change=False)
    assert refused.value.problems[0].field == "password" and hashing == [PASSWORD]


# -- accounts made elsewhere -------------------------------------------------------------


def test_the_command_line_refuses_an_overlong_password_from_stdin(app, runner, hashing):
    hashing.clear()
    result = runner.invoke(args=["user", "create", "wang", "--role", "auditor", "--password-stdin"],
                           input=OVERLONG[1] + "\n")
    assert result.exit_code != 0 and f"密码不能超过 {MAX_LENGTH} 位" in result.output
    assert hashing == [] and db.session.scalars(select(User)).all() == []


def _password_fields():
    for module in pkgutil.iter_modules(forms.__path__):
        importlib.import_module(f"forms.{module.name}")
    classes, todo = [], [FlaskForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            classes.append(sub)
            todo.append(sub)
    for cls in classes:
        if not cls.__module__.startswith("forms."):
            continue
        for name, unbound in vars(cls).items():
            if getattr(unbound, "field_class", None) is PasswordField:
                yield f"{cls.__name__}.{name}", unbound


# Fields whose length the service checks, so that an overlong value counts as a failed attempt.
CHECKED_BY_THE_SERVICE = {"LoginForm.password", "PasswordForm.current"}


def test_every_password_field_is_capped():
    """A password field added to any form later must cap its length too (or leave it to a service that does)."""
    fields = dict(_password_fields())
    assert {"LoginForm.password", "PasswordForm.current", "PasswordForm.password", "PasswordForm.confirm"} <= set(fields)
    for name, unbound in fields.items():
        caps = [v.max for v in unbound.kwargs.get("validators", ()) if isinstance(v, Length) and v.max > 0]
        if name in CHECKED_BY_THE_SERVICE:
            continue
        assert caps and max(caps) <= MAX_LENGTH, name
