"""The Hubei centre pages through the test client: what they show, what they save, who gets in."""

import io
import re

import pytest
from sqlalchemy import func, select

from app.centres.hubei import services
from app.centres.models import Centre, CentreServiceRecord, CentreYear
from app.centres.rules.hubei_drafts import CentreDraft
from app.extensions import db
from app.models import AuditEvent
from tests.centres.builders import codes, contract_document
from tests.centres.hubei_store import records_csv, store_document
from tests.conftest import login
from tests.factories import make_unit, make_user


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def text(response) -> str:
    """The page's text without tags, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


@pytest.fixture
def world(app):
    unit_a, unit_b = make_unit("304001", "甲单位"), make_unit("573301", "乙单位")
    users = {
        "officer_a": make_user("officer_a", ["officer"], [unit_a]),
        "reviewer_a": make_user("reviewer_a", ["reviewer"], [unit_a]),
        "officer_b": make_user("officer_b", ["officer"], [unit_b]),
        "reviewer_b": make_user("reviewer_b", ["reviewer"], [unit_b]),
        "auditor": make_user("auditor", ["auditor"]),
        "admin": make_user("admin", ["admin"]),
    }
    centres = store_document(contract_document(), unit_id=unit_a.id)
    return {"unit_a": unit_a, "unit_b": unit_b, "users": users, "centres": centres, "app": app}


def client_for(world, name):
    return login(world["app"].test_client(), world["users"][name])


def test_the_score_page_shows_every_part_its_clause_and_what_is_missing(world):
    c1 = world["centres"]["C1"]
    page = text(client_for(world, "reviewer_a").get(f"/centres/{c1.id}/2024"))
    assert "86.3" in page and "良好" in page
    for part, clause in (("S1", "《湖北省外贸综合服务中心绩效考核办法（试行）》第九条（一）1"), ("R3", "《湖北省外贸综合服务中心绩效考核办法（试行）》第九条（二）3"), ("R7", "《湖北省外贸综合服务中心绩效考核办法（试行）》第九条（二）6"), ("B3", "《湖北省外贸综合服务中心绩效考核办法（试行）》第九条（三）3")):  # noqa: E501
        assert part in page and clause in page
    assert "破零企业 7 家，少 3 家，扣 3 分" in page
    assert "有效服务数据 443 条，少 37 条，扣 3.7 分" in page
    assert "报检、翻译 2 个服务项目无有效服务数据，扣 1 分" in page
    assert "进出口额增幅 10% 以上企业 SHARED 同时被 C1、C2 申报，均不计入" in page and "《湖北省外贸综合服务中心绩效考核办法（试行）》第十条" in page
    assert "再录入 37 条有效服务数据可得满分" in page and "报检、翻译 无有效服务数据" in page
    assert "当年资金支持 40 万元" in page and "《湖北省对外贸易综合服务中心认定管理办法》第十一条" in page
    assert "《湖北省对外贸易综合服务中心认定管理办法》第六条" in page  # no floor area entered: the recognition checklist says so


def test_the_score_page_of_a_year_without_data_says_so(world):
    page = text(client_for(world, "officer_a").get(f"/centres/{world['centres']['C1'].id}/2023"))
    assert "2023 年度尚无考核材料和服务记录" in page and "较差" in page


def test_the_ranking_lists_grades_consequences_and_the_conflicts(world):
    page = text(client_for(world, "auditor").get("/centres/ranking?year=2024"))
    assert re.search(r"1 中心C1 C1 国家级 16 65.3 5 86.3 良好 当年资金支持 40 万元", page.replace("武汉经开区外贸综合服务中心", "中心C1"))
    assert "较差 不享受当年资金支持" in page
    assert "SHARED" in page and "已归口的企业" in page and "ASSIGNED" in page


def test_the_ranking_shows_officers_their_units_centres_only(world):
    store_document({"year": 2024, "centres": [{"id": "B9", "name": "乙单位的中心", "staff": 1}]}, unit_id=world["unit_b"].id)
    page = client_for(world, "officer_a").get("/centres/ranking?year=2024").get_data(as_text=True)
    assert "乙单位的中心" not in page and "共 4 个中心参加" in page
    page = client_for(world, "officer_b").get("/centres/ranking?year=2024").get_data(as_text=True)
    assert "乙单位的中心" in page and "武汉经开区" not in page
    page = client_for(world, "officer_b").get("/centres/").get_data(as_text=True)
    assert "乙单位的中心" in page and "武汉经开区" not in page


@pytest.mark.parametrize(
    ("role", "get", "post"),
    [
        ("officer_a", 200, 302), ("reviewer_a", 200, 403), ("auditor", 200, 403),
        ("officer_b", 403, 403), ("reviewer_b", 403, 403), ("admin", 403, 403),
    ],
)
def test_who_reads_and_who_edits_a_units_centre(world, role, get, post):
    c1 = world["centres"]["C1"]
    client = client_for(world, role)
    assert client.get(f"/centres/{c1.id}/2024/evidence").status_code == get
    assert client.get(f"/centres/{c1.id}/2024/records").status_code == get
    response = client.post(f"/centres/{c1.id}/2024/evidence", data=evidence_form(staff="7"))
    assert response.status_code == post
    assert db.session.scalar(select(CentreYear.staff).where(CentreYear.centre_id == c1.id)) == (7 if post == 302 else 5)


def test_a_centre_without_a_unit_is_the_departments_to_keep(world):
    loose = services.create_centre(CentreDraft("FREE", "不属任何单位的中心"))
    assert client_for(world, "reviewer_b").get(f"/centres/{loose.id}/2024").status_code == 200
    assert client_for(world, "officer_b").get(f"/centres/{loose.id}/2024").status_code == 200  # read, not keep
    assert client_for(world, "officer_b").post(f"/centres/{loose.id}/2024/evidence", data=evidence_form()).status_code == 403
    department = make_user("department", ["officer"], [world["unit_a"], world["unit_b"]])
    assert login(world["app"].test_client(), department).post(
        f"/centres/{loose.id}/2024/evidence", data=evidence_form(version="0")).status_code == 302
    assert client_for(world, "reviewer_b").post(f"/centres/{loose.id}/2024/evidence", data=evidence_form()).status_code == 403
    assert client_for(world, "admin").get(f"/centres/{loose.id}/2024").status_code == 403


def test_an_unknown_centre_is_a_404(world):
    assert client_for(world, "auditor").get("/centres/99999/2024").status_code == 404
    assert client_for(world, "officer_a").post("/centres/99999/2024/evidence", data=evidence_form()).status_code == 404


def evidence_form(**changes) -> dict:
    """The evidence page's fields; ``version`` is what the page showed (1: the year stored once, 0: none yet)."""
    data = {
        "version": "1",
        "fixed_office": "y", "staff": "5", "staff_experienced": "2", "customs_declarants": "1", "linguists": "1",
        "floor_area": "85.5", "meetings": "2", "complaints": "0", "harmful_acts": "0", "praises": "1",
        "trainings-0-day": "2024-04-10", "trainings-0-companies": "32", "trainings-0-title": "RCEP 培训",
        "trainings-1-day": "", "trainings-1-companies": "", "trainings-1-title": "",
        "trainings-2-day": "2024-10-10", "trainings-2-companies": "30", "trainings-2-title": "",
        "registered": "\n".join(codes("91A", 10)), "first_trade": "F1, F2、F3", "growth10": "", "doubled": "D1\nD2",
        "note": "",
    }
    data.update(changes)
    return data


