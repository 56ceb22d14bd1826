"""000 第九条（二）6 coverage and volume, （三）1 and 3 bonuses, 第十一条 duplicates."""

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from app.centres.rules.hubei import score_assessment
from app.centres.rules.hubei_model import SERVICE_ITEMS, Assessment, HubeiSettings, Rating
from app.centres.rules.hubei_services import evaluation_points
from tests.centres.builders import full_centre, points, records, score_one


def test_the_14_service_items_of_the_seed():
    assert SERVICE_ITEMS == (
        "咨询", "培训", "备案", "审证", "制单", "结汇", "退税",
        "外贸保险", "报关", "报检", "物流", "翻译", "认证", "外贸代理",
    )


@pytest.mark.parametrize(
    ("empty", "expected"),
    [(0, "7"), (1, "6.5"), (2, "6"), (13, "0.5"), (14, "0")],
)
def test_r6_half_a_point_per_item_without_data(empty, expected):
    items = SERVICE_ITEMS[empty:] or ("咨询",)
    services = records(480, items) if empty < 14 else ()
    score = score_one(services=services)
    assert points(score, "R6") == Decimal(expected)
    if empty:
        finding = next(f for f in score.findings if f.part == "R6")
        assert finding.clause == "000 第九条（二）6"
        assert f"{'、'.join(SERVICE_ITEMS[:empty])} 无有效服务数据" in score.missing


def test_r6_missing_names_the_items():
    score = score_one(services=records(480, SERVICE_ITEMS[:9] + SERVICE_ITEMS[10:11] + SERVICE_ITEMS[12:]))
    assert "报检、翻译 无有效服务数据" in score.missing
    assert points(score, "R6") == 6


@pytest.mark.parametrize(
    ("count", "expected"),
    [(480, "24"), (800, "24"), (479, "23.9"), (443, "20.3"), (300, "6"), (241, "0.1"), (240, "0"), (0, "0")],
)
def test_r7_volume_one_tenth_off_per_record_short(count, expected):
    score = score_one(services=records(count))
    assert points(score, "R7") == Decimal(expected)
    if count < 480:
        assert f"再录入 {480 - count} 条有效服务数据可得满分" in score.missing
        assert next(f for f in score.findings if f.part == "R7").clause == "000 第九条（二）6"


@pytest.mark.parametrize(
    ("count", "expected"),
    [(499, 0), (500, 1), (599, 1), (600, 2), (799, 2), (800, 3), (1200, 3)],
)
def test_b1_volume_bonus_tiers(count, expected):
    assert points(score_one(services=records(count)), "B1") == expected


def test_b1_needs_all_14_items():
    score = score_one(services=records(900, SERVICE_ITEMS[:13]))
    assert points(score, "B1") == 0
    finding = next(f for f in score.findings if f.part == "B1")
    assert finding.clause == "000 第九条（三）1" and "外贸代理" in finding.text


def _with_duplicate(count: int, rated: int | None = None):
    services = records(count, rated=rated)
    return services + (services[0],)  # the same client, item (咨询) and matter again


def test_duplicate_voids_every_record_of_its_item():
    services = _with_duplicate(480)
    consult = sum(1 for r in services if r.item == "咨询")
    score = score_one(services=services)
    valid = len(services) - consult
    assert consult == 36 and valid == 445
    assert points(score, "R6") == Decimal("6.5")  # 咨询 no longer has valid data
    assert points(score, "R7") == Decimal("20.5")  # 445 valid records: 35 short
    assert "咨询 无有效服务数据" in score.missing
    (duplicate,) = [f for f in score.findings if f.clause == "000 第十一条"]
    assert "第 1、481 条" in duplicate.text and "咨询" in duplicate.text


def test_duplicate_voids_the_b1_bonus():
    assert points(score_one(services=records(820)), "B1") == 3
    score = score_one(services=_with_duplicate(820))
    assert points(score, "B1") == 0
    assert "本可加 2 分" in next(f for f in score.findings if f.part == "B1").text


