"""API tokens act for their user as the user is now: deactivated, moved out of a unit, or revoked, the token stops."""

from app.services import accounts, tokens
from tests.factories import make_project, make_unit, make_user


def _get(app, token, path):
    return app.test_client().get(path, headers={"Authorization": f"Bearer {token}"})


def test_a_deactivated_users_token_stops_at_once(app):
    unit = make_unit()
    user = make_user("officer_a", ["officer"], [unit])
    token = tokens.create(user, "推送", "write").text
    assert _get(app, token, "/api/v1/units").status_code == 200
    accounts.update_user(user, roles=["officer"], unit_ids=[unit.id], active=False, display_name="")
    response = _get(app, token, "/api/v1/units")
    assert response.status_code == 401 and "停用" in response.get_json()["detail"]


def test_a_token_follows_the_users_units_as_they_change(app):
    unit_a, unit_b = make_unit("304001", "甲单位"), make_unit("573301", "乙单位")
    project = make_project(unit_a)
    user = make_user("officer_a", ["officer"], [unit_a])
    token = tokens.create(user, "推送", "read").text
    assert _get(app, token, f"/api/v1/projects/{project.id}").status_code == 200
    accounts.update_user(user, roles=["officer"], unit_ids=[unit_b.id], active=True, display_name="")
    assert _get(app, token, f"/api/v1/projects/{project.id}").status_code == 403


def test_a_token_opens_no_page_and_is_never_read_from_the_url(app):
    unit = make_unit()
    make_project(unit)
    token = tokens.create(make_user("officer_a", ["officer"], [unit]), "推送", "write").text
    page = app.test_client().get("/projects/", headers={"Authorization": f"Bearer {token}"})
    assert page.status_code == 302 and "/login" in page.headers["Location"]
    assert app.test_client().get(f"/api/v1/units?access_token={token}").status_code == 401
    assert app.test_client().get("/api/v1/units", headers={"Authorization": f"Basic {token}"}).status_code == 401


def test_a_read_token_changes_nothing(app):
    unit = make_unit()
    project = make_project(unit)
    token = tokens.create(make_user("officer_a", ["officer"], [unit]), "只读", "read").text
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.delete(f"/api/v1/projects/{project.id}", headers=headers).status_code == 403
    assert client.post(f"/api/v1/projects/{project.id}/submit", headers=headers, json={}).status_code == 403
    assert _get(app, token, f"/api/v1/projects/{project.id}").status_code == 200
