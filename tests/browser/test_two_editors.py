"""Two browsers edit the same project: the second save is refused, says who changed what, keeps the typing."""

import pytest

from app.extensions import db
from app.models import Project
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, make_project, make_unit, make_user

pytestmark = pytest.mark.browser


def test_no_update_is_lost(officer_page, live_server, live_app):
    unit = make_unit()
    project = make_project(unit)
    make_user("colleague", ["officer"], [unit])
    first = officer_page
    second = first.context.browser.new_context(locale="zh-CN").new_page()
    sign_in(second, live_server, "colleague", PASSWORD)

    first.goto(f"{live_server}/projects/{project.id}/edit")
    second.goto(f"{live_server}/projects/{project.id}/edit")
    first.fill("#name", "第一位的名称")
    first.click("button[type=submit].primary")
    first.wait_for_selector("#target-table")

    second.fill("#purpose", "第二位写的资金用途")
    second.click("button[type=submit].primary")
    second.wait_for_selector(".flash-error")
    message = second.inner_text(".flashes")
    assert "已被他人修改" in message and "browser-officer" in message and "名称" in message
    assert second.input_value("#purpose") == "第二位写的资金用途"  # what they typed is still there
    db.session.expire_all()
    assert db.session.get(Project, project.id).name == "第一位的名称"

    # Having read who changed the name, the colleague keeps it and saves again: a deliberate save.
    second.fill("#name", "第一位的名称")
    second.click("button[type=submit].primary")
    second.wait_for_selector("#target-table")
    db.session.expire_all()
    stored = db.session.get(Project, project.id)
    assert (stored.name, stored.purpose) == ("第一位的名称", "第二位写的资金用途")
    history = second.goto(f"{live_server}/projects/{project.id}/history")
    assert history.ok
    text = second.inner_text("#audit-events")
    assert "browser-officer" in text and "colleague" in text and "第二位写的资金用途" in text
    second.context.close()
