"""A region's monthly table as typed in the form or read from a file: cells in, checked months out.

Pure (standard library and the rules only). Every problem names its line (``3 月`` in the
form, ``第 5 行`` in a file) and its column, and carries the form path of the cell so the
page can show it beside what was typed.

Reading of the cells (seed 002 is silent on notation; ours):
- a share (占比、准确率、完成度) is a fraction from 0 to 1 (``0.82``) or a percentage with
  a percent sign (``82%``, ``82.5％``); a bare number above 1 (``82``) is refused rather
  than guessed, so is anything beyond 100%;
- at most 10 decimals as a fraction (8 as a percentage) are kept; a number that comes
  from Excel as floating point is first read at Excel's 15 significant digits and then
  rounded half up to 10 decimals (binary floating point has no exact decimal value);
- counts are whole numbers ≥ 0 (``1,200`` is read as 1200); a blank count is 0, as in
  the ``jixiao orders score`` JSON; a blank share is an error;
- a line with every cell blank is no month at all.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from app.centres.rules import InputError, ZhejiangSettings, read_regions
from app.centres.rules.common import COUNT_LIMIT
from app.centres.rules.zhejiang import MonthInput
from app.domain.errors import DomainError
from app.domain.projects import Problem

SHARE_PLACES = 10
SHARE, COUNT, MONTH = "share", "count", "month"


@dataclass(frozen=True)
class Column:
    key: str  # the field of ``MonthInput`` and of the ``jixiao orders score`` JSON
    label: str  # the header as the officer writes it
    kind: str
    aliases: tuple[str, ...] = ()


COLUMNS = (
    Column("month", "月份", MONTH, ("月", "月度")),
    Column("fill_share", "当月填报企业数占比", SHARE, ("本期填报企业数占比", "填报企业数占比")),
    Column("prev_accuracy", "上月填报准确率", SHARE, ("上期填报准确率", "填报准确率")),
    Column("completion", "当年填报完成度", SHARE, ("本期填报完成度", "填报完成度")),
    Column("asked", "提问数", COUNT, ("当月提问数",)),
    Column("answered", "响应数", COUNT, ("当月响应数",)),
    Column("warned", "五色清单预警企业数", COUNT, ("预警企业数", "本季五色清单预警企业数")),
    Column("feedback", "五色清单反馈企业数", COUNT, ("反馈企业数",)),
    Column("sluggish", "响应拖沓、答复草率次数", COUNT, ("响应拖沓答复草率次数", "响应拖沓次数", "拖沓草率次数")),
)
BY_KEY = {column.key: column for column in COLUMNS}
FIGURES = tuple(column for column in COLUMNS if column.kind != MONTH)
SHARES = tuple(column.key for column in COLUMNS if column.kind == SHARE)
COUNTS = tuple(column.key for column in COLUMNS if column.kind == COUNT)
REGION_HEADERS = ("地区", "地市", "城市", "设区市", "name", "region")


@dataclass(frozen=True)
class Line:
    """One line of the table: where it is, the form path prefix of its cells, the raw cells."""

    where: str  # "3 月" or "第 5 行"
    prefix: str  # "months-2-" in the form, "" in a file
    cells: dict  # column key → str, number, date or None


class CellError(ValueError):
    """A cell that cannot be read; the message says what it should be."""


def _text(value) -> str:
    """The cell as text, full-width forms folded and spaces removed."""
    return "".join(unicodedata.normalize("NFKC", str(value)).split())


def is_blank(value) -> bool:
    return value is None or _text(value) == ""


def _number(value) -> Decimal:
    """A number from a cell: exact for text, Excel's 15 significant digits for a float."""
    if isinstance(value, bool):
        raise CellError(f"应为数字，现为“{value}”")
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError("应为数字")
        return Decimal(format(value, ".15g"))
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    text = _text(value)
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise CellError(f"应为数字，现为“{value}”")
    return Decimal(text)


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def parse_share(value) -> Decimal:
    """Read a share: ``0.82``, ``82%`` or an Excel number; the fraction from 0 to 1."""
    if is_blank(value):
        raise CellError("不能为空")
    text = _text(value) if isinstance(value, str) else ""
    percent = text.endswith("%")
    try:
        number = _number(text[:-1] if percent else value)
    except CellError:
        raise CellError(f"应为 0 到 1 之间的小数或百分数（如 0.82 或 82%），现为“{value}”") from None
    share = number / 100 if percent else number
    if isinstance(value, float):
        share = share.quantize(Decimal(1).scaleb(-SHARE_PLACES), rounding=ROUND_HALF_UP)
    if not Decimal(0) <= share <= Decimal(1):
        if percent:
            raise CellError(f"应在 0% 到 100% 之间，现为“{value}”")
        hint = f"；若指 {_plain(number)}%，请写作“{_plain(number)}%”" if Decimal(1) < number <= Decimal(100) else ""
        raise CellError(f"应为 0 到 1 之间的小数或带 % 的百分数，现为“{value}”{hint}")
    if _places(share) > SHARE_PLACES:
        raise CellError(f"小数位数过多：比例最多 {SHARE_PLACES} 位小数（百分数最多 {SHARE_PLACES - 2} 位），现为“{value}”")
    return share


