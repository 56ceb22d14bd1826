"""The official target table of a project as Word or Excel, as the pages and ``jixiao export`` make it."""

from typing import Literal

from flask import request
from pydantic import Field

from app.api import bp
from app.api.schemas import In
from app.api.spec import operation
from app.domain.access import Permission
from app.services import audit, exports
from app.services import projects as project_service
from app.views.sending import MIME_TYPES, send_document


class ExportQuery(In):
    layout: Literal["full", "basic"] = Field("full", description="full 完整版，basic 简版")


def _send(project_id: int, layout: str, kind: str):
    selection = exports.select_export(None, layout=layout, project_id=project_id)
    filename = selection.filename(kind)
    content = exports.render_selection(selection, kind)
    # A download is recorded, as on the pages (with the token, through the actor).
    audit.record_export(filename, request.full_path.rstrip("?"), project_service.get_project(project_id))
    return send_document(content, filename)


@operation(bp, "GET", "/projects/<int:project_id>/export.xlsx", tag="项目", summary="下载项目的绩效目标表（Excel）",
           permission=Permission.PROJECT_READ, query=ExportQuery, media=MIME_TYPES[".xlsx"])
def export_xlsx(project_id: int, query: ExportQuery):
    """官方版式（合并单元格、万元两位小数、A4 打印设置）；可经导入功能导回。下载记入审计日志。"""
    return _send(project_id, query.layout, "xlsx")


@operation(bp, "GET", "/projects/<int:project_id>/export.docx", tag="项目", summary="下载项目的绩效目标表（Word）",
           permission=Permission.PROJECT_READ, query=ExportQuery, media=MIME_TYPES[".docx"])
def export_docx(project_id: int, query: ExportQuery):
    """下载记入审计日志。"""
    return _send(project_id, query.layout, "docx")
