"""History and audit speak Chinese (issue 12, point 7): values as a user knows them, names not ids,
北京时间, and a new project's history never shows a deleted one's."""

from dataclasses import replace

from sqlalchemy import select

from app.domain.audit import shown_value
from app.extensions import db
from app.models import Project
from app.services import audit, demo, projects
from tests.factories import INDICATORS, make_project, make_unit


def history(client, project) -> str:
    return client.get(f"/projects/{project.id}/history").get_data(as_text=True)


def test_recorded_values_read_as_on_the_pages():
    assert shown_value("target_kind", "quantitative") == "定量"
    assert shown_value("target_kind", "qualitative") == "定性"
    assert shown_value("target_kind", "deadline") == "截止日期"
    assert [shown_value("target_comparator", c) for c in (">=", "<=")] == ["≥", "≤"]
    assert shown_value("position", "0") == "1"  # 第 1 条
    assert shown_value("months_text", "3,6,9,12") == "3月底、6月底、9月底、12月底"
    # 提交时间 and other stored times are UTC: shown in Beijing time, and said so
    assert shown_value("submitted_at", "2026-12-06 17:30:00") == "2026-12-07 01:30:00（北京时间）"
    assert shown_value("day", "2024-05-15") == "2024-05-15"  # a date is a date
    assert shown_value("target_kind", None) is None


def test_the_project_history_speaks_chinese(client):
    unit = make_unit()
    project = make_project(unit)
    page = history(client, project)
    for english in ("quantitative", "qualitative", "deadline", "&gt;=", "&lt;=", "unit_id"):
        assert english not in page, english
    assert "指标值类型：<span class=\"before\">（空）</span> → <span class=\"after\">定量</span>" in page
    assert "→ <span class=\"after\">定性</span>" in page and "→ <span class=\"after\">截止日期</span>" in page
    assert "比较符：<span class=\"before\">（空）</span> → <span class=\"after\">≥</span>" in page
    assert f"预算单位：<span class=\"before\">（空）</span> → <span class=\"after\">{unit.name}</span>" in page


def test_the_year_end_names_its_indicator_and_the_export_speaks_chinese(client):
    demo.load_demo()
    assert demo.load_demo_evaluations()
    project = db.session.scalar(select(Project).where(Project.name == "2023年PECC国际贸易投资博览会"))
    page = history(client, project)
    first = project.indicators[0]
    assert f"指标：<span class=\"before\">（空）</span> → <span class=\"after\">{first.name}</span>" in page
    assert "指标编号" not in page
    data = audit.export_csv(audit.Filters(root_type="Project", root_id=project.id)).decode("utf-8-sig")
    assert ",指标值类型,,定量," in data and ",比较符,,≥," in data and "quantitative" not in data


def test_a_deleted_indicator_is_still_named_by_the_trail(client):
    from app.services.audit_display import name_of

    project = make_project()
    last = project.indicators[-1]
    key, name = last.id, last.name
    assert name_of("Indicator", key) == name
    projects.update_project(project, replace(projects.draft_of(project), indicators=INDICATORS[:-1]))  # last row deleted
    assert name_of("Indicator", key) == f"{name}（已删除）"
    assert name_of("Indicator", 10_000) == "编号 10000"


def test_a_new_project_never_shows_a_deleted_ones_history(client):
    unit = make_unit()
    old = make_project(unit, name="已删除的旧项目", code="OLD-001")
    projects.delete_project(old)
    new = make_project(unit, name="新项目", code="NEW-001")  # SQLite gives it the deleted one's id
    page = history(client, new)
    assert "已删除的旧项目" not in page and "新项目" in page
    assert all(event.root_label != "已删除的旧项目" for event in audit.history(new))
