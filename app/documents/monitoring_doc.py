"""The 项目支出绩效运行监控表 (.docx): context builder (pure) and rendering.

``sheet_context`` turns a project's monitoring sheet (funds from the payments, the
officer's report) into the plain dict ``docx_templates/monitoring.docx`` expects;
``render`` fills the template (autoescape on) and merges the level cells in one
linear pass over the rendered XML (no python-docx ``cell.merge()``: quadratic, NOTES.md).
"""

from decimal import Decimal
from io import BytesIO

from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from lxml import etree

from app.documents.contexts import literal
from app.documents.tables import merged_rows
from app.documents.template_files import TEMPLATE_DIR
from app.domain.money import format_money
from app.domain.monitoring import reason_of
from app.domain.progress import percent

TEMPLATE = TEMPLATE_DIR / "monitoring.docx"
CAPTION = "项目支出绩效运行监控表"  # the w:tblCaption of the tables (docx_templates/build_monitoring.py)
TRAILING_ROWS = 0  # the indicator rows end the table

_TBL, _TR, _TC, _TCPR = qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:tcPr")
_CAPTION, _TBLPR, _VAL, _VMERGE = qn("w:tblCaption"), qn("w:tblPr"), qn("w:val"), qn("w:vMerge")
_BEFORE_VMERGE = {qn("w:cnfStyle"), qn("w:tcW"), qn("w:gridSpan"), qn("w:hMerge")}  # CT_TcPr order


def _money(value: Decimal | None, *, blank_zero: bool = False) -> str:
    if value is None or (blank_zero and value == 0):
        return ""
    return format_money(value)


def _merge(span: int) -> str:
    return "continue" if span == 0 else "restart" if span > 1 else ""


def sheet_context(sheet, *, page_break: bool = False) -> dict:
    """Describe one project's 监控表 from its sheet (``project``, ``month``, ``funds``, ``entry``, ``saved``)."""
    project, entry = sheet.project, sheet.entry
    indicators = [
        {"level1": i.level1, "level2": i.level2, "name": i.name, "target_text": i.target_text} for i in project.indicators
    ]
    rows = []
    for indicator, laid_out in zip(project.indicators, merged_rows(indicators)):
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
    goals = "\n".join(f"{n}.{goal.text}" for n, goal in enumerate(project.goals, start=1))
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
    template = DocxTemplate(TEMPLATE)
    template.render(context, autoescape=True)
    merge_levels(template.docx.element.body, context["projects"])
    buffer = BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def merge_levels(body, projects: list[dict]) -> None:
    """Set w:vMerge on the level-1 and level-2 cells of the indicator rows of every table."""
    tables = [
        t for t in body.iterchildren(_TBL)
        if (c := t.find(_TBLPR).find(_CAPTION)) is not None and c.get(_VAL) == CAPTION
    ]
    if len(tables) != len(projects):
        raise RuntimeError(f"{len(tables)} 监控表 rendered for {len(projects)} projects")
    for table, project in zip(tables, projects):
        rows = table.findall(_TR)
        first = len(rows) - TRAILING_ROWS - len(project["rows"])
        for tr, data in zip(rows[first:len(rows) - TRAILING_ROWS], project["rows"]):
            cells = tr.findall(_TC)  # cells[0] is the 绩效指标 label column
            if data["merge1"]:
                _set_vmerge(cells[1], data["merge1"])
            if data["merge2"]:
                _set_vmerge(cells[2], data["merge2"])


def _set_vmerge(tc, kind: str) -> None:
    tc_pr = tc.find(_TCPR)
    if tc_pr is None:
        tc_pr = etree.Element(_TCPR)
        tc.insert(0, tc_pr)
    position = 0
    for child in tc_pr:
        if child.tag not in _BEFORE_VMERGE:
            break
        position += 1
    element = etree.Element(_VMERGE)
    if kind == "restart":
        element.set(_VAL, "restart")
    tc_pr.insert(position, element)
