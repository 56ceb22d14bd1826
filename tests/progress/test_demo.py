"""The demo's payments: consistent with each project's plan and budget, idempotent, and an auditor
opening the progress pages sees lagging and on-plan projects side by side."""

import datetime
import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.domain.payments import read_payment
from app.extensions import db
from app.models import BudgetAdjustment, Payment, Project
from app.services import demo, payments
from app.services.progress import progress_json
from tests.conftest import login
from tests.factories import make_user

D = Decimal
INSURANCE = "13060524P00466510001A"  # 信保风险保障费 70: paid in one go in October, as planned
PROVINCIAL = "13060523P004606100016"  # 省外贸发展专项资金 150: 60.00 by 10月底, 120.00 by the year end
PILOT_FUND = "13060524P004662100044"  # 市场采购贸易方式试点专项资金 1000: all paid by 6月底, as planned
EXHIBITIONS = "13060524P00452310003H"  # 境内外展活动经费 54.90, cut to 45.00 in September


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def loaded(app):
    demo.load_demo()
    return demo.load_demo_payments()


def by_code(year=2024, as_of="2024-12-31", unit=None) -> dict[str, dict]:
    return {p["code"] or p["name"]: p for p in progress_json(year, unit, datetime.date.fromisoformat(as_of))}


def test_every_demo_project_has_payments_within_its_year_and_budget(loaded):
    assert (loaded.payments, loaded.adjustments) == (113, 3) and count(Payment) == 113
    projects = list(db.session.scalars(select(Project)))
    assert len(projects) == 21
    for project in projects:
        stored = payments.list_payments(project)
        assert stored, project.name
        assert all(p.day.year == project.year and p.source == "财政资金" and p.voucher and p.note for p in stored)
        assert payments.spent_total(project.id) <= payments.budget_of(project), project.name
    assert loaded.total == sum((p.amount for p in db.session.scalars(select(Payment))), D("0.00"))
    adjusted = {a.project.code: (a.amount, a.project.budget_total) for a in db.session.scalars(select(BudgetAdjustment))}
    assert adjusted[EXHIBITIONS] == (D("45.00"), D("54.90"))  # a cut
    assert sum(1 for new, old in adjusted.values() if new > old) == 2  # two top-ups


def test_loading_again_changes_nothing_and_leaves_entered_payments_alone(app):
    demo.load_demo()
    project = db.session.scalar(select(Project).where(Project.code == PILOT_FUND))
    payments.add_payment(project, read_payment(2024, "2024-02-01", "5.00", "手工-1"))
    first = demo.load_demo_payments()
    assert [p.voucher for p in payments.list_payments(project)] == ["手工-1"]  # an officer's project is not filled
    again = demo.load_demo_payments()
    assert (again.payments, again.total, again.adjustments) == (0, D("0.00"), 0)
    assert count(Payment) == first.payments + 1 and count(BudgetAdjustment) == 3


def test_the_demo_mixes_on_plan_and_lagging_projects(loaded):
    year_end = by_code()
    on_plan = {code for code, p in year_end.items() if not p["flags"]}
    lagging = set(year_end) - on_plan
    assert len(on_plan) == 7 and len(lagging) == 7
    assert PILOT_FUND in on_plan and EXHIBITIONS in on_plan
    provincial = year_end[PROVINCIAL]
    assert [(c["month"], c["spent"], c["lagging"]) for c in provincial["checkpoints"]] == [
        (3, "0.00", False), (6, "0.00", False), (10, "60.00", True), (12, "120.00", True)
    ]
    # on its plan at every checkpoint, flagged only by the 6月底/9月底 execution-rate rules
    insurance = year_end[INSURANCE]
    assert not any(c["lagging"] for c in insurance["checkpoints"])
    assert insurance["flags"] == ["6月底执行率 0.00% 低于 50%", "9月底执行率 0.00% 低于 60%"]
    # the cut budget caps the plan: 44.60 of 45.00 is on plan at 12月底
    exhibitions = year_end[EXHIBITIONS]
    assert (exhibitions["budget"], exhibitions["spent"], exhibitions["checkpoints"][-1]["planned"]) == ("45.00", "44.60", "45.00")
    mid_year = by_code(as_of="2024-07-15")
    assert {code for code, p in mid_year.items() if p["flags"]} and {code for code, p in mid_year.items() if not p["flags"]}
    tianjin = by_code(2023, "2023-12-31", "573301")  # no spending plans: only the rate rules flag
    assert {p["plan_at_date"] for p in tianjin.values()} == {None}
    assert 0 < sum(1 for p in tianjin.values() if p["flags"]) < len(tianjin)


def rows(html: str) -> list[tuple[int, bool]]:
    return [(int(i), cls == "lagging") for i, cls in re.findall(r'<tr data-project-id="(\d+)" class="(lagging|)">', html)]


def test_an_auditor_sees_lagging_and_on_plan_projects(app, loaded):
    auditor = login(app.test_client(), make_user("auditor1", ["auditor"]))
    page = auditor.get("/progress/?year=2024&as_of=2024-12-31")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    shown = rows(html)
    assert len(shown) == 14 and {lag for _, lag in shown} == {True, False}
    assert "合计（14 个项目，7 个滞后）" in html
    assert "10月底支出 60.00 万元，低于计划 150.00 万元（允许偏差 7.50 万元）" in html
    # the page as first opened (this year is over: the reading is at 31 December)
    assert {lag for _, lag in rows(auditor.get("/progress/").get_data(as_text=True))} == {True, False}
    department = auditor.get("/progress/department?year=2024&as_of=2024-12-31").get_data(as_text=True)
    flags = [lag for _, lag in rows(department)]
    assert flags == sorted(flags, reverse=True) and flags.count(True) == 7
    pilot = db.session.scalar(select(Project.id).where(Project.code == PILOT_FUND))
    chart = auditor.get(f"/projects/{pilot}/progress?as_of=2024-06-30").get_data(as_text=True)
    assert 'id="fig-spent">1000.00<' in chart and 'id="fig-plan">1000.00<' in chart
    assert 'id="progress-flags-none"' in chart


def test_the_demo_command_loads_the_payments_once(app, runner, monkeypatch):
    monkeypatch.setattr("app.cli.data.upgrade", lambda: None)  # the test database is made by create_all
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "演示支出：新增 113 笔，合计 2197.00 万元；预算调整 3 项" in result.output
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0 and "演示支出" not in again.output  # a database with data is left as it is
    assert runner.invoke(args=["demo", "--reset"]).output.count("演示支出：新增 0 笔") == 1
    assert count(Payment) == 113
