"""The one writer of every exported cell (.xlsx and .csv): text stays text, never a formula.

A name, a note or an audit value typed by a user may begin with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return; Excel and LibreOffice would run it as a formula (CSV injection,
CWE-1236). Every export goes through here:

- .xlsx: ``append`` writes a line with text cells typed as text (openpyxl would store
  "=…" as a formula) and marked ``quotePrefix`` when they begin with one of those characters,
  so Excel keeps them text even when the cell is edited; ``seal`` walks a finished workbook
  and turns any formula left into text (``xlsx.book_bytes`` calls it on every workbook it saves);
  ``write_only_cell`` is the same for streamed (write-only) workbooks. Characters XML cannot
  hold are dropped instead of failing the export.
- .csv: ``csv_text``/``csv_bytes`` prefix such text with an apostrophe (the OWASP advice),
  UTF-8 with a BOM, for Excel.
"""

import csv
import io
from collections.abc import Iterable

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

RISKY = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def risky(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula (or a DDE call)."""
    return text.lstrip(" ")[:1] in RISKY if text else False


def clean(value):
    """A value as a cell may hold it: text without the control characters XML refuses."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _mark(cell) -> None:
    if isinstance(cell.value, str):
        cell.data_type = "s"  # never "f", whatever the text starts with
        if risky(cell.value):
            cell.quotePrefix = True


def append(sheet, values: Iterable) -> None:
    """Append one line to ``sheet``: numbers stay numbers, text stays text."""
    sheet.append([clean(value) for value in values])
    for cell in sheet[sheet.max_row]:
        _mark(cell)


def seal(book) -> None:
    """Turn every formula of a finished workbook into text (the products' exports hold none of their own)."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or isinstance(cell.value, str):
                    if cell.data_type == "f":
                        cell.value = str(cell.value)
                    _mark(cell)


def write_only_cell(sheet, value, font=None) -> WriteOnlyCell:
    """A cell for a write-only (streamed) workbook, inert like the others."""
    cell = WriteOnlyCell(sheet, value=clean(value))
    _mark(cell)
    if font is not None:
        cell.font = font
    return cell


def csv_text(value) -> str:
    """One CSV field: text a spreadsheet would run gets an apostrophe in front."""
    if value is None:
        return ""
    text = clean(str(value))
    return "'" + text if isinstance(value, str) and risky(text) else text


def csv_bytes(header: list[str], rows: Iterable[Iterable]) -> bytes:
    """A whole CSV file: UTF-8 with a BOM (Excel reads Chinese then), every field through ``csv_text``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_text(value) for value in header])
    for row in rows:
        writer.writerow([csv_text(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
