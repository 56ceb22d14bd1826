"""``jixiao demo``, ``dump`` and ``load``: the data in and out."""

import json

import click
from flask_migrate import upgrade

from app.cli import emit_json, fail
from app.domain.dates import FIRST_YEAR, LAST_YEAR, valid_year
from app.domain.errors import DomainError
from app.services import demo, interchange, units


@click.command("demo")
@click.option("--reset", is_flag=True, help="以演示数据覆盖已有的演示项目（先列出将被替换的项目）")
@click.option("--new-passwords", is_flag=True, help="为已有的演示账户重设密码并显示")
def demo_command(reset: bool, new_passwords: bool) -> None:
    """Bring the database up to date; load the demo data into an empty database (idempotent).

    A database that already holds units or projects is left as it is (edits made in the
    browser are kept); ``--reset`` reloads the demo projects over it, after listing the
    projects it replaces. Missing demo accounts are created and their passwords printed;
    existing ones keep theirs unless ``--new-passwords``.
    """
    upgrade()
    if reset or demo.database_is_empty():
        _load_demo(reset)
    else:
        click.echo(
            f"数据库中已有数据（{demo.project_count()} 个项目），未载入演示数据，页面上所做的修改都保留。"
            "要以演示数据覆盖演示项目，运行 jixiao demo --reset。"
        )
    issued = demo.demo_accounts(reset=new_passwords)
    fresh = [(name, role, password) for name, role, password in issued if password]
    if fresh:
        click.echo("演示账户（新建或按 --new-passwords 重设的随机密码；首次登录无须修改密码）：")
        for name, role, password in fresh:
            click.echo(f"  {role}\t用户名 {name}\t密码 {password}")
    kept = [name for name, _, password in issued if not password]
    if kept:
        click.echo(f"演示账户 {'、'.join(kept)} 已存在，密码未改；要重设并显示新密码，运行 jixiao demo --new-passwords。")


def _load_demo(reset: bool) -> None:
    """Load the demo projects, payments, year end and the modules' demo data; with ``reset`` say what is replaced."""
    if reset:
        changed = demo.demo_changes()
        if changed:
            click.echo(f"--reset：以演示数据替换以下 {len(changed)} 个项目（页面上对它们所做的修改将被覆盖）：")
            for title in changed:
                click.echo(f"  {title}")
        else:
            click.echo("--reset：演示项目与演示数据一致，没有需要替换的内容。")
    try:
        summary = demo.load_demo()
    except DomainError as err:  # e.g. a demo project submitted since: it is not overwritten
        fail("演示数据未载入：" + "；".join(p.message for p in err.problems))
    click.echo(
        f"演示数据已就绪：新建 {len(summary.created)} 个项目，更新 {len(summary.updated)} 个项目，"
        f"部门整体绩效目标 {summary.departments} 份。"
    )
    try:
        paid = demo.load_demo_payments()
    except DomainError as err:  # a demo project changed by hand: its payments no longer fit
        click.echo("演示支出未载入：" + "；".join(p.message for p in err.problems), err=True)
    else:
        click.echo(f"演示支出：新增 {paid.payments} 笔，合计 {paid.total} 万元；预算调整 {paid.adjustments} 项（已有支出的项目不变）。")
    try:
        evaluated = demo.load_demo_evaluations()
    except DomainError as err:  # a demo project changed by hand: its actuals no longer fit
        click.echo("演示年终自评未载入：" + "；".join(p.message for p in err.problems), err=True)
    else:
        if evaluated:
            click.echo(f"演示年终自评（草稿，可直接提交）：{'、'.join(evaluated)}。")
    for line in demo.load_module_demos():
        click.echo(line)


@click.command("dump")
@click.option("--year", type=int, help="年度")
@click.option("--unit", "unit_code", help="单位编码")
@click.option("--json", "as_json", is_flag=True, help="print one JSON document (the default)")
def dump_command(year: int | None, unit_code: str | None, as_json: bool) -> None:
    """Print projects and department goals in the interchange format."""
    if year is not None and not valid_year(year):
        fail(f"年度 {year} 无效（应为 {FIRST_YEAR} 至 {LAST_YEAR}）")
    if unit_code and units.find_unit(unit_code) is None:
        fail(f"没有编码为“{unit_code}”的预算单位")
    emit_json(interchange.dump(year, unit_code))


@click.command("load")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="print the summary as JSON")
def load_command(file: str, as_json: bool) -> None:
    """Read FILE (the format ``jixiao dump`` prints) in one transaction."""
    try:
        with open(file, encoding="utf-8-sig") as handle:
            document = json.load(handle)
    except OSError as err:
        fail(f"无法读取文件 {file}：{err.strerror}")
    except json.JSONDecodeError as err:
        fail(f"文件 {file} 不是有效的 JSON（第 {err.lineno} 行第 {err.colno} 列）")
    try:
        summary = interchange.load(document)
    except DomainError as err:
        fail("未导入任何数据：\n" + "\n".join(p.message for p in err.problems))
    if as_json:
        emit_json(summary.to_dict())
    else:
        click.echo(f"已导入：新建 {len(summary.created)} 个项目，更新 {len(summary.updated)} 个项目。")
        for warning in summary.warnings:
            click.echo(f"提示：{warning}")


COMMANDS = [demo_command, dump_command, load_command]
