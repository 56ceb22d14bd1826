"""``jixiao payments import`` and ``jixiao progress --json``."""

import json
from decimal import Decimal

from app.services.payments import spent_total
from tests.progress.builders import FIRST, first, pay_a_year, seed

KEYS = ["code", "name", "budget", "spent", "rate", "plan_at_date", "benchmark", "checkpoints", "flags"]


def test_payments_import_json(app, runner, tmp_path):
    unit, projects = seed()
    path = tmp_path / "支出.csv"
    path.write_text(f"项目编码,日期,金额\n{FIRST},2024-03-10,1.20\n{FIRST},2024-06-20,8.80\n", encoding="utf-8-sig")
    result = runner.invoke(args=["payments", "import", str(path), "--year", "2024", "--unit", "304001", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "payments": 2,
        "projects": [{"code": FIRST, "name": "2024年白沟箱包市场采购贸易方式试点活动资金", "payments": 2, "amount": "10.00"}],
        "total": "10.00",
    }
    assert spent_total(first(projects).id) == 10


def test_payments_import_errors_go_to_stderr(app, runner, tmp_path):
    seed()
    path = tmp_path / "bad.csv"
    path.write_text(f"项目编码,日期,金额\n{FIRST},2024-03-10,1.20\n{FIRST},2024-03-11,abc\n", encoding="utf-8")
    result = runner.invoke(args=["payments", "import", str(path), "--year", "2024", "--unit", "304001", "--json"])
    assert result.exit_code != 0
    assert result.stdout == ""
    assert "第 3 行：金额“abc”不是有效金额" in result.stderr
    result = runner.invoke(args=["payments", "import", str(path), "--year", "2024", "--unit", "999999"])
    assert result.exit_code != 0 and "预算单位 999999 不存在" in result.stderr


def test_progress_json(app, runner, tmp_path):
    unit, projects = seed()
    path = tmp_path / "支出.csv"
    path.write_text(f"项目编码,日期,金额\n{FIRST},2024-03-10,1.20\n{FIRST},2024-06-20,8.80\n", encoding="utf-8")
    assert runner.invoke(args=["payments", "import", str(path), "--year", "2024", "--unit", "304001"]).exit_code == 0
    result = runner.invoke(args=["progress", "--year", "2024", "--unit", "304001", "--as-of", "2024-07-15", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert isinstance(document, list) and len(document) == 14  # one object per project, as the issue shows
    assert all(list(p) == KEYS for p in document)
    row = next(p for p in document if p["code"] == FIRST)
    assert row == {
        "code": FIRST,
        "name": "2024年白沟箱包市场采购贸易方式试点活动资金",
        "budget": "26.00",
        "spent": "10.00",
        "rate": "0.3846",
        "plan_at_date": "13.16",
        "benchmark": "0.5000",
        "checkpoints": [
            {"month": 3, "planned": "2.50", "spent": "1.20", "lagging": False},
            {"month": 6, "planned": "12.00", "spent": "10.00", "lagging": True},
            {"month": 10, "planned": "21.50", "spent": None, "lagging": None},
            {"month": 12, "planned": "26.00", "spent": None, "lagging": None},
        ],
        "flags": ["6月底支出 10.00 万元，低于计划 12.00 万元（允许偏差 1.30 万元）", "6月底执行率 38.46% 低于 50%"],
    }


def test_progress_of_a_whole_year(app, runner):
    _, projects = seed()
    pay_a_year(projects)
    result = runner.invoke(args=["progress", "--year", "2024", "--as-of", "2024-12-31", "--json"])
    document = json.loads(result.stdout)
    rows = {p["code"]: p for p in document}
    for n, project in enumerate(projects):
        row = rows[project.code]
        assert row["benchmark"] == "1.0000" and row["plan_at_date"] == f"{project.budget_total:.2f}"
        behind_plan = [f for f in row["flags"] if "低于计划" in f]
        if n % 3 == 0:  # paid at 60%
            assert Decimal("0.59") < Decimal(row["rate"]) <= Decimal("0.60") and behind_plan  # each span rounded to cents
            assert row["checkpoints"][-1]["lagging"] is True  # 40% short at 12月底
        else:  # paid as planned: never behind the plan (a plan below 50% at 6月底 is still flagged)
            assert row["rate"] == "1.0000" and behind_plan == [], row
            assert not any(c["lagging"] for c in row["checkpoints"])


def test_progress_argument_errors(app, runner):
    result = runner.invoke(args=["progress", "--year", "2024", "--as-of", "2024-13-01", "--json"])
    assert result.exit_code != 0 and "--as-of" in result.stderr
    result = runner.invoke(args=["progress", "--year", "2024", "--unit", "nope", "--json"])
    assert result.exit_code != 0 and "不存在" in result.stderr
    result = runner.invoke(args=["progress", "--year", "2024"])
    assert result.exit_code == 0 and "2024 年度支出进度" in result.output


def test_the_readings_are_settings(app, runner, tmp_path):
    seed()
    path = tmp_path / "支出.csv"
    path.write_text(f"项目编码,日期,金额\n{FIRST},2024-03-10,2.00\n", encoding="utf-8")
    runner.invoke(args=["payments", "import", str(path), "--year", "2024", "--unit", "304001"])

    def first_row():
        result = runner.invoke(args=["progress", "--year", "2024", "--unit", "304001", "--as-of", "2024-07-15", "--json"])
        return next(p for p in json.loads(result.stdout) if p["code"] == FIRST)

    assert (first_row()["plan_at_date"], first_row()["benchmark"]) == ("13.16", "0.5000")
    app.config.update(
        JIXIAO_PROGRESS_INTERPOLATION="month", JIXIAO_PROGRESS_BENCHMARK="current", JIXIAO_PROGRESS_TOLERANCE="1%",
        JIXIAO_PROGRESS_RULES="",
    )
    row = first_row()
    assert (row["plan_at_date"], row["benchmark"]) == ("12.00", "0.5833")  # June's plan holds in July; 7/12
    assert row["checkpoints"][0]["lagging"] is True  # 2.00 < 2.50 − 0.26
    assert not any("执行率" in f for f in row["flags"])
