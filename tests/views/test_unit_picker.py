"""Unit filters search instead of listing every unit (issue 14): /units/search and the search box."""

from app.views.unit_picker import SELECT_LIMIT
from tests.conftest import login
from tests.factories import make_project, make_unit, make_user

PAGES = ("/progress/?year=2024", "/selfeval/?year=2024", "/projects/?year=2024")


def many_units(n: int = SELECT_LIMIT + 5):
    return [make_unit(f"7{k:05d}", f"第{k}测试单位") for k in range(n)]


def test_search_finds_at_most_20_units_by_code_or_name(app):
    units = many_units()
    client = login(app.test_client(), make_user("auditor-s", ["auditor"]))
    found = client.get("/units/search?q=70001").get_json()["units"]
    assert all(u["code"].startswith("70001") for u in found) and len(found) == 10
    by_name = client.get("/units/search?q=测试单位").get_json()["units"]
    assert len(by_name) == 20 and by_name[0]["code"] == units[0].code
    assert client.get("/units/search?q=第7测试").get_json()["units"][0]["name"] == "第7测试单位"
    assert client.get("/units/search?q=").get_json() == {"units": []}
    assert client.get("/units/search?q=%25").get_json() == {"units": []}  # % is a character, not a wildcard


def test_search_stays_within_the_users_units(app):
    own, other = make_unit("304001", "本单位"), make_unit("304002", "他单位")
    officer = login(app.test_client(), make_user("officer-s", ["officer"], units=[own]))
    assert [u["code"] for u in officer.get("/units/search?q=3040").get_json()["units"]] == ["304001"]
    assert other.id


def test_pages_show_a_search_box_for_many_units_and_a_select_for_few(app):
    few = make_unit("304001", "本单位")
    make_project(few)
    client = login(app.test_client(), make_user("auditor-s", ["auditor"]))
    for page in PAGES:
        html = client.get(page).get_data(as_text=True)
        assert '<select name="unit">' in html and 'name="unit_code"' not in html, page
    many_units()
    for page in PAGES:
        html = client.get(page).get_data(as_text=True)
        assert '<select name="unit">' not in html and 'name="unit_code"' in html, page
        assert html.count("<option") < SELECT_LIMIT, page
        assert "js/unit_picker.js" in html


def test_a_typed_code_chooses_the_unit_without_javascript(app):
    unit = make_unit("304001", "本单位")
    make_project(unit)
    many_units()
    client = login(app.test_client(), make_user("auditor-s", ["auditor"]))
    for page in PAGES:
        response = client.get(page + "&unit_code=304001&page=3")
        assert response.status_code == 302 and f"unit={unit.id}" in response.location and "page=" not in response.location
        shown = client.get(response.location).get_data(as_text=True)
        assert 'value="304001"' in shown, page
        assert client.get(page + "&unit_code=304001 本单位").location == response.location
        assert client.get(page + "&unit_code=本单位").location == response.location
    missing = client.get("/progress/?year=2024&unit_code=999999", follow_redirects=True).get_data(as_text=True)
    assert "没有编码或名称为“999999”的预算单位" in missing
    cleared = client.get("/progress/?year=2024&unit=5&unit_code=")
    assert cleared.status_code == 302 and "unit=" not in cleared.location.replace("unit_code", "")


def test_a_typed_code_of_another_unit_is_refused(app):
    own, other = make_unit("304001", "本单位"), make_unit("304002", "他单位")
    officer = login(app.test_client(), make_user("officer-s", ["officer"], units=[own]))
    assert officer.get("/progress/?year=2024&unit_code=304002", follow_redirects=True).status_code == 403
    assert officer.get("/progress/?year=2024&unit_code=304001", follow_redirects=True).status_code == 200
    assert other.id
