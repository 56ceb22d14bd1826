"""Service records from a CSV or .xlsx list (the 楚贸通 platform's export): read, check, or refuse.

No database: bytes in, checked ``ServiceDraft`` rows out, or a DomainError whose every
message names the row (the file's own line number, as Excel shows it) and the column.
The columns are found by their header text (see ``HEADERS``), in any order, in the
first 20 rows; the scoring input's English names are accepted too.
"""

import datetime
import unicodedata
from dataclasses import dataclass

from app.centres.rules.hubei_model import SERVICE_ITEMS, Rating
from app.documents.payments_import import SheetRow, read_csv, read_xlsx
from app.domain.dates import parse_date
from app.domain.errors import DomainError
from app.domain.projects import Problem

# Column meaning → header texts (a header may go on: "申请日期（年-月-日）" is 申请日期).
# 000 第十一条 says 服务对象 → 服务项目 → 服务事项, so 服务事项 is the matter; a list without a
# 服务项目 column that has both 服务事项 and 服务内容 is read the other way (see ``header_columns``).
HEADERS = {
    "client": ("服务对象", "企业名称", "客户名称", "client"),
    "item": ("服务项目", "服务类别", "服务类型", "item"),
    "matter": ("服务事项", "服务内容", "具体事项", "matter"),
    "requested": ("申请日期", "服务需求日期", "需求日期", "发起日期", "需求发起日期", "申请时间", "requested"),
    "evaluated": ("评价日期", "评价时间", "evaluated"),
    "rating": ("评价结果", "服务评价", "满意度", "评价", "rating"),
}
REQUIRED = ("client", "item", "matter", "requested")
LABELS = {"client": "服务对象", "item": "服务项目", "matter": "服务事项", "requested": "申请日期", "evaluated": "评价日期", "rating": "评价结果"}
MISSING_HEADER = (
    "找不到表头：需要“服务对象”“服务项目”“服务事项”“申请日期”列（可另有“评价日期”“评价结果”；"
    "也可用英文列名 client、item、matter、requested、evaluated、rating）"
)
# Longest names first, so that 评价日期 is not read as 评价.
_NAMES = sorted(((name, key) for key, names in HEADERS.items() for name in names), key=lambda pair: -len(pair[0]))

RATINGS = {
    **dict.fromkeys(("satisfied", "满意", "非常满意", "很满意", "比较满意", "基本满意", "好评"), Rating.SATISFIED),
    **dict.fromkeys(("dissatisfied", "不满意", "非常不满意", "很不满意", "差评"), Rating.DISSATISFIED),
    **dict.fromkeys(("", "null", "none", "未评价", "无", "-", "—", "/"), None),
}
MAX_CLIENT, MAX_MATTER = 200, 500
MAX_REPORTED = 100  # problems listed for one file; the rest are counted


@dataclass(frozen=True)
class ServiceDraft:
    """One checked service record, as the scoring input holds it."""

    client: str
    item: str
    matter: str
    requested: datetime.date
    evaluated: datetime.date | None = None
    rating: str | None = None  # Rating value

    def to_input(self) -> dict:
        """Return the record as the scoring input (``jixiao centre score``) carries it."""
        return {
            "client": self.client,
            "item": self.item,
            "matter": self.matter,
            "requested": self.requested.isoformat(),
            "evaluated": self.evaluated.isoformat() if self.evaluated else None,
            "rating": self.rating,
        }


def _clean(value) -> str:
    return "".join(unicodedata.normalize("NFKC", str(value)).split()).lower() if value is not None else ""


def header_columns(cells) -> dict[str, int] | None:
    """Map meanings to column positions if ``cells`` is the header row."""
    matched: dict[int, tuple[str, str]] = {}
    for position, cell in enumerate(cells):
        text = _clean(cell)
        for name, key in _NAMES:
            if text and text.startswith(name.lower()):
                matched[position] = (key, name)
                break
    keys = {key for key, _ in matched.values()}
    if "item" not in keys:
        # 服务事项 + 服务内容 without 服务项目: the first names the item, the second the matter.
        matters = [p for p, (key, _) in matched.items() if key == "matter"]
        named = [p for p in matters if matched[p][1] == "服务事项"]
        if len(matters) >= 2 and named:
            matched[named[0]] = ("item", "服务事项")
    found: dict[str, int] = {}
    for position in sorted(matched):
        found.setdefault(matched[position][0], position)
    return found if all(key in found for key in REQUIRED) else None


