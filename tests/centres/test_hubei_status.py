"""Seed 001: grades, their consequences and the recognition checklist."""

from decimal import Decimal

import pytest

from app.centres.rules.hubei_model import Grade, HubeiSettings, Level
from app.centres.rules.hubei_status import Staffing, consequences, grade_for, recognition_gaps

E, G, F, P = Grade.EXCELLENT, Grade.GOOD, Grade.FAIR, Grade.POOR


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", "优秀"), ("90", "优秀"), ("89.99", "良好"), ("80", "良好"), ("79.99", "一般"),
        ("60", "一般"), ("59.99", "较差"), ("0", "较差"),
    ],
)
def test_grade_thresholds(total, grade):
    assert grade_for(Decimal(total), HubeiSettings()).value == grade


def test_grade_thresholds_are_settings():
    settings = HubeiSettings(excellent_from=Decimal(95))
    assert grade_for(Decimal(94), settings) is Grade.GOOD


@pytest.mark.parametrize(
    ("history", "level", "funded", "support", "revoked", "priority"),
    [
        ((G,), Level.NATIONAL, True, 40, False, False),
        ((G,), Level.PROVINCIAL, True, 30, False, False),
        ((P,), Level.NATIONAL, False, 0, False, False),  # 较差: no funds that year
        ((G, P), Level.PROVINCIAL, False, 0, False, False),
        ((P, P), Level.NATIONAL, False, 0, True, False),  # 较差 two years running
        ((P, G, P), Level.NATIONAL, False, 0, False, False),
        ((E, E, E), Level.NATIONAL, True, 40, False, True),  # 优秀 all 3 contract years
        ((E, E), Level.NATIONAL, True, 40, False, False),
        ((E, G, E), Level.PROVINCIAL, True, 30, False, False),
        ((G, E, E, E), Level.PROVINCIAL, True, 30, False, True),
        ((F,), Level.NATIONAL, True, 40, False, False),
    ],
)
def test_consequences(history, level, funded, support, revoked, priority):
    result = consequences(history, level)
    assert (result.funded, result.support, result.revoked, result.tender_priority) == (funded, support, revoked, priority)
    assert all(reason.startswith("001 第十") for reason in result.reasons)


def test_consequences_need_a_grade():
    with pytest.raises(ValueError):
        consequences((), Level.NATIONAL)


def test_recognition_met():
    assert recognition_gaps(Level.NATIONAL, Staffing(5, 2, 1, 1), Decimal(80)) == ()
    assert recognition_gaps(Level.PROVINCIAL, Staffing(3, 1, 1, 1), Decimal(50)) == ()


@pytest.mark.parametrize(
    ("level", "staffing", "floor", "clauses", "words"),
    [
        (Level.NATIONAL, Staffing(4, 2, 1, 1), "80", ["001 第七条第一款"], "派驻人员 4 名，国家级不少于 5 名"),
        (Level.NATIONAL, Staffing(5, 1, 1, 1), "80", ["001 第七条第一款"], "3 年以上"),
        (Level.PROVINCIAL, Staffing(3, 0, 1, 1), "50", ["001 第七条第二款"], "3 年以上"),
        (Level.PROVINCIAL, Staffing(3, 1, 0, 1), "50", ["001 第七条第二款"], "专业报关员"),
        (Level.PROVINCIAL, Staffing(3, 1, 1, 0), "50", ["001 第七条第二款"], "外语人才"),
        (Level.NATIONAL, Staffing(5, 2, 1, 1), "79.5", ["001 第六条"], "不少于 80 平方米"),
        (Level.PROVINCIAL, Staffing(3, 1, 1, 1), "49", ["001 第六条"], "不少于 50 平方米"),
        (Level.PROVINCIAL, Staffing(2, 0, 0, 0), "10", ["001 第六条"] + ["001 第七条第二款"] * 4, "派驻人员"),
    ],
)
def test_recognition_gaps(level, staffing, floor, clauses, words):
    gaps = recognition_gaps(level, staffing, Decimal(floor))
    assert [gap.clause for gap in gaps] == clauses
    assert any(words in gap.text for gap in gaps)
