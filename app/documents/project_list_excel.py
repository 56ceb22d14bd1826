"""The project list as .xlsx: the page's columns, amounts as numbers, a totals line (streamed)."""

from app.documents.xlsx import streamed_table
from app.domain.workflow import STATE_LABELS, state_of

# (header, value of a services.projects.ListedProject, number format, width)
COLUMNS = (
    ("年度", lambda r: r.year, "0", 6),
    ("单位编码", lambda r: r.unit_code, "@", 10),
    ("单位名称", lambda r: r.unit_name, "@", 30),
    ("项目编码", lambda r: r.code or None, "@", 24),
    ("项目名称", lambda r: r.name, "@", 40),
    ("预算数（万元）", lambda r: r.budget_total, "#,##0.00", 14),
    ("财政资金（万元）", lambda r: r.budget_fiscal, "#,##0.00", 14),
    ("其他资金（万元）", lambda r: r.budget_other, "#,##0.00", 14),
    ("指标数", lambda r: r.indicators, "0", 8),
    ("状态", lambda r: STATE_LABELS[state_of(r.status)], "@", 8),
)
HEADERS = tuple(header for header, _, _, _ in COLUMNS)


def project_list_xlsx(rows, totals, title: str) -> bytes:
    """Build the workbook: a title line, the header, one line per project (any iterable), the totals."""
    line = ["合计", None, None, None, f"{totals.count} 个项目", totals.budget_total, totals.budget_fiscal,
            totals.budget_other, totals.indicators, None]
    return streamed_table("项目", title, COLUMNS, rows, totals=line, freeze="F3")
