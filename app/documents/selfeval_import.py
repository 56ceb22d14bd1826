"""Filled 自评表 in (.json, .txt, .xlsx, .docx) for the recomputation check (复核).

Tables are read by header text, not position (``app.documents.grid`` turns every format into
the same blocks): the indicator part is the rows under a header holding 三级指标 and 得分
(分值/权重, 年度指标值, 实际完成值, 指标性质 by name); the budget line is the row of 年度资金总额
under 年初预算数/全年预算数/全年执行数/分值/执行率/得分; the total is the row of 总分 (or 合计).
"""

import io
import json
import re
import zipfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from app.documents.archives import check_zip
from app.documents.grid import Block, Paragraph, docx_blocks, text_blocks, xlsx_blocks
from app.documents.vocabulary import END_ROW, NOTE_ROW, STRUCK_OUT, normalize
from app.domain.recheck import PrintedRow, PrintedTable, TableCheck, check_table, table_from_corpus, table_from_selfeval_json
from app.domain.schemes import preset, scheme_from_json
from app.domain.selfeval import Budget, IndicatorInput, Scheme, SelfEvalError, number_from_json
from app.domain.targets import parse_target

SUFFIXES = (".json", ".txt", ".xlsx", ".docx")
AS_PRINTED_PRESET = "as-printed"  # a table that names no scheme is checked by its own printed weights


class SelfEvalImportError(SelfEvalError):
    """A file that holds no readable 自评表; the message names the file or table."""


def check_file(path: Path, scheme_name: str | None = None) -> list[TableCheck]:
    """Read a filled 自评表 and check every table in it by its scheme (``--scheme``, the file's, or as printed)."""
    return check_bytes(path.read_bytes(), path.name, scheme_name)


def check_bytes(data: bytes, filename: str, scheme_name: str | None = None) -> list[TableCheck]:
    tables = read_printed(data, filename)
    forced = preset(scheme_name) if scheme_name else None
    return [check_table(table, forced or _scheme_of(given)) for table, given in tables]


def _scheme_of(given) -> Scheme:
    """The scheme a table names, or the 10号 rules with the printed weights as the points."""
    if given is None:
        return preset(AS_PRINTED_PRESET)
    scheme, _ = scheme_from_json(given)
    if isinstance(given, dict) and "level_points" not in given:
        scheme = _as_printed(scheme)
    return scheme


def _as_printed(scheme: Scheme) -> Scheme:
    return replace(scheme, as_printed=True)


