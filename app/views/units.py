"""预算单位 and their spending-plan months."""

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for

from app.domain.access import Permission, visible_units
from app.domain.errors import ConflictError, DomainError
from app.services import conflicts, units
from app.views.guards import allow, current_principal
from forms import attach
from forms.projects import MonthsForm, UnitForm

bp = Blueprint("units", __name__, url_prefix="/units")


@bp.route("/", methods=["GET", "POST"])
@allow(Permission.UNIT_READ, post=Permission.UNIT_MANAGE)
def index():
    form = UnitForm()
    status = 200
    if form.validate_on_submit():
        try:
            unit = units.create_unit(form.code.data, form.name.data)
        except DomainError as err:
            for message in attach(form, err):
                flash(message, "error")
        else:
            flash(f"已添加单位 {unit.label}")
            return redirect(url_for(".index"))
    if form.errors or form.is_submitted():
        status = 422
    scope = visible_units(current_principal(), Permission.UNIT_READ)  # 填报: their own units only
    shown = [unit for unit in units.list_units() if scope is None or unit.id in scope]
    return render_template("units/index.html", units=shown, form=form), status


@bp.get("/search")
@allow(Permission.PROJECT_READ)
def search():
    """Up to 20 units matching ``q`` (code or name) among those the user may read, as JSON (the unit pickers)."""
    return _found(Permission.PROJECT_READ)


@bp.get("/lookup")
@allow(Permission.UNIT_READ)
def lookup():
    """The same search for the administration pages' pickers (an administrator reads units, not projects)."""
    return _found(Permission.UNIT_READ)


def _found(permission: Permission):
    scope = visible_units(current_principal(), permission)
    found = units.search_units(request.args.get("q", "")[:100], scope)
    return jsonify(units=[{"id": u.id, "code": u.code, "name": u.name, "label": u.label} for u in found])


@bp.route("/<int:unit_id>", methods=["GET", "POST"])
@allow(Permission.UNIT_READ, post=Permission.UNIT_MANAGE)
def edit(unit_id: int):
    unit = units.get_unit(unit_id) or abort(404)
    form = UnitForm(obj=unit if request.method == "GET" else None)  # a save carries back the version it saw
    if request.method == "GET":
        form.seen.data = str(conflicts.mark(unit))
    months_form = MonthsForm(prefix="plan")
    if form.validate_on_submit():
        try:
            units.update_unit(unit, form.code.data, form.name.data, form.version.data or "", form.seen.data)
        except DomainError as err:
            if isinstance(err, ConflictError):  # the page now shows the latest version: a second save is deliberate
                form.version.data, form.seen.data = str(unit.version), str(conflicts.mark(unit))
                messages = [problem.message for problem in err.problems]
            else:
                messages = attach(form, err)
            for message in messages:
                flash(message, "error")
        else:
            flash("已保存")
            return redirect(url_for(".edit", unit_id=unit.id))
    status = 422 if form.is_submitted() else 200
    return render_template("units/edit.html", unit=unit, form=form, months_form=months_form), status


@bp.post("/<int:unit_id>/months")
@allow(Permission.UNIT_MANAGE)
def months(unit_id: int):
    unit = units.get_unit(unit_id) or abort(404)
    months_form = MonthsForm(prefix="plan")
    if months_form.validate_on_submit():
        try:
            chosen = units.parse_months(months_form.months.data)
            units.set_checkpoint_months(unit, months_form.year.data, chosen)
        except DomainError as err:
            attach(months_form, err)
        else:
            flash(f"{months_form.year.data} 年度支出计划节点已设为 {'、'.join(f'{m}月底' for m in chosen)}")
            return redirect(url_for(".edit", unit_id=unit.id))
    return render_template("units/edit.html", unit=unit, form=UnitForm(obj=unit), months_form=months_form), 422
