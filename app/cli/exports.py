"""``jixiao export``: the official target tables as .docx, as .xlsx, or one .docx per unit in a .zip (by OUT's extension)."""

from pathlib import Path

import click

from app.cli import emit_json, fail
from app.cli.jobs import StderrBar
from app.domain.errors import DomainError
from app.services import audit, exports


@click.command("export")
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--year", type=int, required=True, help="年度")
@click.option("--unit", "unit_code", help="单位编码")
@click.option("--project", help="项目编码或编号（id）")
@click.option("--layout", type=click.Choice(["full", "basic"]), default="full", show_default=True, help="完整版或简版")
@click.option("--department", is_flag=True, help="部门绩效目标：第一部分部门整体绩效目标，第二部分全部项目表")
@click.option("--json", "as_json", is_flag=True, help="print the summary as JSON")
def export_command(
    out: str, year: int, unit_code: str | None, project: str | None, layout: str, department: bool, as_json: bool
) -> None:
    """Write the target tables of the selected projects to OUT (.docx, or .xlsx with a sheet per project), numbered 1..N."""
    kind = "xlsx" if out.lower().endswith(".xlsx") else "zip" if out.lower().endswith(".zip") else "docx"
    if kind == "xlsx" and department:
        fail("未导出：部门绩效目标（--department）只有 Word 版，请写 .docx 文件")
    if kind == "zip":
        if project:
            fail("未导出：打包（.zip）按单位导出，不能与 --project 同用")
        _export_zip(out, year, unit_code, layout, department, as_json)
        return
    try:
        selection = exports.select_export(year, unit_code, project, layout, department)
    except DomainError as err:
        fail(f"未导出：{err}")
    content = exports.render_selection(selection, kind)
    try:
        with open(out, "wb") as handle:
            handle.write(content)
    except OSError as err:
        fail(f"无法写入文件 {out}：{err.strerror}")
    audit.record_export(out, f"jixiao export --year {year} --layout {layout}" + (f" --unit {unit_code}" if unit_code else ""))
    if as_json:
        emit_json(
            {
                "file": out,
                "format": kind,
                "layout": layout,
                "department": department,
                "projects": len(selection.projects),
                "units": [u.code for u in selection.units],
                "bytes": len(content),
            }
        )
    else:
        click.echo(selection.summary(out))


def _export_zip(out: str, year: int, unit_code: str | None, layout: str, department: bool, as_json: bool) -> None:
    """One .docx per unit (the same work as the 打包下载 job), with a progress bar on a terminal's stderr."""
    units = exports.units_with_projects(year, unit_code=unit_code)
    if not units:
        fail(f"未导出：{year} 年度" + (f"单位 {unit_code} " if unit_code else "") + "没有可导出的项目")
    bar = StderrBar.on_terminal("打包")
    try:
        with open(out, "wb") as handle:
            projects = exports.write_zip(handle, year, units, layout, department, bar)
    except DomainError as err:
        fail(f"未导出：{err}")
    except OSError as err:
        fail(f"无法写入文件 {out}：{err.strerror}")
    finally:
        if bar is not None:
            bar.close()
    audit.record_export(out, f"jixiao export --year {year} --layout {layout}" + (f" --unit {unit_code}" if unit_code else ""))
    size = Path(out).stat().st_size
    if as_json:
        emit_json({"file": out, "format": "zip", "layout": layout, "department": department, "projects": projects,
                   "units": [u.code for u in units], "bytes": size})
    else:
        click.echo(f"已打包 {len(units)} 个单位的 {projects} 个项目（{exports.LAYOUT_NAMES[layout]}）→ {out}")


COMMANDS = [export_command]