def test_evidence_is_saved_from_the_form(world):
    c2 = world["centres"]["C2"]
    response = client_for(world, "officer_a").post(f"/centres/{c2.id}/2024/evidence", data=evidence_form())
    assert response.status_code == 302
    evidence = services.get_evidence(c2, 2024)
    assert (evidence.staff, str(evidence.floor_area), evidence.fixed_office) == (5, "85.50", True)
    assert [(t.day.isoformat(), t.companies, t.title) for t in evidence.trainings] == [("2024-04-10", 32, "RCEP 培训"), ("2024-10-10", 30, "")]
    assert services.claims_of(evidence)["first_trade"] == ["F1", "F2", "F3"]
    page = text(client_for(world, "officer_a").get(f"/centres/{c2.id}/2024"))
    assert "R1 外贸业务知识培训 8 8" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"staff": "五"}, "工作人员数（派驻人员）应为不小于 0 的整数，填写的是“五”"),
        ({"floor_area": "-3"}, "服务场地面积（平方米）应为不小于 0 的数"),
        ({"trainings-0-day": "2023-12-01"}, "第 1 场培训的日期 2023-12-01 不在 2024 年度内"),
        ({"trainings-2-day": "2024-02-30"}, "日期“2024-02-30”不存在"),
        ({"trainings-2-companies": ""}, "请填写参会企业数"),
        ({"staff": "1"}, "3 年以上外贸从业人员数（2）不能超过工作人员数（1）"),
    ],
)
def test_bad_evidence_is_shown_beside_its_field_and_nothing_changes(world, changes, message):
    c1 = world["centres"]["C1"]
    before = (count(AuditEvent), services.claims_of(services.get_evidence(c1, 2024)))
    response = client_for(world, "officer_a").post(f"/centres/{c1.id}/2024/evidence", data=evidence_form(**changes))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert (count(AuditEvent), services.claims_of(services.get_evidence(c1, 2024))) == before


