"""Every route of the app × every role, for GET and POST: who gets in and who gets 403.

The routes come from ``app.url_map``, so a new route is covered the day it is added:
it must be classified in ``ROUTES`` below (the test fails until it is), and the generic
rules (anonymous → sign-in page; auditors never write; administrators never see a
project; another unit's objects → 403; audit rows never change) apply to it at once.
"""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent
from tests.conftest import login, make_app
from tests.factories import make_project, make_unit, make_user

# Who may use each route: a category for GET and one for POST (None: the method does not exist).
PUBLIC, SIGNED_IN, READ, EDIT, SUBMIT, REVIEW = "public", "signed_in", "read", "edit", "submit", "review"
QUEUE, UNIT_READ, UNIT_MANAGE, USER_READ, USER_MANAGE, AUDIT = (
    "queue", "unit_read", "unit_manage", "user_read", "user_manage", "audit"
)
# The JSON API (/api/v1/): a bearer token or nothing; a signed-in browser gets 401 like anyone.
# Who may do what with a token is tested per role in tests/api/.
TOKEN = "token"
# Issue 16: a centre application's step (县区 填报 or 市州 审核 of its unit), the province's acts, a centre's weekly report.
STEP, PROVINCE, REPORT = "step", "province", "report"

ROUTES = {
    "main.index": (SIGNED_IN, None),
    "auth.login": (PUBLIC, PUBLIC),
    "health.healthz": (PUBLIC, None),
    "auth.logout": (None, SIGNED_IN),
    "auth.password": (SIGNED_IN, SIGNED_IN),
    "auth.open_sessions": (SIGNED_IN, None),
    "auth.end_one": (None, SIGNED_IN),
    "auth.end_others": (None, SIGNED_IN),
    "api.parse_targets": (SIGNED_IN, None),
    "api.checkpoint_months": (EDIT, None),
    "api.quality_findings": (None, EDIT),
    "api.suggest_indicators": (EDIT, None),
    "workflow.add_opinion": (None, REVIEW),
    "workflow.answer_opinion": (None, EDIT),
    "workflow.recommend": (None, REVIEW),
    "projects.index": (READ, None),
    "projects.list_xlsx": (READ, None),
    "projects.show": (READ, None),
    "projects.history": (READ, None),
    "projects.create": (EDIT, EDIT),
    "projects.edit": (EDIT, EDIT),
    "projects.delete": (EDIT, EDIT),
    "projects.copy": (None, EDIT),
    "exports.project": (READ, None),
    "exports.targets": (READ, None),
    "exports.project_xlsx": (READ, None),
    "exports.targets_xlsx": (READ, None),
    "imports.index": (EDIT, None),
    "imports.preview": (None, EDIT),
    "imports.confirm": (None, EDIT),
    "selfeval.edit": (READ, None),
    "selfeval.save": (None, EDIT),
    "selfeval.check": (None, READ),
    "selfeval.submit": (None, SUBMIT),
    "selfeval.review": (None, REVIEW),
    "selfeval.project_docx": (READ, None),
    "selfeval.summary": (READ, None),
    "selfeval.summary_xlsx": (READ, None),
    "selfeval.unit_docx": (READ, None),
    "progress.index": (READ, None),
    "progress.department": (READ, None),
    "progress.xlsx": (READ, None),
    "progress.project": (READ, None),
    "payments.index": (READ, None),
    "payments.add": (None, EDIT),
    "payments.delete": (None, EDIT),
    "payments.adjust": (None, EDIT),
    "payments.import_form": (EDIT, None),
    "payments.import_file": (None, EDIT),
    "payments.import_confirm": (None, EDIT),
    "monitoring.edit": (READ, None),
    "monitoring.save": (None, EDIT),
    "monitoring.project_docx": (READ, None),
    "monitoring.unit_docx": (READ, None),
    "workflow.queue": (QUEUE, None),
    "workflow.submit": (None, SUBMIT),
    "workflow.approve": (None, REVIEW),
    "workflow.return": (None, REVIEW),
    "workflow.reopen": (None, REVIEW),
    "units.index": (UNIT_READ, UNIT_MANAGE),
    "units.edit": (UNIT_READ, UNIT_MANAGE),
    "units.months": (None, UNIT_MANAGE),
    "units.search": (READ, None),
    "units.lookup": (UNIT_READ, None),
    "schemes.index": (UNIT_MANAGE, None),
    "schemes.choose": (None, UNIT_MANAGE),
    "schemes.preview": (None, UNIT_MANAGE),
    "schemes.check": (READ, READ),
    "admin.users": (USER_READ, None),
    "admin.create_user": (USER_MANAGE, USER_MANAGE),
    "admin.edit_user": (USER_MANAGE, USER_MANAGE),
    "admin.reset_password": (None, USER_MANAGE),
    "admin.unlock": (None, USER_MANAGE),
    "admin.end_sessions": (None, USER_MANAGE),
    "audit.index": (AUDIT, None),
    "audit.export": (AUDIT, None),
    "regions.index": (READ, None),
    "regions.xlsx": (READ, None),
    "regions.create": (EDIT, EDIT),
    "regions.show": (READ, None),
    "regions.edit": (EDIT, EDIT),
    "regions.delete": (EDIT, EDIT),
    "regions.months": (EDIT, EDIT),
    "regions.import_file": (EDIT, EDIT),
    "regions.import_confirm": (None, EDIT),
    "audit.export_xlsx": (AUDIT, None),
    # 外贸综合服务中心 (Hubei): centre.read is held by 填报/审核/审计 and centre.edit by 填报,
    # on the centre's unit, exactly as READ and EDIT on projects.
    "centres.index": (READ, None),
    "centres.create": (EDIT, EDIT),
    "centres.edit": (EDIT, EDIT),
    "centres.delete": (None, EDIT),
    "centres.evidence": (READ, EDIT),
    "centres.records": (READ, None),
    "centres.preview_records": (None, EDIT),
    "centres.confirm_records": (None, EDIT),
    "centres.clear_records": (None, EDIT),
    "centres.score": (READ, None),
    "centres.score_docx": (READ, None),
    "centres.ranking": (READ, None),
    "centres.ranking_xlsx": (READ, None),
    "centres.assign": (None, EDIT),
    # Background jobs: one's own (another's, or an unknown id, is a 404); 打包下载 reads like the exports.
    "jobs.index": (SIGNED_IN, None),
    "jobs.show": (SIGNED_IN, None),
    "jobs.status": (SIGNED_IN, None),
    "jobs.download": (SIGNED_IN, None),
    "jobs.targets_zip": (None, READ),
    # A centre's life (issue 16): 填报 apply and keep contracts (县区), 审核 of the unit review (市州),
    # a 审核 of every unit approves and revokes (省厅: nobody here); the 承办 account reports weekly.
    "centre_life.applications": (READ, None),
    "centre_life.new_application": (EDIT, EDIT),
    "centre_life.edit_application": (EDIT, EDIT),
    "centre_life.application": (READ, None),
    "centre_life.material": (None, EDIT),
    "centre_life.material_file": (READ, None),
    "centre_life.step": (None, STEP),
    "centre_life.decision_docx": (READ, None),
    "centre_life.life": (READ, None),
    "centre_life.sign_contract": (None, EDIT),
    "centre_life.file_contract": (None, EDIT),
    "centre_life.pay": (None, EDIT),
    "centre_life.new_agreement": (None, EDIT),
    "centre_life.sign_agreement": (None, EDIT),
    "centre_life.agreement_docx": (READ, None),
    "centre_life.inspect": (None, REVIEW),
    "centre_life.revoke": (None, PROVINCE),
    "centre_life.link_operator": (None, EDIT),
    "centre_life.unlink_operator": (None, EDIT),
    "centre_life.weekly_totals": (EDIT, EDIT),  # 按周报汇总: the preview (GET) and the confirmation (POST)
    "centre_life.funding": (READ, None),
    "centre_life.funding_xlsx": (READ, None),
    "centre_life.weekly": (READ, None),
    "centre_life.blacklist": (READ, PROVINCE),
    "centre_life.report": (REPORT, REPORT),
    "centre_life.report_agreement": (None, REPORT),
    "centre_life.report_agreement_docx": (REPORT, None),
    # 接口令牌 (issue 18): one's own tokens; an administrator sees and revokes everyone's.
    "tokens.index": (SIGNED_IN, None),
    "tokens.create": (None, SIGNED_IN),
    "tokens.revoke": (None, SIGNED_IN),
    "tokens.everyone": (USER_MANAGE, None),
    # The JSON API (issue 18): its description is public, everything else takes a token.
    "api_v1.openapi": (PUBLIC, None),
    "api_v1.docs": (PUBLIC, None),
    "api_v1.list_units": (TOKEN, None),
    "api_v1.get_unit": (TOKEN, None),
    "api_v1.create_unit": (None, TOKEN),
    "api_v1.update_unit": (None, None),  # PUT
    "api_v1.list_projects": (TOKEN, None),
    "api_v1.get_project": (TOKEN, None),
    "api_v1.create_project": (None, TOKEN),
    "api_v1.update_project": (None, None),  # PUT
    "api_v1.delete_project": (None, None),  # DELETE
    "api_v1.list_payments": (TOKEN, None),
    "api_v1.add_payment": (None, TOKEN),
    "api_v1.get_payment": (TOKEN, None),
    "api_v1.delete_payment": (None, None),  # DELETE
    "api_v1.import_payments": (None, TOKEN),
    "api_v1.year_progress": (TOKEN, None),
    "api_v1.project_progress": (TOKEN, None),
    "api_v1.list_evaluations": (TOKEN, None),
    "api_v1.get_evaluation": (TOKEN, None),
    "api_v1.save_evaluation": (None, None),  # PUT
    "api_v1.get_job": (TOKEN, None),
    "api_v1.list_jobs": (TOKEN, None),
    "api_v1.start_job": (None, TOKEN),
    "api_v1.job_result": (TOKEN, None),
    "api_v1.submit_project": (None, TOKEN),
    "api_v1.approve_project": (None, TOKEN),
    "api_v1.return_project": (None, TOKEN),
    "api_v1.reopen_project": (None, TOKEN),
    "api_v1.export_xlsx": (TOKEN, None),
    "api_v1.export_docx": (TOKEN, None),
}

