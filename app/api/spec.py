"""Operations of the API: one decorator declares a route, who may call it and its shapes;
the OpenAPI 3.1 document is generated from those declarations and the pydantic models.

There is no hand-kept copy of the document: a route without ``@operation`` is not in it, and a
shape changes in one place (``app/api/schemas.py``).
"""

import re
from dataclasses import dataclass
from functools import wraps

from flask import request
from pydantic import BaseModel, ValidationError
from pydantic.json_schema import models_json_schema

from app.api import auth
from app.api.problems import ApiError
from app.api.schemas import Problem
from app.domain.access import Permission
from app.views.guards import TOKEN  # the API authenticates its own callers

MAX_ID = 2**31 - 1


@dataclass(frozen=True)
class Operation:
    method: str
    rule: str
    endpoint: str
    tag: str
    summary: str
    description: str
    permission: Permission
    query: type[BaseModel] | None
    body: type[BaseModel] | None
    response: type[BaseModel] | None
    status: int
    etag: bool
    if_match: bool
    media: str | tuple[str, ...] = "application/json"  # what a success answers: JSON, or a document (.xlsx, .docx, one of several)
    errors: tuple[str, ...] = ()  # statuses beyond the usual ones (e.g. "409")
    body_required: bool = True  # False: a request without a body takes the model's defaults


OPERATIONS: list[Operation] = []


def operation(bp, method: str, rule: str, *, tag: str, summary: str, permission: Permission,
              query=None, body=None, response=None, status: int = 200, etag: bool = False, if_match: bool = False,
              media: str | tuple[str, ...] = "application/json", errors: tuple[str, ...] = (), body_required: bool = True):
    """Declare an API route: the view gets ``query``/``body`` as checked models and ``expected`` (If-Match)."""

    def decorate(view):
        op = Operation(method, rule, view.__name__, tag, summary, (view.__doc__ or "").strip(), permission,
                       query, body, response, status, etag, if_match, media, errors=tuple(errors),
                       body_required=body_required)
        OPERATIONS.append(op)

        @wraps(view)
        def handle(**kwargs):
            auth.authenticate()
            if any(isinstance(v, int) and v > MAX_ID for v in kwargs.values()):
                raise ApiError(404, "对象不存在")  # past any id the database holds (PostgreSQL integer)
            auth.require(permission, write=method != "GET", project_id=kwargs.get("project_id"),
                         unit_id=kwargs.get("unit_id"))
            if query is not None:
                kwargs["query"] = _checked(query, request.args.to_dict(), "query")
            if body is not None:
                empty = not body_required and not request.get_data(cache=True)
                kwargs["body"] = _checked(body, {} if empty else _json_body(), "body")
            if if_match:
                kwargs["expected"] = expected_version(numeric=if_match != "tag")
            return view(**kwargs)

        handle.access = TOKEN
        bp.add_url_rule(rule, endpoint=view.__name__, view_func=handle, methods=[method])
        return handle

    return decorate


def _json_body():
    if not request.is_json:
        raise ApiError(415, "请求体应为 JSON（Content-Type: application/json）")
    data = request.get_json(silent=True)
    if data is None:
        raise ApiError(400, "请求体不是有效的 JSON")
    return data


MESSAGES = {
    "missing": "缺少此项",
    "string_type": "应为文本",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "date_type": "应为日期，如 2024-03-15",
    "date_parsing": "应为日期，如 2024-03-15",
    "date_from_datetime_parsing": "应为日期，如 2024-03-15",
    "literal_error": "取值不在允许范围内",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "string_too_long": "文本过长",
    "too_long": "条目过多",
    "too_short": "至少需要一条",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "string_unicode": "应为文本",
    "union_tag_invalid": "取值不在允许范围内",
    "union_tag_not_found": "缺少此项",
}


def _checked(model: type[BaseModel], data, where: str):
    """``data`` as ``model``, or 422 naming every bad field in Chinese."""
    try:
        return model.model_validate(data)
    except ValidationError as err:
        errors = []
        for item in err.errors(include_url=False, include_input=False):
            path = _path(_field_loc(model, item))
            hint = MESSAGES.get(item["type"], "格式有误")
            if item["type"] == "union_tag_invalid":
                hint += f"（应为 {item['ctx']['expected_tags']}）"
            limit = (item.get("ctx") or {}).get("le") or (item.get("ctx") or {}).get("ge") or (item.get("ctx") or {}).get("max_length")
            if limit is not None and item["type"] in ("greater_than_equal", "less_than_equal", "string_too_long", "too_long"):
                hint += f"（界限 {limit}）"
            errors.append((path, f"{'查询参数' if where == 'query' else '字段'} {path or '请求体'}：{hint}"))
        errors = list(dict.fromkeys(errors))[:50]
        raise ApiError(422, "；".join(message for _, message in errors[:5]), errors) from None


def _field_loc(model, item) -> tuple:
    """The error's place as a field: without the tag of a tagged union (``union_tags``), with its discriminator."""
    loc = tuple(item["loc"])
    tags = getattr(model, "union_tags", ())
    loc = tuple(part for part in loc if part not in tags)
    if item["type"] in ("union_tag_invalid", "union_tag_not_found"):
        loc += (str(item["ctx"]["discriminator"]).strip("'"),)
    return loc