def upload(client, url, data: bytes, filename: str, mode: str = "replace"):
    return client.post(url, data={"file": (io.BytesIO(data), filename), "mode": mode}, content_type="multipart/form-data")


def test_records_are_imported_after_a_preview(world):
    c2 = world["centres"]["C2"]
    client = client_for(world, "officer_a")
    rows = [("甲公司", "报关", "出口报关", "2024-03-01", "2024-03-05", "满意"), ("乙公司", "咨询", "政策", "2024-04-01", "", "")]
    preview = client.post(f"/centres/{c2.id}/2024/records/preview",
                          data={"file": (io.BytesIO(records_csv(rows)), "服务.csv"), "mode": "replace"},
                          content_type="multipart/form-data")
    assert preview.status_code == 200 and count(CentreServiceRecord) == 443
    page = preview.get_data(as_text=True)
    assert "读到 <strong>2</strong> 条服务记录" in page and "尚未保存" in page
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', page)[1]
    done = client.post(f"/centres/{c2.id}/2024/records/confirm", data={"token": token, "mode": "replace", "filename": "服务.csv"})
    assert done.status_code == 302
    assert [r.client for r in services.service_records(c2, 2024)] == ["甲公司", "乙公司"]
    listing = text(client.get(f"/centres/{c2.id}/2024/records"))
    assert "共 2 条服务记录" in listing and "甲公司 报关 出口报关 2024-03-01 2024-03-05 满意" in listing
    again = client.post(f"/centres/{c2.id}/2024/records/confirm", data={"token": token, "mode": "replace"})
    assert again.status_code == 422 and "已过期或已导入" in again.get_data(as_text=True)


def test_a_bad_file_is_refused_with_its_rows_and_nothing_is_stored(world):
    c1 = world["centres"]["C1"]
    before = (count(CentreServiceRecord), count(AuditEvent))
    rows = [("甲公司", "报关单", "x", "2024-03-01", "", ""), ("乙公司", "咨询", "y", "2024-04-01", "2024-03-01", "满意")]
    response = upload(client_for(world, "officer_a"), f"/centres/{c1.id}/2024/records/preview", records_csv(rows), "bad.csv")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "未导入任何记录" in page and "第 2 行“服务项目”：“报关单”不是 14 项服务项目之一" in page
    assert "第 3 行“评价日期”：2024-03-01 早于申请日期 2024-04-01" in page
    assert (count(CentreServiceRecord), count(AuditEvent)) == before


def test_a_forged_token_is_refused(world):
    c1 = world["centres"]["C1"]
    response = client_for(world, "officer_a").post(f"/centres/{c1.id}/2024/records/confirm", data={"token": "../../etc/passwd", "mode": "replace"})
    assert response.status_code == 400 and "上传凭据无效" in response.get_data(as_text=True)


def test_clearing_a_years_records(world):
    c1 = world["centres"]["C1"]
    response = client_for(world, "officer_a").post(f"/centres/{c1.id}/2024/records/clear")
    assert response.status_code == 302 and services.service_records(c1, 2024) == []


