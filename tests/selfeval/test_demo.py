"""``jixiao demo`` enters one year-end self-evaluation: complete, ready to submit, never entered twice."""

import json
from dataclasses import replace
from decimal import Decimal

from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, IndicatorEvaluation, Payment, Project, ProjectEvaluation
from app.services import demo, payments, selfeval

NAME = "2023年PECC国际贸易投资博览会"


def demo_project() -> Project:
    return selfeval.get_project(db.session.scalar(select(Project.id).where(Project.name == NAME)))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_demo_year_end_is_complete_and_can_be_submitted_as_it_is(app):
    demo.load_demo()
    assert demo.load_demo_evaluations() == [NAME]
    year_end = selfeval.year_end(demo_project())
    assert year_end.status == "draft" and year_end.editable
    verdict = year_end.verdict
    # 89.50 ÷ 91.84 = 97.45%: 9.75; 产出 8.33 × 4 + 7.71 (8.33 × 1850 ÷ 2000) + 8.35; 效益 10 + 9 + 10; 满意度 10
    assert (verdict.execution.rate, verdict.execution.score) == (Decimal("0.9745"), Decimal("9.75"))
    assert [r.result.score for r in verdict.rows] == [
        Decimal(s) for s in ("8.33", "7.71", "8.33", "8.33", "8.33", "8.35", "10", "9", "10", "10")
    ]
    assert (verdict.evaluation.total, verdict.evaluation.grade) == (Decimal("98.13"), "优")
    assert verdict.unmet == 1 and verdict.submit_problems() == ()
    assert year_end.entry.supervising_department == "中国国际贸易促进委员会天津市分会"


def test_the_demo_spending_is_what_the_demo_payments_add_up_to(app):
    demo.load_demo()
    demo.load_demo_payments()
    demo.load_demo_evaluations()
    project = demo_project()
    assert count(Payment) > 0
    assert selfeval.year_end(project).entry.spent == payments.spent_total(project.id)


def test_running_it_again_changes_nothing_and_keeps_the_officers_edits(app):
    demo.load_demo()
    demo.load_demo_evaluations()
    project = demo_project()
    edited = replace(selfeval.year_end(project).entry, overall_actual="由填报人员改写")
    selfeval.save(project, edited)
    events, rows = count(AuditEvent), count(IndicatorEvaluation)
    assert demo.load_demo_evaluations() == []
    assert (count(AuditEvent), count(IndicatorEvaluation), count(ProjectEvaluation)) == (events, rows, 1)
    assert selfeval.year_end(demo_project()).entry.overall_actual == "由填报人员改写"


def test_without_the_demo_projects_nothing_is_entered(app):
    assert demo.load_demo_evaluations() == []
    assert count(ProjectEvaluation) == 0


def test_the_demo_command_says_so(app, runner, monkeypatch):
    monkeypatch.setattr("app.cli.data.upgrade", lambda: None)  # the test database is made by create_all
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert f"演示年终自评（草稿，可直接提交）：{NAME}。" in result.output
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0 and "演示年终自评" not in again.output
    result = runner.invoke(args=["selfeval", "--year", "2023", "--json"])
    assert result.exit_code == 0
    assert [(d["project"]["name"], d["total"], d["grade"], d["status"]) for d in json.loads(result.stdout)] == [
        (NAME, 98.13, "优", "草稿")
    ]
