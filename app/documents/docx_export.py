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
    return render_template(template_path(layout), context, merge_levels)


def render_template(path: Path, context: dict, merge) -> bytes:
    """Fill the template at ``path`` (autoescape on), call ``merge(body, context["projects"])``; the .docx bytes."""
    template = DocxTemplate(path)
    template.render(context, autoescape=True)
    merge(template.docx.element.body, context["projects"])
    buffer = BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def indicator_tables(body) -> list:
    """Return the indicator tables of a rendered body, in document order."""
    return captioned_tables(body, INDICATOR_CAPTION)


def captioned_tables(body, caption: str) -> list:
    """Return the tables of a rendered body whose w:tblCaption is ``caption``, in document order."""
    tables = []
    for element in body.iterchildren(_TBL):
        found = element.find(_TBLPR).find(_CAPTION)
        if found is not None and found.get(_VAL) == caption:
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
        set_level_merges(rows, project["rows"], column=0)


def merge_trailing_levels(body, projects: list[dict], *, caption: str, trailing_rows: int, name: str) -> None:
    """Set w:vMerge on the level cells of one-table-per-project documents (自评表, 监控表).

    The indicator rows of a table captioned ``caption`` are the last rows but
    ``trailing_rows``; their first cell is the 绩效指标 label column. ``name``
    names the table in the error when the tables do not match the projects.
    """
    tables = captioned_tables(body, caption)
    if len(tables) != len(projects):
        raise RuntimeError(f"{len(tables)} {name} rendered for {len(projects)} projects")
    for table, project in zip(tables, projects):
        rows = table.findall(_TR)
        indicator_rows = rows[len(rows) - trailing_rows - len(project["rows"]):len(rows) - trailing_rows]
        set_level_merges(indicator_rows, project["rows"], column=1)


def set_level_merges(rows, level_rows: list[dict], column: int) -> None:
    """Merge the level-1 and level-2 cells (``column`` and the next) of rendered rows, as their context rows mark them."""
    for tr, data in zip(rows, level_rows):
        merge1, merge2 = data["merge1"], data["merge2"]
        if not (merge1 or merge2):
            continue
        cells = tr.findall(_TC)
        if merge1:
            _set_vmerge(cells[column], merge1)
        if merge2:
            _set_vmerge(cells[column + 1], merge2)


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
