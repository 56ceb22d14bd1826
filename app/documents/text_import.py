"""Read performance-target tables copied out of Word as plain text (the seeds' format).

The conversion writes one table cell per tab-indented line; a line without the
leading tab continues the cell above (a line break inside the cell). Rows are
separated by blank lines, but a cell's trailing line breaks are blank lines too,
so indicator rows are cut by their cell count (the header row's width), never by
blank lines.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from app.domain.money import MoneyError, format_money, parse_money

BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
TITLE = re.compile(r"^(?:\d+\s*[.．、]\s*)?(\S.*绩效目标(?:申报)?表)$")
UNIT_LINE = re.compile(r"^(\d{3,})\s*(\S.*)$")
MONEY_UNIT = re.compile(r"^单位[：:](.*)$")
MONTH = re.compile(r"^(\d{1,2})月(?:底|末)?$")
GOAL_NUMBER = re.compile(r"^\s*(?:(\d+)\s*[.．、]|[（(](\d+)[)）]|目标\s*(\d+)\s*[：:、.．])\s*")
YEAR = re.compile(r"(20\d\d)年")
HEADING = re.compile(r"^([一二三四五六七八九十]+)\s*[、.．]\s*(\S.*)$")
SUBHEADING = re.compile(r"^[（(]([一二三四五六七八九十]+)[)）]\s*(.*)$")
SECTIONS = (("总体", "overall"), ("分项", "items"), ("措施", "measures"))  # 一、总体… 二、分项… 三、工作保障措施
PART = re.compile(r"^第[一二三四五六七八九十]+部分")

# The official labels, normalised (no whitespace, no "其中：" prefix); other provinces' synonyms too.
LABELS = {
    "code": ("项目编码", "项目代码"),
    "name": ("项目名称",),
    "budget_total": ("预算数", "年度资金总额", "资金总额", "预算金额"),
    "budget_fiscal": ("财政资金", "财政拨款"),
    "budget_other": ("其他资金",),
    "purpose": ("资金用途", "项目资金用途"),
    "goals": ("绩效目标", "年度绩效目标", "年度目标", "总体目标", "年度总体目标", "项目年度绩效目标",
              "年度绩效目标内容"),
    "section": ("预算规模及资金用途", "预算规模及资金来源"),
    # Other provinces name the unit inside the table (财政部 项目支出绩效目标申报表).
    "unit": ("实施单位", "预算单位", "申报单位", "项目单位", "单位名称"),
}
# A unit written as "预算单位：…" or "填报单位（盖章）：…" above a table.
UNIT_PREFIX = re.compile(r"^(?:预算单位|单位名称|填报单位|实施单位|申报单位|项目单位)(?:[（(]盖章[)）])?[：:]\s*")
# "（2025年度）", "2025年": a year line under the title, never a unit.
YEAR_LINE = re.compile(r"^[（(]?\s*20\d\d\s*年度?\s*[)）]?$")
COLUMNS = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "name",
    "绩效指标描述": "description",
    "指标描述": "description",
    "指标值": "target_text",
    "目标值": "target_text",
    "指标值确定依据": "basis",
    "确定依据": "basis",
    "年度指标值": "target_text",
    "绩效指标值": "target_text",
    "预期指标值": "target_text",
    "指标名称": "name",
    "指标内容": "description",
    "指标说明": "description",
    "指标解释": "description",
    # 财政部-style tables split the value: 指标性质 (≥, ≤, =, 定性…), 指标值 and 度量单位.
    "指标性质": "nature",
    "指标方向": "nature",
    "度量单位": "measure",
    "计量单位": "measure",
}
NATURES = {"正向": "≥", "正向指标": "≥", "反向": "≤", "反向指标": "≤", "等于": "=", "＝": "="}
REQUIRED_COLUMNS = ("level1", "level2", "name", "target_text")
AMOUNT_LABELS = {"budget_total": "预算数", "budget_fiscal": "财政资金", "budget_other": "其他资金"}


class TextImportError(ValueError):
    """The text is not a readable target table; the message names the table and row."""


@dataclass
class TextImport:
    projects: list[dict] = field(default_factory=list)
    departments: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source: str = ""


@dataclass
class Cell:
    lines: list[str]
    row_start: bool  # a blank line came before it: a hint only, trailing line breaks look the same

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.lines).strip()

    @property
    def key(self) -> str:
        return normalize(self.text)


def normalize(text: str) -> str:
    """Reduce a label to compare it: no whitespace, no "其中：" prefix."""
    text = re.sub(r"\s+", "", text)
    return re.sub(r"^其中[：:]", "", text)


def unit_of(text: str) -> dict:
    """Read "304001某单位" (or a name alone) as a unit."""
    match = UNIT_LINE.match(text)
    code, name = (match.group(1), match.group(2).strip()) if match else (None, text.strip())
    return {"code": code, "name": name}


def column_key(text: str) -> str | None:
    """The indicator column a header names: "指标值（包含数字及文字描述）" is 指标值."""
    key = normalize(text)
    return COLUMNS.get(key) or COLUMNS.get(re.sub(r"[（(][^）)]*[)）]$", "", key))


def compose_target(values: dict) -> str:
    """The 指标值 as an officer writes it, from a table that splits it into 指标性质/指标值/度量单位."""
    value = values.get("target_text", "").strip()
    nature = normalize(values.get("nature", ""))
    measure = normalize(values.get("measure", ""))
    if not value or nature.startswith("定性"):
        return value
    if measure and not value.endswith(measure):
        value += measure
    nature = NATURES.get(nature, nature)
    if nature in ("≥", "≤", "=", ">", "<", ">=", "<=", "≧", "≦", "＞", "＜") and not re.match(r"^[≥≤=<>≧≦＞＜]", value):
        value = nature + value
    return value


def label_kind(cell: Cell) -> str | None:
    key = cell.key
    if key.startswith("资金支出计划"):
        return "plan"
    return next((kind for kind, labels in LABELS.items() if key in labels), None)


def parse_text(text: str, *, source: str = "", year: int | None = None) -> TextImport:
    """Read the project tables and the department part of a document copied out as text."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = [BOOKMARK.sub("", line) for line in text.split("\n")]
    starts = [i for i, line in enumerate(lines) if not line.startswith("\t") and TITLE.match(line.strip())]
    result = TextImport(source=source)
    lead: list[str] = []  # the lines under each title, before its table: "（2025年度）"
    for number, start in enumerate(starts, 1):
        end = starts[number] if number < len(starts) else len(lines)
        lead += leading_lines(lines[start + 1 : end])
        title = TITLE.match(lines[start].strip()).group(1)
        table = TableReader(number, title, result.warnings, last=number == len(starts))
        result.projects.append(table.read(lines[start + 1 : end]))
    if year is None:
        # Titles usually carry the year ("2024年…"); the most named one speaks for the whole document.
        year = guess_year([lines[i] for i in starts] + lead + [p["name"] for p in result.projects])
    for project in result.projects:
        project["year"] = year
    preamble = lines[: starts[0]] if starts else lines
    department = read_department(preamble)
    if department is not None and not has_content(department):
        result.warnings.append(EMPTY_DEPARTMENT)
    elif department is not None:
        department["unit"] = result.projects[0]["unit"] if result.projects else None
        department["year"] = year
        result.departments.append(department)
    return result


