"""Who calls: a bearer token (never the browser's cookie), its user's rights, its scope.

Cookies do not authenticate here, so a page in another tab cannot make the browser change
data through the API (no CSRF to guard against). Every change is recorded under the token's
user and the token's id (``app.services.audit.actor``).
"""

from flask import g, request

from app.api.problems import ApiError
from app.domain.access import Permission, Principal, allows, visible_units
from app.services import accounts, audit, tokens
from app.services import projects as project_service
from app.services import units as unit_service

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="jixiao"'}


def authenticate() -> None:
    """Read ``Authorization: Bearer jx_…`` and name its user as the actor of what follows."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise ApiError(401, "请在 Authorization 请求头中提供令牌：Bearer jx_…（在“接口令牌”页面创建）", headers=CHALLENGE)
    try:
        token = tokens.authenticate(value)
    except tokens.TokenError as err:
        raise ApiError(401, str(err), headers=CHALLENGE) from None
    g.api_token = token
    g.api_principal = accounts.principal(token.user)
    audit.set_actor(token.user, request.remote_addr, token.id)


def principal() -> Principal:
    return g.api_principal


def require(permission: Permission, *, write: bool, project_id: int | None = None, unit_id: int | None = None) -> None:
    """Refuse (401/403/404) unless the token may do ``permission`` (on the object in the path)."""
    if write and g.api_token.scope != tokens.Scope.WRITE:
        raise ApiError(403, "只读令牌不能修改数据，请使用读写令牌")
    who = principal()
    if project_id is not None:
        owner = project_service.unit_of(project_id)
        if owner is None:
            raise ApiError(404, f"项目 {project_id} 不存在")
        if not allows(who, permission, owner):
            raise ApiError(403, "无权访问该项目")
        return
    if unit_id is not None:
        if unit_service.get_unit(unit_id) is None:
            raise ApiError(404, f"预算单位 {unit_id} 不存在")
        if not allows(who, permission, unit_id):
            raise ApiError(403, "无权访问该预算单位")
        return
    if not allows(who, permission):
        raise ApiError(403, "无权访问")


def scope(permission: Permission) -> frozenset[int] | None:
    """The units ``permission`` covers for the caller (None: every unit)."""
    return visible_units(principal(), permission)


def unit_filter(permission: Permission, code: str | None, field: str = "unit"):
    """The unit a list is filtered by (``?unit=CODE``), checked against the caller's units; None for all."""
    if code is None:
        return None
    unit = unit_service.find_unit(code.strip())
    if unit is None:
        raise ApiError(422, f"预算单位 {code} 不存在", [(field, f"预算单位 {code} 不存在")])
    if not allows(principal(), permission, unit.id):
        raise ApiError(403, f"无权访问预算单位 {unit.code}")
    return unit


def allows_any(permission: Permission) -> bool:
    """Whether the caller holds ``permission`` for some unit."""
    return allows(principal(), permission)


def current_user():
    """The user the token acts for."""
    return g.api_token.user
