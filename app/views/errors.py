"""Error pages in Chinese, never a stack trace; the database being gone is one of them."""

from flask import Flask, g, render_template
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from app.extensions import db
from app.views.serving import request_id

MESSAGES = {
    400: "请求有误",
    403: "无权访问",
    404: "页面不存在",
    405: "不支持的请求方式",
    413: "上传的文件过大",
    422: "提交的内容有误",
    429: "请求过于频繁，请稍后再试",
    500: "服务器内部错误",
    503: "数据库暂时无法连接，请稍后再试；如持续出现，请联系系统管理员",
}
OUT_OF_RANGE = "提交的数值或文本超出允许的范围，未保存任何内容，请检查后重试"
# The database is unreachable, refused the connection or timed out.
DATABASE_GONE = (OperationalError, InterfaceError, PoolTimeout)


def page(code: int, message: str):
    """The product's error page; if even that cannot be drawn, the same words in plain HTML."""
    number = request_id()  # the id in the log lines: a user can quote it
    try:
        return render_template("errors.html", code=code, message=message, request_id=number), code
    except Exception:  # noqa: BLE001  (an error page must never fail in turn)
        text = escape(f"{code} {message}")
        quote = escape(f"编号：{number}") if number else ""
        return (
            f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{code}</title></head>'
            f"<body><h1>{text}</h1><p>{quote}</p></body></html>",
            code,
        )


def register(app: Flask) -> None:
    """Answer every HTTP error with a Chinese page."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return page(400, "页面已过期或来源无效，请刷新页面后重试")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        # A refusal that says why in Chinese (security.BadParameter) says it; werkzeug's own words never show.
        return page(code, getattr(error, "message", None) or MESSAGES.get(code, "请求失败"))

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(PoolTimeout)
    def database_gone(error: Exception):
        # Drawn without the database: no user, no navigation (base.html checks g.database_down).
        app.logger.error("database unavailable: %s", str(error).splitlines()[0] if str(error) else type(error).__name__)
        g.database_down = True
        g._login_user = AnonymousUserMixin()  # Flask-Login would load the user for the template: from the database
        response = page(503, MESSAGES[503])
        return response[0], 503, {"Retry-After": "30"}

    @app.errorhandler(DataError)
    @app.errorhandler(OverflowError)
    def out_of_range(error: Exception):
        # A number or text the database cannot hold (SQLite: OverflowError before sending; PostgreSQL:
        # NumericValueOutOfRange, StringDataRightTruncation…) is the request's fault, not a crash: nothing
        # was saved (the transaction rolled back), and the user is told so.
        db.session.rollback()
        app.logger.warning("value out of range (request %s): %s", request_id(), str(error).splitlines()[0] if str(error) else type(error).__name__)
        return page(400, OUT_OF_RANGE)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("unhandled error (request %s)", request_id())
        return page(500, MESSAGES[500])
