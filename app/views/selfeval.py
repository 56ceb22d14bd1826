"""年终自评: the year-end entry of a project, its live verdict, the 自评表 and a unit's year summary."""


from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from app.documents import selfeval_doc, selfeval_excel
from app.documents.tables import join_words
from app.domain import workflow
from app.domain.access import Permission
from app.domain.errors import ConflictError, DomainError
from app.domain.money import format_money
from app.domain.yearend import STATUS_LABELS, verdict_to_json
from app.services import listing, score_figures, selfeval, selfeval_summary, units
from app.views.guards import allow, can, current_principal
from app.views.jobs import large_export
from app.views.sending import send_document
from app.views.unit_picker import chosen_unit, picker_units
from forms.projects import ConfirmForm
from forms.selfeval import SelfEvalForm, form_data

bp = Blueprint("selfeval", __name__)



def _project(project_id: int):
    return selfeval.get_project(project_id) or abort(404)


def _ids(project) -> list[int]:
    return [indicator.id for indicator in project.indicators]


@bp.get("/projects/<int:project_id>/selfeval")
@allow(Permission.PROJECT_READ)
def edit(project_id: int):
    project = _project(project_id)
    year_end = selfeval.year_end(project)
    form = SelfEvalForm(data=form_data(year_end.entry, _ids(project)))
    form.version.data, form.seen.data = str(selfeval.version_of(project)), str(selfeval.mark(project))
    return _render(form, year_end)


@bp.post("/projects/<int:project_id>/selfeval")
@allow(Permission.PROJECT_EDIT)
def save(project_id: int):
    project = _project(project_id)
    form = SelfEvalForm()
    if form.validate_on_submit():
        try:
            selfeval.save(project, form.to_entry(), form.version.data, form.seen.data)
        except DomainError as err:
            _show_errors(form, err, project)
        else:
            flash("已保存（草稿）")
            return redirect(url_for(".edit", project_id=project.id))
    return _render(form, selfeval.year_end(project, form.to_entry()), 422)


@bp.post("/projects/<int:project_id>/selfeval/submit")
@allow(Permission.PROJECT_SUBMIT)
def submit(project_id: int):
    project = _project(project_id)
    form = SelfEvalForm()
    if form.validate_on_submit():
        try:
            selfeval.submit(project, form.to_entry(), _acting(), form.version.data, form.seen.data)
        except DomainError as err:
            _show_errors(form, err, project)
        else:
            flash("自评已提交")
            return redirect(url_for(".edit", project_id=project.id))
    return _render(form, selfeval.year_end(project, form.to_entry()), 422)


