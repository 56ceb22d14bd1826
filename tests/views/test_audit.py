"""The audit trail: every change through every route, field by field, and nobody can alter it."""

import json
import re

import pytest
from sqlalchemy import delete, func, select, text, update

from app.extensions import db
from app.models import AuditEvent, Indicator, Project, Unit
from app.services import audit, projects
from app.services.audit import AuditTamperError
from tests.conftest import PG_URL, login
from tests.factories import form_data, make_project, make_unit, make_user
from tests.views.test_access_matrix import CASES, READ_ONLY_POSTS


def last_id() -> int:
    return db.session.scalar(select(func.max(AuditEvent.id))) or 0


def since(mark: int) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.id > mark).order_by(AuditEvent.id)))


def change(event, field):
    return next(([b, a] for f, b, a in event.changes if f == field), None)


@pytest.fixture
def people(app):
    unit = make_unit()
    return {
        "unit": unit,
        "officer": make_user("officer", ["officer"], [unit]),
        "reviewer": make_user("reviewer", ["reviewer"], [unit]),
        "auditor": make_user("auditor", ["auditor"]),
        "admin": make_user("admin", ["admin"]),
    }


def as_(app, user):
    return login(app.test_client(), user)


# Every POST route is exercised below; a new one fails this until it is.
COVERED_POSTS = {
    "projects.create", "projects.edit", "projects.delete", "projects.copy",
    "workflow.submit", "workflow.approve", "workflow.return", "workflow.reopen",
    "units.index", "units.edit", "units.months",
    "admin.create_user", "admin.edit_user", "admin.reset_password", "admin.unlock",
    "auth.login", "auth.logout", "auth.password",
    # sessions: tests/views/test_sessions.py (an administrator's "end all sessions" is recorded there)
    "admin.end_sessions", "auth.end_one", "auth.end_others",
    "imports.preview", "imports.confirm",
    "selfeval.save", "selfeval.submit", "selfeval.review",
    "payments.add", "payments.delete", "payments.adjust", "payments.import_file", "payments.import_confirm", "monitoring.save",
    "regions.create", "regions.edit", "regions.months", "regions.import_file", "regions.import_confirm", "regions.delete",
    "centres.create", "centres.edit", "centres.evidence", "centres.preview_records", "centres.confirm_records",
    "centres.clear_records", "centres.assign", "centres.delete",
    # a unit's scoring scheme: tests/selfeval/test_scheme_choice.py (recorded field by field there)
    "schemes.choose",
    # 审核意见 and answers: tests/views/test_quality_pages.py (recorded against the project there)
    "workflow.add_opinion", "workflow.answer_opinion", "workflow.recommend",
    # the JSON API: every change recorded under its user and token, tests/api/test_api.py
    # (test_changes_are_audited_under_the_user_and_the_token), steps in tests/api/test_workflow_api.py,
    # a started job's download in tests/api/test_jobs_api.py (the job row itself is bookkeeping, like sessions)
    "api_v1.add_payment", "api_v1.import_payments", "api_v1.create_project", "api_v1.create_unit", "api_v1.start_job",
    "api_v1.submit_project", "api_v1.approve_project", "api_v1.return_project", "api_v1.reopen_project",
    # personal API tokens: tests/api/test_token_pages.py
    "tokens.create", "tokens.revoke",
    # a centre's life from application to revocation: tests/centres/test_lifecycle_pages.py and _services.py
    "centre_life.new_application", "centre_life.edit_application", "centre_life.material", "centre_life.step",
    "centre_life.sign_contract", "centre_life.file_contract", "centre_life.pay", "centre_life.new_agreement",
    "centre_life.sign_agreement", "centre_life.report", "centre_life.report_agreement", "centre_life.inspect",
    "centre_life.revoke", "centre_life.blacklist", "centre_life.link_operator", "centre_life.unlink_operator",
    # 按周报汇总: the trainings added and the step's 按周报汇总 event, tests/centres/test_lifecycle_services.py
    # (test_000_article_3_the_year_reads_its_trainings_from_the_weekly_reports)
    "centre_life.weekly_totals",
}


def test_every_state_changing_route_is_covered_here():
    posts = {endpoint for endpoint, method in CASES if method == "POST"}
    assert posts - READ_ONLY_POSTS == COVERED_POSTS


