"""The kinds of background job the product runs (``app.services.jobs.KINDS``), each with its page's permission.

Every function re-reads what the user may do when it runs: a job started with rights that were
withdrawn since does no more than the user may do now.
"""

import dataclasses
from pathlib import Path

from app.domain.access import Permission, allows, visible_units
from app.domain.errors import DomainError
from app.services import accounts, exports, imports, uploads
from app.services.jobs import Context, kind
from app.services.units import list_units


def _scope(user, permission: Permission) -> frozenset[int] | None:
    principal = accounts.principal(user)
    if not allows(principal, permission):
        raise DomainError("您已没有执行此任务的权限")
    return visible_units(principal, permission)


@kind("targets_zip", "绩效目标表打包下载")
def targets_zip(job: Context) -> dict:
    """A unit's or every visible unit's target tables (or department documents) of a year: one .docx per unit, in a .zip."""
    params = job.params
    year, layout, department = int(params["year"]), params.get("layout", "full"), bool(params.get("department"))
    if layout not in exports.LAYOUT_NAMES:
        raise DomainError(f"版式“{layout}”无效", "layout")
    scope = _scope(job.user, Permission.PROJECT_READ)
    unit_id = params.get("unit_id")
    if unit_id is not None and scope is not None and unit_id not in scope:
        raise DomainError("您无权导出该单位的项目")
    wanted = {unit_id} if unit_id is not None else scope
    units = exports.units_with_projects(year, wanted)
    if not units:
        raise DomainError(f"{year} 年度没有可导出的项目", "year")
    with job.output(exports.zip_filename(year, units, layout, department)).open("wb") as out:
        projects = exports.write_zip(out, year, units, layout, department, job.progress)
    job.message = f"已打包 {len(units)} 个单位的 {projects} 个项目"
    return {"units": len(units), "projects": projects}


def import_uploads(folder: str) -> uploads.Uploads:
    """The target-table uploads kept for a job (the import page's folder, no row budget: the job is the budget)."""
    return uploads.Uploads(Path(folder), imports.EXTENSIONS)


@kind("import", "导入绩效目标表")
def import_document(job: Context) -> dict:
    """A kept target-table upload: its preview (``dry_run``) or its import, with progress per project."""
    params = job.params
    scope = _scope(job.user, Permission.PROJECT_EDIT)
    codes = [unit.code for unit in list_units() if scope is None or unit.id in scope]
    store = import_uploads(params["folder"])
    options = {
        "year": params.get("year"), "unit_code": params.get("unit_code") or None, "update": bool(params.get("update")),
        "corrections": params.get("corrections") or {}, "columns": params.get("columns") or {},
        "units": codes, "create_units": False, "progress": job.progress,
    }
    if options["unit_code"] and options["unit_code"] not in codes:
        raise DomainError("不能导入到该单位：它不是您可以填报的单位", "unit")
    token, dry_run = params["token"], bool(params.get("dry_run"))
    job.progress(0, 0, "正在读取文件")
    step = "正在检查各项目" if dry_run else "正在检查并保存各项目"

    def work(data: bytes):
        return imports.import_document(data, token, dry_run=dry_run, **options)

    options["progress"] = lambda n, total: job.progress(n, total, step if n == 0 else "")
    options["reading"] = lambda n, total: job.progress(n, total, "正在读取各表" if n == 0 else "")

    try:
        summary = store.reread(token, work) if dry_run else store.confirm(token, work)
    except DomainError as err:
        prefix = "未导入任何数据：" if not dry_run else ""
        raise DomainError([dataclasses.replace(p, message=prefix + p.message) if n == 0 else p
                           for n, p in enumerate(err.problems)]) from None
    if dry_run:
        job.message = f"预览完成：读到 {len(summary.items)} 个项目，尚未保存"
    else:
        job.message = f"已导入：新建 {len(summary.created)} 个项目，更新 {len(summary.updated)} 个"
    return {"dry_run": dry_run, "filename": params.get("filename", ""), "form": params.get("form") or {},
            "import": summary_to_dict(summary)}


def summary_to_dict(summary: imports.ImportSummary) -> dict:
    """The whole import summary as JSON (``summary_from_dict`` reads it back for the pages)."""
    return dataclasses.asdict(summary)


