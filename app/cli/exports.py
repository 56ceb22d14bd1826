"""``jixiao export``: the official target tables as .docx, or as .xlsx (by OUT's extension)."""

import click

from app.cli import emit_json, fail
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
    kind = "xlsx" if out.lower().endswith(".xlsx") else "docx"
    if kind == "xlsx" and department:
        fail("未导出：部门绩效目标（--department）只有 Word 版，请写 .docx 文件")
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
                "units": [u["code"] for u in selection.units],
                "bytes": len(content),
            }
        )
    else:
        click.echo(selection.summary(out))


COMMANDS = [export_command]
