"""审核流程 of a project through the API: submit, approve, return, reopen, as the pages take them.

Each step calls ``app.services.workflow.act`` (the submission quality check included), with the
token's user as the one acting; ``If-Match`` names the version the caller read, as for updates.
"""

from flask import abort
from pydantic import Field

from app.api import auth, bp
from app.api.problems import ApiError, from_domain
from app.api.projects import project_json
from app.api.schemas import In, ProjectOut
from app.api.spec import etag, operation
from app.domain.access import Permission
from app.domain.workflow import TRANSITIONS, Action, StepRefused
from app.services import projects as project_service
from app.services import workflow

# Why a step was refused → the answer's status: not this person's to take (403), not from this state (409).
STATUS = {"role": 403, "own": 403, "state": 409, "comment": 422}


class StepIn(In):
    comment: str = Field("", max_length=2000, description="理由或意见；退回修改、重新打开时必填")


def _step(project_id: int, action: Action, body: StepIn, expected):
    project = project_service.get_project(project_id) or abort(404)
    if expected != "*" and expected != project.version:
        raise ApiError(412, f"项目已被他人修改（当前版本 {project.version}），请重新读取后再{TRANSITIONS[action].label}",
                       [("If-Match", f"当前版本为 {project.version}")])
    try:
        workflow.act(project, action, auth.principal(), body.comment)
    except StepRefused as err:
        return from_domain(err, STATUS[err.reason])
    project = project_service.get_project(project_id)
    return project_json(project), 200, etag(project.version)


def _declare(action: Action, permission: Permission, summary: str, description: str):
    def view(project_id: int, body: StepIn, expected):
        return _step(project_id, action, body, expected)

    view.__name__ = f"{action.value}_project"
    view.__doc__ = description
    return operation(bp, "POST", f"/projects/<int:project_id>/{action.value}", tag="审核流程", summary=summary,
                     permission=permission, body=StepIn, body_required=False, response=ProjectOut, etag=True,
                     if_match=True, errors=("409",))(view)


submit_project = _declare(
    Action.SUBMIT, Permission.PROJECT_SUBMIT, "提交审核（填报人员）",
    "草稿或退回修改的项目提交审核；先做与页面相同的质量检查，必须修改的问题逐项列在 errors 中（422），什么也不改。"
    "请求体可省略，或为 {\"comment\": \"…\"}。状态不允许时 409。",
)
approve_project = _declare(
    Action.APPROVE, Permission.PROJECT_REVIEW, "审核通过（审核人员）",
    "已提交的项目审核通过后锁定。不能审核本人提交的项目（403）；状态不允许时 409。",
)
return_project = _declare(
    Action.RETURN, Permission.PROJECT_REVIEW, "退回修改（审核人员）",
    "已提交的项目退回填报人员修改；comment 必填（缺少时 422，字段 comment）。不能退回本人提交的项目（403）。",
)
reopen_project = _declare(
    Action.REOPEN, Permission.PROJECT_REVIEW, "重新打开（审核人员）",
    "审核通过的项目重新打开为退回修改；comment 必填（缺少时 422，字段 comment）。",
)