def test_create_edit_delete_of_a_project_field_by_field(app, people):
    client = as_(app, people["officer"])
    mark = last_id()
    assert client.post("/projects/new", data=form_data(people["unit"].id)).status_code == 302
    created = since(mark)
    project = db.session.scalar(select(Project))
    head = next(e for e in created if e.object_type == "Project")
    assert (head.action, head.actor_name, head.address, head.object_id, head.object_label) == (
        "create", "officer", "127.0.0.1", project.id, "信息化运维项目"
    )
    assert change(head, "budget_total") == [None, "12.00"] and change(head, "status") == [None, "草稿"]
    indicators = [e for e in created if e.object_type == "Indicator"]
    assert len(indicators) == 6 and {(e.root_type, e.root_id, e.root_label) for e in indicators} == {
        ("Project", project.id, "信息化运维项目")
    }
    assert change(indicators[0], "target_text") == [None, "≤4次"]

    mark, opened = last_id(), project.version
    data = form_data(people["unit"].id, name="新名称", version=str(opened),
                     **{"indicators-0-target_text": "≤5次"})
    assert client.post(f"/projects/{project.id}/edit", data=data).status_code == 302
    edited = since(mark)
    by_type = {e.object_type: e for e in edited}
    assert change(by_type["Project"], "name") == ["信息化运维项目", "新名称"]
    assert change(by_type["Indicator"], "target_text") == ["≤4次", "≤5次"]
    assert by_type["Indicator"].root_id == project.id and by_type["Indicator"].action == "update"
    assert all(e.root_version == opened + 1 for e in edited)

    # removing an indicator row is a delete, recorded against the project
    mark = last_id()
    fewer = {k: v for k, v in form_data(people["unit"].id, name="新名称", version=str(opened + 1),
                                        **{"indicators-0-target_text": "≤5次"}).items() if not k.startswith("indicators-5-")}
    assert client.post(f"/projects/{project.id}/edit", data=fewer).status_code == 302
    (removed,) = [e for e in since(mark) if e.action == "delete"]
    assert removed.object_type == "Indicator" and removed.root_id == project.id
    assert change(removed, "name") == ["参与人员满意度", None]

    mark = last_id()
    assert client.post(f"/projects/{project.id}/delete").status_code == 302
    deleted = since(mark)
    assert {e.object_type for e in deleted} == {"Project", "ProjectGoal", "SpendingCheckpoint", "Indicator"}
    assert all(e.action == "delete" and e.root_id == project.id for e in deleted)
    # the history outlives the project
    assert len(audit.history(project)) >= 20


def test_copy_is_recorded(app, people):
    project = make_project(people["unit"])
    mark = last_id()
    as_(app, people["officer"]).post(f"/projects/{project.id}/copy")
    copy = next(e for e in since(mark) if e.object_type == "Project")
    assert copy.action == "create" and change(copy, "year") == [None, "2025"]


def test_workflow_steps_are_recorded_with_comments(app, people):
    project = make_project(people["unit"])
    officer, reviewer = as_(app, people["officer"]), as_(app, people["reviewer"])
    steps = [
        (officer, "submit", {}, ["草稿", "已提交"]),
        (reviewer, "return", {"comment": "指标值不明确"}, ["已提交", "退回"]),
        (officer, "submit", {}, ["退回", "已提交"]),
        (reviewer, "approve", {}, ["已提交", "已审核"]),
        (reviewer, "reopen", {"comment": "预算调整"}, ["已审核", "退回"]),
    ]
    for client, action, data, status in steps:
        mark = last_id()
        assert client.post(f"/projects/{project.id}/{action}", data=data).status_code == 302
        (event,) = since(mark)
        assert (event.action, event.object_id, change(event, "status")) == (action, project.id, status)
        assert event.comment == data.get("comment", "")


