"""An administrator's password reset or 结束全部会话 is the emergency brake: the account's API tokens stop too.

A user's own password change keeps them (like GitHub's personal tokens); revoking a token on the token
page answers another user's token id as it answers an unknown one, so ids can't be probed.
"""

import datetime

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent
from app.models.tokens import ApiToken
from app.models.types import utcnow
from app.services import accounts, tokens
from tests.conftest import login
from tests.factories import PASSWORD, make_unit, make_user


def _units(app, token):
    return app.test_client().get("/api/v1/units", headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def people(app):
    unit = make_unit()
    return {
        "zhang": make_user("zhang", ["officer"], [unit]),
        "li": make_user("li", ["officer"], [unit]),
        "root": make_user("root", ["admin"]),
    }


def _revocations(user_id):
    db.session.expire_all()
    return list(db.session.scalars(
        select(AuditEvent).where(AuditEvent.object_type == "ApiToken", AuditEvent.root_id == user_id).order_by(AuditEvent.id)
    ))


def _expire(issued):
    token = db.session.get(ApiToken, issued.token.id)
    token.expires_at = utcnow() - datetime.timedelta(days=1)
    db.session.commit()


def test_a_password_reset_revokes_the_users_tokens_and_no_one_elses(app, people):
    push, read = tokens.create(people["zhang"], "国库推送", "write"), tokens.create(people["zhang"], "查询", "read")
    theirs = tokens.create(people["li"], "乙的推送", "write")
    assert _units(app, push.text).status_code == 200 and _units(app, read.text).status_code == 200
    mark = db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))

    admin = login(app.test_client(), people["root"])
    page = admin.post(f"/admin/users/{people['zhang'].id}/reset")
    assert page.status_code == 200
    assert "已结束该用户的全部登录会话并吊销其 2 个 API 令牌" in page.get_data(as_text=True)

    for issued in (push, read):
        answer = _units(app, issued.text)
        assert answer.status_code == 401 and "撤销" in answer.get_json()["detail"]
    assert _units(app, theirs.text).status_code == 200
    assert db.session.get(ApiToken, theirs.token.id).revoked_at is None
    # recorded as a revoke from the token page is: an update of 撤销时间, by the administrator, with the reason
    events = [e for e in _revocations(people["zhang"].id) if e.id > mark]
    assert sorted(e.object_id for e in events) == sorted([push.token.id, read.token.id])
    for event in events:
        assert event.action == "update" and event.actor_name == "root" and event.comment == "重置密码时吊销"
        assert [c[0] for c in event.changes] == ["revoked_at"] and event.changes[0][1] is None
    assert _revocations(people["li"].id)[-1].action == "create"  # li's token: made, never touched


def test_ending_every_session_revokes_the_live_tokens_only(app, people):
    live = tokens.create(people["zhang"], "国库推送", "write")
    old = tokens.create(people["zhang"], "旧的", "read")
    _expire(old)
    revoked = tokens.create(people["zhang"], "已撤销的", "read")
    tokens.revoke(revoked.token)
    theirs = tokens.create(people["li"], "乙的推送", "write")
    signed_in = login(app.test_client(), people["zhang"])

    admin = login(app.test_client(), people["root"])
    answer = admin.post(f"/admin/users/{people['zhang'].id}/sessions/end", follow_redirects=True)
    assert "已结束用户 zhang 的全部登录会话并吊销其 1 个 API 令牌" in answer.get_data(as_text=True)

    assert signed_in.get("/projects/").status_code == 302
    assert _units(app, live.text).status_code == 401
    assert _units(app, theirs.text).status_code == 200
    db.session.expire_all()
    assert db.session.get(ApiToken, old.token.id).revoked_at is None  # expired: left as it was
    (event,) = [e for e in _revocations(people["zhang"].id) if e.object_id == live.token.id and e.action == "update"]
    assert event.comment == "结束全部会话时吊销" and event.actor_name == "root"
    ended = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "end_sessions")).one()
    assert ended.object_id == people["zhang"].id


