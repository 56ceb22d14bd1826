"""``jixiao selfeval``: year-end scoring (绩效自评), from a JSON file or the stored projects."""

import json
from decimal import Decimal
from pathlib import Path

import click

from app.cli import emit_json, fail
from app.domain.actuals import plain
from app.domain.selfeval import Evaluation, evaluate, evaluation_from_json, evaluation_to_json
from app.services import selfeval


@click.command("selfeval")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--year", type=int, help="score the stored projects of this fiscal year")
@click.option("--unit", "unit_code", help="only this unit's projects (with --year)")
@click.option("--json", "as_json", is_flag=True, help="print one JSON document")
def selfeval_command(file: Path | None, year: int | None, unit_code: str | None, as_json: bool) -> None:
    """Score a project described in FILE.json, or the stored projects of --year."""
    if file is not None and (year is not None or unit_code is not None):
        fail("请只给出项目文件，或只用 --year/--unit 按年度评分，不能同时使用")
    if file is None:
        if year is None:
            fail("请给出项目 JSON 文件，或用 --year 按年度评分数据库中的项目")
        _score_stored(year, unit_code, as_json)
        return
    try:
        evaluation = evaluate(evaluation_from_json(_read(file)))
    except ValueError as err:
        fail(f"{file}：{err}")
    if as_json:
        emit_json(evaluation_to_json(evaluation))
    else:
        _print(evaluation)


def _read(path: Path):
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        fail(f"找不到文件 {path}")
    except (OSError, UnicodeDecodeError) as err:
        fail(f"无法读取 {path}：{err}")
    try:
        # Exact decimals from the start: money and weights never pass through float.
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as err:
        fail(f"{path} 不是有效的 JSON：第 {err.lineno} 行第 {err.colno} 列，{err.msg}")


def _score_stored(year: int, unit_code: str | None, as_json: bool) -> None:
    """Score the stored projects through the service (one JSON document per project, with "project")."""
    try:
        if as_json:
            emit_json(selfeval.score_stored(year, unit_code))
            return
        found = selfeval.scored(year, unit_code)
    except ValueError as err:
        fail(str(err))
    if not found:
        click.echo(f"{year} 年度没有填写完整的年终自评")
    for item in found:
        click.echo(f"== {item.project['name']}（{item.status}）")
        _print(item.evaluation)


def _print(evaluation: Evaluation) -> None:
    execution = evaluation.execution
    click.echo(f"预算执行率\t{plain(execution.score)}/{plain(execution.points)}\t{execution.explanation}")
    for row in evaluation.indicators:
        mark = "\t需填写偏差原因" if row.needs_reason else ""
        click.echo(f"{row.name}\t{plain(row.score)}/{plain(row.weight)}\t{row.explanation}{mark}")
    click.echo(f"总分 {plain(evaluation.total)}，等级：{evaluation.grade}")


COMMANDS = [selfeval_command]
