"""Read performance-target tables from Word (.docx) or text (.txt) into interchange dicts.

Tables are read by their labels and header text, never by position: other units'
tables have other widths, blank rows, extra columns and merged cells of any span.
Each real cell is found by walking ``w:tc`` with its grid span; a cell under a
vertical merge (``vMerge`` "continue") repeats the text of the cell above.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field
from functools import partial

from lxml.etree import XMLSyntaxError

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from app.documents.text_import import (
    BOOKMARK,
    COLUMNS,
    EMPTY_DEPARTMENT,
    MONEY_UNIT,
    REQUIRED_COLUMNS,
    TITLE,
    UNIT_LINE,
    UNIT_PREFIX,
    YEAR_LINE,
    Cell,
    TableReader,
    TextImport,
    TextImportError,
    guess_year,
    has_content,
    label_kind,
    column_key,
    normalize,
    parse_text,
    read_department,
)

YEAR_START = re.compile(r"^20\d\d\s*年")
# A unit line and "单位：万元" typed in one paragraph, apart by tabs or runs of spaces.
PIECES = re.compile(r"\t+|\n+|\s{2,}|\u3000+|(?=单位[：:]\s*[千万]?元\s*$)")
MONEY_TAIL = re.compile(r"单位[：:]\s*[千万]?元\s*$")
TABLE_LABELS = ("code", "name", "budget_total", "plan")


@dataclass
class DocumentImport(TextImport):
    """What a document holds, with each project table's title (for messages)."""

    titles: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class GridCell:
    text: str
    start: int  # first grid column
    span: int
    continued: bool  # under a vertical merge: the text is the merged cell's

    def covers(self, column: int) -> bool:
        return self.start <= column < self.start + self.span


@dataclass
class Segment:
    """The blocks of one project table: its title, unit-line texts and table rows."""

    title: str | None
    texts: list[str] = field(default_factory=list)
    rows: list[list[GridCell]] = field(default_factory=list)
    named: bool = False  # holds a 项目名称 / 项目编码 label: the next one starts another project


def parse_document(data: bytes, filename: str, *, year: int | None = None) -> DocumentImport:
    """Read a .docx or .txt document by its extension."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix == "docx":
        return parse_docx(data, source=filename, year=year)
    if suffix == "txt":
        return parse_txt(data, source=filename, year=year)
    if suffix == "doc":
        raise TextImportError("不支持旧版 .doc 文件，请在 Word 中另存为 .docx 后再导入")
    raise TextImportError(f"不支持的文件类型“{filename}”：请选择 .docx 或 .txt 文件")


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), falling back to GB18030."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise TextImportError("文本文件的编码无法识别：请保存为 UTF-8 或 GB18030") from None


def parse_txt(data: bytes, *, source: str = "", year: int | None = None) -> DocumentImport:
    """Read tables copied out as text, through ``parse_text``; keep their titles for messages."""
    text = decode_text(data)
    result = parse_text(text, source=source, year=year)
    lines = [BOOKMARK.sub("", line) for line in text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    titles = [TITLE.match(l.strip()).group(1) for l in lines if not l.startswith("\t") and TITLE.match(l.strip())]
    return DocumentImport(result.projects, result.departments, result.warnings, source, titles)


def parse_docx(data: bytes, *, source: str = "", year: int | None = None) -> DocumentImport:
    """Read every project table (and the department part) of a Word document."""
    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, XMLSyntaxError, KeyError, ValueError) as err:
        raise TextImportError(f"无法读取 Word 文件“{source}”：不是有效的 .docx 文件") from err
    preamble, segments = split_segments(document.element.body)
    result = DocumentImport(source=source)
    for number, segment in enumerate(segments, 1):
        title = segment.title or _title_from_name(segment) or "（无标题）"
        result.titles.append(title)
        reader = DocxTableReader(number, title, result.warnings, last=number == len(segments))
        result.projects.append(reader.read_segment(segment))
    if year is None:
        texts = [s.title or "" for s in segments] + [t for s in segments for t in s.texts]
        # "（2025年度）" typed into the table's first rows counts too.
        texts += [c.text for s in segments for row in s.rows for c in row if YEAR_LINE.match(c.text.strip())]
        year = guess_year(texts + [p["name"] for p in result.projects])
    for project in result.projects:
        project["year"] = year
    department = read_department([line for text in preamble for line in text.split("\n")])
    if department is not None and not has_content(department):
        result.warnings.append(EMPTY_DEPARTMENT)
    elif department is not None:
        department["unit"] = result.projects[0]["unit"] if result.projects else None
        department["year"] = year
        result.departments.append(department)
    elif any("部门整体" in t or "总体绩效目标" in t for t in preamble):
        result.warnings.append("部门整体绩效目标未导入：未能识别其结构")
    return result


def split_segments(body) -> tuple[list[str], list[Segment]]:
    """Cut the body into the preamble's paragraphs and one segment per project table."""
    preamble: list[str] = []
    segments: list[Segment] = []
    current: Segment | None = None
    pending: list[str] = []  # texts since the last table: a title-less table's unit line
    for element in body.iterchildren():
        if element.tag == qn("w:p"):
            text = BOOKMARK.sub("", Paragraph(element, None).text).strip()
            title = TITLE.match(text)
            if not text:
                continue
            if title and "\t" not in text:
                current, pending = Segment(title.group(1)), []
                segments.append(current)
            elif current is not None and not current.rows:
                current.texts.append(text)
            else:
                preamble += [text] if current is None else []
                pending.append(text)
            continue
        if element.tag != qn("w:tbl"):
            continue
        rows = table_rows(element)
        kinds = {label_kind(Cell([c.text], False)) for row in rows for c in row if not c.continued}
        has_labels, named = bool(kinds & set(TABLE_LABELS)), bool(kinds & {"code", "name"})
        has_header = any(normalize(c.text) == "一级指标" for row in rows for c in row)
        if not (has_labels or has_header):  # a unit-line table, or notes
            text = "\t".join(c.text for row in rows for c in row if not c.continued and c.text.strip())
            if current is not None and not current.rows:
                current.texts.append(text)
            elif text:
                pending.append(text)
            continue
        if current is None or (named and current.named):
            current = Segment(None, texts=[t for t in pending[-2:] if _looks_like_unit(t)])
            segments.append(current)
            if current.texts and preamble[-len(current.texts) :] == current.texts:
                del preamble[-len(current.texts) :]
        current.rows.extend(rows)
        current.named = current.named or named
        pending = []
    return preamble, segments


