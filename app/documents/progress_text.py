"""Spending progress in words and in the CLI's JSON: the edge where ``Lag`` data becomes Chinese text.

The maths (app/domain/progress.py) says why a project lags as data (``Lag``); the project page, the
progress tables, the Excel export, the API and ``jixiao progress --json`` (issue 6's shape, ``flags``
as sentences) all word it here, once.
"""

from app.domain.money import format_money
from app.domain.numbers import percent, percent_fixed
from app.domain.progress import Lag, LagKind, Progress


def lag_text(lag: Lag) -> str:
    """One lag as the tables print it."""
    if lag.kind is LagKind.PLAN:
        return (
            f"{lag.month}月底支出 {format_money(lag.spent)} 万元，低于计划 {format_money(lag.planned)} 万元"
            f"（允许偏差 {format_money(lag.allowance)} 万元）"
        )
    return f"{lag.month}月底执行率 {percent_fixed(lag.rate)} 低于 {percent(lag.floor)}"


def flags_of(result: Progress) -> tuple[str, ...]:
    """Every lag of a project, worded, in the order the maths found them (checkpoints, then the rate floors)."""
    return tuple(lag_text(lag) for lag in result.lags)


def progress_to_json(result: Progress) -> dict:
    """The numbers of one project as ``jixiao progress --json`` prints them (without code and name)."""
    return {
        "budget": format_money(result.budget),
        "spent": format_money(result.spent),
        "rate": f"{result.rate:.4f}",
        "plan_at_date": format_money(result.plan_at_date) if result.plan_at_date is not None else None,
        "benchmark": f"{result.benchmark:.4f}",
        "checkpoints": [
            {
                "month": c.month,
                "planned": format_money(c.planned),
                "spent": format_money(c.spent) if c.spent is not None else None,
                "lagging": c.lagging,
            }
            for c in result.checkpoints
        ],
        "flags": list(flags_of(result)),
    }
