"""``jixiao target``: how the product understands 指标值."""

import click

from app.cli import emit_json
from app.domain.targets import describe_target, parse_target


@click.group("target")
def target_group() -> None:
    """指标值."""


@target_group.command("parse")
@click.argument("texts", nargs=-1, required=True)
@click.option("--year", type=click.IntRange(1900, 2200), help="the project's year: a date without one (9月底前) is in it")
@click.option("--json", "as_json", is_flag=True, help="print one JSON document")
def parse_command(texts: tuple[str, ...], year: int | None, as_json: bool) -> None:
    """Show how each 指标值 TEXT is understood (ranges add lower and upper to the JSON)."""
    targets = [parse_target(text, year) for text in texts]
    if as_json:
        emit_json([target.to_dict() for target in targets])
        return
    for target in targets:
        click.echo(f"{target.text}\t{describe_target(target)}")


COMMANDS = [target_group]