def pieces(text: str) -> list[str]:
    """Split "304001某单位<tab>单位：万元" into the unit line and the money unit."""
    if not MONEY_TAIL.search(text):
        return [text]
    return [p.strip() for p in PIECES.split(text) if p and p.strip()]


def _looks_like_unit(text: str) -> bool:
    return any(
        MONEY_UNIT.match(normalize(p)) or UNIT_PREFIX.match(p) or (UNIT_LINE.match(p) and not YEAR_START.match(p))
        for p in pieces(text)
    )


def _title_from_name(segment: Segment) -> str | None:
    cells = [c for row in segment.rows for c in row if not c.continued]
    for index, cell in enumerate(cells[:-1]):
        if label_kind(Cell([cell.text], False)) == "name" and cells[index + 1].text.strip():
            return cells[index + 1].text.strip() + "绩效目标表"
    return None


def table_rows(tbl) -> list[list[GridCell]]:
    """List each row's real cells with their grid columns; vMerge "continue" repeats the text above."""
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
                text = "\n".join(Paragraph(p, None).text for p in tc.p_lst).strip()
                text = BOOKMARK.sub("", text)
            above[column] = text
            row.append(GridCell(text, column, span, continued))
            column += span
        rows.append(row)
    return rows


class DocxTableReader(TableReader):
    """Read one project table from its segment; messages name it by number and title."""

    def read_segment(self, segment: Segment) -> dict:
        header = next(
            (i for i, row in enumerate(segment.rows) if any(normalize(c.text) == "一级指标" for c in row)), None
        )
        top_rows = segment.rows if header is None else segment.rows[:header]
        cells = [Cell(p.split("\n"), True) for text in segment.texts for p in pieces(text)]
        cells += self.top_cells(top_rows)
        if header is None:
            return self.project_from(cells, None)
        return self.project_from(cells, partial(self.read_grid, segment.rows[header], segment.rows[header + 1 :]))

    def top_cells(self, rows: list[list[GridCell]]) -> list[Cell]:
        """The label block as text cells: merged cells once, a missing value cell as blank."""
        cells: list[Cell] = []
        for row in rows:
            texts = [c.text for c in row if not c.continued]
            filled = [t for t in texts if t.strip()]
            if not filled or (len(filled) == 1 and TITLE.match(filled[0])):
                continue  # a blank row, or the title typed into the table
            for position, text in enumerate(texts):
                cells += [Cell(p.split("\n"), position == 0) for p in pieces(text)]
            kind = label_kind(cells[-1])
            # A label ending a row that holds more (其他资金 after the amounts) lost its value cell;
            # a label alone in its row has its value in the row below.
            if kind and kind not in ("section", "plan") and len(filled) > 1:
                cells.append(Cell([""], False))
        return cells

    def read_grid(self, header: list[GridCell], rows: list[list[GridCell]]) -> list[dict]:
        """Read indicator rows by the header's columns; merged or repeated level cells alike."""
        columns: dict[str, int] = {}
        for cell in header:
            key = column_key(cell.text)
            if key and key not in columns:
                columns[key] = cell.start
        missing = [key for key in REQUIRED_COLUMNS if key not in columns]
        if missing:
            names = "、".join(next(k for k, v in COLUMNS.items() if v == key) for key in missing)
            raise self.error(f"指标表头缺少“{names}”")
        indicators: list[dict] = []
        number = 0
        for row in rows:
            if not any(c.text.strip() for c in row if not c.continued):
                continue  # a blank row
            cells = {key: next((c for c in row if c.covers(col)), None) for key, col in columns.items()}
            values = {key: (c.text.strip() if c else "") for key, c in cells.items()}
            if values["level1"] == "一级指标":
                continue  # the header repeated after a page break
            if cells["name"] is not None and cells["name"] is cells["target_text"]:
                self.warn(f"已忽略指标表下方的说明行“{values['name'][:20]}”")
                continue
            number += 1
            indicators.append(self.indicator(number, values, indicators[-1] if indicators else None))
        return indicators
