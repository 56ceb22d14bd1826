"""Read a payments list (CSV or .xlsx) into rows keyed by column meaning, by header text.

Pure: bytes in, ``SheetRow`` out; nothing is checked beyond finding the columns.
The header row is the first row (of the first 20) naming 日期, 金额 and 项目编码 or
项目名称; headers may carry a unit ("金额（万元）"). Row numbers are the file's own
line numbers, as the officer sees them in Excel.
"""

import csv
import io
import unicodedata
from dataclasses import dataclass

from app.documents.archives import check_zip
from app.domain.errors import DomainError

# Column meaning → header texts, matched at the start of the cell ("金额（万元）" is 金额).
HEADERS = {
    "code": ("项目编码", "项目代码"),
    "name": ("项目名称",),
    "day": ("日期", "支付日期", "支出日期", "付款日期"),
    "amount": ("金额", "支出金额", "支付金额", "付款金额"),
    "voucher": ("凭证号", "凭证编号", "凭证字号", "凭证"),
    "source": ("资金来源", "资金性质"),
    "note": ("摘要", "备注", "用途"),
}
HEADER_SEARCH_ROWS = 20
MAX_ROWS = 20000


@dataclass(frozen=True)
class SheetRow:
    number: int  # the line number in the file (1-based, the header included)
    values: dict  # column meaning → cell value (str, or a number/date from .xlsx)


def _clean(value) -> str:
    return "".join(unicodedata.normalize("NFKC", str(value)).split()) if value is not None else ""


def _columns(cells) -> dict[str, int] | None:
    """Map meanings to column positions if ``cells`` is the header row."""
    found: dict[str, int] = {}
    for position, cell in enumerate(cells):
        text = _clean(cell)
        if not text:
            continue
        for key, names in HEADERS.items():
            if key not in found and any(text.startswith(name) for name in names):
                found[key] = position
                break
    if "day" in found and "amount" in found and ("code" in found or "name" in found):
        return found
    return None


MISSING_HEADER = "找不到表头：需要“项目编码”或“项目名称”、“日期”、“金额”列（可另有“凭证号”“资金来源”“摘要”）"


def rows_from(lines, columns=None, missing: str = MISSING_HEADER) -> list[SheetRow]:
    """Find the header in ``lines`` (an iterable of (number, cells)) and read the rows under it.

    ``columns`` recognises the header row (cells → meaning → position, or None); by default
    the payments list's. Other lists (the centres' service records) pass their own.
    """
    recognise = columns or _columns
    found = None
    rows: list[SheetRow] = []
    for number, cells in lines:
        if found is None:
            if number > HEADER_SEARCH_ROWS:
                break
            found = recognise(cells)
            continue
        if all(_clean(c) == "" for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise DomainError(f"文件超过 {MAX_ROWS} 行，请分批导入")
        values = {key: (cells[pos] if pos < len(cells) else None) for key, pos in found.items()}
        rows.append(SheetRow(number, values))
    if found is None:
        raise DomainError(missing)
    return rows


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (what Excel in China saves as CSV)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise DomainError("无法识别 CSV 文件的编码：请另存为 UTF-8 或 GB18030（ANSI）编码") from None


def read_csv(data: bytes, columns=None, missing: str = MISSING_HEADER) -> list[SheetRow]:
    text = decode(data)
    # The delimiter the first lines use most: comma, tab (Excel's "Unicode text") or semicolon.
    sample = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    delimiter = max(",\t;", key=sample.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def lines():
        for cells in reader:
            yield reader.line_num, cells

    try:
        return rows_from(lines(), columns, missing)
    except csv.Error as err:
        raise DomainError(f"CSV 文件格式有误：第 {reader.line_num} 行，{err}") from None


def read_xlsx(data: bytes, columns=None, missing: str = MISSING_HEADER, **limits) -> list[SheetRow]:
    """The first worksheet of a workbook (values, not formulas)."""
    from openpyxl import load_workbook

    check_zip(data, label="上传的 Excel 文件", **limits)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise DomainError("无法读取 Excel 文件：请确认是 .xlsx 格式且未损坏") from None
    try:
        sheet = book.worksheets[0]
        return rows_from(
            ((n, list(cells)) for n, cells in enumerate(sheet.iter_rows(values_only=True), start=1)), columns, missing
        )
    finally:
        book.close()


def read_payments(filename: str, data: bytes, **limits) -> list[SheetRow]:
    """Read a .csv or .xlsx payments list; the name's extension says which."""
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        return read_xlsx(data, **limits)
    if name.endswith((".csv", ".txt")):
        return read_csv(data)
    if name.endswith(".xls"):
        raise DomainError("不支持旧版 .xls 文件：请在 Excel 中另存为 .xlsx 或 CSV")
    raise DomainError("请上传 .csv 或 .xlsx 文件")
