"""后台任务: the caller's jobs, starting one of the kinds the pages start, its progress and its result."""

import datetime
from typing import Annotated, Any, ClassVar, Literal

from flask import request, send_file
from pydantic import Field, RootModel

from app.api import auth, bp
from app.api.problems import ApiError
from app.api.schemas import In, Out, PageOut, Paging
from app.api.spec import operation
from app.documents.tables import join_words
from app.domain.access import Permission
from app.services import audit, exports, listing
from app.services.progress import SORTS as PROGRESS_SORTS
from app.services.selfeval import SORT_KEYS as SUMMARY_SORTS
from app.services.units import list_units
from app.views.sending import MIME_TYPES, mime_type, safe_filename


class JobOut(Out):
    id: str
    kind: str
    title: str
    status: str = Field(description="queued 排队, running 运行, done 完成, failed 失败")
    status_label: str
    done: int
    total: int
    percent: int
    message: str
    error: str = Field(description="失败的原因（中文）")
    summary: dict[str, Any] | None
    result_name: str = Field(description="结果文件名")
    result: str | None = Field(description="结果的下载地址（仅提交任务的人可下载；无结果或已过期时为 null）")
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None


class JobPage(PageOut):
    items: list[JobOut]


# -- what may be started: the kinds the pages start, each with its parameters ------------------------


Year = Annotated[int, Field(ge=1900, le=2200, description="年度")]
UnitCode = Annotated[str | None, Field(max_length=32, description="预算单位编码；不填为可见的全部单位")]


class TargetsZipParams(In):
    year: Year
    unit: UnitCode = None
    layout: Literal["full", "basic"] = Field("full", description="full 完整版，basic 简版")
    department: bool = Field(False, description="true：部门绩效目标，而非项目绩效目标表")


class SummaryXlsxParams(In):
    year: Year
    unit: UnitCode = None
    sort: Literal["", *SUMMARY_SORTS] = Field("", description="排序列（与汇总页面相同）")
    descending: bool = False


class ProgressXlsxParams(In):
    year: Year
    unit: UnitCode = None
    as_of: datetime.date | None = Field(None, description="截至日期（不早于该年度；默认今天，年度已过则为 12 月 31 日）")
    sort: Literal["", *PROGRESS_SORTS] = Field("", description="排序列（与支出进度页面相同）")
    descending: bool = False


class TargetsZipJob(In):
    kind: Literal["targets_zip"] = Field(description="绩效目标表打包下载（每个单位一个 .docx，打成 .zip）")
    params: TargetsZipParams


class SummaryXlsxJob(In):
    kind: Literal["selfeval_xlsx"] = Field(description="年终自评汇总表（Excel）")
    params: SummaryXlsxParams


class ProgressXlsxJob(In):
    kind: Literal["progress_xlsx"] = Field(description="支出进度表（Excel）")
    params: ProgressXlsxParams


class JobIn(RootModel):
    """要开始的任务：类型 kind 及该类型的参数 params。"""

    root: Annotated[TargetsZipJob | SummaryXlsxJob | ProgressXlsxJob, Field(discriminator="kind")]
    union_tags: ClassVar[frozenset[str]] = frozenset({"targets_zip", "selfeval_xlsx", "progress_xlsx"})


def _targets_zip(params: TargetsZipParams, unit):
    what = "部门绩效目标" if params.department else f"项目绩效目标表（{exports.LAYOUT_NAMES[params.layout]}）"
    title = f"{params.year} 年度{unit.label if unit else '全部单位'}{what}打包下载"
    return {"layout": params.layout, "department": params.department}, title


def _selfeval_xlsx(params: SummaryXlsxParams, unit):
    title = f"{params.year}年度{join_words(unit.name if unit else '', '项目支出绩效自评汇总表')}（Excel）"
    return {"sort": params.sort, "descending": params.descending}, title


def _progress_xlsx(params: ProgressXlsxParams, unit):
    from app.services.progress import default_as_of

    as_of = params.as_of or default_as_of(params.year)
    if as_of.year < params.year:
        raise ApiError(422, f"截至日期 {as_of} 早于 {params.year} 年度",
                       [("params.as_of", f"截至日期应不早于 {params.year}-01-01")])
    title = f"{params.year} 年度项目支出进度表（{unit.label if unit else '全部单位'}，截至 {as_of.isoformat()}）（Excel）"
    return {"as_of": as_of.isoformat(), "sort": params.sort, "descending": params.descending}, title


# kind → (what the page that starts it requires, whether a unit must be chosen when not every unit is the caller's, params)
KINDS = {
    "targets_zip": (Permission.PROJECT_READ, False, _targets_zip),
    "selfeval_xlsx": (Permission.PROJECT_READ, True, _selfeval_xlsx),
    "progress_xlsx": (Permission.PROJECT_READ, True, _progress_xlsx),
}


