"""000 第九条（一） standardisation, R1 trainings, B2 praises and the bonus cap."""

from datetime import date
from decimal import Decimal

import pytest

from app.centres.rules.hubei_model import Level, Training
from tests.centres.builders import points, records, score_one


def test_full_centre_earns_every_base_point():
    score = score_one()
    base = sum(points(score, part) for part in ("S1", "S2", "S3", "R1", "R2", "R3", "R4", "R5", "R6", "R7"))
    assert base == 90
    assert points(score, "B3") == 4
    assert score.total == 94
    assert score.missing == ()
    assert score.findings == ()


@pytest.mark.parametrize(
    ("level", "fixed_office", "staff", "expected"),
    [
        (Level.NATIONAL, True, 5, 6),
        (Level.NATIONAL, True, 4, 3),  # 国家级不少于 5 名
        (Level.PROVINCIAL, True, 4, 6),
        (Level.PROVINCIAL, True, 3, 6),
        (Level.PROVINCIAL, True, 2, 3),  # 省级不少于 3 名
        (Level.NATIONAL, False, 5, 3),  # 无固定办公场地扣 3 分
        (Level.PROVINCIAL, False, 0, 0),
    ],
)
def test_s1_office_and_staff(level, fixed_office, staff, expected):
    score = score_one(level=level, fixed_office=fixed_office, staff=staff)
    assert points(score, "S1") == expected
    s1 = [f for f in score.findings if f.part == "S1"]
    assert len(s1) == (6 - expected) // 3
    assert all(f.clause == "000 第九条（一）1" for f in s1)


def test_s1_staff_finding_and_gap_name_the_minimum():
    score = score_one(level=Level.NATIONAL, staff=3)
    assert "不少于 5 名" in score.findings[0].text
    assert "还需 2 名工作人员" in score.missing


@pytest.mark.parametrize(("meetings", "expected"), [(0, 0), (1, 0), (2, 5), (7, 5)])
def test_s2_meetings_all_or_nothing(meetings, expected):
    score = score_one(meetings=meetings)
    assert points(score, "S2") == expected
    if expected == 0:
        assert score.findings[0].clause == "000 第九条（一）2"
        assert f"还需参加 {2 - meetings} 次会议或活动" in score.missing


@pytest.mark.parametrize(
    ("complaints", "harmful_acts", "expected"),
    [(0, 0, 5), (1, 0, 4), (2, 1, 2), (5, 0, 0), (9, 0, 0), (0, 2, 3)],
)
def test_s3_one_point_per_complaint_or_harmful_act(complaints, harmful_acts, expected):
    score = score_one(complaints=complaints, harmful_acts=harmful_acts)
    assert points(score, "S3") == expected


@pytest.mark.parametrize(
    ("attendance", "expected"),
    [
        ((30, 30), 8),
        ((29, 30), 4),  # 每场参会企业数量不低于 30 家
        ((29, 29), 0),
        ((30,), 4),  # 每少一次扣 4 分
        ((), 0),
        ((31, 40, 50), 8),
        ((29, 29, 29, 31), 4),
    ],
)
def test_r1_trainings_of_at_least_30_companies(attendance, expected):
    trainings = tuple(Training(n, date(2024, 6, 1)) for n in attendance)
    score = score_one(trainings=trainings)
    assert points(score, "R1") == expected
    if expected < 8:
        (finding,) = [f for f in score.findings if f.part == "R1"]
        assert finding.clause == "000 第九条（二）1"
        assert f"扣 {8 - expected} 分" in finding.text
        assert f"还需 {(8 - expected) // 4} 场 30 家以上企业参加的培训" in score.missing


@pytest.mark.parametrize(("praises", "expected"), [(0, 0), (1, 1), (5, 5), (6, 5), (12, 5)])
def test_b2_one_point_per_recognition_at_most_5(praises, expected):
    assert points(score_one(praises=praises), "B2") == expected


@pytest.mark.parametrize(
    ("count", "praises", "b1", "b3", "bonus"),
    [
        (800, 5, 3, 4, 10),  # 12 earned, capped at 10
        (800, 3, 3, 4, 10),
        (800, 2, 3, 4, 9),
        (600, 4, 2, 4, 10),
        (480, 5, 0, 4, 9),
    ],
)
def test_bonus_is_capped_at_10(count, praises, b1, b3, bonus):
    score = score_one(praises=praises, services=records(count))
    assert (points(score, "B1"), points(score, "B3"), points(score, "bonus")) == (b1, b3, bonus)
    assert score.total == 90 + bonus
    capped = [f for f in score.findings if f.part == "bonus"]
    assert bool(capped) == (b1 + praises + b3 > 10)
    if capped:
        assert capped[0].clause == "000 第六条"


def test_total_adds_parts_and_grades_it():
    score = score_one(fixed_office=False, meetings=1, services=records(443))
    # 90 − 3 (office) − 5 (meetings) − 3.7 (37 records short) + B3 4
    assert score.total == Decimal("82.3")
    assert score.grade.value == "良好"
