"""The JSON API, version 1 (``/api/v1/``): the same services, rules, audit trail and per-unit
access as the pages, for other systems (the treasury's payments, reports that pull scores).

Callers authenticate with a personal token (``app.services.tokens``); errors are problem
documents (``app.api.problems``); the OpenAPI document is generated from the operations and
their models (``app.api.spec``, ``app.api.schemas``). The token pages are ``app.api.pages``.
"""

from flask import Blueprint, Flask, current_app, jsonify, render_template, request
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from app.api.problems import ApiError, from_domain, from_error, problem
from app.domain.errors import ConflictError, DomainError
from app.extensions import csrf, db
from app.views.guards import PUBLIC

bp = Blueprint("api_v1", __name__, url_prefix="/api/v1")


def register(app: Flask) -> None:
    """Register the API and the token pages; the API takes no cookies, so it needs no CSRF token."""
    from app.api import pages

    declare_operations()
    csrf.exempt(bp)
    app.register_blueprint(bp)
    app.register_blueprint(pages.bp)
    # A URL under /api/v1/ that names no operation (or not with this method) is answered here too.
    for code in (404, 405):
        app.register_error_handler(code, _no_such_operation)


def declare_operations() -> None:
    """Import the modules whose ``@operation``s declare the routes (and the OpenAPI document)."""
    from app.api import evaluations, exports, jobs, payments, progress, projects, units, workflow  # noqa: F401


def _no_such_operation(error: HTTPException):
    if not request.path.startswith(f"{bp.url_prefix}/"):
        from app.views.errors import MESSAGES, page

        return page(error.code, MESSAGES.get(error.code, "请求失败"))
    allowed = getattr(error, "valid_methods", None)
    headers = {"Allow": ", ".join(sorted(allowed))} if allowed else None
    detail = "没有这个接口，请查看 /api/v1/docs" if error.code == 404 else "此接口不支持该请求方式"
    return problem(error.code, detail, headers=headers)


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 document of this API (no token needed: it describes, it holds no data)."""
    from app.api.spec import document

    return jsonify(document())


@bp.get("/docs")
def docs():
    """The document as a page (drawn on the server: no script, nothing from another site)."""
    import json

    from app.api.spec import document

    doc = document()
    operations = [
        {"method": method.upper(), "path": path, **entry}
        for path, methods in doc["paths"].items() for method, entry in methods.items()
    ]
    schemas = {name: json.dumps(schema, ensure_ascii=False, indent=2) for name, schema in doc["components"]["schemas"].items()}
    return render_template("api/docs.html", doc=doc, operations=operations, schemas=schemas)


openapi.access = docs.access = PUBLIC


@bp.errorhandler(ApiError)
def api_error(error: ApiError):
    return from_error(error)


@bp.errorhandler(ConflictError)
def conflict(error: ConflictError):
    return problem(412, str(error), [{"field": "If-Match", "message": str(error)}])


@bp.errorhandler(DomainError)
def refused(error: DomainError):
    return from_domain(error)


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    return problem(error.code or 500, getattr(error, "message", ""))


@bp.errorhandler(OperationalError)
@bp.errorhandler(InterfaceError)
@bp.errorhandler(PoolTimeout)
def database_gone(error: Exception):
    current_app.logger.error("database unavailable: %s", type(error).__name__)
    return problem(503, "数据库暂时无法连接，请稍后重试", headers={"Retry-After": "30"})


@bp.errorhandler(DataError)
@bp.errorhandler(OverflowError)
def out_of_range(error: Exception):
    from app.views.errors import OUT_OF_RANGE

    db.session.rollback()
    current_app.logger.warning("value out of range: %s", str(error).splitlines()[0] if str(error) else type(error).__name__)
    return problem(400, OUT_OF_RANGE)


@bp.errorhandler(Exception)
def unexpected(error: Exception):
    current_app.logger.exception("unhandled API error")
    return problem(500, "服务器内部错误，请稍后重试；如持续出现，请联系系统管理员")
