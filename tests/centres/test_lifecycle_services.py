"""The lifecycle services on their own (issue 16): decisions of each kind, renewals, weekly reports,
inspections, the documents' keys, and what the audit trail records."""

import datetime
import io
from decimal import Decimal

import pytest
from docx import Document
from docxtpl import DocxTemplate
from sqlalchemy import func, select

from app.centres.hubei import lifecycle, lifecycle_docs, lifecycle_terms
from app.centres.models import CentreApplication, CentreMaterial, CentreRevocation
from app.centres.rules import hubei_lifecycle as rules
from app.centres.rules.hubei_lifecycle_drafts import AgreementDraft, ApplicationDraft
from app.domain.access import Principal, Role
from app.domain.errors import DomainError
from app.extensions import db
from app.models import AuditEvent
from app.services import uploads
from tests.centres.test_lifecycle_pages import CODE, store_full_year
from tests.factories import make_unit, make_user


@pytest.fixture
def people(app, tmp_path):
    county, other = make_unit("420101", "武汉市江岸区商务局"), make_unit("420201", "黄石市商务局")
    users = {
        "county": make_user("county", ["officer"], [county]),
        "city": make_user("city", ["reviewer"], [county]),
        "province": make_user("province", ["reviewer"], [county, other]),
    }
    principals = {
        name: Principal(u.id, frozenset(Role(r) for r in u.roles), frozenset(x.id for x in u.units))
        for name, u in users.items()
    }
    return {"county": county, "principals": principals, "folder": tmp_path}


def draft(people, **changes) -> ApplicationDraft:
    values = dict(kind="establish", unit_id=people["county"].id, centre_id=None, centre_code="HB-WH01",
                  centre_name="武汉江岸外贸综合服务中心", park="武汉经开区", level="provincial",
                  operator_name="湖北某外贸服务有限公司", credit_code=CODE, legal_person=True, trade_qualified=True,
                  clean_record=True, not_discredited=True, floor_area=Decimal(50), staff=3, staff_experienced=1,
                  customs_declarants=1, linguists=1)
    values.update(changes)
    return ApplicationDraft(**values)


def decide(people, application, day=datetime.date(2024, 12, 20)) -> CentreApplication:
    for key, _ in rules.MATERIALS:
        lifecycle.set_material(application, key, folder=people["folder"], limits=uploads.Limits(),
                               filename=f"{key}.pdf", data=b"%PDF-1.4 x")
    p = people["principals"]
    lifecycle.act(application, "apply", p["county"], today=day)
    lifecycle.act(application, "forward", p["city"], today=day)
    lifecycle.act(application, "approve", p["province"], today=day, decision_no="鄂商务函〔2024〕8号")
    return application


def test_tiers_follow_001_article_4_and_9(people):
    """001 第四条、第九条（三）: 填报 of the unit apply, 审核 of the unit review, a 审核 of every unit approves."""
    p, unit = people["principals"], people["county"].id
    assert lifecycle.tiers_of(p["county"], unit) == {rules.Tier.COUNTY}
    assert lifecycle.tiers_of(p["city"], unit) == {rules.Tier.CITY}
    assert lifecycle.tiers_of(p["province"], unit) == {rules.Tier.CITY, rules.Tier.PROVINCE}


def test_article_9_3_establish_creates_the_centre_and_its_decision_letter(people):
    """001 第九条（三）: the province's 核准 sets the centre up; the 决定书 carries its number."""
    application = decide(people, lifecycle.create_application(draft(people)))
    assert application.stage == "approved" and application.decision_no == "鄂商务函〔2024〕8号"
    centre = application.centre
    assert (centre.code, centre.company, centre.level) == ("HB-WH01", "湖北某外贸服务有限公司", "provincial")
    template = DocxTemplate(str(lifecycle_docs.DECISION_TEMPLATE))
    assert template.get_undeclared_template_variables() <= set(lifecycle_docs.decision_context(application))
    text = "\n".join(p.text for p in Document(io.BytesIO(lifecycle_docs.decision_docx(application))).paragraphs)
    assert "同意设立武汉江岸外贸综合服务中心，由湖北某外贸服务有限公司承办。" in text
    assert "15 个工作日内" in text and "2024年12月20日" in text
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "CentreApplication")).all()
    assert [e.action for e in events if e.action in ("提出申请", "审核并报省厅", "核准")] == ["提出申请", "审核并报省厅", "核准"]


