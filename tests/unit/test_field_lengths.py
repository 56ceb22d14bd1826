"""Text longer than its stored field is refused by the rules, naming the field, on every way in."""

from dataclasses import replace

from app.domain.projects import review_project
from tests.factories import INDICATORS, make_draft


def errors(draft):
    return {p.field: p.message for p in review_project(draft, strict_taxonomy=False).errors}


def test_a_long_name_or_code_is_refused_by_name():
    found = errors(make_draft(name="项" * 301, code="C" * 65))
    assert found["name"] == "项目名称不能超过 300 字（现为 301 字）"
    assert found["code"] == "项目编码不能超过 64 字（现为 65 字）"
    assert "name" not in errors(make_draft(name="项" * 300))


def test_a_long_indicator_cell_names_its_row():
    long_row = replace(INDICATORS[1], name="指" * 301, level2="二" * 61)
    found = errors(make_draft(indicators=(INDICATORS[0], long_row) + INDICATORS[2:]))
    assert found["indicators-1-name"] == "第 2 行指标：三级指标不能超过 300 字（现为 301 字）"
    assert found["indicators-1-level2"].startswith("第 2 行指标：二级指标不能超过 60 字")


def test_years_follow_the_one_range():
    assert "year" in errors(make_draft(year=1989)) and "year" in errors(make_draft(year=2201))
    assert "year" not in errors(make_draft(year=1990))