def parse_count(value) -> int:
    """Read a whole number ≥ 0; blank is 0."""
    if is_blank(value):
        return 0
    text = _text(value) if isinstance(value, str) else None
    if text is not None and re.fullmatch(r"\d{1,3}([,，]\d{3})+", text):
        text = re.sub(r"[,，]", "", text)
    try:
        number = _number(text if text is not None else value)
    except CellError:
        raise CellError(f"应为整数，现为“{value}”") from None
    if number != number.to_integral_value():
        raise CellError(f"应为整数，现为“{value}”")
    if number < 0:
        raise CellError(f"不能为负数，现为“{value}”")
    if number >= COUNT_LIMIT:
        raise CellError(f"超出上限（应小于 {COUNT_LIMIT:,}），现为“{value}”")
    return int(number)


def parse_month(value, year: int | None = None) -> int:
    """Read a month: ``3``, ``03``, ``3月``, ``2020年3月``, ``2020-03`` or an Excel date; a year given must be YEAR."""
    if is_blank(value):
        raise CellError("不能为空")
    found_year = None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel keeps every number as floating point
    if isinstance(value, (datetime.date, datetime.datetime)):
        found_year, month = value.year, value.month
    else:
        match = re.fullmatch(r"(?:(\d{4})(?:年|-|/|\.))?0?(\d{1,2})(?:月份|月)?", _text(value))
        if match is None:
            raise CellError(f"应为 1 到 12 的月份（如 3 或 3月），现为“{value}”")
        found_year = int(match.group(1)) if match.group(1) else None
        month = int(match.group(2))
    if not 1 <= month <= 12:
        raise CellError(f"应为 1 到 12 的月份，现为“{value}”")
    if year is not None and found_year is not None and found_year != year:
        raise CellError(f"“{value}”不属于 {year} 年度")
    return month


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def share_text(value: Decimal | None) -> str:
    """Write a stored share as the officer types it: ``82%``, ``81.23456789%``."""
    return "" if value is None else _plain(value * 100) + "%"


def read_months(lines, year: int | None = None, settings: ZhejiangSettings | None = None) -> tuple[MonthInput, ...]:
    """Check LINES (blank ones skipped) and return their months, or raise DomainError naming each cell."""
    return tuple(month for _, month in read_lines(lines, year, settings))


def read_lines(lines, year: int | None = None, settings: ZhejiangSettings | None = None) -> tuple[tuple[Line, MonthInput], ...]:
    """Check LINES (blank ones skipped); return each line read with its month, by month."""
    settings = settings or ZhejiangSettings()
    problems: list[Problem] = []
    months: list[tuple[Line, MonthInput]] = []
    seen: dict[int, str] = {}

    def problem(line: Line, key: str, text: str) -> None:
        label = f"“{BY_KEY[key].label}”" if key in BY_KEY else ""
        problems.append(Problem(f"{line.prefix}{key}", f"{line.where}{label}：{text}"))

    for line in lines:
        if all(is_blank(line.cells.get(column.key)) for column in FIGURES):
            continue
        values = {}
        for column in COLUMNS:
            raw = line.cells.get(column.key)
            try:
                if column.kind == MONTH:
                    values[column.key] = parse_month(raw, year)
                elif column.kind == SHARE:
                    values[column.key] = parse_share(raw)
                else:
                    values[column.key] = parse_count(raw)
            except CellError as err:
                problem(line, column.key, str(err))
        # The checks across cells run on whatever cells could be read, so one upload shows every problem.
        month = values.get("month")
        if month in seen:
            problem(line, "month", f"{month} 月已在{seen[month]}出现，每月只能有一条")
        elif month is not None:
            seen[month] = line.where
        # 002 二（二）: 响应数 counts answers to the questions asked, 反馈 the companies warned.
        if not settings.cumulative_answer_check and _exceeds(values, "answered", "asked"):
            problem(line, "answered", f"{values['answered']} 超过提问数 {values['asked']}")
        if _exceeds(values, "feedback", "warned"):
            problem(line, "feedback", f"{values['feedback']} 超过五色清单预警企业数 {values['warned']}")
        if len(values) == len(COLUMNS):
            months.append((line, MonthInput(**values)))
    if problems:
        raise DomainError(problems)
    return tuple(sorted(months, key=lambda pair: pair[1].month))


def _exceeds(values: dict, more: str, less: str) -> bool:
    """Whether both cells were read and the first is larger."""
    return more in values and less in values and values[more] > values[less]


def engine_region(name: str, cases: int, months) -> dict:
    """A region as the ``jixiao orders score`` JSON writes it (numbers as Decimal and int)."""
    return {
        "name": name,
        "cases": cases,
        "months": [
            {"month": m.month, **{key: getattr(m, key) for key in SHARES + COUNTS}} for m in months
        ],
    }


def check_with_engine(document: dict, settings: ZhejiangSettings | None = None):
    """Run the engine's own input check on DOCUMENT; DomainError with its messages when it refuses."""
    try:
        return read_regions(document, settings)
    except InputError as err:
        raise DomainError([Problem("", message) for message in err.messages]) from None
