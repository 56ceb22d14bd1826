"""评分方案: the presets in plain Chinese, each unit's scheme per year, a variant's preview; the 复核 page."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.documents.selfeval_import import check_bytes
from app.domain.access import Permission
from app.domain.errors import DomainError
from app.domain.schemes import describe
from app.services import schemes, score_figures, units
from app.views.guards import allow
from app.views.unit_picker import picker_units, posted_unit
from forms import attach
from forms.schemes import CUSTOM, CheckForm, PreviewForm, SchemeChoiceForm

bp = Blueprint("schemes", __name__)

MAX_UPLOAD = 5 * 1024 * 1024


@bp.get("/admin/schemes")
@allow(Permission.UNIT_MANAGE)
def index():
    return _render(_choice_form())


@bp.post("/admin/schemes")
@allow(Permission.UNIT_MANAGE)
def choose():
    form = _choice_form()
    valid = form.validate_on_submit()
    if form.unit_problem:
        form.unit_id.errors, valid = [form.unit_problem], False
    if valid:
        try:
            scheme = schemes.choose(form.unit_id.data, form.year.data, form.scheme.data, form.rules.data or "")
        except DomainError as err:
            for message in attach(form, err):
                flash(message, "error")
        else:
            unit = units.get_unit(form.unit_id.data)
            flash(f"{unit.label} {form.year.data} 年度的自评按“{scheme.title}”评分；已提交、已审核的自评保留原方案")
            if score_figures.stale_count(form.year.data, unit_id=unit.id):  # too many to rescore at once
                job = score_figures.start_rescore(form.year.data, unit.id, current_user, request.remote_addr or "")
                flash("草稿和退回的自评较多，正在后台重算其得分")
                return redirect(url_for("jobs.show", job_id=job.id))
            return redirect(url_for(".index"))
    return _render(form, status=422)


@bp.post("/admin/schemes/preview")
@allow(Permission.UNIT_MANAGE)
def preview():
    """A unit's own variant, said in plain Chinese and scored on a sample project (nothing is saved)."""
    form = PreviewForm()
    sample = None
    if form.validate_on_submit():
        try:
            scheme = schemes.read_variant(form.rules.data)
        except DomainError as err:
            for message in attach(form, err):
                flash(message, "error")
        else:
            sample = {"lines": describe(scheme), "evaluation": schemes.sample_evaluation(scheme)}
    choice = _choice_form()
    choice.scheme.data, choice.rules.data = CUSTOM, form.rules.data
    return _render(choice, preview_form=form, sample=sample, status=200 if sample else 422)


def _choice_form() -> SchemeChoiceForm:
    """The choice form, its units listed when they are few; else the search box's unit is its one choice."""
    choices = picker_units(Permission.UNIT_READ)
    formdata, typed, problem = posted_unit("unit_id") if choices is None else (None, None, None)
    form = SchemeChoiceForm(formdata=formdata) if formdata is not None else SchemeChoiceForm()
    form.offer(choices if choices is not None else [typed] if typed else [], schemes.all_presets())
    form.unit_choices, form.typed_unit = choices, typed
    # The box's own message, in place of the field's (an empty or unknown unit is not a choice).
    form.unit_problem = (problem or "请选择预算单位") if formdata is not None and typed is None else None
    return form


def _render(form, preview_form=None, sample=None, status: int = 200):
    presets = [(s, describe(s)) for s in schemes.all_presets()]
    return (
        render_template(
            "schemes/index.html",
            form=form,
            preview_form=preview_form or PreviewForm(),
            presets=presets,
            choices=schemes.choices(),
            sample=sample,
            example=schemes.example_text(),
        ),
        status,
    )


@bp.route("/selfeval/check", methods=["GET", "POST"])
@allow(Permission.PROJECT_READ)
def check():
    """复核: a filled 自评表's printed scores beside the scores its rules give (read-only)."""
    form = CheckForm()
    form.offer(schemes.all_presets())
    results = None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            if upload and upload.filename:
                data = upload.read(MAX_UPLOAD + 1)
                if len(data) > MAX_UPLOAD:
                    raise DomainError("文件超过 5 MB", "file")
                name = upload.filename
            elif (form.text.data or "").strip():
                data, name = form.text.data.encode("utf-8"), "粘贴的自评表.txt"
            else:
                raise DomainError("请选择自评表文件或粘贴自评表文字", "file")
            results = check_bytes(data, name, form.scheme.data or None)
        except (DomainError, ValueError) as err:
            problems = err.problems if isinstance(err, DomainError) else ()
            messages = attach(form, err) if problems else [str(err)]
            for message in messages:
                flash(message, "error")
    return render_template("schemes/check.html", form=form, results=results), 200 if results is not None or not form.is_submitted() else 422
