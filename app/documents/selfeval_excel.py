"""A unit's year summary of the self-evaluations as .xlsx: the summary page's columns, numbers as numbers."""

from app.documents.xlsx import streamed_table

# (header, attribute or function of a SummaryRow, number format, width)
COLUMNS = (
    ("项目编码", lambda r: r.code, "@", 24),
    ("项目名称", lambda r: r.name, "@", 40),
    ("状态", lambda r: r.status if r.complete or r.status == "未填报" else f"{r.status}（未填完）", "@", 14),
    ("全年预算数（万元）", lambda r: r.budget, "#,##0.00", 16),
    ("全年执行数（万元）", lambda r: r.spent, "#,##0.00", 16),
    ("执行率", lambda r: r.rate, "0.00%", 10),
    ("得分", lambda r: r.score, "0.00", 8),
    ("等级", lambda r: r.grade or None, "@", 6),
    ("指标数", lambda r: r.indicators, "0", 8),
    ("未达标指标数", lambda r: r.unmet, "0", 12),
    ("缺少偏差原因数", lambda r: len(r.missing_reasons), "0", 14),
    ("缺少偏差原因", lambda r: "、".join(r.missing_reasons) or None, "@", 40),
)
HEADERS = tuple(header for header, _, _, _ in COLUMNS)


def summary_xlsx(rows, title: str) -> bytes:
    """Build the workbook: a title line, the header, one line per project (Decimal stays exact; streamed)."""
    return streamed_table("自评汇总", title, COLUMNS, rows, freeze="C3")
