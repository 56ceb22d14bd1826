"""支出进度: the progress table of a year (and unit), and one project's."""

from flask import abort

from app.api import auth, bp
from app.api.schemas import ProgressPage, ProgressQuery, ProgressRowOut, ProjectProgressQuery
from app.api.spec import operation
from app.domain.access import Permission
from app.domain.money import format_money
from app.services import listing
from app.services import progress as progress_service
from app.services import projects as project_service


def row_json(row) -> dict:
    data = progress_service.row_json(row) | {"project_id": row.project.id, "unit": row.project.unit.code}
    return ProgressRowOut.model_validate(data).model_dump(mode="json")


@operation(bp, "GET", "/progress", tag="支出进度", summary="一个年度（和单位）各项目的支出进度",
           permission=Permission.PROJECT_READ, query=ProgressQuery, response=ProgressPage)
def year_progress(query: ProgressQuery):
    """与 jixiao progress --json 相同的数字（金额两位小数、比率四位小数），另有合计；滞后的项目 flags 不为空。"""
    unit = auth.unit_filter(Permission.PROJECT_READ, query.unit)
    scope = auth.scope(Permission.PROJECT_READ)
    if unit is not None:
        scope = frozenset({unit.id})
    as_of = query.as_of or progress_service.default_as_of(query.year)
    table = progress_service.table(query.year, as_of, scope)
    page = listing.slice_page(table.rows, query.page, query.per_page)
    totals = table.totals
    return ProgressPage(
        year=query.year, as_of=as_of,
        totals={"budget": format_money(totals.budget), "plan": format_money(totals.plan), "spent": format_money(totals.spent),
                "rate": f"{totals.rate:.4f}" if totals.rate is not None else None, "lagging": totals.lagging},
        items=[row_json(r) for r in page.items], page=page.page, per_page=page.per_page, total=page.total, pages=page.pages,
    ).model_dump(mode="json")


@operation(bp, "GET", "/projects/<int:project_id>/progress", tag="支出进度", summary="一个项目的支出进度",
           permission=Permission.PROJECT_READ, query=ProjectProgressQuery, response=ProgressRowOut)
def project_progress(project_id: int, query: ProjectProgressQuery):
    project = project_service.get_project(project_id) or abort(404)
    as_of = query.as_of or progress_service.default_as_of(project.year)
    return row_json(progress_service.project_progress(project, as_of))
