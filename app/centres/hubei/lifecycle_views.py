"""A centre's life (issue 16): applications and their review path, decision letters, contracts and filing,
support per year, service agreements, weekly reports, inspections, revocation and the blacklist.

Thin: find the object (404), check who may act (403), bind the form, call one service, redirect.
Who acts on an application is its unit's tiers (``lifecycle.tiers_of``): 填报 of the unit apply (县区),
审核 of the unit review (市州), a 审核 of every unit approves (省厅). A centre's 承办 account reports
its weekly work on ``/centres/report`` and sees nothing else.
"""

import datetime
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from app.centres.hubei import lifecycle, lifecycle_docs, lifecycle_terms, services
from app.centres.hubei.sheet import LEVEL_LABELS
from app.centres.models import CentreContract, ServiceAgreement
from app.centres.rules import hubei_lifecycle as rules
from app.centres.rules import hubei_lifecycle_terms as terms
from app.domain.access import Permission, allows, visible_units
from app.domain.errors import DomainError
from app.extensions import db
from app.services import uploads
from app.views.guards import allow, current_principal, may_change, units_for
from app.views.sending import send_document
from forms import attach
from forms.hubei_lifecycle import (
    AgreementForm,
    ApplicationForm,
    BlacklistForm,
    ConfirmForm,
    ContractForm,
    FilingForm,
    InspectionForm,
    MaterialForm,
    OperatorForm,
    PaymentForm,
    RevocationForm,
    SignForm,
    StepForm,
    WeeklyForm,
)

bp = Blueprint("centre_life", __name__, url_prefix="/centres")



def _today() -> datetime.date:
    return datetime.date.today()




def _problems(form, err: DomainError) -> None:
    for message in attach(form, err):
        flash(message, "error")


def _form_errors(form) -> None:
    for field in form:
        for message in field.errors or []:
            flash(f"{field.label.text}：{message}" if field.label and field.label.text else message, "error")


def _submitted(form, action) -> bool:
    """Check ``form`` and run ``action`` (one service call); on a problem flash it by field and return False."""
    if not form.validate_on_submit():
        _form_errors(form)
        return False
    try:
        action()
    except DomainError as err:
        _problems(form, err)
        _form_errors(form)
        return False
    return True


def _calendar() -> terms.Calendar:
    try:
        return lifecycle_terms.calendar_from(current_app.config)
    except ValueError:
        return terms.Calendar()  # a bad setting is the administrator's to fix; weekends still count


def _year() -> int:
    year = request.args.get("year", type=int) or _today().year
    try:
        services.check_year(year)
    except DomainError:
        abort(404)
    return year


# -- applications (001 第九条、第十条) ---------------------------------------------------------------


def _application(application_id: int):
    application = lifecycle.get_application(application_id)
    if application is None:
        abort(404)
    principal = current_principal()
    if not (allows(principal, Permission.CENTRE_READ, application.unit_id) if application.unit_id is not None
            else allows(principal, Permission.CENTRE_READ)):
        abort(403)
    return application


def _tiers(application):
    return lifecycle.tiers_of(current_principal(), application.unit_id)


@bp.get("/applications")
@allow(Permission.CENTRE_READ)
def applications():
    scope = visible_units(current_principal(), Permission.CENTRE_READ)
    return render_template(
        "centres/lifecycle/applications.html", applications=lifecycle.list_applications(scope),
        stages=rules.STAGE_LABELS, kinds={k.value: k.label for k in rules.Kind},
        can_apply=allows(current_principal(), Permission.CENTRE_EDIT), stage_of=rules.stage_of,
    )


def _application_form(form: ApplicationForm) -> ApplicationForm:
    scope = visible_units(current_principal(), Permission.CENTRE_EDIT)
    form.set_choices(units_for(Permission.CENTRE_EDIT), services.list_centres(scope))
    return form


@bp.route("/applications/new", methods=["GET", "POST"])
@allow(Permission.CENTRE_EDIT)
def new_application():
    form = _application_form(ApplicationForm())
    if form.validate_on_submit():
        if not may_change(Permission.CENTRE_EDIT, int(form.unit_id.data) if form.unit_id.data else None):
            abort(403)
        try:
            application = lifecycle.create_application(form.to_draft())
        except DomainError as err:
            _problems(form, err)
        else:
            flash("已保存申请草稿，请上传申报材料后提出申请")
            return redirect(url_for(".application", application_id=application.id))
    status = 422 if request.method == "POST" else 200
    return render_template("centres/lifecycle/application_form.html", form=form, application=None), status