def test_duplicate_records_are_left_out_of_b3():
    # Every record outside 咨询 rated: with 咨询 void the rate is 100%.
    services = records(476, rated=476)
    unrated = tuple(replace(r, evaluated=None, rating=None) for r in records(14 * 3, ("咨询",), client="乙"))
    assert points(score_one(services=services + unrated), "B3") == 3
    score = score_one(services=services + unrated + unrated[:1])
    assert points(score, "B3") == 4


@pytest.mark.parametrize(("counts", "expected"), [(False, 4), (True, 0)])
def test_dissatisfied_in_a_void_item_is_a_setting(counts, expected):
    bad = replace(records(1)[0], client="丙", rating=Rating.DISSATISFIED)
    centre = full_centre(services=records(480) + (bad, bad))
    settings = HubeiSettings(dissatisfied_in_void_records_count=counts)
    assert points(score_assessment(Assessment(2024, (centre,)), settings).centres[0], "B3") == expected


def test_duplicates_are_same_client_item_and_matter_only():
    first = records(480)
    other_matter = replace(first[0], matter="另一事项")
    other_client = replace(first[0], client="另一企业")
    score = score_one(services=first + (other_matter, other_client))
    assert points(score, "R6") == 7
    assert not [f for f in score.findings if f.clause == "000 第十一条"]


@pytest.mark.parametrize(
    ("rate", "expected"),
    [("1", 4), ("0.9999", 3), ("0.8", 3), ("0.7999", 2), ("0.6", 2), ("0.5999", 0), ("0", 0)],
)
def test_b3_points_by_evaluation_rate(rate, expected):
    settings = HubeiSettings()
    assert evaluation_points(Decimal(rate), False, settings) == expected
    assert evaluation_points(Decimal(rate), True, settings) == 0


@pytest.mark.parametrize(
    ("rated", "expected"),
    [(480, 4), (479, 3), (384, 3), (383, 2), (288, 2), (287, 0), (0, 0)],
)
def test_b3_rate_of_valid_records_rated_within_30_days(rated, expected):
    score = score_one(services=records(480, rated=rated))
    assert points(score, "B3") == expected
    if expected < 4 and rated:
        assert next(f for f in score.findings if f.part == "B3").clause == "000 第九条（三）3"


@pytest.mark.parametrize(("days", "expected"), [(0, 4), (30, 4), (31, 3)])
def test_b3_rating_must_come_within_30_days_of_the_request(days, expected):
    services = records(480)
    late = replace(services[0], evaluated=services[0].requested + timedelta(days=days))
    assert points(score_one(services=(late,) + services[1:]), "B3") == expected


def test_b3_rating_without_date_or_date_without_rating_is_not_rated():
    services = records(10)
    no_date = replace(services[0], evaluated=None)
    no_rating = replace(services[1], rating=None)
    score = score_one(services=(no_date, no_rating) + services[2:])
    assert points(score, "B3") == 3  # 8 of 10


def test_b3_any_dissatisfied_rating_or_complaint_gives_nothing():
    services = records(480)
    unhappy = replace(services[5], rating=Rating.DISSATISFIED)
    assert points(score_one(services=services[:5] + (unhappy,) + services[6:]), "B3") == 0
    score = score_one(complaints=1)
    assert points(score, "B3") == 0
    assert points(score, "S3") == 4
    assert "有效投诉 1 条" in next(f for f in score.findings if f.part == "B3").text


def test_b3_without_valid_records_is_zero():
    assert points(score_one(services=()), "B3") == 0


def test_voiding_only_the_copies_is_a_setting():
    centre = full_centre(services=_with_duplicate(480))
    settings = HubeiSettings(duplicates_void_whole_item=False)
    score = score_assessment(Assessment(2024, (centre,)), settings).centres[0]
    assert (points(score, "R6"), points(score, "R7")) == (7, 24)
    assert any("只计 1 条" in f.text for f in score.findings)
