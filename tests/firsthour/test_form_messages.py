"""WTForms' built-in messages reach the officer in Chinese, beside the field (a newcomer's first hour)."""

from tests.conftest import login
from tests.factories import form_data, make_project, make_unit, make_user


def test_a_year_that_is_no_number_is_told_in_chinese(client):
    unit = make_unit()
    response = client.post("/projects/new", data=form_data(unit.id, year="abcd"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Not a valid integer" not in page
    assert "不是有效的整数" in page


def test_an_unknown_unit_is_told_in_chinese(client):
    make_unit()
    response = client.post("/projects/new", data=form_data(99999))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Not a valid choice" not in page
    assert "不是有效的选择" in page


def test_a_flashed_form_error_names_its_field(app):
    unit = make_unit()
    officer = login(app.test_client(), make_user("officer", ["officer"], [unit]))
    reviewer = login(app.test_client(), make_user("reviewer", ["reviewer"], [unit]))
    project = make_project(unit)
    officer.post(f"/projects/{project.id}/submit")
    response = reviewer.post(f"/projects/{project.id}/opinions", data={"row": "abc", "text": "请量化"}, follow_redirects=True)
    assert "指标行：不是有效的整数" in response.get_data(as_text=True)


def test_the_account_form_tells_its_list_and_length_problems_in_chinese(app):
    admin = login(app.test_client(), make_user("root", ["admin"]))
    page = admin.post("/admin/users/new", data={"name": "x" * 100, "roles": "god"}).get_data(as_text=True)
    assert "is not a valid choice" not in page and "cannot be longer" not in page
    assert "“god”不是可选的值" in page
    assert "字段长度不能超过 64 个字符" in page


def test_a_token_valid_for_zero_days_is_told_what_is_wrong_not_that_it_is_missing(client):
    page = client.post("/tokens/", data={"name": "夜间推送", "scope": "read", "days": "0"}).get_data(as_text=True)
    assert "有效期应为 1 至 365 天" in page and "请填写有效期" not in page
    page = client.post("/tokens/", data={"name": "夜间推送", "scope": "read", "days": "三十"}).get_data(as_text=True)
    assert "不是有效的整数" in page and "请填写有效期" not in page
    page = client.post("/tokens/", data={"name": "夜间推送", "scope": "read", "days": ""}).get_data(as_text=True)
    assert "请填写有效期" in page