def test_a_user_without_live_tokens_is_told_so(app, people):
    admin = login(app.test_client(), people["root"])
    page = admin.post(f"/admin/users/{people['li'].id}/reset").get_data(as_text=True)
    assert "（该用户没有有效的 API 令牌）" in page and "吊销其" not in page
    answer = admin.post(f"/admin/users/{people['li'].id}/sessions/end", follow_redirects=True).get_data(as_text=True)
    assert "已结束用户 li 的全部登录会话（该用户没有有效的 API 令牌）" in answer


def test_the_revocation_is_part_of_the_reset(app, people, monkeypatch):
    """One transaction: when the tokens cannot be revoked, the password is not reset either."""
    issued = tokens.create(people["zhang"], "国库推送", "write")
    before = people["zhang"].password_hash

    def broken(user, reason):
        raise RuntimeError("database went away")

    monkeypatch.setattr(tokens, "revoke_live", broken)
    with pytest.raises(RuntimeError):
        accounts.reset_password(people["zhang"])
    with pytest.raises(RuntimeError):
        accounts.end_sessions(people["zhang"])
    db.session.expire_all()
    assert people["zhang"].password_hash == before
    assert _units(app, issued.text).status_code == 200
    assert not db.session.scalars(select(AuditEvent).where(AuditEvent.action.in_(["reset_password", "end_sessions"]))).all()


def test_a_users_own_password_change_keeps_their_tokens(app, people):
    issued = tokens.create(people["zhang"], "国库推送", "write")
    client = login(app.test_client(), people["zhang"])
    new = "Neu-Passw0rt-2024"
    answer = client.post("/password", data={"current": PASSWORD, "password": new, "confirm": new}, follow_redirects=True)
    html = answer.get_data(as_text=True)
    assert "密码已修改" in html and "您的 1 个 API 令牌仍然有效" in html
    assert _units(app, issued.text).status_code == 200
    db.session.expire_all()
    assert db.session.get(ApiToken, issued.token.id).revoked_at is None


def _page(response) -> str:
    """The page without its request's own id (each error page names its request for the administrator)."""
    body = response.get_data(as_text=True)
    assert response.headers["X-Request-Id"] in body
    return body.replace(response.headers["X-Request-Id"], "")


def test_another_users_token_id_answers_as_an_unknown_one(app, people):
    theirs = tokens.create(people["li"], "乙的推送", "write")
    own = tokens.create(people["zhang"], "甲的推送", "write")
    officer = login(app.test_client(), people["zhang"])
    other = officer.post(f"/tokens/{theirs.token.id}/revoke")
    unknown = officer.post(f"/tokens/{theirs.token.id + 1000}/revoke")
    assert other.status_code == unknown.status_code == 404
    assert _page(other) == _page(unknown) and other.headers["Content-Type"] == unknown.headers["Content-Type"]
    db.session.expire_all()
    assert db.session.get(ApiToken, theirs.token.id).revoked_at is None
    assert _units(app, theirs.text).status_code == 200
    # one's own still revokes; an administrator still revokes anyone's
    assert officer.post(f"/tokens/{own.token.id}/revoke").status_code == 302
    admin = login(app.test_client(), people["root"])
    assert admin.post(f"/tokens/{theirs.token.id}/revoke").status_code == 302
    assert _units(app, theirs.text).status_code == 401
    assert admin.post(f"/tokens/{theirs.token.id + 1000}/revoke").status_code == 404


def test_deactivating_an_account_revokes_its_tokens_for_good(app, people):
    issued = tokens.create(people["zhang"], "国库推送", "write")
    theirs = tokens.create(people["li"], "乙的推送", "write")
    admin = login(app.test_client(), people["root"])
    settings = {"roles": ["officer"], "unit_ids": [u.id for u in people["zhang"].units], "display_name": "",
                "by": people["root"]}
    accounts.update_user(people["zhang"], active=False, **settings)
    assert _units(app, issued.text).status_code == 401
    accounts.update_user(people["zhang"], active=True, **settings)  # back at work: the old push stays dead
    assert _units(app, issued.text).status_code == 401
    assert _units(app, theirs.text).status_code == 200
    (event,) = [e for e in _revocations(people["zhang"].id) if e.object_id == issued.token.id and e.action == "update"]
    assert event.comment == "停用账户时吊销"
    assert admin.get("/admin/users").status_code == 200
