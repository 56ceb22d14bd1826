"""No lost updates: each editable aggregate's form opened in two sessions; the second save is refused,
saying who changed what, and keeps what was typed; saving again from the refreshed page is deliberate."""

import re
from html import unescape

from sqlalchemy import func, select

from app.centres.models import CentreYear
from app.extensions import db
from app.models import AuditEvent, ProjectEvaluation, Unit, User
from tests.centres.hubei_store import store_document
from tests.conftest import login
from tests.factories import make_project, make_unit, make_user


def shown(page: str) -> dict:
    """The hidden version fields a page carries."""
    return dict(re.findall(r'name="(version|seen)"[^>]*value="([^"]*)"', page))


def audit_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent))


def refused(response, who: str, *fields: str) -> str:
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "已被他人修改，您的修改尚未保存" in page, page[:2000]
    assert f"{who} 于" in page
    for field in fields:
        assert field in page, field
    return page


def test_a_unit(app):
    unit = make_unit()
    first = login(app.test_client(), make_user("admin-a", ["admin"]))
    second = login(app.test_client(), make_user("admin-b", ["admin"]))
    mine, theirs = (shown(c.get(f"/units/{unit.id}").get_data(as_text=True)) for c in (first, second))
    assert mine["version"] == "1"
    assert first.post(f"/units/{unit.id}", data={"code": "304001", "name": "甲的名称", **mine}).status_code == 302
    before = audit_rows()
    page = refused(second.post(f"/units/{unit.id}", data={"code": "304001", "name": "乙的名称", **theirs}),
                   "admin-a", "单位名称")
    assert 'value="乙的名称"' in page  # what was typed stays
    db.session.expire_all()
    assert db.session.get(Unit, unit.id).name == "甲的名称" and audit_rows() == before
    again = shown(page)
    assert second.post(f"/units/{unit.id}", data={"code": "304001", "name": "乙的名称", **again}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Unit, unit.id).name == "乙的名称"


def test_an_account(app):
    user = make_user("zhang", ["officer"], [make_unit()])
    first = login(app.test_client(), make_user("admin-a", ["admin"]))
    second = login(app.test_client(), make_user("admin-b", ["admin"]))
    mine, theirs = (shown(c.get(f"/admin/users/{user.id}").get_data(as_text=True)) for c in (first, second))
    data = {"name": "zhang", "roles": ["officer"], "active": "y"}
    assert first.post(f"/admin/users/{user.id}", data={**data, "display_name": "张三", **mine}).status_code == 302
    refused(second.post(f"/admin/users/{user.id}", data={**data, "display_name": "张四", "roles": ["auditor"], **theirs}),
            "admin-a", "姓名")
    db.session.expire_all()
    assert db.session.get(User, user.id).display_name == "张三" and db.session.get(User, user.id).roles == ("officer",)
    # a post without the version the page showed counts as outdated
    assert second.post(f"/admin/users/{user.id}", data={**data, "display_name": "张五"}).status_code == 422


def test_a_self_evaluation(app):
    from tests.selfeval.builders import form_data

    unit = make_unit()
    project = make_project(unit)
    first = login(app.test_client(), make_user("officer-a", ["officer"], [unit]))
    second = login(app.test_client(), make_user("officer-b", ["officer"], [unit]))
    url = f"/projects/{project.id}/selfeval"
    mine, theirs = (shown(c.get(url).get_data(as_text=True)) for c in (first, second))
    assert mine["version"] == "0"  # nothing entered yet
    data = form_data(project)
    assert first.post(url, data={**data, "execution_reason": "甲写的原因", **mine}).status_code == 302
    page = refused(second.post(url, data={**data, "execution_reason": "乙写的原因", **theirs}), "officer-a", "年终自评")
    assert "乙写的原因" in page
    db.session.expire_all()
    (stored,) = db.session.scalars(select(ProjectEvaluation))
    assert stored.execution_reason == "甲写的原因" and stored.version == 1
    # the first saves again from its own (now current) page: accepted, and the version moves on
    mine = shown(first.get(url).get_data(as_text=True))
    assert first.post(url, data={**data, "execution_reason": "甲改过", **mine}).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(ProjectEvaluation.version)) == 2


def test_a_centres_yearly_evidence(app):
    from tests.centres.test_hubei_views import evidence_form

    unit = make_unit()
    centres = store_document({"year": 2024, "centres": [{"id": "C1", "staff": 3}]}, unit_id=unit.id)
    centre = centres["C1"]
    first = login(app.test_client(), make_user("officer-a", ["officer"], [unit]))
    second = login(app.test_client(), make_user("officer-b", ["officer"], [unit]))
    url = f"/centres/{centre.id}/2024/evidence"
    mine, theirs = (shown(c.get(url).get_data(as_text=True)) for c in (first, second))
    assert first.post(url, data={**evidence_form(staff="7"), **mine}).status_code == 302
    refused(second.post(url, data={**evidence_form(staff="9"), **theirs}), "officer-a", "工作人员")
    db.session.expire_all()
    (year,) = db.session.scalars(select(CentreYear))
    assert year.staff == 7
