"""The shared number and date helpers (app/domain/numbers.py, app/domain/dates.py)."""

import datetime
from decimal import Decimal as D

import pytest

from app.domain.dates import FIRST_YEAR, LAST_YEAR, completed_months, month_end, parse_date, valid_year
from app.domain.numbers import percent, percent_fixed, plain, round_half_up


@pytest.mark.parametrize(
    ("number", "places", "expected"),
    [
        (D("2.345"), D("0.01"), D("2.35")),  # half up, where round() and ".2f" give 2.34 (half even)
        (D("2.335"), 2, D("2.34")),
        (D("0.125"), 2, D("0.13")),
        (D("-0.125"), 2, D("-0.13")),  # away from zero, as 四舍五入
        (D("7.5"), 0, D("8")),
        (D("8.5"), D(1), D("9")),
        (D("0.38455"), 4, D("0.3846")),
    ],
)
def test_round_half_up(number, places, expected):
    assert round_half_up(number, places) == expected


def test_plain_writes_no_exponent_and_no_trailing_zeros():
    assert [plain(D(x)) for x in ("12.50", "1E+2", "0.000", "-0", "3")] == ["12.5", "100", "0", "0", "3"]


def test_percent_plain_and_fixed():
    assert percent(D("0.95")) == "95%"
    assert percent(D("0.8125")) == "81.25%"
    assert percent_fixed(D("0.3846")) == "38.46%"
    assert percent_fixed(D("0.5")) == "50.00%"
    assert percent_fixed(D("0.123456"), 3) == "12.346%"
    assert percent_fixed(D("0.000125")) == "0.01%"  # 0.0125% rounds half up


def test_one_year_range():
    assert (FIRST_YEAR, LAST_YEAR) == (1990, 2200)
    assert valid_year(FIRST_YEAR) and valid_year(LAST_YEAR)
    assert not valid_year(FIRST_YEAR - 1) and not valid_year(LAST_YEAR + 1) and not valid_year("2024")


def test_month_ends_and_completed_months():
    assert month_end(2024, 2) == datetime.date(2024, 2, 29)
    assert completed_months(2024, datetime.date(2024, 6, 30)) == 6
    assert completed_months(2024, datetime.date(2024, 6, 29)) == 5
    assert completed_months(2024, datetime.date(2023, 12, 31)) == 0
    assert completed_months(2024, datetime.date(2025, 1, 1)) == 12


@pytest.mark.parametrize("text", ["2024-03-15", "2024/3/15", "2024.3.15", "20240315", "2024年3月15日", "２０２４－０３－１５"])
def test_parse_date_forms(text):
    assert parse_date(text) == datetime.date(2024, 3, 15)


def test_parse_date_says_what_is_wrong():
    with pytest.raises(ValueError, match="不存在"):
        parse_date("2024-02-30")
    with pytest.raises(ValueError, match="无法识别"):
        parse_date("三月十五")
