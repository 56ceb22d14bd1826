"""Word exports: one project's table, or all tables (and the department document) of a unit and year."""


from flask import Blueprint, abort, flash, redirect, request, url_for

from app.domain.access import Permission
from app.domain.errors import DomainError
from app.services import exports, projects, units
from app.views.guards import allow
from app.views.sending import send_document

bp = Blueprint("exports", __name__)



@bp.get("/projects/<int:project_id>/export.docx")
@allow(Permission.PROJECT_READ, export=True)
def project(project_id: int):
    found = projects.get_project(project_id) or abort(404)
    layout = _layout()
    selection = exports.select_export(found.year, layout=layout, project_id=found.id)
    return _send(selection)


@bp.get("/projects/<int:project_id>/export.xlsx")
@allow(Permission.PROJECT_READ, export=True)
def project_xlsx(project_id: int):
    found = projects.get_project(project_id) or abort(404)
    selection = exports.select_export(found.year, layout=_layout(), project_id=found.id)
    return _send(selection, "xlsx")


@bp.get("/exports/targets.xlsx")
@allow(Permission.PROJECT_READ, unit_arg="unit", export=True)
def targets_xlsx():
    return targets("xlsx")


@bp.get("/exports/targets.docx")
@allow(Permission.PROJECT_READ, unit_arg="unit", export=True)
def targets(kind: str = "docx"):
    year = request.args.get("year", type=int)
    unit_id = request.args.get("unit", type=int)
    back = url_for("projects.index", year=year, unit=unit_id)
    if year is None:
        flash("请先选择年度再导出", "error")
        return redirect(back)
    unit = units.get_unit(unit_id) if unit_id else None
    if unit_id and unit is None:
        abort(404)
    try:
        selection = exports.select_export(
            year, unit.code if unit else None, layout=_layout(),
            department=kind == "docx" and request.args.get("department") == "1",
        )
    except DomainError as err:
        flash(f"未导出：{err}", "error")
        return redirect(back)
    return _send(selection, kind)


def _layout() -> str:
    layout = request.args.get("layout", "full")
    if layout not in exports.LAYOUT_NAMES:
        abort(400)
    return layout


def _send(selection, kind: str = "docx"):
    content = exports.render_selection(selection, kind)
    return send_document(content, selection.filename(kind))
