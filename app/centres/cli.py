"""``jixiao centre score`` and ``jixiao orders score``: scoring from a JSON file."""

import json
from decimal import Decimal
from pathlib import Path

import click

from app.centres.rules import (
    InputError,
    read_assessment,
    read_regions,
    round_half_up,
    score_assessment,
    score_region,
)
from app.centres.rules.common import bulk_objects
from app.centres.rules.hubei_model import CLAUSES, AssessmentResult
from app.centres.rules.zhejiang import RegionScore
from app.cli import emit_json, fail


def load_document(path: str) -> object:
    """Read the JSON file at PATH with every number as Decimal, or fail in Chinese."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        fail(f"找不到文件 {path}")
    except IsADirectoryError:
        fail(f"{path} 是目录，不是 JSON 文件")
    except UnicodeDecodeError:
        fail(f"文件 {path} 不是 UTF-8 编码的文本")
    except OSError as error:
        fail(f"无法读取文件 {path}：{error.strerror}")
    try:
        return json.loads(text, parse_float=Decimal, parse_int=int, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        fail(f"文件 {path} 不是有效的 JSON（第 {error.lineno} 行第 {error.colno} 列）：{error.msg}")
    except ValueError as error:
        fail(f"文件 {path} 不是有效的 JSON：{error}")


def _refuse_constant(name: str) -> None:
    """Refuse NaN and Infinity, which are not numbers a department reports."""
    raise ValueError(f"不接受 {name}")


def plain(value: object) -> object:
    """Turn Decimals into JSON numbers (ints when whole), at the edge only."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def _refuse(error: InputError) -> None:
    """Print every problem of the input and exit non-zero."""
    fail("输入数据有误，未计分：\n" + "\n".join(error.messages))


@click.group("centre")
def centre_group() -> None:
    """外贸综合服务中心绩效考核（湖北）."""


@centre_group.command("score")
@click.argument("file", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="print one JSON document")
def centre_score(file: str, as_json: bool) -> None:
    """Score every centre in FILE by 000 第九条 to 第十一条."""
    with bulk_objects():
        try:
            assessment = read_assessment(load_document(file))
        except InputError as error:
            _refuse(error)
        result = score_assessment(assessment)
    if as_json:
        emit_json(plain(result.to_dict()))
    else:
        click.echo(describe_assessment(result))


def describe_assessment(result: AssessmentResult) -> str:
    """Write the result as a readable Chinese summary."""
    year = f"{result.year} 年度" if result.year is not None else ""
    lines = [f"{year}外贸综合服务中心绩效考核"]
    for centre in result.centres:
        data = centre.to_dict()
        parts = data["parts"]
        title = f"{centre.id} {centre.name}".strip()
        lines.append("")
        lines.append(f"{title}：{_text(data['total'])} 分，{data['grade']}")
        for label, names in (
            ("规范化建设", ("S1", "S2", "S3")),
            ("服务成效", ("R1", "R2", "R3", "R4", "R5", "R6", "R7")),
            ("奖励", ("B1", "B2", "B3")),
        ):
            lines.append(f"  {label}：" + "  ".join(f"{name} {_text(parts[name])}" for name in names))
        lines.append(f"  奖励分合计（不超过 10 分）：{_text(parts['bonus'])}")
        if centre.findings:
            lines.append("  扣分与说明：")
            lines.extend(f"    [{f.part}，{f.clause}] {f.text}" for f in centre.findings)
        if centre.missing:
            lines.append("  尚缺：")
            lines.extend(f"    {gap}" for gap in centre.missing)
    if result.conflicts:
        lines.append("")
        lines.append(f"重复申报（{CLAUSES['conflict']}，均不计入）：")
        for conflict in result.conflicts:
            lines.append(f"  {conflict.category.label} {conflict.code}：{'、'.join(conflict.centre_ids)}")
    return "\n".join(lines)


@click.group("orders")
def orders_group() -> None:
    """外贸“订单+清单”填报响应考核（浙江）."""


@orders_group.command("score")
@click.argument("file", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="print one JSON document")
def orders_score(file: str, as_json: bool) -> None:
    """Score every region in FILE by the 2020 订单+清单 notice."""
    try:
        regions = read_regions(load_document(file))
    except InputError as error:
        _refuse(error)
    scores = [score_region(region) for region in regions]
    if as_json:
        emit_json(plain({"regions": [score.to_dict() for score in scores]}))
    else:
        click.echo("\n".join(describe_region(score) for score in scores) or "没有地区数据")


def describe_region(score: RegionScore) -> str:
    """Write one region's rates as a readable Chinese summary."""
    met = {True: "达标", False: "未达标"}
    lines = [
        f"{score.name}：全年填报率 {_percent(score.fill_rate)}（目标 80%，{met[score.fill_met]}），"
        f"全年响应率 {_percent(score.response_rate)}（目标 90%，{met[score.response_met]}），"
        f"案例加分 {_text(round_half_up(score.bonus))} 分"
    ]
    lines.extend(
        f"  {month.month} 月：填报率 {_percent(month.fill_rate)}，响应率 {_percent(month.response_rate)}"
        for month in score.months
    )
    return "\n".join(lines)


def _percent(rate: Decimal) -> str:
    """Write a fraction as a percentage with 2 decimals."""
    return f"{round_half_up(rate * 100, 2)}%"


def _text(value: Decimal) -> str:
    """Write a rounded number without needless zeros."""
    return format(value.normalize(), "f") if value else "0"


COMMANDS = [centre_group, orders_group]
