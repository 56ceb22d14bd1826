"""The 接口令牌 pages: a user makes (shown once) and revokes their tokens; administrators see and revoke all."""

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent
from app.models.tokens import ApiToken
from app.services import tokens
from tests.conftest import login


def test_a_token_is_shown_once_and_works(app, world):
    client = login(app.test_client(), world["users"]["officer_a"])
    page = client.post("/tokens/", data={"name": "国库夜间推送", "scope": "write", "days": "30"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    token = db.session.scalars(select(ApiToken)).one()
    text = html.split('id="issued-token">', 1)[1].split("<", 1)[0]
    assert text.startswith(f"jx_{token.id}_") and token.scope == "write"
    listing = client.get("/tokens/").get_data(as_text=True)
    assert "国库夜间推送" in listing and text not in listing
    answer = app.test_client().get("/api/v1/units", headers={"Authorization": f"Bearer {text}"})
    assert answer.status_code == 200
    # making it is recorded against the user, the secret never shown
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "ApiToken")).one()
    assert event.root_type == "User" and text.split("_", 2)[2] not in str(event.changes)


def test_the_form_names_a_bad_field(app, world):
    client = login(app.test_client(), world["users"]["officer_a"])
    response = client.post("/tokens/", data={"name": "", "scope": "write", "days": "400"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "请填写令牌的用途" in html and "有效期应为 1 至 365 天" in html
    assert db.session.scalars(select(ApiToken)).all() == []


def test_revoking_ones_own_and_only_an_administrator_anyones(app, world):
    own = tokens.create(world["users"]["officer_a"], "甲的令牌", "read", 10)
    other = tokens.create(world["users"]["officer_b"], "乙的令牌", "read", 10)
    officer = login(app.test_client(), world["users"]["officer_a"])
    assert officer.post(f"/tokens/{other.token.id}/revoke").status_code == 404  # as an unknown id: no probing
    assert officer.post(f"/tokens/{own.token.id}/revoke").status_code == 302
    assert tokens.state(db.session.get(ApiToken, own.token.id)) == "已撤销"
    assert app.test_client().get("/api/v1/units", headers={"Authorization": f"Bearer {own.text}"}).status_code == 401

    admin = login(app.test_client(), world["users"]["admin"])
    page = admin.get("/tokens/all").get_data(as_text=True)
    assert "甲的令牌" in page and "乙的令牌" in page and "officer_b" in page
    assert admin.post(f"/tokens/{other.token.id}/revoke").status_code == 302
    assert db.session.get(ApiToken, other.token.id).revoked_at is not None
    assert login(app.test_client(), world["users"]["officer_a"]).get("/tokens/all").status_code == 403