def read_rows(filename: str, data: bytes, **limits) -> list[SheetRow]:
    """Read the rows of a .csv or .xlsx list; the name's extension says which."""
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        return read_xlsx(data, header_columns, MISSING_HEADER, **limits)
    if name.endswith((".csv", ".txt")):
        return read_csv(data, header_columns, MISSING_HEADER)
    if name.endswith(".xls"):
        raise DomainError("不支持旧版 .xls 文件：请在 Excel 中另存为 .xlsx 或 CSV", "file")
    raise DomainError("请上传 .csv 或 .xlsx 文件", "file")


def _text(value) -> str:
    """A cell as text: whole numbers from a spreadsheet without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value).strip()


def check_rows(rows: list[SheetRow], year: int) -> list[ServiceDraft]:
    """Check every row for the assessment YEAR; raise DomainError naming each bad row and column."""
    problems: list[Problem] = []
    drafts: list[ServiceDraft] = []
    for row in rows:
        found: list[str] = []

        def problem(column: str, text: str) -> None:  # used within this row's iteration only
            found.append(f"第 {row.number} 行“{LABELS[column]}”：{text}")  # noqa: B023

        values = row.values
        client = _text(values.get("client"))
        if not client:
            problem("client", "不能为空")
        elif len(client) > MAX_CLIENT:
            problem("client", f"不能超过 {MAX_CLIENT} 字")
        item_text = _text(values.get("item"))
        item = "".join(unicodedata.normalize("NFKC", item_text).split())
        if not item:
            problem("item", "不能为空")
        elif item not in SERVICE_ITEMS:
            problem("item", f"“{item_text}”不是 {len(SERVICE_ITEMS)} 项服务项目之一（{'、'.join(SERVICE_ITEMS)}）")
        matter = _text(values.get("matter"))
        if len(matter) > MAX_MATTER:
            problem("matter", f"不能超过 {MAX_MATTER} 字")
        requested = _day(values.get("requested"), "requested", problem, required=True)
        if requested is not None and requested.year != year:
            problem("requested", f"{requested.isoformat()} 不在 {year} 年度内")
        evaluated = _day(values.get("evaluated"), "evaluated", problem)
        if requested is not None and evaluated is not None and evaluated < requested:
            problem("evaluated", f"{evaluated.isoformat()} 早于申请日期 {requested.isoformat()}")
        rating_text = _text(values.get("rating"))
        key = _clean(rating_text)
        if key not in RATINGS:
            problem("rating", f"“{rating_text}”无法识别，应为“满意”“不满意”或留空（未评价）")
        problems.extend(Problem(f"row-{row.number}", text) for text in found)
        if not found:
            rating = RATINGS[key]
            drafts.append(ServiceDraft(client, item, matter, requested, evaluated, rating.value if rating else None))
    if not rows:
        problems.append(Problem("file", "文件中没有服务记录"))
    if problems:
        if len(problems) > MAX_REPORTED:
            extra = len(problems) - MAX_REPORTED
            problems = problems[:MAX_REPORTED] + [Problem("file", f"另有 {extra} 处错误未列出")]
        raise DomainError(problems)
    return drafts


def _day(value, column: str, problem, required: bool = False) -> datetime.date | None:
    if value is None or _text(value) == "":
        if required:
            problem(column, "不能为空")
        return None
    try:
        return parse_date(value)
    except ValueError as err:
        problem(column, f"{err}")
        return None


def read_records(filename: str, data: bytes, year: int, **limits) -> list[ServiceDraft]:
    """Read and check a service-record list for YEAR: every row, or a DomainError naming the bad ones."""
    return check_rows(read_rows(filename, data, **limits), year)
