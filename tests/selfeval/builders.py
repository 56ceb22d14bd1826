"""A project's year end typed as the officer would: the hand-computed case of the tests."""

from decimal import Decimal

from app.domain.actuals import Grade
from app.domain.yearend import RowEntry, YearEndEntry

# Factory project (tests/factories.py): 年初预算数 26.00, six indicators.
ACTUALS = ("3", "80%", "2025年1月10日", "22.7万元", "形成考察报告", "98%")
REASONS = {1: "部分人员因公务冲突未能参加", 2: "审批流程延误，次年初完成", 4: "考察报告成果转化不足"}

# 预算执行率 = 22.70 ÷ 26.00 = 87.31%, 得分 = 10 × 87.31% = 8.73 (below 90%: a reason is needed)
# 外出次数 12.5, 活动参与率 12.5 × 80 ÷ 95 = 10.53, 完成时限 逾期 0, 运行保障总成本 12.5,
# 外出考察学习 部分达成 75% × 30 = 22.5, 参与人员满意度 10 → 总分 76.76, 中.
TOTAL, GRADE = Decimal("76.76"), "中"
SCORES = (Decimal("12.5"), Decimal("10.53"), Decimal(0), Decimal("12.5"), Decimal("22.5"), Decimal(10))


def entry_for(project, *, reasons: bool = True, **overrides) -> YearEndEntry:
    rows = []
    for position, (indicator, actual) in enumerate(zip(project.indicators, ACTUALS)):
        qualitative = position == 4
        rows.append(
            RowEntry(
                indicator_id=indicator.id,
                actual=actual,
                grade=Grade.PARTIAL if qualitative else None,
                grade_percent=Decimal(75) if qualitative else None,
                deviation_reason=REASONS.get(position, "") if reasons else "",
            )
        )
    values = dict(
        budget_adjusted=Decimal("26.00"),
        spent_fiscal=Decimal("20.00"),
        spent_carryover=Decimal("2.10"),
        spent_other=Decimal("0.60"),
        execution_reason="部分合同尾款次年支付" if reasons else "",
        overall_actual="试点活动正常开展，完成年度外出考察任务。",
        rows=tuple(rows),
    )
    values.update(overrides)
    return YearEndEntry(**values)


def form_data(project, entry: YearEndEntry | None = None) -> dict:
    """The POST body of the year-end page for an entry (as the browser sends it)."""
    entry = entry or entry_for(project)
    data = {
        "supervising_department": entry.supervising_department,
        "budget_adjusted": "" if entry.budget_adjusted is None else str(entry.budget_adjusted),
        "spent_fiscal": "" if entry.spent_fiscal is None else str(entry.spent_fiscal),
        "spent_carryover": "" if entry.spent_carryover is None else str(entry.spent_carryover),
        "spent_other": "" if entry.spent_other is None else str(entry.spent_other),
        "execution_reason": entry.execution_reason,
        "overall_actual": entry.overall_actual,
    }
    for n, indicator in enumerate(project.indicators):
        row = entry.row(indicator.id)
        data[f"indicators-{n}-indicator_id"] = str(indicator.id)
        data[f"indicators-{n}-actual"] = row.actual
        data[f"indicators-{n}-grade"] = row.grade.value if row.grade else ""
        data[f"indicators-{n}-grade_percent"] = "" if row.grade_percent is None else str(row.grade_percent)
        data[f"indicators-{n}-weight"] = "" if row.weight is None else str(row.weight)
        if row.not_applicable:
            data[f"indicators-{n}-not_applicable"] = "y"
        data[f"indicators-{n}-deviation_reason"] = row.deviation_reason
    return data