def test_article_9_4_a_revocation_decision_ends_the_qualification(people):
    """001 第九条（四）: 撤销决定书; the centre is revoked (no blacklist: not a 第十四条 case)."""
    centre = decide(people, lifecycle.create_application(draft(people))).centre
    revoke = lifecycle.create_application(draft(people, kind="revoke", centre_id=centre.id, reason="园区撤并"))
    assert revoke.centre_code == "HB-WH01"
    decide(people, revoke, day=datetime.date(2025, 5, 6))
    assert centre.revocation.ground == "decision" and centre.revocation.decided_on == datetime.date(2025, 5, 6)
    assert lifecycle.blacklist() == []
    text = "\n".join(p.text for p in Document(io.BytesIO(lifecycle_docs.decision_docx(revoke))).paragraphs)
    assert "关于撤销武汉江岸外贸综合服务中心的决定书" in text and "《湖北省对外贸易综合服务中心认定管理办法》第九条（四）" in text
    # 第十三条: no contract for a revoked centre
    with pytest.raises(DomainError, match="已取消资格"):
        lifecycle_terms.sign_contract(centre, 2025, datetime.date(2025, 6, 1))


def test_article_10_2_applications_name_their_field_and_change_nothing(people):
    with pytest.raises(DomainError) as err:
        lifecycle.create_application(draft(people, credit_code="123", centre_code="", staff_experienced=9))
    assert {p.field for p in err.value.problems} == {"credit_code", "centre_code", "staff_experienced"}
    assert db.session.scalars(select(CentreApplication)).all() == []
    application = lifecycle.create_application(draft(people))
    assert [m.key for m in application.materials] == [k for k, _ in rules.MATERIALS]
    with pytest.raises(DomainError, match="请选择"):
        lifecycle.set_material(application, "declaration", folder=people["folder"], limits=uploads.Limits(),
                               filename="x.exe", data=b"MZ")
    assert db.session.scalar(select(CentreMaterial).where(CentreMaterial.key == "declaration")).status == "missing"


def test_article_10_3_renewal_after_a_qualified_year(people):
    """001 第十条（三）: 年度末期评估合格的续签合同."""
    centre = decide(people, lifecycle.create_application(draft(people))).centre
    lifecycle_terms.sign_contract(centre, 2024, datetime.date(2024, 1, 2))
    assert (centre.contract_start, centre.contract_end) == (2024, 2026)
    with pytest.raises(DomainError, match="尚无结果"):
        lifecycle_terms.sign_contract(centre, 2025, datetime.date(2025, 1, 2))
    store_full_year(centre, 2024)
    lifecycle_terms.sign_contract(centre, 2025, datetime.date(2025, 1, 2))
    assert [c.year for c in centre.contracts] == [2024, 2025]


def test_000_article_4_weekly_reports_missing_and_late(people):
    """000 第四条: weeks due by a day with no report, and reports made after their Monday."""
    centre = decide(people, lifecycle.create_application(draft(people))).centre
    lifecycle_terms.sign_contract(centre, 2025, datetime.date(2025, 3, 3))
    lifecycle_terms.submit_weekly(centre, datetime.date(2025, 3, 5), datetime.date(2025, 3, 10), 1, 3, "咨询:2")
    lifecycle_terms.submit_weekly(centre, datetime.date(2025, 3, 12), datetime.date(2025, 3, 19), 0, 1, "报关:1")
    [status] = lifecycle_terms.weekly_status([centre], 2025, datetime.date(2025, 3, 31))
    assert status.missing == [datetime.date(2025, 3, 17), datetime.date(2025, 3, 24)]
    assert status.late == [datetime.date(2025, 3, 10)]
    with pytest.raises(DomainError, match="已开始的周"):
        lifecycle_terms.submit_weekly(centre, datetime.date(2025, 4, 20), datetime.date(2025, 4, 1), 0, 0, "")
    diffs = lifecycle_terms.weekly_vs_year_end(centre, 2025)
    assert [(d.weekly, d.claimed) for d in diffs] == [(3, 0), (1, 0)]


def test_000_article_4_an_inspection_per_quarter(people):
    """000 第四条: 季度督查, reported at the start of the next quarter; a quarter past due without one is named."""
    centre = decide(people, lifecycle.create_application(draft(people))).centre
    lifecycle_terms.record_inspection(centre, 2025, 1, datetime.date(2025, 4, 2), "台账齐全")
    lifecycle_terms.record_inspection(centre, 2025, 1, datetime.date(2025, 4, 3), "台账齐全，补录 2 条")
    assert [(i.quarter, i.findings) for i in centre.inspections] == [(1, "台账齐全，补录 2 条")]
    with pytest.raises(DomainError, match="督查情况"):
        lifecycle_terms.record_inspection(centre, 2025, 2, datetime.date(2025, 7, 1), " ")
    assert lifecycle_terms.missing_inspections(centre, 2025, datetime.date(2025, 7, 1)) == []  # no contract for 2025
    lifecycle_terms.sign_contract(centre, 2025, datetime.date(2025, 1, 2))
    assert lifecycle_terms.missing_inspections(centre, 2025, datetime.date(2025, 7, 1)) == [(2, datetime.date(2025, 7, 1))]
    assert lifecycle_terms.missing_inspections(centre, 2025, datetime.date(2025, 6, 30)) == []


