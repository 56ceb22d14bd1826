"""年终自评: a year's scores, one project's entry with its verdict, and saving the entry as a draft."""

from decimal import Decimal

from flask import abort

from app.api import auth, bp
from app.api.problems import ApiError
from app.api.schemas import EntryIn, EvaluationOut, EvaluationPage, EvaluationQuery, EvaluationSummaryOut
from app.api.spec import etag, operation
from app.domain.access import Permission
from app.domain.actuals import Grade
from app.domain.money import MoneyError, check_cents, format_money, parse_money
from app.domain.numbers import plain
from app.domain.yearend import RowEntry, YearEndEntry, verdict_to_json
from app.services import listing
from app.services import selfeval as selfeval_service


def _text(value: Decimal | None, money: bool = True) -> str | None:
    if value is None:
        return None
    return format_money(value) if money else plain(value)


def summary_json(row) -> dict:
    return EvaluationSummaryOut(
        project_id=row.project_id, code=row.code, name=row.name, status=row.status, budget=_text(row.budget),
        spent=_text(row.spent), rate=f"{row.rate:.4f}" if row.rate is not None else None,
        score=_text(row.score, money=False), grade=row.grade, indicators=row.indicators, unmet=row.unmet,
        missing_reasons=list(row.missing_reasons), complete=row.complete,
    ).model_dump(mode="json")


def evaluation_json(project) -> dict:
    item = selfeval_service.year_end(project)
    entry = item.entry
    return EvaluationOut.model_validate({
        "project_id": project.id,
        "status": item.status_label,
        "version": selfeval_service.version_of(project),
        "scheme": item.scheme_lines,
        "entry": {
            "budget_adjusted": _text(entry.budget_adjusted),
            "spent_fiscal": _text(entry.spent_fiscal),
            "spent_carryover": _text(entry.spent_carryover),
            "spent_other": _text(entry.spent_other),
            "execution_reason": entry.execution_reason,
            "overall_actual": entry.overall_actual,
            "supervising_department": entry.supervising_department,
            "rows": [
                {"indicator_id": r.indicator_id, "actual": r.actual, "grade": r.grade.value if r.grade else None,
                 "grade_percent": _text(r.grade_percent, money=False), "weight": _text(r.weight, money=False),
                 "not_applicable": r.not_applicable, "deviation_reason": r.deviation_reason, "direction": r.direction}
                for r in entry.rows
            ],
            "part_scores": [{"name": name, "score": _text(score, money=False)} for name, score in entry.part_scores],
        },
        "verdict": verdict_to_json(item.verdict),
    }).model_dump(mode="json")


@operation(bp, "GET", "/evaluations", tag="年终自评", summary="一个年度（和单位）各项目的自评得分与等级",
           permission=Permission.PROJECT_READ, query=EvaluationQuery, response=EvaluationPage)
def list_evaluations(query: EvaluationQuery):
    """汇总表的每一行：执行率、得分、等级、未达标指标数、缺少的偏差原因；未填报的项目也列出。"""
    unit = auth.unit_filter(Permission.PROJECT_READ, query.unit)
    scope = auth.scope(Permission.PROJECT_READ)
    rows = selfeval_service.summary(query.year, unit)
    if scope is not None:
        allowed = _projects_in(query.year, scope)
        rows = [r for r in rows if r.project_id in allowed]
    page = listing.slice_page(rows, query.page, query.per_page)
    return EvaluationPage(items=[summary_json(r) for r in page.items], page=page.page, per_page=page.per_page,
                          total=page.total, pages=page.pages).model_dump(mode="json")


def _projects_in(year: int, unit_ids: frozenset[int]) -> set[int]:
    from app.extensions import db

    return set(db.session.scalars(listing.project_scope(year, unit_ids)))


@operation(bp, "GET", "/projects/<int:project_id>/evaluation", tag="年终自评", summary="读取一个项目的年终自评及评分",
           permission=Permission.PROJECT_READ, response=EvaluationOut, etag=True)
def get_evaluation(project_id: int):
    """entry 是填报的内容，verdict 是逐项的评分与说明（完整时有 total 与 grade）。ETag 为自评的版本号（未填报为 0）。"""
    project = selfeval_service.get_project(project_id) or abort(404)
    return evaluation_json(project), 200, etag(selfeval_service.version_of(project))


@operation(bp, "PUT", "/projects/<int:project_id>/evaluation", tag="年终自评", summary="保存年终自评（草稿）",
           permission=Permission.PROJECT_EDIT, body=EntryIn, response=EvaluationOut, etag=True, if_match=True)
def save_evaluation(project_id: int, body: EntryIn, expected):
    """与页面“保存”相同：空项可以留待以后填写，填错的项拒绝保存；已提交或审核通过的自评不能修改。
    第一次填报时 If-Match 为 "0"。"""
    project = selfeval_service.get_project(project_id) or abort(404)
    version = selfeval_service.version_of(project) if expected == "*" else expected
    selfeval_service.save(project, _entry(body), version=str(version))
    project = selfeval_service.get_project(project_id)
    return evaluation_json(project), 200, etag(selfeval_service.version_of(project))


# Field → (Chinese name, lowest allowed, whether the lowest is excluded, highest): the form's bounds (forms/selfeval.py).
BOUNDS = {
    "budget_adjusted": ("全年预算数", 0, True, None),
    "spent_fiscal": ("本年财政拨款", 0, False, None),
    "spent_carryover": ("上年结转资金", 0, False, None),
    "spent_other": ("其他资金", 0, False, None),
    "grade_percent": ("得分比例", 0, False, 100),
    "weight": ("分值", 0, False, 1000),
    "score": ("得分", 0, False, 1000),
}


def _entry(body: EntryIn) -> YearEndEntry:
    """The entry the body describes; 422 naming each number that is not one, or out of bounds, before anything is saved."""
    errors = []

    def number(value, field: str) -> Decimal | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        name, low, exclusive, high = BOUNDS[field.rsplit(".", 1)[-1]]
        try:
            amount = check_cents(parse_money(str(value)), value)
        except MoneyError as err:
            errors.append((field, f"{name} {field} {err}"))
            return None
        if amount < low or (exclusive and amount == low):
            errors.append((field, f"{name} {field} {'须大于 0' if exclusive else '不能为负数'}"))
        elif high is not None and amount > high:
            errors.append((field, f"{name} {field} 不能超过 {high}"))
        return amount

    rows = tuple(
        RowEntry(
            indicator_id=row.indicator_id, actual=row.actual.strip(), grade=Grade(row.grade) if row.grade else None,
            grade_percent=number(row.grade_percent, f"rows[{n}].grade_percent"),
            weight=number(row.weight, f"rows[{n}].weight"), not_applicable=row.not_applicable,
            deviation_reason=row.deviation_reason.strip(), direction=row.direction,
        )
        for n, row in enumerate(body.rows)
    )
    entry = YearEndEntry(
        budget_adjusted=number(body.budget_adjusted, "budget_adjusted"),
        spent_fiscal=number(body.spent_fiscal, "spent_fiscal"),
        spent_carryover=number(body.spent_carryover, "spent_carryover"),
        spent_other=number(body.spent_other, "spent_other"),
        execution_reason=body.execution_reason.strip(), overall_actual=body.overall_actual.strip(),
        supervising_department=body.supervising_department.strip(), rows=rows,
        part_scores=tuple((p.name, number(p.score, f"part_scores[{n}].score")) for n, p in enumerate(body.part_scores)),
    )
    if errors:
        raise ApiError(422, "；".join(m for _, m in errors[:5]), errors)
    return entry
