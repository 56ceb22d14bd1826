"""``jixiao payments import`` and ``jixiao progress``: payments in, spending progress out."""

import datetime
from decimal import Decimal
from pathlib import Path

import click

from app.cli import emit_json, fail
from app.domain.errors import DomainError
from app.domain.numbers import percent_fixed


@click.group("payments")
def payments_group() -> None:
    """支出记录."""


@payments_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--year", type=int, required=True, help="fiscal year of the projects")
@click.option("--unit", "unit_code", required=True, help="unit code, e.g. 304001")
@click.option("--json", "as_json", is_flag=True, help="print one JSON document")
def import_command(file: Path, year: int, unit_code: str, as_json: bool) -> None:
    """Import the payments of a CSV or .xlsx FILE: every row, or none."""
    from app.services import payments
    from app.services.progress import find_unit

    try:
        data = file.read_bytes()
    except OSError as err:
        fail(f"无法读取 {file}：{err}")
    try:
        summary = payments.import_file(find_unit(unit_code), year, file.name, data)
    except DomainError as err:
        fail("\n".join([f"{file}：未导入任何支出。"] + [p.message for p in err.problems]))
    if as_json:
        emit_json(summary.to_json())
        return
    for item in summary.projects:
        click.echo(f"{item.code or '—'}\t{item.name}\t{item.payments} 笔\t{item.amount} 万元")
    click.echo(f"共导入 {summary.payments} 笔支出，合计 {summary.to_json()['total']} 万元")


@click.command("progress")
@click.option("--year", type=int, required=True, help="fiscal year")
@click.option("--unit", "unit_code", help="only this unit's projects")
@click.option("--as-of", "as_of", help="date of the reading, YYYY-MM-DD (default: today, at most 31 December)")
@click.option("--json", "as_json", is_flag=True, help="print one JSON document")
def progress_command(year: int, unit_code: str | None, as_of: str | None, as_json: bool) -> None:
    """Spending progress of every project of --year: plan, spent, rate, 序时进度 and lagging flags."""
    from app.services.progress import default_as_of, progress_json

    day = default_as_of(year)
    if as_of:
        try:
            day = datetime.date.fromisoformat(as_of)
        except ValueError:
            fail(f"--as-of 应为 YYYY-MM-DD 格式的日期，收到“{as_of}”")
    try:
        document = progress_json(year, unit_code, day)
    except DomainError as err:
        fail(str(err))
    if as_json:
        emit_json(document)
        return
    click.echo(f"{year} 年度支出进度，截至 {day.isoformat()}")
    for p in document:
        rate = percent_fixed(Decimal(p["rate"])) if p["rate"] is not None else "—"
        click.echo(f"{p['code'] or '—'}\t{p['name']}\t预算 {p['budget']}\t计划 {p['plan_at_date'] or '—'}\t支出 {p['spent']}\t执行率 {rate}")
        for flag in p["flags"]:
            click.echo(f"\t! {flag}")


COMMANDS = [payments_group, progress_command]
