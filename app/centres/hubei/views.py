"""外贸综合服务中心 (Hubei): centres, a year's evidence, service records with import, the score page, the ranking.

Thin: find the centre (404), check the user may act on its unit (403), bind the form, call
one service, render or redirect. Who may do what is ``CENTRE_READ``/``CENTRE_EDIT`` of
``app.domain.access`` on the centre's unit; a centre without a unit is the department's to keep
(a 填报 of every unit, ``guards.may_change``) and every 审核/审计's to read (app/centres/hubei/README.md).
"""

import datetime

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms.fields.choices import SelectChoice

from app.centres.hubei import exports, services
from app.centres.hubei.records import HEADERS, LABELS
from app.centres.hubei.sheet import CATEGORY_LABELS, LEVEL_LABELS, score_sheet
from app.centres.rules.hubei_model import SERVICE_ITEMS
from app.domain.access import Permission, allows, visible_units
from app.domain.errors import ConflictError, DomainError
from app.services import audit, conflicts, listing, uploads
from app.views.guards import allow, current_principal, may_change, same_site_referrer, units_for
from app.views.sending import send_document
from app.views.uploading import upload_store, zip_limits
from forms import attach
from forms.hubei import (
    AssignmentForm,
    CentreForm,
    ConfirmForm,
    ConfirmRecordsForm,
    EvidenceForm,
    RecordsImportForm,
    evidence_data,
)

bp = Blueprint("centres", __name__, url_prefix="/centres")

UPLOAD_EXTENSIONS = ("csv", "xlsx")
RECORDS_SHOWN = 500  # rows listed on the records page; the counts cover all


def _scope() -> frozenset[int] | None:
    return visible_units(current_principal(), Permission.CENTRE_READ)


def _centre(centre_id: int, permission: Permission | None = None):
    """The centre of the URL: 404 when unknown, 403 when the user may not act on its unit."""
    centre = services.get_centre(centre_id)
    if centre is None:
        abort(404)
    needed = permission or (Permission.CENTRE_EDIT if request.method == "POST" else Permission.CENTRE_READ)
    if not allows(current_principal(), needed, centre.unit_id):
        abort(403)
    if needed is Permission.CENTRE_EDIT and not may_change(needed, centre.unit_id):
        abort(403)  # a centre of no unit is the department's to keep
    return centre


def _may_edit(centre) -> bool:
    return may_change(Permission.CENTRE_EDIT, centre.unit_id)


def _year(value: int) -> int:
    try:
        services.check_year(value)
    except DomainError:
        abort(404)
    return value


def _query_year() -> int:
    year = request.args.get("year", type=int)
    return _year(year) if year is not None else services.default_year()




def _flash_problems(messages) -> None:
    for message in messages:
        flash(message, "error")


# -- centres -------------------------------------------------------------------------------


@bp.get("/")
@allow(Permission.CENTRE_READ)
def index():
    year = _query_year()
    page = listing.slice_page(services.list_centres(_scope()), request.args.get("page", 1, type=int))
    return render_template(
        "centres/index.html", centres=page.items, page=page, year=year, years=_years(year), levels=LEVEL_LABELS,
        can_create=allows(current_principal(), Permission.CENTRE_EDIT),
    )


def _years(year: int) -> list[int]:
    years = set(services.years_in_use()) | {year, datetime.date.today().year}
    return sorted(years, reverse=True)


def _centre_form(form: CentreForm, centre=None) -> CentreForm:
    units = units_for(Permission.CENTRE_EDIT)
    form.set_units(units, allow_none=True)
    if centre is not None and centre.unit_id is not None and all(u.id != centre.unit_id for u in units):
        form.set_units([centre.unit, *units], allow_none=True)
    return form


def _unit_allowed(form: CentreForm) -> bool:
    unit_id = form.chosen_unit()
    if not may_change(Permission.CENTRE_EDIT, unit_id):
        form.unit_id.errors = list(form.unit_id.errors or []) + ["只能选择本人所属的单位（不属于任何单位的中心由主管部门维护）"]
        return False
    return True


@bp.route("/new", methods=["GET", "POST"])
@allow(Permission.CENTRE_EDIT)
def create():
    form = _centre_form(CentreForm())
    if form.validate_on_submit() and _unit_allowed(form):
        try:
            centre = services.create_centre(form.to_draft())
        except DomainError as err:
            _flash_problems(attach(form, err))
        else:
            flash(f"已新增{centre.name}")
            return redirect(url_for(".evidence", centre_id=centre.id, year=services.default_year()))
    status = 422 if request.method == "POST" else 200
    return render_template("centres/form.html", form=form, centre=None), status


