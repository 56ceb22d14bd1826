"""项目总体目标 beside 项目年度目标 (重庆 荣昌 2022): the year's goals are 项目年度目标, the others kept apart."""

from pathlib import Path

from app.documents.docx_import import parse_document

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"


def test_the_years_goal_is_read_and_the_overall_goal_kept_apart():
    (project,) = parse_document((REAL / "chongqing_county_2022_rongchang_lvhua.txt").read_bytes(), "a.txt").projects
    assert project["goals"] == ["在古昌镇大青杠村约3500米公路沿线,通过地面清表,苗木采购和栽植,区域造景、管护等措施,进行绿化和美化,"
                                "同时向周边沿线村民发放李子苗。"]
    assert project["long_term_goals"] == ["对古昌镇大青杠村约3500米公路沿线进行绿化美化。"]


def test_of_two_indicator_blocks_side_by_side_the_right_one_is_the_years():
    """东莞 2019: 中期 二级/三级/指标值 then 年度 二级/三级/计划指标值, no (长期)/(年度) marks in the header."""
    (project,) = parse_document((REAL / "guangdong_city_2019_dongguan_zhenjilianwang.txt").read_bytes(), "a.txt").projects
    assert project["indicators"][2]["level2"] == "时效指标(工期指标、形象进度指标)"


def test_a_row_where_the_offices_stamp_and_date_is_no_indicator():
    """黄石 2022: "财政资金管理科室(盖章) 年 月 日 | 财政绩效管理科室(盖章) 年 月 日" under the indicators."""
    result = parse_document((REAL / "hubei_city_2022_huangshi_dangxiao_zhutiban.txt").read_bytes(), "a.txt")
    (project,) = result.projects
    assert project["indicators"][-1]["name"] == "培训学员对培训效果满意度" and len(project["indicators"]) == 13
    assert any("签章行" in w for w in result.warnings)
