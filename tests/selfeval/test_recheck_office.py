"""The 复核 reads real 自评表 laid out as Word and Excel lay them out: the corpus text copies
rebuilt as .docx and .xlsx with their merged cells (the ``# merge:`` lines), checked like the text."""

import csv
import io
import re
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook
from openpyxl.utils import column_index_from_string

from app.documents.selfeval_import import check_bytes
from app.domain.recheck import check_to_json

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
# Every 自评表 of the corpus that prints scores.
TABLES = sorted(
    path.stem for path in REAL.glob("*.txt")
    if "kind: 自评表" in path.read_text(encoding="utf-8") and "chongqing_town_2021" not in path.stem  # no 得分 column
)
CELL = re.compile(r"([A-Z]+)(\d+)")


def parsed(name: str):
    """The lines above the table, its rows (cells as copied) and its merges ((row, col) ranges, from 0)."""
    text = (REAL / f"{name}.txt").read_text(encoding="utf-8")
    merges = []
    for line in text.splitlines():
        found = re.match(r"# merge: (?:1 )?([A-Z]+\d+):([A-Z]+\d+)$", line)
        if found:
            (c1, r1), (c2, r2) = (CELL.fullmatch(x).groups() for x in found.groups())
            merges.append((int(r1) - 1, column_index_from_string(c1) - 1, int(r2) - 1, column_index_from_string(c2) - 1))
    body = "\n".join(line for line in text.splitlines() if not line.startswith("# "))
    rows = list(csv.reader(io.StringIO(body), delimiter="\t", quotechar='"', strict=False))
    first = next(i for i, row in enumerate(rows) if len(row) > 1)
    above = [row[0] for row in rows[:first] if row and row[0].strip()]
    table = [row for row in rows[first:] if len(row) > 1]
    width = max(len(row) for row in table)
    return above, [row + [""] * (width - len(row)) for row in table], merges


def as_docx(name: str) -> bytes:
    above, rows, merges = parsed(name)
    document = docx.Document()
    for line in above:
        document.add_paragraph(line)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for r1, c1, r2, c2 in merges:
        if r2 < len(rows):
            top = rows[r1][c1]
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    table.cell(r, c).text = ""
            merged = table.cell(r1, c1).merge(table.cell(r2, c2))
            merged.text = top
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def as_xlsx(name: str) -> bytes:
    above, rows, merges = parsed(name)
    book = Workbook()
    sheet = book.active
    for line in above:
        sheet.append([line])
    offset = len(above)
    for row in rows:
        sheet.append([cell or None for cell in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # "=100%" is a value the officer typed, as Excel keeps it, not a formula
    for r1, c1, r2, c2 in merges:
        if r2 < len(rows):
            sheet.merge_cells(start_row=r1 + 1 + offset, start_column=c1 + 1, end_row=r2 + 1 + offset, end_column=c2 + 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def checked(data: bytes, filename: str):
    return [{k: v for k, v in check_to_json(c).items()} for c in check_bytes(data, filename)]


@pytest.mark.parametrize("name", TABLES)
def test_word_and_excel_layouts_check_as_the_text_copy(name):
    text = checked((REAL / f"{name}.txt").read_bytes(), f"{name}.txt")
    assert text[0]["rows"], name
    assert checked(as_docx(name), f"{name}.docx") == text
    assert checked(as_xlsx(name), f"{name}.xlsx") == text
