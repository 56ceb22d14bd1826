"""Word exports: one project's table, or all tables (and the department document) of a unit and year."""

from io import BytesIO

from flask import Blueprint, abort, flash, redirect, request, send_file, url_for

from app.domain.access import Permission
from app.domain.errors import DomainError
from app.services import exports, projects, units
from app.views.guards import allow

bp = Blueprint("exports", __name__)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.get("/projects/<int:project_id>/export.docx")
@allow(Permission.PROJECT_READ, export=True)
def project(project_id: int):
    found = projects.get_project(project_id) or abort(404)
    layout = _layout()
    selection = exports.select_export(found.year, layout=layout, project_id=found.id)
    return _send(selection)


@bp.get("/exports/targets.docx")
@allow(Permission.PROJECT_READ, unit_arg="unit", export=True)
def targets():
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
            year, unit.code if unit else None, layout=_layout(), department=request.args.get("department") == "1"
        )
    except DomainError as err:
        flash(f"未导出：{err}", "error")
        return redirect(back)
    return _send(selection)


def _layout() -> str:
    layout = request.args.get("layout", "full")
    if layout not in exports.LAYOUT_NAMES:
        abort(400)
    return layout


def _send(selection):
    content = exports.render_selection(selection)
    return send_file(BytesIO(content), mimetype=DOCX, as_attachment=True, download_name=selection.filename())
