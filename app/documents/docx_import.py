"""Read performance-target tables from Word (.docx) or text (.txt) into interchange dicts.

Tables are read by their labels and header text, never by position: other units'
tables have other widths, blank rows, extra columns and merged cells of any span.
Each real cell is found by walking ``w:tc`` with its grid span; a cell under a
vertical merge (``vMerge`` "continue") repeats the text of the cell above.
"""

import io
import re
import zipfile
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import partial

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from lxml.etree import XMLSyntaxError

from app.documents.bracketed import bracketed_projects
from app.documents.grid import (
    Block,
    GridCell,
    Paragraph,
    cell_text_blocks,
    docx_blocks,
    is_row_text,
    text_blocks,
    xlsx_blocks,
)
from app.documents.text_import import (
    EMPTY_DEPARTMENT,
    TableReader,
    TextImport,
    TextImportError,
    guess_year,
    has_content,
    parse_text,
    read_department,
)
from app.documents.vocabulary import (
    AMOUNT_LABELS,
    BOOKMARK,
    CHOSEN_COLUMNS,
    END_ROW,
    LABEL_UNIT,
    MONEY_UNIT,
    MONEY_UNIT_WORD,
    NOTE_ROW,
    REQUIRED_COLUMNS,
    TITLE,
    TOTAL_ROW,
    UNIT_LINE,
    UNIT_PREFIX,
    WEAK_COLUMNS,
    YEAR_LINE,
    Cell,
    bare,
    column_key,
    ignored_column,
    is_header_cell,
    is_header_word,
    label_kind,
    normalize,
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


@dataclass
class Segment:
    """The blocks of one project table: its title, unit-line texts and table rows."""

    title: str | None
    texts: list[str] = field(default_factory=list)
    rows: list[list[GridCell]] = field(default_factory=list)
    named: bool = False  # holds a 项目名称 / 项目编码 label: the next one starts another project
    lead: list[str] = field(default_factory=list)  # paragraphs above an untitled table (a year, the unit)
    notes: list[str] = field(default_factory=list)  # what cutting it out of a list found, for the officer


# Told of each table read (n of N): a background job's progress bar (app/services/jobs.py).
READ_PROGRESS: ContextVar[Callable[[int, int], None] | None] = ContextVar("read_progress", default=None)


def parse_document(
    data: bytes, filename: str, *, year: int | None = None, columns: dict | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DocumentImport:
    """Read a .docx, .xlsx or .txt document by its extension.

    ``columns`` maps indicator headers the reader did not know to what the officer says they
    hold ("三级指标"'s key "name", …; "" to ignore one). ``progress(n, total)`` hears of each table read.
    """
    token = CHOSEN_COLUMNS.set({normalize(k): v for k, v in (columns or {}).items()})
    told = READ_PROGRESS.set(progress)
    try:
        return _parse_document(data, filename, year=year)
    finally:
        READ_PROGRESS.reset(told)
        CHOSEN_COLUMNS.reset(token)


def _parse_document(data: bytes, filename: str, *, year: int | None = None) -> DocumentImport:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix == "docx":
        return parse_docx(data, source=filename, year=year)
    if suffix == "xlsx":
        return parse_xlsx(data, source=filename, year=year)
    if suffix == "txt":
        return parse_txt(data, source=filename, year=year)
    if suffix in ("doc", "xls"):  # Word/Excel 97-2003: converted by LibreOffice where it is installed
        from app.documents.legacy import modernize

        converted, name = modernize(data, filename)
        return _parse_document(converted, name, year=year)
    raise TextImportError(f"不支持的文件类型“{filename}”：请选择 .docx、.xlsx 或 .txt 文件（旧版 .doc、.xls 也可）")


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
    text = decode_text(data).lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if is_row_text(text):  # rows of tab-separated cells: a copy out of Excel or a web page
        return read_blocks(text_blocks(text), source=source, year=year)
    result = parse_text(text, source=source, year=year)
    lines = [BOOKMARK.sub("", line) for line in text.split("\n")]
    titles = [TITLE.match(line.strip()).group(1) for line in lines if not line.startswith("\t") and TITLE.match(line.strip())]
    seeds = DocumentImport(
        result.projects, result.departments, result.warnings, source, problems=result.problems, titles=titles
    )
    if seeds.projects and not seeds.problems:
        return seeds  # the seeds' own layouts, read cell by cell as they always were
    # Another layout copied out the same way: read its cells as rows, by meaning, and keep the
    # reading that understood more.
    grid = read_blocks(cell_text_blocks(text, _ends_table), source=source, year=year)
    return grid if _better(grid, seeds) else seeds


def _ends_table(line: str) -> bool:
    """A line without the tab that is no cell's continuation: a title, a note under the table, an attachment mark."""
    flat = normalize(line)
    return bool(TITLE.match(line) or NOTE_ROW.match(flat) or re.match(r"^附件|^附表", flat))


def _better(a: DocumentImport, b: DocumentImport) -> bool:
    def rank(d: DocumentImport):
        return (bool(d.projects), -len(d.problems), sum(len(p["indicators"]) for p in d.projects))
    return rank(a) > rank(b)


def parse_docx(data: bytes, *, source: str = "", year: int | None = None) -> DocumentImport:
    """Read every project table (and the department part) of a Word document."""
    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, XMLSyntaxError, KeyError, ValueError) as err:
        raise TextImportError(f"无法读取 Word 文件“{source}”：不是有效的 .docx 文件") from err
    return read_blocks(docx_blocks(document.element.body), source=source, year=year)


def parse_xlsx(data: bytes, *, source: str = "", year: int | None = None) -> DocumentImport:
    """Read every target table of every sheet of an Excel workbook, merged cells included."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a file that is not a workbook
        raise TextImportError(f"无法读取 Excel 文件“{source}”：不是有效的 .xlsx 文件") from err
    return read_blocks(xlsx_blocks(workbook), source=source, year=year)


def title_tail(preamble: list[str], lines: int = 3, width: int = 40) -> list[str]:
    """The short lines just above the first table's title: a title wrapped over several lines (宝坻 2022:
    "天津市农业绿色发展专项(畜禽粪污" / "资源化利用整县推进项目)2022年" / "中央预算内投资计划绩效目标表")."""
    found = [line.strip() for text in preamble for line in text.split("\n") if line.strip()]
    return [line for line in found[-lines:] if len(line) <= width]


def read_blocks(blocks: list[Block], *, source: str, year: int | None) -> DocumentImport:
    """Read the project tables (and the department part) of a document's blocks."""
    preamble, segments = split_segments(blocks)
    segments = [part for segment in segments for part in split_listed_projects(segment)]
    result = DocumentImport(source=source)
    progress = READ_PROGRESS.get()
    for number, segment in enumerate(segments, 1):
        if progress is not None:
            progress(number - 1, len(segments))
        title = segment.title or _title_from_name(segment) or _title_from_lead(segment) or "（无标题）"
        result.titles.append(title)
        reader = DocxTableReader(number, title, result.warnings, last=number == len(segments), problems=result.problems)
        for note in segment.notes:
            reader.warn(note)
        result.projects.append(reader.read_segment(segment))
        result.unknown_columns += [h for h in reader.unknown if h not in result.unknown_columns]
    if year is None:
        texts = [s.title or "" for s in segments] + [t for s in segments for t in s.texts + s.lead]
        # "（2025年度）" typed into the table's first rows counts too.
        texts += [c.text for s in segments for row in s.rows for c in row if YEAR_LINE.match(c.text.strip())]
        year = guess_year(texts + title_tail(preamble) + [p["name"] for p in result.projects])
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


