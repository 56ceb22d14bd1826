"""The year-end page: what it shows, what it keeps on error, the live verdict, submit, downloads."""

import re
from io import BytesIO

from docx import Document
from openpyxl import load_workbook
from sqlalchemy import event, func, select

from app.domain.access import Role
from app.extensions import db
from app.models import ProjectEvaluation
from app.services import selfeval
from tests.conftest import login
from tests.factories import make_project, make_unit, make_user
from tests.selfeval.builders import TOTAL, entry_for, form_data

# ``client`` (tests/conftest.py) is signed in as an officer of every unit.


def errors_in(html: str) -> list[str]:
    return re.findall(r'<span class="field-error">([^<]*)</span>', html)


def test_the_page_shows_the_table_and_the_stored_verdict(client):
    project = make_project()
    selfeval.save(project, entry_for(project))
    response = client.get(f"/projects/{project.id}/selfeval")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "年初预算数" in html and "26.00" in html
    assert 'value="22.7万元"' in html
    assert "实际 80% 未达目标 ≥95%，得分 = 12.5 × 80 ÷ 95 = 10.53" in html
    assert "总分 <strong>76.76</strong>，自评等级：<strong>中</strong>" in html
    assert 'placeholder="12.5"' in html  # the default weight share
    assert "<script" not in html.replace('<script src="/static/js/selfeval.js"></script>', "")  # no inline script


def test_a_project_without_entry_opens_blank(client):
    project = make_project()
    html = client.get(f"/projects/{project.id}/selfeval").get_data(as_text=True)
    assert "未填报" in html and "缺少全年执行数" in html and "尚未填写完整，暂无总分" in html


def test_save_redirects_and_stores(client):
    project = make_project()
    response = client.post(f"/projects/{project.id}/selfeval", data=form_data(project))
    assert response.status_code == 302
    assert selfeval.year_end(project).verdict.evaluation.total == TOTAL