@bp.route("/<int:centre_id>/edit", methods=["GET", "POST"])
@allow(Permission.CENTRE_EDIT)
def edit(centre_id: int):
    centre = _centre(centre_id, Permission.CENTRE_EDIT)
    if request.method == "GET":
        form = CentreForm(obj=centre)
        form.unit_id.data = str(centre.unit_id) if centre.unit_id else ""
    else:
        form = CentreForm()
    _centre_form(form, centre)
    if request.method == "POST" and form.validate_on_submit() and _unit_allowed(form):
        try:
            services.update_centre(centre, form.to_draft())
        except DomainError as err:
            _flash_problems(attach(form, err))
        else:
            flash("已保存")
            return redirect(url_for(".edit", centre_id=centre.id))
    status = 422 if request.method == "POST" else 200
    events = audit.history(centre, limit=50)
    return render_template(
        "centres/form.html", form=form, centre=centre, events=events, delete_form=ConfirmForm(formdata=None),
        now_year=services.default_year(),
    ), status


@bp.post("/<int:centre_id>/delete")
@allow(Permission.CENTRE_EDIT)
def delete(centre_id: int):
    centre = _centre(centre_id, Permission.CENTRE_EDIT)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    name = centre.name
    services.delete_centre(centre)
    flash(f"已删除{name}及其考核材料和服务记录")
    return redirect(url_for(".index"))


# -- the year's evidence -------------------------------------------------------------------


@bp.route("/<int:centre_id>/<int:year>/evidence", methods=["GET", "POST"])
@allow(Permission.CENTRE_READ, post=Permission.CENTRE_EDIT)
def evidence(centre_id: int, year: int):
    centre, year = _centre(centre_id), _year(year)
    stored = services.get_evidence(centre, year)
    if request.method == "GET":
        form = EvidenceForm(data=evidence_data(stored, services.claims_of(stored)))
        form.version.data, form.seen.data = str(services.evidence_version(stored)), str(_mark(stored))
        return _render_evidence(centre, year, form, stored)
    form = EvidenceForm()
    if form.validate_on_submit():
        try:
            services.save_evidence(centre, year, form.to_draft(), form.version.data or "", form.seen.data)
        except ConflictError as err:  # the page now shows the latest version: a second save is deliberate
            stored = services.get_evidence(centre, year)
            form.version.data, form.seen.data = str(services.evidence_version(stored)), str(_mark(stored))
            _flash_problems(problem.message for problem in err.problems)
        except DomainError as err:
            _flash_problems(form.attach(err))
        else:
            flash(f"已保存 {year} 年度考核材料")
            return redirect(url_for(".evidence", centre_id=centre.id, year=year))
    else:
        flash("请修改标红的内容后再保存", "error")
    return _render_evidence(centre, year, form, stored, 422)


def _mark(stored) -> int:
    return conflicts.mark(stored) if stored is not None else 0


def _render_evidence(centre, year, form, stored, status: int = 200):
    return render_template(
        "centres/evidence.html", centre=centre, year=year, form=form, stored=stored, editable=_may_edit(centre),
        categories=CATEGORY_LABELS, years=_years(year),
    ), status


# -- service records -----------------------------------------------------------------------


def _uploads() -> uploads.Uploads:
    return upload_store(UPLOAD_EXTENSIONS)


@bp.get("/<int:centre_id>/<int:year>/records")
@allow(Permission.CENTRE_READ)
def records(centre_id: int, year: int):
    centre, year = _centre(centre_id), _year(year)
    return _render_records(centre, year, RecordsImportForm(formdata=None))


def _render_records(centre, year, form, problems=(), status: int = 200):
    stored = services.service_records(centre, year)
    return render_template(
        "centres/records.html", centre=centre, year=year, records=stored[:RECORDS_SHOWN], total=len(stored),
        counts=services.item_counts(stored), form=form, problems=list(problems), editable=_may_edit(centre),
        headers=HEADERS, labels=LABELS, items=SERVICE_ITEMS, clear_form=ConfirmForm(formdata=None), years=_years(year),
    ), status


@bp.post("/<int:centre_id>/<int:year>/records/preview")
@allow(Permission.CENTRE_EDIT)
def preview_records(centre_id: int, year: int):
    centre, year = _centre(centre_id, Permission.CENTRE_EDIT), _year(year)
    form = RecordsImportForm()
    if not form.validate_on_submit():
        return _render_records(centre, year, form, status=422)
    upload = form.file.data
    data, filename = upload.read(), upload.filename or ""
    try:
        token, preview = _uploads().preview(
            data, filename, lambda content: services.preview_import(centre, year, filename, content, form.mode.data, **zip_limits())
        )
    except DomainError as err:
        return _render_records(centre, year, form, [p.message for p in err.problems], 422)
    confirm = ConfirmRecordsForm(formdata=None, token=token, mode=form.mode.data, filename=filename)
    return render_template(
        "centres/preview.html", centre=centre, year=year, preview=preview, confirm=confirm, filename=filename,
        before=score_sheet(preview.before, services.SETTINGS),
        after=score_sheet(preview.after, services.SETTINGS),
    )


