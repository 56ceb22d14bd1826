"""``jixiao schemes``: the scoring schemes shipped with the product (评分方案)."""

import click

from app.cli import emit_json, fail
from app.domain.schemes import SchemeError, describe, preset, presets, scheme_to_json


@click.group("schemes")
def schemes_group() -> None:
    """评分方案（自评的计分规则）."""


@schemes_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="print one JSON document")
def list_command(as_json: bool) -> None:
    """List the presets: name, title and the document they come from."""
    found = presets()
    if as_json:
        emit_json([{"name": s.name, "title": s.title, "source": s.source} for s in found])
        return
    for scheme in found:
        click.echo(f"{scheme.name}\t{scheme.title}")


@schemes_group.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="print one JSON document")
def show_command(name: str, as_json: bool) -> None:
    """Show one preset: its rules (the scheme object with --json)."""
    try:
        scheme = preset(name)
    except SchemeError as err:
        fail(str(err))
    if as_json:
        emit_json(scheme_to_json(scheme))
        return
    click.echo(f"{scheme.name}：{scheme.title}")
    click.echo(f"依据：{scheme.source}")
    for line in describe(scheme):
        click.echo(f"- {line}")


COMMANDS = [schemes_group]
