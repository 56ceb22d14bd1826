"""绩效运行监控表: a project's report for 1–N月 (entry page and .docx), and a unit's tables in one .docx."""


from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from app.documents import monitoring_doc
from app.documents.tables import join_words
from app.domain.access import Permission
from app.domain.errors import DomainError
from app.services import monitoring, units
from app.views.guards import allow
from app.views.sending import send_document
from forms import attach
from forms.monitoring import MonitoringForm, form_data

bp = Blueprint("monitoring", __name__)



def _project(project_id: int):
    return monitoring.get_project(project_id) or abort(404)


def _month(year: int) -> int:
    month = request.args.get("month", type=int)
    return month if month and 1 <= month <= 12 else monitoring.default_month(year)


def _render(project, form: MonitoringForm, sheet, status: int = 200):
    rows = list(zip(project.indicators, form.rows.entries))
    return (
        render_template(
            "monitoring/edit.html",
            project=project,
            form=form,
            sheet=sheet,
            rows=rows,
            month=sheet.month,
            reported=monitoring.reported_months(project),
            failed=status == 422,
        ),
        status,
    )


@bp.get("/projects/<int:project_id>/monitoring")
@allow(Permission.PROJECT_READ)
def edit(project_id: int):
    project = _project(project_id)
    sheet = monitoring.sheet(project, _month(project.year))
    data = form_data(sheet.entry)
    if data["expected_spend"] is None:
        data["expected_spend"] = sheet.total.initial  # most projects expect to spend their budget
    return _render(project, MonitoringForm(data=data), sheet)


@bp.post("/projects/<int:project_id>/monitoring")
@allow(Permission.PROJECT_EDIT)
def save(project_id: int):
    project = _project(project_id)
    form = MonitoringForm()
    month = form.month.data if form.month.data and 1 <= form.month.data <= 12 else monitoring.default_month(project.year)
    if form.validate_on_submit():
        try:
            monitoring.save(project, form.to_entry())
        except DomainError as err:
            for message in attach(form, err):
                flash(message, "error")
        else:
            flash(f"已保存 1–{month}月绩效运行监控表")
            return redirect(url_for(".edit", project_id=project.id, month=month))
    entry = form.to_entry()
    sheet = monitoring.sheet(project, month, entry if len(entry.rows) == len(project.indicators) else None)
    if len(form.rows.entries) != len(project.indicators):  # a stale or empty post: show the stored rows
        form = MonitoringForm(formdata=None, data=form_data(sheet.entry))
    return _render(project, form, sheet, 422)


@bp.get("/projects/<int:project_id>/monitoring.docx")
@allow(Permission.PROJECT_READ, export=True)
def project_docx(project_id: int):
    project = _project(project_id)
    sheet = monitoring.sheet(project, _month(project.year))
    name = f"{project.year}年1-{sheet.month}月{join_words(project.name, '绩效运行监控表')}.docx"
    return send_document(monitoring_doc.render([sheet]), name)


@bp.get("/monitoring/unit.docx")
@allow(Permission.PROJECT_READ, unit_arg="unit", export=True)
def unit_docx():
    unit_id = request.args.get("unit", type=int)
    year = request.args.get("year", type=int)
    unit = units.get_unit(unit_id) if unit_id else None
    if unit is None or not year:
        flash("请选择年度和预算单位后再导出绩效运行监控表", "error")
        return redirect(url_for("progress.index", year=year))
    month = _month(year)
    sheets = monitoring.unit_sheets(year, unit, month)
    if not sheets:
        flash(f"{unit.label} 在 {year} 年度没有项目", "error")
        return redirect(url_for("progress.index", year=year, unit=unit.id))
    name = f"{year}年1-{month}月{join_words(unit.name, '绩效运行监控表')}.docx"
    return send_document(monitoring_doc.render(sheets), name)