def test_units_and_their_months_are_recorded(app, people):
    admin = as_(app, people["admin"])
    mark = last_id()
    admin.post("/units/", data={"code": "573301", "name": "天津"})
    admin.post(f"/units/{people['unit'].id}", data={"code": "304001", "name": "改名", "version": "1"})
    admin.post(f"/units/{people['unit'].id}/months", data={"plan-year": "2024", "plan-months": "3,6,10,12"})
    events = since(mark)
    assert [(e.action, e.object_type) for e in events] == [
        ("create", "Unit"), ("update", "Unit"), ("create", "CheckpointSetting")
    ]
    assert change(events[1], "name") == ["保定白沟新城国际贸易服务中心（本级）", "改名"]
    assert events[2].root_type == "Unit" and change(events[2], "months_text") == [None, "3,6,10,12"]


def test_accounts_are_recorded_without_secrets(app, people):
    admin = as_(app, people["admin"])
    mark = last_id()
    page = admin.post("/admin/users/new", data={"name": "zhang", "display_name": "张三", "roles": ["officer", "reviewer"],
                                               "units": [str(people["unit"].id)]})
    assert page.status_code == 200
    password = page.get_data(as_text=True).split('id="issued-password">')[1].split("<")[0]
    zhang = db.session.scalar(select(func.max(AuditEvent.object_id)).where(AuditEvent.object_type == "User"))
    admin.post(f"/admin/users/{zhang}", data={"name": "zhang", "display_name": "张三", "roles": ["reviewer"], "units": [],
                                             "active": "y", "version": "1"})
    admin.post(f"/admin/users/{zhang}/reset")
    events = since(mark)
    assert [e.action for e in events] == ["create", "update", "reset_password"]
    assert change(events[0], "roles_text") == [None, "填报、审核"]
    assert change(events[0], "units") == [None, "304001保定白沟新城国际贸易服务中心（本级）"]
    assert change(events[1], "roles_text") == ["填报、审核", "审核"]
    assert change(events[1], "units") == ["304001保定白沟新城国际贸易服务中心（本级）", ""]
    assert change(events[2], "password_hash") == ["******", "******"]
    assert password not in json.dumps([e.changes for e in events], ensure_ascii=False)


def test_exports_are_recorded(app, people):
    project = make_project(people["unit"])
    mark = last_id()
    as_(app, people["auditor"]).get(f"/projects/{project.id}/export.docx?layout=basic")
    (event,) = since(mark)
    assert (event.action, event.actor_name, event.object_id) == ("export", "auditor", project.id)
    assert event.object_label.endswith(".docx") and "layout=basic" in event.comment


def test_imports_through_the_page_and_the_loader_are_recorded(app, people, runner, tmp_path):
    document = {"projects": [{
        "unit": {"code": "304001", "name": "x"}, "year": 2024, "code": "L-1", "name": "载入的项目",
        "budget_total": "10.00", "budget_fiscal": "10.00", "budget_other": "0", "purpose": "", "goals": ["目标"],
        "checkpoints": [], "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "次数", "target_text": "≥1次"}],
    }]}
    path = tmp_path / "load.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    mark = last_id()
    assert runner.invoke(args=["load", str(path)]).exit_code == 0
    events = since(mark)
    assert {e.object_type for e in events} >= {"Project", "Indicator", "ProjectGoal"}
    assert {e.actor_name for e in events} == {"命令行"}


def test_import_page_records_the_user(app, people, tmp_path, monkeypatch):
    from tests.documents.docx_builder import Table, build
    from tests.views.test_imports import confirm, upload

    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    client = as_(app, people["officer"])
    mark = last_id()
    preview = upload(client, build(Table()), unit="304001")
    assert preview.status_code == 200 and since(mark) == []  # the dry run rolled its records back too
    assert confirm(client, preview.get_data(as_text=True)).status_code == 200
    events = since(mark)
    assert {e.actor_name for e in events} == {"officer"}
    head = next(e for e in events if e.object_type == "Project")
    assert head.action == "create" and change(head, "status") == [None, "草稿"]
    assert any(e.object_type == "Indicator" and e.root_id == head.object_id for e in events)


def test_an_officer_imports_only_into_their_units(app, people, tmp_path, monkeypatch):
    from tests.documents.docx_builder import Table, build
    from tests.views.test_imports import confirm, upload

    make_unit("573301", "天津")
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    officer = make_user("officer-b", ["officer"], [db.session.scalar(select(Unit).where(Unit.code == "573301"))])
    client = as_(app, officer)
    assert upload(client, build(Table()), unit="304001").status_code == 403
    preview = upload(client, build(Table()), unit="")  # the tables' own unit lines: not for them
    assert "不是您可以填报的单位" in preview.get_data(as_text=True)
    assert confirm(client, preview.get_data(as_text=True)).status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Project)) == 0


