"""项目 in the interchange shape (``jixiao dump``): list, read, create, replace, delete."""

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from app.api import auth, bp
from app.api.problems import ApiError
from app.api.schemas import ProjectIn, ProjectOut, ProjectPage, YearUnitQuery
from app.api.spec import etag, operation
from app.documents.interchange import draft_from_dict, project_to_dict
from app.domain.access import Permission
from app.extensions import db
from app.models import Indicator, Project, ProjectGoal, SpendingCheckpoint
from app.services import listing
from app.services import projects as project_service
from app.services import units as unit_service


def project_json(project, review=None) -> dict:
    data = project_to_dict(project) | {"status": project.status, "version": project.version}
    if review is not None:
        data["warnings"] = [{"field": w.field, "message": w.message} for w in review.warnings]
    return ProjectOut.model_validate(data).model_dump(mode="json")


def _draft(body: ProjectIn):
    """The draft the body describes, read by the interchange reader (its messages name the field)."""
    return draft_from_dict(body.model_dump(mode="json"), 0)


@operation(bp, "GET", "/projects", tag="项目", summary="列出项目（按年度、单位筛选，分页）", permission=Permission.PROJECT_READ,
           query=YearUnitQuery, response=ProjectPage)
def list_projects(query: YearUnitQuery):
    """每个项目含绩效目标、资金支出计划与绩效指标（jixiao dump 的形式），另有 status 与 version。"""
    unit = auth.unit_filter(Permission.PROJECT_READ, query.unit)
    filters = (query.year, auth.scope(Permission.PROJECT_READ), unit.id if unit else None)
    total = db.session.scalar(listing.filter_projects(select(func.count(Project.id)), *filters)) or 0
    page = listing.clamp(query.page, total, query.per_page)
    stmt = (
        listing.filter_projects(select(Project).join(Project.unit).options(contains_eager(Project.unit)), *filters)
        .order_by(Project.year.desc(), Project.unit_id, Project.id)
        .offset((page - 1) * query.per_page)
        .limit(query.per_page)
    )
    projects = list(db.session.scalars(stmt))
    ids = [p.id for p in projects]
    listing.attach(projects, "goals", ProjectGoal, ProjectGoal.project_id, ids, ProjectGoal.position, ProjectGoal.id)
    listing.attach(projects, "checkpoints", SpendingCheckpoint, SpendingCheckpoint.project_id, ids,
                   SpendingCheckpoint.month, SpendingCheckpoint.id)
    listing.attach(projects, "indicators", Indicator, Indicator.project_id, ids, Indicator.position, Indicator.id)
    return ProjectPage(items=[project_json(p) for p in projects], page=page, per_page=query.per_page, total=total,
                       pages=max(1, -(-total // query.per_page))).model_dump(mode="json")


@operation(bp, "GET", "/projects/<int:project_id>", tag="项目", summary="读取一个项目", permission=Permission.PROJECT_READ,
           response=ProjectOut, etag=True)
def get_project(project_id: int):
    """ETag 为项目的版本号：修改或删除时放入 If-Match。"""
    project = project_service.get_project(project_id) or abort(404)
    return project_json(project), 200, etag(project.version)


@operation(bp, "POST", "/projects", tag="项目", summary="新建项目（绩效目标表）", permission=Permission.PROJECT_EDIT,
           body=ProjectIn, response=ProjectOut, status=201, etag=True)
def create_project(body: ProjectIn):
    """与页面相同的校验（指标体系、金额、支出计划、重复编码）；warnings 列出不阻止保存的提醒。"""
    unit = unit_service.find_unit(body.unit.code.strip())
    if unit is None:
        raise ApiError(422, f"预算单位 {body.unit.code} 不存在", [("unit.code", f"预算单位 {body.unit.code} 不存在")])
    auth.require(Permission.PROJECT_EDIT, write=True, unit_id=unit.id)
    project, review = project_service.create_project(unit, _draft(body))
    project = project_service.get_project(project.id)
    return project_json(project, review), 201, etag(project.version) | {"Location": f"/api/v1/projects/{project.id}"}


@operation(bp, "PUT", "/projects/<int:project_id>", tag="项目", summary="整体替换项目的目标表", permission=Permission.PROJECT_EDIT,
           body=ProjectIn, response=ProjectOut, etag=True, if_match=True)
def update_project(project_id: int, body: ProjectIn, expected):
    """只有草稿和退回修改的项目可以修改；If-Match 的版本过时则 412，什么也不改。"""
    project = project_service.get_project(project_id) or abort(404)
    if body.unit.code.strip() != project.unit.code:
        raise ApiError(422, "不能通过修改改变项目的所属单位", [("unit.code", f"应为 {project.unit.code}")])
    version = project.version if expected == "*" else expected
    review = project_service.update_project(project, _draft(body), expected_version=version)
    project = project_service.get_project(project_id)
    return project_json(project, review), 200, etag(project.version)


@operation(bp, "DELETE", "/projects/<int:project_id>", tag="项目", summary="删除项目", permission=Permission.PROJECT_EDIT,
           status=204, if_match=True)
def delete_project(project_id: int, expected):
    """连同目标、计划、指标及其支出记录一并删除（审计记录保留）；已提交或审核通过的项目不能删除。"""
    project = project_service.get_project(project_id) or abort(404)
    if expected != "*" and expected != project.version:
        raise ApiError(412, f"项目已被他人修改（当前版本 {project.version}），请重新读取后再删除",
                       [("If-Match", f"当前版本为 {project.version}")])
    project_service.delete_project(project)
    return "", 204
