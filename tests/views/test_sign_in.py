"""Sign-in tells nothing: one hash check whoever is named, the same refusal for a locked account as for a
wrong password (the lock is told only after the right one), and a limit per address on top of the lock."""

from app.services import accounts
from tests.conftest import make_app
from tests.factories import PASSWORD, make_unit, make_user


def sign_in(client, name, password=PASSWORD, address="127.0.0.1"):
    return client.post("/login", data={"name": name, "password": password}, environ_base={"REMOTE_ADDR": address})


def counted(monkeypatch):
    """Count the password hashes checked and computed during sign-ins."""
    calls = {"check": 0, "make": 0}
    check, make = accounts.check_password_hash, accounts.generate_password_hash

    def counting_check(*args, **kwargs):
        calls["check"] += 1
        return check(*args, **kwargs)

    def counting_make(*args, **kwargs):
        calls["make"] += 1
        return make(*args, **kwargs)

    monkeypatch.setattr(accounts, "check_password_hash", counting_check)
    monkeypatch.setattr(accounts, "generate_password_hash", counting_make)
    return calls


def test_an_unknown_name_costs_what_a_known_one_does(app, anonymous, monkeypatch):
    make_user("zhang", ["officer"], [make_unit()])
    sign_in(anonymous, "nobody-first", "Wrong-pass1")  # the one dummy hash may be made here, once
    calls = counted(monkeypatch)
    for name in ("nobody", "zhang", "nobody-else", "zhang"):
        before = dict(calls)
        sign_in(anonymous, name, "Wrong-pass1")
        assert calls["check"] - before["check"] == 1, name
        assert calls["make"] == before["make"] == 0, name  # the dummy hash is made once, not per attempt


def test_a_locked_account_answers_a_wrong_password_like_any_other(app, anonymous):
    make_user("wang", ["officer"])
    unknown = sign_in(anonymous, "nobody", "Wrong-pass1").get_data(as_text=True)
    for _ in range(5):
        locking = sign_in(anonymous, "wang", "Wrong-pass1")
    assert "账户已锁定" not in locking.get_data(as_text=True)
    wrong = sign_in(anonymous, "wang", "Wrong-pass2")
    assert wrong.status_code == 422
    assert _message(wrong.get_data(as_text=True)) == _message(unknown) == "用户名或密码错误"
    right = sign_in(anonymous, "wang")
    assert right.status_code == 422 and "账户已锁定" in _message(right.get_data(as_text=True))


def test_a_deactivated_account_is_told_only_after_the_right_password(app, anonymous):
    user = make_user("zhao", ["officer"])
    accounts.update_user(user, roles=["officer"], unit_ids=[], active=False, display_name="")
    assert _message(sign_in(anonymous, "zhao", "Wrong-pass1").get_data(as_text=True)) == "用户名或密码错误"
    assert "账户已停用" in _message(sign_in(anonymous, "zhao").get_data(as_text=True))


def test_one_address_cannot_lock_everyone_out(app):
    limited = make_app(JIXIAO_LOGIN_RATE_ATTEMPTS=6, JIXIAO_LOGIN_RATE_MINUTES=10)
    with limited.app_context():
        from app.extensions import db
        from tests.conftest import PG_URL

        if not PG_URL:
            db.create_all()
        names = [f"user{n}" for n in range(4)]
        for name in names:
            make_user(name, ["auditor"])
        guesser = limited.test_client()
        for name in names:  # a guesser tries every name, a few times each, from one address
            for _ in range(2):
                sign_in(guesser, name, "Wrong-pass1", address="10.1.1.1")
        refused = sign_in(guesser, "user0", address="10.1.1.1")  # even the right password: the address waits
        assert refused.status_code == 429 and "10 分钟后再试" in refused.get_data(as_text=True)
        # nobody was locked: the limit per address stopped the guesser before any account's limit
        for name in names:
            assert sign_in(limited.test_client(), name, address="10.2.2.2").status_code == 302, name
        db.session.remove()
        db.engine.dispose()


def _message(page: str) -> str:
    import re

    found = re.search(r'class="flash flash-error" role="status">([^<]+)<', page)
    return found.group(1) if found else ""