def read_printed(data: bytes, filename: str) -> list[tuple[PrintedTable, object]]:
    """Every filled table of the file, each with the scheme it names (None when it names none)."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".json":
        return _from_json(data, filename)
    if suffix == ".txt":
        blocks = text_blocks(_decode(data).replace("\r\n", "\n").replace("\r", "\n"))
    elif suffix in (".xlsx", ".docx"):
        blocks = _office_blocks(data, filename, suffix)
    else:
        raise SelfEvalImportError(f"“{filename}”：自评表应为 {'、'.join(SUFFIXES)} 文件")
    tables = read_blocks(blocks)
    if not tables:
        raise SelfEvalImportError(f"“{filename}”中没有找到自评表（表头应有“三级指标”和“得分”）")
    return [(table, None) for table in tables]


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SelfEvalImportError("文本文件的编码无法识别：请保存为 UTF-8 或 GB18030")


def _office_blocks(data: bytes, filename: str, suffix: str) -> list[Block]:
    check_zip(data, label=f"“{filename}”")
    try:
        if suffix == ".docx":
            from docx import Document

            return docx_blocks(Document(io.BytesIO(data)).element.body)
        from openpyxl import load_workbook

        return xlsx_blocks(load_workbook(io.BytesIO(data), data_only=True))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        raise SelfEvalImportError(f"无法读取“{filename}”：不是有效的 {suffix} 文件") from err
    except Exception as err:  # the Office libraries raise many kinds for a damaged file
        raise SelfEvalImportError(f"无法读取“{filename}”：不是有效的 {suffix} 文件") from err


def _from_json(data: bytes, filename: str) -> list[tuple[PrintedTable, object]]:
    try:
        document = json.loads(_decode(data), parse_float=Decimal)
    except json.JSONDecodeError as err:
        raise SelfEvalImportError(f"“{filename}”不是有效的 JSON：第 {err.lineno} 行第 {err.colno} 列，{err.msg}") from None
    if isinstance(document, dict) and isinstance(document.get("projects"), list):
        # A corpus expectation (tests/fixtures/real/FORMAT.md): the 自评表 projects in it.
        found = [p for p in document["projects"] if isinstance(p, dict) and p.get("selfeval") is not None]
        if not found:
            raise SelfEvalImportError(f"“{filename}”中没有自评表（项目没有“selfeval”部分）")
        return [(table_from_corpus(p), p.get("scheme", document.get("scheme"))) for p in found]
    if not isinstance(document, dict):
        raise SelfEvalImportError(f"“{filename}”应为一个 JSON 对象")
    return [(table_from_selfeval_json(document, Path(filename).stem), document.get("scheme"))]


# ---------------------------------------------------------------- tables by header text

_COLUMNS = (  # (key, words a header holds), first match wins; checked in this order
    ("level1", ("一级指标",)),
    ("level2", ("二级指标",)),
    ("name", ("三级指标", "指标名称")),
    ("actual", ("实际完成值", "实际完成", "实际值", "完成值", "全年实际值")),
    ("direction", ("指标性质",)),
    ("comparator", ("指标方向",)),
    ("unit", ("计量单位", "度量单位")),
    ("target", ("年度指标值", "预期指标值", "指标值", "年度目标值", "目标值")),
    ("weight", ("分值", "权重")),
    ("score", ("得分",)),
    ("deviation", ("偏差原因",)),
)
_BUDGET = (
    ("initial", ("年初预算数", "年初预算")),
    ("adjusted", ("全年预算数", "调整后预算数", "调整后预算", "预算数")),
    ("spent", ("全年执行数", "预算执行数", "执行数")),
    ("weight", ("分值", "权重")),
    ("rate", ("执行率",)),
    ("score", ("得分",)),
)
_POINTS = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分?\s*[)）]\s*$")
_POINTS_INSIDE = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
_NUMBERED = re.compile(r"^指标\s*\d+\s*[:：]\s*")  # the template's "指标1:" before a level-3 name
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_TOTAL = ("总分", "合计", "总计")
_COMPARATORS = {"大于等于": "≥", "≥": "≥", ">=": "≥", "小于等于": "≤", "≤": "≤", "<=": "≤", "等于": "", "=": ""}


def read_blocks(blocks: list[Block]) -> list[PrintedTable]:
    """Every 自评表 in the blocks: the lines above a table give its title and year."""
    tables = []
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text.strip())
            continue
        rows = [[(cell.start, cell.span, cell.text.strip(), cell.continued) for cell in row] for row in block.rows]
        table = _read_table(rows, lines)
        if table is not None:
            tables.append(table)
        lines = []
    return tables


def _text_at(row, column: int) -> str:
    cell = _cell_at(row, column)
    return cell[2] if cell else ""


def _cell_at(row, column: int):
    for cell in row:
        start, span = cell[0], cell[1]
        if start <= column < start + span:
            return cell
    return None


def _one_cell(row, columns: dict, keys) -> bool:
    """Whether one merged cell covers several of the keyed columns (a note row: 其他需要说明事项 | 无)."""
    cells = [_cell_at(row, columns[key]) for key in keys if key in columns]
    cells = [c for c in cells if c is not None]
    return len(cells) >= 2 and all(c is cells[0] for c in cells)


def _columns(row, wanted) -> dict[str, int]:
    found: dict[str, int] = {}
    for start, _, text, _ in row:
        flat = re.sub(r"\s+", "", text)
        for key, words in wanted:
            if key not in found and any(word in flat for word in words):
                found[key] = start
                break
    return found


def _budget_columns(row) -> dict[str, int]:
    """The amount columns, each by its most telling word: 调整后预算数 before the "年度预算数（万元）" label over the rows' names."""
    found: dict[str, int] = {}
    taken: set[int] = set()
    for key, words in _BUDGET:
        for word in words:
            start = next((s for s, _, text, _ in row if s not in taken and word in re.sub(r"\s+", "", text)), None)
            if start is not None:
                found[key] = start
                taken.add(start)
                break
    return found


