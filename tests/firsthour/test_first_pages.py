"""The pages a newcomer opens from the menu show something before anything is chosen."""

from tests.factories import make_project


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
