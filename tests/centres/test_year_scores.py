"""Each year's scores kept (centre_year_score): the ranking reads past years back, a change forgets its year."""

import datetime
import json

import pytest
from sqlalchemy import func, select

from app.centres.hubei import services
from app.centres.hubei.records import ServiceDraft
from app.centres.hubei.services import rankings
from app.centres.models import Centre, CentreYearScore
from app.centres.rules.hubei_drafts import CentreDraft, EvidenceDraft
from app.extensions import db
from tests.centres.builders import centre_doc, codes, service_doc
from tests.centres.hubei_store import store_document

POOR = {"id": "P1", "level": "national", "services": service_doc(10)}


def good(centre_id: str) -> dict:
    return centre_doc(
        id=centre_id, registered=list(codes(f"91{centre_id}", 10)), first_trade=list(codes(f"{centre_id}F", 10)),
        growth10=list(codes(f"{centre_id}G", 10)), doubled=list(codes(f"{centre_id}D", 5)),
    )


def moved(document: dict, year: int) -> dict:
    return dict(json.loads(json.dumps(document, ensure_ascii=False).replace("2024-", f"{year}-")), year=year)


def three_years() -> dict:
    centres = {}
    for year in (2022, 2023, 2024):
        centres = store_document(moved({"year": 2024, "centres": [POOR, good("E1")]}, year), centres=centres)
    return centres


def kept_years() -> list[int]:
    return sorted(db.session.scalars(select(CentreYearScore.year).distinct()))


@pytest.fixture
def scored(monkeypatch):
    """The years scored from the database from now on."""
    years = []
    original = rankings.score_year

    def counting(year, *args, **kwargs):
        years.append(year)
        return original(year, *args, **kwargs)

    monkeypatch.setattr(rankings, "score_year", counting)
    return years


def test_the_ranking_keeps_each_years_totals_and_grades(app):
    centres = three_years()
    rows = {row.centre.code: row for row in services.ranking(2024).rows}
    assert kept_years() == [2022, 2023, 2024]
    kept = {(r.centre_id, r.year): (r.total, r.grade) for r in db.session.scalars(select(CentreYearScore))}
    for code in ("P1", "E1"):
        score = rows[code].score.to_dict()
        assert kept[(centres[code].id, 2024)] == (score["total"], score["grade"])
    assert services.stored_grades(2023) == {centres["P1"].id: rows["P1"].standing.history[1][1],
                                            centres["E1"].id: rows["E1"].standing.history[1][1]}
    assert services.stored_grades(2021) is None


def test_past_years_are_read_back_not_scored_again(app, scored):
    three_years()
    first = services.ranking(2024)
    assert sorted(scored) == [2022, 2023, 2024]
    scored.clear()
    again = services.ranking(2024)
    assert scored == [2024]  # the year shown is scored; 2022 and 2023 come from the kept grades
    assert [(r.centre.code, r.standing) for r in again.rows] == [(r.centre.code, r.standing) for r in first.rows]
    scored.clear()
    report = services.centre_report(again.rows[0].centre, 2024)
    assert scored == [2024] and report.standing == again.rows[0].standing  # its own year only


def test_a_change_forgets_the_year_it_touches_and_the_grades_follow_it(app, scored):
    centres = three_years()
    services.ranking(2024)
    assert kept_years() == [2022, 2023, 2024]
    # 2023's evidence: only 2023 is forgotten
    services.save_evidence(centres["P1"], 2023, EvidenceDraft(fixed_office=True, staff=5))
    assert kept_years() == [2022, 2024]
    # a service record of 2022
    services.store_records(centres["E1"], 2022, [ServiceDraft("新企业", "报关", "新事项", datetime.date(2022, 6, 1))])
    assert kept_years() == [2024]
    scored.clear()
    rows = {row.centre.code: row for row in services.ranking(2024).rows}
    assert sorted(scored) == [2022, 2023, 2024]
    assert [year for year, _ in rows["P1"].standing.history] == [2022, 2023, 2024]
    # a centre's level scores every year differently: everything is forgotten
    services.update_centre(centres["E1"], CentreDraft("E1", "中心E1", "provincial"))
    assert kept_years() == []
    services.ranking(2024)
    services.clear_records(centres["P1"], 2022)
    assert kept_years() == [2023, 2024]
    services.delete_centre(centres["P1"])
    assert kept_years() == []
    assert db.session.scalar(select(func.count()).select_from(CentreYearScore)) == 0


def test_an_assignment_forgets_its_year(app):
    centres = store_document({"year": 2024, "centres": [{"id": "C1", "growth10": ["X"]}, {"id": "C2", "growth10": ["X"]}]})
    services.ranking(2024)
    assert kept_years() == [2024]
    services.set_assignment(2024, "growth10", "X", centres["C2"])
    assert kept_years() == []


def test_nothing_is_kept_inside_a_change_in_progress(app):
    three_years()
    db.session.add(Centre(code="NEW", name="未保存的中心"))
    scores = services.score_year(2024)
    services.keep_scores(scores)  # would commit the pending centre with it
    assert kept_years() == []
    db.session.rollback()
    assert db.session.scalar(select(Centre).where(Centre.code == "NEW")) is None
    db.session.add(Centre(code="NEW", name="已写入未提交"))
    db.session.flush()
    services.keep_scores(scores)
    assert kept_years() == []
    db.session.rollback()
    services.keep_scores(services.score_year(2024))
    assert kept_years() == [2024]
