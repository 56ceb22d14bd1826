"""中长期目标: goals some tables print beside the year's, kept in a field of their own, shown and exported."""

import json

from app.documents.contexts import document_context
from app.documents.docx_export import render_docx
from app.documents.docx_import import parse_document, parse_docx
from app.documents.interchange import project_to_dict
from app.domain.readmodel import StoredProject
from app.services import interchange
from tests.documents.corpus import REAL
from tests.factories import make_project

LONG = ("优化教育布局，推进教育领域综合改革", "全面提升育人质量")


def test_a_table_with_medium_term_goals_keeps_them_apart_from_the_years():
    # 武汉市青山区 2020: 总体目标 over 中期目标 | 年度目标, the year's goals under their own label.
    (project,) = parse_document((REAL / "hubei_county_2020_wuhan_qingshan_jiaoyu.txt").read_bytes(), "q.txt").projects
    assert project["goals"] == ["按工作计划完成教育局重点项目建设经费预算安排"]
    assert project["long_term_goals"] == ["优化教育布局,推进教育领域综合改革全面提升育人质量实现基础教育持续发展"]


def test_they_are_stored_dumped_loaded_and_exported(app):
    project = make_project(long_term_goals=LONG)
    data = project_to_dict(project)
    assert data["long_term_goals"] == list(LONG)
    dumped = interchange.dump()
    again = json.loads(json.dumps(dumped, ensure_ascii=False))
    interchange.load(again)
    assert interchange.dump() == dumped
    for layout in ("full", "basic"):
        content = render_docx(document_context([StoredProject.from_interchange(data)], []), layout)
        (read,) = parse_docx(content).projects
        assert read["long_term_goals"] == list(LONG) and read["goals"] == data["goals"], layout


def test_a_project_without_them_prints_no_row_and_dumps_no_key(app):
    data = project_to_dict(make_project())
    assert "long_term_goals" not in data
    content = render_docx(document_context([StoredProject.from_interchange(data)], []), "full")
    assert "中长期目标" not in "".join(p.text for t in __import__("docx").Document(__import__("io").BytesIO(content)).tables for r in t.rows for p in r.cells)


def test_the_project_page_and_form_show_them(client, app):
    project = make_project(long_term_goals=LONG)
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert 'id="long-term-goals"' in page and LONG[1] in page
    form = client.get(f"/projects/{project.id}/edit").get_data(as_text=True)
    assert 'name="long_term_goals"' in form and LONG[0] in form