def _path(loc) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif str(part) in ("str", "int", "float", "function-after[...]") or "[" in str(part):
            continue  # the branch of a union pydantic tried, not a field
        else:
            text += ("." if text else "") + str(part)
    return text


def expected_version(numeric: bool = True) -> int | str:
    """The version in ``If-Match`` ("3", W/"3" or *): 428 when missing, 412 when it names no version.

    ``numeric=False``: the entity tag as it is (a payment's digest).
    """
    header = request.headers.get("If-Match")
    if header is None or not header.strip():
        raise ApiError(428, "修改或删除须带 If-Match 请求头（先 GET 取得 ETag）")
    value = header.strip()
    if value == "*":
        return "*"
    value = value.removeprefix("W/").strip().strip('"')
    if not numeric:
        return value
    if not value.isdigit() or len(value) > 12:
        raise ApiError(412, f"If-Match 中的版本“{header[:40]}”与当前版本不符")
    return int(value)


def etag(version: int) -> dict:
    return {"ETag": f'"{version}"'}


# -- the document --------------------------------------------------------------------------


ERRORS = {
    "400": "请求体不是有效的 JSON",
    "401": "缺少令牌，或令牌无效、已过期、已撤销",
    "403": "令牌的用户无此权限，或只读令牌试图修改",
    "404": "对象不存在",
    "409": "与对象当前的状态冲突（如任务尚未完成，或项目当前状态不能进行此操作）",
    "412": "If-Match 中的版本已过时（他人已修改）",
    "415": "请求体不是 JSON",
    "422": "内容有误，errors 逐项指明字段",
    "428": "修改或删除缺少 If-Match",
}


def _flask_path(rule: str) -> tuple[str, list[dict]]:
    """``/projects/<int:project_id>`` → ``/projects/{project_id}`` and its path parameters."""
    parameters = [
        {"name": name, "in": "path", "required": True,
         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID} if converter == "int:" else {"type": "string", "maxLength": 64}}
        for converter, name in re.findall(r"<(int:)?(\w+)>", rule)
    ]
    return re.sub(r"<(?:int:)?(\w+)>", r"{\1}", rule), parameters


def document(prefix: str = "/api/v1") -> dict:
    """The OpenAPI 3.1 document of every declared operation."""
    models = {Problem}
    for op in OPERATIONS:
        models.update(m for m in (op.body, op.response) if m is not None)
    modes = [(m, "validation" if m is op_body_model(m) else "serialization") for m in sorted(models, key=lambda m: m.__name__)]
    _, defs = models_json_schema(modes, ref_template="#/components/schemas/{model}")
    schemas = defs.get("$defs", {})
    paths: dict = {}
    for op in OPERATIONS:
        path, parameters = _flask_path(prefix + op.rule)
        names = [p["name"] for p in parameters]
        if op.query is not None:
            schema = op.query.model_json_schema()
            required = set(schema.get("required", []))
            for name, prop in schema["properties"].items():
                prop = dict(prop)
                prop.pop("title", None)
                description = prop.pop("description", "")
                parameters.append({"name": name, "in": "query", "required": name in required,
                                   "description": description, "schema": prop})
        if op.if_match:
            parameters.append({"name": "If-Match", "in": "header", "required": True,
                               "description": "GET 返回的 ETag（版本号），如 \"3\"",
                               "schema": {"type": "string", "maxLength": 40}})
        responses: dict = {}
        success: dict = {"description": op.summary}
        if op.media != "application/json":
            medias = (op.media,) if isinstance(op.media, str) else op.media
            success["content"] = {media: {"schema": {"type": "string", "format": "binary"}} for media in medias}
        elif op.response is not None:
            success["content"] = {"application/json": {"schema": {"$ref": f"#/components/schemas/{op.response.__name__}"}}}
        if op.etag:
            success["headers"] = {"ETag": {"description": "当前版本号", "schema": {"type": "string"}}}
        responses[str(op.status)] = success
        codes = ["401", "403", "422"]
        if names:
            codes.append("404")
        if op.body is not None:
            codes += ["400", "415"]
        if op.if_match:
            codes += ["412", "428"]
        codes += op.errors
        for code in sorted(set(codes)):
            responses[code] = {"description": ERRORS[code],
                               "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        entry = {
            "operationId": op.endpoint,
            "tags": [op.tag],
            "summary": op.summary,
            "description": op.description + f"\n\n权限：{op.permission.value}" + ("（需读写令牌）" if op.method != "GET" else ""),
            "parameters": parameters,
            "responses": responses,
            "security": [{"bearer": []}],
        }
        if op.body is not None:
            entry["requestBody"] = {"required": op.body_required, "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{op.body.__name__}"}}}}
        paths.setdefault(path, {})[op.method.lower()] = entry
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "jixiao 绩效 API",
            "version": "1",
            "description": "预算单位、项目（绩效目标表）、支出、年终自评与支出进度。令牌在“接口令牌”页面创建；说明见 docs/api.md。",
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "jx_<id>_<secret>"}},
        },
    }


def op_body_model(model):
    """``model`` when it is some operation's request body (validated on the way in), else None."""
    return model if any(op.body is model for op in OPERATIONS) else None
