"""支出记录: a project's payments (list, add, delete), its budget adjustments, and importing a list."""


from flask import Blueprint, abort, flash, redirect, render_template, url_for

from app.domain.access import Permission
from app.domain.errors import DomainError
from app.services import payments, projects, units, uploads
from app.views.guards import allow, require_unit_code, units_for
from app.views.uploading import upload_store, zip_limits
from forms import attach
from forms.payments import BudgetAdjustmentForm, ConfirmPaymentsForm, DeletePaymentForm, PaymentForm, PaymentImportForm

bp = Blueprint("payments", __name__)


def _project(project_id: int):
    return projects.get_project(project_id) or abort(404)


def _render(project, form=None, adjust_form=None, status: int = 200):
    items = payments.list_payments(project)
    spent = sum((p.amount for p in items), payments.ZERO)
    budget = payments.budget_of(project)
    return (
        render_template(
            "payments/index.html",
            project=project,
            payments=items,
            spent=spent,
            budget=budget,
            remaining=budget - spent,
            adjustments=payments.adjustments(project),
            form=form or PaymentForm(formdata=None),
            adjust_form=adjust_form or BudgetAdjustmentForm(formdata=None),
            delete_form=DeletePaymentForm(formdata=None),
        ),
        status,
    )


@bp.get("/projects/<int:project_id>/payments")
@allow(Permission.PROJECT_READ)
def index(project_id: int):
    return _render(_project(project_id))


@bp.post("/projects/<int:project_id>/payments")
@allow(Permission.PROJECT_EDIT)
def add(project_id: int):
    project = _project(project_id)
    form = PaymentForm()
    if form.validate_on_submit():
        try:
            payment = payments.add_payment(project, form.to_draft(project.year))
        except DomainError as err:
            for message in attach(form, err):
                flash(message, "error")
        else:
            flash(f"已登记支出 {payment.amount} 万元（{payment.day.isoformat()}）")
            return redirect(url_for(".index", project_id=project.id))
    return _render(project, form=form, status=422)


@bp.post("/projects/<int:project_id>/payments/delete")
@allow(Permission.PROJECT_EDIT)
def delete(project_id: int):
    project = _project(project_id)
    form = DeletePaymentForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        payment = payments.delete_payment(project, int(form.payment_id.data))
    except (DomainError, ValueError):
        flash("该支出记录不存在或已删除", "error")
    else:
        flash(f"已删除 {payment.day.isoformat()} 的支出 {payment.amount} 万元")
    return redirect(url_for(".index", project_id=project.id))


@bp.post("/projects/<int:project_id>/budget-adjustments")
@allow(Permission.PROJECT_EDIT)
def adjust(project_id: int):
    project = _project(project_id)
    form = BudgetAdjustmentForm()
    if form.validate_on_submit():
        try:
            adjustment = payments.adjust_budget(project, form.amount.data, form.reason.data, form.day.data)
        except DomainError as err:
            for message in attach(form, err):
                flash(message, "error")
        else:
            flash(f"已登记预算调整：调整后预算数 {adjustment.amount} 万元")
            return redirect(url_for(".index", project_id=project.id))
    return _render(project, adjust_form=form, status=422)


@bp.get("/payments/import")
@allow(Permission.PROJECT_EDIT)
def import_form():
    form = PaymentImportForm(formdata=None)
    form.set_units(units_for(Permission.PROJECT_EDIT))
    years = units.years_in_use()
    form.year.data = years[0] if years else None
    return render_template("payments/import.html", form=form, problems=[])


@bp.post("/payments/import")
@allow(Permission.PROJECT_EDIT)
def import_file():
    """Read the list and show what it would store; the file is kept for the confirming POST."""
    form = PaymentImportForm()
    form.set_units(units_for(Permission.PROJECT_EDIT))
    if not form.validate_on_submit():
        return render_template("payments/import.html", form=form, problems=[]), 422
    require_unit_code(Permission.PROJECT_EDIT, form.unit.data)  # an officer imports into their own units only
    upload = form.file.data
    filename = upload.filename or ""
    unit = units.find_unit(form.unit.data)
    if unit is None:  # a code no unit has (the choices are not validated: the list may be long)
        return render_template("payments/import.html", form=form, problems=[f"单位编码 {form.unit.data} 不存在"]), 422
    try:
        token, summary = _uploads().preview(
            upload.read(), filename, lambda data: payments.preview_file(unit, form.year.data, filename, data, **zip_limits()),
            label="上传的 Excel 文件",
        )
    except DomainError as err:
        return render_template("payments/import.html", form=form, problems=[p.message for p in err.problems]), 422
    confirm = ConfirmPaymentsForm(formdata=None, token=token, unit=unit.code, year=form.year.data, filename=filename)
    return render_template("payments/preview.html", summary=summary, unit=unit, year=form.year.data, confirm=confirm)


@bp.post("/payments/import/confirm")
@allow(Permission.PROJECT_EDIT)
def import_confirm():
    form = ConfirmPaymentsForm()
    if not form.validate_on_submit():
        return _import_page(["上传凭据无效，请重新上传文件"], 400)
    require_unit_code(Permission.PROJECT_EDIT, form.unit.data)
    unit = units.find_unit(form.unit.data)
    if unit is None:
        return _import_page([f"单位编码 {form.unit.data} 不存在"], 422)
    filename = form.filename.data or form.token.data
    try:
        summary = _uploads().confirm(
            form.token.data, lambda data: payments.import_file(unit, form.year.data, filename, data, **zip_limits())
        )
    except DomainError as err:
        return _import_page([p.message for p in err.problems], 422)
    return render_template("payments/imported.html", summary=summary, unit=unit, year=form.year.data)


def _import_page(problems: list[str], status: int):
    form = PaymentImportForm(formdata=None)
    form.set_units(units_for(Permission.PROJECT_EDIT))
    return render_template("payments/import.html", form=form, problems=problems), status


def _uploads() -> uploads.Uploads:
    return upload_store(("csv", "xlsx"))
