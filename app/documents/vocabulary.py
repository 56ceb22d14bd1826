"""The words of target tables, shared by every reader: labels, column headers, amounts, goals, names.

Real tables from every province spell the same things many ways (``年度资金总额`` / ``预算数`` /
``当年市级财政资金``, ``指标值`` / ``年度指标值`` / ``指标值及单位``); this module says, in one place,
what each spelling means and how a cell's text is read (an amount in 元 or 万元, numbered goals,
a level name without its points, an indicator name without its template hints). The readers
(``text_import`` for the seeds' text layout, ``docx_import`` for grids) only decide where cells are.
"""

import re
import unicodedata
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
TITLE = re.compile(r"^(?:\d+\s*[.．、]\s*)?(\S.*绩效(?:目标(?:申报|批复)?|自评)表)\s*(?:[（(][^（）()]{0,12}[)）])?$")
UNIT_LINE = re.compile(r"^[\[【［(（]?(\d{3,})(?![\d.]|\s*年)[\]】］)）]?\s*[-－—:：]?\s*(\S.*)$")
MONEY_UNIT = re.compile(r"^单位[：:](.*)$")
MONTH = re.compile(r"^(\d{1,2})月(?:底|末)?$")
GOAL_NUMBER = re.compile(r"^\s*(?:(\d+)\s*[.．、]|[（(](\d+)[)）]|目标\s*(\d+)\s*[：:、.．])\s*")
YEAR = re.compile(r"(20\d\d)\s*年")  # "2019年", and "( 2019 年度)" as some templates space it

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
                     "计划投资额", "项目总投资", "年初预算数", "项目总预算", "总预算", "项目资金总额", "总额"),
    "budget_fiscal": ("财政资金", "财政拨款", "当年财政拨款", "本年财政拨款", "财政预算拨款", "本级财政资金", "财政性资金",
                      "一般公共预算", "一般公共预算拨款", "一般公共预算资金", "市财政资金", "县财政资金", "区财政资金",
                      "省级财政资金", "市级财政资金", "县级财政资金", "省财政资金", "本级财政拨款", "财政补助",
                      "财政补助资金", "财政专项资金", "其中财政拨款", "上级资金", "上级补助资金",
                      "上级补助", "中央财政资金", "中央资金", "中央补助资金", "省级资金", "省级补助资金"),
    "budget_other": ("其他资金", "其他来源资金", "自筹资金", "单位自筹", "单位自筹资金", "其他来源", "自有资金", "其他收入"),
    "purpose": ("资金用途", "项目资金用途", "资金主要用途", "主要用途", "项目主要内容", "资金使用方向", "主要内容"),
    "goals": ("绩效目标", "年度绩效目标", "年度绩效总目标", "年度", "年度总目标", "年度目标", "本年度目标", "本年度绩效目标", "年度总体目标", "项目年度绩效目标",  # noqa: E501
              "年度绩效目标内容", "当年绩效目标", "年度预期目标", "绩效目标内容", "项目绩效目标", "预期目标", "项目年度目标",
              "年度主要目标和成果", "年度主要目标"),
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
              "项目概况", "立项时间", "预算年度",
              # 四川 自评表 amount rows beside 财政资金 and 其他资金: read and set aside
              "财政专户管理资金", "单位资金",
              # 重庆 奉节 审批表: the money's budget class and account code, the project's class and approval
              "财政资金预算分类", "财政资金科目代码", "项目分类", "建设周期", "业务主管部门", "项目审批", "项目总体概况",
              "年度预算执行率", "预算执行率"),
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
# Rows closing an indicator block: the total (its points are no indicator) and the conclusions under it.
TOTAL_ROW = re.compile(r"^(?:总分|合计|总计)(?:[（(]\d+分[)）])?$")
END_ROW = re.compile(r"^(?:评价结论|自评结论|绩效自评结论|存在问题|改进措施|偏差大或目标未完成原因分析|其他需说明的问题)")
# 金额单位 printed above a table or in a label: "单位：元", "金额单位：万元", "项目资金（元）".
MONEY_UNIT_WORD = re.compile(r"(?:金额)?单位[：:]\s*(万元|元|千元)")
LABEL_UNIT = re.compile(r"[（(](?:单位[：:])?\s*(万元|元|千元)\s*[)）]")


