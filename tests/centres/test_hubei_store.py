"""The Hubei centre services: stored data scored exactly as ``jixiao centre score`` scores its JSON."""

import datetime
import json
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.centres.cli import plain
from app.centres.hubei import services
from app.centres.hubei.records import ServiceDraft
from app.centres.models import Centre, CentreClaim, CentreServiceRecord, CentreTraining, CentreYear
from app.centres.rules.hubei_drafts import CentreDraft, EvidenceDraft, TrainingDraft
from app.domain.errors import DomainError
from app.extensions import db
from app.models import AuditEvent
from tests.centres.builders import centre_doc, codes, contract_document, service_doc
from tests.centres.hubei_store import cli_json, store_document
from tests.factories import make_unit


def in_year(document: dict, year: int) -> dict:
    """The same centre document moved to another year (dates and all)."""
    moved = json.loads(json.dumps(document, ensure_ascii=False).replace("2024-", f"{year}-"))
    return dict(moved, year=year)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_issue_example_stored_scores_as_the_command_prints_it(app, runner, tmp_path):
    document = contract_document()
    store_document(document)
    ours = plain(services.score_year(2024).result.to_dict())
    assert ours == cli_json(runner, tmp_path, document)
    one = ours["centres"][0]
    assert (one["id"], one["total"], one["grade"]) == ("C1", 86.3, "良好")
    assert ours["conflicts"] == [{"category": "growth10", "code": "SHARED", "centres": ["C1", "C2"]}]


def test_the_document_the_pages_score_is_the_one_the_command_reads(app, runner, tmp_path):
    one = centre_doc(complaints=1, harmful_acts=1, praises=7, first_trade=list(codes("F", 4)) + ["F0001"],
                     growth10=list(codes("G", 3)) + ["F0002", "D1"], doubled=["D1", "D2"],
                     trainings=[{"date": "2024-03-01", "companies": 29}, {"date": None, "companies": 30}])
    one["services"] = service_doc(500) + [dict(service_doc(1)[0], evaluated=None, rating="dissatisfied")]
    two = centre_doc(id="C2", level="provincial", staff=2, fixed_office=False, services=service_doc(10, items=("报关",)),
                     registered=list(codes("91420100", 3)))
    store_document({"year": 2024, "centres": [one, two]})
    document, centres = services.assessment_document(2024)
    assert [c.code for c in centres] == ["C1", "C2"]
    assert plain(services.score_year(2024).result.to_dict()) == cli_json(runner, tmp_path, document)
    # the stored year reads back as what was put in
    assert document["centres"][0]["services"][:3] == one["services"][:3]
    assert document["centres"][0]["first_trade"] == one["first_trade"]  # repeats kept: the engine names them


def test_a_centre_with_nothing_for_the_year_is_not_assessed(app):
    store_document({"year": 2024, "centres": [centre_doc()]})
    services.create_centre(CentreDraft("IDLE", "合同期内未录入的中心", contract_start=2024, contract_end=2026))
    services.create_centre(CentreDraft("NONE", "无合同期也未录入的中心"))
    store_document({"year": 2024, "centres": [{"id": "REC", "services": service_doc(2)}]})
    db.session.delete(db.session.scalar(select(CentreYear).join(Centre).where(Centre.code == "REC")))
    db.session.commit()  # records alone still make a centre assessed
    assert [c.code for c in services.participants(2024)] == ["C1", "REC"]
    assert services.participants(2023) == []
    ranking = services.ranking(2024)
    assert [r.centre.code for r in ranking.rows] == ["C1", "REC"]
    assert [c.code for c in ranking.idle] == ["IDLE"]


def own(centre_id: str, **changes) -> dict:
    """A full-marks centre whose companies are its own (no conflicts with the others)."""
    return centre_doc(
        id=centre_id, registered=list(codes(f"91{centre_id}", 10)), first_trade=list(codes(f"{centre_id}F", 10)),
        growth10=list(codes(f"{centre_id}G", 10)), doubled=list(codes(f"{centre_id}D", 5)), **changes,
    )


def test_ranking_shares_places_on_equal_totals_and_shows_only_what_the_user_may_read(app):
    unit_a, unit_b = make_unit("304001", "甲"), make_unit("573301", "乙")
    store_document({"year": 2024, "centres": [own("A1"), own("A2", praises=2)]}, unit_id=unit_a.id)
    store_document({"year": 2024, "centres": [own("B1", praises=2)]}, unit_id=unit_b.id)
    store_document({"year": 2024, "centres": [own("Z1", staff=0)]})
    everyone = services.ranking(2024)
    assert [(r.rank, r.centre.code, r.sheet["total"]) for r in everyone.rows] == [
        (1, "A2", "96"), (1, "B1", "96"), (3, "A1", "95"), (4, "Z1", "92"),
    ]
    mine = services.ranking(2024, frozenset({unit_a.id}))
    assert [(r.rank, r.centre.code) for r in mine.rows] == [(1, "A2"), (3, "A1"), (4, "Z1")]  # Z1 has no unit
    assert mine.total == 4


