"""A table without a 绩效目标表 title takes its name from the heading above it that ends in 绩效目标 (慈溪 2023, 浮梁 2026)."""

import pytest

from app.documents.docx_import import parse_document

TABLE = ["一级指标\t二级指标\t指标名称\t指标值", "产出指标\t数量指标\t每千人托位\t4.5"]


@pytest.mark.parametrize(("lines", "name"), [
    (["3岁以下婴幼儿照护服务项目项目绩效目标", "(一)中长期绩效目标", "到2025年建成服务体系。"], "3岁以下婴幼儿照护服务项目"),
    (["某某道路养护项目绩效目标", "年度绩效目标"], "某某道路养护项目"),
    (["部门整体绩效目标"], "部门整体绩效目标"),
    (["(二)中长期绩效目标"], "（无标题）"),
    (["2023年慈溪市重大政策和项目绩效目标情况"], "（无标题）"),
])
def test_the_nearest_goals_heading_names_an_untitled_table(lines, name):
    result = parse_document("\n".join(lines + TABLE).encode(), "a.txt")
    assert result.projects[0]["name"] == name
