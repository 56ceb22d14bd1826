"""Read performance-target tables copied out of Word as plain text (the seeds' format).

The conversion writes one table cell per tab-indented line; a line without the
leading tab continues the cell above (a line break inside the cell). Rows are
separated by blank lines, but a cell's trailing line breaks are blank lines too,
so indicator rows are cut by their cell count (the header row's width), never by
blank lines.
"""

import re
import unicodedata
from collections import Counter
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import partial

from app.domain.money import format_money, quantize

BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
TITLE = re.compile(r"^(?:\d+\s*[.．、]\s*)?(\S.*绩效(?:目标(?:申报|批复)?|自评)表)\s*(?:[（(][^（）()]{0,12}[)）])?$")
UNIT_LINE = re.compile(r"^[\[【［(（]?(\d{3,})(?![\d.]|\s*年)[\]】］)）]?\s*[-－—:：]?\s*(\S.*)$")
MONEY_UNIT = re.compile(r"^单位[：:](.*)$")
MONTH = re.compile(r"^(\d{1,2})月(?:底|末)?$")
GOAL_NUMBER = re.compile(r"^\s*(?:(\d+)\s*[.．、]|[（(](\d+)[)）]|目标\s*(\d+)\s*[：:、.．])\s*")
YEAR = re.compile(r"(20\d\d)年")
HEADING = re.compile(r"^([一二三四五六七八九十]+)\s*[、.．]\s*(\S.*)$")
SUBHEADING = re.compile(r"^[（(]([一二三四五六七八九十]+)[)）]\s*(.*)$")
SECTIONS = (("总体", "overall"), ("分项", "items"), ("措施", "measures"))  # 一、总体… 二、分项… 三、工作保障措施
PART = re.compile(r"^第[一二三四五六七八九十]+部分")

