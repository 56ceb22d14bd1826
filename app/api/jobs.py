"""后台任务: how a job the caller started (on a page, or by another client) is getting on."""

import datetime
from typing import Any

from pydantic import Field

from app.api import auth, bp
from app.api.problems import ApiError
from app.api.schemas import Out
from app.api.spec import operation
from app.domain.access import Permission


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
    result_name: str = Field(description="结果文件名（可在任务页面下载）")
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None


@operation(bp, "GET", "/jobs/<job_id>", tag="后台任务", summary="读取一个后台任务的进度和结果",
           permission=Permission.SIGNED_IN, response=JobOut)
def get_job(job_id: str):
    """只能读取本人的任务（管理员可读取全部）。"""
    from app.services import jobs

    try:
        job = jobs.get(job_id, auth.current_user())
    except LookupError:
        raise ApiError(404, f"任务 {job_id[:40]} 不存在") from None
    return JobOut(
        id=job.id, kind=job.kind, title=job.title, status=job.status, status_label=job.status_label, done=job.done or 0,
        total=job.total or 0, percent=job.percent, message=job.message or "", error=job.error or "", summary=job.summary,
        result_name=job.result_name or "", created_at=job.created_at, started_at=job.started_at,
        finished_at=job.finished_at,
    ).model_dump(mode="json")