def guess_year(texts: list[str]) -> int | None:
    """Take the year most texts name; None when none does."""
    years = Counter(int(y) for text in texts for y in YEAR.findall(text))
    if not years:
        return None
    best = max(years.values())
    return max(y for y, n in years.items() if n == best)


def leading_lines(lines: list[str]) -> list[str]:
    """The non-blank lines before a table's first cell."""
    lead = []
    for line in lines:
        if line.startswith("\t"):
            break
        if line.strip():
            lead.append(line)
    return lead


def split_cells(lines: list[str]) -> list[Cell]:
    """Cut a table's lines into cells: a tab starts a cell, other lines continue it."""
    cells: list[Cell] = []
    blank_before = True
    for line in lines:
        if line.startswith("\t"):
            cells.append(Cell([line.lstrip("\t")], row_start=blank_before))
            blank_before = False
        elif cells:
            cells[-1].lines.append(line)
            blank_before = blank_before or not line.strip()
        else:
            blank_before = True
    return cells


class TableReader:
    """Read one project table; errors and warnings name it by number and title."""

    def __init__(self, number: int, title: str, warnings: list[str], *, last: bool):
        self.label = f"第 {number} 个表“{title}”"
        self.title = title
        self.warnings = warnings
        self.last = last  # only the document's end can cut a table short

    def incomplete(self, message: str) -> None:
        """Warn about a table cut off at the end of the document; anywhere else it is an error."""
        if not self.last:
            raise self.error(message)
        self.warn(f"表格不完整，{message}，已读入现有内容")

    def error(self, message: str) -> TextImportError:
        return TextImportError(f"{self.label}：{message}")

    def warn(self, message: str) -> None:
        self.warnings.append(f"{self.label}：{message}")

    def read(self, lines: list[str]) -> dict:
        # Lines between the title and the table ("（2025年度）", "填报单位（盖章）：…") as cells of their own.
        cells = [Cell([line.strip()], True) for line in leading_lines(lines)] + split_cells(lines)
        header = next((i for i, cell in enumerate(cells) if cell.key == "一级指标"), None)
        # Other provinces put a merged "绩效指标" cell before 一级指标: the header row starts there,
        # and every indicator row has that (empty) cell too.
        while header and not cells[header].row_start and column_key(cells[header - 1].text) is None:
            header -= 1
        top = cells if header is None else cells[:header]
        return self.project_from(top, None if header is None else partial(self.read_indicators, cells[header:]))

    def project_from(self, cells: list[Cell], read_indicators) -> dict:
        """The project of a table: unit and labels from the cells above its indicators.

        ``read_indicators()`` reads the indicator rows; None when the table has none
        (an error, or a warning for a table cut off at the document's end).
        """
        unit, first_label = self.read_unit(cells)
        fields = self.read_labels(cells[first_label:])
        if unit is None and fields.get("unit"):
            unit = unit_of(fields["unit"])
        name = fields.get("name") or re.sub(r"绩效目标(?:申报)?表$", "", self.title)
        amounts = self.read_amounts(fields)
        project = {
            "unit": unit,
            "year": None,
            "code": fields.get("code") or None,
            "name": name,
            **{key: format_money(value) for key, value in amounts.items()},
            "purpose": fields.get("purpose", ""),
            "goals": split_goals(fields.get("goals", "")),
            "checkpoints": self.read_plan(fields.get("plan", [])),
            "indicators": [],
        }
        if read_indicators is None:
            self.incomplete("缺少指标表（一级指标、二级指标……）")
        else:
            project["indicators"] = read_indicators()
        self.check(project, amounts)
        return project

    def read_unit(self, cells: list[Cell]) -> tuple[dict | None, int]:
        """Find the unit line ("573301中国…") above the first label; return it and where labels start."""
        unit = None
        for index, cell in enumerate(cells):
            if label_kind(cell):
                return unit, index
            text = cell.text
            money_unit = MONEY_UNIT.match(normalize(text))
            if money_unit:
                if money_unit.group(1) not in ("万元", ""):
                    raise self.error(f"金额单位“{money_unit.group(1)}”不受支持，应为万元")
            elif text and unit is None and not YEAR_LINE.match(text):
                unit = unit_of(UNIT_PREFIX.sub("", text))
        return unit, len(cells)

    def read_labels(self, cells: list[Cell]) -> dict:
        """Take each label's value from the cell after it; the purpose may stand unlabelled after the amounts."""
        fields: dict = {}
        index = 0
        after_amounts = False
        while index < len(cells):
            kind = label_kind(cells[index])
            if kind == "plan":
                index, fields["plan"] = self.plan_cells(cells, index + 1)
                continue
            if kind in (None, "section"):
                text = cells[index].text
                # 资金用途 sits in the row under the amounts, beside the merged 预算规模及资金用途 cell.
                if kind is None and text and after_amounts and "purpose" not in fields:
                    fields["purpose"] = text
                index += 1
                continue
            value = cells[index + 1].text if index + 1 < len(cells) else ""
            if index + 1 < len(cells) and label_kind(cells[index + 1]):
                value = ""  # the value cell is missing: do not swallow the next label
            else:
                index += 1
            fields.setdefault(kind, value)
            after_amounts = after_amounts or kind in AMOUNT_LABELS
            index += 1
        return fields

    def plan_cells(self, cells: list[Cell], index: int) -> tuple[int, list[tuple[str, str]]]:
        """Read the checkpoint months row and the amounts row under it."""
        months: list[str] = []
        while index < len(cells) and MONTH.match(cells[index].key):
            months.append(cells[index].key)
            index += 1
        end = next((i for i in range(index, len(cells)) if label_kind(cells[i])), len(cells))
        if end - index > len(months) and not cells[index].text:
            index += 1  # the merged 资金支出计划 cell that heads the amounts row
        amounts = [(month, cell.text) for month, cell in zip(months, cells[index:end])]
        index += len(amounts)
        if len(amounts) < len(months):
            self.incomplete(f"资金支出计划缺少“{months[len(amounts)]}”的金额")
        return index, amounts

    def money(self, label: str, text: str, *, blank_is_zero: bool = True) -> Decimal:
        try:
            value = parse_money(text, blank_is_zero=blank_is_zero)
        except MoneyError:
            value = None
        if value is None or value < 0:
            raise self.error(f"{label}“{text}”不是金额" if text else f"{label}为空")
        return value

    def read_amounts(self, fields: dict) -> dict[str, Decimal]:
        if "budget_total" not in fields:
            raise self.error("缺少“预算数”")
        return {
            key: self.money(label, fields.get(key, ""), blank_is_zero=key != "budget_total")
            for key, label in AMOUNT_LABELS.items()
        }

    def read_plan(self, plan: list[tuple[str, str]]) -> list[dict]:
        checkpoints = []
        for month, text in plan:
            number = int(MONTH.match(month).group(1))
            if not 1 <= number <= 12:
                raise self.error(f"资金支出计划的“{month}”不是月份")
            amount = self.money(f"资金支出计划“{month}”", text)
            checkpoints.append({"month": number, "amount": format_money(amount)})
        return checkpoints

    def read_indicators(self, cells: list[Cell]) -> list[dict]:
        """Read the header row's columns, then cut the following cells into rows of that width."""
        columns = [column_key(cells[0].text)]
        for cell in cells[1:]:
            if cell.row_start:
                break
            columns.append(column_key(cell.text))  # an unknown column (分值, 备注…) is skipped
        missing = [key for key in REQUIRED_COLUMNS if key not in columns]
        if missing:
            names = "、".join(next(k for k, v in COLUMNS.items() if v == key) for key in missing)
            raise self.error(f"指标表头缺少“{names}”")
        width = len(columns)
        body = cells[width:]
        indicators: list[dict] = []
        for row_number, start in enumerate(range(0, len(body), width), 1):
            row = body[start : start + width]
            if not row[0].row_start:
                # A row starts mid-row when the one above had a cell too many or too few.
                raise self.error(f"第 {max(row_number - 1, 1)} 行指标的单元格数与表头（{width} 列）不符")
            if len(row) < width:
                if any(cell.text for cell in row):
                    self.incomplete(
                        f"第 {row_number} 行指标只有 {len(row)} 个单元格（应为 {width} 个），"
                        f"已忽略该行，读入 {len(indicators)} 个指标"
                    )
                break
            values = {key: cell.text for key, cell in zip(columns, row) if key}
            if not any(values.values()):
                continue
            # Merged level-1/level-2 cells are written once, then left empty in the rows below.
            indicators.append(self.indicator(row_number, values, indicators[-1] if indicators else None))
        return indicators

    def indicator(self, number: int, values: dict, above: dict | None) -> dict:
        """The indicator of row ``number``; a blank or repeated level cell carries the row above's level."""
        level1, level2 = (above["level1"], above["level2"]) if above else ("", "")
        if values["level1"] and values["level1"] != level1:
            level1, level2 = values["level1"], ""
        if values["level2"]:
            level2 = values["level2"]
        if not level1 or not level2:
            raise self.error(f"第 {number} 行指标缺少{'一级指标' if not level1 else '二级指标'}")
        if not values["name"]:
            raise self.error(f"第 {number} 行指标缺少三级指标")
        return {
            "level1": level1,
            "level2": level2,
            "name": values["name"],
            "description": values.get("description", ""),
            "target_text": compose_target(values),
            "basis": values.get("basis", ""),
        }

    def check(self, project: dict, amounts: dict[str, Decimal]) -> None:
        """Warn about sums the officer should look at; they do not stop the import."""
        if amounts["budget_fiscal"] + amounts["budget_other"] != amounts["budget_total"]:
            self.warn("预算数不等于财政资金与其他资金之和")
        plan = [Decimal(c["amount"]) for c in project["checkpoints"]]
        if any(a > b for a, b in zip(plan, plan[1:])):
            self.warn("资金支出计划应逐期累计、不减少")
        if plan and plan[-1] != amounts["budget_total"]:
            self.warn("资金支出计划最后一期不等于预算数")