def test_grades_of_the_years_before_decide_revocation_and_priority(app):
    poor = {"id": "P1", "level": "national", "services": service_doc(10)}
    centres = {}
    for year in (2022, 2023, 2024):
        centres = store_document(in_year({"year": 2024, "centres": [poor, own("E1")]}, year), centres=centres)
    rows = {r.centre.code: r for r in services.ranking(2024).rows}
    assert [g.value for _, g in rows["P1"].standing.history] == ["较差", "较差", "较差"]
    assert rows["P1"].standing.consequences.revoked and rows["P1"].standing.text == "取消承办资质；不享受当年资金支持"
    assert [g.value for _, g in rows["E1"].standing.history] == ["优秀", "优秀", "优秀"]
    assert rows["E1"].standing.consequences.tender_priority
    assert rows["E1"].standing.text == "当年资金支持 40 万元；新一轮招标同等条件下优先"
    # a contract that began in 2024 counts 2024 alone
    services.update_centre(centres["E1"], CentreDraft("E1", "中心E1", "national", contract_start=2024, contract_end=2026))
    services.update_centre(centres["P1"], CentreDraft("P1", "中心P1", "provincial", contract_start=2024, contract_end=2026))
    rows = {r.centre.code: r for r in services.ranking(2024).rows}
    assert not rows["E1"].standing.consequences.tender_priority and not rows["P1"].standing.consequences.revoked
    assert rows["P1"].standing.text == "不享受当年资金支持"
    assert rows["E1"].standing.consequences.support == Decimal(40)


def test_a_year_without_data_breaks_the_run_of_poor_grades(app):
    poor = {"id": "P1", "services": service_doc(3)}
    centres = store_document(in_year({"year": 2024, "centres": [poor]}, 2022))
    store_document({"year": 2024, "centres": [poor]}, centres=centres)
    row = services.ranking(2024).rows[0]
    assert [year for year, _ in row.standing.history] == [2024]
    assert not row.standing.consequences.revoked
    store_document(in_year({"year": 2024, "centres": [poor]}, 2023), centres=centres)
    assert services.ranking(2024).rows[0].standing.consequences.revoked


def test_an_assignment_settles_a_conflict_and_can_be_withdrawn(app):
    centres = store_document({"year": 2024, "centres": [
        {"id": "C1", "growth10": ["X", "Y"]}, {"id": "C2", "growth10": ["X"]}, {"id": "C3", "growth10": ["Y"]},
    ]})
    scores = services.score_year(2024)
    assert [(c.code, c.centre_ids) for c in scores.result.conflicts] == [("X", ("C1", "C2")), ("Y", ("C1", "C3"))]
    services.set_assignment(2024, "growth10", "X", centres["C2"])
    scores = services.score_year(2024)
    assert [c.code for c in scores.result.conflicts] == ["Y"]
    assert scores.score_of("C2").part("R4") == 1 and scores.score_of("C1").part("R4") == 0
    assert scores.document["assignments"] == {"growth10": {"X": "C2"}}
    with pytest.raises(DomainError, match="未在 2024 年度申报"):
        services.set_assignment(2024, "growth10", "X", centres["C3"])
    services.set_assignment(2024, "growth10", "X", None)
    assert [c.code for c in services.score_year(2024).result.conflicts] == ["X", "Y"]
    assert services.claimants(2024, "growth10", "Y") == [centres["C1"], centres["C3"]]


def test_the_score_page_report_has_the_missing_points_and_the_recognition_gaps(app):
    document = contract_document()
    centres = store_document(document)
    services.save_evidence(centres["C3"], 2024, EvidenceDraft(staff=3, staff_experienced=1, customs_declarants=1, linguists=0, floor_area=Decimal("49.5"),
                                                              claims={"growth10": ("ASSIGNED",)}))
    report = services.centre_report(centres["C1"], 2024)
    assert report.sheet["total"] == "86.3" and report.sheet["grade"] == "良好"
    assert "再录入 37 条有效服务数据可得满分" in report.sheet["missing"]
    assert "报检、翻译 无有效服务数据" in report.sheet["missing"]
    assert [(c.code, [x.code for x in c.centres]) for c in report.conflicts] == [("SHARED", ["C1", "C2"])]
    assert [g.clause for g in report.recognition] == ["001 第六条", "001 第七条第一款", "001 第七条第一款", "001 第七条第一款"]
    gaps = services.centre_report(centres["C3"], 2024).recognition
    assert [(g.clause, g.text) for g in gaps] == [
        ("001 第六条", "服务场地 49.5 平方米，省级不少于 50 平方米"),
        ("001 第七条第二款", "外语人才 0 人，省级不少于 1 人"),
    ]


