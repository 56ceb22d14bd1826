"""A unit's scheme per year (issue 11): an administrator switches it in the browser, a draft is
rescored live by it, a submitted or approved evaluation keeps the scheme it was scored with."""

import json
from dataclasses import replace
from decimal import Decimal

from sqlalchemy import func, select

from app.domain.access import Role
from app.extensions import db
from app.models import AuditEvent, ProjectEvaluation
from app.models.schemes import SchemeChoice
from app.services import schemes, selfeval
from tests.conftest import login
from tests.factories import make_project, make_unit, make_user
from tests.selfeval.builders import TOTAL, entry_for, form_data

# The builders' case (76.76 by the 10号 rules) with whole points rounded down: 8.73 → 8, 12.5 → 12,
# 10.53 → 10, 0, 12.5 → 12, 22.5 → 22, 10 → 74.
WHOLE_DOWN = Decimal(74)


def test_a_draft_follows_the_choice_and_a_submitted_evaluation_keeps_its_scheme(app):
    project = make_project()
    selfeval.save(project, entry_for(project))
    assert selfeval.year_end(project).verdict.evaluation.total == TOTAL
    assert selfeval.year_end(project).scheme.name == "czy2020-10"

    schemes.choose(project.unit_id, project.year, "whole-down")
    draft = selfeval.year_end(project)
    assert draft.scheme.name == "whole-down" and draft.verdict.evaluation.total == WHOLE_DOWN

    selfeval.submit(project, entry_for(project), {Role.OFFICER})
    stored = db.session.scalar(select(ProjectEvaluation).where(ProjectEvaluation.project_id == project.id))
    assert json.loads(stored.scheme_rules)["name"] == "whole-down"

    schemes.choose(project.unit_id, project.year, "uncapped")  # switched after the submission
    submitted = selfeval.year_end(project)
    assert submitted.scheme.name == "whole-down" and submitted.verdict.evaluation.total == WHOLE_DOWN
    selfeval.review(project, "approve", {Role.REVIEWER})
    approved = selfeval.year_end(project)
    assert approved.status == "approved" and approved.verdict.evaluation.total == WHOLE_DOWN
    assert [s.evaluation.total for s in selfeval.scored(project.year)] == [WHOLE_DOWN]


def test_a_choice_is_per_unit_and_year(app):
    unit, other = make_unit("304001"), make_unit("573301", "另一单位")
    schemes.choose(unit.id, 2024, "execution20-goals80")
    assert schemes.scheme_for(unit.id, 2024).name == "execution20-goals80"
    assert schemes.scheme_for(unit.id, 2025).name == "czy2020-10"
    assert schemes.scheme_for(other.id, 2024).name == "czy2020-10"
    schemes.choose(unit.id, 2024, "sichuan")  # changed, not added
    assert db.session.scalar(select(func.count()).select_from(SchemeChoice)) == 1
    assert schemes.schemes_for([(unit.id, 2024), (other.id, 2024)])[(unit.id, 2024)].name == "sichuan"


def test_a_units_own_variant_is_kept_whole(app):
    unit = make_unit()
    scheme = schemes.choose(unit.id, 2024, "custom", '{"execution_points": 20, "level_points": {"产出指标": 50, '
                                                     '"效益指标": 20, "满意度指标": 10}, "title": "某市 2024 方案"}')
    assert (scheme.name, scheme.title, scheme.execution_points) == ("custom", "某市 2024 方案", 20)
    again = schemes.scheme_for(unit.id, 2024)
    assert again == scheme


def test_a_wrong_variant_is_refused_and_nothing_is_saved(app):
    unit = make_unit()
    for text, message in [("{", "评分方案不是有效的 JSON"), ('{"cap": 1}', "“cap”应为 true 或 false"),
                          ('["x"]', "评分方案应为一个 JSON 对象")]:
        try:
            schemes.choose(unit.id, 2024, "custom", text)
        except Exception as err:  # DomainError
            assert message in str(err)
        else:
            raise AssertionError(text)
    assert db.session.scalar(select(func.count()).select_from(SchemeChoice)) == 0


# --- the pages ------------------------------------------------------------------------------------