def test_the_year_end_entry_and_its_review_are_recorded(app, people):
    from tests.selfeval.builders import form_data as year_end_form

    project = make_project(people["unit"])
    officer, reviewer = as_(app, people["officer"]), as_(app, people["reviewer"])
    mark = last_id()
    assert officer.post(f"/projects/{project.id}/selfeval", data=year_end_form(project)).status_code == 302
    saved = since(mark)
    assert {e.object_type for e in saved} >= {"ProjectEvaluation", "IndicatorEvaluation"}
    assert all(e.root_type == "Project" and e.root_id == project.id for e in saved)
    mark = last_id()
    assert officer.post(f"/projects/{project.id}/selfeval/submit", data=year_end_form(project)).status_code == 302
    submitted = [e for e in since(mark) if e.object_type == "ProjectEvaluation"]
    assert submitted and any(change(e, "status") == ["draft", "submitted"] or change(e, "status") == ["草稿", "已提交"]
                             for e in submitted)
    mark = last_id()
    reviewer.post(f"/projects/{project.id}/selfeval/review", data={"action": "return", "comment": "请补充佐证"})
    assert any(e.object_type == "ProjectEvaluation" for e in since(mark))


def test_payments_and_budget_adjustments_are_recorded_against_the_project(app, people):
    project = make_project(people["unit"])
    officer = as_(app, people["officer"])
    mark = last_id()
    assert officer.post(f"/projects/{project.id}/payments",
                        data={"day": "2024-03-15", "amount": "2.50", "voucher": "记-001", "source": "财政资金",
                              "note": "差旅"}).status_code == 302
    (added,) = since(mark)
    assert (added.action, added.object_type, added.root_id) == ("create", "Payment", project.id)
    assert change(added, "amount") == [None, "2.50"] and change(added, "voucher") == [None, "记-001"]
    mark = last_id()
    assert officer.post(f"/projects/{project.id}/payments/delete",
                        data={"payment_id": str(added.object_id)}).status_code == 302
    (removed,) = since(mark)
    assert removed.action == "delete" and change(removed, "amount") == ["2.50", None]
    mark = last_id()
    assert officer.post(f"/projects/{project.id}/budget-adjustments",
                        data={"amount": "30.00", "day": "2024-06-30", "reason": "追加预算"}).status_code == 302
    adjusted = since(mark)
    assert any(e.object_type == "BudgetAdjustment" and change(e, "reason") == [None, "追加预算"] for e in adjusted)
    # payments are not part of the target table: an open edit of the table stays valid
    assert db.session.get(Project, project.id).version == 1


def test_a_payments_list_upload_is_recorded(app, people):
    import io

    project = make_project(people["unit"])
    csv = f"项目编码,日期,金额\n{project.code},2024-04-01,1.25\n".encode()
    mark = last_id()
    client = as_(app, people["officer"])
    preview = client.post(
        "/payments/import", data={"file": (io.BytesIO(csv), "pay.csv"), "year": "2024", "unit": "304001"},
        content_type="multipart/form-data",
    )
    assert preview.status_code == 200, preview.get_data(as_text=True)
    from tests.factories import confirm_payments

    response = confirm_payments(client, preview.get_data(as_text=True))
    assert response.status_code == 200, response.get_data(as_text=True)
    events = [e for e in since(mark) if e.object_type == "Payment"]
    assert events and events[0].actor_name == "officer" and change(events[0], "amount") == [None, "1.25"]


