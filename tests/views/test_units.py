"""Units and their spending-plan months."""

import re

from app.services import units
from tests.factories import make_unit


def test_create_unit_and_refuse_a_duplicate_code(client, app):
    response = client.post("/units/", data={"code": "573301", "name": "中国国际贸易促进委员会天津市分会"})
    assert response.status_code == 302
    again = client.post("/units/", data={"code": "573301", "name": "重复"})
    assert again.status_code == 422 and "单位编码 573301 已存在" in again.text
    assert [u.code for u in units.list_units()] == ["573301"]


def test_months_setting_drives_the_new_project_form(client, app):
    unit = make_unit()
    response = client.post(f"/units/{unit.id}/months", data={"plan-year": "2024", "plan-months": "3,6,10,12"})
    assert response.status_code == 302
    assert units.checkpoint_months(unit, 2024) == (3, 6, 10, 12)
    assert units.checkpoint_months(unit, 2025) == (3, 6, 9, 12)
    page = client.get(f"/projects/new?unit={unit.id}&year=2024").text
    assert re.findall(r'<option value="(\d+)" selected>', page) == ["3", "6", "10", "12"]


def test_bad_months_are_refused(client, app):
    unit = make_unit()
    response = client.post(f"/units/{unit.id}/months", data={"plan-year": "2024", "plan-months": "3,6,13"})
    assert response.status_code == 422 and "1 至 12" in response.text
