"""The pure field checks of a centre and its year's evidence (app.centres.rules.hubei_checks)."""

import datetime
from decimal import Decimal

import pytest

from app.centres.rules.hubei_checks import centre_problems, check_year, clean_centre, evidence_problems
from app.centres.rules.hubei_drafts import CentreDraft, EvidenceDraft, TrainingDraft
from app.domain.errors import DomainError


def fields(problems) -> list[str]:
    return [problem.field for problem in problems]


def test_a_good_centre_has_no_problem_once_its_texts_are_trimmed():
    draft = clean_centre(CentreDraft(" HB-1 ", " 甲中心 ", "national", park=" 园区 ", contract_start=2024, contract_end=2026))
    assert (draft.code, draft.name, draft.park) == ("HB-1", "甲中心", "园区")
    assert centre_problems(draft) == []


@pytest.mark.parametrize(("draft", "field", "words"), [
    (CentreDraft("-bad", "甲"), "code", "中心编号"),
    (CentreDraft("HB1", ""), "name", "请填写中心名称"),
    (CentreDraft("HB1", "甲" * 201), "name", "200"),
    (CentreDraft("HB1", "甲", "county"), "level", "国家级或省级"),
    (CentreDraft("HB1", "甲", company="企" * 201), "company", "承办企业"),
    (CentreDraft("HB1", "甲", contract_start=1800), "contract_start", "1990"),
    (CentreDraft("HB1", "甲", contract_start=2025, contract_end=2024), "contract_end", "不能早于"),
])
def test_each_problem_of_a_centre_names_its_field(draft, field, words):
    (problem,) = centre_problems(clean_centre(draft))
    assert problem.field == field and words in problem.message


def test_evidence_problems_name_the_field_and_the_training_row():
    draft = EvidenceDraft(
        staff=2, linguists=3, meetings=-1, floor_area=Decimal("-5"),
        trainings=(TrainingDraft(datetime.date(2024, 3, 1), 10), TrainingDraft(datetime.date(2023, 3, 1), -1, "培" * 201)),
        claims={"registered": ("9" * 65,), "unknown": ("X",)},
    )
    problems = evidence_problems(2024, draft)
    assert fields(problems) == [
        "meetings", "linguists", "floor_area", "trainings-1-day", "trainings-1-companies", "trainings-1-title",
        "registered", "unknown",
    ]
    assert "外语人才数（3）不能超过工作人员数（2）" in problems[1].message
    assert "2023-03-01 不在 2024 年度内" in problems[3].message
    assert evidence_problems(2024, EvidenceDraft(staff=5, linguists=2, floor_area=Decimal("120.5"))) == []


def test_a_year_outside_the_products_years_is_refused():
    check_year(2024)
    with pytest.raises(DomainError) as caught:
        check_year(1989)
    assert caught.value.problems[0].field == "year"
