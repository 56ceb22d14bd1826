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
