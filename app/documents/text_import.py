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

from app.documents.vocabulary import (  # noqa: F401  (re-exported: the readers' shared vocabulary)
    AMOUNT_LABELS,
    BOOKMARK,
    CHOSEN_COLUMNS,
    COLUMNS,
    COMPARATOR_SIGNS,
    GOAL_NUMBER,
    HEADER_VALUE_WORDS,
    HEADER_WORDS,
    IGNORED_COLUMNS,
    INLINE_GOAL_NUMBER,
    LABEL_UNIT,
    LABELLED_LINE,
    LABELS,
    MONEY_UNIT,
    MONEY_UNIT_WORD,
    MONTH,
    NATURES,
    NOTE_ROW,
    REQUIRED_COLUMNS,
    STRUCK_OUT,
    TITLE,
    UNIT_LINE,
    UNIT_PREFIX,
    WEAK_COLUMNS,
    YEAR,
    YEAR_LINE,
    Cell,
    amount_in,
    bare,
    column_key,
    compose_target,
    excel_date,
    expand_cell,
    indicator_name,
    infer_levels,
    is_header_cell,
    is_header_word,
    is_level2_name,
    label_kind,
    level_name,
    normalize,
    split_goals,
    squeeze,
    unit_of,
    with_hint,
)
from app.domain.money import format_money, quantize
from app.domain.targets import is_unit_only

HEADING = re.compile(r"^([一二三四五六七八九十]+)\s*[、.．]\s*(\S.*)$")
SUBHEADING = re.compile(r"^[（(]([一二三四五六七八九十]+)[)）]\s*(.*)$")
SECTIONS = (("总体", "overall"), ("分项", "items"), ("措施", "measures"))  # 一、总体… 二、分项… 三、工作保障措施
PART = re.compile(r"^第[一二三四五六七八九十]+部分")


class TextImportError(ValueError):
    """The text is not a readable target table; the message names the table and row."""


@dataclass
class TextImport:
    projects: list[dict] = field(default_factory=list)
    departments: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source: str = ""
    problems: list["ReadProblem"] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)  # indicator headers the reader did not know


