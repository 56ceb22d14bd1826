"""Render the official target tables into .docx with docxtpl, then merge the level cells.

The templates loop over flat level-3 rows (``{% vm %}`` cannot merge over nested
loops, NOTES.md); one linear pass over the rendered tree then sets ``w:vMerge``
on the level-1/level-2 cells, as the context marks them. No python-docx
``cell.merge()``: it is quadratic.
"""

from io import BytesIO
from pathlib import Path

from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from lxml import etree

from app.documents.contexts import LAYOUTS
from app.documents.template_files import TEMPLATE_DIR
INDICATOR_CAPTION = "绩效指标表"  # the w:tblCaption of the indicator tables (docx_templates/build.py)

_TBL, _TR, _TC, _TCPR = qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:tcPr")
_CAPTION, _TBLPR, _VAL, _VMERGE = qn("w:tblCaption"), qn("w:tblPr"), qn("w:val"), qn("w:vMerge")
# tcPr children that come before w:vMerge in the schema (CT_TcPr).
_BEFORE_VMERGE = {qn("w:cnfStyle"), qn("w:tcW"), qn("w:gridSpan"), qn("w:hMerge")}


def template_path(layout: str) -> Path:
    """Return the template file of a layout (``full`` or ``basic``)."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    return TEMPLATE_DIR / f"target_{layout}.docx"


def render_docx(context: dict, layout: str = "full") -> bytes:
    """Render a document context (``contexts.document_context``) into the bytes of a .docx."""
    template = DocxTemplate(template_path(layout))
    template.render(context, autoescape=True)
    merge_levels(template.docx.element.body, context["projects"])
    buffer = BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def indicator_tables(body) -> list:
    """Return the indicator tables of a rendered body, in document order."""
    tables = []
    for element in body.iterchildren(_TBL):
        caption = element.find(_TBLPR).find(_CAPTION)
        if caption is not None and caption.get(_VAL) == INDICATOR_CAPTION:
            tables.append(element)
    return tables


def merge_levels(body, projects: list[dict]) -> None:
    """Set w:vMerge restart/continue on the level-1 and level-2 cells of every indicator table."""
    tables = indicator_tables(body)
    if len(tables) != len(projects):
        raise RuntimeError(f"{len(tables)} indicator tables rendered for {len(projects)} projects")
    for table, project in zip(tables, projects):
        rows = table.findall(_TR)[1:]  # the first row is the header
        if len(rows) != len(project["rows"]):
            raise RuntimeError(f"{len(rows)} indicator rows rendered for {len(project['rows'])}")
        for tr, data in zip(rows, project["rows"]):
            merge1, merge2 = data["merge1"], data["merge2"]
            if not (merge1 or merge2):
                continue
            cells = tr.findall(_TC)
            if merge1:
                _set_vmerge(cells[0], merge1)
            if merge2:
                _set_vmerge(cells[1], merge2)


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
