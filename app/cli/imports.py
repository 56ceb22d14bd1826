"""``jixiao import``: target tables in from .docx / .txt documents."""

from pathlib import Path

import click

from app.cli import emit_json, fail
from app.cli.jobs import StderrBar
from app.domain.errors import DomainError
from app.services import imports


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--year", type=int, help="所有项目的年度（默认取文件中的年度）")
@click.option("--unit", "unit_code", help="所有项目归属的单位编码（默认取各表的单位行）")
@click.option("--dry-run", is_flag=True, help="只检查并报告，不保存")
@click.option("--update", is_flag=True, help="更新已存在的项目（默认跳过）")
@click.option("--json", "as_json", is_flag=True, help="print the summary as JSON")
def import_command(file: str, year: int | None, unit_code: str | None, dry_run: bool, update: bool, as_json: bool) -> None:
    """Import the target tables of FILE (.docx, .xlsx or .txt; an old .doc or .xls through LibreOffice) in one transaction."""
    try:
        data = Path(file).read_bytes()
    except OSError as err:
        fail(f"无法读取文件 {file}：{err.strerror}")
    bar = StderrBar.on_terminal("检查" if dry_run else "导入")
    try:
        summary = imports.import_document(
            data, Path(file).name, year=year, unit_code=unit_code, update=update, dry_run=dry_run, progress=bar
        )
    except DomainError as err:
        if bar is not None:
            bar.close()
        fail("未导入任何数据：\n" + "\n".join(p.message for p in err.problems))
    if bar is not None:
        bar.close()
    if as_json:
        emit_json(summary.to_dict())
        return
    verb = "检查完成（未保存），将" if dry_run else "已导入："
    click.echo(
        f"{verb}新建 {len(summary.created)} 个项目，更新 {len(summary.updated)} 个项目，"
        f"跳过 {len(summary.skipped)} 个已存在的项目，共 {summary.indicators} 条指标。"
    )
    for label, items in (("新建", summary.created), ("更新", summary.updated), ("跳过（已存在，可加 --update 更新）", summary.skipped)):
        for item in items:
            click.echo(f"{label}：{item}")
    for unit in summary.units_created:
        click.echo(f"新建单位：{unit}")
    for warning in summary.warnings:
        click.echo(f"提示：{warning}")


COMMANDS = [import_command]