@dataclass(frozen=True)
class ReadProblem:
    """Something a table says that could not be read: where (table, row, column) and why.

    Reading goes on past it; saving refuses while one remains (the officer corrects the value,
    drops the row, or fixes the file).
    """

    table: str
    row: int | None
    column: str | None
    message: str
    project: int = 0  # index of the project in the document

    def to_dict(self) -> dict:
        return {"table": self.table, "row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        return f"{self.table}：{f'第 {self.row} 行指标' if self.row else ''}{self.message}"


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
        table = TableReader(number, title, result.warnings, last=number == len(starts), problems=result.problems)
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


# A year followed by a month is a date (填报日期：2021年3月10日), most often the year after the table's.
DATED = re.compile(r"(20\d\d)\s*年\s*\d{1,2}\s*月")
# A year the text looks ahead to ("到2025年，…基本健全", "截至2025年") is a goal's horizon, not the table's year.
HORIZON = re.compile(r"(?:到|至|截至|截止到?)\s*(20\d\d)\s*年")


def guess_year(texts: list[str]) -> int | None:
    """Take the year most texts name; None when none does. A year written in a date (填报日期：2021年3月10日)
    or looked ahead to (到2025年) counts only when no text names a year otherwise (黄冈 2020: "2020年度…自评表"
    filed on 2021年3月10日; 慈溪 2023: "2023年慈溪市重大政策和项目绩效目标情况" whose goal reads "到2025年")."""
    dated = Counter(int(y) for text in texts for pattern in (DATED, HORIZON) for y in pattern.findall(text))
    named = Counter(int(y) for text in texts for y in YEAR.findall(text))
    years = named - dated or named
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
    noted = False  # a note under the table ("注：…") ends it: what follows is no cell's text
    for line in lines:
        if line.startswith("\t"):
            cells.append(Cell([line.lstrip("\t")], row_start=blank_before))
            blank_before = noted = False
        elif noted or (cells and blank_before and NOTE_ROW.match(normalize(line))):
            noted = True
        elif cells:
            cells[-1].lines.append(line)
            blank_before = blank_before or not line.strip()
        else:
            blank_before = True
    return cells


# A project name printed after its budget system code (四川 一体化: 项目编码-项目名称).
FIGURE_ONLY = re.compile(r"[\d.,，%％]+\s*(?:分|%|％|万元|元)?")
CODED_NAME = re.compile(r"^((?=(?:[A-Z]*\d){8})[0-9A-Z]{12,40})\s*[-－—_]\s*(\S.*)$")


class TableReader:
    """Read one project table; errors and warnings name it by number and title."""

    def __init__(self, number: int, title: str, warnings: list[str], *, last: bool, problems: list | None = None):
        self.label = f"第 {number} 个表“{title}”"
        self.number = number
        self.title = title
        self.warnings = warnings
        self.problems = problems if problems is not None else []
        self.last = last  # only the document's end can cut a table short
        self.money_unit = "万元"  # "单位：元" above the table or "（元）" in a label says otherwise
        self.levels: tuple[str, str] = ("", "")  # the levels the next indicator row inherits
        self.unknown: list[str] = []  # indicator headers not understood (the preview asks what they hold)

    def problem(self, message: str, row: int | None = None, column: str | None = None) -> None:
        """Record what could not be read; reading goes on."""
        self.problems.append(ReadProblem(self.label, row, column, message, self.number - 1))

    def incomplete(self, message: str) -> None:
        """Warn about a table cut off at the end of the document; anywhere else it is a problem."""
        if not self.last:
            self.problem(message)
            return
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

    def project_from(self, cells: list[Cell], read_indicators, given: dict | None = None) -> dict:
        """The project of a table: unit and labels from the cells above its indicators.

        ``read_indicators()`` reads the indicator rows; None when the table has none
        (an error, or a warning for a table cut off at the document's end). ``given`` holds
        fields read from the table's columns (a 自评表's 全年预算数, its 预期目标).
        """
        cells = [piece for cell in cells for piece in expand_cell(cell)]
        unit, first_label = self.read_unit(cells)
        fields = self.read_labels(cells[first_label:])
        for key, value in (given or {}).items():
            if value not in (None, ""):
                fields[key] = value
        if unit is None and fields.get("unit"):
            unit = unit_of(fields["unit"])
        name = fields.get("name") or re.sub(r"(?:项目支出)?绩效(?:目标(?:申报)?|自评)表$", "", self.title)
        coded = CODED_NAME.match(name)
        if coded and not fields.get("code"):  # "51000021R000000019951-工资性支出": the system's code, then the name
            fields["code"], name = coded.group(1), coded.group(2).strip()
        amounts = self.read_amounts(fields)
        goals, long_goals = split_goals(fields.get("goals", "")), split_goals(fields.get("long_goals", ""))
        if not goals:  # a table with only 总体目标: those are the goals
            goals, long_goals = long_goals, []
        project = {
            "unit": unit,
            "year": None,
            "code": fields.get("code") or None,
            "name": name,
            **{key: format_money(value) for key, value in amounts.items()},
            "purpose": fields.get("purpose", ""),
            "goals": goals,
            **({"long_term_goals": long_goals} if long_goals else {}),
            "checkpoints": self.read_plan(fields.get("plan", [])),
            "indicators": [],
        }
        printed = {k: v for k, v in (fields.get("selfeval") or {}).items() if v}
        if fields.get("goals_actual"):
            printed["goals_actual"] = fields["goals_actual"]
        if printed:  # a 自评表's printed year-end figures, as read (not stored with the targets)
            project["selfeval"] = printed
        if read_indicators is None:
            self.incomplete("缺少指标表（一级指标、二级指标……）")
        else:
            project["indicators"] = read_indicators()
        self.check(project, amounts)
        return project

    def read_unit(self, cells: list[Cell]) -> tuple[dict | None, int]:
        """Find the unit line ("573301中国…", "填报单位：…") above the first label; return it and where labels start."""
        unit = None
        for index, cell in enumerate(cells):
            if label_kind(cell):
                return unit, index
            text = cell.text
            money_unit = MONEY_UNIT_WORD.search(normalize(text))
            if money_unit:
                self.money_unit = money_unit.group(1)
                text = MONEY_UNIT_WORD.sub("", normalize(text)).strip()
                if not text or not UNIT_PREFIX.match(text):
                    continue
            if unit is None and text and self.is_unit_line(text):
                unit = unit_of(UNIT_PREFIX.sub("", text))
        return unit, len(cells)

    @staticmethod
    def is_unit_line(text: str) -> bool:
        """A line above the table naming the unit: not the form's name, a year, a date or a note."""
        if UNIT_PREFIX.match(text) or UNIT_LINE.match(text):
            return not YEAR_LINE.match(text)
        flat = normalize(text)
        return not (
            YEAR_LINE.match(text)
            or re.search(r"绩效|申报表|自评表|目标表|年度$|^[（(]", flat)
            or NOTE_ROW.match(flat)
            or re.match(r"^(?:主管部门|项目名称|金额单位|单位[：:]|填报|日期|附件|附表|表\d)", flat)
            or len(flat) > 60
        )

    def read_labels(self, cells: list[Cell]) -> dict:
        """Take each label's value from the cell after it; the purpose may stand unlabelled after the amounts.

        A cell holding its label and value together ("年度资金总额：854万"), or several
        ("资金总额：100\n其中：财政拨款：80"), comes split (``project_from``). Where a label appears twice, the first value
        that says something wins; among budget labels the year's amount wins (LABELS order).
        """
        fields: dict = {}
        budget: list[tuple[int, str]] = []  # (rank of the label, value)
        index = 0
        after_amounts = False
        while index < len(cells):
            kind = label_kind(cells[index])
            label = bare(cells[index].key)
            if kind == "plan":
                index, fields["plan"] = self.plan_cells(cells, index + 1)
                continue
            unit = LABEL_UNIT.search(cells[index].text)
            if kind in ("section", "budget_total", "budget_fiscal", "budget_other") and unit:
                self.money_unit = unit.group(1)
            if kind in (None, "section"):
                text = cells[index].text
                # 资金用途 sits in the row under the amounts, beside the merged 预算规模及资金用途 cell.
                # A figure ("10分" beside a 分值 label, 重庆 奉节 2023) is never a purpose.
                if (kind is None and text and after_amounts and not fields.get("purpose") and not is_header_word(text)
                        and not FIGURE_ONLY.fullmatch(text.strip())):
                    fields["purpose"] = text
                index += 1
                continue
            value = cells[index + 1].text if index + 1 < len(cells) else ""
            if index + 1 < len(cells) and (label_kind(cells[index + 1]) or is_header_word(cells[index + 1].text)):
                value = ""  # the value cell is missing: do not swallow the next label
                if index + 1 < len(cells) and not label_kind(cells[index + 1]):
                    index += 1  # a column header ("预期目标") is no value either
            else:
                index += 1
            if kind == "budget_total":
                ranks = LABELS["budget_total"]
                budget.append((ranks.index(label) if label in ranks else len(ranks), value))
            elif value.strip() or kind not in fields:
                if not fields.get(kind):
                    fields[kind] = value
            after_amounts = after_amounts or kind in AMOUNT_LABELS
            index += 1
        filled = sorted((rank, value) for rank, value in budget if amount_in(value) is not None)
        if filled:
            fields["budget_total"] = filled[0][1]
        elif budget:
            fields["budget_total"] = budget[0][1]
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

    def money(self, label: str, text: str, *, blank_is_zero: bool = True) -> Decimal | None:
        """An amount in 万元 read from a cell ("854万(含…)", "1,234,567元", "85.4"); None (a problem) if none."""
        if not text.strip() or text.strip() in ("/", "-", "—", "无", "0.00", "0"):
            return Decimal("0") if blank_is_zero or text.strip() else None
        amount = amount_in(text, self.money_unit)
        if amount is None or amount < 0:
            self.problem(f"{label}“{text}”不是金额", column=label)
            return None
        return amount

    def read_amounts(self, fields: dict) -> dict[str, Decimal]:
        """The budget split in 万元; a missing split is derived (total = fiscal + other)."""
        if not fields.get("budget_total") and not fields.get("budget_fiscal"):
            self.problem("缺少“预算数”（年度资金总额）", column="预算数")
        total = self.money("预算数", fields.get("budget_total", ""), blank_is_zero=False)
        fiscal = self.money("财政资金", fields.get("budget_fiscal", ""), blank_is_zero=False)
        other = self.money("其他资金", fields.get("budget_other", ""), blank_is_zero=False)
        if (total is None or total == 0) and (fiscal or other):
            total = (fiscal or Decimal("0")) + (other or Decimal("0"))  # 年度资金总额 printed 0 above its parts
        total = total if total is not None else Decimal("0")
        if fiscal is None and other is None:
            fiscal, other = total, Decimal("0")  # one amount printed: all of it is the budget's own money
        elif fiscal is None:
            fiscal = max(total - other, Decimal("0"))
        elif other is None:
            other = max(total - fiscal, Decimal("0"))
        amounts = {"budget_total": total, "budget_fiscal": fiscal, "budget_other": other}
        for key, value in amounts.items():
            if value != quantize(value):
                self.warn(f"{AMOUNT_LABELS[key]} {value} 万元（由元换算）保存为两位小数 {quantize(value)} 万元")
        return amounts

    def read_plan(self, plan: list[tuple[str, str]]) -> list[dict]:
        checkpoints = []
        for month, text in plan:
            number = int(MONTH.match(month).group(1))
            if not 1 <= number <= 12:
                self.problem(f"资金支出计划的“{month}”不是月份", column="资金支出计划")
                continue
            amount = self.money(f"资金支出计划“{month}”", text)
            if amount is not None:
                checkpoints.append({"month": number, "amount": format_money(amount)})
        return checkpoints

    def read_indicators(self, cells: list[Cell]) -> list[dict]:
        """Read the header row's columns, then cut the following cells into rows of that width."""
        columns = [column_key(cells[0].text)]
        for cell in cells[1:]:
            if cell.row_start:
                break
            columns.append(column_key(cell.text))  # an unknown column (分值, 备注…) is skipped
        missing = [key for key in REQUIRED_COLUMNS if key not in columns and not (key == "name" and "content" in columns)]
        if missing:
            names = "、".join({"name": "三级指标", "target_text": "指标值"}[key] for key in missing)
            self.problem(f"指标表头缺少“{names}”列，无法读取指标", column=names)
            return []
        width = len(columns)
        body = cells[width:]
        indicators: list[dict] = []
        for row_number, start in enumerate(range(0, len(body), width), 1):
            row = body[start : start + width]
            if not row[0].row_start:
                # A row starts mid-row when the one above had a cell too many or too few: the rest of
                # the table can't be cut into rows any more.
                self.problem(f"单元格数与表头（{width} 列）不符，其后的指标未读入", max(row_number - 1, 1))
                break
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
            indicator = self.grid_indicator(row_number, values, indicators[-1] if indicators else None)
            if indicator is not None:
                indicators.append(indicator)
        return indicators

    def grid_indicator(self, number: int, values: dict, above: dict | None) -> dict | None:
        """The indicator of one row, or None for a template's placeholder row (with a warning)."""
        name = values.get("name") or ""
        if "content" in values:
            if "name" in values:
                values.setdefault("description", values["content"])
            else:
                name = values["content"]
        level1 = level_name(values.get("level1", ""))
        level2 = level_name(values.get("level2", ""))
        if level1 and not level2 and "level2" in values and is_level2_name(level1):
            level2 = level1  # "社会效益" merged over both level columns, as a text copy leaves it
        name, hint = indicator_name(name)
        if values.get("measure", "").strip():
            hint = (hint[0], "")  # the row's own 度量单位 wins over a "(参保率)" after the name
        values = dict(values, target_text=with_hint(values.get("target_text", ""), hint))
        # Levels carry down from the row above, placeholder rows included: a 效益指标 printed on an
        # empty template row still heads the rows under it.
        prev1, prev2 = self.levels
        if level1 and level1 != prev1:
            prev2 = ""
        elif not level1 and values.get("level1", "").strip():
            # A level-1 cell holding only its points ("(30分)", 天长 2022: the vertical 效益指标 lost in
            # the copy) still starts a new group: its name comes from the taxonomy of its level 2.
            prev1 = prev2 = ""
        level1 = level1 or prev1
        level2 = level2 or prev2
        level1, level2 = infer_levels(level1, level2)
        self.levels = (level1, level2)
        target = excel_date(compose_target(values), name)
        if name.strip() and is_unit_only(target):
            self.warn(f"第 {number} 行“{name.strip()[:20]}”的指标值只有计量单位“{target.strip()}”，没有数值（模板未填），已跳过")
            return None
        if name.strip() in STRUCK_OUT and target.strip() in STRUCK_OUT | {""}:
            self.warn(f"第 {number} 行的三级指标和指标值只是“{name.strip()}”（不适用），已跳过")
            return None
        if not name.strip() and not target.strip():
            self.warn(f"第 {number} 行是模板的空行（只有一级、二级指标，没有三级指标和指标值），已跳过")
            return None
        if not name.strip() or name.strip() in ("……", "...", "…"):
            if target.strip() in ("……", "...", "…", ""):
                return None
            self.problem("缺少三级指标（指标名称）", number, "三级指标")
        if not target.strip():
            self.problem("缺少指标值", number, "指标值")
        if not level1:
            self.problem("缺少一级指标", number, "一级指标")
        elif not level2:
            self.problem("缺少二级指标", number, "二级指标")
        indicator = {
            "level1": level1,
            "level2": level2,
            "name": name.strip(),
            "description": values.get("description", ""),
            "target_text": target,
            "basis": values.get("basis", ""),
        }
        for key in ("actual", "weight", "score", "deviation"):
            if key in values:
                indicator[key] = values[key]
        return indicator

    def check(self, project: dict, amounts: dict[str, Decimal]) -> None:
        """Warn about sums the officer should look at; they do not stop the import."""
        if amounts["budget_fiscal"] + amounts["budget_other"] != amounts["budget_total"]:
            self.warn("预算数不等于财政资金与其他资金之和")
        plan = [Decimal(c["amount"]) for c in project["checkpoints"]]
        if any(a > b for a, b in zip(plan, plan[1:])):
            self.warn("资金支出计划应逐期累计、不减少")
        if plan and plan[-1] != amounts["budget_total"]:
            self.warn("资金支出计划最后一期不等于预算数")


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
