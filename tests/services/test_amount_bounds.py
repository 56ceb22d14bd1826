"""Amounts are bounded: money outside what a budget can hold (10^12 万元 and more) or written with an
exponent ("1e30") is refused with the field named, in forms, imports, ``jixiao load`` and JSON files."""

import json
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.domain.money import MoneyError, parse_money
from app.extensions import db
from app.models import Payment, Project
from tests.factories import form_data, make_project, make_unit

BAD = ("1e30", "1E5", "1000000000000", "-1000000000000", "99999999999999999999", "Infinity", "NaN")


@pytest.mark.parametrize("text", BAD)
def test_the_parser_refuses_what_no_budget_holds(text):
    with pytest.raises(MoneyError):
        parse_money(text)


def test_the_parser_keeps_what_a_budget_holds():
    assert parse_money("999,999,999,999.99") == Decimal("999999999999.99")
    assert parse_money("１２.５万元") == Decimal("12.5")
    with pytest.raises(MoneyError):
        parse_money(Decimal("1E+30"))
    with pytest.raises(MoneyError):
        parse_money(10**13)


@pytest.mark.parametrize("field,label", [("budget_total", "预算数"), ("budget_fiscal", "财政资金"),
                                         ("checkpoints-3-amount", "计划支出")])
def test_the_project_form_names_the_field(client, app, field, label):
    unit = make_unit()
    response = client.post("/projects/new", data=form_data(unit.id, **{field: "1e30"}))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert label in page and "1e30" in page
    assert db.session.scalar(select(func.count()).select_from(Project)) == 0


def test_jixiao_load_refuses_a_huge_amount_with_the_field(app, runner, tmp_path):
    document = {"projects": [{
        "year": 2024, "unit": {"code": "304001", "name": "单位"}, "name": "项目", "code": "P1",
        "budget_total": 1e30, "budget_fiscal": "2e3", "budget_other": "0", "goals": [], "checkpoints": [],
        "indicators": [],
    }]}
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = runner.invoke(args=["load", str(path)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "budget_total" in result.output and "budget_fiscal" in result.output
    assert db.session.scalar(select(func.count()).select_from(Project)) == 0


def test_a_payments_file_with_a_huge_amount_names_the_row(app, runner, tmp_path):
    project = make_project()
    path = tmp_path / "pay.csv"
    path.write_text(f"项目编码,日期,金额\n{project.code},2024-03-01,1e30\n", encoding="utf-8")
    result = runner.invoke(args=["payments", "import", str(path), "--year", "2024", "--unit", "304001"])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "1e30" in result.output
    assert db.session.scalar(select(func.count()).select_from(Payment)) == 0


def test_a_centre_document_with_a_huge_count_is_refused(app, runner, tmp_path):
    path = tmp_path / "centre.json"
    path.write_text('{"year": 2024, "centres": [{"id": "C1", "staff": 1e30}]}', encoding="utf-8")
    result = runner.invoke(args=["centre", "score", str(path), "--json"])
    assert result.exit_code != 0 and "工作人员数（staff）超出上限" in result.output


def test_the_year_end_form_refuses_huge_amounts_and_weights(client, app):
    from app.models import ProjectEvaluation
    from tests.selfeval.builders import form_data as year_end_data

    project = make_project()
    data = year_end_data(project)
    data.update({"spent_fiscal": "1e30", "indicators-2-weight": "99999999999999999999"})
    response = client.post(f"/projects/{project.id}/selfeval", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "本年财政拨款“1e30”不是有效金额" in html and "分值过大" in html
    assert db.session.scalar(select(func.count()).select_from(ProjectEvaluation)) == 0
