"""Spending-plan months follow the unit and year (issue 12, point 4)."""

import datetime
import re

from sqlalchemy import select

from app.extensions import db
from app.models import Project
from app.services import units
from tests.conftest import login
from tests.factories import form_data, make_project, make_unit, make_user


def months_of(project) -> list[int]:
    db.session.expire_all()
    return [c.month for c in db.session.get(Project, project.id).checkpoints]


def test_a_new_project_defaults_to_the_year_in_use_not_the_calendar_year(client):
    unit = make_unit()
    make_project(unit, year=2023)
    page = client.get(f"/projects/new?unit={unit.id}").text
    assert 'name="year" type="text" value="2023"' in page or re.search(r'id="year"[^>]*value="2023"', page)
    assert datetime.date.today().year != 2023
    assert "2024" in client.get(f"/projects/new?unit={unit.id}&year=2024").text  # the list's year wins


def test_the_form_offers_the_units_months_for_the_year_and_says_where_they_come_from(client):
    unit = make_unit()
    units.set_checkpoint_months(unit, 2025, (3, 6, 10, 12))
    page = client.get(f"/projects/new?unit={unit.id}&year=2025").text
    selected = re.findall(r'<option value="(\d+)" selected>', page)
    assert selected == ["3", "6", "10", "12"]
    assert f"节点月份取自“{unit.name}” 2025 年度的设置：3月底、6月底、10月底、12月底。" in page
    assert f'href="/units/{unit.id}"' in page  # 查看本单位的设置: a page the officer may open


def test_the_months_endpoint_answers_for_a_unit_and_year(client):
    unit = make_unit()
    units.set_checkpoint_months(unit, 2025, (3, 6, 9, 12))
    data = client.get(f"/api/units/{unit.id}/months?year=2025").get_json()
    assert data["months"] == [3, 6, 9, 12] and data["year"] == 2025
    assert client.get(f"/api/units/{unit.id}/months?year=2026").get_json()["hint"].endswith("未设置节点月份，默认为 3月底、6月底、9月底、12月底。")


def test_months_that_differ_from_the_unit_are_saved_only_once_confirmed(client):
    unit = make_unit()
    units.set_checkpoint_months(unit, 2024, (3, 6, 10, 12))
    data = form_data(unit.id)  # 3, 6, 9, 12
    page = client.post("/projects/new", data=data)
    assert page.status_code == 422
    assert "本项目的支出计划节点（3月底、6月底、9月底、12月底）与" in page.text and "确认按本项目的节点月份保存" in page.text
    assert db.session.scalar(select(Project.id)) is None  # nothing saved
    assert client.post("/projects/new", data={**data, "confirm_months": "y"}).status_code == 302
    project = db.session.scalar(select(Project))
    assert months_of(project) == [3, 6, 9, 12]
    assert units.checkpoint_months(unit, 2024) == (3, 6, 10, 12)  # the unit's setting is unchanged


def test_a_projects_months_are_changed_on_its_own_form(client):
    unit = make_unit()
    project = make_project(unit)  # 3, 6, 10, 12 (the default setting is 3, 6, 9, 12)
    edit = client.get(f"/projects/{project.id}/edit").text
    assert re.findall(r'<option value="(\d+)" selected>', edit) == ["3", "6", "10", "12"]
    unchanged = form_data(unit.id, version=str(project.version), code=project.code, name=project.name,
                          **{"checkpoints-2-month": "10"})
    assert client.post(f"/projects/{project.id}/edit", data=unchanged).status_code == 302  # its own months: not asked
    db.session.expire_all()
    moved = {**unchanged, "version": str(db.session.get(Project, project.id).version), "checkpoints-2-month": "11"}
    assert client.post(f"/projects/{project.id}/edit", data=moved).status_code == 422  # new months: asked first
    assert months_of(project) == [3, 6, 10, 12]
    assert client.post(f"/projects/{project.id}/edit", data={**moved, "confirm_months": "y"}).status_code == 302
    assert months_of(project) == [3, 6, 11, 12]


def test_officers_read_their_units_settings_and_only_admins_change_them(app):
    mine, other = make_unit("304001", "甲单位"), make_unit("573301", "乙单位")
    officer = login(app.test_client(), make_user("officer-m", ["officer"], [mine]))
    page = officer.get(f"/units/{mine.id}")
    assert page.status_code == 200 and "资金支出计划节点" in page.text and "<form" not in page.text.split("<main", 1)[-1]
    assert officer.get(f"/units/{other.id}").status_code == 403
    listing = officer.get("/units/").text
    assert "甲单位" in listing and "乙单位" not in listing
    assert officer.post(f"/units/{mine.id}/months", data={"plan-year": "2024", "plan-months": "3,12"}).status_code == 403