def test_errors_keep_what_was_typed_and_save_nothing(client):
    project = make_project()
    data = form_data(project)
    data.update({"spent_other": "一百", "indicators-0-actual": "3天", "indicators-2-weight": "十分",
                 "overall_actual": "这段文字要留在页面上"})
    response = client.post(f"/projects/{project.id}/selfeval", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "其他资金“一百”不是有效金额" in errors_in(html)
    assert "分值应为数字，填写的是“十分”" in errors_in(html)
    assert 'value="一百"' in html and 'value="十分"' in html and "这段文字要留在页面上" in html
    assert "有 2 处需要修改，请查看标红的内容（指标：第 3 行“完成时限”）。未保存任何内容。" in html
    assert db.session.scalar(select(func.count()).select_from(ProjectEvaluation)) == 0
    # with the shape fixed, the domain's error lands beside the actual
    data.update({"spent_other": "0.60", "indicators-2-weight": ""})
    html = client.post(f"/projects/{project.id}/selfeval", data=data).get_data(as_text=True)
    assert errors_in(html) == ["实际完成值“3天”的单位“天”与指标值的单位“次”不一致"]
    assert "有 1 处需要修改，请查看标红的内容（指标：第 1 行“外出次数”）。未保存任何内容。" in html
    assert 'value="3天"' in html
    assert db.session.scalar(select(func.count()).select_from(ProjectEvaluation)) == 0


def test_errors_land_on_the_right_row_when_rows_come_back_reordered(client):
    project = make_project()
    data = form_data(project)
    first = {k.split("-", 2)[2]: v for k, v in data.items() if k.startswith("indicators-0-")}
    last = {k.split("-", 2)[2]: v for k, v in data.items() if k.startswith("indicators-5-")}
    first["actual"] = "3天"
    for name in first:
        data[f"indicators-0-{name}"], data[f"indicators-5-{name}"] = last.get(name, ""), first[name]
    html = client.post(f"/projects/{project.id}/selfeval", data=data).get_data(as_text=True)
    row = re.search(r'data-indicator-id="%d".*?</tr>' % project.indicators[0].id, html, re.S).group(0)  # noqa: UP031
    assert "单位“天”与指标值的单位“次”不一致" in row


def test_live_verdict_follows_the_form(client):
    project = make_project()
    data = form_data(project)
    data["indicators-1-actual"] = "96%"
    data["indicators-3-weight"] = "x"
    response = client.post(f"/projects/{project.id}/selfeval/check", data=data)
    assert response.status_code == 200
    document = response.get_json()
    row = document["rows"][1]
    assert (row["indicator_id"], row["status"], row["score"], row["weight"]) == (project.indicators[1].id, "达标", "12.5", "12.5")
    assert document["spent"] == "22.70"
    assert document["execution"]["rate"] == "87.31%"
    assert document["fields"] == {"indicators-3-weight": ["分值应为数字，填写的是“x”"]}
    assert document["complete"] and document["total"] == "78.73"  # 76.76 − 10.53 + 12.5
    assert db.session.scalar(select(func.count()).select_from(ProjectEvaluation)) == 0  # nothing saved
    data["indicators-1-actual"] = ""
    row = client.post(f"/projects/{project.id}/selfeval/check", data=data).get_json()["rows"][1]
    assert (row["status"], row["explanation"], row["missing"]) == ("待填写", "缺少实际完成值", True)


def test_live_verdict_needs_the_csrf_token(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    project = make_project()
    response = client.post(f"/projects/{project.id}/selfeval/check", data=form_data(project))
    assert response.status_code == 400


def test_submit_refuses_with_the_list_of_missing_reasons(client):
    project = make_project()
    response = client.post(f"/projects/{project.id}/selfeval/submit", data=form_data(project, entry_for(project, reasons=False)))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "以下项目缺少偏差原因分析及改进措施，不能提交：预算执行率、活动参与率、完成时限、外出考察学习" in html
    assert errors_in(html).count("请填写偏差原因分析及改进措施") == 3
    assert "预算执行率低于 90%，请说明原因" in errors_in(html)
    assert db.session.scalar(select(func.count()).select_from(ProjectEvaluation)) == 0


def test_submit_locks_the_page(client):
    project = make_project()
    response = client.post(f"/projects/{project.id}/selfeval/submit", data=form_data(project))
    assert response.status_code == 302
    html = client.get(f"/projects/{project.id}/selfeval").get_data(as_text=True)
    assert "自评已提交，不能修改" in html and "<fieldset disabled>" in html
    assert 'id="submit-selfeval"' not in html
    response = client.post(f"/projects/{project.id}/selfeval", data=form_data(project))
    assert response.status_code == 422


def test_review_steps_need_a_reviewer(client):
    project = make_project()
    client.post(f"/projects/{project.id}/selfeval/submit", data=form_data(project))
    assert client.post(f"/projects/{project.id}/selfeval/review", data={"action": "approve"}).status_code == 403
    assert selfeval.year_end(project).status == "submitted"


def test_a_reviewer_returns_the_evaluation(app):
    # One client per test: Flask-Login keeps the user in ``g``, which the test's app context shares.
    project = make_project()
    selfeval.submit(project, entry_for(project), {Role.OFFICER})
    reviewer = login(app.test_client(), make_user("reviewer1", ["reviewer"], units=[project.unit]))
    html = reviewer.get(f"/projects/{project.id}/selfeval").get_data(as_text=True)
    assert "审核通过" in html and "退回修改" in html and 'id="save-selfeval"' not in html
    reviewer.post(f"/projects/{project.id}/selfeval/review", data={"action": "return", "comment": "请补充佐证"})
    assert selfeval.year_end(project).status == "returned"


def test_a_returned_evaluation_can_be_changed_again(client):
    project = make_project()
    selfeval.submit(project, entry_for(project), {Role.OFFICER})
    selfeval.review(project, "return", {Role.REVIEWER}, "请补充佐证")
    html = client.get(f"/projects/{project.id}/selfeval").get_data(as_text=True)
    assert "退回理由：请补充佐证" in html and 'id="save-selfeval"' in html


def test_another_units_project_is_forbidden(app):
    client = login(app.test_client(), make_user("officer-a", units=[make_unit()]))
    project = make_project(make_unit("573301", "天津"), code="T")
    assert client.get(f"/projects/{project.id}/selfeval").status_code == 403
    assert client.get(f"/projects/{project.id}/selfeval.docx").status_code == 403
    assert client.get(f"/selfeval/?year=2024&unit={project.unit_id}").status_code == 403


def test_project_docx_download(client):
    project = make_project()
    selfeval.save(project, entry_for(project))
    response = client.get(f"/projects/{project.id}/selfeval.docx")
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    assert "attachment" in response.headers["Content-Disposition"]
    table = Document(BytesIO(response.data)).tables[0]
    assert table.cell(0, 1).text == project.name


def test_summary_page_sorts_and_links(client):
    project = make_project()
    make_project(code="B", name="未填报项目")
    selfeval.save(project, entry_for(project))
    html = client.get(f"/selfeval/?year=2024&unit={project.unit_id}&sort=score&dir=desc").get_data(as_text=True)
    names = re.findall(r'<td><a href="/projects/\d+/selfeval">([^<]*)</a></td>', html)
    assert names == [project.name, "未填报项目"]
    assert "87.31%" in html and "76.76" in html
    assert "预算执行率、活动参与率、完成时限、外出考察学习" not in html  # reasons were given
    assert client.get("/selfeval/").status_code == 200
    assert client.get("/selfeval/?year=2024&unit=999").status_code == 404


def test_summary_xlsx_and_unit_docx(client):
    project = make_project()
    make_project(code="B", name="未填报项目")
    selfeval.save(project, entry_for(project))
    response = client.get(f"/selfeval/summary.xlsx?year=2024&unit={project.unit_id}")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.data)).active
    assert sheet.cell(3, 2).value == project.name
    response = client.get(f"/selfeval/report.docx?year=2024&unit={project.unit_id}")
    assert len(Document(BytesIO(response.data)).tables) == 2
    assert client.get("/selfeval/summary.xlsx").status_code == 404