def is_header_cell(text: str) -> bool:
    """Whether a cell heads the indicator block (一级指标, 二级指标, 三级指标)."""
    return normalize(text) in HEADER_WORDS


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
                             "绩效指标", "年度绩效指标", "本年度绩效指标", "绩效目标", "年度绩效目标", "绩",
                             "年度绩效指标完成情况"})  # the MoF 自评表's label left of its header (天长 2022)


def ignored_column(key: str) -> bool:
    """A header cell nobody needs to name (a normalised key): 备注, or the label merged over the header, its points
    and its number aside ("年度绩效目标1（40分）", "年度绩效目标2（40分）": 黄冈 2020's two goal blocks)."""
    return any(k in IGNORED_COLUMNS for k in (key, bare(key), re.sub(r"\d+$", "", bare(key))))


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
    plain = _SUBTOTAL.sub("", _ENUMERATOR.sub("", key))
    if plain != key and _LABEL_OF.get(plain) in AMOUNT_KINDS:
        # A breakdown's numbered lines: "（一）财政拨款小计", "（二）自有资金小计", "（三）其他收入".
        return _LABEL_OF[plain]
    return _LABEL_OF.get(key) or _LABEL_OF.get(bare(key)) or _label_by_pattern(bare(key))


AMOUNT_KINDS = ("budget_total", "budget_fiscal", "budget_other")
_SUBTOTAL = re.compile(r"(?:小计|合计)$")


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


_SERIAL = re.compile(r"^[=＝]?\s*(4\d)[,，]?(\d{3})$")


def excel_date(target: str, name: str) -> str:
    """A date that went through Excel as its serial number ("44,561" under 完成时间) written back as a date."""
    import datetime

    match = _SERIAL.match(target.strip())
    if match is None or not re.search(r"时间|时限|日期|期限|截止|完成", name):
        return target
    day = datetime.date(1899, 12, 30) + datetime.timedelta(days=int(match.group(1) + match.group(2)))
    return f"{day.year}年{day.month}月{day.day}日"


# A row the officer struck out ("指标1：/ | / | /", 天长 2022): not applicable, no indicator.
STRUCK_OUT = frozenset({"/", "／", "\\", "-", "－", "—", "——", "无"})


def level_name(text: str) -> str:
    """A level as the taxonomy knows it: no spaces, no points or fill-in notes ("产出指标(50分)", "数量指标(必填)")."""
    text = squeeze(text)
    # … and "成本指标(0-20)分", "产出指标(40-50)分" (重庆 奉节 2023: the points a level may take, "分" outside).
    text = re.sub(r"[（(]\d+(?:[-－~～—至]\d+)?[)）]分$", "", text)
    return re.sub(r"[（(][^（）()]*(?:\d+分|分\)|必填|选填|硬性)[^（）()]*[)）]$", "", text)


# "指标1：", "1.", "★" before a name; "(≥**%)", "(≤**万元)": a template's hint where the value goes,
# the asterisks sometimes left out ("排污沟(≥米)", "粉碎拌合机(11kw)(≥台)", 昌宁 2022).
_NAME_NUMBER = re.compile(r"^(?:[★*※]+|指标\s*\d+\s*[:：．.、]|\d+\s*[.．、](?!\d))\s*")
_HINT = re.compile(r"\s*[（(]\s*(?:([≥≤=><≧≦＞＜])\s*\**|\*+)\s*([^()（）\d*≥≤=><≧≦＞＜]{0,6})\s*[)）]")
# A measure word in brackets ends a name ("面积(亩)"); a remark on what is counted does not ("建设项目个数(含续建)",
# 天津 宝坻 2022: a bare "1" stays 1, not "1含续建").
_UNIT_IN_NAME = re.compile(r"[（(]\s*(?!含|不含|包括|包含|其中)(%|[^\W\d_]{1,4}(?:/[^\W\d_]{1,3})?)\s*[)）]$")


def indicator_name(text: str) -> tuple[str, tuple[str, str]]:
    """The name without its template numbering and hints; the hint's comparator and unit."""
    name = _NAME_NUMBER.sub("", (text or "").strip())
    hint = _HINT.search(name)
    comparator, unit = (hint.group(1) or "", hint.group(2).strip()) if hint else ("", "")
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


def is_level2_name(text: str) -> bool:
    """Whether a level name is one of the taxonomy's level 2, "指标" left off or not ("社会效益")."""
    from app.domain.taxonomy import TAXONOMY

    names = {name for level2s in TAXONOMY.values() for name in level2s}
    return text not in TAXONOMY and (text in names or f"{text}指标" in names)


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
