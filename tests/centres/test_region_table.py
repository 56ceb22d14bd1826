"""Reading a region's monthly table (pure): shares as 0.82 or 82%, counts, months, and errors naming line and column."""

import datetime
from decimal import Decimal

import pytest

from app.centres.regions.table import (
    CellError,
    Line,
    parse_count,
    parse_month,
    parse_share,
    read_lines,
    read_months,
    share_text,
)
from app.domain.errors import DomainError

D = Decimal


@pytest.mark.parametrize(
    ("cell", "share"),
    [
        ("0.82", "0.82"), ("82%", "0.82"), ("82.5％", "0.825"), (" 82 % ", "0.82"), ("８２％", "0.82"),
        ("1", "1"), ("100%", "1"), ("0", "0"), ("0%", "0"), ("0.5%", "0.005"), (".75", "0.75"),
        ("81.23456789%", "0.8123456789"), (0.82, "0.82"), (1, "1"), (D("0.9"), "0.9"),
        (0.1 + 0.7, "0.8"),  # Excel's floating point noise: 0.7999999999999999
        (0.734567812345678, "0.7345678123"),  # a computed Excel cell: rounded half up to 10 places
    ],
)
def test_shares_are_fractions_or_percentages(cell, share):
    assert parse_share(cell) == D(share)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("82", "应为 0 到 1 之间的小数或带 % 的百分数，现为“82”；若指 82%，请写作“82%”"),
        (82, "若指 82%"),
        ("101%", "应在 0% 到 100% 之间，现为“101%”"),
        ("-0.1", "应为 0 到 1 之间"),
        ("1.5", "应为 0 到 1 之间"),
        ("abc", "应为 0 到 1 之间的小数或百分数（如 0.82 或 82%），现为“abc”"),
        ("82%%", "现为“82%%”"),
        ("", "不能为空"),
        (None, "不能为空"),
        ("0.12345678901", "小数位数过多：比例最多 10 位小数（百分数最多 8 位）"),
        ("12.345678901%", "小数位数过多"),
        (True, "应为 0 到 1 之间"),
    ],
)
def test_bad_shares_say_what_is_expected(cell, message):
    with pytest.raises(CellError) as caught:
        parse_share(cell)
    assert message in str(caught.value)


@pytest.mark.parametrize(("cell", "count"), [("40", 40), (40, 40), (40.0, 40), ("1,200", 1200), ("1，200", 1200), ("", 0), (None, 0), (" 7 ", 7), ("０", 0)])
def test_counts(cell, count):
    assert parse_count(cell) == count


@pytest.mark.parametrize(("cell", "message"), [("-3", "不能为负数，现为“-3”"), (-1, "不能为负数"), ("3.5", "应为整数，现为“3.5”"), (2.5, "应为整数"), ("三", "应为整数"), ("1,20", "应为整数")])  # noqa: E501
def test_bad_counts(cell, message):
    with pytest.raises(CellError) as caught:
        parse_count(cell)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("cell", "month"),
    [("3", 3), ("03", 3), ("3月", 3), ("12月份", 12), ("2020年3月", 3), ("2020-03", 3), ("2020/3", 3), (3, 3), (3.0, 3), (datetime.datetime(2020, 3, 1), 3)],
)
def test_months(cell, month):
    assert parse_month(cell, 2020) == month


@pytest.mark.parametrize(("cell", "message"), [("13", "应为 1 到 12 的月份"), ("0", "应为 1 到 12"), ("三月", "应为 1 到 12 的月份（如 3 或 3月）"), ("2021-03", "“2021-03”不属于 2020 年度"), (datetime.date(2019, 12, 1), "不属于 2020 年度"), ("", "不能为空")])  # noqa: E501
def test_bad_months(cell, message):
    with pytest.raises(CellError) as caught:
        parse_month(cell, 2020)
    assert message in str(caught.value)


def test_share_text_round_trips():
    for value in ("0.82", "0.8123456789", "1", "0", "0.005"):
        assert parse_share(share_text(D(value))) == D(value)
    assert share_text(D("0.820000")) == "82%"


def cells(month, **overrides) -> dict:
    values = {
        "month": month, "fill_share": "0.8", "prev_accuracy": "90%", "completion": "0.7",
        "asked": "10", "answered": "9", "warned": "4", "feedback": "4", "sluggish": "",
    }
    values.update(overrides)
    return values


def test_lines_become_months_by_month_order_and_blank_lines_are_skipped():
    lines = [
        Line("第 2 行", "", cells("3")),
        Line("第 3 行", "", {"month": "4"}),  # every figure blank: no month
        Line("第 4 行", "", cells("1", sluggish="2")),
    ]
    months = read_months(lines, 2020)
    assert [m.month for m in months] == [1, 3]
    assert months[0].prev_accuracy == D("0.9") and months[0].sluggish == 2 and months[1].sluggish == 0
    assert [line.where for line, _ in read_lines(lines, 2020)] == ["第 4 行", "第 2 行"]


def test_every_bad_cell_is_named_by_line_and_column_and_form_path():
    lines = [
        Line("3 月", "months-2-", cells("3", fill_share="82", asked="-1")),
        Line("4 月", "months-3-", cells("4", answered="11")),
        Line("5 月", "months-4-", cells("5", warned="2", feedback="3")),
        Line("6 月", "months-5-", cells("6", completion="")),
    ]
    with pytest.raises(DomainError) as caught:
        read_months(lines, 2020)
    problems = {(p.field, p.message) for p in caught.value.problems}
    assert problems == {
        ("months-2-fill_share", "3 月“当月填报企业数占比”：应为 0 到 1 之间的小数或带 % 的百分数，现为“82”；若指 82%，请写作“82%”"),
        ("months-2-asked", "3 月“提问数”：不能为负数，现为“-1”"),
        ("months-3-answered", "4 月“响应数”：11 超过提问数 10"),
        ("months-4-feedback", "5 月“五色清单反馈企业数”：3 超过五色清单预警企业数 2"),
        ("months-5-completion", "6 月“当年填报完成度”：不能为空"),
    }


def test_a_month_twice_is_refused_naming_both_lines():
    with pytest.raises(DomainError) as caught:
        read_months([Line("第 2 行", "", cells("3")), Line("第 5 行", "", cells("3月"))], 2020)
    assert [p.message for p in caught.value.problems] == ["第 5 行“月份”：3 月已在第 2 行出现，每月只能有一条"]