def test_the_monitoring_sheet_is_recorded(app, people):
    project = make_project(people["unit"])
    data = {"month": "6", "expected_spend": "26.00", "goal_progress": "按计划推进"}
    for n, indicator in enumerate(project.indicators):
        data.update({f"rows-{n}-indicator_id": str(indicator.id), f"rows-{n}-progress": f"完成{n}",
                     f"rows-{n}-expected": "全年完成", f"rows-{n}-likelihood": "确定能", f"rows-{n}-reason_kind": "",
                     f"rows-{n}-reason_text": "", f"rows-{n}-measures": ""})
    mark = last_id()
    response = as_(app, people["officer"]).post(f"/projects/{project.id}/monitoring", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    events = since(mark)
    assert {e.object_type for e in events} >= {"MonitoringReport", "MonitoringRow"}
    assert all(e.root_type == "Project" and e.root_id == project.id for e in events)


def test_a_refused_save_leaves_no_audit_row(app, people):
    project = make_project(people["unit"])
    mark = last_id()
    data = form_data(people["unit"].id, name="改过", budget_total="-1", version=str(project.version))
    assert as_(app, people["officer"]).post(f"/projects/{project.id}/edit", data=data).status_code == 422
    assert since(mark) == []


def test_project_history_page_shows_indicator_changes(app, people):
    project = make_project(people["unit"])
    projects.update_project(project, projects.draft_of(project).__class__(
        **{**vars(projects.draft_of(project)), "name": "改名后的项目"}))
    page = as_(app, people["reviewer"]).get(f"/projects/{project.id}/history").get_data(as_text=True)
    assert "改名后的项目" in page and "外出次数" in page and "绩效指标" in page and "新增" in page and "修改" in page


def test_auditors_filter_and_export_csv(app, people):
    project = make_project(people["unit"], name="第一个项目")
    as_(app, people["officer"]).post(f"/projects/{project.id}/submit")
    auditor = as_(app, people["auditor"])
    page = auditor.get("/audit/?action=submit").get_data(as_text=True)
    assert "提交审核" in page and "第一个项目" in page and "共 1 条" in page
    page = auditor.get("/audit/?actor=nobody").get_data(as_text=True)
    assert "共 0 条" in page
    page = auditor.get("/audit/?type=Indicator&start=2000-01-01&end=2999-12-31").get_data(as_text=True)
    assert "外出次数" in page
    response = auditor.get("/audit/export.csv?action=submit")
    assert response.mimetype == "text/csv" and response.data.startswith(b"\xef\xbb\xbf")
    rows = response.data.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("编号,时间（北京时间）,操作人") and len(rows) == 2
    assert "提交审核" in rows[1] and "状态,草稿,已提交" in rows[1]
    (export,) = [e for e in since(0) if e.action == "export"]
    assert export.actor_name == "auditor" and "提交审核" in export.comment


def test_csv_cells_never_become_formulas(app, people):
    make_project(people["unit"], name="=HYPERLINK(\"http://x\")")
    data = audit.export_csv(audit.Filters(object_type="Project")).decode("utf-8-sig")
    assert "'=HYPERLINK" in data


def test_audit_rows_cannot_be_changed_or_deleted(app, people):
    make_project(people["unit"])
    event = db.session.scalar(select(AuditEvent).limit(1))
    event.comment = "篡改"
    with pytest.raises(AuditTamperError):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.scalar(select(AuditEvent).limit(1)))
    with pytest.raises(AuditTamperError):
        db.session.commit()
    db.session.rollback()
    for statement in (update(AuditEvent).values(comment="x"), delete(AuditEvent),
                      AuditEvent.__table__.update().values(comment="x"), AuditEvent.__table__.delete(),
                      text("UPDATE audit_event SET comment = 'x'"), text("DELETE FROM audit_event"),
                      text("update  AUDIT_EVENT set comment = 'x'"), text('DELETE FROM "audit_event" WHERE id > 0'),
                      text("WITH gone AS (DELETE FROM audit_event RETURNING id) SELECT count(*) FROM gone")):
        with pytest.raises(AuditTamperError):
            db.session.execute(statement)
        db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) > 0
    assert all(e.comment != "篡改" for e in db.session.scalars(select(AuditEvent)))


def test_no_route_changes_the_audit_trail(app, people):
    """Besides the matrix (every route × role leaves old rows untouched): no route even names a change."""
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("audit.")]
    assert {r.endpoint for r in rules} == {"audit.index", "audit.export", "audit.export_xlsx"}
    assert all(r.methods <= {"GET", "HEAD", "OPTIONS"} for r in rules)


