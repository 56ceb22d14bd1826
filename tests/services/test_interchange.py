"""The interchange format: dump, load, the demo data, and the CLI around them."""

import json

import pytest
from sqlalchemy import func, select

from app.domain.errors import DomainError
from app.extensions import db
from app.models import DepartmentGoals, Indicator, Project, Unit
from app.services import demo, interchange


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_demo_loads_the_21_seed_projects_and_the_department_goals(app):
    summary = demo.load_demo()
    assert len(summary.created) == 21 and summary.departments == 1
    assert count(Project) == 21
    assert sorted(u.code for u in db.session.scalars(select(Unit))) == ["304001", "573301"]
    department = db.session.scalar(select(DepartmentGoals))
    assert (department.year, len(department.items), len(department.measures)) == (2024, 4, 10)


def test_demo_is_idempotent(app):
    demo.load_demo()
    before = interchange.dump()
    summary = demo.load_demo()
    assert summary.created == [] and len(summary.updated) == 21
    assert interchange.dump() == before
    assert count(Project) == 21


def test_dump_shape_for_a_seed_project(app):
    demo.load_demo()
    document = interchange.dump(year=2024, unit_code="304001")
    assert len(document["projects"]) == 14 and len(document["departments"]) == 1
    first = document["projects"][0]
    assert set(first) == {
        "id", "unit", "year", "code", "name", "budget_total", "budget_fiscal", "budget_other",
        "purpose", "goals", "checkpoints", "indicators",
    }
    assert first["unit"] == {"code": "304001", "name": "保定白沟新城国际贸易服务中心（本级）"}
    assert (first["code"], first["budget_total"], first["budget_other"]) == ("13060524P00466210002W", "26.00", "0.00")
    assert first["checkpoints"] == [
        {"month": 3, "amount": "2.50"}, {"month": 6, "amount": "12.00"},
        {"month": 10, "amount": "21.50"}, {"month": 12, "amount": "26.00"},
    ]
    assert first["indicators"][0] == {
        "level1": "产出指标", "level2": "数量指标", "name": "外出次数",
        "description": "市场采购贸易方式试点活动外出", "target_text": "≤4次",
        "target": {"text": "≤4次", "kind": "quantitative", "comparator": "<=", "value": "4", "unit": "次",
                   "deadline": None},
        "basis": "依据实际工作开展情况",
    }


def test_dump_then_load_into_an_empty_database_gives_the_same_document(app):
    demo.load_demo()
    document = json.loads(json.dumps(interchange.dump(), ensure_ascii=False))
    for model in (Project, DepartmentGoals, Unit):
        db.session.execute(model.__table__.delete())  # children go by ON DELETE CASCADE
    db.session.commit()
    assert count(Project) == count(Indicator) == 0
    interchange.load(document)
    again = interchange.dump()
    strip = lambda doc: [{k: v for k, v in p.items() if k != "id"} for p in doc["projects"]]  # noqa: E731
    assert strip(again) == strip(document) and again["departments"] == document["departments"]


def test_load_is_all_or_nothing_and_names_the_project(app):
    document = demo.demo_document()
    broken = json.loads(json.dumps(document, ensure_ascii=False))
    broken["projects"][5]["budget_total"] = "12.0x"
    broken["projects"][9]["indicators"] = []
    with pytest.raises(DomainError) as caught:
        interchange.load(broken)
    messages = [p.message for p in caught.value.problems]
    assert any(m.startswith("第 6 个项目“天津市服务外资企业工作专班”") and "12.0x" in m for m in messages)
    assert any("第 10 个项目" in m and "至少需要一条绩效指标" in m for m in messages)
    assert count(Project) == 0 and count(Unit) == 0


def test_cli_dump_and_load(runner, app, tmp_path):
    demo.load_demo()
    result = runner.invoke(args=["dump", "--year", "2023", "--json"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert len(document["projects"]) == 7 and document["departments"] == []
    document["projects"][0]["name"] = "信息化运维项目（改）"
    document["projects"][0]["code"] = None
    path = tmp_path / "in.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(args=["load", str(path), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["projects"] == 7 and len(summary["created"]) == 1 and len(summary["updated"]) == 6


def test_cli_load_refuses_bad_json_on_stderr(runner, app, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    result = runner.invoke(args=["load", str(path)])
    assert result.exit_code == 1 and "不是有效的 JSON" in result.stderr and result.stdout == ""


def test_cli_target_parse_json(runner, app):
    result = runner.invoke(args=["target", "parse", "≥17台", "2024年12月底", "可扩展性强", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {"text": "≥17台", "kind": "quantitative", "comparator": ">=", "value": "17", "unit": "台", "deadline": None},
        {"text": "2024年12月底", "kind": "deadline", "comparator": None, "value": None, "unit": None,
         "deadline": "2024-12-31"},
        {"text": "可扩展性强", "kind": "qualitative", "comparator": None, "value": None, "unit": None,
         "deadline": None},
    ]


def test_a_name_longer_than_its_field_is_refused_in_chinese_not_by_the_database(app):
    demo.load_demo()
    document = interchange.dump(year=2024, unit_code="304001")
    before = (count(Project), count(Indicator))
    document["projects"][0]["code"] = "NEW-1"
    document["projects"][0]["name"] = "长" * 301
    with pytest.raises(DomainError) as caught:
        interchange.load(document)
    assert "项目名称不能超过 300 字" in str(caught.value)
    db.session.rollback()
    assert (count(Project), count(Indicator)) == before
