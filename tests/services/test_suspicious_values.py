"""Suspicious values are refused or flagged, not silently kept (issue 12, point 6, this part):
amounts with more than two decimals, two projects with one name, deadlines after 复制到下一年度."""

from dataclasses import replace
from decimal import Decimal

import pytest

from app.documents.interchange import draft_from_dict, project_to_dict
from app.domain.errors import DomainError
from app.domain.money import MoneyError, check_cents
from app.domain.projects import IndicatorDraft, next_year_target
from app.services import projects
from tests.factories import INDICATORS, form_data, make_draft, make_project, make_unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年12月底", "2025年12月底"),
        ("2024年12月", "2025年12月"),
        ("2023年12月", "2025年12月"),  # already behind: moved into the new year all the same
        ("≥95%", "≥95%"),
        ("持续提升", "持续提升"),
        ("2026年12月底", "2026年12月底"),  # already beyond the new year: left as written
    ],
)
def test_a_copied_deadline_moves_into_the_new_year(text, expected):
    assert next_year_target(text, 2024) == (expected, False)


def test_amounts_with_more_than_two_decimals_are_refused_not_rounded():
    assert check_cents(Decimal("21.88"), "21.88") == Decimal("21.88")
    assert check_cents(Decimal("21.880"), "21.880") == Decimal("21.880")  # a trailing zero is still two places
    with pytest.raises(MoneyError, match="“21.882”超过两位小数"):
        check_cents(Decimal("21.882"), "21.882")


def test_the_form_names_the_field_of_an_amount_with_three_decimals(client):
    unit = make_unit()
    page = client.post("/projects/new", data=form_data(unit.id, budget_total="12.005", budget_fiscal="12.005"))
    assert page.status_code == 422
    assert "预算数“12.005”超过两位小数" in page.text and "财政资金“12.005”超过两位小数" in page.text
    plan = client.post("/projects/new", data=form_data(unit.id, **{"checkpoints-0-amount": "2.125"}))
    assert "计划支出“2.125”超过两位小数" in plan.text


def test_the_loader_names_the_project_and_field_of_an_amount_with_three_decimals(app):
    data = project_to_dict(make_project())
    data["budget_total"], data["checkpoints"][1]["amount"] = "26.001", "12.0001"
    with pytest.raises(DomainError) as caught:
        draft_from_dict(data, 0)
    messages = [p.message for p in caught.value.problems]
    assert any("预算数 budget_total “26.001”超过两位小数" in m for m in messages), messages
    assert any("支出计划 checkpoints[1].amount “12.0001”超过两位小数" in m for m in messages), messages


def test_two_projects_with_one_name_in_a_unit_and_year_are_warned(app):
    unit = make_unit()
    make_project(unit, code="A-001", name="外贸发展专项资金")
    _, review = projects.create_project(unit, make_draft(code="B-002", name="外贸发展专项资金"))
    assert [w.message for w in review.warnings if w.field == "name"] == [
        "本单位 2024 年度已有同名项目“外贸发展专项资金”（项目编码 A-001），请确认不是重复录入"
    ]
    _, other_year = projects.create_project(unit, make_draft(code="C-003", name="外贸发展专项资金", year=2025))
    assert not [w for w in other_year.warnings if w.field == "name"]


def test_copy_to_next_year_moves_deadlines_and_names_what_it_could_not(app):
    project = make_project()  # 完成时限 2024年12月底
    copy = projects.copy_to_next_year(project)
    texts = [i.target_text for i in copy.indicators]
    assert "2025年12月底" in texts and "2024年12月底" not in texts
    assert projects.deadline_notes(copy) == []
    stale = make_project(code="D-004", indicators=INDICATORS[:2] + (
        IndicatorDraft("产出指标", "时效指标", "完成时限", "2023年12月底", "完成时限", ""),) + INDICATORS[3:])
    assert projects.deadline_notes(stale) == [
        "第 3 行指标“完成时限”的指标值“2023年12月底”截止于 2023-12-31，早于 2024 年度，请改写"
    ]


def test_the_copy_page_says_which_deadlines_to_rewrite(client):
    project = make_project()
    projects.update_project(project, replace(projects.draft_of(project), indicators=INDICATORS[:2] + (
        IndicatorDraft("产出指标", "时效指标", "完成时限", "2024年12月底", "完成时限", ""),) + INDICATORS[3:]))
    page = client.post(f"/projects/{project.id}/copy", follow_redirects=True).text
    assert "已复制到 2025 年度" in page and "早于 2025 年度" not in page
