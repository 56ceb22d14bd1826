"""Target quality on the pages (issue 17): findings beside the table, live on the form, submission refused on a must-fix."""

import json

import pytest

from app.domain.projects import IndicatorDraft
from app.extensions import db
from app.models import Project
from app.services.demo import load_demo
from tests.conftest import login
from tests.factories import INDICATORS, form_data, make_project, make_unit, make_user

REPEATS = IndicatorDraft("效益指标", "社会效益指标", "提升外贸规模", "提升外贸规模", "", "依据")


@pytest.fixture
def team(app):
    unit = make_unit()
    return {
        "unit": unit,
        "officer": make_user("officer", ["officer"], [unit]),
        "reviewer": make_user("reviewer", ["reviewer"], [unit]),
    }


def as_(app, user):
    return login(app.test_client(), user)


def status(project_id):
    db.session.expire_all()
    return db.session.get(Project, project_id).status


def test_the_reviewer_sees_the_findings_beside_the_table(app, team):
    project = make_project(indicators=(*INDICATORS[:4], REPEATS, INDICATORS[5]))
    page = as_(app, team["reviewer"]).get(f"/projects/{project.id}").get_data(as_text=True)
    assert 'id="quality-findings"' in page
    assert "[必须修改]" in page and "第 5 行指标：指标值“提升外贸规模”与三级指标名称相同" in page
    assert 'data-where="indicators-4-target_text"' in page and "财预〔2021〕101号" in page


def test_submission_is_refused_while_a_must_fix_finding_remains(app, team):
    project = make_project(indicators=INDICATORS[:4])  # no 效益指标
    officer = as_(app, team["officer"])
    response = officer.post(f"/projects/{project.id}/submit", follow_redirects=True)
    assert "提交前必须修改：没有效益指标" in response.get_data(as_text=True)
    assert status(project.id) == "draft"
    fine = make_project(name="另一个项目", code="P-2")
    officer.post(f"/projects/{fine.id}/submit")
    assert status(fine.id) == "submitted"  # advice alone never blocks


def test_the_edit_page_shows_findings_and_the_api_gives_them_live(app, team):
    project = make_project(indicators=INDICATORS[:4])
    officer = as_(app, team["officer"])
    page = officer.get(f"/projects/{project.id}/edit").get_data(as_text=True)
    assert 'data-quality-url="/api/projects/quality"' in page and "没有效益指标" in page
    # Row 1 left empty: the finding on the draft's row 4 is placed at the form's row 5.
    data = form_data(team["unit"].id, indicators=(*INDICATORS[:4], REPEATS))
    moved = {k.replace(f"indicators-{i}-", f"indicators-{i + 1}-"): v
             for i in reversed(range(5)) for k, v in data.items() if k.startswith(f"indicators-{i}-")}
    data = {k: v for k, v in data.items() if not k.startswith("indicators-")} | moved
    data |= {f"indicators-0-{name}": "" for name in ("level1", "level2", "name", "description", "target_text", "basis")}
    response = officer.post("/api/projects/quality", data=data)
    assert response.status_code == 200
    findings = response.get_json()
    repeat = next(f for f in findings if f["code"] == "value-repeats-name")
    assert repeat["where"] == "indicators-5-target_text" and repeat["severity_label"] == "必须修改"
    assert set(repeat) == {"code", "severity", "severity_label", "where", "row", "message", "fix", "source"}


def test_the_api_answers_a_half_typed_form(app, team):
    response = as_(app, team["officer"]).post("/api/projects/quality", data={"year": "abc", "budget_total": "x"})
    assert response.status_code == 200 and response.get_json() == []


