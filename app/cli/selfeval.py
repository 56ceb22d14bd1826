"""``jixiao selfeval``: year-end scoring (绩效自评), from a JSON file or the stored projects."""

import json
from decimal import Decimal
from pathlib import Path

import click

from app.cli import emit_json, fail
from app.documents.selfeval_import import check_file
from app.domain.numbers import plain
from app.domain.recheck import check_to_json
from app.domain.schemes import scheme_for_document
from app.domain.selfeval import Evaluation, evaluate, evaluation_from_json, evaluation_to_json
from app.services import selfeval


@click.command("selfeval")
@click.argument("args", nargs=-1, metavar="[FILE.json | check FILE | rescore]")
@click.option("--year", type=int, help="score the stored projects of this fiscal year")
@click.option("--unit", "unit_code", help="only this unit's projects (with --year)")
@click.option("--scheme", "scheme_name", help="with check: the scheme the table follows (a preset's name)")
@click.option("--json", "as_json", is_flag=True, help="print one JSON document")
def selfeval_command(args: tuple[str, ...], year: int | None, unit_code: str | None, scheme_name: str | None,
                     as_json: bool) -> None:
    """Score a project described in FILE.json, or the stored projects of --year.

    `selfeval check FILE [--scheme NAME]` recomputes a filled 自评表 (.json, .xlsx, .docx, .txt)
    row by row and says where its printed scores differ from its own rules.

    `selfeval rescore --year Y [--unit CODE]` stores the figures of the year's entries whose
    summary figures are stale (after a scheme change or an upgrade), as the rescore job does.
    """
    if args == ("rescore",) and not Path("rescore").is_file():
        if year is None or scheme_name is not None:
            fail("用法：jixiao selfeval rescore --year 年度 [--unit 单位编码] [--json]")
        _rescore(year, unit_code, as_json)
        return
    if args and args[0] == "check" and not (len(args) == 1 and Path("check").is_file()):
        if len(args) != 2 or year is not None or unit_code is not None:
            fail("用法：jixiao selfeval check 自评表文件 [--scheme 方案名称] [--json]")
        _check(Path(args[1]), scheme_name, as_json)
        return
    if len(args) > 1:
        fail("只能给出一个项目文件")
    if scheme_name is not None:
        fail("--scheme 用于 selfeval check；评分时请在项目文件中写明 \"scheme\"")
    file = Path(args[0]) if args else None
    if file is not None and file.is_dir():
        fail(f"{file} 是目录，请给出项目 JSON 文件")
    if file is not None and (year is not None or unit_code is not None):
        fail("请只给出项目文件，或只用 --year/--unit 按年度评分，不能同时使用")
    if file is None:
        if year is None:
            fail("请给出项目 JSON 文件，或用 --year 按年度评分数据库中的项目")
        _score_stored(year, unit_code, as_json)
        return
    data = _read(file)
    try:
        scheme, project = scheme_for_document(data, evaluation_from_json(data))
        evaluation = evaluate(project, scheme)
    except ValueError as err:
        fail(f"{file}：{err}")
    if as_json:
        emit_json(evaluation_to_json(evaluation))
    else:
        _print(evaluation)


def _check(path: Path, scheme_name: str | None, as_json: bool) -> None:
    """Recompute a filled 自评表 and print each row's printed and computed score."""
    if not path.is_file():
        fail(f"找不到文件 {path}")
    try:
        checks = check_file(path, scheme_name)
    except ValueError as err:
        fail(f"{path}：{err}")
    if as_json:
        documents = [check_to_json(c) for c in checks]
        emit_json(documents[0] if len(documents) == 1 else documents)
        return
    for check in checks:
        if check.name:
            click.echo(f"== {check.name}（评分方案：{check.scheme}）")
        for row in check.rows:
            printed = "—" if row.printed is None else plain(row.printed)
            computed = "—" if row.computed is None else plain(row.computed)
            mark = "不一致" if row.differs else ("无法复核" if row.differs is None else "一致")
            click.echo(f"{row.name}\t表中 {printed}\t复核 {computed}\t{mark}\t{row.why}")
        total_printed = "—" if check.total_printed is None else plain(check.total_printed)
        total_computed = "—" if check.total_computed is None else plain(check.total_computed)
        click.echo(f"总分：表中 {total_printed}，复核 {total_computed}")
        for note in check.notes:
            click.echo(f"注意：{note}")


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


def _rescore(year: int, unit_code: str | None, as_json: bool) -> None:
    from app.services import score_figures

    try:
        unit_id = selfeval.find_unit(unit_code).id if unit_code else None
    except ValueError as err:
        fail(str(err))
    done = score_figures.rescore(year, unit_id=unit_id)
    if as_json:
        emit_json({"year": year, "unit": unit_code, "rescored": done})
    else:
        click.echo(f"已重算 {done} 个项目的自评得分")


def _print(evaluation: Evaluation) -> None:
    execution = evaluation.execution
    click.echo(f"预算执行率\t{plain(execution.score)}/{plain(execution.points)}\t{execution.explanation}")
    for row in evaluation.indicators:
        mark = "\t需填写偏差原因" if row.needs_reason else ""
        click.echo(f"{row.name}\t{plain(row.score)}/{plain(row.weight)}\t{row.explanation}{mark}")
    click.echo(f"总分 {plain(evaluation.total)}，等级：{evaluation.grade}")


COMMANDS = [selfeval_command]
