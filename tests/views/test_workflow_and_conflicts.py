"""Review workflow on the project pages, and two people editing the same project at once."""

import pytest
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from app.domain.errors import ConflictError, DomainError
from app.extensions import db
from app.models import Project
from app.services import projects
from tests.conftest import login
from tests.factories import form_data, make_project, make_unit, make_user


@pytest.fixture
def team(app):
    unit = make_unit()
    return {
        "unit": unit,
        "officer": make_user("officer", ["officer"], [unit]),
        "colleague": make_user("colleague", ["officer"], [unit]),
        "reviewer": make_user("reviewer", ["reviewer"], [unit]),
        "both": make_user("both", ["officer", "reviewer"], [unit]),
        "other_reviewer": make_user("reviewer-b", ["reviewer"], [make_unit("573301", "天津")]),
    }


def as_(app, user):
    return login(app.test_client(), user)


def status(project_id):
    db.session.expire_all()
    return db.session.get(Project, project_id).status


def test_submit_approve_locks_until_reopened(app, team):
    project = make_project(team["unit"])
    officer, reviewer = as_(app, team["officer"]), as_(app, team["reviewer"])
    page = officer.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "草稿" in page and 'id="step-submit"' in page and 'id="step-approve"' not in page
    officer.post(f"/projects/{project.id}/submit")
    assert status(project.id) == "submitted"
    # submitted: the officer can no longer change or delete it
    assert officer.get(f"/projects/{project.id}/edit").status_code == 302
    assert officer.post(f"/projects/{project.id}/edit", data=form_data(team["unit"].id)).status_code == 302
    assert officer.post(f"/projects/{project.id}/delete").status_code == 302
    assert status(project.id) == "submitted"
    queue = reviewer.get("/review/").get_data(as_text=True)
    assert project.name in queue
    assert as_(app, team["other_reviewer"]).get("/review/").get_data(as_text=True).count(project.name) == 0
    reviewer.post(f"/projects/{project.id}/approve")
    assert status(project.id) == "approved"
    page = officer.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "已审核" in page and "编辑</a>" not in page and "删除</a>" not in page
    with pytest.raises(DomainError, match="已审核"):
        projects.delete_project(db.session.get(Project, project.id))
    # reopening needs a reason, and gives the project back to the officer
    reviewer.post(f"/projects/{project.id}/reopen", data={"comment": ""})
    assert status(project.id) == "approved"
    reviewer.post(f"/projects/{project.id}/reopen", data={"comment": "预算调整，需修改"})
    assert status(project.id) == "returned"
    page = officer.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "预算调整，需修改" in page and "编辑</a>" in page


def test_a_return_needs_a_comment_and_shows_it(app, team):
    project = make_project(team["unit"])
    as_(app, team["officer"]).post(f"/projects/{project.id}/submit")
    reviewer = as_(app, team["reviewer"])
    response = reviewer.post(f"/projects/{project.id}/return", data={"comment": "  "}, follow_redirects=True)
    assert "请填写理由" in response.get_data(as_text=True) and status(project.id) == "submitted"
    reviewer.post(f"/projects/{project.id}/return", data={"comment": "绩效目标不够具体"})
    assert status(project.id) == "returned"
    assert "绩效目标不够具体" in as_(app, team["officer"]).get(f"/projects/{project.id}").get_data(as_text=True)


def test_nobody_reviews_their_own_submission(app, team):
    project = make_project(team["unit"])
    both = as_(app, team["both"])
    both.post(f"/projects/{project.id}/submit")
    response = both.post(f"/projects/{project.id}/approve", follow_redirects=True)
    assert "不能审核本人提交的项目" in response.get_data(as_text=True) and status(project.id) == "submitted"


def test_steps_out_of_order_are_refused(app, team):
    project = make_project(team["unit"])
    response = as_(app, team["reviewer"]).post(f"/projects/{project.id}/approve", follow_redirects=True)
    assert "当前状态为“草稿”，不能审核通过" in response.get_data(as_text=True)


def test_imports_and_copies_start_as_drafts(app, team):
    project = make_project(team["unit"])
    as_(app, team["officer"]).post(f"/projects/{project.id}/submit")
    copy = projects.copy_to_next_year(db.session.get(Project, project.id))
    assert copy.status == "draft" and copy.version == 1


def test_a_reload_of_a_locked_project_changes_nothing_and_a_change_is_refused(app, team):
    from app.services import interchange

    project = make_project(team["unit"])
    project.status = "approved"
    db.session.commit()
    document = interchange.dump()
    interchange.load(document)  # identical: fine
    document["projects"][0]["name"] = "被改的名称"
    document["projects"][0]["code"] = project.code
    with pytest.raises(DomainError, match="已审核"):
        interchange.load(document)
    assert db.session.get(Project, project.id).name == "2024年白沟箱包市场采购贸易方式试点活动资金"


