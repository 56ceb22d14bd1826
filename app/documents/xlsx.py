"""What every .xlsx table of the product shares: a merged title line, a bold bordered
header, column widths, bordered rows with their number formats, the bytes of the book.

The tables describe their columns as ``(header, value, number format, width)``; the
value is a function of one row (see ``progress_excel``, ``selfeval_excel``). Every line goes
through ``app.documents.inert`` (text stays text, never a formula), and ``book_bytes`` seals
the finished workbook the same way.
"""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from app.documents import inert
from app.documents.inert import write_only_cell

_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def head_sheet(sheet, title: str, headers: list[str], widths: list[float]) -> None:
    """Write the title line (merged over the columns) and the header line; set the widths."""
    inert.append(sheet, [title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    inert.append(sheet, list(headers))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def append_rows(sheet, columns, rows, *, wrap_text: bool = False) -> None:
    """One bordered line per row, each cell with its column's value and number format.

    ``wrap_text`` top-aligns the line and wraps its text cells, for long notes.
    """
    for row in rows:
        inert.append(sheet, [value(row) for _, value, _, _ in columns])
        format_row(sheet[sheet.max_row], [number_format for _, _, number_format, _ in columns], wrap_text=wrap_text)


def format_row(cells, number_formats, *, wrap_text: bool = False) -> None:
    for cell, number_format in zip(cells, number_formats):
        cell.number_format = number_format
        cell.border = BORDER
        if wrap_text:
            cell.alignment = Alignment(vertical="top", wrap_text=isinstance(cell.value, str))


def table_sheet(sheet, title: str, columns, rows, *, wrap_text: bool = False) -> None:
    """A whole titled table of ``columns`` over ``rows``."""
    head_sheet(sheet, title, [c[0] for c in columns], [c[3] for c in columns])
    append_rows(sheet, columns, rows, wrap_text=wrap_text)


def streamed_table(sheet_name: str, title: str, columns, rows, *, totals=None, freeze: str | None = None,
                   wrap_text: bool = False) -> bytes:
    """The workbook ``table_sheet`` makes (title, header, bordered rows, an optional bold ``totals``
    line of plain values), written in openpyxl's write-only mode: ``rows`` (any iterable, a
    generator too) stream through without a cell cache, so a province's list costs no more memory
    than a unit's. Every cell goes through ``inert`` as in the other tables.
    """
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name)
    for index, (_, _, _, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if freeze:
        sheet.freeze_panes = freeze
    sheet.merged_cells.add(f"A1:{get_column_letter(len(columns))}1")
    head = write_only_cell(sheet, title, font=Font(bold=True, size=14))
    head.alignment = Alignment(horizontal="center")
    sheet.append([head])
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    header = []
    for name, _, _, _ in columns:
        cell = write_only_cell(sheet, name, font=Font(bold=True))
        cell.alignment, cell.border = centred, BORDER
        header.append(cell)
    sheet.append(header)
    formats = [number_format for _, _, number_format, _ in columns]
    for row in rows:
        sheet.append(_line(sheet, [value(row) for _, value, _, _ in columns], formats, wrap_text))
    if totals is not None:
        sheet.append(_line(sheet, totals, formats, wrap_text, font=Font(bold=True)))
    return book_bytes(book)


def _line(sheet, values, formats, wrap_text: bool, font=None) -> list:
    cells = []
    for value, number_format in zip(values, formats):
        cell = write_only_cell(sheet, value, font=font)
        cell.number_format = number_format
        cell.border = BORDER
        if wrap_text:
            cell.alignment = Alignment(vertical="top", wrap_text=isinstance(cell.value, str))
        cells.append(cell)
    return cells


def book_bytes(book) -> bytes:
    """The saved file (a workbook, or anything with ``save(stream)``) as bytes; a workbook holds no formula."""
    if isinstance(book, Workbook) and not book.write_only:
        inert.seal(book)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
