"""Tables as grids, whatever they came in: Word (.docx), Excel (.xlsx) or text copied out of either.

Every source is turned into the same stream of blocks, a paragraph (one line of text) or a
table (rows of real cells with their grid columns), so one reader reads all of them by
meaning. A cell under a vertical merge repeats the merged cell's text and is marked
``continued``; a cell spanning several grid columns is one cell with its ``span``.
"""

import csv
import io
import re
from dataclasses import dataclass

BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")


@dataclass(frozen=True)
class GridCell:
    text: str
    start: int  # first grid column
    span: int
    continued: bool  # under a vertical merge: the text is the merged cell's

    def covers(self, column: int) -> bool:
        return self.start <= column < self.start + self.span


Row = list[GridCell]


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    rows: list[Row]


Block = Paragraph | Table


# --- Word ---------------------------------------------------------------------------------

def docx_blocks(body) -> list[Block]:
    """The body's paragraphs and tables in document order."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph as DocxParagraph

    blocks: list[Block] = []
    for element in body.iterchildren():
        if element.tag == qn("w:p"):
            blocks.append(Paragraph(BOOKMARK.sub("", DocxParagraph(element, None).text)))
        elif element.tag == qn("w:tbl"):
            blocks.append(Table(docx_rows(element)))
    return blocks


def docx_rows(tbl) -> list[Row]:
    """List each row's real cells with their grid columns; vMerge "continue" repeats the text above."""
    from docx.text.paragraph import Paragraph as DocxParagraph

    rows = []
    above: dict[int, str] = {}
    for tr in tbl.tr_lst:
        column = tr.grid_before
        row = []
        for tc in tr.tc_lst:
            span = tc.grid_span
            continued = tc.vMerge == "continue"
            if continued:
                text = above.get(column, "")
            else:
                text = BOOKMARK.sub("", "\n".join(DocxParagraph(p, None).text for p in tc.p_lst).strip())
            above[column] = text
            row.append(GridCell(text, column, span, continued))
            column += span
        rows.append(row)
    return rows


# --- Excel --------------------------------------------------------------------------------

def xlsx_blocks(workbook) -> list[Block]:
    """Every sheet's rows as blocks: merged ranges become spans and continued cells."""
    blocks: list[Block] = []
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            continue
        blocks += rows_to_blocks(sheet_rows(sheet))
    return blocks


def cell_text(value) -> str:
    """A cell's value as the officer sees it: whole numbers without ".0", dates as dates."""
    if value is None:
        return ""
    if isinstance(value, float):
        return format(value, ".15g") if not value.is_integer() else str(int(value))
    if hasattr(value, "date") and hasattr(value, "year"):
        value = value.date() if hasattr(value, "hour") else value
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value).strip()


def sheet_rows(sheet) -> list[Row]:
    """The sheet as grid rows (columns from 0), merged ranges read as Word's merges are."""
    merged: dict[tuple[int, int], tuple[int, int, int]] = {}  # (row, col) → (top row, first col, span)
    for rng in sheet.merged_cells.ranges:
        span = rng.max_col - rng.min_col + 1
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                merged[(r, c)] = (rng.min_row, rng.min_col, span)
    values = {}
    for r, row in enumerate(sheet.iter_rows(values_only=True), 1):
        for c, value in enumerate(row, 1):
            if value is not None:
                values[(r, c)] = cell_text(value)
    height = sheet.max_row or 0
    width = sheet.max_column or 0
    rows: list[Row] = []
    for r in range(1, height + 1):
        row: Row = []
        c = 1
        while c <= width:
            top, first, span = merged.get((r, c), (r, c, 1))
            if first != c:  # inside a horizontal merge already placed
                c += 1
                continue
            row.append(GridCell(values.get((top, first), ""), c - 1, span, top != r))
            c += span
        rows.append(row)
    return rows


# --- Text ---------------------------------------------------------------------------------

INTERIOR_TAB = re.compile(r"[^\t\n]\t")


def is_row_text(text: str) -> bool:
    """Whether text holds tables as rows of tab-separated cells (a copy out of Excel or a web page).

    The seeds' copies have one cell per tab-indented line instead; rows with tabs between cells
    tell the two apart.
    """
    tabbed = [line for line in text.split("\n") if "\t" in line.strip("\n")]
    interior = [line for line in tabbed if INTERIOR_TAB.search(line)]
    return len(interior) >= 2 and len(interior) * 2 >= len(tabbed)