def split_segments(blocks: list[Block]) -> tuple[list[str], list[Segment]]:
    """Cut the blocks into the preamble's paragraphs and one segment per project table."""
    preamble: list[str] = []
    segments: list[Segment] = []
    current: Segment | None = None
    pending: list[str] = []  # texts since the last table: a title-less table's unit line
    for block in blocks:
        if isinstance(block, Paragraph):
            text = block.text.strip()
            title = TITLE.match(text)
            if not text:
                continue
            if title and "\t" not in text:
                if current is not None and not current.rows:
                    # A subtitle that repeats the form's name ("附件：…绩效目标表" then "…申报表"): one table.
                    current.lead.append(current.title or "")
                    current.title = title.group(1)
                    continue
                # The full line stays with it: "…自评表(2023年度)" names the year.
                current, pending = Segment(title.group(1), lead=[text] if text != title.group(1) else []), []
                segments.append(current)
            elif current is not None and not current.rows:
                current.texts.append(text)
            else:
                preamble += [text] if current is None else []
                pending.append(text)
            continue
        rows = block.rows
        listed = bracketed_projects(rows, pending)
        if listed is not None:  # a unit's project list, each project's indicators inside one cell
            segments += [Segment(p.title, texts=p.texts, rows=p.rows, named=True, lead=list(pending), notes=p.notes)
                         for p in listed]
            current, pending = None, []
            continue
        kinds = {label_kind(Cell([c.text], False)) for row in rows for c in row if not c.continued}
        has_labels, named = bool(kinds & set(TABLE_LABELS)), bool(kinds & {"code", "name"})
        has_header = find_header(rows) is not None
        if not (has_labels or has_header):  # a unit-line table, or notes
            text = "\t".join(c.text for row in rows for c in row if not c.continued and c.text.strip())
            if current is not None and not current.rows:
                current.texts.append(text)
            elif text:
                pending.append(text)
            continue
        if current is None or (named and current.named):
            current = Segment(None, texts=[t for t in pending[-2:] if _looks_like_unit(t)])
            current.lead = list(pending)
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


