"""WTForms' built-in messages reach the officer in Chinese, beside the field (a newcomer's first hour)."""

from tests.factories import form_data, make_unit


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