def test_an_administrator_switches_a_unit_and_the_draft_is_rescored_live(app):
    unit = make_unit()
    officer = login(app.test_client(), make_user("officer", ["officer"], [unit]))
    admin = login(app.test_client(), make_user("admin", ["admin"]))
    project = make_project(unit)
    assert officer.post(f"/projects/{project.id}/selfeval", data=form_data(project)).status_code == 302

    page = admin.get("/admin/schemes").get_data(as_text=True)
    assert "czy2020-10：财预〔2020〕10号" in page and "预算执行率 20 分：得分 = 20 × 执行率" in page
    response = admin.post("/admin/schemes", data={"unit_id": unit.id, "year": project.year, "scheme": "whole-down"})
    assert response.status_code == 302
    assert "whole-down：财预〔2020〕10号 分值，得分取整舍去小数" in admin.get("/admin/schemes").get_data(as_text=True)

    live = officer.post(f"/projects/{project.id}/selfeval/check", data=form_data(project)).get_json()
    assert live["total"] == "74"
    html = officer.get(f"/projects/{project.id}/selfeval").get_data(as_text=True)
    assert "评分方案：财预〔2020〕10号 分值，得分取整舍去小数" in html


def test_the_administrators_page_refuses_a_bad_variant_and_previews_a_good_one(app):
    unit = make_unit()
    admin = login(app.test_client(), make_user("admin", ["admin"]))
    bad = admin.post("/admin/schemes", data={"unit_id": unit.id, "year": 2024, "scheme": "custom", "rules": '{"rounding": "2"}'})
    assert bad.status_code == 422 and "“rounding”应为 0.01-half-up" in bad.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(SchemeChoice)) == 0
    preview = admin.post("/admin/schemes/preview", data={"rules": '{"execution_points": 20, "level_points": {"年度绩效目标": 80}}'})
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "预算执行率 20 分" in html
    # 示例项目: 20 × 92% = 18.4; five indicators share 80, 16 each: 14.4 (180 of 200), 16, 16,
    # 部分达成 70% of 16 = 11.2, 16 → 92.
    assert 'id="sample-total">92<' in html
    assert db.session.scalar(select(func.count()).select_from(SchemeChoice)) == 0


