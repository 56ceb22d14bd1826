"""The 项目支出绩效运行监控表 (.docx): context builder (pure) and rendering.

``sheet_context`` turns a project's monitoring sheet (funds from the payments, the
officer's report) into the plain dict ``docx_templates/monitoring.docx`` expects;
``render`` fills the template (autoescape on) and merges the level cells in one
linear pass over the rendered XML (no python-docx ``cell.merge()``: quadratic, NOTES.md).
"""

from decimal import Decimal

from app.documents.contexts import literal
from app.documents.docx_export import merge_trailing_levels, render_template
from app.documents.tables import merged_rows, numbered_goals
from app.documents.template_files import TEMPLATE_DIR
from app.domain.money import format_money
from app.domain.monitoring import reason_of
from app.domain.numbers import percent_fixed as percent

TEMPLATE = TEMPLATE_DIR / "monitoring.docx"
CAPTION = "项目支出绩效运行监控表"  # the w:tblCaption of the tables (docx_templates/build_monitoring.py)
TRAILING_ROWS = 0  # the indicator rows end the table


def _money(value: Decimal | None, *, blank_zero: bool = False) -> str:
    if value is None or (blank_zero and value == 0):
        return ""
    return format_money(value)


def _merge(span: int) -> str:
    return "continue" if span == 0 else "restart" if span > 1 else ""


def sheet_context(sheet, *, page_break: bool = False) -> dict:
    """Describe one project's 监控表 from its sheet (``project``, ``month``, ``funds``, ``entry``, ``saved``)."""
    project, entry = sheet.project, sheet.entry
    rows = []
    for indicator, laid_out in zip(project.indicators, merged_rows(project.indicators)):
        typed = entry.row(indicator.id)
        rows.append(
            {
                "level1": literal(laid_out.level1) if laid_out.level1_span else "",
                "level2": literal(laid_out.level2) if laid_out.level2_span else "",
                "name": literal(laid_out.name),
                "target": literal(laid_out.target_text),
                "progress": literal(typed.progress),
                "expected": literal(typed.expected),
                "likelihood": literal(typed.likelihood),
                "reason": literal(reason_of(typed)),
                "measures": literal(typed.measures),
                "merge1": _merge(laid_out.level1_span),
                "merge2": _merge(laid_out.level2_span),
            }
        )
    funds = []
    for n, f in enumerate(sheet.funds):
        part = n > 0
        funds.append(
            {
                "label": f.label,
                "initial": _money(f.initial, blank_zero=part),
                "spent": _money(f.spent, blank_zero=part and not f.initial),
                "rate": percent(f.rate) if f.rate is not None else "",
                "expected": _money(f.expected),
            }
        )
    goals = "\n".join(numbered_goals([goal.text for goal in project.goals]))
    return {
        "page_break": page_break,
        "year": project.year,
        "month": sheet.month,
        "note": "" if sheet.saved else "（未填报）",
        "name": literal(project.name),
        "supervisor": literal(project.unit.name),
        "unit": literal(project.unit.name),
        "funds": funds,
        "goals": literal(goals),
        "goal_progress": literal(entry.goal_progress),
        "rows": rows,
    }


def document_context(sheets) -> dict:
    """The whole document: one table per project, each after a page break but the first."""
    return {"projects": [sheet_context(s, page_break=n > 0) for n, s in enumerate(sheets)]}


def render(sheets) -> bytes:
    """Render the 监控表 of the given sheets into the bytes of one .docx."""
    context = document_context(sheets)
    return render_template(TEMPLATE, context, merge_levels)


def merge_levels(body, projects: list[dict]) -> None:
    """Set w:vMerge on the level-1 and level-2 cells of the indicator rows of every table."""
    merge_trailing_levels(body, projects, caption=CAPTION, trailing_rows=TRAILING_ROWS, name="监控表")
