"""Budgets printed as a numbered breakdown under 年度资金总额 (四川 申报表: "（一）财政拨款小计 | | | 4.00")."""

from pathlib import Path

import pytest

from app.documents.docx_import import parse_document
from app.documents.vocabulary import Cell, label_kind

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"


@pytest.mark.parametrize(("label", "kind"), [
    ("（一）财政拨款小计", "budget_fiscal"), ("(二)自有资金小计", "budget_other"), ("（三）其他收入", "budget_other"),
    ("1、开展业务培训", None), ("（一）产出指标", None), ("二、其他资金合计", "budget_other"),
])
def test_a_numbered_subtotal_line_is_the_amount_it_names(label, kind):
    assert label_kind(Cell([label], False)) == kind


def test_the_breakdown_gives_the_budget_when_the_total_cell_holds_a_column_header():
    (project,) = parse_document((REAL / "sichuan_county_2021_guangyuan_zhaohua_mafengbing.txt").read_bytes(), "a.txt").projects
    assert (project["budget_total"], project["budget_fiscal"], project["budget_other"]) == ("4.00", "4.00", "0.00")


def test_a_value_several_merged_cells_right_of_its_label_is_its_value():
    rows = ["项目支出绩效目标申报表", "项目名称\t培训\t\t\t", "年度资金总额\t\t\t\t12.5", "其中：财政拨款\t\t\t\t10",
            "其他资金\t\t\t\t2.5", "年度目标\t完成培训\t\t\t",
            "一级指标\t二级指标\t三级指标\t指标值\t", "产出指标\t数量指标\t培训人次\t≥100人次\t"]
    (project,) = parse_document("\n".join(rows).encode(), "a.txt").projects
    assert (project["budget_total"], project["budget_fiscal"], project["budget_other"]) == ("12.50", "10.00", "2.50")


def test_rows_whose_value_is_only_a_unit_are_the_templates_blanks_and_are_skipped_with_a_warning():
    result = parse_document((REAL / "shaanxi_county_2020_chencang_shuili_placeholder.txt").read_bytes(), "a.txt")
    (project,) = result.projects
    assert project["indicators"] == []
    assert any("“新建堤防、护岸长度”" in w and "只有计量单位“公里”" in w for w in result.warnings)