def test_the_second_save_is_refused_with_who_changed_what_and_keeps_the_typing(app, team):
    project = make_project(team["unit"])
    first, second = as_(app, team["officer"]), as_(app, team["colleague"])
    # both open the edit page at the same version
    assert f'name="version" type="hidden" value="{project.version}"' in first.get(f"/projects/{project.id}/edit").text
    second.get(f"/projects/{project.id}/edit")
    opened = project.version
    saved = first.post(f"/projects/{project.id}/edit", data=form_data(
        team["unit"].id, code=project.code, name="第一个人的名称", budget_total="26.00", budget_fiscal="26.00",
        version=str(opened), **{"checkpoints-3-amount": "26.00", "indicators-0-target_text": "≤6次"}))
    assert saved.status_code == 302
    refused = second.post(f"/projects/{project.id}/edit", data=form_data(
        team["unit"].id, code=project.code, name="第二个人的名称", budget_total="26.00", budget_fiscal="26.00",
        version=str(opened), purpose="第二个人写的用途", **{"checkpoints-3-amount": "26.00"}))
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "该项目已被他人修改，您的修改尚未保存" in page
    assert "officer 于" in page and "名称" in page and "外出次数" in page and "指标值" in page
    assert 'value="第二个人的名称"' in page and "第二个人写的用途" in page  # nothing typed is lost
    db.session.expire_all()
    assert db.session.get(Project, project.id).name == "第一个人的名称"
    # the refused page carries the new version: saving again is a deliberate overwrite
    current = db.session.get(Project, project.id).version
    assert f'name="version" type="hidden" value="{current}"' in page
    again = second.post(f"/projects/{project.id}/edit", data=form_data(
        team["unit"].id, code=project.code, name="第二个人的名称", budget_total="26.00", budget_fiscal="26.00",
        version=str(current), **{"checkpoints-3-amount": "26.00"}))
    assert again.status_code == 302
    db.session.expire_all()
    assert db.session.get(Project, project.id).name == "第二个人的名称"


def test_the_service_refuses_an_outdated_version(app, team):
    project = make_project(team["unit"])
    draft = projects.draft_of(project)
    projects.update_project(project, draft.__class__(**{**vars(draft), "name": "新"}), expected_version=1)
    with pytest.raises(ConflictError, match="命令行 于 .* 修改项目：名称"):
        projects.update_project(project, draft, expected_version=1)


def test_a_race_between_read_and_write_is_caught_by_the_update_itself(app, team):
    project = make_project(team["unit"])
    loaded = projects.get_project(project.id)
    # someone else commits version 2 behind our back (another connection, as another worker would)
    with db.engine.begin() as conn:
        conn.execute(Project.__table__.update().where(Project.id == project.id).values(version=2, name="别人"))
    draft = projects.draft_of(loaded)
    with pytest.raises((ConflictError, StaleDataError)):
        projects.update_project(loaded, draft.__class__(**{**vars(draft), "name": "我"}), expected_version=1)
    db.session.rollback()
    db.session.expire_all()
    assert db.session.scalar(select(Project.name).where(Project.id == project.id)) == "别人"


def _approved(team, **overrides):
    project = make_project(team["unit"], **overrides)
    as_(team["app"], team["officer"]).post(f"/projects/{project.id}/submit")
    as_(team["app"], team["reviewer"]).post(f"/projects/{project.id}/approve")
    assert status(project.id) == "approved"
    return db.session.get(Project, project.id)


@pytest.fixture
def locked(app, team):
    team["app"] = app
    return _approved(team)


def _table_events(project_id, mark):
    from app.models import AuditEvent

    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.id > mark, AuditEvent.root_type == "Project", AuditEvent.root_id == project_id,
        AuditEvent.object_type.in_(("Project", "ProjectGoal", "SpendingCheckpoint", "Indicator")),
    )))


def _mark():
    from sqlalchemy import func

    from app.models import AuditEvent

    return db.session.scalar(select(func.max(AuditEvent.id))) or 0


def test_an_approved_table_is_refused_by_the_edit_and_delete_pages(app, team, locked):
    officer = as_(app, team["officer"])
    mark = _mark()
    assert officer.get(f"/projects/{locked.id}/edit").status_code == 302
    response = officer.post(f"/projects/{locked.id}/edit", data=form_data(team["unit"].id, name="改名", version=str(locked.version)),
                            follow_redirects=True)
    assert "已审核，不能修改" in response.get_data(as_text=True)
    response = officer.post(f"/projects/{locked.id}/delete", follow_redirects=True)
    assert "已审核，不能删除" in response.get_data(as_text=True)
    assert db.session.get(Project, locked.id).name == "2024年白沟箱包市场采购贸易方式试点活动资金"
    assert _table_events(locked.id, mark) == []


