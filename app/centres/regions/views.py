"""订单+清单 (Zhejiang, seed 002): the regions of a year, a region's months, chart, editing, import, Excel.

Officers (填报) of a region's unit edit it (a region without a unit is the department's: only an
officer of every unit edits it);
reviewers and auditors read; auditors change nothing. The numbers are the engine's, through
``app.centres.regions.services``.
"""

import datetime

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from markupsafe import Markup
from werkzeug.exceptions import RequestEntityTooLarge

from app.centres.regions import services
from app.centres.regions.chart import percent, rates_chart
from app.centres.regions.sheets import regions_xlsx
from app.centres.regions.table import COLUMNS, share_text
from app.centres.rules.common import number_text
from app.domain.access import Permission, allows, visible_units
from app.domain.errors import ConflictError, DomainError
from app.services import uploads
from app.views.guards import allow, current_principal, may_change, units_for
from app.views.sending import send_document
from app.views.uploading import upload_store, zip_limits
from forms import attach
from forms.regions import (
    CELLS,
    ConfirmImportForm,
    DeleteRegionForm,
    ImportForm,
    MonthsForm,
    RegionForm,
    months_data,
)

bp = Blueprint("regions", __name__, url_prefix="/regions")

READ, EDIT = Permission.PROJECT_READ, Permission.PROJECT_EDIT


@bp.context_processor
def _helpers() -> dict:
    return {
        "percent": percent, "share_text": share_text, "number_text": number_text, "rules": services.settings(), "cells": CELLS,
    }


def _region(region_id: int, permission: Permission):
    """The region, if the user may act on it: 404 for an unknown one, 403 for another unit's."""
    region = services.get_region(region_id) or abort(404)
    if not allows(current_principal(), permission, region.unit_id):
        abort(403)
    if permission is EDIT and not may_change(EDIT, region.unit_id):
        abort(403)  # a region of no unit is the department's to keep
    return region


def _year(region=None) -> int:
    year = request.args.get("year", type=int)
    if year and 1990 <= year <= 2200:
        return year
    years = services.years_in_use(region) or services.years_in_use()
    return years[0] if years else datetime.date.today().year


def _scope():
    return visible_units(current_principal(), READ)


@bp.get("/")
@allow(READ)
def index():
    year = _year()
    table = services.year_table(year, _scope())
    return render_template("regions/index.html", table=table, year=year, years=services.years_in_use())


@bp.get("/regions.xlsx")
@allow(READ, export=True)
def xlsx():
    year = _year()
    table = services.year_table(year, _scope())
    title = f"{year} 年度外贸“订单+清单”填报响应考核"
    return send_document(regions_xlsx(table, title), f"{year}年度订单清单填报响应考核.xlsx")


@bp.route("/new", methods=["GET", "POST"])
@allow(EDIT)
def create():
    return _region_form(None)


@bp.route("/<int:region_id>/edit", methods=["GET", "POST"])
@allow(EDIT)
def edit(region_id: int):
    return _region_form(_region(region_id, EDIT))


def _region_form(region):
    """Add a region (REGION None) or change one: name, province, unit."""
    form = RegionForm(obj=region if region is not None and request.method == "GET" else None)
    form.set_units(units_for(EDIT))
    if region is not None and request.method == "GET":
        form.unit.data = str(region.unit_id or "")
    if form.validate_on_submit() and _unit_allowed(form):
        draft = services.RegionDraft(form.name.data, form.province.data, form.unit_id())
        try:
            saved = services.update_region(region, draft) if region is not None else services.create_region(draft)
        except DomainError as err:
            _flash_unplaced(attach(form, err))
        else:
            flash(f"已保存地区“{saved.name}”")
            return redirect(url_for(".show", region_id=saved.id))
    status = 422 if request.method == "POST" else 200
    return render_template("regions/region_form.html", form=form, region=region), status


def _unit_allowed(form: RegionForm) -> bool:
    """An officer gives a region to one of their own units, or to none."""
    unit_id = form.unit_id()
    if may_change(EDIT, unit_id):
        return True
    form.unit.errors = list(form.unit.errors or []) + ["只能选择您所在的预算单位（不属于任何单位的地区由主管部门维护）"]
    return False


@bp.route("/<int:region_id>/delete", methods=["GET", "POST"])
@allow(EDIT)
def delete(region_id: int):
    region = _region(region_id, EDIT)
    form = DeleteRegionForm()
    if form.validate_on_submit():
        name = region.name
        services.delete_region(region)
        flash(f"已删除地区“{name}”及其全部年度数据")
        return redirect(url_for(".index"))
    return render_template("regions/delete.html", region=region, form=form, years=services.years_in_use(region))


