"""支出进度: a unit's progress table (+ Excel), the department-wide view and a project's chart."""

import datetime

from flask import Blueprint, abort, flash, render_template, request
from markupsafe import Markup

from app.documents.progress_chart import chart_svg
from app.documents.progress_excel import progress_xlsx
from app.domain.access import Permission, visible_units
from app.domain.progress import describe
from app.services import listing, progress, projects, units
from app.services.monitoring import default_month
from app.views.guards import allow, current_principal
from app.views.jobs import large_export
from app.views.sending import send_document
from app.views.unit_picker import chosen_unit, picker_units

bp = Blueprint("progress", __name__)



def _year() -> int:
    year = request.args.get("year", type=int)
    if year:
        return year
    years = units.years_in_use()
    return years[0] if years else datetime.date.today().year


def _as_of(year: int) -> datetime.date:
    """The 截至 date asked for; it follows the year: a date before the year, or one left from the
    year shown before (``for_year``) when another year is chosen, gives the new year's default."""
    text = request.args.get("as_of", "").strip()
    if text:
        try:
            as_of = datetime.date.fromisoformat(text)
        except ValueError:
            flash(f"日期“{text}”无效，应为 YYYY-MM-DD；已按默认日期计算", "error")
        else:
            shown = request.args.get("for_year", type=int)
            if as_of.year >= year and (shown in (None, year) or as_of.year == year):
                return as_of
    return progress.default_as_of(year)


def _scope(unit):
    if unit is not None:
        return frozenset({unit.id})
    return visible_units(current_principal(), Permission.PROJECT_READ)


def _unit():
    unit_id = request.args.get("unit", type=int)
    return units.get_unit(unit_id) if unit_id else None


@bp.get("/progress/")
@allow(Permission.PROJECT_READ, unit_arg="unit")
def index():
    if (typed := chosen_unit()) is not None:
        return typed
    year, unit = _year(), _unit()
    as_of = _as_of(year)
    sort, descending = request.args.get("sort", ""), request.args.get("dir") == "desc"
    result = progress.page(year, as_of, _scope(unit), sort, descending, listing.page_number(request.args.get("page")))
    return render_template(
        "progress/index.html",
        table=result,
        page=result.page,
        year=year,
        unit=unit,
        as_of=as_of,
        sort=sort,
        descending=descending,
        units=picker_units(),
        years=units.years_in_use(),
        report_month=default_month(year, as_of),
        rules=describe(progress.settings()),
    )


@bp.get("/progress/department")
@allow(Permission.PROJECT_READ)
def department():
    year = _year()
    as_of = _as_of(year)
    result = progress.page(year, as_of, _scope(None), page_number=listing.page_number(request.args.get("page")),
                           lagging_on_top=True)
    return render_template(
        "progress/department.html",
        table=result,
        page=result.page,
        year=year, as_of=as_of, years=units.years_in_use(), rules=describe(progress.settings())
    )


@bp.get("/progress/progress.xlsx")
@allow(Permission.PROJECT_READ, unit_arg="unit", export=True)
def xlsx():
    year, unit = _year(), _unit()
    as_of = _as_of(year)
    sort, descending = request.args.get("sort", ""), request.args.get("dir") == "desc"
    who = unit.label if unit else "全部单位"
    title = f"{year} 年度项目支出进度表（{who}，截至 {as_of.isoformat()}）"
    params = {"as_of": as_of.isoformat(), "sort": sort, "descending": descending}
    if (started := large_export("progress_xlsx", year, unit, params, f"{title}（Excel）")) is not None:
        return started  # a province's year: built by a background job (docs/jobs.md)
    result = progress.table(year, as_of, _scope(unit), sort, descending)
    data = progress_xlsx(result, title)
    name = f"{year}年度支出进度_{unit.code if unit else '全部单位'}_{as_of.isoformat()}.xlsx"
    return send_document(data, name)


@bp.get("/projects/<int:project_id>/progress")
@allow(Permission.PROJECT_READ)
def project(project_id: int):
    item = projects.get_project(project_id) or abort(404)
    as_of = _as_of(item.year)
    row = progress.project_progress(item, as_of)
    curves = progress.curves(row, as_of)
    res = row.result
    marks = {"plan": res.plan_at_date, "actual": res.spent, "benchmark": res.benchmark_amount} if res else None
    chart = chart_svg(item.year, row.budget, curves.plan, curves.actual, curves.benchmark, as_of, marks)
    return render_template(
        "progress/project.html",
        project=item,
        row=row,
        as_of=as_of,
        chart=Markup(chart),  # built from numbers and escaped labels only (app/documents/progress_chart.py)
        rules=describe(progress.settings()),
    )