# A heading over an untitled table naming whose goals these are: "3岁以下婴幼儿照护服务项目项目绩效目标".
_GOALS_HEADING = re.compile(r"^.{2,60}绩效目标$")
_PROJECT_HEADING = re.compile(r"^(.{2,60}?项目)(?:项目)?绩效目标$")
_NUMBERED_HEADING = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+[、.．])")


def _title_from_lead(segment: Segment) -> str | None:
    """The nearest heading above the table ending in 绩效目标 (not a numbered section, not a goals label);
    a heading typed into the table's first rows (one cell across them) counts as above it."""
    inside: list[str] = []
    for row in segment.rows:
        filled = [c.text for c in row if c.text.strip() and not c.continued]
        if len(filled) != 1:
            break
        inside.append(filled[0])
    for text in reversed(segment.lead + inside):
        flat = normalize(text)
        if not _GOALS_HEADING.match(flat) or _NUMBERED_HEADING.match(flat) or label_kind(Cell([text], False)):
            continue
        # "…项目（项目）绩效目标" names a project; another heading ("部门整体绩效目标") is the title as printed.
        project = _PROJECT_HEADING.match(flat)
        return f"{project.group(1)}绩效目标表" if project else flat
    return None


def _title_from_name(segment: Segment) -> str | None:
    cells = [c for row in segment.rows for c in row if not c.continued]
    for index, cell in enumerate(cells[:-1]):
        if label_kind(Cell([cell.text], False)) == "name" and cells[index + 1].text.strip():
            return cells[index + 1].text.strip() + "绩效目标表"
    return None


