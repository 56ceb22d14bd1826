"""The JSON API: tokens, per-unit access, ETag/If-Match, problem documents, the same services as the pages."""

import datetime

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Payment, Project
from app.models.tokens import ApiToken
from app.services import tokens
from tests.conftest import login
from tests.factories import make_project


def _body(project_json: dict, **changes) -> dict:
    return {**project_json, **changes}


def new_project(unit_code="304001", **changes) -> dict:
    body = {
        "unit": {"code": unit_code},
        "year": 2024,
        "code": "API-001",
        "name": "接口新建项目",
        "budget_total": "10.00",
        "budget_fiscal": "10.00",
        "budget_other": "0",
        "purpose": "用途",
        "goals": ["目标一"],
        "checkpoints": [{"month": 6, "amount": "5.00"}, {"month": 12, "amount": "10.00"}],
        "indicators": [
            {"level1": "产出指标", "level2": "数量指标", "name": "培训人数", "target_text": "≥20人"},
            {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "满意度", "target_text": "≥95%"},
        ],
    }
    return body | changes


def assert_problem(response, status: int, field: str | None = None):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    data = response.get_json()
    assert data["status"] == status and data["title"] and data["detail"]
    if field is not None:
        assert field in [e["field"] for e in data["errors"]], data
    return data


# -- authentication ----------------------------------------------------------------------------


def test_a_call_without_a_valid_token_is_401(app, world, caller):
    client = app.test_client()
    response = client.get("/api/v1/projects")
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert_problem(client.get("/api/v1/projects", headers={"Authorization": "Bearer nonsense"}), 401)
    officer = caller("officer_a")
    token_id = int(officer.token.split("_")[1])
    forged = f"jx_{token_id}_{'A' * 43}"
    assert_problem(client.get("/api/v1/projects", headers={"Authorization": f"Bearer {forged}"}), 401)
    assert officer.get("/api/v1/projects").status_code == 200
    tokens.revoke(db.session.get(ApiToken, token_id))
    assert "撤销" in assert_problem(officer.get("/api/v1/projects"), 401)["detail"]


def test_an_expired_token_is_refused(app, world, caller):
    officer = caller("officer_a")
    token = db.session.get(ApiToken, int(officer.token.split("_")[1]))
    token.expires_at = datetime.datetime(2020, 1, 1)
    db.session.commit()
    assert "过期" in assert_problem(officer.get("/api/v1/units"), 401)["detail"]


def test_a_browser_session_does_not_authenticate_the_api(app, world):
    """Cookies count for nothing under /api/v1/: a page elsewhere cannot make the browser write (CSRF)."""
    client = login(app.test_client(), world["users"]["officer_a"])
    assert_problem(client.post("/api/v1/projects", json=new_project()), 401)
    assert_problem(client.get("/api/v1/projects"), 401)
    assert db.session.scalars(select(Project)).all() == []


def test_only_the_secrets_digest_is_stored(app, world):
    issued = tokens.create(world["users"]["officer_a"], "夜间推送", "write", 90)
    secret = issued.text.split("_", 2)[2]
    stored = db.session.get(ApiToken, issued.token.id)
    assert secret not in stored.secret_hash and len(stored.secret_hash) == 64
    assert issued.text.startswith(f"jx_{stored.id}_")
    assert (stored.expires_at - stored.created_at).days in (89, 90)


def test_token_rules_name_the_field(app, world):
    import pytest

    from app.domain.errors import DomainError

    with pytest.raises(DomainError) as err:
        tokens.create(world["users"]["officer_a"], "", "admin", 400)
    assert {p.field for p in err.value.problems} == {"name", "scope", "days"}


# -- projects: create, read, replace, delete with ETag / If-Match ----------------------------------


def test_a_project_round_trip_with_etags(app, world, caller):
    officer = caller("officer_a")
    created = officer.post("/api/v1/projects", json=new_project())
    assert created.status_code == 201, created.get_json()
    data = created.get_json()
    assert created.headers["ETag"] == f'"{data["version"]}"'
    assert created.headers["Location"] == f"/api/v1/projects/{data['id']}"
    assert data["unit"]["code"] == "304001" and data["indicators"][0]["target"]["comparator"] == ">="
    url = f"/api/v1/projects/{data['id']}"

    read = officer.get(url)
    etag = read.headers["ETag"]
    assert read.get_json() == {**data, "warnings": []}

    # the document read is sent back as it is, with a change
    assert_problem(officer.put(url, json=_body(read.get_json(), name="改名")), 428)
    changed = officer.put(url, json=_body(read.get_json(), name="改名"), headers={"If-Match": etag})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["name"] == "改名" and changed.headers["ETag"] != etag

    # a second writer with the old version changes nothing
    stale = officer.put(url, json=_body(read.get_json(), name="旧版本"), headers={"If-Match": etag})
    assert_problem(stale, 412)
    assert officer.get(url).get_json()["name"] == "改名"
    assert_problem(officer.delete(url, headers={"If-Match": etag}), 412)
    assert_problem(officer.delete(url), 428)

    assert officer.delete(url, headers={"If-Match": changed.headers["ETag"]}).status_code == 204
    assert_problem(officer.get(url), 404)