@bp.get("/<int:region_id>")
@allow(READ)
def show(region_id: int):
    region = _region(region_id, READ)
    year = _year(region)
    report = services.region_report(region, year)
    chart = None
    if report.data is not None:
        rules = services.settings()
        title = f"{region.name} {year} 年度月度填报率与响应率"
        chart = Markup(rates_chart(title, report.data["months"], rules.fill_target, rules.response_target))  # numbers and escaped text only
    return render_template(
        "regions/show.html", region=region, year=year, years=services.years_in_use(region), report=report, chart=chart,
        can_edit=may_change(EDIT, region.unit_id),
    )


@bp.route("/<int:region_id>/months", methods=["GET", "POST"])
@allow(EDIT)
def months(region_id: int):
    region = _region(region_id, EDIT)
    if request.method == "GET":
        year = _year(region)
        record = services.record_of(region, year)
        stored = {m.month: _cells(m) for m in record.months} if record is not None else {}
        form = MonthsForm(formdata=None, data=months_data(
            year, services.version_of(region, year), record.cases if record else 0, stored, services.mark(region, year)))
        return render_template("regions/months.html", region=region, form=form, year=year, problems=[])
    form = MonthsForm()
    year = form.year.data if form.year.data and 1990 <= form.year.data <= 2200 else _year(region)
    problems = []
    if form.validate_on_submit():
        try:
            services.save_table(region, year, form.cases.data, form.rows(), form.version.data, form.seen.data)
        except ConflictError as err:  # the form now holds the latest version: a second save is deliberate
            problems = [p.message for p in err.problems]
            form.version.data, form.seen.data = services.version_of(region, year), str(services.mark(region, year))
            form.version.raw_data = [str(form.version.data)]  # an IntegerField shows what was posted
        except DomainError as err:
            attach(form, err)
            problems = [p.message for p in err.problems]
        else:
            flash(f"已保存 {region.name} {year} 年度的月度数据")
            return redirect(url_for(".show", region_id=region.id, year=year))
    else:
        problems = [f"{name}：{message}" for name, messages in _errors(form) for message in messages]
    return render_template("regions/months.html", region=region, form=form, year=year, problems=problems), 422


def _cells(month) -> dict:
    return {
        name: share_text(getattr(month, name)) if name in ("fill_share", "prev_accuracy", "completion") else str(getattr(month, name))
        for name, _ in CELLS
    }


def _errors(form):
    labels = {"year": "年度", "version": "版本号", "cases": "获评案例数"}
    return [(labels.get(name, name), messages) for name, messages in form.errors.items() if isinstance(messages, list) and messages and isinstance(messages[0], str)]  # noqa: E501


@bp.route("/<int:region_id>/import", methods=["GET", "POST"])
@allow(EDIT)
def import_file(region_id: int):
    region = _region(region_id, EDIT)
    if request.method == "GET":
        form = ImportForm(formdata=None, data={"year": _year(region)})
        return _import_page(region, form)
    form = ImportForm()
    if not form.validate_on_submit():
        return _import_page(region, form, status=422)
    upload = form.file.data
    filename = upload.filename or ""
    try:
        token, preview = _uploads().preview(
            upload.read(), filename, lambda data: services.preview_import(region, form.year.data, filename, data, **zip_limits())
        )
    except DomainError as err:
        return _import_page(region, form, [p.message for p in err.problems], status=422)
    confirm = ConfirmImportForm(
        formdata=None,
        data={"year": preview.year, "version": preview.version, "token": token, "filename": preview.filename},
    )
    return render_template("regions/import_preview.html", region=region, preview=preview, confirm=confirm)


@bp.post("/<int:region_id>/import/confirm")
@allow(EDIT)
def import_confirm(region_id: int):
    region = _region(region_id, EDIT)
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        return _import_page(region, ImportForm(formdata=None, data={"year": _year(region)}), ["导入内容无效，请重新上传文件"], status=400)
    filename = form.filename.data or ""
    try:
        _uploads().confirm(
            form.token.data,
            lambda data: services.confirm_file(region, form.year.data, filename or form.token.data, data, form.version.data, **zip_limits()),
        )
    except DomainError as err:
        return _import_page(region, ImportForm(formdata=None, data={"year": form.year.data}), [p.message for p in err.problems], status=422)
    flash(f"已导入 {region.name} {form.year.data} 年度的月度数据")
    return redirect(url_for(".show", region_id=region.id, year=form.year.data))


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    size = f"{limit // 1048576} MB" if limit >= 1048576 else f"{limit // 1024} KB"
    return render_template("errors.html", code=413, message=f"上传的文件过大（不能超过 {size}）"), 413


def _uploads() -> uploads.Uploads:
    return upload_store(("csv", "xlsx"))


def _import_page(region, form: ImportForm, problems=(), status: int = 200):
    return render_template("regions/import.html", region=region, form=form, problems=list(problems), columns=COLUMNS), status


def _flash_unplaced(messages) -> None:
    for message in messages:
        flash(message, "error")