def test_an_approved_table_is_refused_by_the_import_page_and_the_command_line(app, team, locked, runner, tmp_path, monkeypatch):
    from tests.documents.docx_builder import Table, build
    from tests.views.test_imports import confirm, upload

    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    changed = build(Table(budget="30.00", amounts=("2.50", "12.00", "21.50", "30.00"), purpose="导入时改过的用途"))
    mark = _mark()
    officer = as_(app, team["officer"])
    preview = upload(officer, changed, unit="304001", existing="update")
    assert "已审核，不能修改或删除" in preview.get_data(as_text=True)  # the preview says so at its table
    page = confirm(officer, preview.get_data(as_text=True))
    assert page.status_code == 422 and "已审核，不能修改或删除" in page.get_data(as_text=True)

    path = tmp_path / "changed.docx"
    path.write_bytes(changed)
    result = runner.invoke(args=["import", str(path), "--unit", "304001", "--update"])
    assert result.exit_code != 0 and "已审核，不能修改或删除" in result.output

    document = {"projects": [{
        "unit": {"code": "304001", "name": "x"}, "year": 2024, "code": locked.code, "name": locked.name,
        "budget_total": "30.00", "budget_fiscal": "30.00", "budget_other": "0", "purpose": "载入时改过的用途",
        "goals": ["目标"], "checkpoints": [], "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "次数",
                                                             "target_text": "≥1次"}],
    }]}
    load = tmp_path / "load.json"
    import json

    load.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(args=["load", str(load)])
    assert result.exit_code != 0 and "已审核" in result.output

    stored = db.session.get(Project, locked.id)
    assert (str(stored.budget_total), stored.status) == ("26.00", "approved") and "改过" not in stored.purpose
    assert _table_events(locked.id, mark) == []
    # without --update the same file is skipped, not an error
    assert runner.invoke(args=["import", str(path), "--unit", "304001"]).exit_code == 0


def test_reopening_needs_a_reason_then_the_table_can_change_again(app, team, locked):
    reviewer, officer = as_(app, team["reviewer"]), as_(app, team["officer"])
    response = reviewer.post(f"/projects/{locked.id}/reopen", data={"comment": " "}, follow_redirects=True)
    assert "重新打开请填写理由" in response.get_data(as_text=True) and status(locked.id) == "approved"
    reviewer.post(f"/projects/{locked.id}/reopen", data={"comment": "预算调整"})
    version = db.session.get(Project, locked.id).version
    response = officer.post(f"/projects/{locked.id}/edit", data=form_data(
        team["unit"].id, code=locked.code, name="重新打开后改名", budget_total="26.00", budget_fiscal="26.00",
        version=str(version), **{"checkpoints-3-amount": "26.00"}))
    assert response.status_code == 302
    assert db.session.get(Project, locked.id).name == "重新打开后改名"


def test_two_reviewers_at_once_the_second_is_told_not_crashed(app, team):
    from app.services import accounts, workflow

    project = make_project(team["unit"])
    as_(app, team["officer"]).post(f"/projects/{project.id}/submit")
    mine = projects.get_project(project.id)
    with db.engine.begin() as conn:  # the other reviewer's approval lands between our read and our write
        conn.execute(Project.__table__.update().where(Project.id == project.id).values(version=mine.version + 1,
                                                                                       status="approved"))
    with pytest.raises(DomainError, match="刚被他人修改或审核"):
        workflow.act(mine, "return", accounts.principal(team["reviewer"]), "理由")
    db.session.expire_all()
    assert db.session.get(Project, project.id).status == "approved"


def test_the_year_end_goes_through_the_same_cycle(app, team):
    from app.models import AuditEvent
    from tests.selfeval.builders import form_data as year_end_form

    project = make_project(team["unit"])
    both, reviewer = as_(app, team["both"]), as_(app, team["reviewer"])
    assert both.post(f"/projects/{project.id}/selfeval/submit", data=year_end_form(project)).status_code == 302
    # the one who submitted does not judge it, even holding both roles
    page = both.post(f"/projects/{project.id}/selfeval/review", data={"action": "approve"}, follow_redirects=True)
    assert "不能审核本人提交的自评" in page.get_data(as_text=True)
    page = reviewer.post(f"/projects/{project.id}/selfeval/review", data={"action": "reopen", "comment": "x"},
                         follow_redirects=True)
    assert "当前状态为“已提交”，不能重新打开" in page.get_data(as_text=True)
    reviewer.post(f"/projects/{project.id}/selfeval/review", data={"action": "approve"})
    page = reviewer.post(f"/projects/{project.id}/selfeval/review", data={"action": "reopen", "comment": ""},
                         follow_redirects=True)
    assert "重新打开请填写理由" in page.get_data(as_text=True)
    reviewer.post(f"/projects/{project.id}/selfeval/review", data={"action": "reopen", "comment": "数据有误"})
    db.session.expire_all()
    steps = [(e.action, e.actor_name, e.comment) for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.object_type == "ProjectEvaluation").order_by(AuditEvent.id))]
    assert steps == [("submit", "both", ""), ("approve", "reviewer", ""), ("reopen", "reviewer", "数据有误")]
