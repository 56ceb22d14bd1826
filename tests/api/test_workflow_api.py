"""Review steps through the API: submit, approve, return, reopen, as the pages take them (app.services.workflow.act)."""

from dataclasses import replace

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Project
from tests.api.test_api import assert_problem
from tests.factories import INDICATORS, make_project, make_user


def _etag(who, project_id: int) -> dict:
    return {"If-Match": who.get(f"/api/v1/projects/{project_id}").headers["ETag"]}


def _status(project_id: int) -> str:
    db.session.expire_all()
    return db.session.get(Project, project_id).status


def test_a_project_goes_through_review_with_etags(app, world, caller):
    project = make_project(world["unit_a"])
    officer, reviewer = caller("officer_a"), caller("reviewer_a")
    base = f"/api/v1/projects/{project.id}"

    assert_problem(officer.post(f"{base}/submit"), 428)
    submitted = officer.post(f"{base}/submit", headers=_etag(officer, project.id))  # no body: no comment
    assert submitted.status_code == 200, submitted.get_json()
    data = submitted.get_json()
    assert data["status"] == "submitted" and submitted.headers["ETag"] == f'"{data["version"]}"'
    stale = {"If-Match": '"1"'}
    assert_problem(reviewer.post(f"{base}/approve", json={}, headers=stale), 412, "If-Match")
    assert _status(project.id) == "submitted"

    # returning needs a reason, named as the field
    assert_problem(reviewer.post(f"{base}/return", json={}, headers=_etag(reviewer, project.id)), 422, "comment")
    returned = reviewer.post(f"{base}/return", json={"comment": "指标值不明确"}, headers=_etag(reviewer, project.id))
    assert returned.status_code == 200 and returned.get_json()["status"] == "returned"
    assert officer.post(f"{base}/submit", json={"comment": "已修改"}, headers=_etag(officer, project.id)).status_code == 200
    approved = reviewer.post(f"{base}/approve", json={"comment": "同意"}, headers={"If-Match": "*"})
    assert approved.status_code == 200 and approved.get_json()["status"] == "approved"

    # an approved table is locked: a second approval is a conflict with its state, in Chinese
    problem = assert_problem(reviewer.post(f"{base}/approve", headers=_etag(reviewer, project.id)), 409)
    assert "已审核" in problem["detail"]
    assert_problem(reviewer.post(f"{base}/reopen", headers=_etag(reviewer, project.id)), 422, "comment")
    reopened = reviewer.post(f"{base}/reopen", json={"comment": "预算调整"}, headers=_etag(reviewer, project.id))
    assert reopened.status_code == 200 and reopened.get_json()["status"] == "returned"

    # every step is in the trail under the user and the token, with its comment
    steps = db.session.scalars(select(AuditEvent).where(
        AuditEvent.root_type == "Project", AuditEvent.root_id == project.id,
        AuditEvent.action.in_(("submit", "approve", "return", "reopen"))).order_by(AuditEvent.id)).all()
    officer_token, reviewer_token = (int(c.token.split("_")[1]) for c in (officer, reviewer))
    users = world["users"]
    assert [(e.action, e.actor_id, e.token_id, e.comment) for e in steps] == [
        ("submit", users["officer_a"].id, officer_token, ""),
        ("return", users["reviewer_a"].id, reviewer_token, "指标值不明确"),
        ("submit", users["officer_a"].id, officer_token, "已修改"),
        ("approve", users["reviewer_a"].id, reviewer_token, "同意"),
        ("reopen", users["reviewer_a"].id, reviewer_token, "预算调整"),
    ]


def test_nobody_approves_their_own_submission(app, world, caller):
    from app.services import tokens
    from tests.api.conftest import Caller

    both = make_user("both_a", ["officer", "reviewer"], [world["unit_a"]])
    who = Caller(app.test_client(), tokens.create(both, "两个角色", "write", 30).text)
    project = make_project(world["unit_a"])
    base = f"/api/v1/projects/{project.id}"
    assert who.post(f"{base}/submit", headers=_etag(who, project.id)).status_code == 200
    problem = assert_problem(who.post(f"{base}/approve", headers=_etag(who, project.id)), 403)
    assert "不能审核本人提交的项目" in problem["detail"]
    assert_problem(who.post(f"{base}/return", json={"comment": "x"}, headers=_etag(who, project.id)), 403)
    assert _status(project.id) == "submitted"
    approved = caller("reviewer_a").post(f"{base}/approve", headers=_etag(who, project.id))
    assert approved.status_code == 200


def test_who_may_take_which_step(app, world, caller):
    project = make_project(world["unit_a"])
    base = f"/api/v1/projects/{project.id}"
    etag = _etag(caller("officer_a"), project.id)
    assert_problem(caller("reviewer_a").post(f"{base}/submit", headers=etag), 403)  # a reviewer does not submit
    assert_problem(caller("auditor").post(f"{base}/submit", headers=etag), 403)
    assert_problem(caller("officer_b").post(f"{base}/submit", headers=etag), 403)  # another unit's project
    assert_problem(caller("officer_a", "read").post(f"{base}/submit", headers=etag), 403)  # a read token
    assert_problem(caller("officer_a").post(f"{base}/approve", headers=etag), 403)  # an officer does not approve
    assert_problem(caller("officer_a").post("/api/v1/projects/999999/submit", headers=etag), 404)
    assert_problem(caller("officer_a").post(f"{base}/submit", data="x", headers=etag), 415)
    assert_problem(caller("officer_a").post(f"{base}/submit", json={"comment": "长" * 2001}, headers=etag), 422, "comment")
    assert _status(project.id) == "draft"


def test_the_quality_check_blocks_a_submission_naming_the_row(app, world, caller):
    stale_deadline = replace(INDICATORS[2], target_text="2020年12月底")
    project = make_project(world["unit_a"], indicators=(*INDICATORS[:2], stale_deadline, *INDICATORS[3:]))
    officer = caller("officer_a")
    before = db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
    problem = assert_problem(officer.post(f"/api/v1/projects/{project.id}/submit", headers=_etag(officer, project.id)),
                             422, "indicators[2].target_text")
    assert "提交前必须修改" in problem["detail"]
    assert _status(project.id) == "draft"
    assert db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) == before