def test_jixiao_check_json(app, runner):
    load_demo()
    result = runner.invoke(args=["check", "--year", "2024", "--unit", "304001", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert len(document) == 14 and all(list(item) == ["project", "findings"] for item in document)
    assert list(document[0]["project"]) == ["unit", "year", "code", "name"]
    item = next(i for i in document if i["project"]["name"].startswith("关于下达2022年第二批"))
    must = [f for f in item["findings"] if f["severity"] == "must"]
    assert [(f["code"], f["where"], f["row"]) for f in must] == [("value-repeats-name", "indicators-4-target_text", 5)]
    assert list(must[0]) == ["code", "severity", "where", "row", "message", "fix", "source"]
    text = runner.invoke(args=["check", "--year", "2024", "--unit", "304001"])
    assert text.exit_code == 0 and "[必须修改] 第 5 行指标" in text.output
    bad = runner.invoke(args=["check", "--year", "2024", "--unit", "NOPE", "--json"])
    assert bad.exit_code != 0 and "预算单位 NOPE 不存在" in bad.stderr and bad.stdout == ""


def test_copy_to_next_year_flags_last_years_unmet_indicators(app, team):
    from app.models import IndicatorEvaluation, ProjectEvaluation
    from app.services import transaction

    project = make_project()
    with transaction():
        evaluation = ProjectEvaluation(project_id=project.id)
        db.session.add(evaluation)
        db.session.flush()
        first, second = project.indicators[0], project.indicators[1]  # ≤4次, ≥95%
        db.session.add_all([
            IndicatorEvaluation(evaluation_id=evaluation.id, indicator_id=first.id, actual="6次"),
            IndicatorEvaluation(evaluation_id=evaluation.id, indicator_id=second.id, actual="98%"),
        ])
    officer = as_(app, team["officer"])
    page = officer.post(f"/projects/{project.id}/copy", follow_redirects=True).get_data(as_text=True)
    assert "上年完成情况：第 1 行指标“外出次数”2024 年未达成（指标值“≤4次”，实际完成“6次”）" in page
    assert "第 2 行指标“活动参与率”2024 年实际完成“98%”，高于指标值“≥95%”，可作为今年指标值的起点" in page


def test_the_library_suggests_indicators_of_the_users_units(app, team):
    load_demo()  # seed 004's 14 tables are unit 304001's, seed 003's another unit's
    officer = as_(app, team["officer"])
    entries = officer.get("/api/indicators/suggest?q=满意&level2=服务对象满意度指标").get_json()
    top = entries[0]
    assert top["name"] == "企业满意度" and top["uses"] == 4 and top["values"][0] == "≥98%"
    assert top["basis"] == "调查问卷" and top["level1"] == "满意度指标"
    assert all(e["name"] != "使用人员满意度" for e in entries)  # seed 003's unit is not the officer's
    assert officer.get("/api/indicators/suggest?q=").get_json() == []
    page = officer.get("/projects/new").get_data(as_text=True)
    assert 'data-suggest-url="/api/indicators/suggest"' in page


def test_a_reviewer_returns_a_table_with_row_opinions_and_the_officer_answers(app, team):
    from app.models import AuditEvent

    project = make_project()
    officer, reviewer = as_(app, team["officer"]), as_(app, team["reviewer"])
    officer.post(f"/projects/{project.id}/submit")
    assert status(project.id) == "submitted"
    page = reviewer.get(f"/projects/{project.id}").get_data(as_text=True)
    assert 'id="opinion-form"' in page and "第 5 行 外出考察学习" in page
    reviewer.post(f"/projects/{project.id}/opinions", data={"row": "5", "text": "指标值没有可衡量的标准，请量化"})
    reviewer.post(f"/projects/{project.id}/opinions", data={"row": "", "text": "请补充指标值确定依据"})
    response = reviewer.post(f"/projects/{project.id}/opinions", data={"row": "99", "text": "x"}, follow_redirects=True)
    assert "第 99 行指标不存在" in response.get_data(as_text=True)
    # the officer cannot answer while the table is with the reviewer
    db.session.expire_all()
    first = db.session.get(Project, project.id).opinions[0]
    response = officer.post(f"/projects/{project.id}/opinions/answer", data={"opinion_id": first.id, "answer": "好"},
                            follow_redirects=True)
    assert "项目退回修改后才能答复审核意见" in response.get_data(as_text=True)
    reviewer.post(f"/projects/{project.id}/return", data={"comment": "见审核意见"})
    assert status(project.id) == "returned"
    page = officer.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "指标值没有可衡量的标准，请量化" in page and "整表" in page and 'class="answer-opinion"' in page
    officer.post(f"/projects/{project.id}/opinions/answer", data={"opinion_id": first.id, "answer": "已改为“考察报告≥2份”"})
    page = reviewer.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "已改为“考察报告≥2份”" in page and 'id="opinion-form"' not in page  # returned: no new opinions
    db.session.expire_all()
    events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.object_type == "ReviewOpinion").order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor_name) for e in events] == [
        ("create", "reviewer"), ("create", "reviewer"), ("update", "officer")
    ]
    assert {(e.root_type, e.root_id) for e in events} == {("Project", project.id)}


def test_a_reviewer_marks_a_benchmark_indicator_and_the_library_offers_it_first(app, team):
    from app.models import AuditEvent

    load_demo()
    project = make_project(name="标杆项目", code="P-B")
    reviewer, officer = as_(app, team["reviewer"]), as_(app, team["officer"])
    assert 'id="recommend-form"' in reviewer.get(f"/projects/{project.id}").get_data(as_text=True)
    assert 'id="recommend-form"' not in officer.get(f"/projects/{project.id}").get_data(as_text=True)
    response = reviewer.post(f"/projects/{project.id}/recommend", data={"row": "6", "kind": "会展活动"},
                             follow_redirects=True)
    assert "已将“参与人员满意度”设为会展活动的标杆指标" in response.get_data(as_text=True)
    again = reviewer.post(f"/projects/{project.id}/recommend", data={"row": "6", "kind": "会展活动"},
                          follow_redirects=True)
    assert "“参与人员满意度”已是会展活动的标杆指标" in again.get_data(as_text=True)
    entries = officer.get("/api/indicators/suggest?q=满意度").get_json()
    assert (entries[0]["name"], entries[0]["recommended"]) == ("参与人员满意度", ["会展活动"])
    assert db.session.scalars(db.select(AuditEvent).where(AuditEvent.object_type == "RecommendedIndicator")).all()
