"""Background jobs: 我的任务, one job's progress page (polled as JSON), its result, and the 打包下载 action."""

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from app.domain.access import Permission, visible_units
from app.domain.errors import DomainError
from app.services import exports, job_kinds, jobs, units
from app.views.guards import allow, current_principal
from app.views.sending import safe_filename

bp = Blueprint("jobs", __name__, url_prefix="/jobs")


def _job(job_id: str):
    try:
        return jobs.get(job_id, current_user)
    except LookupError:
        abort(404)  # another user's job is as unknown as a missing one


@bp.get("/")
@allow(Permission.SIGNED_IN)
def index():
    return render_template("jobs/index.html", jobs=jobs.mine(current_user), kinds=jobs.KINDS)


@bp.get("/<job_id>")
@allow(Permission.SIGNED_IN)
def show(job_id: str):
    job = _job(job_id)
    if job.kind == "import" and job.status == jobs.DONE and job.user_id == current_user.id:
        from app.views.imports import job_result

        return job_result(job)
    return render_template("jobs/show.html", job=job, downloadable=_downloadable(job))


@bp.get("/<job_id>.json")
@allow(Permission.SIGNED_IN)
def status(job_id: str):
    job = _job(job_id)
    return jsonify(
        id=job.id, kind=job.kind, status=job.status, status_label=job.status_label, done=job.done, total=job.total,
        percent=job.percent, message=job.message, error=job.error, finished=job.finished,
        download=url_for(".download", job_id=job.id) if _downloadable(job) else None,
    )


@bp.get("/<job_id>/download")
@allow(Permission.SIGNED_IN, export=True)
def download(job_id: str):
    job = _job(job_id)
    if job.user_id != current_user.id:
        abort(403)  # an administrator sees every job, but only its owner takes its result
    path = jobs.result_path(job)
    if path is None:
        flash("该任务没有可下载的结果，或结果已过期（保留 7 天）", "error")
        return redirect(url_for(".show", job_id=job.id))
    return send_file(path, as_attachment=True, download_name=safe_filename(job.result_name))


def _downloadable(job) -> bool:
    return job.user_id == current_user.id and jobs.result_path(job) is not None


@bp.post("/targets.zip")
@allow(Permission.PROJECT_READ, unit_arg="unit")
def targets_zip():
    """打包下载（后台）: one .docx per unit of the year (the chosen unit, or every unit the user reads), as a .zip."""
    year = request.args.get("year", type=int)
    unit_id = request.args.get("unit", type=int)
    layout = request.args.get("layout", "full")
    if year is None or layout not in exports.LAYOUT_NAMES:
        flash("请先选择年度再打包下载", "error")
        return redirect(url_for("projects.index"))
    unit = units.get_unit(unit_id) if unit_id else None
    department = request.args.get("department") == "1"
    what = "部门绩效目标" if department else f"项目绩效目标表（{exports.LAYOUT_NAMES[layout]}）"
    title = f"{year} 年度{unit.label if unit else '全部单位'}{what}打包下载"
    try:
        job = jobs.submit(
            "targets_zip", {"year": year, "unit_id": unit_id, "layout": layout, "department": department},
            current_user, title=title, address=request.remote_addr or "",
        )
    except DomainError as err:
        flash(f"未能开始：{err}", "error")
        return redirect(url_for("projects.index", year=year, unit=unit_id))
    return redirect(url_for(".show", job_id=job.id))


def large_export(kind: str, year: int | None, unit, params: dict, title: str, count: int | None = None):
    """Start an export page's work as a job when the year holds more than ``JIXIAO_JOB_EXPORT_PROJECTS`` projects in reach
    (or ``count``: the lines the export will have, when the page knows them).

    Returns the redirect to the job page, or None: the page builds the file itself.
    """
    if count is None:
        scope = frozenset({unit.id}) if unit is not None else visible_units(current_principal(), Permission.PROJECT_READ)
        count = job_kinds.projects_in(year, scope)
    if count <= current_app.config.get("JIXIAO_JOB_EXPORT_PROJECTS", 2000):
        return None
    job = jobs.submit(kind, dict(params, year=year, unit_id=unit.id if unit else None), current_user, title=title,
                      address=request.remote_addr or "")
    return redirect(url_for("jobs.show", job_id=job.id))