def test_evidence_is_updated_in_place_and_every_change_is_audited(app):
    centre = services.create_centre(CentreDraft("C1", "示范中心", "national"))
    first = EvidenceDraft(staff=4, trainings=(TrainingDraft(datetime.date(2024, 4, 1), 31, "一"), TrainingDraft(None, 20)),
                          claims={"registered": ("A", "B"), "doubled": ("D",)})
    evidence = services.save_evidence(centre, 2024, first)
    training_ids = [t.id for t in evidence.trainings]
    claim_ids = {c.code: c.id for c in evidence.claims}
    mark = db.session.scalar(select(func.max(AuditEvent.id)))
    second = EvidenceDraft(staff=5, trainings=(TrainingDraft(datetime.date(2024, 4, 1), 35, "一"),),
                           claims={"registered": ("A", "C"), "doubled": ("D",)})
    evidence = services.save_evidence(centre, 2024, second)
    assert [t.id for t in evidence.trainings] == training_ids[:1]
    assert {c.code: c.id for c in evidence.claims} == {"A": claim_ids["A"], "C": claim_ids["B"], "D": claim_ids["D"]}
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.id > mark).order_by(AuditEvent.id)).all()
    assert {e.root_type for e in events} == {"Centre"} and {e.root_id for e in events} == {centre.id}
    changes = {(e.object_type, e.action): e.changes for e in events}
    assert changes[("CentreYear", "update")] == [["staff", "4", "5"]]
    assert changes[("CentreTraining", "update")] == [["companies", "31", "35"]]
    assert ("CentreTraining", "delete") in changes
    assert changes[("CentreClaim", "update")] == [["code", "B", "C"]]


@pytest.mark.parametrize(
    ("draft", "field", "message"),
    [
        (EvidenceDraft(trainings=(TrainingDraft(datetime.date(2023, 12, 30), 40),)), "trainings-0-day", "第 1 场培训的日期 2023-12-30 不在 2024 年度内"),
        (EvidenceDraft(staff=2, staff_experienced=3), "staff_experienced", "3 年以上外贸从业人员数（3）不能超过工作人员数（2）"),
        (EvidenceDraft(meetings=-1), "meetings", "参加会议、活动次数应为不小于 0 的整数"),
        (EvidenceDraft(floor_area=Decimal("-1")), "floor_area", "服务场地面积应为不小于 0 的数"),
        (EvidenceDraft(claims={"growth10": ("X" * 65,)}), "growth10", "超过 64 位"),
    ],
)
def test_bad_evidence_is_refused_and_nothing_is_stored(app, draft, field, message):
    centre = services.create_centre(CentreDraft("C1", "示范中心"))
    before = count(AuditEvent)
    with pytest.raises(DomainError) as caught:
        services.save_evidence(centre, 2024, draft)
    assert any(p.field == field and message in p.message for p in caught.value.problems)
    assert count(CentreYear) == count(CentreTraining) == count(CentreClaim) == 0
    assert count(AuditEvent) == before


@pytest.mark.parametrize(
    ("draft", "field", "message"),
    [
        (CentreDraft("C 1", "名称"), "code", "中心编号应为"),
        (CentreDraft("C1", " "), "name", "请填写中心名称"),
        (CentreDraft("C1", "名称", level="county"), "level", "园区级别应为国家级或省级"),
        (CentreDraft("C1", "名称", contract_start=2025, contract_end=2024), "contract_end", "不能早于起始年度"),
        (CentreDraft("C1", "名称", unit_id=9999), "unit_id", "所选单位不存在"),
    ],
)
def test_bad_centres_are_refused(app, draft, field, message):
    with pytest.raises(DomainError) as caught:
        services.create_centre(draft)
    assert any(p.field == field and message in p.message for p in caught.value.problems)
    assert count(Centre) == 0


def test_a_centre_code_is_unique(app):
    services.create_centre(CentreDraft("C1", "一"))
    other = services.create_centre(CentreDraft("C2", "二"))
    with pytest.raises(DomainError, match="中心编号 C1 已存在"):
        services.create_centre(CentreDraft("C1", "三"))
    with pytest.raises(DomainError, match="中心编号 C1 已存在"):
        services.update_centre(other, CentreDraft("C1", "二"))
    assert sorted(db.session.scalars(select(Centre.code))) == ["C1", "C2"]


def test_deleting_a_centre_takes_its_years_records_and_assignments_and_records_each(app):
    document = contract_document()
    centres = store_document(document)
    c1_records = count(CentreServiceRecord)
    assert c1_records == 443
    mark = db.session.scalar(select(func.max(AuditEvent.id)))
    services.delete_centre(centres["C3"])  # holds the assignment of ASSIGNED
    services.delete_centre(centres["C1"])
    assert count(CentreServiceRecord) == 0 and count(CentreYear) == 1
    deleted = db.session.scalars(select(AuditEvent.object_type).where(AuditEvent.id > mark, AuditEvent.action == "delete")).all()
    assert deleted.count("CentreServiceRecord") == 443 and deleted.count("CentreAssignment") == 1
    # C2 alone now: the assignment went with C3, SHARED is C2's alone
    assert services.score_year(2024).result.conflicts == ()


def test_the_year_of_a_record_is_its_request_year(app):
    centres = store_document({"year": 2024, "centres": [{"id": "C1", "services": service_doc(3)}]})
    with pytest.raises(DomainError, match="不在 2023 年度内"):
        services.store_records(centres["C1"], 2023, [ServiceDraft("甲", "报关", "x", datetime.date(2024, 1, 1))])
    assert services.participants(2023) == []
    assert len(services.service_records(centres["C1"], 2024)) == 3
