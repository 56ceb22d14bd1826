"""A unit's year summary of the self-evaluations as .xlsx: the summary page's columns, numbers as numbers."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

# (header, attribute or function of a SummaryRow, number format, width)
COLUMNS = (
    ("项目编码", lambda r: r.code, "@", 24),
    ("项目名称", lambda r: r.name, "@", 40),
    ("状态", lambda r: r.status if r.complete or r.status == "未填报" else f"{r.status}（未填完）", "@", 14),
    ("全年预算数（万元）", lambda r: r.budget, "#,##0.00", 16),
    ("全年执行数（万元）", lambda r: r.spent, "#,##0.00", 16),
    ("执行率", lambda r: r.rate, "0.00%", 10),
    ("得分", lambda r: r.score, "0.00", 8),
    ("等级", lambda r: r.grade or None, "@", 6),
    ("指标数", lambda r: r.indicators, "0", 8),
    ("未达标指标数", lambda r: r.unmet, "0", 12),
    ("缺少偏差原因数", lambda r: len(r.missing_reasons), "0", 14),
    ("缺少偏差原因", lambda r: "、".join(r.missing_reasons) or None, "@", 40),
)
HEADERS = tuple(header for header, _, _, _ in COLUMNS)


def summary_xlsx(rows, title: str) -> bytes:
    """Build the workbook: a title line, the header, one line per project (Decimal stays exact)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "自评汇总"
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
    for row in rows:
        sheet.append([value(row) for _, value, _, _ in COLUMNS])
        for cell, (_, _, number_format, _) in zip(sheet[sheet.max_row], COLUMNS):
            cell.number_format = number_format
            cell.border = border
    for index, (_, _, _, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C3"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