def text_blocks(text: str) -> list[Block]:
    """Rows of tab-separated cells (quoted when they hold line breaks) as blocks.

    In such a copy a merged cell is its text in the first cell and empty cells for the rest;
    the reader carries empty level cells down from the row above, as under a Word merge.
    """
    lines = [line for line in text.split("\n") if not line.startswith("# ")]  # the corpus's own metadata
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter="\t", quotechar='"', strict=False)
    rows = [[GridCell(BOOKMARK.sub("", t).strip(), i, 1, False) for i, t in enumerate(cells)] for cells in reader]
    return rows_to_blocks(rows, typed_width=True)


def rows_to_blocks(rows: list[Row], *, typed_width: bool = False) -> list[Block]:
    """A sheet's rows as blocks: a row with one filled cell before or between tables is a paragraph.

    In a text copy (``typed_width``) a line typed with the table's own tabs is one of its rows even
    with one cell filled ("项目基本情况" heading a 自评表's goals); a line without tabs is a paragraph.
    """
    blocks: list[Block] = []
    blank = False  # a blank line (no tabs at all) since the last row: the table above has ended
    for row in rows:
        filled = [c for c in row if c.text.strip() and not c.continued]
        if not filled:
            blank = blank or len(row) <= 1
            continue
        lone = len(filled) == 1 and not any(c.continued and c.text.strip() for c in row)
        in_table = blocks and isinstance(blocks[-1], Table)
        if in_table and typed_width and not blank and len(row) > 1 and len(row) == len(blocks[-1].rows[-1]):
            lone = False
        elif in_table and lone and _across(blocks[-1], row, filled[0]):
            lone = False  # a sheet's row merged across the table ("项目基本情况"): a row of it, unless a title
        blank = False
        if lone and not (in_table and _inside(blocks[-1], filled[0])):
            blocks.append(Paragraph(filled[0].text))
        elif blocks and isinstance(blocks[-1], Table):
            blocks[-1].rows.append(row)
        else:
            blocks.append(Table([row]))
    return blocks


def _across(table: Table, row: Row, cell: GridCell) -> bool:
    """A row laid out in the table's grid by a merge across it (its one text first), that is no next table's title."""
    width = max(c.start + c.span for c in table.rows[-1])
    return (any(c.span > 1 for c in row) and cell.start == 0 and max(c.start + c.span for c in row) >= width
            and not re.search(r"绩效.*表", cell.text))


def _inside(table: Table, cell: GridCell) -> bool:
    """A lone cell right of the first column is part of the table (a goal under its merged label)."""
    return cell.start > 0


def cell_text_blocks(text: str, is_title) -> list[Block]:
    """Text copied out of Word the way the seeds were (one cell per tab-indented line) as blocks.

    A blank line followed by a tab-indented line starts a new row; lines without the tab
    continue the cell above (its line breaks), unless they are a title (``is_title``) or stand
    outside any table. Cells take their position in the row as their column: a copy loses spans.
    """
    blocks: list[Block] = []
    rows: list[list[list[str]]] = []  # rows of cells of lines
    blank = True
    for raw in text.split("\n"):
        line = BOOKMARK.sub("", raw)
        if line.startswith("\t"):
            if blank or not rows:
                rows.append([])
            rows[-1].append([line[1:]])
            blank = False
        elif not line.strip():
            blank = True
        elif rows and not is_title(line.strip()) and not blank:
            rows[-1][-1].append(line)
        elif rows and not is_title(line.strip()) and blank and rows[-1]:
            rows[-1][-1].append(line)  # a cell's text after its own blank line
            blank = False
        else:
            if rows:
                blocks.append(Table(_grid_of(rows)))
                rows = []
            blocks.append(Paragraph(line.strip()))
            blank = True
    if rows:
        blocks.append(Table(_grid_of(rows)))
    return blocks


def _grid_of(rows: list[list[list[str]]]) -> list[Row]:
    return [
        [GridCell("\n".join(line.rstrip() for line in cell).strip(), i, 1, False) for i, cell in enumerate(row)]
        for row in rows if any("".join(cell).strip() for cell in row)
    ]
