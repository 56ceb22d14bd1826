"""Files of the regions: the monthly table read from CSV/.xlsx, the year's table written as .xlsx.

Reading goes through the product's list reader (``app.documents.payments_import``: UTF-8 or
GB18030, comma/tab/semicolon, the first worksheet, zip limits) with this table's header:
the first of the first 20 rows naming 月份 and at least two of the three shares, so a title
line, extra columns or another column order do not matter. Line numbers are the file's
own, as the officer sees them in Excel. Builders return bytes and are tested on their own;
the view only sends them.
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook

from app.centres.regions.table import COLUMNS, REGION_HEADERS, Line
from app.documents import inert
from app.documents.payments_import import read_csv, read_xlsx
from app.documents.xlsx import BORDER, book_bytes, head_sheet
from app.domain.errors import DomainError

MAX_LINES = 200  # a year has 12 months; anything longer is not a monthly table
MISSING_HEADER = "找不到表头：前 20 行中应有一行写明“月份”“当月填报企业数占比”“上月填报准确率”“当年填报完成度”等列"
REGION = "region"  # the key of the optional 地区 column


@dataclass(frozen=True)
class SheetLine:
    line: Line
    region: object  # the 地区 cell when the file has that column, else None


@dataclass(frozen=True)
class Sheet:
    lines: tuple[SheetLine, ...]
    has_region: bool
    ignored: tuple[str, ...]  # headers of columns not read


def _header(value) -> str:
    """A header cell folded for comparison: full-width forms, spaces and a trailing （单位） removed."""
    text = "".join(unicodedata.normalize("NFKC", str(value or "")).split())
    return re.sub(r"\([^()]*\)$", "", text).lower()


HEADERS = {
    _header(name): column.key
    for column in COLUMNS
    for name in (column.label, column.key, *column.aliases)
} | {_header(name): REGION for name in REGION_HEADERS}


class _Header:
    """Recognises the header row for the list reader, and remembers the columns it did not know."""

    def __init__(self) -> None:
        self.ignored: list[str] = []

    def __call__(self, cells) -> dict[str, int] | None:
        found: dict[str, int] = {}
        ignored = []
        for position, cell in enumerate(cells):
            name = _header(cell)
            if not name:
                continue
            key = HEADERS.get(name)
            if key is not None and key not in found:
                found[key] = position
            else:
                ignored.append(str(cell).strip())
        if "month" in found and sum(key in found for key in ("fill_share", "prev_accuracy", "completion")) >= 2:
            self.ignored = ignored
            return found
        return None


def read_table_file(filename: str, data: bytes, **limits) -> Sheet:
    """Read a .csv or .xlsx monthly table (the name's extension says which), or raise DomainError."""
    name = (filename or "").lower()
    header = _Header()
    if name.endswith(".xlsx"):
        rows = read_xlsx(data, header, MISSING_HEADER, **limits)
    elif name.endswith((".csv", ".txt")):
        rows = read_csv(data, header, MISSING_HEADER)
    elif name.endswith(".xls"):
        raise DomainError("不支持旧版 .xls 文件：请在 Excel 中另存为 .xlsx 或 CSV", "file")
    else:
        raise DomainError("请上传 .csv 或 .xlsx 文件", "file")
    keys = set(rows[0].values) if rows else set()
    missing = [column.label for column in COLUMNS if column.key not in keys]
    if rows and missing:
        raise DomainError(f"表头缺少以下列：{'、'.join(missing)}（列名见导入页的说明）", "file")
    if not rows:
        raise DomainError("表头下没有数据行", "file")
    if len(rows) > MAX_LINES:
        raise DomainError(f"文件超过 {MAX_LINES} 行数据，不是一个地区的月度表", "file")
    lines = tuple(
        SheetLine(Line(f"第 {row.number} 行", "", {k: v for k, v in row.values.items() if k != REGION}), row.values.get(REGION))
        for row in rows
    )
    return Sheet(lines, REGION in keys, tuple(header.ignored))


# -- the year's table as .xlsx ----------------------------------------------------------

PERCENT = "0.00%"
MET = {True: "达标", False: "未达标", None: None}

# (header, number format, width)
SUMMARY_COLUMNS = (
    ("地区", "@", 12), ("省份", "@", 10), ("预算单位", "@", 30), ("已录入月数", "0", 10),
    ("全年填报率", PERCENT, 12), ("填报率（目标 ≥80%）", "@", 14),
    ("全年响应率", PERCENT, 12), ("响应率（目标 ≥90%）", "@", 14),
    ("获评案例数", "0", 10), ("案例加分", "0.00", 10),
)
MONTH_COLUMNS = (
    ("地区", "@", 12), ("月份", "0", 6), ("当月填报企业数占比", PERCENT, 12), ("上月填报准确率", PERCENT, 12),
    ("当年填报完成度", PERCENT, 12), ("月度填报率", PERCENT, 12), ("提问数", "0", 8), ("响应数", "0", 8),
    ("五色清单预警企业数", "0", 10), ("五色清单反馈企业数", "0", 10), ("响应拖沓、答复草率次数", "0", 10),
    ("月度响应率", PERCENT, 12),
)


def regions_xlsx(table, title: str) -> bytes:
    """Build the workbook of a year: the regions' annual results, then every month's figures and rates.

    Rates are the numbers ``jixiao orders score`` prints (fractions to 4 places) shown as 0.00%.
    """
    book = Workbook()
    sheet = book.active
    sheet.title = "全年"
    _head(sheet, title, SUMMARY_COLUMNS)
    for row in table.rows:
        data = row.data
        unit = row.region.unit
        inert.append(sheet, [
            row.region.name, row.region.province, unit.label if unit else None, len(row.months),
            data["fill_rate"] if data else None, MET[data["fill_met"]] if data else "无月度数据",
            data["response_rate"] if data else None, MET[data["response_met"]] if data else "无月度数据",
            row.cases, data["bonus"] if data else None,
        ])
        _format(sheet[sheet.max_row], SUMMARY_COLUMNS)
    sheet.freeze_panes = "B3"
    months = book.create_sheet("月度")
    _head(months, f"{title} · 月度数据", MONTH_COLUMNS)
    for row in table.rows:
        rates = {m["month"]: m for m in row.data["months"]} if row.data else {}
        for month in row.months:
            rate = rates.get(month.month, {})
            inert.append(months, [
                row.region.name, month.month, month.fill_share, month.prev_accuracy, month.completion,
                rate.get("fill_rate"), month.asked, month.answered, month.warned, month.feedback, month.sluggish,
                rate.get("response_rate"),
            ])
            _format(months[months.max_row], MONTH_COLUMNS)
    months.freeze_panes = "C3"
    return book_bytes(book)


def _head(sheet, title: str, columns) -> None:
    head_sheet(sheet, title, [header for header, _, _ in columns], [width for _, _, width in columns])


def _format(cells, columns) -> None:
    for cell, (_, number_format, _) in zip(cells, columns):
        if isinstance(cell.value, Decimal):
            cell.value = float(cell.value) if number_format != "0" else int(cell.value)
        cell.number_format = number_format
        cell.border = BORDER