# The official labels, normalised (no whitespace, no "其中：" prefix, no trailing "（万元）");
# other provinces' synonyms too. Read by meaning: every spelling seen in published tables.
LABELS = {
    "code": ("项目编码", "项目代码", "项目编号"),
    "name": ("项目名称", "专项名称", "项目（专项）名称", "专项（项目）名称", "二级项目名称", "预算项目名称", "专项资金名称",
             "项目支出名称", "资金名称", "专项资金（项目）名称"),
    # 年度/全年 amounts first: a table may also print the whole project's 总预算 (budget_choice below).
    "budget_total": ("年度资金总额", "年度财政资金总额", "财政资金总额", "当年资金总额", "年度资金申请总额", "当年预算", "当年预算数", "全年预算数", "年度预算数", "年度预算金额", "年度本级预算金额", "本年度预算",  # noqa: E501
                     "年度预算", "本年预算数", "年度资金", "预算数", "资金总额", "预算金额", "项目预算", "预算资金",
                     "项目金额", "申请金额", "申报金额", "资金规模", "下达中央预算内投资", "中央预算内投资", "下达资金", "投资额",
                     "计划投资额", "项目总投资", "年初预算数", "项目总预算", "总预算", "项目资金总额"),
    "budget_fiscal": ("财政资金", "财政拨款", "当年财政拨款", "本年财政拨款", "财政预算拨款", "本级财政资金", "财政性资金",
                      "一般公共预算", "一般公共预算拨款", "一般公共预算资金", "市财政资金", "县财政资金", "区财政资金",
                      "省级财政资金", "市级财政资金", "县级财政资金", "省财政资金", "本级财政拨款", "财政补助",
                      "财政补助资金", "财政专项资金", "其中财政拨款", "上级资金", "上级补助资金",
                      "上级补助", "中央财政资金", "中央资金", "中央补助资金", "省级资金", "省级补助资金"),
    "budget_other": ("其他资金", "其他来源资金", "自筹资金", "单位自筹", "单位自筹资金", "其他来源"),
    "purpose": ("资金用途", "项目资金用途", "资金主要用途", "主要用途", "项目主要内容", "资金使用方向", "主要内容"),
    "goals": ("绩效目标", "年度绩效目标", "年度绩效总目标", "年度", "年度总目标", "年度目标", "本年度目标", "本年度绩效目标", "年度总体目标", "项目年度绩效目标",  # noqa: E501
              "年度绩效目标内容", "当年绩效目标", "年度预期目标", "绩效目标内容", "项目绩效目标", "预期目标"),
    # The medium- or long-term goals a table prints beside the year's: kept apart.
    "long_goals": ("总目标", "项目总目标", "长期目标", "中长期目标", "中期目标", "总体目标", "项目总体目标", "长期绩效目标", "中长期绩效目标",
                   "整体目标", "实施期目标", "实施期绩效目标", "总体绩效目标"),
    "section": ("预算规模及资金用途", "预算规模及资金来源", "项目资金", "资金情况", "项目资金情况", "资金来源",
                "项目资金来源", "预算情况", "项目预算情况", "资金投入", "年度预算安排"),
    # Other provinces name the unit inside the table (财政部 项目支出绩效目标申报表).
    "unit": ("实施单位", "预算单位", "申报单位", "项目单位", "单位名称", "项目实施单位", "预算单位名称"),
    # Labels read and set aside: their values are never a purpose, a goal or an amount.
    "other": ("主管部门", "项目负责人", "负责人", "联系电话", "联系人", "项目属性", "项目类别", "项目类型", "项目期限",
              "项目起止时间", "实施期限", "项目实施期", "起止时间", "立项依据", "填报人", "填报日期", "单位负责人",
              "主管部门及代码", "实施单位及代码", "项目周期", "资金性质", "上年结转资金", "上年结转", "结转资金",
              "项目概况", "立项时间", "预算年度"),
}
# A unit written as "预算单位：…" or "填报单位（盖章）：…" above a table.
UNIT_PREFIX = re.compile(r"^(?:预算单位|单位名称|填报单位|实施单位|申报单位|项目单位)(?:[（(]盖章[)）])?[：:]\s*")
# "（2025年度）", "2025年": a year line under the title, never a unit.
YEAR_LINE = re.compile(r"^[（(]?\s*20\d\d\s*年度?\s*[)）]?$")
COLUMNS = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "name",
    "一级": "level1",
    "二级": "level2",
    "三级": "name",
    "绩效指标描述": "description",
    "指标描述": "description",
    "指标值": "target_text",
    "目标值": "target_text",
    "指标目标值": "target_text",
    "指标值及单位": "target_text",
    "年度指标值": "target_text",
    "年度目标值": "target_text",
    "绩效指标值": "target_text",
    "预期指标值": "target_text",
    "年度绩效指标值": "target_text",
    "预期目标值": "target_text",
    "年初目标值": "target_text",
    "年度目标值（A）": "target_text",
    "计划指标值": "target_text",
    "指标值确定依据": "basis",
    "确定依据": "basis",
    "指标值设定依据": "basis",
    "绩效标准": "basis",
    "评分标准": "basis",
    "评（计）分标准": "basis",
    "计分标准": "basis",
    "评(计)分标准": "basis",
    "指标名称": "name",
    "三级指标名称": "name",
    "具体指标": "name",
    "指标": "name",
    "绩效内容": "name",
    "全年绩效目标": "target_text",
    "项目指标类型": "level1",
    "指标类型": "level1",
    "指标类别": "level1",
    # 2015-era templates have no 三级指标: 指标内容 is the name there, the description elsewhere.
    "指标内容": "content",
    "指标说明": "description",
    "指标解释": "description",
    "指标定义": "description",
    # 财政部-style tables split the value: 指标性质 (≥, ≤, =, 定性…), 指标值 and 度量单位.
    "指标性质": "nature",
    "指标方向": "direction",
    "计算符号": "direction",
    "比较符": "direction",
    "指标值类型": "nature",
    "度量单位": "measure",
    "计量单位": "measure",
    "单位": "measure",
    # A 自评表's columns: read, never in the way.
    "实际完成值": "actual",
    "全年完成值": "actual",
    "全年实际值": "actual",
    "实际值": "actual",
    "实际完成情况": "actual",
    "完成值": "actual",
    "年度实际完成值": "actual",
    "分值": "weight",
    "权重": "weight",
    "指标分值": "weight",
    "指标权重": "weight",
    "得分": "score",
    "自评得分": "score",
    "偏差原因分析及改进措施": "deviation",
    "偏差原因分析及下一步改进措施": "deviation",
    "未完成原因分析": "deviation",
    "偏差原因": "deviation",
    "未完成原因和改进措施": "deviation",
    "未完成原因及拟采取的改进措施": "deviation",
    "指标标准或依据": "basis",
    "指标值说明": "description",
    "指标方向性": "direction",
}
NATURES = {"﹦": "=", "小于": "<", "大于": ">", "正向": "≥", "正向指标": "≥", "反向": "≤", "反向指标": "≤", "等于": "=", "＝": "=", "≥": "≥", "≤": "≤",
           "大于等于": "≥", "小于等于": "≤", "不低于": "≥", "不高于": "≤", "＞": ">", "＜": "<"}