@bp.route("/applications/<int:application_id>/edit", methods=["GET", "POST"])
@allow(Permission.CENTRE_EDIT)
def edit_application(application_id: int):
    application = _application(application_id)
    if rules.Tier.COUNTY not in _tiers(application):
        abort(403)
    form = _application_form(ApplicationForm())
    if request.method == "GET":
        form.fill_from(application)
    elif form.validate_on_submit():
        try:
            lifecycle.update_application(application, form.to_draft())
        except DomainError as err:
            _problems(form, err)
        else:
            flash("已保存")
            return redirect(url_for(".application", application_id=application.id))
    status = 422 if request.method == "POST" else 200
    return render_template("centres/lifecycle/application_form.html", form=form, application=application), status


@bp.get("/applications/<int:application_id>")
@allow(Permission.CENTRE_READ)
def application(application_id: int):
    application = _application(application_id)
    tiers = _tiers(application)
    return render_template(
        "centres/lifecycle/application.html", application=application, gaps=lifecycle.gaps(application),
        steps=rules.available_steps(application.stage, tiers), stage=rules.STAGE_LABELS[rules.stage_of(application.stage)],
        kind=rules.Kind(application.kind), labels=rules.MATERIAL_LABELS, levels=LEVEL_LABELS,
        editable=rules.stage_of(application.stage) in rules.EDITABLE_STAGES and rules.Tier.COUNTY in tiers,
        step_form=StepForm(), material_form=MaterialForm(), conditions=rules.CONDITIONS,
    )


@bp.post("/applications/<int:application_id>/materials")
@allow(Permission.CENTRE_EDIT)
def material(application_id: int):
    application = _application(application_id)
    if rules.Tier.COUNTY not in _tiers(application):
        abort(403)
    form = MaterialForm()
    if not form.validate_on_submit():
        _form_errors(form)
        return redirect(url_for(".application", application_id=application.id))
    upload = form.file.data
    data = upload.read() if upload and upload.filename else None
    try:
        lifecycle.set_material(
            application, form.key.data, folder=lifecycle.material_folder(current_app.instance_path),
            limits=uploads.Limits.from_config(current_app.config), filename=upload.filename if data is not None else "",
            data=None if form.missing.data else data, note=form.note.data or "",
        )
    except DomainError as err:
        _problems(form, err)
    else:
        flash(f"已更新材料：{rules.MATERIAL_LABELS.get(form.key.data, form.key.data)}")
    return redirect(url_for(".application", application_id=application.id))


@bp.get("/applications/<int:application_id>/materials/<key>")
@allow(Permission.CENTRE_READ)
def material_file(application_id: int, key: str):
    application = _application(application_id)
    found = next((m for m in application.materials if m.key == key), None)
    if found is None or found.status != "uploaded":
        abort(404)
    try:
        data = lifecycle.material_bytes(found, lifecycle.material_folder(current_app.instance_path))
    except DomainError:
        abort(404)
    extension = Path(found.stored).suffix.lstrip(".")
    return send_document(data, found.filename or f"{key}.{extension}", extension)


@bp.post("/applications/<int:application_id>/step")
@allow(Permission.CENTRE_READ)
def step(application_id: int):
    application = _application(application_id)
    if not _tiers(application):
        abort(403)
    form = StepForm()
    if not form.validate_on_submit():
        _form_errors(form)
        return redirect(url_for(".application", application_id=application.id))
    try:
        lifecycle.act(application, form.action.data, current_principal(), form.reason.data or "", _today(),
                      form.decision_no.data or "")
    except DomainError as err:
        for message in attach(form, err):
            flash(message, "error")
        for field in (form.reason,):
            for message in field.errors or []:
                flash(message, "error")
    else:
        flash(f"已办理：{rules.STEPS[form.action.data].label}")
    return redirect(url_for(".application", application_id=application.id))


@bp.get("/applications/<int:application_id>/decision.docx")
@allow(Permission.CENTRE_READ, export=True)
def decision_docx(application_id: int):
    application = _application(application_id)
    if rules.stage_of(application.stage) is not rules.Stage.APPROVED:
        abort(404)
    kind = rules.Kind(application.kind).label
    return send_document(lifecycle_docs.decision_docx(application), f"{kind}{application.centre_name}决定书.docx")