# The actors: officer and reviewer of unit A, auditor, administrator, and the same roles in unit B.
ROLES = ("officer_a", "reviewer_a", "auditor", "admin", "officer_b", "reviewer_b", "operator")
ALLOWED = {
    PUBLIC: set(ROLES),
    SIGNED_IN: set(ROLES),
    READ: {"officer_a", "reviewer_a", "auditor", "officer_b", "reviewer_b"},
    EDIT: {"officer_a", "officer_b"},
    SUBMIT: {"officer_a", "officer_b"},
    REVIEW: {"reviewer_a", "reviewer_b"},
    QUEUE: {"reviewer_a", "reviewer_b", "auditor"},
    UNIT_READ: {"officer_a", "auditor", "admin", "officer_b"},  # 填报: their own units' settings
    UNIT_MANAGE: {"admin"},
    USER_READ: {"auditor", "admin"},
    USER_MANAGE: {"admin"},
    AUDIT: {"auditor"},
    STEP: {"officer_a", "reviewer_a", "officer_b", "reviewer_b"},
    PROVINCE: set(),  # a 审核 of every unit; none of the actors here
    REPORT: {"operator"},  # the 承办 role: its own centre only (none linked here)
}
# Routes that name unit A's objects (in the path or the query): B's users are refused.
OTHER_UNIT_REFUSED = {"officer_b", "reviewer_b"}
# A query string that points a route at unit A's data.
QUERIES = {
    "exports.targets": lambda w: {"year": 2024, "unit": w["unit_a"].id, "layout": "full"},
    "exports.targets_xlsx": lambda w: {"year": 2024, "unit": w["unit_a"].id, "layout": "full"},
    "projects.list_xlsx": lambda w: {"year": 2024, "unit": w["unit_a"].id},
    "jobs.targets_zip": lambda w: {"year": 2024, "unit": w["unit_a"].id, "layout": "full"},
    "selfeval.summary": lambda w: {"year": 2024, "unit": w["unit_a"].id},
    "units.search": lambda w: {"q": w["unit_a"].code},
    "units.lookup": lambda w: {"q": w["unit_a"].code},
    "selfeval.summary_xlsx": lambda w: {"year": 2024, "unit": w["unit_a"].id},
    "selfeval.unit_docx": lambda w: {"year": 2024, "unit": w["unit_a"].id},
    "progress.index": lambda w: {"year": 2024, "unit": w["unit_a"].id},
    "progress.xlsx": lambda w: {"year": 2024, "unit": w["unit_a"].id},
    "monitoring.unit_docx": lambda w: {"year": 2024, "unit": w["unit_a"].id, "month": 6},
    "api.parse_targets": lambda w: {"text": "≥95%"},
    "api.checkpoint_months": lambda w: {"year": 2024},
    "api.suggest_indicators": lambda w: {"q": "满意度"},
}
SELF_SERVICE = {"auth.login", "auth.logout", "auth.password", "auth.end_one", "auth.end_others", "tokens.create", "tokens.revoke"}
TOKEN_ONLY = {endpoint for endpoint, (get, post) in ROUTES.items() if TOKEN in (get, post) or endpoint.startswith("api_v1.")}
# POST only because the form is large: computes the self-evaluation verdict of what is typed, saves nothing.
# schemes.check: the 复核 of an uploaded table; schemes.preview: a variant scored on a sample project.
# api.quality_findings: the quality findings on the project form as typed (issue 17), saves nothing.
# jobs.targets_zip: starts a background job that builds a download (a bookkeeping row; nothing changes).
READ_ONLY_POSTS = {"selfeval.check", "schemes.check", "schemes.preview", "api.quality_findings", "jobs.targets_zip"}