REQUIRED_COLUMNS = ("name", "target_text")
# Headers that name a column only where nothing plainer does: "绩效指标 | 绩效目标" (a 2017 海南 table);
# elsewhere 绩效指标 is the merged cell left of 一级指标 and 绩效目标 the goals' label.
WEAK_COLUMNS = {"绩效指标": "name", "绩效目标": "target_text"}
AMOUNT_LABELS = {"budget_total": "预算数", "budget_fiscal": "财政资金", "budget_other": "其他资金"}
# Header words of the indicator block: they start it and, repeated after a page break, are no row.
HEADER_WORDS = frozenset({"一级指标", "二级指标", "三级指标"})
# Lines that are neither a project nor a row: footnotes and signatures under a table.
NOTE_ROW = re.compile(r"^(?:注[：:1１一]|注$|说明[：:]|备注[：:]|填表人|填报人|审核人|联系电话|单位负责人|财务负责人|"
                      r"填报日期|填表日期|填表说明|项目负责人[：:])")
# 金额单位 printed above a table or in a label: "单位：元", "金额单位：万元", "项目资金（元）".
MONEY_UNIT_WORD = re.compile(r"(?:金额)?单位[：:]\s*(万元|元|千元)")
LABEL_UNIT = re.compile(r"[（(](?:单位[：:])?\s*(万元|元|千元)\s*[)）]")


def is_header_cell(text: str) -> bool:
    """Whether a cell heads the indicator block (一级指标, 二级指标, 三级指标)."""
    return normalize(text) in HEADER_WORDS


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
    """Reduce a label to compare it: no whitespace, no "其中：" prefix, no trailing colon or "*"."""
    text = re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")
    text = re.sub(r"^[★*※]+", "", text)
    return re.sub(r"[：:]$", "", re.sub(r"^其中[：:]?", "", text))


def bare(key: str) -> str:
    """A normalised label without a trailing bracket: "项目资金（万元）" → "项目资金"."""
    return re.sub(r"（[^（）]*）$", "", key)


def unit_of(text: str) -> dict:
    """Read "304001某单位" (or a name alone) as a unit."""
    match = UNIT_LINE.match(text)
    code, name = (match.group(1), match.group(2).strip()) if match else (None, text.strip())
    return {"code": code, "name": name}


# What the officer chose in the preview for headers the reader did not know ("" = ignore it);
# set for one reading by ``app.documents.docx_import.parse_document(columns=...)``.
CHOSEN_COLUMNS: ContextVar[dict[str, str] | None] = ContextVar("chosen_columns", default=None)
# Columns nobody needs to name: they hold nothing the table is read for.
IGNORED_COLUMNS = frozenset({"备注", "序号", "说明", "备注说明", "附注", "编号",
                             # the merged label left of (or over) the header: 绩效指标 / 年度绩效目标（80分）
                             "绩效指标", "年度绩效指标", "本年度绩效指标", "绩效目标", "年度绩效目标", "绩"})


def column_key(text: str) -> str | None:
    """The indicator column a header names: "指标值（包含数字及文字描述）" is 指标值."""
    key = normalize(text)
    chosen = CHOSEN_COLUMNS.get() or {}
    if key in chosen:
        return chosen[key] or None
    return COLUMNS.get(key) or COLUMNS.get(bare(key)) or (COLUMNS.get(key.replace("（", "(").replace("）", ")")))


