"""ProjectForm.to_draft (what the officer typed → a draft) and attach (a draft's problem → its form row)."""

from decimal import Decimal

import pytest
from werkzeug.datastructures import MultiDict

from app.domain.errors import DomainError, Problem
from app.domain.projects import review_project
from forms import error_count
from forms.projects import ProjectForm


def typed(**fields) -> MultiDict:
    data = {
        "unit_id": "1", "year": "2024", "code": " 130600-01 ", "name": "国际贸易服务", "budget_total": "26.00",
        "budget_fiscal": "26", "budget_other": "", "purpose": "展会补贴", "goals-0-text": " 目标一 ",
        "goals-1-text": "   ", "goals-2-text": "目标二", "long_term_goals": "三年目标\n\n  五年目标 ",
        "checkpoints-0-month": "3", "checkpoints-0-amount": "2.5", "checkpoints-1-month": "6", "checkpoints-1-amount": "12",
        "checkpoints-2-month": "12", "checkpoints-2-amount": "26",
        # row 0 filled, row 1 left completely empty, row 2 filled
        "indicators-0-level1": "产出指标", "indicators-0-level2": "数量指标", "indicators-0-name": "展会场次",
        "indicators-0-target_text": "≥17场",
        "indicators-1-level1": "", "indicators-1-level2": "", "indicators-1-name": "  ", "indicators-1-target_text": "",
        "indicators-2-level1": "满意度指标", "indicators-2-level2": "服务对象满意度指标", "indicators-2-name": "企业满意度",
        "indicators-2-target_text": "",
    }
    data.update(fields)
    return MultiDict(data)


@pytest.fixture
def form(app):
    with app.test_request_context(method="POST"):
        form = ProjectForm(formdata=typed(), meta={"csrf": False})
        form.unit_id.choices = [(1, "单位")]
        yield form


def test_to_draft_reads_what_was_typed(form):
    draft = form.to_draft()
    assert (draft.year, draft.code, draft.name) == (2024, "130600-01", "国际贸易服务")
    assert (draft.budget_total, draft.budget_fiscal, draft.budget_other) == (Decimal("26.00"), Decimal("26"), Decimal("0"))
    assert draft.goals == ("目标一", "目标二")  # blank goal rows are dropped, the rest trimmed
    assert draft.long_term_goals == ("三年目标", "五年目标")
    assert [(c.month, c.amount) for c in draft.checkpoints] == [(3, Decimal("2.5")), (6, Decimal("12")), (12, Decimal("26"))]
    assert [i.name for i in draft.indicators] == ["展会场次", "企业满意度"]  # the empty row is not an indicator


def test_a_plan_with_no_amounts_is_no_plan(app):
    with app.test_request_context(method="POST"):
        data = typed(**{"checkpoints-0-amount": "", "checkpoints-1-amount": "", "checkpoints-2-amount": ""})
        form = ProjectForm(formdata=data, meta={"csrf": False})
        assert form.to_draft().checkpoints == ()


def test_a_problem_of_the_second_indicator_goes_to_the_third_row(form):
    draft = form.to_draft()
    # the draft's indicator 1 is the form's row 2: row 1 was empty and is not in the draft
    review = review_project(draft)
    assert any(p.field == "indicators-1-target_text" for p in review.errors)
    unplaced = form.attach(DomainError(review.errors))
    assert form.indicators.entries[2].form.target_text.errors
    assert not form.indicators.entries[1].form.target_text.errors
    assert unplaced == [p.message for p in review.errors if not p.field]
    assert error_count(form) >= 1


def test_attach_keeps_fields_outside_the_indicators_and_returns_what_has_no_field(form):
    form.to_draft()
    unplaced = form.attach(DomainError([Problem("name", "名称重复"), Problem("", "整体问题"), Problem("indicators-9-name", "越界")]))
    assert form.name.errors == ["名称重复"]
    assert unplaced == ["整体问题", "越界"]


def test_field_path_maps_goals_and_indicators_by_filled_rows(form):
    form.to_draft()
    assert form.field_path("indicators-1-name") == "indicators-2-name"
    assert form.field_path("goals-1-text") == "goals-2-text"
    assert form.field_path("checkpoints-1-amount") == "checkpoints-1-amount"
    assert form.field_path("name") == "name"
