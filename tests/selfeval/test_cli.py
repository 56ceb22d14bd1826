"""``jixiao selfeval --year 2024 --json`` on the demo data, actuals entered through the service."""

import json
from decimal import Decimal

from sqlalchemy import select

from app.domain.actuals import Grade
from app.domain.yearend import RowEntry, YearEndEntry
from app.extensions import db
from app.models import Project
from app.services import selfeval
from app.services.demo import load_demo

NAME = "2024年白沟箱包市场采购贸易方式试点活动资金"


def enter_actuals() -> Project:
    load_demo()
    project = selfeval.get_project(db.session.scalar(select(Project.id).where(Project.name == NAME)))
    typed = {
        "外出次数": RowEntry(0, "3"),
        "活动参与率": RowEntry(0, "80%", deviation_reason="部分人员未能参加"),
        "完成时限": RowEntry(0, "每季度一次", grade=Grade.PARTIAL, deviation_reason="四季度活动推迟"),
        "运行保障总成本": RowEntry(0, "24.70万元"),
        "外出考察学习": RowEntry(0, "形成考察报告", grade=Grade.MET, grade_percent=Decimal(90), deviation_reason="成果待转化"),
    }
    rows = tuple(
        RowEntry(i.id, **{k: v for k, v in vars(typed[i.name]).items() if k != "indicator_id"})
        for i in project.indicators
    )
    selfeval.save(project, YearEndEntry(budget_adjusted=Decimal("26.00"), spent_fiscal=Decimal("24.70"), rows=rows))
    return project


def test_scores_the_entered_demo_project(runner):
    project = enter_actuals()
    result = runner.invoke(args=["selfeval", "--year", "2024", "--json"])
    assert result.exit_code == 0, result.output
    (document,) = json.loads(result.stdout)  # the other 2024 projects have no year-end entry yet
    assert set(document) == {"execution", "indicators", "total", "grade", "scheme", "project", "status"}
    assert all(set(row) == {"name", "met", "weight", "score", "needs_reason", "explanation"}
               for row in document["indicators"])
    assert document["project"] == {"id": project.id, "code": "13060524P00466210002W", "name": NAME, "unit": "304001"}
    assert document["status"] == "草稿"
    assert document["execution"] == {"rate": 0.95, "score": 9.5}
    rows = [(r["name"], r["met"], r["weight"], r["score"]) for r in document["indicators"]]
    assert rows == [
        ("外出次数", True, 12.5, 12.5),
        ("活动参与率", False, 12.5, 10.53),  # 12.5 × 80 ÷ 95
        ("完成时限", False, 12.5, 8.75),  # 部分达成, 70% by default
        ("运行保障总成本", True, 12.5, 12.5),
        ("外出考察学习", True, 40, 36),  # no 满意度 indicator: 效益 30 + 10, 90%
    ]
    assert (document["total"], document["grade"]) == (89.78, "良")


def test_unit_filter_and_text_output(runner):
    enter_actuals()
    result = runner.invoke(args=["selfeval", "--year", "2024", "--unit", "573301", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    result = runner.invoke(args=["selfeval", "--year", "2024", "--unit", "304001"])
    assert result.exit_code == 0
    assert "总分 89.78，等级：良" in result.stdout
    result = runner.invoke(args=["selfeval", "--year", "2024", "--unit", "999", "--json"])
    assert result.exit_code != 0 and "没有编码为 999 的预算单位" in result.stderr
