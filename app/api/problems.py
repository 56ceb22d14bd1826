"""Errors as problem documents (RFC 9457: application/problem+json), in Chinese, naming the field."""

import re

from flask import has_request_context, jsonify

from app.domain.errors import DomainError
from app.views.serving import request_id

MEDIA_TYPE = "application/problem+json"

TITLES = {
    400: "请求有误",
    401: "未认证",
    403: "无权访问",
    404: "对象不存在",
    405: "不支持的请求方式",
    409: "数据冲突",
    412: "数据已被他人修改",
    413: "请求体过大",
    415: "请求体应为 JSON",
    422: "提交的内容有误",
    428: "缺少 If-Match 请求头",
    500: "服务器内部错误",
    503: "服务暂时不可用",
}


class ApiError(Exception):
    """Stop the request with a problem document."""

    def __init__(self, status: int, detail: str = "", errors=(), headers: dict | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail or TITLES.get(status, "请求失败")
        self.errors = [{"field": field, "message": message} for field, message in errors]
        self.headers = headers or {}


def problem(status: int, detail: str = "", errors=(), headers: dict | None = None, title: str | None = None):
    """The response: ``title`` and ``detail`` in Chinese, ``errors`` as [{field, message}]."""
    body = {
        "type": "about:blank",
        "title": title or TITLES.get(status, "请求失败"),
        "status": status,
        "detail": detail or TITLES.get(status, "请求失败"),
        "errors": list(errors),
        "request_id": request_id() if has_request_context() else None,  # what the error pages show as 编号
    }
    response = jsonify(body)
    response.status_code = status
    response.mimetype = MEDIA_TYPE
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def from_error(error: ApiError):
    return problem(error.status, error.detail, error.errors, error.headers)


_ROW = re.compile(r"row-(\d+)")
_FORM_PATH = re.compile(r"([A-Za-z_]+)-(\d+)(?:-(.+))?")


def field_path(name: str, rows: str = "payments") -> str:
    """A form path as a JSON path: ``indicators-3-target_text`` → ``indicators[3].target_text``.

    A list's ``row-N`` (the N-th item, "第 N 行" in the message) is ``rows[N-1]``.
    """
    if not name:
        return ""
    match = _ROW.fullmatch(name)
    if match:
        return f"{rows}[{int(match[1]) - 1}]"
    match = _FORM_PATH.fullmatch(name)
    if match:
        head = f"{match[1]}[{match[2]}]"
        return head + (f".{field_path(match[3], rows)}" if match[3] else "")
    return name


def from_domain(error: DomainError, status: int = 422, rows: str = "payments"):
    """A rule the services refused: every problem with the field it belongs to."""
    errors = [{"field": field_path(p.field, rows), "message": p.message} for p in error.problems]
    detail = "；".join(p.message for p in error.problems[:5]) or TITLES[status]
    if len(error.problems) > 5:
        detail += f"；等 {len(error.problems)} 处问题"
    return problem(status, detail, errors)