def test_the_version_rises_once_per_saved_change(app, people):
    project = make_project(people["unit"])
    assert project.version == 1
    draft = projects.draft_of(project)
    projects.update_project(project, draft)  # nothing changed
    assert db.session.get(Project, project.id).version == 1
    indicator = db.session.scalar(select(Indicator).limit(1))
    changed = draft.__class__(**{**vars(draft), "indicators": (
        draft.indicators[0].__class__(**{**vars(draft.indicators[0]), "basis": "新依据"}),) + draft.indicators[1:]})
    projects.update_project(project, changed)
    assert db.session.get(Project, project.id).version == 2
    assert indicator.project_id == project.id


def test_demo_records_its_accounts(app, runner, monkeypatch):
    monkeypatch.setattr("app.cli.data.upgrade", lambda: None)  # the test database is made by create_all
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "用户名 officer" in result.output and "用户名 admin" in result.output
    first = result.output
    again = runner.invoke(args=["demo", "--new-passwords"])
    assert again.exit_code == 0 and again.output != first  # new passwords when asked, as it says
    users = since(0)
    assert {e.object_label for e in users if e.object_type == "User"} == {"officer", "reviewer", "auditor", "admin"}


def test_the_command_line_export_is_recorded(app, people, runner, tmp_path):
    make_project(people["unit"])
    out = tmp_path / "t.docx"
    mark = last_id()
    assert runner.invoke(args=["export", str(out), "--year", "2024"]).exit_code == 0
    (event,) = since(mark)
    assert (event.action, event.actor_name, event.object_label) == ("export", "命令行", str(out))


def test_postgresql_itself_refuses_to_change_audit_rows(app, people):
    """Below the product: a connection that skips SQLAlchemy entirely still cannot change the trail."""
    if not PG_URL:
        pytest.skip("the trigger is PostgreSQL's (created by the migration and by create_all); SQLite has the engine hook")
    import psycopg

    make_project(people["unit"])
    count = db.session.scalar(select(func.count()).select_from(AuditEvent))
    db.session.commit()
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        for sql in ("UPDATE audit_event SET comment = 'x'", "DELETE FROM audit_event", "UPDATE public.audit_event SET at = now()"):
            with pytest.raises(psycopg.Error, match="append-only"):
                cursor.execute(sql)
            raw.rollback()
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'audit_event_append_only'")
        assert cursor.fetchone()[0] == 1
    finally:
        raw.close()
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == count


def test_auditors_export_excel_with_the_same_filters(app, people):
    import io

    from openpyxl import load_workbook

    project = make_project(people["unit"], name="=HYPERLINK(\"http://x\")")
    as_(app, people["officer"]).post(f"/projects/{project.id}/submit")
    auditor = as_(app, people["auditor"])
    assert 'href="/audit/export.xlsx?action=submit"' in auditor.get("/audit/?action=submit").get_data(as_text=True)
    mark = last_id()
    response = auditor.get("/audit/export.xlsx?action=submit")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    assert re.fullmatch(r'attachment; filename="?audit-\d{8}-\d{6}\.xlsx"?', response.headers["Content-Disposition"])
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["编号", "时间（北京时间）", "操作人"] and len(rows) == 2
    line = dict(zip(rows[0], rows[1]))
    assert (line["操作"], line["操作人"], line["字段"], line["修改前"], line["修改后"]) == ("提交审核", "officer", "状态", "草稿", "已提交")
    # text that looks like a formula stays text
    label = next(c for c in next(sheet.iter_rows(min_row=2, max_row=2)) if c.value == project.name)
    assert label.data_type == "s"
    (export,) = since(mark)
    assert export.action == "export" and export.actor_name == "auditor" and "Excel（1 条）" in export.object_label
    everything = load_workbook(io.BytesIO(auditor.get("/audit/export.xlsx").data)).active
    assert everything.max_row > 20  # no filter: the whole trail, one line per changed field


def test_csv_names_are_not_formulas_either(app, people):
    make_project(people["unit"], name="@SUM(1)")
    data = audit.export_csv(audit.Filters(object_type="Project")).decode("utf-8-sig")
    assert ",@SUM(1)," not in data and ",'@SUM(1)," in data