def compose_target(values: dict) -> str:
    """The 指标值 as an officer writes it, from a table that splits it into 指标性质/指标值/度量单位.

    A 指标方向 column that names a comparator (大于等于, ≤, 等于) says more than 正向/反向.
    """
    value = values.get("target_text", "").strip()
    nature = normalize(values.get("nature", ""))
    direction = normalize(values.get("direction", ""))
    measure = normalize(values.get("measure", ""))
    if not value or nature.startswith("定性") or direction.startswith("定性"):
        return value
    if measure and not value.endswith(measure) and measure not in ("/", "-", "—"):
        value += measure
    symbol = NATURES.get(direction, direction) if NATURES.get(direction, direction) in COMPARATOR_SIGNS else None
    nature = symbol or NATURES.get(nature, nature)
    is_range = re.search(r"\d\s*[～~〜至到—–\-－]+\s*\d", value)  # "20-30人": both bounds printed, no comparator
    if nature in COMPARATOR_SIGNS and not is_range and not re.match(r"^[≥≤=<>≧≦＞＜﹦＝]", value):
        value = nature + value
    return value


COMPARATOR_SIGNS = ("≥", "≤", "=", ">", "<", ">=", "<=", "≧", "≦", "＞", "＜")


_LABEL_OF = {label: kind for kind, labels in LABELS.items() for label in labels}


def label_kind(cell: Cell) -> str | None:
    key = cell.key
    if key.startswith("资金支出计划") or key in ("支出计划", "分月支出计划", "资金使用计划"):
        return "plan"
    return _LABEL_OF.get(key) or _LABEL_OF.get(bare(key)) or _label_by_pattern(bare(key))


# Amount labels by their parts, for the spellings no list has: "当年市级财政资金", "省级财政补助资金".
_FISCAL_LABEL = re.compile(r"^(?:当年|本年|年度)?(?:中央|省|市|县|区|乡|镇|本)?级?(?:财政|一般公共预算)(?:专项|补助|预算)?(?:资金|拨款|补助)$")
_OTHER_LABEL = re.compile(r"^(?:当年|本年|年度)?(?:其他|自筹|单位自有|社会)(?:来源)?资金$")


_MEDIUM_TERM = re.compile(r"^(?:中期|长期|中长期|滚动|实施期)")
_YEAR_BUDGET = re.compile(r"^(?:项目)?(?:本年度|本年|年度|当年|全年)?(?:申请|安排)?.{0,6}(?:预算|资金)(?:金额|总额|数|合计|总计|资金)?$")


def _label_by_pattern(key: str) -> str | None:
    if _MEDIUM_TERM.match(key):
        # "中期滚动目标（2019年--2021年）" beside 年度目标; "中期市财政预算" beside the year's amount.
        return "long_goals" if "目标" in key else "other" if re.search("预算|资金|金额", key) else None
    if _FISCAL_LABEL.match(key):
        return "budget_fiscal"
    if _OTHER_LABEL.match(key):
        return "budget_other"
    if _YEAR_BUDGET.match(key) and "执行" not in key and "结转" not in key:
        return "budget_total"
    return None


# "资金总额：100万元", "其中：财政拨款：80": a label and its value in one line of a cell.
LABELLED_LINE = re.compile(r"^\s*(?:其中[：:]?)?\s*([^：:\d]{2,12}?)\s*[：:]\s*(.*)$")


_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])\s*")


