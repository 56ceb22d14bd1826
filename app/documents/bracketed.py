"""A unit's list of projects whose indicators are written inside one cell as 【一级-二级】 lines.

Budget publications list a unit's projects one row each (安徽 黄山 2025: 单位编码 | 单位名称（项目类别/
支出项目） | 年度预算安排 | 项目内容 | 绩效目标), the 绩效目标 cell holding the whole target table as text:

    【总体目标】
    保障……
    【产出指标-数量指标】
    指标1：机柜数量（≥77台）

Each project row becomes a table of its own, labels over an indicator grid, which the ordinary
reader then reads like any other (levels, hints and values alike).
"""

import re
from dataclasses import dataclass, field

from app.documents.grid import GridCell, Row
from app.documents.vocabulary import LABEL_UNIT, MONEY_UNIT_WORD, amount_in, normalize

HEADING = re.compile(r"【\s*([^【】]+?)\s*】\s*[:：]?")
# "产出指标-数量指标", "效益指标—社会效益指标": a level 1 and a level 2.
GROUP = re.compile(r"^(\S+?指标)\s*[-－—–]+\s*(\S+)$")
GOAL_HEADINGS = frozenset({"总体目标", "年度目标", "绩效目标", "年度绩效目标", "年度总体目标", "本年度目标"})
LONG_GOAL_HEADINGS = frozenset({"中长期目标", "长期目标", "中期目标", "实施期目标", "项目总目标"})
NUMBERING = re.compile(r"^\s*(?:指标\s*\d+|\d+)\s*[:：.．、]\s*")
VALUE_IN_PARENS = re.compile(r"^(.*?\S)\s*[（(]([^（）()]*)[)）]\s*$")
VALUE_AFTER_COLON = re.compile(r"^(.*?\S)\s*[:：]\s*(\S.*)$")


@dataclass
class ListedProject:
    """One project row of the list, as label rows and an indicator grid the table reader understands."""

    title: str
    texts: list[str]  # the lines above the table: "单位：元"
    rows: list[Row]
    notes: list[str] = field(default_factory=list)  # warnings for the officer


def has_groups(text: str) -> bool:
    return any(GROUP.match(normalize(h)) for h in HEADING.findall(text or ""))


def bracketed_projects(rows: list[Row], texts: list[str]) -> list[ListedProject] | None:
    """Cut such a list into one table per project; None when the rows are no such list.

    ``texts`` are the paragraphs above the table ("单位：元" says the money unit).
    """
    first = next((i for i, row in enumerate(rows) if any(has_groups(c.text) for c in row if not c.continued)), None)
    if first is None:
        return None
    target = next(c.start for c in rows[first] if has_groups(c.text))
    header = next((i for i in range(first - 1, -1, -1) if _is_header(rows[i], target)), None)
    if header is None:
        return None
    columns = _columns(rows[header], target)
    if "name" not in columns:
        return None
    unit_word = _money_unit(rows[header], columns, texts)
    body = rows[header + 1 :]
    notes: list[str] = []
    if unit_word is None:
        unit_word = "万元"
        amounts = [_cell(row, columns.get("budget")) for row in body]
        amounts = [a for a in amounts if a and amount_in(a) is not None]
        # No unit printed: whole numbers of ten thousand and more in every row are 元 (a budget list in 万元 shows
        # decimals, and no unit's projects are each above 一亿元).
        if amounts and all(re.fullmatch(r"\d{5,}", a.replace(",", "").replace("，", "")) for a in amounts):
            unit_word = "元"
            notes.append("金额未注明单位：各行均为万以上的整数，按元读取并换算为万元")
    units: dict[str, str] = {}
    last_unit = ""
    projects: list[ListedProject] = []
    for row in body:
        name = _cell(row, columns["name"])
        code = _cell(row, columns.get("code"))
        cell = _cell(row, target)
        if not has_groups(cell):
            if any("【" in c.text for c in row if not c.continued):
                where = f"“{name}”" if name else "一行"
                (projects[-1].notes if projects else notes).append(f"{where}没有【一级指标-二级指标】形式的绩效指标，未读入")
            elif code and name:
                units[code], last_unit = name, f"{code} {name}"  # a unit's own row: 037001 | 黄山市公安局 | total
            continue
        goals, long_goals, grid = _read_cell(cell)
        unit = f"{code} {units[code]}" if code in units else (code or last_unit)
        labels = [("项目名称", name), ("年度预算数", _cell(row, columns.get("budget"))), ("年度目标", goals),
                  ("中长期目标", long_goals), ("单位名称", unit)]
        label_rows = [[GridCell(label, 0, 1, False), GridCell(value, 1, 3, False)] for label, value in labels if value]
        head = [GridCell(text, i, 1, False) for i, text in enumerate(("一级指标", "二级指标", "三级指标", "指标值"))]
        indicator_rows = [[GridCell(text, i, 1, False) for i, text in enumerate(line)] for line in grid]
        projects.append(ListedProject(f"{name}绩效目标表", [f"单位：{unit_word}"], label_rows + [head] + indicator_rows, notes))
        notes = []
    return projects or None


def _read_cell(text: str) -> tuple[str, str, list[tuple[str, str, str, str]]]:
    """The goals, the long-term goals and the indicator rows (level 1, level 2, name, value) of one cell."""
    goals: list[str] = []
    long_goals: list[str] = []
    grid: list[tuple[str, str, str, str]] = []
    parts = HEADING.split(text)  # [before, heading, body, heading, body, …]
    for heading, body in zip(parts[1::2], parts[2::2]):
        key = normalize(heading)
        group = GROUP.match(key)
        if group is None:
            if key in GOAL_HEADINGS:
                goals.append(body.strip())
            elif key in LONG_GOAL_HEADINGS:
                long_goals.append(body.strip())
            continue  # 【项目概况】 and the like: no target
        for line in body.split("\n"):
            line = NUMBERING.sub("", line).strip()
            if not line:
                continue
            split = VALUE_IN_PARENS.match(line) or VALUE_AFTER_COLON.match(line)
            name, value = (split.group(1), split.group(2).strip()) if split else (line, "")
            grid.append((group.group(1), group.group(2), name, value))
    return "\n".join(g for g in goals if g), "\n".join(g for g in long_goals if g), grid


def _is_header(row: Row, target: int) -> bool:
    cell = next((c for c in row if c.covers(target) and not c.continued), None)
    return cell is not None and "【" not in cell.text and bool(re.search(r"目标|指标", normalize(cell.text)))


def _columns(row: Row, target: int) -> dict[str, int]:
    columns: dict[str, int] = {}
    for cell in row:
        key = normalize(cell.text)
        if cell.continued or cell.start == target or not key:
            continue
        if ("支出项目" in key or "项目名称" in key) and "name" not in columns:
            columns["name"] = cell.start
        elif ("编码" in key or "代码" in key) and "code" not in columns:
            columns["code"] = cell.start
        elif re.search(r"预算|金额|资金", key) and "budget" not in columns:
            columns["budget"] = cell.start
    return columns


def _money_unit(header: Row, columns: dict[str, int], texts: list[str]) -> str | None:
    budget = _cell(header, columns.get("budget"))
    stated = LABEL_UNIT.search(budget) if budget else None
    if stated:
        return stated.group(1)
    for text in texts:
        found = MONEY_UNIT_WORD.search(normalize(text))
        if found:
            return found.group(1)
    return None


def _cell(row: Row, column: int | None) -> str:
    if column is None:
        return ""
    cell = next((c for c in row if c.covers(column) and not c.continued), None)
    return cell.text.strip() if cell is not None else ""

