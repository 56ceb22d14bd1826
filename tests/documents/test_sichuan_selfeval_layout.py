"""四川 部门预算项目支出绩效自评表 (报表编号 510000_0013zp), as 青神县 2023 publishes it
(tests/fixtures/real/sichuan_county_2023_qingshen_gongzixing_zhichu): the project named after its
system code, 年初预算 / 调整后预算数 / 预算执行数 / 预算执行率 / 权重 / 得分, a 合计 row of the weights and
评价结论 / 存在问题 / 改进措施 under the indicators."""

from pathlib import Path

import pytest

from app.documents.docx_import import parse_document
from app.documents.selfeval_import import check_bytes
from app.documents.text_import import CODED_NAME

PATH = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "sichuan_county_2023_qingshen_gongzixing_zhichu.txt"


def read():
    return parse_document(PATH.read_bytes(), PATH.name)


def test_the_system_code_before_the_name_is_the_project_code():
    (project,) = read().projects
    assert (project["code"], project["name"], project["year"]) == ("51000021R000000019951", "工资性支出", 2023)


def test_the_adjusted_budget_is_the_budget_and_the_printed_figures_are_kept():
    (project,) = read().projects
    assert project["budget_total"] == "251.89"
    assert project["selfeval"] == {"budget_start": "238.93", "budget_full_year": "251.89", "spent": "251.89",
                                   "execution_weight": "10", "execution_rate": "100.00%",
                                   "goals_actual": "对照年度目标,说明相关任务目标的完成情况(100字以内)"}


def test_the_goals_under_a_one_cell_heading_row_stay_in_the_table():
    (project,) = read().projects
    assert project["goals"] == ["严格执行相关政策,保障工资及时、足额发放或社保及时、足额缴纳,预算编制科学合理,减少结余资金。"]


def test_total_and_conclusion_rows_are_no_indicators_and_the_measure_column_gives_the_unit():
    result = read()
    (project,) = result.projects
    assert [(i["name"], i["target_text"], i["weight"]) for i in project["indicators"]] == [
        ("发放(缴纳)覆盖率", "=100%", "60"), ("足额保障率(参保率)", "=100%", "30")]
    assert not result.problems and not result.warnings


def test_the_recheck_reads_the_budget_and_takes_no_weight_sum_for_a_score():
    (check,) = check_bytes(PATH.read_bytes(), PATH.name)
    assert check.total_printed is None
    assert [row.name for row in check.rows] == ["预算执行率", "发放(缴纳)覆盖率", "足额保障率(参保率)"]
    assert check.rows[0].computed == 10


@pytest.mark.parametrize(("printed", "code", "name"), [
    ("51000021R000000019951-工资性支出", "51000021R000000019951", "工资性支出"),
    ("510000241000000012345－村级运转经费", "510000241000000012345", "村级运转经费"),
    ("2024-2025松线虫病防治", None, None),  # years, not a code
    ("G318国道养护-二期", None, None),
    ("820001-井研县马踏镇人民政府", None, None),  # a unit's short code stays with its unit
])
def test_only_a_long_system_code_is_split_from_the_name(printed, code, name):
    found = CODED_NAME.match(printed)
    assert (found.group(1), found.group(2)) == (code, name) if code else found is None