# -- a centre's terms (001 第十条（三）、第十一条; 000 第三条、第四条、附件2) -----------------------------------


def _centre(centre_id: int, permission: Permission = Permission.CENTRE_READ):
    centre = services.get_centre(centre_id)
    if centre is None:
        abort(404)
    if not allows(current_principal(), Permission.CENTRE_READ if permission is Permission.CENTRE_READ else permission,
                  centre.unit_id):
        abort(403)
    if permission is not Permission.CENTRE_READ and not may_change(permission, centre.unit_id):
        abort(403)
    return centre


@bp.get("/<int:centre_id>/life")
@allow(Permission.CENTRE_READ)
def life(centre_id: int):
    centre = _centre(centre_id)
    year = _year()
    calendar, today = _calendar(), _today()
    contracts = [(c, lifecycle_terms.filing_of(c, today, calendar)) for c in centre.contracts]
    status = lifecycle_terms.weekly_status([centre], year, min(today, datetime.date(year + 1, 1, 7)))
    return render_template(
        "centres/lifecycle/life.html", centre=centre, year=year, contracts=contracts,
        funding=lifecycle_terms.funding_row(centre, year), claims=lifecycle_terms.claim_support(centre, year),
        weekly=status[0] if status else None, differences=lifecycle_terms.weekly_vs_year_end(centre, year),
        reports=[r for r in centre.weekly_reports if r.week.year == year],
        inspections=[i for i in centre.inspections if i.year == year], grounds=rules.GROUND_BY_CODE,
        inspections_due=lifecycle_terms.missing_inspections(centre, year, today),
        may_edit=may_change(Permission.CENTRE_EDIT, centre.unit_id),
        may_inspect=allows(current_principal(), Permission.CENTRE_REVIEW, centre.unit_id),
        may_revoke=rules.Tier.PROVINCE in lifecycle.tiers_of(current_principal(), centre.unit_id),
        holidays_set=bool(current_app.config.get("JIXIAO_CENTRE_HOLIDAYS")),
        contract_form=ContractForm(), filing_form=FilingForm(), payment_form=PaymentForm(),
        agreement_form=AgreementForm(), sign_form=SignForm(), inspection_form=InspectionForm(year=year),
        revocation_form=RevocationForm(decided_on=today), operator_form=OperatorForm(), confirm_form=ConfirmForm(),
    )


def _back(centre, year=None):
    return redirect(url_for(".life", centre_id=centre.id, year=year or request.args.get("year", type=int) or _today().year))


@bp.post("/<int:centre_id>/contracts")
@allow(Permission.CENTRE_EDIT)
def sign_contract(centre_id: int):
    centre = _centre(centre_id, Permission.CENTRE_EDIT)
    form = ContractForm()
    if _submitted(form, lambda: lifecycle_terms.sign_contract(centre, form.year.data, form.signed_on.data, form.procurement_start.data, form.note.data)):
        flash(f"已登记 {form.year.data} 年度合同")
    return _back(centre, form.year.data)


@bp.post("/<int:centre_id>/contracts/filed")
@allow(Permission.CENTRE_EDIT)
def file_contract(centre_id: int):
    centre = _centre(centre_id, Permission.CENTRE_EDIT)
    form = FilingForm()
    contract = db.session.get(CentreContract, int(form.contract_id.data)) if (form.contract_id.data or "").isdigit() else None
    if contract is None or contract.centre_id != centre.id:
        abort(404)
    if _submitted(form, lambda: lifecycle_terms.file_contract(contract, form.filed_on.data)):
        filing = lifecycle_terms.filing_of(contract, _today(), _calendar())
        flash(filing.message, "error" if filing.late else "info")
    return _back(centre, contract.year)


@bp.post("/<int:centre_id>/payments")
@allow(Permission.CENTRE_EDIT)
def pay(centre_id: int):
    centre = _centre(centre_id, Permission.CENTRE_EDIT)
    form = PaymentForm()
    if _submitted(form, lambda: lifecycle_terms.record_payment(centre, form.year.data, form.amount.data, form.paid_on.data, form.note.data)):
        flash(f"已登记拨付 {form.amount.data} 万元")
    return _back(centre, form.year.data)


@bp.post("/<int:centre_id>/agreements")
@allow(Permission.CENTRE_EDIT)
def new_agreement(centre_id: int):
    centre = _centre(centre_id, Permission.CENTRE_EDIT)
    form = AgreementForm()
    if _submitted(form, lambda: lifecycle_terms.create_agreement(centre, form.to_draft())):
        flash(f"已生成与{form.company.data}的服务协议")
    return _back(centre)


