"""The password page checks the current password: a signed-in browser may not guess it without end."""

from werkzeug.security import check_password_hash

from app.extensions import db
from tests.conftest import login
from tests.factories import PASSWORD, make_user

NEW = "Neu-Passw0rt-2024"


def _change(client, current):
    return client.post("/password", data={"current": current, "password": NEW, "confirm": NEW})


def test_five_wrong_current_passwords_stop_the_page(app):
    user = make_user("officer_a", ["officer"])
    client = login(app.test_client(), user)
    for n in range(5):
        response = _change(client, f"guess-{n}")
        assert response.status_code == 422 and "当前密码不正确" in response.get_data(as_text=True)
    response = _change(client, PASSWORD)  # even the right one now waits
    assert response.status_code == 429
    assert "当前密码输错次数过多，请 15 分钟后再试" in response.get_data(as_text=True)
    db.session.expire_all()
    assert check_password_hash(user.password_hash, PASSWORD)


def test_other_accounts_and_other_mistakes_do_not_count(app):
    user, other = make_user("officer_a", ["officer"]), make_user("officer_b", ["officer"])
    client = login(app.test_client(), user)
    for _ in range(5):
        assert _change(client, "guess").status_code == 422
    weak = login(app.test_client(), other)
    for _ in range(5):  # a weak new password is not a guess at the current one
        assert weak.post("/password", data={"current": PASSWORD, "password": "abc", "confirm": "abc"}).status_code == 422
    response = _change(weak, PASSWORD)
    assert response.status_code == 302
    db.session.expire_all()
    assert check_password_hash(other.password_hash, NEW)