def test_creating_editing_and_deleting_a_centre(world):
    client = client_for(world, "officer_a")
    form = {"code": "HB-NEW", "name": "新中心", "level": "national", "park": "园区", "company": "承办企业",
            "contract_start": "2024", "contract_end": "2026", "unit_id": str(world["unit_a"].id), "note": ""}
    assert client.post("/centres/new", data=form).status_code == 302
    centre = services.find_centre("HB-NEW")
    assert (centre.level, centre.unit_id, centre.contract_end) == ("national", world["unit_a"].id, 2026)
    duplicate = client.post("/centres/new", data=dict(form, name="另一个"))
    assert duplicate.status_code == 422 and "中心编号 HB-NEW 已存在" in duplicate.get_data(as_text=True)
    other_unit = client.post("/centres/new", data=dict(form, code="HB-B", unit_id=str(world["unit_b"].id)))
    assert other_unit.status_code == 422 and "只能选择本人所属的单位" in other_unit.get_data(as_text=True)
    bad_year = client.post("/centres/new", data=dict(form, code="HB-Y", contract_start="二〇二四"))
    assert bad_year.status_code == 422 and "合同起始年度应为不小于 0 的整数" in bad_year.get_data(as_text=True)
    assert client.post(f"/centres/{centre.id}/edit", data=dict(form, name="改名的中心")).status_code == 302
    page = client.get(f"/centres/{centre.id}/edit").get_data(as_text=True)
    assert "改名的中心" in page and "修改记录" in page and "新中心" in page  # the trail shows the old name
    assert client.post(f"/centres/{centre.id}/delete").status_code == 302
    assert services.find_centre("HB-NEW") is None
    assert count(Centre) == 3


def test_an_assignment_through_the_ranking_page(world):
    c1, c2 = world["centres"]["C1"], world["centres"]["C2"]
    client = client_for(world, "officer_a")
    page = client.get("/centres/ranking?year=2024").get_data(as_text=True)
    assert 'class="inline-form assign-form"' in page
    response = client.post("/centres/ranking/2024/assign", data={"category": "growth10", "code": "SHARED", "centre": str(c2.id)})
    assert response.status_code == 302
    assert services.score_year(2024).result.conflicts == ()
    assert services.score_year(2024).score_of(c2.code).part("R4") == 1
    flashed = text(client.get("/centres/ranking?year=2024"))
    assert "已归口至" in flashed
    # a user who may not edit every claimant may not decide
    store_document({"year": 2024, "centres": [{"id": "B1", "growth10": ["X"]}]}, unit_id=world["unit_b"].id)
    store_document({"year": 2024, "centres": [{"id": "A9", "growth10": ["X"]}]}, unit_id=world["unit_a"].id)
    b1 = services.find_centre("B1")
    assert client.post("/centres/ranking/2024/assign", data={"category": "growth10", "code": "X", "centre": str(b1.id)}).status_code == 403
    assert client_for(world, "reviewer_a").post("/centres/ranking/2024/assign", data={"category": "growth10", "code": "SHARED", "centre": ""}).status_code == 403  # noqa: E501
    assert client.post("/centres/ranking/2024/assign", data={"category": "growth10", "code": "SHARED", "centre": ""}).status_code == 302
    assert sorted(c.code for c in services.score_year(2024).result.conflicts) == ["SHARED", "X"]
    assert services.score_year(2024).score_of(c2.code).part("R4") == 0  # SHARED counts for nobody again
    assert services.score_year(2024).score_of(c1.code).part("R4") == 9


def test_the_navigation_links_the_centres_for_those_who_may_read_them(world):
    assert 'id="nav-centres"' in client_for(world, "reviewer_a").get("/centres/").get_data(as_text=True)
    page = client_for(world, "admin").get("/admin/users").get_data(as_text=True)
    assert 'id="nav-centres"' not in page


def test_the_ranking_and_the_list_do_not_grow_with_the_centres(world):
    from tests.factories import queries_for

    def add(n: int) -> None:
        code = f"N{n}"
        store_document({"year": 2024, "centres": [{"id": code, "growth10": ["SHARED"], "services": [
            {"client": "甲", "item": "报关", "matter": "x", "requested": "2024-03-01"}]}]}, unit_id=world["unit_a"].id)
        store_document({"year": 2023, "centres": [{"id": code, "trainings": [{"date": "2023-05-01", "companies": 40}]}]},
                       centres={code: services.find_centre(code)})

    client = client_for(world, "auditor")
    add(0)
    few = (queries_for(client, "/centres/ranking?year=2024"), queries_for(client, "/centres/?year=2024"))
    for n in range(1, 7):
        add(n)
    assert (queries_for(client, "/centres/ranking?year=2024"), queries_for(client, "/centres/?year=2024")) == few