def test_deleting_a_project_records_what_goes_with_it(app, people):
    """Payments, adjustments, the year end: the database would drop them silently; the trail lists each."""
    from tests.selfeval.builders import form_data as year_end_form

    project = make_project(people["unit"])
    officer = as_(app, people["officer"])
    officer.post(f"/projects/{project.id}/payments", data={"day": "2024-03-15", "amount": "2.50", "voucher": "记-001",
                                                          "source": "财政资金", "note": ""})
    officer.post(f"/projects/{project.id}/budget-adjustments", data={"amount": "30.00", "day": "2024-06-30", "reason": "追加"})
    assert officer.post(f"/projects/{project.id}/selfeval", data=year_end_form(project)).status_code == 302
    mark = last_id()
    assert officer.post(f"/projects/{project.id}/delete").status_code == 302
    gone = {(e.object_type, e.action) for e in since(mark)}
    assert {("Payment", "delete"), ("BudgetAdjustment", "delete"), ("ProjectEvaluation", "delete"),
            ("IndicatorEvaluation", "delete"), ("Project", "delete")} <= gone
    assert all(e.root_id == project.id for e in since(mark))


def test_region_pages_record_every_change(app, people):
    """订单+清单 regions: create, rename, the monthly table, an import (its preview records nothing), delete."""
    import io

    from tests.centres.regions_data import HANGZHOU, csv_bytes
    from tests.centres.test_region_views import form_data as months_form

    officer = as_(app, people["officer"])
    mark = last_id()
    assert officer.post("/regions/new", data={"name": "杭州市", "province": "浙江省", "unit": str(people["unit"].id)}).status_code == 302
    (created,) = since(mark)
    assert (created.action, created.object_type, created.object_label, created.actor_name) == ("create", "Region", "杭州市", "officer")
    region_id = created.object_id
    mark = last_id()
    assert officer.post(f"/regions/{region_id}/edit", data={"name": "杭州", "province": "浙江省", "unit": str(people["unit"].id)}).status_code == 302
    (renamed,) = since(mark)
    assert renamed.action == "update" and renamed.changes == [["name", "杭州市", "杭州"]]
    from app.centres.regions import services

    region = services.get_region(region_id)
    mark = last_id()
    assert officer.post(f"/regions/{region_id}/months", data=months_form(region, table=HANGZHOU[:2], cases="2")).status_code == 302
    saved = since(mark)
    assert sorted((e.action, e.object_type, e.object_label) for e in saved) == [
        ("create", "RegionMonth", "2020 年 1 月"), ("create", "RegionMonth", "2020 年 2 月"), ("create", "RegionYear", "2020 年度"),
    ]
    assert {(e.root_type, e.root_id, e.root_label) for e in saved} == {("Region", region_id, "杭州")}
    assert change(next(e for e in saved if e.object_label == "2020 年 1 月"), "fill_share") == [None, "82%"]
    mark = last_id()
    preview = officer.post(f"/regions/{region_id}/import", content_type="multipart/form-data",
                           data={"year": "2020", "file": (io.BytesIO(csv_bytes([HANGZHOU[2]])), "三月.csv")})
    assert preview.status_code == 200 and since(mark) == []
    html = preview.get_data(as_text=True)
    confirm = {"year": "2020", "filename": "三月.csv", "version": re.search(r'name="version"[^>]*value="(\d+)"', html).group(1),
               "token": re.search(r'name="token"[^>]*value="([^"]*)"', html).group(1)}
    assert officer.post(f"/regions/{region_id}/import/confirm", data=confirm).status_code == 302
    imported = since(mark)
    assert ("create", "RegionMonth", "2020 年 3 月") in {(e.action, e.object_type, e.object_label) for e in imported}
    assert any(e.action == "import" and e.comment == "导入 三月.csv（1 个月）" for e in imported)
    mark = last_id()
    assert officer.post(f"/regions/{region_id}/delete").status_code == 302
    gone = {(e.object_type, e.action) for e in since(mark)}
    assert gone == {("Region", "delete"), ("RegionYear", "delete"), ("RegionMonth", "delete")}
    assert len([e for e in since(mark) if e.object_type == "RegionMonth"]) == 3