def test_project_page_and_nav_link_to_the_year_end(client):
    project = make_project()
    html = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert f'href="/projects/{project.id}/selfeval"' in html
    assert 'href="/selfeval/"' in html


def test_summary_queries_do_not_grow_with_projects(app, client):
    first = make_project()
    selfeval.save(first, entry_for(first))
    unit_id = first.unit_id

    def count():
        statements = []

        def listen(*args):
            statements.append(args[2])

        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            client.get(f"/selfeval/?year=2024&unit={unit_id}")
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
        return len(statements)

    few = count()
    for n in range(5):
        project = make_project(code=f"X{n}", name=f"项目{n}")
        selfeval.save(project, entry_for(project))
    assert count() == few


def test_the_spending_recorded_on_the_progress_pages_is_offered(client):
    import datetime
    from decimal import Decimal

    from app.models import BudgetAdjustment, Payment

    project = make_project()
    html = client.get(f"/projects/{project.id}/selfeval").get_data(as_text=True)
    assert 'id="recorded-spending"' not in html  # nothing recorded, nothing offered
    day = datetime.date(2024, 6, 30)
    db.session.add_all([
        Payment(project_id=project.id, day=day, amount=Decimal("10.10"), source="财政资金", voucher="1"),
        Payment(project_id=project.id, day=day, amount=Decimal("0.20"), source="财政资金", voucher="2"),
        Payment(project_id=project.id, day=day, amount=Decimal("1.50"), source="其他资金", voucher="3"),
        BudgetAdjustment(project_id=project.id, amount=Decimal("24.00"), reason="调减", day=day),
    ])
    db.session.commit()
    recorded = selfeval.recorded_spending(project)
    assert (recorded.budget, recorded.fiscal, recorded.other, recorded.payments) == (
        Decimal("24.00"), Decimal("10.30"), Decimal("1.50"), 3)
    html = client.get(f"/projects/{project.id}/selfeval").get_data(as_text=True)
    assert "支出 3 笔，财政资金 10.30 万元、其他资金 1.50 万元；调整后预算数 24.00 万元。" in html
    assert 'data-budget="24.00"' in html and 'data-fiscal="10.30"' in html and 'data-other="1.50"' in html
    assert db.session.scalar(select(func.count()).select_from(ProjectEvaluation)) == 0  # only offered


def test_weights_that_do_not_add_up_are_refused_naming_the_level(client):
    project = make_project()
    data = form_data(project)
    for n in range(4):  # the four 产出指标 rows at 10 each: 40 of 50
        data[f"indicators-{n}-weight"] = "10"
    response = client.post(f"/projects/{project.id}/selfeval", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "“产出指标”各指标分值合计 40 分，应为 50 分" in html
    assert db.session.scalar(select(func.count()).select_from(ProjectEvaluation)) == 0
    data["indicators-3-weight"] = "20"
    assert client.post(f"/projects/{project.id}/selfeval", data=data).status_code == 302
    assert [r.weight for r in selfeval.year_end(project).verdict.rows[:4]] == [10, 10, 10, 20]