def summary_from_dict(data: dict) -> imports.ImportSummary:
    data = dict(data)
    items = [imports.ImportItem(**item) for item in data.pop("items", [])]
    return imports.ImportSummary(items=items, **data)


# -- the year's summaries as Excel, when large -----------------------------------------------------


def projects_in(year: int, unit_ids: frozenset[int] | None) -> int:
    """How many projects of ``year`` lie in ``unit_ids`` (None: every unit): whether an export is large."""
    from sqlalchemy import func, select

    from app.extensions import db
    from app.services.listing import project_scope

    return db.session.scalar(select(func.count()).select_from(project_scope(year, unit_ids).subquery()))


def _unit_and_scope(job: Context):
    """The job's unit (or None: every unit the user reads) and the unit ids it covers, as the page's guard allows."""
    from app.services.units import get_unit

    scope = _scope(job.user, Permission.PROJECT_READ)
    unit_id = job.params.get("unit_id")
    if unit_id is not None:
        unit = get_unit(unit_id)
        if unit is None or (scope is not None and unit_id not in scope):
            raise DomainError("您无权导出该单位的项目")
        return unit, frozenset({unit_id})
    if scope is not None and not scope >= {unit.id for unit in list_units()}:
        raise DomainError("请先选择预算单位")
    return None, scope


@kind("selfeval_xlsx", "年终自评汇总表（Excel）")
def selfeval_summary_xlsx(job: Context) -> dict:
    """The year's 自评 summary workbook (the page's ``selfeval.summary_xlsx``)."""
    from app.documents import selfeval_excel
    from app.documents.tables import join_words
    from app.services import selfeval

    year = int(job.params["year"])
    unit, _ = _unit_and_scope(job)
    job.progress(0, 1, "正在计算各项目的自评得分")
    rows = selfeval.summary(year, unit, job.params.get("sort", ""), bool(job.params.get("descending")))
    title = f"{year}年度{join_words(unit.name if unit else '', '项目支出绩效自评汇总表')}"
    job.output(f"{title}.xlsx").write_bytes(selfeval_excel.summary_xlsx(rows, title))
    job.progress(1, 1)
    job.message = f"已生成：{len(rows)} 个项目"
    return {"projects": len(rows)}


@kind("progress_xlsx", "支出进度表（Excel）")
def progress_table_xlsx(job: Context) -> dict:
    """The year's 支出进度 workbook (the page's ``progress.xlsx``)."""
    import datetime

    from app.documents.progress_excel import progress_xlsx
    from app.services import progress

    year, as_of = int(job.params["year"]), datetime.date.fromisoformat(job.params["as_of"])
    unit, scope = _unit_and_scope(job)
    job.progress(0, 1, "正在计算各项目的支出进度")
    result = progress.table(year, as_of, scope, job.params.get("sort", ""), bool(job.params.get("descending")))
    who = unit.label if unit else "全部单位"
    title = f"{year} 年度项目支出进度表（{who}，截至 {as_of.isoformat()}）"
    name = f"{year}年度支出进度_{unit.code if unit else '全部单位'}_{as_of.isoformat()}.xlsx"
    job.output(name).write_bytes(progress_xlsx(result, title))
    job.progress(1, 1)
    job.message = "已生成"
    return {}


@kind("project_list_xlsx", "项目清单（Excel）")
def project_list_xlsx(job: Context) -> dict:
    """The project list's workbook (the page's ``projects.list_xlsx``): its year, unit and search, in the user's units."""
    from app.services import projects
    from app.services.units import get_unit

    scope = _scope(job.user, Permission.PROJECT_READ)
    year, unit_id, query = job.params.get("year"), job.params.get("unit_id"), job.params.get("query", "")
    unit = get_unit(unit_id) if unit_id is not None else None
    if unit_id is not None and (unit is None or (scope is not None and unit_id not in scope)):
        raise DomainError("您无权导出该单位的项目")
    job.progress(0, 1, "正在生成项目清单")
    job.output(projects.list_filename(year, unit)).write_bytes(projects.build_list_xlsx(year, unit, query, scope))
    job.progress(1, 1)
    job.message = "已生成"
    return {}