def test_bad_input_names_the_field_and_stores_nothing(app, world, caller):
    officer = caller("officer_a")
    data = assert_problem(officer.post("/api/v1/projects", json=new_project(year="二〇二四")), 422, "year")
    assert "year" in data["detail"]
    assert_problem(officer.post("/api/v1/projects", json=new_project(budget_total="1.234")), 422, "budget_total")
    wrong_plan = new_project(checkpoints=[{"month": 6, "amount": "8"}, {"month": 12, "amount": "5"}])
    assert officer.post("/api/v1/projects", json=wrong_plan).status_code == 422
    bad_level = new_project(indicators=[{"level1": "产出指标", "level2": "满意度", "name": "x", "target_text": "≥1"}])
    problem = assert_problem(officer.post("/api/v1/projects", json=bad_level), 422)
    assert any(e["field"].startswith("indicators[0]") for e in problem["errors"]), problem
    assert_problem(officer.post("/api/v1/projects", json=new_project(unit={"code": "999999"})), 422, "unit.code")
    assert_problem(officer.post("/api/v1/projects", data="{", headers={"Content-Type": "application/json"}), 400)
    assert_problem(officer.post("/api/v1/projects", data="name=x"), 415)
    assert_problem(officer.get("/api/v1/projects?per_page=0"), 422, "per_page")
    assert db.session.scalars(select(Project)).all() == []


def test_a_submitted_project_is_not_changed(app, world, caller):
    from app.services import workflow

    project = make_project(world["unit_a"])
    workflow.act(project, "submit", world["users"]["officer_a"])
    officer = caller("officer_a")
    read = officer.get(f"/api/v1/projects/{project.id}")
    response = officer.put(f"/api/v1/projects/{project.id}", json=_body(read.get_json(), name="改"),
                           headers={"If-Match": read.headers["ETag"]})
    assert "不能修改" in assert_problem(response, 422)["detail"]


# -- who may do what ----------------------------------------------------------------------------


def test_each_role_sees_and_changes_what_the_pages_allow(app, world, caller):
    project_a = make_project(world["unit_a"])
    make_project(world["unit_b"], code="B-1", name="乙单位项目")
    url = f"/api/v1/projects/{project_a.id}"

    def names(who):
        return sorted(p["name"] for p in who.get("/api/v1/projects?year=2024").get_json()["items"])

    officer_a, officer_b, reviewer, auditor, admin = (
        caller("officer_a"), caller("officer_b"), caller("reviewer_a"), caller("auditor"), caller("admin"))
    assert names(officer_a) == [project_a.name] and names(reviewer) == [project_a.name]
    assert names(officer_b) == ["乙单位项目"] and len(names(auditor)) == 2
    assert_problem(officer_b.get(url), 403)
    assert_problem(officer_b.get("/api/v1/projects?unit=304001"), 403)
    assert_problem(admin.get("/api/v1/projects"), 403)  # administrators see no budget data
    assert_problem(officer_a.get("/api/v1/projects/999999"), 404)
    etag = {"If-Match": officer_a.get(url).headers["ETag"]}
    body = officer_a.get(url).get_json()
    assert_problem(reviewer.put(url, json=body, headers=etag), 403)
    assert_problem(auditor.delete(url, headers=etag), 403)
    assert_problem(officer_b.post("/api/v1/projects", json=new_project("304001")), 403)
    assert_problem(caller("officer_a", "read").put(url, json=body, headers=etag), 403)
    assert [u["code"] for u in officer_a.get("/api/v1/units").get_json()["items"]] == ["304001"]
    assert len(admin.get("/api/v1/units").get_json()["items"]) == 2
    assert_problem(officer_a.post("/api/v1/units", json={"code": "100001", "name": "新单位"}), 403)
    created = admin.post("/api/v1/units", json={"code": "100001", "name": "新单位"})
    assert created.status_code == 201
    unit_url = f"/api/v1/units/{created.get_json()['id']}"
    renamed = admin.put(unit_url, json={"code": "100001", "name": "改名单位"}, headers={"If-Match": created.headers["ETag"]})
    assert renamed.status_code == 200 and renamed.get_json()["name"] == "改名单位"
    assert_problem(admin.put(unit_url, json={"code": "100001", "name": "再改"}, headers={"If-Match": created.headers["ETag"]}), 412)