def _rules():
    app = make_app()
    return sorted(
        (rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"), key=lambda r: r.endpoint
    )


RULES = _rules()
CASES = [(rule.endpoint, method) for rule in RULES for method in ("GET", "POST") if method in rule.methods]


def test_every_route_is_classified():
    assert {rule.endpoint for rule in RULES} == set(ROUTES)
    for rule in RULES:
        get, post = ROUTES[rule.endpoint]
        assert (get is not None) == ("GET" in rule.methods), rule.endpoint
        assert (post is not None) == ("POST" in rule.methods), rule.endpoint


@pytest.fixture
def world(app):
    unit_a = make_unit("304001", "保定白沟新城国际贸易服务中心（本级）")
    unit_b = make_unit("573301", "中国国际贸易促进委员会天津市分会")
    users = {
        "officer_a": make_user("officer_a", ["officer"], [unit_a]),
        "reviewer_a": make_user("reviewer_a", ["reviewer"], [unit_a]),
        "auditor": make_user("auditor", ["auditor"]),
        "admin": make_user("admin", ["admin"]),
        "officer_b": make_user("officer_b", ["officer"], [unit_b]),
        "reviewer_b": make_user("reviewer_b", ["reviewer"], [unit_b]),
        "operator": make_user("operator", ["operator"]),
    }
    target = make_user("target", ["officer"], [unit_a])
    return {"unit_a": unit_a, "unit_b": unit_b, "users": users, "target": target, "app": app}


def _url(app, endpoint: str, world: dict, project_id: int) -> str:
    rule = next(r for r in RULES if r.endpoint == endpoint)
    values = {}
    for arg in rule.arguments:
        if arg == "project_id":
            values[arg] = project_id
        elif arg == "unit_id":
            values[arg] = world["unit_a"].id
        elif arg == "user_id":
            values[arg] = world["target"].id
        elif arg == "region_id":
            values[arg] = _sample_region(world)
        elif arg == "centre_id":
            values[arg] = _sample_centre(world)
        elif arg == "application_id":
            values[arg] = _sample_application(world)
        elif arg == "agreement_id":
            values[arg] = 999999  # nobody's: 404 for whoever may ask
        elif arg == "year":
            values[arg] = 2024
        elif arg == "job_id":
            values[arg] = "00000000-0000-4000-8000-000000000000"  # nobody's job: 404 for whoever may ask
        elif arg == "key":
            values[arg] = "0" * 64  # a session key of nobody's: 404 for whoever may ask
        elif arg in ("token_id", "payment_id"):
            values[arg] = 999999  # nobody's: 404 for whoever may ask
        elif arg == "job_id":
            values[arg] = "0" * 36
        else:
            pytest.fail(f"{endpoint}: no sample value for <{arg}>; add one to _url")
    values.update(QUERIES.get(endpoint, lambda w: {})(world))
    with app.test_request_context():
        from flask import url_for

        return url_for(endpoint, **values)


def _sample_region(world: dict) -> int:
    """A 订单+清单 region of unit A, a new one each time (a POST may delete it)."""
    from app.centres.regions.services import RegionDraft, create_region

    world["regions"] = world.get("regions", 0) + 1
    return create_region(RegionDraft(f"样例地区{world['regions']}", unit_id=world["unit_a"].id)).id


def _sample_centre(world: dict) -> int:
    """A Hubei service centre of unit A, a new one each time (a POST may delete it)."""
    from app.centres.hubei.services import CentreDraft, create_centre

    world["centres"] = world.get("centres", 0) + 1
    return create_centre(CentreDraft(f"C{world['centres']}", f"样例中心{world['centres']}", unit_id=world["unit_a"].id)).id


def _sample_application(world: dict) -> int:
    """A centre application of unit A, a new one each time (issue 16)."""
    from app.centres.hubei.lifecycle import ApplicationDraft, create_application

    world["applications"] = world.get("applications", 0) + 1
    n = world["applications"]
    return create_application(ApplicationDraft(
        "establish", world["unit_a"].id, None, f"A{n}", f"申请中心{n}", "", "provincial", "样例承办企业", "91420100MA4K0000X1",
    )).id


def _snapshot():
    db.session.expire_all()
    return {
        e.id: (e.at, e.actor_name, e.action, e.object_type, e.object_id, e.object_label, e.changes, e.comment)
        for e in db.session.scalars(select(AuditEvent))
    }


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/login" in response.headers.get("Location", "")


@pytest.mark.parametrize("endpoint,method", CASES, ids=[f"{m} {e}" for e, m in CASES])
def test_route_for_every_role(app, world, endpoint, method):
    category = ROUTES[endpoint][0 if method == "GET" else 1]
    if category == TOKEN:  # cookies count for nothing: anonymous or signed in, 401 (no token)
        for n, role in enumerate((None, *ROLES)):
            client = app.test_client() if role is None else login(app.test_client(), world["users"][role])
            url = _url(app, endpoint, world, make_project(world["unit_a"], code=f"T{n}-{method}", name=f"令牌{n}{method}").id)
            response = client.get(url) if method == "GET" else client.post(url, json={})
            assert response.status_code == 401, (role, endpoint, method, response.status_code)
        return
    scoped = any(a in ("project_id", "unit_id", "region_id", "centre_id", "application_id") for a in next(r for r in RULES if r.endpoint == endpoint).arguments)
    scoped = scoped or "unit" in QUERIES.get(endpoint, lambda w: {})(world)
    request = app.test_client().get if method == "GET" else app.test_client().post

    # Anonymous: the sign-in page, for everything but the sign-in page itself.
    project = make_project(world["unit_a"], code=f"ANON-{method}", name=f"匿名{method}")
    response = request(_url(app, endpoint, world, project.id))
    if category == PUBLIC:
        assert not _is_login_redirect(response) and response.status_code < 500
    else:
        assert _is_login_redirect(response), (endpoint, method, response.status_code)

    for n, role in enumerate(ROLES):
        project = make_project(world["unit_a"], code=f"P{n}-{method}", name=f"项目{n}{method}")
        url = _url(app, endpoint, world, project.id)
        client = login(app.test_client(), world["users"][role])
        before = _snapshot()
        response = client.get(url) if method == "GET" else client.post(url, data={})
        allowed = role in ALLOWED[category] and not (scoped and role in OTHER_UNIT_REFUSED)
        if allowed:
            assert response.status_code not in (401, 403), (role, endpoint, method)
            if endpoint != "auth.logout":  # signing out ends on the sign-in page
                assert not _is_login_redirect(response), (role, endpoint, method)
            assert response.status_code < 500, (role, endpoint, method, response.status_code)
            if role in OTHER_UNIT_REFUSED and response.mimetype in ("text/html", "application/json", "text/csv"):
                # let in, but shown nothing of unit A: none of its projects' names
                body = response.get_data(as_text=True)
                names = [f"匿名{method}"] + [f"项目{k}{method}" for k in range(n + 1)]
                assert [name for name in names if name in body] == [], f"{role} sees unit A's projects: {method} {endpoint}"
        else:
            assert response.status_code == 403, (role, endpoint, method, response.status_code)
            assert "无权访问" in response.get_data(as_text=True)
        after = _snapshot()
        assert {k: after.get(k) for k in before} == before, f"{role} {method} {endpoint} changed the audit trail"
        if endpoint in READ_ONLY_POSTS:
            assert after == before, f"{endpoint} is read-only but left audit rows"


@pytest.mark.parametrize(
    "endpoint", [e for e, m in CASES if m == "POST" and e not in SELF_SERVICE | READ_ONLY_POSTS | TOKEN_ONLY]
)
def test_auditors_change_nothing(app, world, endpoint):
    project = make_project(world["unit_a"])
    client = login(app.test_client(), world["users"]["auditor"])
    assert client.post(_url(app, endpoint, world, project.id), data={}).status_code == 403


@pytest.mark.parametrize("endpoint", sorted({r.endpoint for r in RULES if "project_id" in r.arguments} - TOKEN_ONLY))
def test_administrators_see_no_project(app, world, endpoint):
    project = make_project(world["unit_a"])
    client = login(app.test_client(), world["users"]["admin"])
    url = _url(app, endpoint, world, project.id)
    method = "GET" if ROUTES[endpoint][0] else "POST"
    response = client.get(url) if method == "GET" else client.post(url, data={})
    assert response.status_code == 403


@pytest.mark.parametrize("endpoint", sorted({r.endpoint for r in RULES if "project_id" in r.arguments} - TOKEN_ONLY))
def test_unknown_project_is_404_for_everyone_signed_in(app, world, endpoint):
    url = _url(app, endpoint, world, 999999)
    for role in ROLES:
        client = login(app.test_client(), world["users"][role])
        response = client.get(url) if ROUTES[endpoint][0] else client.post(url, data={})
        assert response.status_code == 404, (role, endpoint)


def test_lists_show_only_the_users_units(app, world):
    make_project(world["unit_a"], name="甲单位项目")
    make_project(world["unit_b"], name="乙单位项目", code="B-1")
    page = login(app.test_client(), world["users"]["officer_a"]).get("/projects/").get_data(as_text=True)
    assert "甲单位项目" in page and "乙单位项目" not in page and "573301" not in page
    page = login(app.test_client(), world["users"]["officer_a"]).get(
        f"/projects/?unit={world['unit_b'].id}"
    ).get_data(as_text=True)
    assert "乙单位项目" not in page
    page = login(app.test_client(), world["users"]["auditor"]).get("/projects/").get_data(as_text=True)
    assert "甲单位项目" in page and "乙单位项目" in page


@pytest.mark.parametrize("path", ["/projects/", "/selfeval/?year=2024", "/progress/?year=2024"])
def test_unit_choices_list_only_the_users_units(app, world, path):
    page = login(app.test_client(), world["users"]["officer_a"]).get(path, follow_redirects=True).get_data(as_text=True)
    assert world["unit_a"].name in page and world["unit_b"].name not in page
    page = login(app.test_client(), world["users"]["auditor"]).get(path, follow_redirects=True).get_data(as_text=True)
    assert world["unit_a"].name in page and world["unit_b"].name in page


def test_an_officer_cannot_create_a_project_in_another_unit(app, world):
    from tests.factories import form_data

    client = login(app.test_client(), world["users"]["officer_a"])
    assert client.post("/projects/new", data=form_data(world["unit_b"].id)).status_code in (403, 422)
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "Project")).all() == []
    page = client.get("/projects/new").get_data(as_text=True)
    assert "573301" not in page


def test_exporting_every_unit_needs_a_unit_for_an_officer_of_one(app, world):
    make_project(world["unit_a"])
    make_project(world["unit_b"], code="B-1")
    client = login(app.test_client(), world["users"]["officer_b"])
    response = client.get("/exports/targets.docx?year=2024&layout=full")
    # limited to one unit: sent to that unit's export, never all units
    assert response.status_code == 302 and f"unit={world['unit_b'].id}" in response.headers["Location"]
