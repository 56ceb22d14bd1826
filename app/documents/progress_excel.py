"""The progress table as .xlsx: the page's columns, amounts and rates as numbers, a totals line."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter


def _result(attr):
    return lambda r: getattr(r.result, attr) if r.result is not None else None


# (header, value of a ProjectProgress, number format, width)
COLUMNS = (
    ("预算单位", lambda r: r.project.unit.code, "@", 10),
    ("项目编码", lambda r: r.project.code or None, "@", 24),
    ("项目名称", lambda r: r.project.name, "@", 40),
    ("预算数（万元）", lambda r: r.budget, "#,##0.00", 14),
    ("截至当日计划数（万元）", _result("plan_at_date"), "#,##0.00", 16),
    ("累计支出（万元）", lambda r: r.spent, "#,##0.00", 14),
    ("执行率", _result("rate"), "0.00%", 10),
    ("序时进度", _result("benchmark"), "0.00%", 10),
    ("与计划偏差（万元）", _result("plan_deviation"), "#,##0.00", 16),
    ("与序时进度偏差", _result("benchmark_deviation"), "0.00%", 14),
    ("提示", lambda r: "；".join(r.flags) or None, "@", 60),
)
HEADERS = tuple(header for header, _, _, _ in COLUMNS)


def progress_xlsx(table, title: str) -> bytes:
    """Build the workbook: a title line, the header, one line per project, the totals."""
    book = Workbook()
    sheet = book.active
    sheet.title = "支出进度"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(list(HEADERS))
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    for row in table.rows:
        sheet.append([value(row) for _, value, _, _ in COLUMNS])
        _format(sheet[sheet.max_row], border)
    totals = table.totals
    sheet.append(["合计", None, f"{len(table.rows)} 个项目，{totals.lagging} 个滞后", totals.budget, totals.plan, totals.spent, totals.rate, None, None, None, None])
    _format(sheet[sheet.max_row], border)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for index, (_, _, _, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "D3"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _format(cells, border) -> None:
    for cell, (_, _, number_format, _) in zip(cells, COLUMNS):
        cell.number_format = number_format
        cell.border = border
        if number_format == "@":
            cell.alignment = Alignment(wrap_text=True, vertical="top")
