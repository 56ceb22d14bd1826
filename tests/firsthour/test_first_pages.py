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


def test_a_centre_of_no_unit_offers_its_edit_link_only_to_who_may_edit_it(app):
    from app.centres.hubei import services
    from app.centres.rules.hubei_drafts import CentreDraft

    first, second = make_unit("304001", "甲单位"), make_unit("573301", "乙单位")
    centre = services.create_centre(CentreDraft("HB-T01", "部门的中心", "provincial", unit_id=None))
    edit = f'href="/centres/{centre.id}/edit"'
    one = login(app.test_client(), make_user("one", ["officer"], [first]))
    every = login(app.test_client(), make_user("every", ["officer"], [first, second]))
    for path in ("/centres/", f"/centres/{centre.id}/2024"):
        assert edit not in one.get(path).get_data(as_text=True)
        assert edit in every.get(path).get_data(as_text=True)
    assert one.get(f"/centres/{centre.id}/edit").status_code == 403
    assert every.get(f"/centres/{centre.id}/edit").status_code == 200