def test_000_annex_2_agreement_keys_and_article_13_revocation_in_the_trail(people):
    centre = decide(people, lifecycle.create_application(draft(people))).centre
    agreement = lifecycle_terms.create_agreement(centre, AgreementDraft("某公司", "9142 0100 AAAA00001X",
                                                                        datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)))
    assert agreement.code == "91420100AAAA00001X"
    template = DocxTemplate(str(lifecycle_docs.AGREEMENT_TEMPLATE))
    assert template.get_undeclared_template_variables() <= set(lifecycle_docs.agreement_context(agreement))
    revocation = lifecycle.revoke(centre, "penalty", "行政处罚决定书", Decimal(0), "", datetime.date(2025, 6, 1))
    assert isinstance(revocation, CentreRevocation) and lifecycle.blacklist() == []
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "取消资格"))
    assert event.comment.startswith("001 第十三条（二）")
    with pytest.raises(DomainError, match="已于"):
        lifecycle.revoke(centre, "penalty", "again", Decimal(0), "")


def test_only_operator_accounts_report_for_a_centre(people):
    centre = decide(people, lifecycle.create_application(draft(people))).centre
    with pytest.raises(DomainError, match="不是承办人员角色"):
        lifecycle.link_operator(centre, "county")
    make_user("op", ["operator"])
    lifecycle.link_operator(centre, "op")
    with pytest.raises(DomainError, match="已是其他中心"):
        lifecycle.link_operator(centre, "op")


def test_000_article_3_the_year_reads_its_trainings_from_the_weekly_reports(people):
    """000 第三条: 年终综合考核 reads the weekly reports (第四条: 培训场次 by week) — previewed, then saved and audited."""
    from app.centres.hubei import services
    from app.centres.rules.hubei_drafts import EvidenceDraft, TrainingDraft
    from app.domain.errors import ConflictError

    centre = decide(people, lifecycle.create_application(draft(people))).centre
    services.save_evidence(centre, 2025, EvidenceDraft(
        fixed_office=True, staff=3, meetings=2, trainings=(TrainingDraft(datetime.date(2025, 3, 5), 35, "政策宣讲"),),
        claims={"registered": ("91420100AAAA00001X",)}))
    lifecycle_terms.submit_weekly(centre, datetime.date(2025, 3, 3), datetime.date(2025, 3, 10), 2, 5, "咨询:2")
    lifecycle_terms.submit_weekly(centre, datetime.date(2025, 3, 10), datetime.date(2025, 3, 17), 1, 3, "报关:1")
    fill = lifecycle_terms.weekly_fill(centre, 2025)
    assert fill.added == (datetime.date(2025, 3, 3), datetime.date(2025, 3, 10)) and fill.unreported == 0
    figures = {f.what: (f.before, f.after) for f in fill.figures}
    assert figures["培训场次"] == ("1", "3")
    # 000 第九条（二）1: the added trainings' attendance is not in the weekly reports, so R1 stays (one of 30+: 8 − 4)
    assert figures["参会企业 30 家以上的培训"] == ("1", "1") and figures["培训得分"] == ("4", "4")
    assert figures["总分"][0] == figures["总分"][1]
    assert any("服务数据" in what for _, what in fill.left_alone)
    evidence = services.get_evidence(centre, 2025)
    assert len(evidence.trainings) == 1  # the preview saves nothing
    # a save since the preview is refused and changes nothing
    services.save_evidence(centre, 2025, EvidenceDraft(fixed_office=True, staff=4, meetings=2, trainings=(
        TrainingDraft(datetime.date(2025, 3, 5), 35, "政策宣讲"),), claims={"registered": ("91420100AAAA00001X",)}))
    with pytest.raises(ConflictError):
        lifecycle_terms.apply_weekly_fill(centre, 2025, fill.version)
    db.session.expire_all()
    assert len(services.get_evidence(centre, 2025).trainings) == 1
    mark = db.session.scalar(select(func.max(AuditEvent.id)))
    fresh = lifecycle_terms.weekly_fill(centre, 2025)
    lifecycle_terms.apply_weekly_fill(centre, 2025, fresh.version)
    db.session.expire_all()
    evidence = services.get_evidence(centre, 2025)
    rows = sorted(evidence.trainings, key=lambda t: t.position)
    assert [(t.day, t.companies) for t in rows] == [(datetime.date(2025, 3, 5), 35), (datetime.date(2025, 3, 3), 0),
                                                    (datetime.date(2025, 3, 10), 0)]
    assert rows[1].title.startswith("据 2025-03-03 周周报")
    assert (evidence.staff, services.claims_of(evidence)["registered"]) == (4, ["91420100AAAA00001X"])  # left alone
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.id > mark)).all()
    step = [e for e in events if e.action == "按周报汇总"]  # each training added, with the figures' change
    assert len(step) == 2 and "培训场次 1 → 3" in step[0].comment and step[0].comment.startswith("000 第三条")
    assert "2025-03-03" in step[0].object_label
    with pytest.raises(DomainError, match="无需汇总"):
        lifecycle_terms.apply_weekly_fill(centre, 2025, lifecycle_terms.weekly_fill(centre, 2025).version)