def job_json(job) -> dict:
    downloadable = job.user_id == auth.current_user().id and _result(job) is not None
    return JobOut(
        id=job.id, kind=job.kind, title=job.title, status=job.status, status_label=job.status_label, done=job.done or 0,
        total=job.total or 0, percent=job.percent, message=job.message or "", error=job.error or "", summary=job.summary,
        result_name=job.result_name or "", result=f"/api/v1/jobs/{job.id}/result" if downloadable else None,
        created_at=_utc(job.created_at), started_at=_utc(job.started_at), finished_at=_utc(job.finished_at),
    ).model_dump(mode="json")


def _utc(moment: datetime.datetime | None) -> datetime.datetime | None:
    """A stored time (UTC, without its zone) as RFC 3339 wants it: with its offset."""
    return moment.replace(tzinfo=datetime.UTC) if moment is not None and moment.tzinfo is None else moment


def _result(job):
    from app.services import jobs

    return jobs.result_path(job)


def _job(job_id: str):
    from app.services import jobs

    try:
        return jobs.get(job_id, auth.current_user())
    except LookupError:
        raise ApiError(404, f"任务 {job_id[:40]} 不存在") from None  # another user's job is as unknown as a missing one


@operation(bp, "GET", "/jobs", tag="后台任务", summary="列出本人的后台任务（新的在前，分页）",
           permission=Permission.SIGNED_IN, query=Paging, response=JobPage)
def list_jobs(query: Paging):
    """管理员看到全部用户的任务。"""
    from app.services import jobs

    user = auth.current_user()
    total = jobs.count_mine(user)
    page = listing.clamp(query.page, total, query.per_page)
    items = jobs.mine(user, limit=query.per_page, offset=(page - 1) * query.per_page)
    return JobPage(items=[job_json(j) for j in items], page=page, per_page=query.per_page, total=total,
                   pages=max(1, -(-total // query.per_page))).model_dump(mode="json")


@operation(bp, "POST", "/jobs", tag="后台任务", summary="开始一个后台任务（打包下载、汇总表、支出进度表）",
           permission=Permission.SIGNED_IN, body=JobIn, response=JobOut, status=202)
def start_job(body: JobIn):
    """kind 与 params 见 JobIn；权限与开始该任务的页面相同（均需 project.read，指定单位时为该单位）。
    返回 202 与 Location（任务地址），用 GET 轮询进度，完成后从 result 下载。"""
    from app.services import jobs

    wanted = body.root
    permission, unit_required, describe = KINDS[wanted.kind]
    auth.require(permission, write=True)
    unit = auth.unit_filter(permission, wanted.params.unit, field="params.unit")
    scope = auth.scope(permission)
    if unit is None and unit_required and scope is not None and not scope >= {u.id for u in list_units()}:
        raise ApiError(422, "请指定预算单位（params.unit）：您只能导出自己单位的项目", [("params.unit", "缺少此项")])
    params, title = describe(wanted.params, unit)
    job = jobs.submit(wanted.kind, params | {"year": wanted.params.year, "unit_id": unit.id if unit else None},
                      auth.current_user(), title=title, address=request.remote_addr or "")
    return job_json(job), 202, {"Location": f"/api/v1/jobs/{job.id}"}


@operation(bp, "GET", "/jobs/<job_id>", tag="后台任务", summary="读取一个后台任务的进度和结果",
           permission=Permission.SIGNED_IN, response=JobOut)
def get_job(job_id: str):
    """只能读取本人的任务（管理员可读取全部）。"""
    return job_json(_job(job_id))


@operation(bp, "GET", "/jobs/<job_id>/result", tag="后台任务", summary="下载已完成任务的结果文件",
           permission=Permission.SIGNED_IN, media=(MIME_TYPES[".zip"], MIME_TYPES[".xlsx"]), errors=("409",))
def job_result(job_id: str):
    """只有提交任务的人可以下载（他人的任务 404；管理员可查看但不能下载他人的结果，403）。
    任务未完成或失败时 409；结果保留 7 天，过期后 404。下载记入审计日志。"""
    from app.services import jobs

    job = _job(job_id)
    if job.user_id != auth.current_user().id:
        raise ApiError(403, "只有提交任务的人可以下载其结果")
    if job.status in (jobs.QUEUED, jobs.RUNNING):
        raise ApiError(409, f"任务尚未完成（{job.status_label}，{job.percent}%），请稍后再下载", headers={"Retry-After": "5"})
    if job.status == jobs.FAILED:
        raise ApiError(409, f"任务未成功完成，没有结果：{job.error or job.message}")
    path = _result(job)
    if path is None:
        raise ApiError(404, "该任务没有可下载的结果，或结果已过期（保留 7 天）")
    audit.record_export(job.result_name, request.full_path.rstrip("?"))
    return send_file(path, mimetype=mime_type(job.result_name), as_attachment=True, download_name=safe_filename(job.result_name))