def expand_cell(cell: Cell) -> list[Cell]:
    """Split a cell holding "label：value" lines into label and value cells; other cells as they are.

    Lines whose label means nothing to the reader ("二、自筹资金明细：…" notes) are set aside when
    the cell holds at least one it knows; a cell with none stays whole.
    """
    text = cell.text
    lines = [line for line in text.split("\n") if line.strip()]
    pieces: list[Cell] = []
    for line in lines:
        # Several amounts on one line: "资金总额：100万元 其中：财政拨款：80万元".
        parts = re.split(r"[，,；;\s]+(?=(?:其中[：:]?)?[^：:\d\s，,；;]{2,12}[：:])", line.strip())
        for part in parts:
            match = LABELLED_LINE.match(_ENUMERATOR.sub("", part))
            if match is None or label_kind(Cell([match.group(1)], False)) is None:
                continue
            pieces.append(Cell([match.group(1)], cell.row_start and not pieces))
            if match.group(2).strip():  # "年度资金总额：" with its value in the next cell
                pieces.append(Cell([match.group(2)], False))
    return pieces or [cell]


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

        A cell may hold its label and value together ("年度资金总额：854万"), or several
        ("资金总额：100\n其中：财政拨款：80"). Where a label appears twice, the first value
        that says something wins; among budget labels the year's amount wins (LABELS order).
        """
        cells = [piece for cell in cells for piece in expand_cell(cell)]
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
                if kind is None and text and after_amounts and not fields.get("purpose") and not is_header_word(text):
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
        name, hint = indicator_name(name)
        values = dict(values, target_text=with_hint(values.get("target_text", ""), hint))
        # Levels carry down from the row above, placeholder rows included: a 效益指标 printed on an
        # empty template row still heads the rows under it.
        prev1, prev2 = self.levels
        if level1 and level1 != prev1:
            prev2 = ""
        level1 = level1 or prev1
        level2 = level2 or prev2
        level1, level2 = infer_levels(level1, level2)
        self.levels = (level1, level2)
        target = excel_date(compose_target(values), name)
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


# Words that head a column of a 自评表 or 申报表: never a value, a goal or a purpose.
HEADER_VALUE_WORDS = frozenset({
    "预期目标", "年初设定目标", "全年实际完成情况", "实际完成情况", "年度总体目标完成情况", "总体目标完成情况", "实际完成值", "年初预算数", "全年预算数", "全年执行数", "执行数", "分值", "执行率", "得分",  # noqa: E501
    "指标值", "年度指标值", "一级指标", "二级指标", "三级指标", "绩效指标", "目标", "内容", "完成情况",
})


def is_header_word(text: str) -> bool:
    return normalize(text) in HEADER_VALUE_WORDS


_AMOUNT = re.compile(r"[-+]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.\d+)?(?![\d,，.A-Za-z])")
_WAN = re.compile(r"^\s*(万元|万|元|千元)")


def amount_in(text: str, unit: str = "万元") -> Decimal | None:
    """The first amount a cell states, in 万元: "854万(含…)" 854, "1,234,567元" 123.4567; None if none.

    The unit after the number wins; else ``unit`` (the table's "单位：元" or the label's "（元）").
    """
    flat = unicodedata.normalize("NFKC", text or "").replace("￥", "").replace("¥", "")
    match = _AMOUNT.search(flat)
    if match is None or re.search(r"[A-Za-z\d]$", flat[: match.start()]):
        return None
    try:
        number = Decimal(match.group().replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None
    suffix = _WAN.match(flat[match.end():])
    written = suffix.group(1) if suffix else unit
    if written == "元":
        return number / 10000
    if written == "千元":
        return number / 10
    return number


# A goal's number inside a line ("…2公里 2、水泥路…", "…达成以下目标: 目标1:…"): after a space or a stop.
INLINE_GOAL_NUMBER = re.compile(r"(?<=[\s；;。，,：:])\s*(?:(\d+)\s*[、．.](?!\d)|[（(](\d+)[)）]|目标\s*(\d+)\s*[：:、.．])\s*")


def split_goals(text: str) -> list[str]:
    """Split the 绩效目标 cell at its numbered items ("1.…", "2、…", "目标1：…"), dropping the numbers.

    Only the next number in sequence starts an item: "1.2023年…" is item 1, not a decimal, and a
    "2公里" inside item 1 is no item. Numbers may start lines or follow a space or a stop in a line.
    """
    cuts: list[tuple[int, int]] = []  # (where the number starts, where its text starts)
    expected = 1
    position = 0
    for line in text.split("\n"):
        match = GOAL_NUMBER.match(line)
        if match and int(next(g for g in match.groups() if g)) == expected:
            cuts.append((position, position + match.end()))
            expected += 1
        for inline in INLINE_GOAL_NUMBER.finditer(line, match.end() if match else 0):
            # A first item inside a line only when unmistakable: "目标1：", "（1）".
            if expected == 1 and inline.group(1):
                continue
            if int(next(g for g in inline.groups() if g)) == expected:
                cuts.append((position + inline.start(), position + inline.end()))
                expected += 1
        position += len(line) + 1
    if not cuts:
        return [text.strip()] if text.strip() else []
    pieces = [text[: cuts[0][0]]] + [text[start : (cuts[n + 1][0] if n + 1 < len(cuts) else len(text))] for n, (_, start) in enumerate(cuts)]
    items = ("\n".join(line.rstrip() for line in p.strip().split("\n")).strip() for p in pieces)
    return [item.rstrip("；;，,、").strip() for item in items if item.rstrip("；;，,、").strip()]


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


_SERIAL = re.compile(r"^[=＝]?\s*(4\d)[,，]?(\d{3})$")


def excel_date(target: str, name: str) -> str:
    """A date that went through Excel as its serial number ("44,561" under 完成时间) written back as a date."""
    import datetime

    match = _SERIAL.match(target.strip())
    if match is None or not re.search(r"时间|时限|日期|期限|截止|完成", name):
        return target
    day = datetime.date(1899, 12, 30) + datetime.timedelta(days=int(match.group(1) + match.group(2)))
    return f"{day.year}年{day.month}月{day.day}日"


def level_name(text: str) -> str:
    """A level as the taxonomy knows it: no spaces, no points or fill-in notes ("产出指标(50分)", "数量指标(必填)")."""
    text = squeeze(text)
    return re.sub(r"[（(][^（）()]*(?:\d+分|分\)|必填|选填|硬性)[^（）()]*[)）]$", "", text)


# "指标1：", "1.", "★" before a name; "(≥**%)", "(≤**万元)": a template's hint where the value goes.
_NAME_NUMBER = re.compile(r"^(?:[★*※]+|指标\s*\d+\s*[:：．.、]|\d+\s*[.．、](?!\d))\s*")
_HINT = re.compile(r"\s*[（(]\s*([≥≤=><≧≦＞＜]?)\s*\*+\s*([^()（）\d*]{0,6})\s*[)）]")
_UNIT_IN_NAME = re.compile(r"[（(]\s*(%|[^\W\d_]{1,4}(?:/[^\W\d_]{1,3})?)\s*[)）]$")


def indicator_name(text: str) -> tuple[str, tuple[str, str]]:
    """The name without its template numbering and hints; the hint's comparator and unit."""
    name = _NAME_NUMBER.sub("", (text or "").strip())
    hint = _HINT.search(name)
    comparator, unit = (hint.group(1), hint.group(2).strip()) if hint else ("", "")
    name = _HINT.sub("", name).strip()
    if not unit:
        in_name = _UNIT_IN_NAME.search(name)
        unit = in_name.group(1) if in_name else ""
    return name, (comparator, unit)


def with_hint(target: str, hint: tuple[str, str]) -> str:
    """A bare figure takes the comparator and unit its name's hint gives ("85" under "成活率(≥**%)" → "≥85%")."""
    comparator, unit = hint
    if not re.fullmatch(r"\s*\d+(?:\.\d+)?\s*", target or ""):
        return target
    return f"{comparator}{target.strip()}{unit}"


def squeeze(text: str) -> str:
    """A level name without the line breaks and spaces a narrow cell adds: "产出\n指标" → "产出指标"."""
    return re.sub(r"\s+", "", text or "")


def infer_levels(level1: str, level2: str) -> tuple[str, str]:
    """Fill a level the table leaves out from the taxonomy: 数量指标 is under 产出指标."""
    from app.domain.taxonomy import TAXONOMY

    if level2 and not level1:
        level1 = next((l1 for l1, l2s in TAXONOMY.items() if level2 in l2s), "")
    if level1 and not level2 and level1 not in TAXONOMY:
        parent = next((l1 for l1, l2s in TAXONOMY.items() if level1 in l2s), None)
        if parent:
            level1, level2 = parent, level1
    return level1, level2