class DocxTableReader(TableReader):
    """Read one project table from its grid rows, by meaning; messages name it by number and title.

    Used for Word, Excel and row-per-line text alike (``app.documents.grid``).
    """

    def read_segment(self, segment: Segment) -> dict:
        rows = segment.rows
        header = find_header(rows)
        top_rows = rows if header is None else rows[:header]
        for text in segment.lead + segment.texts:
            unit = MONEY_UNIT_WORD.search(normalize(text))
            if unit:
                self.money_unit = unit.group(1)
        given, top_rows = self.column_blocks(top_rows)
        cells = [Cell(p.split("\n"), True) for text in segment.texts for p in pieces(text)]
        cells += self.top_cells(top_rows)
        if header is None:
            return self.project_from(cells, None, given)
        return self.project_from(cells, partial(self.read_grid, rows[header:]), given)

    def column_blocks(self, rows: list[list[GridCell]]) -> tuple[dict, list[list[GridCell]]]:
        """Read the blocks a 自评表 lays out by column; return their fields and the other rows.

        ``年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分`` heads the amount rows
        (年度资金总额, 其中：财政拨款, 其他资金): the budget is 全年预算数, or 年初预算数 when
        that is blank. ``预期目标 | 实际完成情况`` heads the goals row: the goals are 预期目标.
        """
        given: dict = {}
        rest: list[list[GridCell]] = []
        index = 0
        while index < len(rows):
            row = rows[index]
            heads = {bare(normalize(c.text)): c for c in row if not c.continued}
            heads.update({HEAD_SYNONYMS[k]: c for k, c in list(heads.items()) if k in HEAD_SYNONYMS})
            if len({"全年预算数", "年初预算数", "全年执行数", "执行率"} & set(heads)) >= 2:
                index = self.amount_rows(rows, index, heads, given)
                continue
            goal_heads = [c for c in row if not c.continued and c.text.strip()
                          and label_kind(Cell([c.text], False)) in ("goals", "long_goals")]
            labels_only = all(label_kind(Cell([c.text], False)) or is_header_word(c.text) or len(normalize(c.text)) <= 2
                              for c in row if not c.continued and c.text.strip())
            if goal_heads and labels_only and index + 1 < len(rows) and not {"预期目标", "年初设定目标"} & set(heads):
                # "总体目标 | 中期目标 | 年度目标" over a row of texts: each label's goals are under it.
                below = rows[index + 1]
                found = False
                for head in goal_heads:
                    cell = cell_at(below, head.start)
                    if cell is not None and cell.text.strip() and not label_kind(Cell([cell.text], False)):
                        kind = label_kind(Cell([head.text], False))
                        given.setdefault(kind, cell.text)
                        found = True
                if found:
                    index += 2
                    continue
            expected_head = heads.get("预期目标") or heads.get("年初设定目标") or heads.get("项目年度目标")
            if expected_head is not None and index + 1 < len(rows):
                below = cell_at(rows[index + 1], expected_head.start)
                if below is not None and below.text.strip():
                    given["goals"] = below.text
                    done = heads.get("实际完成情况") or heads.get("全年实际完成情况") or heads.get("年度目标完成情况")
                    if done is not None:
                        actual = cell_at(rows[index + 1], done.start)
                        given["goals_actual"] = actual.text if actual is not None else ""
                    index += 2
                    continue
            rest.append(row)
            index += 1
        return given, rest

    def amount_rows(self, rows, index: int, heads: dict, given: dict) -> int:
        """Read the amount rows under a 年初预算数/全年预算数 header; return the index after them."""
        columns = {key: heads[key].start for key in ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分") if key in heads}
        for cell in heads.values():
            unit = LABEL_UNIT.search(cell.text)
            if unit:
                self.money_unit = unit.group(1)
        selfeval: dict = given.setdefault("selfeval", {})
        index += 1
        while index < len(rows):
            row = rows[index]
            labels = [c for c in row if c.text.strip() and c.start < min(columns.values()) and not is_header_word(c.text)]
            kind = next((label_kind(Cell([c.text], False)) for c in reversed(labels) if label_kind(Cell([c.text], False))), None)
            if kind not in ("budget_total", "budget_fiscal", "budget_other", "other", "section"):
                break
            values = {key: (cell_at(row, col).text.strip() if cell_at(row, col) else "") for key, col in columns.items()}
            amount = values.get("全年预算数") or values.get("年初预算数", "")
            if kind in AMOUNT_LABELS and amount and kind not in given:
                given[kind] = amount
            if kind == "budget_total":
                selfeval.update(
                    budget_start=values.get("年初预算数") or None,
                    budget_full_year=values.get("全年预算数") or None,
                    spent=values.get("全年执行数") or None,
                    execution_weight=values.get("分值") or None,
                    execution_rate=values.get("执行率") or None,
                    execution_score=values.get("得分") or None,
                )
            index += 1
        return index

    def top_cells(self, rows: list[list[GridCell]]) -> list[Cell]:
        """The label block as text cells: merged cells once, a missing value cell as blank."""
        cells: list[Cell] = []
        for row in rows:
            texts = [c.text for c in row if not c.continued]
            filled = [t for t in texts if t.strip()]
            if not filled or (len(filled) == 1 and (TITLE.match(filled[0]) or NOTE_ROW.match(normalize(filled[0])))):
                continue  # a blank row, the title typed into the table, a note
            # Empty cells between a label and its value are the label's merged cells in a text copy.
            texts = _without_label_spans(texts)
            for position, text in enumerate(texts):
                cells += [Cell(p.split("\n"), position == 0) for p in pieces(text)]
            kind = label_kind(cells[-1])
            # A label ending a row that holds more (其他资金 after the amounts) lost its value cell;
            # a label alone in its row has its value in the row below.
            if kind and kind not in ("section", "plan") and len(filled) > 1:
                cells.append(Cell([""], False))
        return cells

    def read_grid(self, rows: list[list[GridCell]]) -> list[dict]:
        """Read indicator rows by the header's columns; merged or repeated level cells alike."""
        columns, body_start = header_columns(rows)
        for row in rows[:body_start]:
            for cell in row:
                key = normalize(cell.text)
                if len(key) > 1 and not cell.continued and column_key(cell.text) is None and not is_header_cell(cell.text) \
                        and not ignored_column(key) and key not in (CHOSEN_COLUMNS.get() or {}) and key not in self.unknown:  # noqa: E501
                    self.unknown.append(key)
        missing = [key for key in REQUIRED_COLUMNS if key not in columns and not (key == "name" and "content" in columns)]
        if missing:
            names = "、".join({"name": "三级指标", "target_text": "指标值"}[key] for key in missing)
            self.problem(f"指标表头缺少“{names}”列，无法读取指标", column=names)
            return []
        if "level1" not in columns and "level2" not in columns:
            self.warn("指标表没有“一级指标”“二级指标”列，已按指标分类推断")
        indicators: list[dict] = []
        above: dict | None = None
        number = 0
        width = max((c.start + c.span for row in rows[:body_start] for c in row), default=0)
        for row in rows[body_start:]:
            row = right_aligned(row, width)
            filled = [c for c in row if c.text.strip() and not c.continued]
            if not filled:
                continue  # a blank row
            cells = {key: next((c for c in row if c.covers(col)), None) for key, col in columns.items()}
            values = {key: (c.text.strip() if c else "") for key, c in cells.items()}
            if any(is_header_cell(c.text) for c in row if not c.continued) or normalize(values.get("name", "")) in ("三级指标", "指标名称"):
                continue  # the header repeated after a page break
            first = normalize(filled[0].text)
            if END_ROW.match(first):
                break  # 评价结论 / 存在问题 / 改进措施 under the indicators: the block has ended
            if TOTAL_ROW.match(first):
                continue  # 总分 / 合计: the points added up, no indicator
            if all(_STAMP.search(c.text) for c in filled):
                self.warn(f"已忽略指标表下方的签章行“{filled[0].text[:20]}”")
                continue  # "财政绩效管理科室(盖章) 年 月 日": where the offices sign, no indicator
            if NOTE_ROW.match(first) or (len({id(c) for c in cells.values() if c}) == 1 and len(columns) > 2):
                self.warn(f"已忽略指标表下方的说明行“{filled[0].text[:20]}”")
                continue
            if cells.get("name") is not None and cells["name"] is cells.get("target_text"):
                self.warn(f"已忽略指标表下方的说明行“{values['name'][:20]}”")
                continue
            number += 1
            indicator = self.grid_indicator(number, values, above)
            if indicator is None:
                continue
            indicators.append(indicator)
            above = indicator
        return indicators

# A 自评表's amount columns under other names: "预算数(A) | 执行数(B) | 执行率(B/A) | 得分(20分*执行率)".
# 四川 510000_0013zp: "年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分".
HEAD_SYNONYMS = {"预算数": "全年预算数", "执行数": "全年执行数", "全年执行": "全年执行数", "实际执行数": "全年执行数",
                 "年初预算": "年初预算数", "调整后预算数": "全年预算数", "调整后预算": "全年预算数", "预算执行数": "全年执行数",
                 "预算执行率": "执行率", "权重": "分值"}



def right_aligned(row: list[GridCell], width: int) -> list[GridCell]:
    """A row narrower than the header (a text copy lost a merged cell's span on the left) set against the right edge."""
    end = max((c.start + c.span for c in row), default=0)
    if not row or end >= width or any(c.continued for c in row):
        return row
    shift = width - end
    return [GridCell(c.text, c.start + shift, c.span, c.continued) for c in row]


# A table listing a unit's projects one after another, each project's name, amount and goal in
# columns of its first row (四川 部门预算 项目支出绩效目标表): 单位名称 | 项目名称 | 预算数 | 年度目标 | 一级指标 …
LISTED = {"name": "项目名称", "budget_total": "预算数", "goals": "年度目标", "unit": "单位名称"}


def split_listed_projects(segment: Segment) -> list[Segment]:
    """Cut a table that lists several projects by column into one segment per project; others as they are."""
    rows = segment.rows
    header = find_header(rows)
    if header is None:
        return [segment]
    columns = {}
    for cell in rows[header]:
        kind = label_kind(Cell([cell.text], False))
        if kind in LISTED and kind not in columns:
            columns[kind] = cell.start
    if "name" not in columns:
        return [segment]
    body_start = header + header_columns(rows[header:])[1]
    parts: list[Segment] = []
    unit = ""
    for row in rows[body_start:]:
        values = {kind: (cell_at(row, col).text.strip() if cell_at(row, col) and not cell_at(row, col).continued else "")
                  for kind, col in columns.items()}
        unit = values.get("unit") or unit
        if values["name"]:
            labels = [[GridCell(LISTED[kind], 0, 1, False), GridCell(value, 1, 1, False)]
                      for kind, value in (("name", values["name"]), ("budget_total", values.get("budget_total", "")),
                                          ("goals", values.get("goals", "")), ("unit", unit)) if value]
            part = Segment(f"{values['name']}绩效目标表", texts=list(segment.texts), rows=labels + rows[header:body_start],
                           named=True, lead=list(segment.lead))
            parts.append(part)
        if parts:
            parts[-1].rows.append(row)
    return parts or [segment]


def cell_at(row: list[GridCell], column: int) -> GridCell | None:
    return next((c for c in row if c.covers(column)), None)


def _without_label_spans(texts: list[str]) -> list[str]:
    """A row's texts without the empty cells right of a label, up to its value ("（一）财政拨款小计 | | | 4.00")."""
    kept: list[str] = []
    after_label = False
    for index, text in enumerate(texts):
        if text.strip():
            kept.append(text)
            after_label = _label_at(texts, index)
        elif not after_label or all(not t.strip() for t in texts[index:]):
            kept.append(text)  # a label's last empty cells at the row's end: its value is missing
            after_label = False
    return kept


def _label_at(texts: list[str], index: int) -> bool:
    return label_kind(Cell([texts[index]], False)) not in (None, "section")


def find_header(rows: list[list[GridCell]]) -> int | None:
    """The row that heads the indicator block: the first naming 一级/二级/三级指标, else one naming 指标名称 and 指标值."""
    for index, row in enumerate(rows):
        if any(is_header_cell(c.text) for c in row if not c.continued):
            # Over a two-row header the upper row may hold only 绩效指标 / 年度指标值 spans.
            if index and _spans_header(rows[index - 1]):
                return index - 1
            return index
    for index, row in enumerate(rows):
        keys = {column_key(c.text) or WEAK_COLUMNS.get(normalize(c.text)) for c in row}
        if {"name", "target_text"} <= keys or {"content", "target_text"} <= keys:
            return index
    return None


def _spans_header(row: list[GridCell]) -> bool:
    keys = [normalize(c.text) for c in row if not c.continued and c.text.strip()]
    return bool(keys) and all(k in ("绩效指标", "年度指标值", "指标值", "年度绩效指标", "绩效指标值") or column_key(k) for k in keys) \
        and any(c.span > 1 for c in row if not c.continued)


def header_columns(rows: list[list[GridCell]]) -> tuple[dict[str, int], int]:
    """Map each indicator column to its grid column; two-row headers read as one. Return it and the first body row."""
    columns: dict[str, int] = {}
    used = 1
    rows = [widen(rows[0]), *rows[1:]] if rows else rows
    yearly = any("年度" in normalize(c.text) and column_key(c.text) for row in rows[:2] for c in row)
    for depth, row in enumerate(rows[:2]):
        if depth == 1 and not _sub_header(row, rows[0]):
            break
        used = depth + 1
        for cell in row:
            key = column_key(cell.text)
            if key is None and depth == 1:
                key = _under_value(cell, rows[0])
            if key is None:
                continue
            if yearly and re.search(r"[（(](?:长期|中期|中长期|实施期)[)）]", normalize(cell.text)):
                continue  # the medium-term columns beside the year's: the year's are read
            if depth == 1 and cell.continued:
                continue  # the upper row's merged cell, repeated
            if key == "target_text" and depth == 0 and cell.span > 1 and len(rows) > 1 and _sub_header(rows[1], rows[0]):
                continue  # 年度指标值 over 指标性质 / 指标值 / 度量单位: the row below says which
            if depth == 0 and key in columns and key in _BLOCK_KEYS and "level1" in columns and columns["level1"] < columns[key]:
                columns[key] = cell.start  # a second 二级/三级/指标值 block beside the first (中期 | 年度): the year's, right
                continue
            columns.setdefault(key, cell.start) if depth == 0 else columns.__setitem__(key, cell.start)
    head = rows[0] if rows else []
    level1 = next((c for c in head if column_key(c.text) == "level1" and not c.continued), None)
    if level1 is not None and level1.span == 2 and "level2" not in columns:
        columns["level2"] = level1.start + 1  # "一级指标" written over both level columns
    for cell in head:
        weak = WEAK_COLUMNS.get(normalize(cell.text))
        if weak == "name" and "name" not in columns and "content" not in columns:
            columns[weak] = cell.start
        elif weak == "target_text" and weak not in columns and ("name" in columns or "content" in columns):
            columns[weak] = cell.start
    if "level1" not in columns and "level2" not in columns and ("name" in columns or "content" in columns):
        # "绩效目标" spanning two columns over 投入/成本目标: those are level 1 and level 2.
        first = min(columns.get("name", 99), columns.get("content", 99))
        pair = next((c for c in head if c.span == 2 and c.start + 2 <= first and not c.continued), None)
        if pair is not None:
            columns["level1"], columns["level2"] = pair.start, pair.start + 1
    if "target_text" not in columns and ("name" in columns or "content" in columns):
        # No 指标值 column: the first unnamed column right of the name holds the values (one per region).
        after = max(columns.values())
        spare = next(
            (c for c in head if c.start > after and c.text.strip() and column_key(c.text) is None
             and normalize(c.text) not in ("备注", "序号", "说明", "备注说明", "附注")),
            None,
        )
        if spare is not None:
            columns["target_text"] = spare.start
    return columns, used


_BLOCK_KEYS = ("level2", "name", "target_text")
# A cell where an office stamps and dates the table.
_STAMP = re.compile(r"[（(]\s*盖章\s*[)）]|年\s+月\s+日")


def _under_value(cell: GridCell, above: list[GridCell]) -> str | None:
    """A sub-header under a spanning 指标值: the year's target is the value, last year's actual is not."""
    parent = next((c for c in above if c.span > 1 and c.covers(cell.start)), None)
    if parent is None or column_key(parent.text) != "target_text":
        return None
    text = normalize(cell.text)
    if _TARGET_VALUE.search(text):
        return "target_text"
    if _PAST_VALUE.search(text):
        return "past"  # read and set aside
    return None


def widen(row: list[GridCell]) -> list[GridCell]:
    """A header row whose empty cells belong to the filled cell on their left (a text copy of a merge)."""
    out: list[GridCell] = []
    for cell in row:
        if out and not cell.text.strip() and not cell.continued and out[-1].text.strip():
            last = out[-1]
            out[-1] = GridCell(last.text, last.start, last.span + cell.span, last.continued)
        else:
            out.append(cell)
    return out


def _sub_header(row: list[GridCell], above: list[GridCell] | None = None) -> bool:
    """Whether a row continues the header: every filled cell of its own is a column name, or sits
    under a cell of the row above that spans several columns ("指标值" over "2021年实际实现值 | 预期2022年实现值")."""
    own = [c for c in row if not c.continued and c.text.strip()]
    if not own:
        return False
    if all(column_key(c.text) or is_header_cell(c.text) for c in own):
        return True
    spans = [c for c in (above or []) if c.span > 1 and column_key(c.text)]
    return all(column_key(c.text) or any(s.covers(c.start) for s in spans) for c in own) and len(own) < len(row)


# Of two value columns under one 指标值, the year's target is read, not last year's actual.
_TARGET_VALUE = re.compile(r"预期|目标|计划|本年|年度指标")
_PAST_VALUE = re.compile(r"实际|上年|基期|完成|现状")