def test_changes_are_audited_under_the_user_and_the_token(app, world, caller):
    officer = caller("officer_a")
    token_id = int(officer.token.split("_")[1])
    data = officer.post("/api/v1/projects", json=new_project()).get_json()
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.root_type == "Project", AuditEvent.root_id == data["id"])).all()
    assert events and {(e.actor_id, e.token_id) for e in events} == {(world["users"]["officer_a"].id, token_id)}
    # the browser's changes carry no token
    make_project(world["unit_a"], code="P-2", name="页面项目")
    assert db.session.scalars(select(AuditEvent.token_id).where(AuditEvent.object_label == "页面项目")).all() == [None]


# -- payments, progress, year end ---------------------------------------------------------------


def test_payments_one_by_one_and_in_a_batch(app, world, caller):
    project = make_project(world["unit_a"])
    officer = caller("officer_a")
    base = f"/api/v1/projects/{project.id}/payments"
    added = officer.post(base, json={"day": "2024-03-15", "amount": "2.50", "voucher": "记03-001"})
    assert added.status_code == 201, added.get_json()
    assert added.get_json()["amount"] == "2.50"
    assert_problem(officer.post(base, json={"day": "2023-03-15", "amount": "1"}), 422, "day")
    assert_problem(officer.post(base, json={"day": "2024-03-15", "amount": "100"}), 422, "amount")
    assert officer.get(base).get_json()["total"] == 1

    batch = {"unit": "304001", "year": 2024, "payments": [
        {"code": project.code, "day": "2024-04-01", "amount": "1.00", "voucher": "记04-001"},
        {"code": "NO-SUCH", "day": "2024-04-02", "amount": "1.00"},
        {"code": project.code, "day": "2024-13-01", "amount": "1.00"},
    ]}
    problem = assert_problem(officer.post("/api/v1/payments", json=batch), 422)
    assert {e["field"] for e in problem["errors"]} == {"payments[1]", "payments[2]"}
    assert db.session.scalars(select(Payment)).all() != [] and len(db.session.scalars(select(Payment)).all()) == 1
    batch["payments"] = batch["payments"][:1]
    stored = officer.post("/api/v1/payments", json=batch)
    assert stored.status_code == 201 and stored.get_json()["total"] == "1.00"
    assert_problem(officer.post("/api/v1/payments", json=batch), 422, "payments[0]")  # the same voucher twice

    payment = added.get_json()
    one = f"{base}/{payment['id']}"
    assert_problem(officer.delete(one, headers={"If-Match": '"stale"'}), 412)
    assert officer.delete(one, headers={"If-Match": added.headers["ETag"]}).status_code == 204
    assert_problem(officer.get(one), 404)


def test_progress_of_a_unit(app, world, caller):
    project = make_project(world["unit_a"])
    officer = caller("officer_a")
    officer.post(f"/api/v1/projects/{project.id}/payments", json={"day": "2024-02-01", "amount": "2.00"})
    page = officer.get("/api/v1/progress?year=2024&unit=304001&as_of=2024-06-30").get_json()
    assert page["as_of"] == "2024-06-30" and page["totals"]["spent"] == "2.00"
    row = page["items"][0]
    assert row["project_id"] == project.id and row["budget"] == "26.00" and row["flags"]
    one = officer.get(f"/api/v1/projects/{project.id}/progress?as_of=2024-06-30").get_json()
    assert one == row
    assert_problem(officer.get("/api/v1/progress"), 422, "year")
    assert_problem(caller("officer_b").get("/api/v1/progress?year=2024&unit=304001"), 403)


