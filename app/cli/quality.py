"""``jixiao check``: target-quality findings of a year's target tables (issue 17)."""

import click

from app.cli import emit_json, fail
from app.domain.errors import DomainError
from app.domain.quality import SEVERITY_LABELS


@click.command("check")
@click.option("--year", type=int, required=True, help="fiscal year")
@click.option("--unit", "unit_code", help="only this unit's projects")
@click.option("--json", "as_json", is_flag=True, help="print one JSON document")
def check_command(year: int, unit_code: str | None, as_json: bool) -> None:
    """Quality findings on every target table of --year: what must be fixed before submission, and advice."""
    from app.services.quality import check_json

    if not 1900 <= year <= 2200:
        fail(f"--year 应为 1900 至 2200 之间的年度，收到“{year}”")
    try:
        document = check_json(year, unit_code)
    except DomainError as err:
        fail(str(err))
    if as_json:
        emit_json(document)
        return
    for item in document:
        project = item["project"]
        must = sum(1 for f in item["findings"] if f["severity"] == "must")
        click.echo(f"{project['unit']}\t{project['code'] or '—'}\t{project['name']}\t"
                   f"必须修改 {must} 项，建议 {len(item['findings']) - must} 项")
        for f in item["findings"]:
            click.echo(f"\t[{SEVERITY_LABELS[f['severity']]}] {f['message']}；{f['fix']}（{f['source']}）")
    if not document:
        click.echo(f"{year} 年度没有项目")


COMMANDS = [check_command]
