"""The audit trail as .xlsx: one sheet, a header line, every value as text (never a formula)."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from app.documents.inert import write_only_cell

# Column widths in characters, by header; the rest get 14.
WIDTHS = {"时间（北京时间）": 20, "对象": 30, "所属对象": 30, "修改前": 36, "修改后": 36, "说明": 40}


def audit_xlsx(header: list[str], rows) -> bytes:
    """Build the workbook from ``header`` and an iterable of rows (lists of str/int).

    Built in write-only mode, so a long trail streams through without a cell cache.
    Text that starts with "=" stays text: openpyxl would store it as a formula.
    """
    book = Workbook(write_only=True)
    sheet = book.create_sheet("审计记录")
    for index, title in enumerate(header):
        sheet.column_dimensions[get_column_letter(index + 1)].width = WIDTHS.get(title, 14)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([write_only_cell(sheet, title, font=bold) for title in header])
    for row in rows:
        sheet.append([write_only_cell(sheet, value) for value in row])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()

