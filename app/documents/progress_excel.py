"""The progress table as .xlsx: the page's columns, amounts and rates as numbers, a totals line."""

from app.documents.xlsx import streamed_table


def _result(attr):
    return lambda r: getattr(r.result, attr) if r.result is not None else None


# (header, value of a ProjectProgress, number format, width)
COLUMNS = (
    ("预算单位", lambda r: r.project.unit.code, "@", 10),
    ("项目编码", lambda r: r.project.code or None, "@", 24),
    ("项目名称", lambda r: r.project.name, "@", 40),
    ("预算数（万元）", lambda r: r.budget, "#,##0.00", 14),
    ("截至当日计划数（万元）", _result("plan_at_date"), "#,##0.00", 16),
    ("累计支出（万元）", lambda r: r.spent, "#,##0.00", 14),
    ("执行率", _result("rate"), "0.00%", 10),
    ("序时进度", _result("benchmark"), "0.00%", 10),
    ("与计划偏差（万元）", _result("plan_deviation"), "#,##0.00", 16),
    ("与序时进度偏差", _result("benchmark_deviation"), "0.00%", 14),
    ("提示", lambda r: "；".join(r.flags) or None, "@", 60),
)
HEADERS = tuple(header for header, _, _, _ in COLUMNS)


def progress_xlsx(table, title: str) -> bytes:
    """Build the workbook: a title line, the header, one line per project, the totals (streamed)."""
    totals = table.totals
    line = ["合计", None, f"{len(table.rows)} 个项目，{totals.lagging} 个滞后", totals.budget, totals.plan, totals.spent,
            totals.rate, None, None, None, None]
    return streamed_table("支出进度", title, COLUMNS, table.rows, totals=line, freeze="D3", wrap_text=True)
