"""预算单位: list and read the caller's units; administrators create and rename them."""

from flask import abort

from app.api import auth, bp
from app.api.schemas import Paging, UnitIn, UnitOut, UnitPage
from app.api.spec import etag, operation
from app.domain.access import Permission
from app.services import listing
from app.services import units as unit_service


def unit_json(unit) -> dict:
    return UnitOut(id=unit.id, code=unit.code, name=unit.name, version=unit.version).model_dump(mode="json")


def _visible(unit_id: int) -> bool:
    return any(
        auth.scope(p) is None or unit_id in auth.scope(p)
        for p in (Permission.PROJECT_READ, Permission.UNIT_READ)
        if auth.allows_any(p)
    )


@operation(bp, "GET", "/units", tag="预算单位", summary="列出可见的预算单位", permission=Permission.SIGNED_IN,
           query=Paging, response=UnitPage)
def list_units(query: Paging):
    """本人可访问的预算单位（填报、审核：所属单位；审计、管理员：全部），按编码排序。"""
    units = [u for u in unit_service.list_units() if _visible(u.id)]
    page = listing.slice_page(units, query.page, query.per_page)
    return UnitPage(items=[unit_json(u) for u in page.items], page=page.page, per_page=page.per_page,
                    total=page.total, pages=page.pages).model_dump(mode="json")


@operation(bp, "GET", "/units/<int:unit_id>", tag="预算单位", summary="读取一个预算单位", permission=Permission.SIGNED_IN,
           response=UnitOut, etag=True)
def get_unit(unit_id: int):
    """ETag 为单位的版本号。"""
    unit = unit_service.get_unit(unit_id) or abort(404)
    if not _visible(unit.id):
        abort(403)
    return unit_json(unit), 200, etag(unit.version)


@operation(bp, "POST", "/units", tag="预算单位", summary="新建预算单位（管理员）", permission=Permission.UNIT_MANAGE,
           body=UnitIn, response=UnitOut, status=201, etag=True)
def create_unit(body: UnitIn):
    unit = unit_service.create_unit(body.code, body.name)
    return unit_json(unit), 201, etag(unit.version) | {"Location": f"/api/v1/units/{unit.id}"}


@operation(bp, "PUT", "/units/<int:unit_id>", tag="预算单位", summary="修改预算单位的编码或名称（管理员）",
           permission=Permission.UNIT_MANAGE, body=UnitIn, response=UnitOut, etag=True, if_match=True)
def update_unit(unit_id: int, body: UnitIn, expected):
    unit = unit_service.get_unit(unit_id) or abort(404)
    version = unit.version if expected == "*" else expected
    unit = unit_service.update_unit(unit, body.code, body.name, version=version)
    return unit_json(unit), 200, etag(unit.version)