def test_the_check_page_shows_the_rows_that_differ(app):
    auditor = login(app.test_client(), make_user("auditor", ["auditor"]))
    table = "\n".join([
        "项目名称\t培训项目\t\t\t\t\t\t\t",
        "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\t",
        "\t年度资金总额\t100\t100\t95\t10\t95%\t9.5\t",
        "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
        "\t产出指标\t数量指标\t培训人数\t≥200人\t180人\t50\t45\t",
        "\t效益指标\t社会效益指标\t影响\t明显提升\t提升\t30\t35\t",
        "\t满意度指标\t服务对象满意度指标\t满意度\t≥90%\t95%\t10\t10\t",
    ])
    response = auditor.post("/selfeval/check", data={"text": table, "scheme": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "得分 35 超过分值 30" in html and "培训项目（评分方案：as-printed）" in html
    empty = auditor.post("/selfeval/check", data={"text": "", "scheme": ""})
    assert empty.status_code == 422 and "请选择自评表文件或粘贴自评表文字" in empty.get_data(as_text=True)


def test_a_choice_is_recorded_in_the_audit_trail(app):
    unit = make_unit()
    admin = login(app.test_client(), make_user("admin", ["admin"]))
    mark = db.session.scalar(select(func.max(AuditEvent.id))) or 0
    assert admin.post("/admin/schemes", data={"unit_id": unit.id, "year": 2024, "scheme": "sichuan"}).status_code == 302
    assert admin.post("/admin/schemes", data={"unit_id": unit.id, "year": 2024, "scheme": "four-part"}).status_code == 302
    db.session.expire_all()
    events = list(db.session.scalars(select(AuditEvent).where(AuditEvent.id > mark).order_by(AuditEvent.id)))
    assert [(e.action, e.object_type, e.object_label, e.actor_name) for e in events] == [
        ("create", "SchemeChoice", "2024 年度评分方案", "admin"), ("update", "SchemeChoice", "2024 年度评分方案", "admin"),
    ]
    assert {field: after for field, _, after in events[0].changes}["scheme_name"] == "sichuan"
    changed = {field: (before, after) for field, before, after in events[-1].changes}
    assert changed["scheme_name"] == ("sichuan", "four-part")


def test_a_four_part_unit_enters_the_evaluators_scores_on_the_page(app):
    unit = make_unit()
    officer = login(app.test_client(), make_user("officer", ["officer"], [unit]))
    project = make_project(unit)
    schemes.choose(unit.id, project.year, "four-part")
    html = officer.get(f"/projects/{project.id}/selfeval").get_data(as_text=True)
    assert "评价人打分" in html and "项目决策（20 分）" in html and 'name="parts-1-name" type="hidden" value="项目过程"' in html
    data = form_data(project)
    data.update({"parts-0-name": "项目决策", "parts-0-score": "18", "parts-1-name": "项目过程", "parts-1-score": ""})
    assert officer.post(f"/projects/{project.id}/selfeval", data=data).status_code == 302  # a blank part: still a draft
    refused = officer.post(f"/projects/{project.id}/selfeval/submit", data=data)
    assert refused.status_code == 422 and "请填写“项目过程”的得分（20 分，由评价人按评分标准打分）" in refused.get_data(as_text=True)
    data["parts-1-score"] = "25"
    wrong = officer.post(f"/projects/{project.id}/selfeval", data=data)
    assert wrong.status_code == 422 and "“项目过程”的得分应在 0–20 分之间，填写的是 25" in wrong.get_data(as_text=True)
    data["parts-1-score"] = "17.5"
    live = officer.post(f"/projects/{project.id}/selfeval/check", data=data).get_json()
    assert live["parts"] == [{"name": "项目决策", "points": "20", "score": "18"}, {"name": "项目过程", "points": "20", "score": "17.5"}]
    assert officer.post(f"/projects/{project.id}/selfeval", data=data).status_code == 302
    stored = selfeval.year_end(project)
    assert stored.entry.part_scores == (("项目决策", Decimal(18)), ("项目过程", Decimal("17.5")))
    assert [p.score for p in stored.verdict.evaluation.parts] == [18, Decimal("17.50")]


def test_an_as_printed_unit_types_every_weight(app):
    project = make_project()
    schemes.choose(project.unit_id, project.year, "as-printed")
    draft = selfeval.year_end(project, entry_for(project))  # no weight typed yet
    assert [row.error for row in draft.verdict.rows] == ["按表列分值评分，须填写该指标的分值"] * 6
    assert all(row.missing for row in draft.verdict.rows) and draft.verdict.save_problems() == ()
    selfeval.save(project, entry_for(project))  # a draft may be saved with blanks
    weights = (20, 20, 20, 20, 30, 10)
    entry = entry_for(project)
    typed = replace(entry, rows=tuple(replace(row, weight=Decimal(w)) for row, w in zip(entry.rows, weights)))
    scored = selfeval.year_end(project, typed).verdict.evaluation
    # 8.73 + 20 + 20 × 80 ÷ 95 + 0 + 20 + 30 × 75% + 10 = 8.73 + 20 + 16.84 + 0 + 20 + 22.5 + 10
    assert scored.total == Decimal("98.07")


def test_the_officer_sets_a_rows_direction_on_the_page(app):
    unit = make_unit()
    officer = login(app.test_client(), make_user("officer", ["officer"], [unit]))
    project = make_project(unit)
    html = officer.get(f"/projects/{project.id}/selfeval").get_data(as_text=True)
    assert 'name="indicators-0-direction"' in html and "按指标值" in html
    data = form_data(project)
    # 外出次数 "≤4次" with 3 done: met. Said to be 正向 by the officer, it reads as "≥4次": 12.5 × 3 ÷ 4.
    data["indicators-0-direction"] = "正向"
    live = officer.post(f"/projects/{project.id}/selfeval/check", data=data).get_json()
    assert live["rows"][0]["score"] == "9.38" and live["rows"][0]["met"] is False
    assert officer.post(f"/projects/{project.id}/selfeval", data=data).status_code == 302
    assert selfeval.year_end(project).entry.rows[0].direction == "正向"
    page = officer.get(f"/projects/{project.id}/selfeval").get_data(as_text=True)
    assert '<option selected value="正向">正向</option>' in page
    data["indicators-0-direction"] = "向上"
    assert officer.post(f"/projects/{project.id}/selfeval", data=data).status_code == 422
