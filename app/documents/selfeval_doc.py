"""The 项目支出绩效自评表 (.docx): context builder (pure) and rendering.

``sheet_context`` turns a project's year end (its table, the entry and the
checker's verdict) into the plain dict ``docx_templates/selfeval.docx`` expects;
``render`` fills the template and merges the level cells in one linear pass over
the rendered XML (no python-docx ``cell.merge()``: it is quadratic, NOTES.md).
"""

from decimal import Decimal

from app.documents.contexts import literal
from app.documents.docx_export import merge_trailing_levels, render_template
from app.documents.tables import merged_rows, numbered_goals
from app.documents.template_files import TEMPLATE_DIR
from app.domain.money import format_money
from app.domain.numbers import percent_fixed, plain
from app.domain.yearend import APPROVED, STATUS_LABELS, SUBMITTED

TEMPLATE = TEMPLATE_DIR / "selfeval.docx"
CAPTION = "项目支出绩效自评表"  # the w:tblCaption of the tables (docx_templates/build_selfeval.py)
TRAILING_ROWS = 2  # 总分 and 自评等级 follow the indicator rows
DASH = "—"


def _number(value: Decimal | None) -> str:
    return "" if value is None else plain(value)


def _money(value: Decimal | None, *, blank_zero: bool = False) -> str:
    if value is None or (blank_zero and value == 0):
        return ""
    return format_money(value)


def sheet_context(year_end, *, page_break: bool = False) -> dict:
    """Describe one project's 自评表 from its year end (``facts``, ``entry``, ``verdict``, ``status``)."""
    facts, entry, verdict = year_end.facts, year_end.entry, year_end.verdict
    execution, evaluation = verdict.execution, verdict.evaluation
    level_points: dict[str, Decimal] = {}
    for item, row in zip(facts.indicators, verdict.rows):
        if row.weight is not None:
            level_points[item.level1] = level_points.get(item.level1, Decimal(0)) + row.weight
    rows = []
    for laid_out, row in zip(merged_rows(facts.indicators), verdict.rows):
        typed = entry.row(row.indicator_id)
        result = row.result
        level1 = laid_out.level1
        if level1 in level_points:
            level1 = f"{level1}（{plain(level_points[level1])}分）"
        rows.append(
            {
                "level1": literal(level1) if laid_out.level1_span else "",
                "level2": literal(laid_out.level2) if laid_out.level2_span else "",
                "name": literal(laid_out.name),
                "target": literal(laid_out.target_text),
                "actual": literal("不适用" if typed.not_applicable else typed.actual or (typed.grade.value if typed.grade else "")),
                # 不适用: no points in the table, its share went to the level's other indicators.
                "weight": DASH if typed.not_applicable else _number(row.weight),
                "score": DASH if typed.not_applicable else _number(result.score) if result else "",
                "reason": literal(typed.deviation_reason),
                "merge1": _merge(laid_out.level1_span),
                "merge2": _merge(laid_out.level2_span),
            }
        )
    scheme = getattr(year_end, "scheme", None)
    rows = _part_rows(scheme, evaluation) + rows
    funds = [
        {
            "label": "年度资金总额",
            "initial": _money(facts.budget_total),
            "adjusted": _money(entry.budget_adjusted if entry.budget_adjusted is not None else facts.budget_total),
            "spent": _money(entry.spent),
            "points": _number(execution.points) if execution else "",
            "rate": percent_fixed(execution.rate) if execution else "",
            "score": _number(execution.score) if execution else "",
        },
        _part("其中：本年财政拨款", _money(facts.budget_fiscal), entry.spent_fiscal),
        _part("上年结转资金", "", entry.spent_carryover),
        _part("其他资金", _money(facts.budget_other, blank_zero=True), entry.spent_other),
    ]
    # One paragraph per goal (not line breaks inside one justified paragraph, whose lines would stretch).
    goals = [literal(goal) for goal in numbered_goals(list(facts.goals))] or [""]
    return {
        "page_break": page_break,
        "year": facts.year,
        "note": "" if year_end.status in (SUBMITTED, APPROVED) else f"（{STATUS_LABELS.get(year_end.status, '未填报')}）",
        "name": literal(facts.name),
        "supervisor": literal(entry.supervising_department or facts.unit_name),
        "unit": literal(facts.unit_name),
        "funds": funds,
        "execution_reason": literal(entry.execution_reason),
        "goals": goals,
        "overall_actual": literal(entry.overall_actual),
        "rows": rows,
        "total_points": _total_points(scheme, execution, verdict.rows, entry),
        "total": _number(evaluation.total) if evaluation else "",
        "grade": evaluation.grade if evaluation else "",
    }


def _part_rows(scheme, evaluation) -> list[dict]:
    """The parts an evaluator scores (项目决策, 项目过程 of four-part frameworks), before the indicators."""
    if scheme is None:
        return []
    scores = {part.name: part.score for part in evaluation.parts} if evaluation else {}
    return [
        {
            "level1": literal(f"{part.name}（{plain(part.points)}分）"),
            "level2": "",
            "name": literal(part.criteria or part.name),
            "target": "",
            "actual": "评价人打分",
            "weight": _number(part.points),
            "score": _number(scores.get(part.name)),
            "reason": "",
            "merge1": "",
            "merge2": "",
        }
        for part in scheme.parts
    ]


def _total_points(scheme, execution, rows, entry) -> str:
    """总分's 分值: what the scheme's points add up to (as printed: the weights in the table)."""
    if scheme is None:
        return "100"
    if any(row.weight is None for row in rows):
        return plain(scheme.total_points())
    weights = sum((row.weight for row in rows if not entry.row(row.indicator_id).not_applicable), Decimal(0))
    counted = execution.points if execution and scheme.execution_in_total else Decimal(0)
    if execution is None and scheme.execution_in_total:
        counted = scheme.execution_points
    return plain(counted + weights + sum((part.points for part in scheme.parts), Decimal(0)))


def _part(label: str, initial: str, spent: Decimal | None) -> dict:
    return {"label": label, "initial": initial, "adjusted": "", "spent": _money(spent), "points": DASH, "rate": DASH, "score": DASH}


def _merge(span: int) -> str:
    return "continue" if span == 0 else "restart" if span > 1 else ""


def document_context(year_ends) -> dict:
    """The whole document: one table per project, each after a page break but the first."""
    return {"projects": [sheet_context(y, page_break=n > 0) for n, y in enumerate(year_ends)]}


def render(year_ends) -> bytes:
    """Render the 自评表 of the given year ends into the bytes of one .docx."""
    context = document_context(year_ends)
    return render_template(TEMPLATE, context, merge_levels)


def merge_levels(body, projects: list[dict]) -> None:
    """Set w:vMerge on the level-1 and level-2 cells of the indicator rows of every table."""
    merge_trailing_levels(body, projects, caption=CAPTION, trailing_rows=TRAILING_ROWS, name="自评表")
