"""Exports end to end: the service's selection, ``jixiao export`` and the download links."""

from urllib.parse import quote

import pytest

from app.domain.errors import DomainError
from app.extensions import db
from app.models import Project
from app.services import exports
from app.services.demo import load_demo
from tests.documents.test_export_docx import open_docx, table_titles
from tests.factories import make_project, make_unit


@pytest.fixture
def demo(app):
    load_demo()


def test_selects_by_unit_year_code_and_id(demo):
    assert len(exports.select_export(2024, "304001").projects) == 14
    assert len(exports.select_export(2024).projects) == 14
    by_code = exports.select_export(2024, project="13060524P00454410003M")
    assert [p.name for p in by_code.projects] == ["2024年国贸中心事务资金"]
    project_id = by_code.projects[0].id
    assert exports.select_export(2024, project=str(project_id)).projects[0].id == project_id
    assert by_code.filename() == "2024年国贸中心事务资金绩效目标表（完整版）.docx"
    department = exports.select_export(2024, "304001", layout="basic", department=True)
    assert department.filename() == "2024年304001保定白沟新城国际贸易服务中心（本级）部门绩效目标（简版）.docx"
    assert len(department.departments) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((1999,), "没有符合条件的项目（1999 年度）"),
        ((2024, "999999"), "没有编码为“999999”的预算单位"),
        ((2024, "304001", "NOPE"), "没有符合条件的项目（2024 年度、单位 304001、编码或编号为“NOPE”的项目）"),
        ((2024, None, None, "wide"), "版式“wide”无效"),
    ],
)
def test_nothing_selected_is_a_domain_error(demo, args, message):
    with pytest.raises(DomainError, match=message):
        exports.export_document(*args)


def test_a_unit_without_department_goals_gets_empty_sections(app):
    make_project(make_unit("123456", "某单位"))
    document = open_docx(exports.export_document(2024, "123456", department=True))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[:5] == ["第一部分", "部门整体绩效目标", "一、总体绩效目标", "二、分项绩效目标", "三、工作保障措施"]


def test_several_units_get_a_heading_each(demo):
    db.session.execute(db.update(Project).where(Project.year == 2023).values(year=2024))
    document = open_docx(exports.export_document(2024, department=True))
    headings = [p.text for p in document.paragraphs if p.style.name == "Unit Heading" and p.text]
    assert headings == ["304001保定白沟新城国际贸易服务中心（本级）", "573301中国国际贸易促进委员会天津市分会"]
    assert len(table_titles(document)) == 21


def test_cli_exports_the_department_document(demo, runner, tmp_path):
    out = tmp_path / "部门.docx"
    result = runner.invoke(args=["export", str(out), "--year", "2024", "--unit", "304001", "--department"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        f"已导出部门绩效目标（完整版）：1 个单位的部门整体绩效目标，14 个项目绩效目标表 → {out}"
    )
    assert len(table_titles(open_docx(out.read_bytes()))) == 14


def test_cli_exports_one_project_in_the_basic_layout(demo, runner, tmp_path):
    out = tmp_path / "one.docx"
    result = runner.invoke(
        args=["export", str(out), "--year", "2024", "--project", "13060524P00466210002W", "--layout", "basic", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert '"projects": 1' in result.output
    document = open_docx(out.read_bytes())
    assert table_titles(document) == ["1. 2024年白沟箱包市场采购贸易方式试点活动资金绩效目标表"]  # number set apart (issue 12)


def test_cli_errors_go_to_stderr(demo, runner, tmp_path):
    result = runner.invoke(args=["export", str(tmp_path / "x.docx"), "--year", "1999"])
    assert result.exit_code != 0
    assert "没有符合条件的项目" in result.stderr and result.stdout == ""
    assert not (tmp_path / "x.docx").exists()
    result = runner.invoke(args=["export", str(tmp_path / "no" / "x.docx"), "--year", "2024"])
    assert result.exit_code != 0 and "无法写入文件" in result.stderr


def test_project_page_links_and_download(demo, client):
    project = db.session.scalar(db.select(Project).where(Project.code == "13060524P00466210002W"))
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert f"/projects/{project.id}/export.docx?layout=full" in page and "导出 Word（简版）" in page
    response = client.get(f"/projects/{project.id}/export.docx?layout=basic")
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    name = f"{project.name}绩效目标表（简版）.docx"
    assert f"filename*=UTF-8''{quote(name)}" in response.headers["Content-Disposition"]
    assert table_titles(open_docx(response.data)) == [f"1. {project.name}绩效目标表"]  # the name starts with 2024年


def test_unknown_project_and_bad_layout(demo, client):
    assert client.get("/projects/99999/export.docx").status_code == 404
    project = db.session.scalar(db.select(Project))
    assert client.get(f"/projects/{project.id}/export.docx?layout=wide").status_code == 400


def test_export_all_from_the_list(demo, client):
    unit_id = db.session.scalar(db.select(Project.unit_id).where(Project.year == 2024))
    page = client.get(f"/projects/?year=2024&unit={unit_id}").get_data(as_text=True)
    assert "导出全部（完整版）" in page and "导出部门绩效目标" in page
    response = client.get(f"/exports/targets.docx?year=2024&unit={unit_id}&layout=full&department=1")
    assert response.status_code == 200
    assert quote("部门绩效目标（完整版）.docx") in response.headers["Content-Disposition"]
    assert len(table_titles(open_docx(response.data))) == 14
    response = client.get(f"/exports/targets.docx?year=2024&unit={unit_id}&layout=basic")
    assert len(table_titles(open_docx(response.data))) == 14


def test_export_all_with_nothing_selected_redirects_with_a_message(demo, client):
    response = client.get("/exports/targets.docx?year=1999&layout=full")
    assert response.status_code == 302 and "/projects/?year=1999" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "未导出：没有符合条件的项目（1999 年度）" in page
    response = client.get("/exports/targets.docx?layout=full", follow_redirects=True)
    assert "请先选择年度再导出" in response.get_data(as_text=True)