@bp.post("/<int:centre_id>/<int:year>/records/confirm")
@allow(Permission.CENTRE_EDIT)
def confirm_records(centre_id: int, year: int):
    centre, year = _centre(centre_id, Permission.CENTRE_EDIT), _year(year)
    form = ConfirmRecordsForm()
    if not form.validate_on_submit():
        return _render_records(centre, year, RecordsImportForm(formdata=None), ["上传凭据无效，请重新上传文件"], 400)
    token = form.token.data
    try:
        result = _uploads().confirm(
            token,
            lambda data: services.import_records(centre, year, token, data, form.mode.data, form.filename.data or None, **zip_limits()),
        )
    except DomainError as err:
        return _render_records(centre, year, RecordsImportForm(formdata=None), [p.message for p in err.problems], 422)
    replaced = f"，替换原有 {result.replaced} 条" if result.replaced else ""
    flash(f"已导入 {len(result.records)} 条服务记录{replaced}")
    return redirect(url_for(".records", centre_id=centre.id, year=year))


@bp.post("/<int:centre_id>/<int:year>/records/clear")
@allow(Permission.CENTRE_EDIT)
def clear_records(centre_id: int, year: int):
    centre, year = _centre(centre_id, Permission.CENTRE_EDIT), _year(year)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    count = services.clear_records(centre, year)
    flash(f"已删除 {year} 年度的 {count} 条服务记录")
    return redirect(url_for(".records", centre_id=centre.id, year=year))


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    size = f"{limit // 1048576} MB" if limit >= 1048576 else f"{limit // 1024} KB"
    flash(f"上传的文件过大（不能超过 {size}）", "error")
    return redirect(same_site_referrer() or url_for(".index")), 303


# -- scores --------------------------------------------------------------------------------


@bp.get("/<int:centre_id>/<int:year>")
@allow(Permission.CENTRE_READ)
def score(centre_id: int, year: int):
    centre, year = _centre(centre_id), _year(year)
    report = services.centre_report(centre, year)
    return render_template(
        "centres/score.html", centre=centre, year=year, report=report, sheet=report.sheet, levels=LEVEL_LABELS,
        editable=_may_edit(centre), years=_years(year),
    )


@bp.get("/<int:centre_id>/<int:year>/score.docx")
@allow(Permission.CENTRE_READ, export=True)
def score_docx(centre_id: int, year: int):
    centre, year = _centre(centre_id), _year(year)
    report = services.centre_report(centre, year)
    return send_document(exports.score_sheet_docx(report), f"{year}年度{centre.name}绩效考核评分表.docx")


@bp.get("/ranking")
@allow(Permission.CENTRE_READ)
def ranking():
    year = _query_year()
    result = services.ranking(year, _scope())
    forms = {}
    for conflict in result.conflicts:
        if all(_may_edit(c) for c in conflict.centres):
            form = AssignmentForm(formdata=None, category=conflict.category, code=conflict.code)
            form.centre.choices = [SelectChoice("", "请选择")] + [SelectChoice(str(c.id), f"{c.code} {c.name}") for c in conflict.centres]
            forms[(conflict.category, conflict.code)] = form
    withdraw = {a.id: AssignmentForm(formdata=None, category=a.category, code=a.code) for a in result.assignments if _may_edit(a.centre)}
    return render_template(
        "centres/ranking.html", ranking=result, year=year, years=_years(year), levels=LEVEL_LABELS,
        forms=forms, withdraw=withdraw, categories=CATEGORY_LABELS,
    )


@bp.get("/ranking.xlsx")
@allow(Permission.CENTRE_READ, export=True)
def ranking_xlsx():
    year = _query_year()
    if len(services.list_centres(_scope())) > current_app.config.get("JIXIAO_JOB_RANKING_CENTRES", 50):
        from app.services import jobs  # many centres: scored by a background job (docs/jobs.md)

        job = jobs.submit("centre_ranking", {"year": year}, current_user, title=f"{year}年度服务中心绩效考核排名（Excel）",
                          address=request.remote_addr or "")
        return redirect(url_for("jobs.show", job_id=job.id))
    result = services.ranking(year, _scope())
    title = f"{year}年度外贸综合服务中心绩效考核排名"
    return send_document(exports.ranking_xlsx(result, title), f"{title}.xlsx")


@bp.post("/ranking/<int:year>/assign")
@allow(Permission.CENTRE_EDIT)
def assign(year: int):
    year = _year(year)
    form = AssignmentForm()
    if not form.validate_on_submit():
        _flash_problems(message for field in form for message in field.errors)
        return redirect(url_for(".ranking", year=year))
    claimants = services.claimants(year, form.category.data, form.code.data)
    if not all(_may_edit(c) for c in claimants):
        abort(403)  # an assignment decides for every centre that claims the company
    chosen = (form.centre.data or "").strip()
    target = next((c for c in claimants if str(c.id) == chosen), None)
    if chosen and target is None:
        flash("所选中心未申报该企业", "error")
        return redirect(url_for(".ranking", year=year))
    try:
        services.set_assignment(year, form.category.data, form.code.data, target)
    except DomainError as err:
        _flash_problems(p.message for p in err.problems)
    else:
        label = CATEGORY_LABELS[form.category.data]
        flash(f"{label} {form.code.data} 已归口至{target.name}" if target else f"已撤销{label} {form.code.data} 的归口")
    return redirect(url_for(".ranking", year=year))
