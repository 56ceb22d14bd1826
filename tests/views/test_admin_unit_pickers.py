"""Unit pickers on the administration pages (issue 14 point 4): past a few units, a search box instead of every unit."""

from sqlalchemy import select

from app.extensions import db
from app.models import User
from app.models.schemes import SchemeChoice
from app.views.unit_picker import SELECT_LIMIT
from tests.conftest import login
from tests.factories import make_unit, make_user


def many_units(n: int = SELECT_LIMIT + 30):
    return [make_unit(f"7{k:05d}", f"第{k}测试单位") for k in range(n)]


def test_the_account_form_lists_every_unit_only_when_they_are_few(app):
    few = make_unit("304001", "本单位")
    admin = login(app.test_client(), make_user("root", ["admin"]))
    page = admin.get("/admin/users/new").get_data(as_text=True)
    assert f'value="{few.id}"' in page and 'name="add_units"' not in page
    many_units()
    page = admin.get("/admin/users/new").get_data(as_text=True)
    assert 'name="add_units"' in page and "units/lookup" in page and "第3测试单位" not in page
    assert page.count('name="units"') == 0


def test_an_account_keeps_unchecks_and_adds_units_by_code(app):
    units = many_units()
    own = units[:2]
    user = make_user("li", ["officer"], own)
    admin = login(app.test_client(), make_user("root", ["admin"]))
    page = admin.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert page.count('name="units"') == 2 and own[1].label in page and units[5].label not in page
    response = admin.post(f"/admin/users/{user.id}", data={
        "name": "li", "roles": ["officer"], "active": "y", "version": "1",
        "units": [str(own[0].id)], "add_units": f"{units[7].code}，{units[9].code} {units[7].code}",
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert sorted(u.code for u in db.session.get(User, user.id).units) == sorted([own[0].code, units[7].code, units[9].code])
    bad = admin.post(f"/admin/users/{user.id}", data={
        "name": "li", "roles": ["officer"], "active": "y", "version": "2", "units": [str(own[0].id)], "add_units": "999999",
    })
    assert bad.status_code == 422 and "没有编码或名称为“999999”的预算单位" in bad.get_data(as_text=True)
    db.session.expire_all()
    assert len(db.session.get(User, user.id).units) == 3  # unchanged
    created = admin.post("/admin/users/new", data={"name": "wang", "roles": ["reviewer"], "add_units": units[3].code})
    assert created.status_code == 200 and "临时密码" in created.get_data(as_text=True)
    wang = db.session.scalar(select(User).where(User.name == "wang"))
    assert [u.code for u in wang.units] == [units[3].code]


def test_the_scheme_form_searches_and_a_typed_unit_is_chosen(app):
    units = many_units()
    admin = login(app.test_client(), make_user("root", ["admin"]))
    page = admin.get("/admin/schemes").get_data(as_text=True)
    assert 'name="unit_code"' in page and "第3测试单位" not in page and page.count("<option") < SELECT_LIMIT
    chosen = admin.post("/admin/schemes", data={"unit_code": f"{units[4].code} {units[4].name}", "year": 2024,
                                                "scheme": "whole-down"})
    assert chosen.status_code == 302
    choice = db.session.scalar(select(SchemeChoice))
    assert (choice.unit_id, choice.year) == (units[4].id, 2024)
    unknown = admin.post("/admin/schemes", data={"unit_code": "999999", "year": 2024, "scheme": "whole-down"})
    assert unknown.status_code == 422 and "没有编码或名称为“999999”的预算单位" in unknown.get_data(as_text=True)
    empty = admin.post("/admin/schemes", data={"unit_code": "", "year": 2024, "scheme": "whole-down"})
    assert empty.status_code == 422 and "请选择预算单位" in empty.get_data(as_text=True)
    assert "Invalid" not in empty.get_data(as_text=True)
    assert len(db.session.scalars(select(SchemeChoice)).all()) == 1


def test_the_lookup_answers_administrators_within_their_units(app):
    many_units()
    admin = login(app.test_client(), make_user("root", ["admin"]))
    found = admin.get("/units/lookup?q=第1").get_json()["units"]
    assert 0 < len(found) <= 20 and all("第1" in u["name"] for u in found)
    assert admin.get("/units/search?q=第1").status_code == 403  # an administrator reads no project