def test_centre_pages_record_every_change(app, people):
    """Hubei centres: create, edit, the year's evidence, an import (its preview records nothing), 归口, clear, delete."""
    import io

    from app.centres.hubei import services
    from tests.centres.hubei_store import records_csv
    from tests.centres.test_hubei_views import evidence_form

    officer = as_(app, people["officer"])
    form = {"code": "HB-1", "name": "甲中心", "level": "provincial", "unit_id": str(people["unit"].id)}
    mark = last_id()
    assert officer.post("/centres/new", data=form).status_code == 302
    (created,) = since(mark)
    assert (created.action, created.object_type, created.object_label, created.actor_name) == ("create", "Centre", "HB-1 甲中心", "officer")
    centre_id = created.object_id
    mark = last_id()
    assert officer.post(f"/centres/{centre_id}/edit", data=dict(form, level="national")).status_code == 302
    (edited,) = since(mark)
    assert edited.changes == [["level", "省级", "国家级"]]
    mark = last_id()
    assert officer.post(f"/centres/{centre_id}/2024/evidence", data=evidence_form(growth10="X1", version="0")).status_code == 302
    saved = since(mark)
    assert {e.object_type for e in saved} == {"CentreYear", "CentreTraining", "CentreClaim"}
    assert {(e.root_type, e.root_id) for e in saved} == {("Centre", centre_id)}
    mark = last_id()
    rows = [("甲公司", "报关", "出口报关", "2024-03-01", "2024-03-05", "满意")]
    preview = officer.post(f"/centres/{centre_id}/2024/records/preview", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(records_csv(rows)), "服务.csv"), "mode": "replace"})
    assert preview.status_code == 200 and since(mark) == []
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', preview.get_data(as_text=True)).group(1)
    assert officer.post(f"/centres/{centre_id}/2024/records/confirm", data={"token": token, "mode": "replace", "filename": "服务.csv"}).status_code == 302
    imported = since(mark)
    assert [(e.action, e.object_type) for e in imported] == [("import", "Centre"), ("create", "CentreServiceRecord")]
    assert imported[0].comment == "导入 服务.csv（2024 年度 1 条服务记录）"
    assert change(imported[1], "rating") == [None, "满意"]
    other = services.create_centre(services.CentreDraft("HB-2", "乙中心", unit_id=people["unit"].id))
    services.save_evidence(other, 2024, services.EvidenceDraft(claims={"growth10": ("X1",)}))
    mark = last_id()
    assert officer.post("/centres/ranking/2024/assign", data={"category": "growth10", "code": "X1", "centre": str(centre_id)}).status_code == 302
    (assigned,) = since(mark)
    assert (assigned.action, assigned.object_type, assigned.root_id) == ("create", "CentreAssignment", centre_id)
    mark = last_id()
    assert officer.post(f"/centres/{centre_id}/2024/records/clear").status_code == 302
    assert [(e.action, e.object_type) for e in since(mark)] == [("delete", "CentreServiceRecord")]
    mark = last_id()
    assert officer.post(f"/centres/{centre_id}/delete").status_code == 302
    gone = {(e.object_type, e.action) for e in since(mark)}
    assert gone == {("Centre", "delete"), ("CentreYear", "delete"), ("CentreTraining", "delete"), ("CentreClaim", "delete"),
                    ("CentreAssignment", "delete")}


def test_auditors_follow_one_project_even_once_deleted(app, people):
    kept = make_project(people["unit"], name="留下的项目")
    gone = make_project(people["unit"], name="删掉的项目", code="GONE-1")
    as_(app, people["officer"]).post(f"/projects/{gone.id}/delete")
    auditor = as_(app, people["auditor"])
    assert f'href="/audit/?project={kept.id}"' in auditor.get(f"/projects/{kept.id}/history").get_data(as_text=True)
    assert 'id="history-audit"' not in as_(app, people["officer"]).get(f"/projects/{kept.id}/history").get_data(as_text=True)
    page = auditor.get(f"/audit/?project={gone.id}").get_data(as_text=True)
    assert "删掉的项目" in page and "留下的项目" not in page and "外出次数" in page and "删除" in page
    rows = auditor.get(f"/audit/export.csv?project={gone.id}").data.decode("utf-8-sig").splitlines()
    assert len(rows) > 20 and all("留下的项目" not in row for row in rows)
    (export,) = [e for e in since(0) if e.action == "export"]
    assert f"项目编号 {gone.id}" in export.comment
