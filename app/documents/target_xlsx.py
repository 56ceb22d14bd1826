"""The official target table (绩效目标表) as an Excel workbook: one sheet per project.

The same table as the Word documents (完整版 with 项目编码, 资金支出计划 and 指标值确定依据;
简版 without), laid out for Excel: merged label cells, 一级/二级指标 merged over their rows,
amounts as numbers in 万元 to two decimals, widths and A4 print setup. Every text cell goes
through ``app.documents.inert`` (never a formula). The importer reads it back
(``app.documents.docx_import.parse_xlsx``).
"""

import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from app.documents import inert
from app.documents.tables import join_words, merged_rows, numbered, numbered_goals
from app.documents.xlsx import BORDER
from app.domain.money import quantize
from app.domain.readmodel import StoredProject

HEADERS = {
    "full": ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"),
    "basic": ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值"),
}
WIDTHS = {"full": (12, 14, 22, 30, 16, 22), "basic": (12, 14, 24, 36, 18)}
MONEY = "0.00"
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")


def target_workbook(projects: list[StoredProject], layout: str = "full") -> Workbook:
    """A workbook of the projects' target tables (interchange dicts), numbered 1..N, one sheet each."""
    book = Workbook()
    book.remove(book.active)
    names: set[str] = set()
    for number, project in enumerate(projects, start=1):
        sheet = book.create_sheet(_sheet_name(number, project.name, names))
        _write_table(sheet, project, number, layout)
    inert.seal(book)
    return book


def _sheet_name(number: int, name: str, taken: set[str]) -> str:
    """Excel allows 31 characters and no []:*?/\\ in a sheet's name."""
    stem = re.sub(r"[\[\]:*?/\\]", "", f"{number}.{name}")[:31] or str(number)
    while stem in taken:
        stem = f"{stem[:28]}-{number}"
    taken.add(stem)
    return stem


class _Writer:
    """Writes rows down a sheet of ``width`` columns, with merges and borders."""

    def __init__(self, sheet, width: int):
        self.sheet, self.width, self.row = sheet, width, 0

    def line(self, cells: list[tuple], *, bordered: bool = True) -> int:
        """One row: ``cells`` are (text or number, first column, last column[, style]); return its number."""
        self.row += 1
        for value, first, last, *style in cells:
            cell = self.sheet.cell(self.row, first, inert.clean(value))
            if last > first:
                self.sheet.merge_cells(start_row=self.row, start_column=first, end_row=self.row, end_column=last)
            cell.alignment = style[0] if style else WRAP
            if isinstance(value, Decimal):
                cell.number_format = MONEY
        if bordered:
            for column in range(1, self.width + 1):
                self.sheet.cell(self.row, column).border = BORDER
        return self.row

    def merge_down(self, column: int, top: int, bottom: int) -> None:
        if bottom > top:
            self.sheet.merge_cells(start_row=top, start_column=column, end_row=bottom, end_column=column)


def _money(value: Decimal | None) -> Decimal:
    return quantize(Decimal(0) if value is None else value)


def _write_table(sheet, project: StoredProject, number: int, layout: str) -> None:
    headers = HEADERS[layout]
    plan = list(project.checkpoints) if layout == "full" else []
    width = max(len(headers), 1 + len(plan))
    out = _Writer(sheet, width)
    last = width
    title = out.line([(numbered(number, join_words(project.name, "绩效目标表")), 1, last, CENTER)], bordered=False)
    sheet.cell(title, 1).font = Font(bold=True, size=14)
    out.line([(project.unit.label, 1, last - 1), ("单位：万元", last, last)], bordered=False)
    if layout == "full":
        out.line([("项目编码", 1, 1, CENTER), (project.code or "", 2, 3), ("项目名称", 4, 4, CENTER), (project.name, 5, last)])
    else:
        out.line([("项目名称", 1, 1, CENTER), (project.name, 2, last)])
    first = out.line([
        ("预算规模及资金用途", 1, 1, CENTER), ("预算数", 2, 2, CENTER), (_money(project.budget_total), 3, 3),
        ("其中：财政资金", 4, 4, CENTER), (_money(project.budget_fiscal), 5, last),
    ])
    out.line([("", 1, 1), ("其他资金", 2, 2, CENTER), (_money(project.budget_other), 3, last)])
    purpose = out.line([("", 1, 1), ("资金用途", 2, 2, CENTER), (project.purpose, 3, last)])
    out.merge_down(1, first, purpose)
    if plan:
        months = out.line([("资金支出计划（万元）", 1, 1, CENTER)] + [(f"{c.month}月底", 2 + i, 2 + i, CENTER) for i, c in enumerate(plan)])
        amounts = out.line([("", 1, 1)] + [(_money(c.amount), 2 + i, 2 + i) for i, c in enumerate(plan)])
        out.merge_down(1, months, amounts)
    out.line([("绩效目标", 1, 1, CENTER), ("\n".join(numbered_goals(project.goals)), 2, last)])
    if project.long_term_goals:
        out.line([("中长期目标", 1, 1, CENTER), ("\n".join(numbered_goals(project.long_term_goals)), 2, last)])
    head = out.line([(text, i, i if i < len(headers) else last, CENTER) for i, text in enumerate(headers, start=1)])
    for index in range(1, len(headers) + 1):
        sheet.cell(head, index).font = Font(bold=True)
    keys = ("name", "description", "target_text", "basis")[: len(headers) - 2]
    spans = []  # merged after every row is written: a merged cell takes no value
    for r in merged_rows(project.indicators):
        row = out.line(
            [(r.level1 if r.level1_span else "", 1, 1, CENTER), (r.level2 if r.level2_span else "", 2, 2, CENTER)]
            + [(getattr(r, key) or "", 3 + i, 3 + i if 3 + i < len(headers) else last) for i, key in enumerate(keys)]
        )
        spans += [(column, row, row + span - 1) for column, span in ((1, r.level1_span), (2, r.level2_span)) if span]
    for column, top, bottom in spans:
        out.merge_down(column, top, bottom)
    for index, size in enumerate(WIDTHS[layout], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = size
    for index in range(len(WIDTHS[layout]) + 1, width + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 12
    _print_setup(sheet, head)


def _print_setup(sheet, header_row: int) -> None:
    """A4 portrait, one page wide, the indicator header repeated on every printed page."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_margins.left = sheet.page_margins.right = 0.5