def _agreement(centre, agreement_id: int) -> ServiceAgreement:
    agreement = db.session.get(ServiceAgreement, agreement_id)
    if agreement is None or agreement.centre_id != centre.id:
        abort(404)
    return agreement


@bp.post("/<int:centre_id>/agreements/<int:agreement_id>/signed")
@allow(Permission.CENTRE_EDIT)
def sign_agreement(centre_id: int, agreement_id: int):
    centre = _centre(centre_id, Permission.CENTRE_EDIT)
    agreement = _agreement(centre, agreement_id)
    form = SignForm()
    if _submitted(form, lambda: lifecycle_terms.sign_agreement(agreement, form.signed_on.data)):
        flash(f"已登记与{agreement.company}的服务协议签订日期")
    return _back(centre)


@bp.get("/<int:centre_id>/agreements/<int:agreement_id>.docx")
@allow(Permission.CENTRE_READ, export=True)
def agreement_docx(centre_id: int, agreement_id: int):
    centre = _centre(centre_id)
    agreement = _agreement(centre, agreement_id)
    return send_document(lifecycle_docs.agreement_docx(agreement), f"服务协议-{agreement.company}.docx")


@bp.post("/<int:centre_id>/inspections")
@allow(Permission.CENTRE_REVIEW)
def inspect(centre_id: int):
    centre = _centre(centre_id)
    if not allows(current_principal(), Permission.CENTRE_REVIEW, centre.unit_id):
        abort(403)
    form = InspectionForm()
    if _submitted(form, lambda: lifecycle_terms.record_inspection(centre, form.year.data, int(form.quarter.data), form.inspected_on.data, form.findings.data)):
        flash(f"已记录 {form.year.data} 年第 {form.quarter.data} 季度督查")
    return _back(centre, form.year.data)


@bp.post("/<int:centre_id>/revoke")
@allow(Permission.CENTRE_REVIEW)
def revoke(centre_id: int):
    centre = _centre(centre_id)
    if rules.Tier.PROVINCE not in lifecycle.tiers_of(current_principal(), centre.unit_id):
        abort(403)
    form = RevocationForm()
    if _submitted(form, lambda: lifecycle.revoke(centre, form.ground.data, form.details.data, form.recovered.data or 0,
                         form.credit_code.data or "", form.decided_on.data)):
        flash(f"已取消{centre.name}的资格")
    return _back(centre)


@bp.post("/<int:centre_id>/operators")
@allow(Permission.CENTRE_EDIT)
def link_operator(centre_id: int):
    centre = _centre(centre_id, Permission.CENTRE_EDIT)
    form = OperatorForm()
    if _submitted(form, lambda: lifecycle.link_operator(centre, form.user_name.data)):
        flash(f"{form.user_name.data} 已是{centre.name}的承办人员")
    return _back(centre)


@bp.post("/<int:centre_id>/operators/remove")
@allow(Permission.CENTRE_EDIT)
def unlink_operator(centre_id: int):
    centre = _centre(centre_id, Permission.CENTRE_EDIT)
    form = ConfirmForm()
    if not form.validate_on_submit():
        _form_errors(form)
        return _back(centre)
    link = next((o for o in centre.operators if str(o.id) == (form.target.data or "")), None)
    if link is None:
        abort(404)
    lifecycle.unlink_operator(link)
    flash("已取消承办人员账号的关联")
    return _back(centre)


@bp.route("/<int:centre_id>/weekly-totals", methods=["GET", "POST"])
@allow(Permission.CENTRE_EDIT)
def weekly_totals(centre_id: int):
    """000 第三条: 按周报汇总 — the year's trainings from the weekly reports, previewed, then saved on confirmation."""
    centre = _centre(centre_id, Permission.CENTRE_EDIT)
    year = _year()
    form = ConfirmForm()
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                fill = lifecycle_terms.apply_weekly_fill(centre, year, form.target.data)
            except DomainError as err:
                _problems(form, err)
            else:
                flash(f"已按周报汇总 {year} 年度考核材料：补入培训 {len(fill.added)} 场")
                return _back(centre, year)
        else:
            _form_errors(form)
    fill = lifecycle_terms.weekly_fill(centre, year)
    return render_template("centres/lifecycle/weekly_totals.html", centre=centre, year=year, fill=fill,
                           form=ConfirmForm(target=str(fill.version)))


