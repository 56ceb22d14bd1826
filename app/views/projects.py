"""Projects: the list, the whole-table form, the official-layout page, delete and copy."""

import datetime
from dataclasses import replace

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from wtforms.fields.choices import SelectChoice

from app.documents.tables import merged_rows, numbered_goals
from app.domain.access import Permission, allows, visible_units
from app.domain.errors import ConflictError, DomainError
from app.domain.readmodel import StoredProject
from app.domain.targets import describe_target, parse_target
from app.domain.workflow import available, is_editable
from app.services import audit, projects, quality, units, workflow
from app.views.guards import allow, current_principal
from app.views.helpers import status_label
from app.views.jobs import large_export
from app.views.sending import send_document
from app.views.unit_picker import chosen_unit, picker_units
from forms import error_count
from forms.accounts import CommentForm
from forms.projects import ConfirmForm, GoalForm, IndicatorForm, ProjectForm

bp = Blueprint("projects", __name__, url_prefix="/projects")


def _describe(text: str, year: int | None = None) -> str:
    """How a 指标值 is understood in the project's ``year`` (a date without a year is in it)."""
    return describe_target(parse_target(text, year)) if text.strip() else ""


@bp.get("/")
@allow(Permission.PROJECT_READ)
def index():
    if (typed := chosen_unit()) is not None:
        return typed
    year = request.args.get("year", type=int)
    unit_id = request.args.get("unit", type=int)
    query = request.args.get("q", "")
    scope = visible_units(current_principal(), Permission.PROJECT_READ)
    listing = projects.list_projects(year, unit_id, query, unit_ids=scope, page=request.args.get("page", 1, type=int))
    return render_template(
        "projects/index.html",
        listing=listing,
        units=picker_units(),
        unit=units.get_unit(unit_id) if unit_id else None,
        years=units.years_in_use(),
        year=year,
        unit_id=unit_id,
        query=query,
        confirm=ConfirmForm(),
    )


@bp.get("/list.xlsx")
@allow(Permission.PROJECT_READ, export=True)
def list_xlsx():
    """The list as Excel with the page's filters (every line, not one page); a background job when large.

    As on the page, no unit chosen means every unit the user reads (an officer's own units).
    """
    year = request.args.get("year", type=int)
    unit_id = request.args.get("unit", type=int)
    query = request.args.get("q", "")
    unit = (units.get_unit(unit_id) or abort(404)) if unit_id else None
    principal = current_principal()
    if unit is not None and not allows(principal, Permission.PROJECT_READ, unit.id):
        abort(403)
    scope = visible_units(principal, Permission.PROJECT_READ)
    count = projects.list_totals(year, scope, unit_id, query).count
    params = {"query": query}
    title = projects.list_title(year, unit, query)
    if (started := large_export("project_list_xlsx", year, unit, params, f"{title}（Excel）", count=count)) is not None:
        return started  # a province's list: built by a background job (docs/jobs.md)
    return send_document(projects.build_list_xlsx(year, unit, query, scope), projects.list_filename(year, unit))


@bp.route("/new", methods=["GET", "POST"])
@allow(Permission.PROJECT_EDIT)
def create():
    form = _form()
    if request.method == "GET":
        form.unit_id.data = request.args.get("unit", type=int)
        unit = units.get_unit(form.unit_id.data) if form.unit_id.data else None
        if unit is None and len(form.unit_id.choices) == 1:
            unit = units.get_unit(form.unit_id.choices[0].value)
            form.unit_id.data = unit.id
        # The year in use (the list's year, else the latest year with projects), not the calendar's.
        form.year.data = request.args.get("year", type=int) or _year_in_use()
        _plan_rows(form, unit, form.year.data)
    elif form.validate_on_submit():
        unit = units.get_unit(form.unit_id.data) or abort(400)
        if not allows(current_principal(), Permission.PROJECT_EDIT, unit.id):
            abort(403)
        draft = form.to_draft()
        if _months_confirmed(form, unit, draft):
            try:
                project, review = projects.create_project(unit, draft)
            except DomainError as err:
                _show_errors(form, err)
            else:
                _flash_warnings("已创建项目", review)
                return redirect(url_for(".show", project_id=project.id))
    return _render_form(form, None)


