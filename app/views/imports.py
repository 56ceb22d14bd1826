"""Import: upload a .docx / .txt document, preview what was read, confirm to save."""


from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from app.documents import legacy
from app.domain.access import Permission
from app.domain.errors import DomainError
from app.services import imports, jobs, uploads
from app.views.guards import allow, require_unit_code, units_for
from app.views.uploading import upload_store
from forms.imports import ConfirmImportForm, ImportForm

bp = Blueprint("imports", __name__, url_prefix="/imports")


def _uploads() -> uploads.Uploads:
    return upload_store(imports.EXTENSIONS)


@bp.get("/")
@allow(Permission.PROJECT_EDIT)
def index():
    return _render_form(ImportForm())


@bp.post("/")
@allow(Permission.PROJECT_EDIT)
def preview():
    form = ImportForm()
    form.set_units(units_for(Permission.PROJECT_EDIT))
    if not form.validate_on_submit():
        return _render_form(form, status=422)
    if form.unit.data:  # an officer imports into their own units only (the service holds the rest to them too)
        require_unit_code(Permission.PROJECT_EDIT, form.unit.data)
    upload = form.file.data
    data, filename = upload.read(), upload.filename or ""
    options = {"year": form.year.data, "unit_code": form.unit.data or None, "update": form.existing.data == "update"}
    try:
        if legacy.is_legacy(filename):  # a .doc/.xls: converted once, here; kept and read as .docx/.xlsx
            data, filename = imports.modernize_upload(data, filename)
        if _uploads().over_budget(data, filename):  # over the page's budget: read and checked by a background job
            token = _uploads().keep(data, filename, current_app.config.get("JIXIAO_JOB_MAX_ROWS"))
            return _submit(token, filename, options, {"existing": form.existing.data}, dry_run=True)
        token, summary = _uploads().preview(
            data, filename, lambda content: imports.import_document(content, filename, dry_run=True, **options, **_scope())
        )
    except DomainError as err:
        return _render_form(form, [p.message for p in err.problems], status=422)
    confirm = ConfirmImportForm(
        formdata=None,
        token=token, filename=filename, year=form.year.data, unit=form.unit.data, existing=form.existing.data
    )
    return _render_preview(summary, confirm, filename)


def _scope() -> dict:
    """An officer imports into their own units; only administrators (and the CLI) create units."""
    return {"units": [unit.code for unit in units_for(Permission.PROJECT_EDIT)], "create_units": False}


def _render_preview(summary, confirm: ConfirmImportForm, filename: str):
    confirm.set_units(units_for(Permission.PROJECT_EDIT))
    return render_template(
        "imports/preview.html", summary=summary, confirm=confirm, filename=filename, choices=imports.COLUMN_CHOICES,
        chosen=_columns(request.form),
    )


def _columns(formdata) -> dict[str, str]:
    """What the officer said the unknown columns hold: ``colname-<n>`` the header, ``col-<n>`` its meaning."""
    chosen = {}
    for key, header in formdata.items():
        if key.startswith("colname-"):
            meaning = formdata.get("col-" + key.removeprefix("colname-"), "")
            if meaning in imports.COLUMN_CHOICES and meaning:
                chosen[header] = meaning
    return chosen


def _corrections(formdata) -> dict:
    """The preview's corrections: ``fix-<project>-<row>-<field>`` values and ``drop-<project>-<row>`` boxes."""
    corrections: dict = {}
    for key, value in formdata.items():
        parts = key.split("-")
        if parts[0] == "drop" and len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
            corrections.setdefault(int(parts[1]), {}).setdefault("drop", []).append(int(parts[2]))
        elif parts[0] == "fix" and len(parts) == 4 and parts[1].isdigit() and parts[2].isdigit():
            project = corrections.setdefault(int(parts[1]), {})
            project.setdefault("indicators", {}).setdefault(int(parts[2]), {})[parts[3]] = value.strip()
        elif parts[0] == "fixp" and len(parts) == 3 and parts[1].isdigit():
            corrections.setdefault(int(parts[1]), {})[parts[2]] = value.strip()
    return corrections


@bp.post("/confirm")
@allow(Permission.PROJECT_EDIT)
def confirm():
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        return _render_form(ImportForm(formdata=None), ["上传凭据无效，请重新上传文件"], status=400)
    if form.unit.data:
        require_unit_code(Permission.PROJECT_EDIT, form.unit.data)
    token = form.token.data
    options = {
        "year": form.year.data, "unit_code": form.unit.data or None, "update": form.existing.data == "update",
        "corrections": _corrections(request.form), "columns": _columns(request.form), **_scope(),
    }
    try:
        if _uploads().over_budget(_uploads().reread(token, bytes), token):  # a big file: again as a job
            dry_run = request.form.get("action") == "preview"
            return _submit(token, form.filename.data, options, {"existing": form.existing.data}, dry_run=dry_run)
        if request.form.get("action") == "preview":  # the unit or a correction changed: read again, keep the file
            summary = _uploads().reread(token, lambda data: imports.import_document(data, token, dry_run=True, **options))
            return _render_preview(summary, form, form.filename.data)
        summary = _uploads().confirm(token, lambda data: imports.import_document(data, token, **options))
    except DomainError as err:
        messages = ["未导入任何数据："] + [p.message for p in err.problems]
        return _render_form(ImportForm(formdata=None), messages, status=422)
    return render_template("imports/done.html", summary=summary, filename=form.filename.data)


def _submit(token: str, filename: str, options: dict, form: dict, *, dry_run: bool):
    """Preview or import a kept file in a background job (``app.services.job_kinds.import_document``)."""
    params = {key: options.get(key) for key in ("year", "unit_code", "update", "corrections", "columns")}
    params.update(token=token, filename=filename, folder=str(_uploads().folder), dry_run=dry_run,
                  form=dict(form, unit=options.get("unit_code") or "", year=options.get("year")))
    what = "预览" if dry_run else "导入"
    job = jobs.submit("import", params, current_user, title=f"{what}绩效目标表：{filename}"[:200],
                      address=request.remote_addr or "")
    return redirect(url_for("jobs.show", job_id=job.id))


def job_result(job):
    """The page of a finished import job: its preview (to confirm) or what it imported."""
    from app.services.job_kinds import summary_from_dict

    result = job.summary or {}
    summary, filename, chosen = summary_from_dict(result["import"]), result.get("filename", ""), result.get("form", {})
    if not result.get("dry_run"):
        return render_template("imports/done.html", summary=summary, filename=filename, job=job)
    confirm = ConfirmImportForm(
        formdata=None, token=job.params["token"], filename=filename, year=chosen.get("year"), unit=chosen.get("unit"),
        existing=chosen.get("existing") or "skip",
    )
    confirm.set_units(units_for(Permission.PROJECT_EDIT))
    return render_template(
        "imports/preview.html", summary=summary, confirm=confirm, filename=filename, choices=imports.COLUMN_CHOICES,
        chosen=job.params.get("columns") or {}, job=job,
    )


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    size = f"{limit // 1048576} MB" if limit >= 1048576 else f"{limit // 1024} KB"
    return _render_form(ImportForm(formdata=None), [f"上传的文件过大（不能超过 {size}）"], status=413)


def _render_form(form: ImportForm, errors: list[str] = (), status: int = 200):
    form.set_units(units_for(Permission.PROJECT_EDIT))
    return render_template("imports/index.html", form=form, errors=list(errors)), status