def test_a_year_end_entry_is_saved_with_if_match(app, world, caller):
    project = make_project(world["unit_a"])
    officer = caller("officer_a")
    url = f"/api/v1/projects/{project.id}/evaluation"
    read = officer.get(url)
    assert read.headers["ETag"] == '"0"' and read.get_json()["status"] == "未填报"
    indicator_id = project.indicators[0].id
    entry = {"budget_adjusted": "26.00", "spent_fiscal": "20.00", "rows": [{"indicator_id": indicator_id, "actual": "3次"}]}
    saved = officer.put(url, json=entry, headers={"If-Match": '"0"'})
    assert saved.status_code == 200, saved.get_json()
    data = saved.get_json()
    assert data["status"] == "草稿" and data["version"] == 1 and data["verdict"]["execution"]["rate"]
    assert data["entry"]["rows"][0]["actual"] == "3次"
    assert_problem(officer.put(url, json=entry, headers={"If-Match": '"0"'}), 412)
    assert_problem(officer.put(url, json=entry | {"spent_fiscal": "x"}, headers={"If-Match": '"1"'}), 422, "spent_fiscal")
    assert_problem(officer.put(url, json=entry | {"spent_other": "-1"}, headers={"If-Match": '"1"'}), 422, "spent_other")
    assert_problem(officer.put(url, json=entry | {"budget_adjusted": "1.234"}, headers={"If-Match": '"1"'}), 422, "budget_adjusted")
    too_much = entry | {"rows": [{"indicator_id": indicator_id, "actual": "3次", "grade_percent": 120}]}
    assert_problem(officer.put(url, json=too_much, headers={"If-Match": '"1"'}), 422, "rows[0].grade_percent")
    assert officer.get(url).get_json()["version"] == 1
    summary = officer.get("/api/v1/evaluations?year=2024&unit=304001").get_json()
    assert [(r["project_id"], r["status"]) for r in summary["items"]] == [(project.id, "草稿")]


# -- the document -------------------------------------------------------------------------------


def test_the_document_describes_every_api_route(app):
    from app.api.spec import document

    doc = document()
    declared = {(m.upper(), path) for path, methods in doc["paths"].items() for m in methods}
    import re

    routes = {
        (method, re.sub(r"<(?:int:)?(\w+)>", r"{\1}", rule.rule))
        for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api_v1.")
        and rule.endpoint not in ("api_v1.openapi", "api_v1.docs")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes == declared
    assert doc["openapi"].startswith("3.1") and "Problem" in doc["components"]["schemas"]


def test_the_docs_page_needs_nothing_from_elsewhere(app):
    page = app.test_client().get("/api/v1/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/api/v1/projects/{project_id}" in html and "<script" not in html and "http" not in html.replace("http-equiv", "")


def test_an_outage_is_a_problem_document_too(app, world, caller, monkeypatch):
    from sqlalchemy.exc import OperationalError

    project = make_project(world["unit_a"])
    officer = caller("officer_a")

    def gone(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr("app.api.projects.project_service.get_project", gone)
    response = officer.get(f"/api/v1/projects/{project.id}")
    assert_problem(response, 503)
    assert response.headers["Retry-After"] == "30"


def test_a_projects_table_is_downloaded_and_the_download_recorded(app, world, caller):
    import io

    import openpyxl

    project = make_project(world["unit_a"])
    officer = caller("officer_a", "read")
    response = officer.get(f"/api/v1/projects/{project.id}/export.xlsx?layout=basic")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert any(project.name in str(cell.value or "") for sheet in book for row in sheet.iter_rows() for cell in row)
    word = officer.get(f"/api/v1/projects/{project.id}/export.docx")
    assert word.status_code == 200 and word.data[:2] == b"PK"
    exports = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert len(exports) == 2 and {e.token_id for e in exports} == {int(officer.token.split("_")[1])}
    assert_problem(officer.get(f"/api/v1/projects/{project.id}/export.xlsx?layout=wide"), 422, "layout")
    assert_problem(caller("officer_b").get(f"/api/v1/projects/{project.id}/export.xlsx"), 403)


def test_lists_take_the_same_queries_for_few_and_many_projects(app, world, caller):
    from tests.factories import count_queries

    officer = caller("officer_a")
    paths = ("/api/v1/projects?year=2024", "/api/v1/progress?year=2024", "/api/v1/evaluations?year=2024")

    def measure():
        counts = []
        for path in paths:
            with count_queries() as statements:
                assert officer.get(path).status_code == 200
            counts.append(len(statements))
        return counts

    make_project(world["unit_a"], code="Q-0", name="项目0")
    few = measure()
    for k in range(1, 8):
        make_project(world["unit_a"], code=f"Q-{k}", name=f"项目{k}")
    assert measure() == few and min(few) > 0


def test_a_problem_document_carries_the_request_id_the_header_gives(app, world, caller):
    response = caller("officer_a").get("/api/v1/projects/999999", headers={"X-Request-ID": "api-req-1"})
    body = assert_problem(response, 404)
    assert body["request_id"] == "api-req-1" == response.headers["X-Request-ID"]