def split_goals(text: str) -> list[str]:
    """Split the 绩效目标 cell at its numbered lines ("1.…", "2.…"), dropping the numbers."""
    items: list[list[str]] = []
    expected = 1
    for line in text.split("\n"):
        match = GOAL_NUMBER.match(line)
        # Only the next number in sequence starts an item: "1.2023年…" is item 1, not a decimal.
        if match and int(next(g for g in match.groups() if g)) == expected:
            items.append([line[match.end() :]])
            expected += 1
        elif items:
            items[-1].append(line)
        elif line.strip():
            items.append([line])
    return [text for text in ("\n".join(l.rstrip() for l in item).strip() for item in items) if text]


EMPTY_DEPARTMENT = "部门整体绩效目标各部分均为空，未导入"


def has_content(department: dict) -> bool:
    """Whether a department part says anything: an exported unit without goals prints empty sections."""
    return bool(department["overall"].strip() or department["items"] or department["measures"])


def read_department(lines: list[str]) -> dict | None:
    """Read the department part: 总体绩效目标, 分项绩效目标 items and 工作保障措施."""
    section = None
    overall: list[str] = []
    items: list[dict] = []
    measures: list[list[str]] = []
    found = False
    target = None  # the list the next continuation line belongs to
    for raw in lines:
        line = raw.strip()
        if not line or raw.startswith("\t"):
            continue
        heading = HEADING.match(line)
        if PART.match(line) and found:
            section = None
            continue
        if heading:
            title = normalize(heading.group(2))
            section = next((kind for word, kind in SECTIONS if word in title), None)
            found = found or section == "overall"
            target = overall if section == "overall" else None
            continue
        sub = SUBHEADING.match(line)
        if section == "items":
            if sub:
                items.append({"title": [sub.group(2).strip()], "goal": [], "indicator": []})
                target = items[-1]["title"]
                continue
            labelled = re.match(r"^(绩效目标|绩效指标)\s*[：:]\s*(.*)$", line)
            if items and labelled:
                target = items[-1]["goal" if labelled.group(1) == "绩效目标" else "indicator"]
                line = labelled.group(2)
        elif section == "measures" and sub:
            measures.append([sub.group(2).strip()])
            continue
        elif section == "measures":
            target = measures[-1] if measures else None
        if section and target is not None:
            target.append(line)
    if not found:
        return None
    return {
        "unit": None,
        "year": None,
        "overall": "\n".join(overall),
        "items": [
            {
                "title": "\n".join(item["title"]),
                "goal": "\n".join(item["goal"]),
                "indicator": "\n".join(item["indicator"]),
            }
            for item in items
        ],
        "measures": ["\n".join(m) for m in measures],
    }
