"""The year-end service: store → load → evaluate, drafts, submission, review and the year's scores."""

from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.domain.access import Role
from app.domain.actuals import Grade
from app.domain.errors import DomainError
from app.domain.yearend import RowEntry
from app.extensions import db
from app.models import IndicatorEvaluation, ProjectEvaluation
from app.services import projects, selfeval
from tests.factories import make_draft, make_project, make_unit
from tests.selfeval.builders import GRADE, SCORES, TOTAL, entry_for

OFFICER, REVIEWER = frozenset({Role.OFFICER}), frozenset({Role.REVIEWER})


def reload(project):
    db.session.expire_all()
    return selfeval.get_project(project.id)


def test_round_trip_store_then_evaluate_the_hand_computed_case(app):
    project = make_project()
    selfeval.save(project, entry_for(project))
    year_end = selfeval.year_end(reload(project))
    assert year_end.status == "draft" and year_end.status_label == "草稿"
    assert year_end.entry == entry_for(project)
    evaluation = year_end.verdict.evaluation
    assert evaluation.execution.rate == Decimal("0.8731") and evaluation.execution.score == Decimal("8.73")
    assert tuple(r.score for r in evaluation.indicators) == SCORES
    assert (evaluation.total, evaluation.grade) == (TOTAL, GRADE)
    stored = db.session.scalar(select(ProjectEvaluation))
    assert stored.spent_carryover == Decimal("2.10")
    assert isinstance(stored.rows[4].grade_percent, Decimal)


def test_a_draft_with_blanks_is_saved(app):
    project = make_project()
    blank = replace(entry_for(project), spent_fiscal=None, spent_carryover=None, spent_other=None,
                    rows=(RowEntry(project.indicators[0].id, "3"),))
    selfeval.save(project, blank)
    year_end = selfeval.year_end(reload(project))
    assert year_end.entry.spent is None
    assert year_end.entry.row(project.indicators[0].id).actual == "3"
    assert year_end.verdict.evaluation is None
    assert db.session.scalar(select(func.count()).select_from(IndicatorEvaluation)) == 6  # a row per indicator


def test_a_wrong_value_saves_nothing(app):
    project = make_project()
    selfeval.save(project, entry_for(project))
    rows = list(entry_for(project).rows)
    rows[0] = replace(rows[0], actual="3天")
    with pytest.raises(DomainError) as caught:
        selfeval.save(project, replace(entry_for(project), overall_actual="改过", rows=tuple(rows)))
    assert [p.field for p in caught.value.problems] == ["indicators-0-actual"]
    year_end = selfeval.year_end(reload(project))
    assert year_end.entry.overall_actual == "试点活动正常开展，完成年度外出考察任务。"
    assert year_end.entry.row(project.indicators[0].id).actual == "3"


def test_submit_refuses_listing_the_indicators_without_reasons(app):
    project = make_project()
    with pytest.raises(DomainError) as caught:
        selfeval.submit(project, entry_for(project, reasons=False), OFFICER)
    head = caught.value.problems[0]
    assert head.field == ""
    assert head.message == "以下项目缺少偏差原因分析及改进措施，不能提交：预算执行率、活动参与率、完成时限、外出考察学习"
    assert "indicators-2-deviation_reason" in [p.field for p in caught.value.problems]
    assert db.session.scalar(select(func.count()).select_from(ProjectEvaluation)) == 0  # nothing saved


def test_submit_then_locked_then_returned(app):
    project = make_project()
    year_end = selfeval.submit(project, entry_for(project), OFFICER)
    assert year_end.status == "submitted"
    with pytest.raises(DomainError, match="自评已提交，不能修改"):
        selfeval.save(project, entry_for(project))
    with pytest.raises(DomainError, match="只有审核人员可以审核通过"):
        selfeval.review(project, "approve", OFFICER)
    with pytest.raises(DomainError, match="退回修改请填写理由"):
        selfeval.review(project, "return", REVIEWER)
    assert selfeval.review(project, "return", REVIEWER, "请补充佐证材料") == "returned"
    year_end = selfeval.year_end(reload(project))
    assert year_end.editable and year_end.review_comment == "请补充佐证材料"
    selfeval.save(project, entry_for(project))  # a returned evaluation can be changed again


def test_an_indicator_removed_from_the_table_takes_its_row_along(app):
    project = make_project()
    selfeval.save(project, entry_for(project))
    projects.update_project(project, replace(make_draft(), indicators=make_draft().indicators[:5]))
    assert db.session.scalar(select(func.count()).select_from(IndicatorEvaluation)) == 5


def test_deleting_the_project_deletes_its_evaluation(app):
    project = make_project()
    selfeval.save(project, entry_for(project))
    projects.delete_project(project)
    assert db.session.scalar(select(func.count()).select_from(ProjectEvaluation)) == 0
    assert db.session.scalar(select(func.count()).select_from(IndicatorEvaluation)) == 0


def test_score_stored_scores_complete_entries_only(app):
    unit = make_unit()
    done = make_project(unit)
    draft = make_project(unit, code="B", name="草稿项目")
    make_project(unit, code="C", name="未填报项目")
    make_project(make_unit("573301", "天津"), code="D", name="他单位项目")
    selfeval.save(done, entry_for(done))
    selfeval.save(draft, replace(entry_for(draft), rows=()))
    documents = selfeval.score_stored(2024, "304001")
    assert [d["project"] for d in documents] == [
        {"id": done.id, "code": done.code, "name": done.name, "unit": "304001"}
    ]
    assert documents[0]["total"] == 76.76 and documents[0]["grade"] == "中"
    assert documents[0]["status"] == "草稿"
    with pytest.raises(DomainError, match="没有编码为 999 的预算单位"):
        selfeval.score_stored(2024, "999")


def test_summary_lists_every_project_and_sorts(app):
    unit = make_unit()
    done = make_project(unit)
    other = make_project(unit, code="B", name="满分项目")
    make_project(unit, code="C", name="未填报项目")
    selfeval.save(done, entry_for(done, reasons=False))
    perfect = replace(entry_for(other), spent_fiscal=Decimal("26.00"), spent_carryover=None, spent_other=None,
                      rows=tuple(replace(r, actual=a) for r, a in zip(entry_for(other).rows,
                                                                        ("3", "96%", "2024年12月1日", "20万元", "", "99%"))))
    rows = list(perfect.rows)
    rows[4] = replace(rows[4], grade=Grade.MET, grade_percent=None)
    selfeval.save(other, replace(perfect, rows=tuple(rows)))
    summary = selfeval.summary(2024, unit, "score", descending=True)
    assert [(r.name, r.score, r.grade) for r in summary] == [
        ("满分项目", Decimal("100.00"), "优"),
        (done.name, TOTAL, "中"),
        ("未填报项目", None, ""),
    ]
    first, second, blank = summary
    assert second.rate == Decimal("0.8731") and second.unmet == 3
    assert second.missing_reasons == ("预算执行率", "活动参与率", "完成时限", "外出考察学习")
    assert blank.status == "未填报" and blank.missing_reasons == ()
    ascending = selfeval.summary(2024, unit, "score")
    assert [r.name for r in ascending] == [done.name, "满分项目", "未填报项目"]  # blanks stay last
    assert [r.name for r in selfeval.summary(2024, unit, "missing", True)][0] == done.name