@bp.post("/projects/<int:project_id>/selfeval/review")
@allow(Permission.PROJECT_REVIEW)
def review(project_id: int):
    """A review step on the submitted evaluation: approve, return or reopen (app.domain.workflow)."""
    project = _project(project_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        status = selfeval.review(project, request.form.get("action", ""), _acting(), request.form.get("comment", ""))
    except DomainError as err:
        flash(str(err), "error")
    else:
        flash(f"自评状态：{STATUS_LABELS[status]}")
    return redirect(url_for(".edit", project_id=project.id))


def _acting():
    """The signed-in user as the workflow sees them: roles checked per step, id recorded as submitter or reviewer."""
    principal = current_principal()
    return principal if principal is not None else frozenset()


def _roles_of(acting) -> frozenset:
    return getattr(acting, "roles", acting)


@bp.post("/projects/<int:project_id>/selfeval/check")
@allow(Permission.PROJECT_READ)
def check(project_id: int):
    """The checker's verdict on what the form holds now (nothing is saved)."""
    project = _project(project_id)
    form = SelfEvalForm()
    form.validate()
    year_end = selfeval.year_end(project, form.to_entry())
    document = verdict_to_json(year_end.verdict)
    document["spent"] = format_money(year_end.entry.spent)
    document["fields"] = {
        name: errors for name, errors in _flat_errors(form).items() if name != "csrf_token"
    }
    return jsonify(document)


@bp.get("/projects/<int:project_id>/selfeval.docx")
@allow(Permission.PROJECT_READ, export=True)
def project_docx(project_id: int):
    project = _project(project_id)
    data = selfeval_doc.render([selfeval.year_end(project)])
    return send_document(data, f"{project.year}年度{join_words(project.name, '项目支出绩效自评表')}.docx")


@bp.get("/selfeval/")
@allow(Permission.PROJECT_READ, unit_arg="unit")
def summary():
    if (typed := chosen_unit()) is not None:
        return typed
    year, unit = _year_and_unit()
    if "year" not in request.args:  # the menu's link: the latest year, as 支出进度 opens, not an empty page
        year = next(iter(units.years_in_use()), None)
    sort, descending = request.args.get("sort", ""), request.args.get("dir") == "desc"
    page = selfeval_summary.page(year, unit, sort, descending, listing.page_number(request.args.get("page"))) if year else None
    rescoring = None
    if page is not None and page.stale:  # many entries await their figures: a job rescores them, the page says so
        rescoring = score_figures.start_rescore(year, unit.id if unit else None, current_user, request.remote_addr or "")
    return render_template(
        "selfeval/summary.html",
        rows=page.items if page else [],
        page=page,
        year=year,
        unit=unit,
        units=picker_units(),
        years=units.years_in_use(),
        sort=sort,
        descending=descending,
        rescoring=rescoring,
    )


@bp.get("/selfeval/summary.xlsx")
@allow(Permission.PROJECT_READ, unit_arg="unit", export=True)
def summary_xlsx():
    year, unit = _year_and_unit(required=True)
    title = f"{year}年度{join_words(unit.name if unit else '', '项目支出绩效自评汇总表')}"
    sort = {"sort": request.args.get("sort", ""), "descending": request.args.get("dir") == "desc"}
    if (started := large_export("selfeval_xlsx", year, unit, sort, f"{title}（Excel）")) is not None:
        return started  # a province's year: built by a background job (docs/jobs.md)
    rows = selfeval.summary(year, unit, request.args.get("sort", ""), request.args.get("dir") == "desc")
    return send_document(selfeval_excel.summary_xlsx(rows, title), f"{title}.xlsx")


@bp.get("/selfeval/report.docx")
@allow(Permission.PROJECT_READ, unit_arg="unit", export=True)
def unit_docx():
    year, unit = _year_and_unit(required=True)
    year_ends = selfeval.year_ends(year, unit)
    if not year_ends:
        abort(404)
    title = f"{year}年度{join_words(unit.name if unit else '', '项目支出绩效自评表')}"
    return send_document(selfeval_doc.render(year_ends), f"{title}.docx")


def _year_and_unit(required: bool = False):
    year = request.args.get("year", type=int)
    unit_id = request.args.get("unit", type=int)
    unit = units.get_unit(unit_id) if unit_id else None
    if (unit_id and unit is None) or (required and year is None):
        abort(404)
    return year, unit




def _show_errors(form: SelfEvalForm, err: DomainError, project) -> None:
    if isinstance(err, ConflictError):  # the page now shows the latest version: a second save is deliberate
        form.version.data, form.seen.data = str(selfeval.version_of(project)), str(selfeval.mark(project))
        for problem in err.problems:
            flash(problem.message, "error")
        return
    for message in form.attach(err, _ids(project)):
        flash(message, "error")


def _flat_errors(form) -> dict[str, list[str]]:
    """Every field error by the field's name (``indicators-2-weight``)."""
    errors = {}
    for field in form:
        if hasattr(field, "entries"):
            for entry in field.entries:
                for sub in entry.form:
                    if sub.errors:
                        errors[sub.name] = list(sub.errors)
        elif field.errors:
            errors[field.name] = list(field.errors)
    return errors


def _render(form: SelfEvalForm, year_end, status: int = 200):
    verdict = verdict_to_json(year_end.verdict)
    rows = [
        {
            "position": position + 1,
            "indicator": indicator,
            "form": entry.form,
            "verdict": verdict["rows"][position],
            "kind": facts.kind.value if facts.kind else "",
        }
        for position, (indicator, facts, entry) in enumerate(
            zip(year_end.project.indicators, year_end.facts.indicators, _entries_by_id(form, year_end.project))
        )
    ]
    return (
        render_template(
            "selfeval/edit.html",
            form=form,
            project=year_end.project,
            year_end=year_end,
            verdict=verdict,
            rows=rows,
            spent=format_money(year_end.entry.spent),
            recorded=(recorded := selfeval.recorded_spending(year_end.project)),
            spending_source=_spending_source(year_end.entry.spent, recorded),
            error_count=sum(len(errors) for name, errors in _flat_errors(form).items() if name != "csrf_token"),
            status_label=STATUS_LABELS.get(year_end.status, "未填报"),
            # Submitting goes through the entry form (it checks the reasons); the rest are review steps.
            can_edit=year_end.editable and can(Permission.PROJECT_EDIT, year_end.project.unit_id),
            can_submit=can(Permission.PROJECT_SUBMIT, year_end.project.unit_id),
            steps=[
                step for step in workflow.available(year_end.status, _roles_of(_acting()))
                if year_end.status and step.action != workflow.Action.SUBMIT
            ],
            confirm=ConfirmForm(),
        ),
        status,
    )


def _spending_source(spent, recorded) -> tuple[str, bool]:
    """Where 全年执行数 comes from, and whether it disagrees with the recorded payments (text, warn)."""
    if spent is None:
        return "", False
    paid = recorded.fiscal + recorded.other if recorded and recorded.payments else None
    if paid is None:
        return f"全年执行数 {format_money(spent)} 万元为本表录入的数（进度监控中尚无支出记录）。", False
    if spent == paid:
        return f"全年执行数 {format_money(spent)} 万元与进度监控中的支出记录一致（{recorded.payments} 笔）。", False
    return (
        f"全年执行数 {format_money(spent)} 万元为本表录入的数，与进度监控中的支出记录合计 {format_money(paid)} 万元"
        f"（{recorded.payments} 笔）{'多' if spent > paid else '少'} {format_money(abs(spent - paid))} 万元："
        "请核对，以支出记录为准时点“按记录填入”。",
        True,
    )


def _entries_by_id(form: SelfEvalForm, project) -> list:
    """The form's rows in the table's order, whatever order they came back in; a missing row is added blank."""
    by_id = {}
    for entry in form.indicators.entries:
        try:
            by_id[int(entry.form.indicator_id.data)] = entry
        except (TypeError, ValueError):
            continue
    ordered = []
    for indicator in project.indicators:
        entry = by_id.get(indicator.id)
        if entry is None:
            entry = form.indicators.append_entry({"indicator_id": str(indicator.id)})
        ordered.append(entry)
    return ordered