def _read_table(rows, lines: list[str]) -> PrintedTable | None:
    header = next((i for i, row in enumerate(rows) if {"name", "score"} <= set(_columns(row, _COLUMNS))), None)
    columns = _columns(rows[header], _COLUMNS) if header is not None else {}
    if header is None:
        # A header in two rows: 年度指标值/实际完成值/分值/得分 over 一级…三级指标/指标性质/指标值/度量单位.
        for i, (upper, lower) in enumerate(zip(rows, rows[1:])):
            top, bottom = _columns(upper, _COLUMNS), _columns(lower, _COLUMNS)
            if "score" in top and "name" in bottom and "name" not in top:
                header, columns = i + 1, {**top, **bottom}
                break
    if header is None:
        return None
    budget, execution_points, execution_printed = _budget(rows[:header])
    texts = lines + [text for row in rows[:header] for _, _, text, _ in row]
    title = _title(lines, rows[:header])
    year = next((int(m[1]) for t in texts for m in [_YEAR.search(t)] if m), None)
    printed_rows: list[PrintedRow] = []
    total_printed = None
    level1 = level2 = ""
    for row in rows[header + 1:]:
        first = next((text for _, _, text, continued in row if text and not continued), "")
        if END_ROW.match(normalize(first)) or NOTE_ROW.match(normalize(first)):
            break  # 评价结论 / 存在问题 / signatures under the indicators
        if any(first.replace(" ", "").startswith(word) for word in _TOTAL):
            total_printed = _total(row, columns)
            continue
        if _one_cell(row, columns, ("name", "target", "score")):
            continue  # a note or a label spanning the columns, not an indicator
        get = {key: _text_at(row, column) for key, column in columns.items()}
        if "三级指标" in get.get("name", "") or "得分" in get.get("score", ""):
            continue  # a second header line
        level1 = _POINTS.sub("", get.get("level1", "")).strip() or level1
        level2 = _POINTS.sub("", get.get("level2", "")).strip() or level2
        name = _NUMBERED.sub("", get.get("name", ""))
        target_text = get.get("target", "")
        if not re.search(r"\w", name) and not target_text:
            continue  # a level printed with no indicator under it, a "……" row
        if name.strip() in STRUCK_OUT and target_text.strip() in STRUCK_OUT | {""}:
            continue  # struck out with "/": not applicable
        unit = get.get("unit", "")
        if unit and target_text and not target_text.endswith(unit):
            target_text += unit
        direction = _direction(get.get("direction", ""))
        comparator = _COMPARATORS.get(re.sub(r"\s+", "", get.get("comparator", "")))
        if comparator and target_text[:1].isdigit():
            # 指标方向 (大于等于/小于等于/等于) says how the value compares, whatever 指标性质 says.
            target_text = comparator + target_text
            direction = {"≥": "正向", "≤": "反向"}.get(comparator)
        elif direction and target_text[:1].isdigit():
            target_text = ("≥" if direction == "正向" else "≤") + target_text
        printed = _figure(get.get("score"))
        try:
            indicator = IndicatorInput(
                level1=level1, level2=level2, name=name or target_text, target=parse_target(target_text),
                actual=get.get("actual") or None, weight=_figure(get.get("weight")), direction=direction,
            )
            printed_rows.append(PrintedRow(name, indicator, printed))
        except ValueError as err:
            printed_rows.append(PrintedRow(name, None, printed, str(err)))
    if not printed_rows:
        return None
    return PrintedTable(
        name=title, budget=budget, rows=tuple(printed_rows), execution_points=execution_points,
        execution_printed=execution_printed, total_printed=total_printed, year=year,
    )


def _title(lines: list[str], rows) -> str:
    """The project's name: the 项目名称 cell's neighbour, else the line above the table."""
    for row in rows:
        cells = [text for _, _, text, _ in row]
        for i, text in enumerate(cells[:-1]):
            if re.sub(r"\s+", "", text) == "项目名称" and cells[i + 1]:
                return cells[i + 1]
    # A title typed into the table's first rows (one cell merged across them) counts as a line above it.
    inside = [texts.pop() for texts in ({text for _, _, text, _ in row if text} for row in rows) if len(texts) == 1]
    return next((line for line in lines + inside if line), "")


def _budget(rows) -> tuple[Budget, Decimal | None, Decimal | None]:
    """The 年度资金总额 line: 年初预算数, 全年预算数, 全年执行数, its points and printed score."""
    for i, row in enumerate(rows):
        columns = _budget_columns(row)
        if not {"initial", "spent"} <= set(columns) and not {"adjusted", "spent"} <= set(columns):
            continue
        for line in rows[i + 1:]:
            values = {key: _figure(_text_at(line, column)) for key, column in columns.items()}
            if values.get("spent") is not None:
                budget = Budget(values.get("spent"), values.get("adjusted"), values.get("initial"))
                weight = values.get("weight")
                if weight is None:
                    # No 分值 column: the points in the label ("项目资金(万元)(20分)").
                    found = (_POINTS_INSIDE.search(text) for _, _, text, _ in row + line)
                    weight = next((Decimal(m[1]) for m in found if m), None)
                return budget, weight, values.get("score")
    return Budget(None), None, None


def _direction(text: str) -> str | None:
    text = text.replace(" ", "")
    if text.startswith("正向") or text in ("≥", ">=", "＞＝"):
        return "正向"
    if text.startswith("反向") or text in ("≤", "<=", "＜＝"):
        return "反向"
    return None


def _figure(text) -> Decimal | None:
    if not text:
        return None
    try:
        return number_from_json(str(text).strip(), "figure")
    except SelfEvalError:
        return None


def _total(row, columns: dict) -> Decimal | None:
    """总分's printed score: in the 得分 column; else the row's last figure, unless that is the 分值 column's sum."""
    if "score" in columns and _figure(_text_at(row, columns["score"])) is not None:
        return _figure(_text_at(row, columns["score"]))
    numbers = [(start, _figure(text)) for start, _, text, continued in row if not continued]
    numbers = [(start, n) for start, n in numbers if n is not None]
    if not numbers or ("weight" in columns and "score" in columns and numbers[-1][0] == columns["weight"]):
        return None
    return numbers[-1][1]
