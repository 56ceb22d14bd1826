"""The pure field checks of a region (app.centres.rules.zhejiang_checks)."""

import pytest

from app.centres.rules.zhejiang_checks import region_problems


@pytest.mark.parametrize(("name", "province", "expected"), [
    ("杭州市", "浙江省", []),
    ("", "浙江省", [("name", "请填写地区名称")]),
    ("市" * 101, "浙江省", [("name", "地区名称不能超过 100 字")]),
    ("杭州市", "省" * 51, [("province", "省份不能超过 50 字")]),
])
def test_each_problem_names_its_field(name, province, expected):
    assert [(p.field, p.message) for p in region_problems(name, province)] == expected