@bp.get("/<int:project_id>")
@allow(Permission.PROJECT_READ)
def show(project_id: int):
    project = projects.get_project(project_id) or abort(404)
    table = StoredProject.of(project)
    principal = current_principal()
    return render_template(
        "projects/show.html",
        project=project,
        table=table,
        rows=merged_rows(table.indicators, lambda text: _describe(text, project.year)),
        goals=numbered_goals(table.goals),
        confirm=ConfirmForm(),
        editable=is_editable(project.status),
        steps=[s for s in available(project.status, principal.roles) if allows(principal, _STEP_PERMISSION[s.role], project.unit_id)],
        comment_form=CommentForm(),
        last_step=workflow.last_step(project),
        findings=quality.findings_of(project),
    )


@bp.get("/<int:project_id>/history")
@allow(Permission.PROJECT_READ)
def history(project_id: int):
    project = projects.get_project(project_id) or abort(404)
    return render_template("projects/history.html", project=project, events=audit.history(project))


@bp.route("/<int:project_id>/edit", methods=["GET", "POST"])
@allow(Permission.PROJECT_EDIT)
def edit(project_id: int):
    project = projects.get_project(project_id) or abort(404)
    if not is_editable(project.status):
        flash(f"项目{_status_text(project)}，不能修改；如需修改，请审核人员退回或重新打开", "error")
        return redirect(url_for(".show", project_id=project.id))
    if request.method == "GET":
        form = _form(data=_form_data(project))
    else:
        form = _form()
        if form.validate_on_submit() and _months_confirmed(
            form, units.get_unit(form.unit_id.data) or project.unit, form.to_draft(), project
        ):
            try:
                review = projects.update_project(project, form.to_draft(), expected_version=_version(form))
            except ConflictError as err:
                form.version.data = str(projects.get_project(project.id).version)  # a second save is deliberate
                flash(str(err), "error")  # the conflict alone: no field is in error
            except DomainError as err:
                _show_errors(form, err)
            else:
                _flash_warnings("已保存", review)
                return redirect(url_for(".show", project_id=project.id))
    return _render_form(form, project)


@bp.route("/<int:project_id>/delete", methods=["GET", "POST"])
@allow(Permission.PROJECT_EDIT)
def delete(project_id: int):
    project = projects.get_project(project_id) or abort(404)
    if not is_editable(project.status):
        flash(f"项目{_status_text(project)}，不能删除", "error")
        return redirect(url_for(".show", project_id=project.id))
    form = ConfirmForm()
    if form.validate_on_submit():
        name = project.name
        projects.delete_project(project)
        flash(f"已删除项目“{name}”")
        return redirect(url_for(".index", year=project.year, unit=project.unit_id))
    return render_template("projects/delete.html", project=project, form=form)


