"""A centre's life through the pages (issue 16): application → 市州 → 省厅 → 决定书 → contract and filing →
funding → 服务协议 → weekly reports → revocation and blacklist. Each step names its article."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.centres.hubei import lifecycle, lifecycle_terms
from app.centres.models import Centre, CentreApplication, CentreBlacklist, CentreContract, CentrePayment, WeeklyReport
from app.centres.rules import hubei_lifecycle as rules
from app.domain.errors import DomainError
from app.extensions import db
from app.models import AuditEvent
from tests.conftest import login
from tests.factories import make_unit, make_user

TODAY = datetime.date.today()
CODE = "91420100MA4K0000X1"


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def world(app, tmp_path):
    app.instance_path = str(tmp_path)  # uploaded materials are kept under the instance folder
    county, other = make_unit("420101", "武汉市江岸区商务局"), make_unit("420201", "黄石市商务局")
    users = {
        "county": make_user("county", ["officer"], [county]),
        "city": make_user("city", ["reviewer"], [county]),
        "province": make_user("province", ["reviewer"], [county, other]),
        "other_officer": make_user("other_officer", ["officer"], [other]),
        "auditor": make_user("auditor", ["auditor"]),
        "operator": make_user("operator", ["operator"]),
    }
    return {"county": county, "other": other, "users": users, "app": app}


def client_for(world, name):
    return login(world["app"].test_client(), world["users"][name])


def application_form(world, **changes) -> dict:
    data = {
        "kind": "establish", "unit_id": str(world["county"].id), "centre_id": "", "centre_code": "HB-WH01",
        "centre_name": "武汉江岸外贸综合服务中心", "park": "武汉经济技术开发区", "level": "national",
        "operator_name": "湖北某外贸服务有限公司", "credit_code": CODE, "legal_person": "y", "trade_qualified": "y",
        "clean_record": "y", "not_discredited": "y", "floor_area": "80", "staff": "5", "staff_experienced": "2",
        "customs_declarants": "1", "linguists": "1", "reason": "",
    }
    data.update(changes)
    return data


def store_full_year(centre, year):
    """Evidence and 480 service records that score well (000 第九条)."""
    from app.centres.hubei import services
    from app.centres.rules.hubei_drafts import EvidenceDraft, TrainingDraft
    from app.centres.rules.hubei_model import SERVICE_ITEMS

    codes = {cat: tuple(f"{cat[:2].upper()}{n:016d}" for n in range(10)) for cat in ("registered", "first_trade", "growth10", "doubled")}
    services.save_evidence(centre, year, EvidenceDraft(
        fixed_office=True, staff=5, staff_experienced=2, customs_declarants=1, linguists=1, floor_area=Decimal(80),
        meetings=2, trainings=(TrainingDraft(datetime.date(year, 3, 1), 30), TrainingDraft(datetime.date(year, 6, 1), 30)),
        claims=codes))
    drafts = [
        services.ServiceDraft(client=f"企业{n}", item=SERVICE_ITEMS[n % 14], matter=f"事项{n}",
                              requested=datetime.date(year, 1, 1) + datetime.timedelta(n % 300))
        for n in range(480)
    ]
    services.store_records(centre, year, drafts)


def upload_all(client, application_id, keys=None):
    for key, _ in rules.MATERIALS:
        if keys is not None and key not in keys:
            continue
        response = client.post(f"/centres/applications/{application_id}/materials", data={
            "key": key, "note": "", "file": (io.BytesIO(b"%PDF-1.4 material " + key.encode()), f"{key}.pdf"),
        }, content_type="multipart/form-data")
        assert response.status_code == 302


def approved_centre(world) -> Centre:
    county = client_for(world, "county")
    assert county.post("/centres/applications/new", data=application_form(world)).status_code == 302
    application = db.session.scalar(select(CentreApplication))
    upload_all(county, application.id, keys={k for k, _ in rules.MATERIALS if k != "other"})
    county.post(f"/centres/applications/{application.id}/step", data={"action": "apply"})
    client_for(world, "city").post(f"/centres/applications/{application.id}/step", data={"action": "forward"})
    client_for(world, "province").post(f"/centres/applications/{application.id}/step", data={"action": "approve"})
    db.session.expire_all()
    return db.session.get(CentreApplication, application.id).centre


def test_article_9_3_application_to_decision_through_the_three_tiers(world):
    """001 第九条（三）: 县区申请 → 市州审核 → 省厅核准, with 第十条（二）'s materials and the 决定书."""
    county = client_for(world, "county")
    response = county.post("/centres/applications/new", data=application_form(world))
    assert response.status_code == 302
    application = db.session.scalar(select(CentreApplication))
    page = text(county.get(f"/centres/applications/{application.id}"))
    assert "缺少材料：申报书" in page and "《湖北省对外贸易综合服务中心认定管理办法》第十条（二）1" in page

    # 第十条（二）: no application without materials 1–6
    county.post(f"/centres/applications/{application.id}/step", data={"action": "apply"})
    db.session.expire_all()
    assert db.session.get(CentreApplication, application.id).stage == "draft"

    upload_all(county, application.id, keys={k for k, _ in rules.MATERIALS if k != "other"})
    county.post(f"/centres/applications/{application.id}/materials", data={"key": "other", "missing": "y", "note": "无"})
    assert county.post(f"/centres/applications/{application.id}/step", data={"action": "apply"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(CentreApplication, application.id).stage == "applied"

    # the county cannot forward; another unit's officer cannot even see it
    assert county.post(f"/centres/applications/{application.id}/step", data={"action": "forward"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(CentreApplication, application.id).stage == "applied"
    assert client_for(world, "other_officer").get(f"/centres/applications/{application.id}").status_code == 403

    city = client_for(world, "city")
    # a return needs its reason
    city.post(f"/centres/applications/{application.id}/step", data={"action": "city_return", "reason": ""})
    db.session.expire_all()
    assert db.session.get(CentreApplication, application.id).stage == "applied"
    city.post(f"/centres/applications/{application.id}/step", data={"action": "forward"})
    db.session.expire_all()
    assert db.session.get(CentreApplication, application.id).stage == "forwarded"
    # the city reviewer is not the province
    city.post(f"/centres/applications/{application.id}/step", data={"action": "approve"})
    db.session.expire_all()
    assert db.session.get(CentreApplication, application.id).stage == "forwarded"

    province = client_for(world, "province")
    assert province.post(f"/centres/applications/{application.id}/step", data={"action": "approve"}).status_code == 302
    db.session.expire_all()
    application = db.session.get(CentreApplication, application.id)
    assert application.stage == "approved" and application.centre.code == "HB-WH01"
    assert application.centre.unit_id == world["county"].id and application.centre.level == "national"

    response = county.get(f"/centres/applications/{application.id}/decision.docx")
    assert response.status_code == 200
    document = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
    assert "关于设立武汉江岸外贸综合服务中心的决定书" in document
    assert "《湖北省对外贸易综合服务中心认定管理办法》第九条（三）" in document and application.decision_no in document
    steps = db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "CentreApplication")).all()
    assert {"提出申请", "审核并报省厅", "核准"} <= set(steps)


def test_article_9_3_the_forwarding_reviewer_does_not_approve(world):
    """001 第九条（三）: 市州审核 and 省厅核准 are two people, even for a reviewer of every unit."""
    county = client_for(world, "county")
    county.post("/centres/applications/new", data=application_form(world))
    application = db.session.scalar(select(CentreApplication))
    upload_all(county, application.id)
    county.post(f"/centres/applications/{application.id}/step", data={"action": "apply"})
    province = client_for(world, "province")
    province.post(f"/centres/applications/{application.id}/step", data={"action": "forward"})
    response = province.post(f"/centres/applications/{application.id}/step", data={"action": "approve"}, follow_redirects=True)
    assert "不能核准本人审核上报的申请" in text(response)
    db.session.expire_all()
    assert db.session.get(CentreApplication, application.id).stage == "forwarded"


def test_articles_6_7_a_small_site_is_not_forwarded(world):
    """001 第六条: 国家级 80 平方米 — the city cannot forward a 60 ㎡ site."""
    county = client_for(world, "county")
    county.post("/centres/applications/new", data=application_form(world, floor_area="60"))
    application = db.session.scalar(select(CentreApplication))
    upload_all(county, application.id)
    county.post(f"/centres/applications/{application.id}/step", data={"action": "apply"})
    response = client_for(world, "city").post(f"/centres/applications/{application.id}/step", data={"action": "forward"},
                                             follow_redirects=True)
    assert "不少于 80 平方米" in text(response)
    db.session.expire_all()
    assert db.session.get(CentreApplication, application.id).stage == "applied"


def test_article_10_3_contract_filing_and_article_11_funding(world):
    """001 第十条（三）: 15 working days to file; 第十一条: 40万元 for a national park once graded."""
    centre = approved_centre(world)
    county = client_for(world, "county")
    year = TODAY.year
    signed = TODAY - datetime.timedelta(60)
    county.post(f"/centres/{centre.id}/contracts", data={"year": str(year), "signed_on": signed.isoformat()})
    contract = db.session.scalar(select(CentreContract))
    assert contract.procurement_start == year
    page = text(county.get(f"/centres/{centre.id}/life?year={year}"))
    assert "已超过报备期限" in page
    late = county.post(f"/centres/{centre.id}/contracts/filed", data={"contract_id": str(contract.id), "filed_on": TODAY.isoformat()},
                       follow_redirects=True)
    assert "超过 15 个工作日" in text(late)
    # 第十条（三）: no renewal before a qualified year-end assessment
    response = county.post(f"/centres/{centre.id}/contracts", data={"year": str(year + 1), "signed_on": TODAY.isoformat()},
                           follow_redirects=True)
    assert "评估合格后方可续签" in text(response) or "不予续签" in text(response)
    assert count(CentreContract) == 1


def test_article_11_support_follows_the_grade_and_service_term(world):
    """001 第十一条、第十二条（三）: support by level, none before a full year after filing or without a grade."""
    centre = approved_centre(world)
    year = TODAY.year
    with db.session.no_autoflush:
        db.session.add(CentreContract(centre=centre, procurement_start=year - 1, year=year - 1,
                                      signed_on=datetime.date(year - 2, 12, 1), filed_on=datetime.date(year - 2, 12, 10)))
    db.session.commit()
    row = lifecycle_terms.funding_row(centre, year)
    # Nothing entered for the year: not assessed, so no grade and no support yet (not 较差).
    assert row.funding.amount == 0 and "尚无考核等次" in row.funding.reasons[0]
    with pytest.raises(DomainError, match="不能再拨付"):
        lifecycle_terms.record_payment(centre, year, Decimal("10"), TODAY)
    # Evidence for a full national centre, 480 services over the 14 items: a grade, and 40万元.
    store_full_year(centre, year)
    row = lifecycle_terms.funding_row(centre, year)
    assert row.funding.grade is not None and row.funding.grade.value != "较差"
    assert row.funding.amount == Decimal(40)
    lifecycle_terms.record_payment(centre, year, Decimal("40"), TODAY)
    with pytest.raises(DomainError, match="不能再拨付"):
        lifecycle_terms.record_payment(centre, year, Decimal("0.01"), TODAY)
    page = text(client_for(world, "auditor").get(f"/centres/funding?year={year}"))
    assert centre.name in page
    response = client_for(world, "auditor").get(f"/centres/funding.xlsx?year={year}")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet["A1"].value == f"{year} 年度外贸综合服务中心扶持资金" and sheet["A3"].value == centre.code


def test_000_annex_2_agreement_supports_a_claim(world):
    """000 附件2 and 第九条（二）2–5: a generated 服务协议; a claim without one is 无协议支撑."""
    centre = approved_centre(world)
    county = client_for(world, "county")
    year = TODAY.year
    county.post(f"/centres/{centre.id}/agreements", data={
        "company": "武汉某进出口有限公司 & <子公司>", "code": "91420100AAAA00001X",
        "start": f"{year}-01-01", "end": f"{year}-12-31", "items": "备案代办\n报关服务"})
    agreement = centre.agreements[0]
    response = county.get(f"/centres/{centre.id}/agreements/{agreement.id}.docx")
    body = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
    assert "甲 方: 武汉某进出口有限公司 & <子公司>（91420100AAAA00001X）" in body  # autoescape keeps & and <
    assert "1.2 免费咨询与指导服务项目包括但不限于资质代办" in body and "备案代办；报关服务" in body
    assert f"3.3 本协议有效期自{year}年1月1日起至{year}年12月31日止。" in body
    from app.centres.hubei import services
    from app.centres.rules.hubei_drafts import EvidenceDraft

    services.save_evidence(centre, year, EvidenceDraft(claims={"registered": ("91420100AAAA00001X", "91420100BBBB00002X")}))
    claims = {c["code"]: c for c in lifecycle_terms.claim_support(centre, year)}
    assert not claims["91420100AAAA00001X"]["supported"]  # generated but not yet signed
    county.post(f"/centres/{centre.id}/agreements/{agreement.id}/signed", data={"signed_on": f"{year}-01-05"})
    claims = {c["code"]: c for c in lifecycle_terms.claim_support(centre, year)}
    assert claims["91420100AAAA00001X"]["supported"] and not claims["91420100BBBB00002X"]["supported"]
    assert "无协议支撑" in text(county.get(f"/centres/{centre.id}/life?year={year}"))


def test_000_article_4_operator_reports_weekly_for_its_centre_only(world):
    """000 第四条: each Monday the centre reports last week; the 承办 account sees its own centre only."""
    centre = approved_centre(world)
    county = client_for(world, "county")
    county.post(f"/centres/{centre.id}/contracts", data={"year": str(TODAY.year), "signed_on": f"{TODAY.year}-01-02"})
    county.post(f"/centres/{centre.id}/operators", data={"user_name": "operator"})
    operator = client_for(world, "operator")
    assert operator.get(f"/centres/{centre.id}/life").status_code == 403
    assert operator.get("/centres/").status_code == 403
    last_week = TODAY - datetime.timedelta(7)
    response = operator.post("/centres/report", data={"week": last_week.isoformat(), "trainings": "1", "companies": "4",
                                                      "items": "咨询:3\n报关:2", "note": "走访企业"})
    assert response.status_code == 302
    report = db.session.scalar(select(WeeklyReport))
    assert (report.services, report.week.weekday(), report.items) == (5, 0, "咨询:3\n报关:2")
    bad = operator.post("/centres/report", data={"week": last_week.isoformat(), "items": "报关单:2"})
    assert bad.status_code == 422 and "不是 14 项服务项目之一" in text(bad)
    # 000 附件2: the operator prepares a 服务协议 and downloads it; another centre's is not its to read
    operator.post("/centres/report/agreements", data={"company": "某客户公司", "code": "91420100CCCC00003X",
                                                      "start": f"{TODAY.year}-01-01", "end": f"{TODAY.year}-12-31"})
    agreement = centre.agreements[0]
    response = operator.get(f"/centres/report/agreements/{agreement.id}.docx")
    assert response.status_code == 200 and "某客户公司" in "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
    assert operator.get(f"/centres/{centre.id}/agreements/{agreement.id}.docx").status_code == 403


def test_articles_13_14_revocation_recovers_funds_and_blacklists(world):
    """001 第十四条: 恶意套取 → 取消资格，追回已拨付资金，列入黑名单; the next application is refused."""
    centre = approved_centre(world)
    db.session.add(CentrePayment(centre=centre, year=TODAY.year, amount=Decimal("40.00"), paid_on=TODAY))
    db.session.commit()
    province = client_for(world, "province")
    response = province.post(f"/centres/{centre.id}/revoke", data={
        "ground": "fund_abuse", "details": "虚报服务数据", "recovered": "20", "credit_code": CODE,
        "decided_on": TODAY.isoformat()}, follow_redirects=True)
    assert "应追回已拨付资金 40.00 万元" in text(response)
    assert centre.revocation is None
    # the county (a 填报) may not revoke
    assert client_for(world, "county").post(f"/centres/{centre.id}/revoke", data={}).status_code == 403
    province.post(f"/centres/{centre.id}/revoke", data={
        "ground": "fund_abuse", "details": "虚报服务数据", "recovered": "40", "credit_code": CODE,
        "decided_on": TODAY.isoformat()})
    db.session.expire_all()
    assert centre.revocation.recovered == Decimal("40.00") and count(CentreBlacklist) == 1
    # 第十四条 at the next application: the operator is refused
    county = client_for(world, "county")
    county.post("/centres/applications/new", data=application_form(world, centre_code="HB-WH02"))
    application = db.session.scalar(select(CentreApplication).where(CentreApplication.centre_code == "HB-WH02"))
    assert any(g.clause == "001 第十四条" for g in lifecycle.gaps(application))
    assert "黑名单" in text(county.get(f"/centres/applications/{application.id}"))
    upload_all(county, application.id)
    response = county.post(f"/centres/applications/{application.id}/step", data={"action": "apply"}, follow_redirects=True)
    assert "001 第十四条" in text(response) or "列入全省外综服中心承办企业黑名单" in text(response)
    db.session.expire_all()
    assert db.session.get(CentreApplication, application.id).stage == "draft"


def test_the_blacklist_is_kept_by_the_province_only(world):
    """001 第十四条: the list is the province's; others read it."""
    assert client_for(world, "city").post("/centres/blacklist", data={}).status_code == 403
    response = client_for(world, "province").post("/centres/blacklist", data={
        "credit_code": CODE, "name": "某公司", "reason": "套取资金"})
    assert response.status_code == 302
    assert CODE in text(client_for(world, "auditor").get("/centres/blacklist"))


def test_the_year_lists_do_not_grow_with_centres(world):
    """The funding, weekly and application lists read each table once, however many centres."""
    from tests.factories import queries_for

    year = TODAY.year
    auditor = client_for(world, "auditor")

    def add(n):
        for _ in range(n):
            code = f"Q{count(Centre)}"
            centre = Centre(code=code, name=f"中心{code}", unit_id=world["county"].id)
            db.session.add(centre)
            db.session.add(CentreContract(centre=centre, procurement_start=year, year=year, signed_on=datetime.date(year, 1, 2)))
            db.session.add(CentrePayment(centre=centre, year=year, amount=Decimal("1.00"), paid_on=datetime.date(year, 2, 1)))
            lifecycle.create_application(lifecycle.ApplicationDraft(
                "establish", world["county"].id, None, f"N{code}", "新中心", "", "provincial", "某公司", CODE))
        db.session.commit()

    add(2)
    urls = (f"/centres/funding?year={year}", f"/centres/weekly?year={year}", "/centres/applications")
    few = [queries_for(auditor, url) for url in urls]
    add(6)
    assert [queries_for(auditor, url) for url in urls] == few


def test_no_lifecycle_page_shows_a_seed_number(world):
    """Pages cite the documents by name (issue 12, point 9), never "000 第…"/"001 第…"."""
    numbered = re.compile(r"(?<![\d.])00[012] ?(第|（|附件)")
    centre = approved_centre(world)
    db.session.add(CentreContract(centre=centre, procurement_start=TODAY.year, year=TODAY.year, signed_on=TODAY))
    db.session.commit()
    from app.centres.hubei import services
    from app.centres.rules.hubei_drafts import EvidenceDraft

    services.save_evidence(centre, TODAY.year, EvidenceDraft(claims={"registered": ("91420100AAAA00001X",)}))
    application = db.session.scalar(select(CentreApplication))
    auditor = client_for(world, "auditor")
    for url in (f"/centres/{centre.id}/life?year={TODAY.year}", "/centres/applications", f"/centres/applications/{application.id}",
                f"/centres/funding?year={TODAY.year}", f"/centres/weekly?year={TODAY.year}", "/centres/blacklist"):
        page = auditor.get(url).get_data(as_text=True)
        assert not numbered.search(page), f"{url}: {numbered.search(page).group(0)!r}"


def test_000_article_3_weekly_totals_previewed_then_confirmed(world):
    """000 第三条: 按周报汇总 on the centre's year page shows before → after and saves only on confirmation."""
    from app.centres.hubei import services

    centre = approved_centre(world)
    year = TODAY.year - 1
    lifecycle_terms.submit_weekly(centre, datetime.date(year, 3, 3), datetime.date(year, 3, 10), 2, 5, "咨询:2")
    county = client_for(world, "county")
    assert "按周报汇总" in text(county.get(f"/centres/{centre.id}/life?year={year}"))
    assert "按周报汇总" not in text(client_for(world, "auditor").get(f"/centres/{centre.id}/life?year={year}"))
    preview = county.get(f"/centres/{centre.id}/weekly-totals?year={year}")
    page = text(preview)
    assert preview.status_code == 200 and "培训场次 《" in page and " 0 2 " in page and "服务数据" in page
    assert not re.search(r"(?<![\d.])00[012] ?(第|（|附件)", preview.get_data(as_text=True))
    assert services.get_evidence(centre, year) is None  # the preview saves nothing
    stale = county.post(f"/centres/{centre.id}/weekly-totals?year={year}", data={"target": "7"})
    assert stale.status_code == 200 and services.get_evidence(centre, year) is None
    response = county.post(f"/centres/{centre.id}/weekly-totals?year={year}", data={"target": "0"})
    assert response.status_code == 302
    db.session.expire_all()
    assert len(services.get_evidence(centre, year).trainings) == 2
    again = text(county.get(f"/centres/{centre.id}/weekly-totals?year={year}"))
    assert "无需汇总" in again