# -- the year across centres ---------------------------------------------------------------


@bp.get("/funding")
@allow(Permission.CENTRE_READ)
def funding():
    year = _year()
    rows = lifecycle_terms.funding_table(year, visible_units(current_principal(), Permission.CENTRE_READ))
    return render_template("centres/lifecycle/funding.html", rows=rows, year=year)


@bp.get("/funding.xlsx")
@allow(Permission.CENTRE_READ, export=True)
def funding_xlsx():
    year = _year()
    rows = lifecycle_terms.funding_table(year, visible_units(current_principal(), Permission.CENTRE_READ))
    return send_document(lifecycle_docs.funding_xlsx(rows, year), f"{year}年度外贸综合服务中心扶持资金.xlsx")


@bp.get("/weekly")
@allow(Permission.CENTRE_READ)
def weekly():
    year = _year()
    as_of = request.args.get("as_of", type=datetime.date.fromisoformat) or _today()
    centres = lifecycle_terms.listed_centres(visible_units(current_principal(), Permission.CENTRE_READ))
    return render_template("centres/lifecycle/weekly.html", year=year, as_of=as_of,
                           status=lifecycle_terms.weekly_status(centres, year, as_of))


@bp.route("/blacklist", methods=["GET", "POST"])
@allow(Permission.CENTRE_READ, post=Permission.CENTRE_REVIEW)
def blacklist():
    form = BlacklistForm()
    province = rules.Tier.PROVINCE in lifecycle.tiers_of(current_principal(), None)
    if request.method == "POST":
        if not province:
            abort(403)
        if form.validate_on_submit():
            try:
                lifecycle.add_to_blacklist(form.credit_code.data, form.name.data, form.reason.data)
            except DomainError as err:
                _problems(form, err)
            else:
                flash(f"已将{form.name.data}列入黑名单")
                return redirect(url_for(".blacklist"))
    return render_template("centres/lifecycle/blacklist.html", rows=lifecycle.blacklist(), form=form,
                           may_add=province, today=_today()), 422 if request.method == "POST" else 200


# -- the operator's own page (the 承办 role) --------------------------------------------------------


@bp.route("/report", methods=["GET", "POST"])
@allow(Permission.CENTRE_REPORT)
def report():
    centre = lifecycle.operator_centre(current_principal().id)
    form = WeeklyForm()
    if request.method == "POST" and centre is None:
        flash("您的账号尚未关联外贸综合服务中心，不能上报周报", "error")
    elif request.method == "POST":
        if form.validate_on_submit():
            try:
                lifecycle_terms.submit_weekly(centre, form.week.data, _today(), form.trainings.data, form.companies.data,
                                              form.items.data, form.note.data)
            except DomainError as err:
                _problems(form, err)
            else:
                flash("周报已上报")
                return redirect(url_for(".report"))
    elif centre is not None:
        form.week.data = _today() - datetime.timedelta(7)
    year = _today().year
    status = lifecycle_terms.weekly_status([centre], year, _today()) if centre is not None else []
    return render_template("centres/lifecycle/report.html", centre=centre, form=form, agreement_form=AgreementForm(),
                           reports=list(reversed(centre.weekly_reports)) if centre else [],
                           missing=status[0].missing if status else [], due=terms.report_due), \
        422 if request.method == "POST" else 200


@bp.post("/report/agreements")
@allow(Permission.CENTRE_REPORT)
def report_agreement():
    """The operator (乙方) prepares a 服务协议 with a client company (000 附件2); the county records its signing."""
    centre = lifecycle.operator_centre(current_principal().id)
    form = AgreementForm()
    if centre is None:
        flash("您的账号尚未关联外贸综合服务中心", "error")
    elif _submitted(form, lambda: lifecycle_terms.create_agreement(centre, form.to_draft())):
        flash(f"已生成与{form.company.data}的服务协议")
    return redirect(url_for(".report"))


@bp.get("/report/agreements/<int:agreement_id>.docx")
@allow(Permission.CENTRE_REPORT, export=True)
def report_agreement_docx(agreement_id: int):
    centre = lifecycle.operator_centre(current_principal().id)
    if centre is None:
        abort(404)
    agreement = _agreement(centre, agreement_id)
    return send_document(lifecycle_docs.agreement_docx(agreement), f"服务协议-{agreement.company}.docx")