@bp.post("/<int:project_id>/copy")
@allow(Permission.PROJECT_EDIT)
def copy(project_id: int):
    project = projects.get_project(project_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        copy = projects.copy_to_next_year(project)
    except DomainError as err:
        flash(str(err), "error")
        return redirect(url_for(".show", project_id=project.id))
    flash(f"已复制到 {copy.year} 年度，请核对后修改")
    for note in projects.deadline_notes(copy):
        flash(f"提示：{note}", "warning")
    for note in quality.carry_forward(project):  # last year's results (issue 17, point 4)
        flash(f"上年完成情况：{note}", "warning")
    return redirect(url_for(".edit", project_id=copy.id))


_STEP_PERMISSION = {"officer": Permission.PROJECT_SUBMIT, "reviewer": Permission.PROJECT_REVIEW}


def _units(scope):
    return [unit for unit in units.list_units() if scope is None or unit.id in scope]


def _form(**kwargs) -> ProjectForm:
    form = ProjectForm(**kwargs)
    scope = visible_units(current_principal(), Permission.PROJECT_EDIT)
    form.unit_id.choices = [SelectChoice(unit.id, unit.label) for unit in _units(scope)]
    return form


def _version(form: ProjectForm) -> int | None:
    """The version the editor opened; missing or garbled counts as outdated (0)."""
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        return 0


def _status_text(project) -> str:
    return status_label(project.status)


def _form_data(project) -> dict:
    """What the form shows for a stored project."""
    draft = projects.draft_of(project)
    months = units.checkpoint_months(project.unit, project.year)
    amounts = {c.month: c.amount for c in draft.checkpoints}
    plan = [{"month": m, "amount": amounts.get(m)} for m in (sorted(amounts) if amounts else months)]
    return {
        "unit_id": project.unit_id,
        "year": project.year,
        "code": project.code or "",
        "name": project.name,
        "budget_total": project.budget_total,
        "budget_fiscal": project.budget_fiscal,
        "budget_other": project.budget_other,
        "purpose": project.purpose,
        "version": str(project.version),
        "goals": [{"text": text} for text in draft.goals] or [{"text": ""}],
        "long_term_goals": "\n".join(draft.long_term_goals),
        "checkpoints": plan,
        "indicators": [vars(i) for i in draft.indicators] or [{}],
    }


def _year_in_use() -> int:
    """The latest fiscal year that holds projects, else this calendar year."""
    years = units.years_in_use()
    return years[0] if years else datetime.date.today().year


def _months_confirmed(form: ProjectForm, unit, draft, project=None) -> bool:
    """A plan whose months differ from the unit's setting for the year is saved only once confirmed
    (a stored project that already had those months is not asked again)."""
    months = tuple(c.month for c in draft.checkpoints)
    setting = units.checkpoint_months(unit, draft.year)
    kept = project is not None and months == tuple(c.month for c in project.checkpoints)
    if not months or months == setting or kept or form.confirm_months.data:
        return True
    form.confirm_months.errors = [
        f"本项目的支出计划节点（{units.months_text(months)}）与“{unit.name}” {draft.year} 年度的设置"
        f"（{units.months_text(setting)}）不同；确认无误请勾选“{form.confirm_months.label.text}”后再次保存"
    ]
    return False


def _plan_rows(form: ProjectForm, unit, year: int) -> None:
    months = units.checkpoint_months(unit, year)
    while form.checkpoints.entries:
        form.checkpoints.pop_entry()
    for month in months:
        form.checkpoints.append_entry({"month": month, "amount": None})


def _show_errors(form: ProjectForm, err: DomainError) -> None:
    for message in form.attach(err):
        flash(message, "error")


def _flash_warnings(message: str, review) -> None:
    flash(message)
    for warning in review.warnings:
        flash(f"提示：{warning.message}", "warning")


def _render_form(form: ProjectForm, project):
    status = 422 if request.method == "POST" else 200
    year = form.year.data if isinstance(form.year.data, int) else None
    understood = [_describe(e.form.target_text.data or "", year) for e in form.indicators.entries]
    # A value the form refused (a unit not among the choices, a year out of range) is not looked up.
    plan_unit = units.get_unit(form.unit_id.data) if isinstance(form.unit_id.data, int) and not form.unit_id.errors else None
    plan_year = form.year.data if isinstance(form.year.data, int) and not form.year.errors else _year_in_use()
    return (
        render_template(
            "projects/form.html",
            form=form,
            project=project,
            understood=understood,
            blank_indicator=IndicatorForm(prefix="indicators-__index__-"),
            blank_goal=GoalForm(prefix="goals-__index__-"),
            error_count=error_count(form),
            plan_unit=plan_unit,
            plan_hint=units.months_hint(plan_unit, plan_year),
            findings=form_findings(form),
        ),
        status,
    )


def form_findings(form: ProjectForm) -> list:
    """The quality findings on what the form holds, placed at the form's own rows (issue 17)."""
    return [replace(f, where=form.field_path(f.where)) for f in quality.draft_findings(form.to_draft())]
