"""The pages a newcomer opens from the menu show something before anything is chosen."""

from tests.conftest import login
from tests.factories import make_project, make_unit, make_user


def test_the_year_end_summary_opens_on_the_latest_year(client):
    make_project(year=2023, name="去年的项目")
    make_project(year=2024, code="B", name="今年的项目")
    page = client.get("/selfeval/").get_data(as_text=True)
    assert "年终自评汇总（2024 年度）" in page
    assert "今年的项目" in page and "去年的项目" not in page
    assert "请选择年度" not in page


def test_the_year_end_summary_asks_for_a_year_when_the_year_is_cleared(client):
    make_project(year=2024)
    page = client.get("/selfeval/?year=").get_data(as_text=True)
    assert "请选择年度" in page


def test_an_officer_without_units_is_told_to_ask_for_one(app):
    unit = make_unit()
    make_project(unit)
    lonely = login(app.test_client(), make_user("lonely", ["officer"]))
    for path in ("/progress/", "/selfeval/"):
        page = lonely.get(path, follow_redirects=True).get_data(as_text=True)
        assert "您还没有所属的预算单位，请联系系统管理员分配" in page and "请先选择预算单位" not in page
    page = lonely.get("/units/").get_data(as_text=True)
    assert "您还没有所属的预算单位" in page and "请在下方添加" not in page


def test_an_officer_of_two_units_is_still_asked_to_choose_one(app):
    first, second = make_unit("304001", "甲单位"), make_unit("573301", "乙单位")
    make_unit("100001", "丙单位")
    officer = login(app.test_client(), make_user("two", ["officer"], [first, second]))
    page = officer.get("/progress/", follow_redirects=True).get_data(as_text=True)
    assert "请先选择预算单位" in page
