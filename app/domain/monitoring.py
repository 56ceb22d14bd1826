"""绩效运行监控 (mid-year monitoring): what an officer reports on each indicator by month N.

Rule: an indicator whose target is not certain to be met (完成目标可能性 is not
确定能) needs the cause of the deviation (偏差原因: its kind and an explanation) and
the corrective measures (纠偏措施). Field paths follow the form
(``rows-3-reason_kind``), so each message is shown beside its row.
"""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from app.domain.errors import DomainError, Problem


class Likelihood(StrEnum):
    CERTAIN = "确定能"
    POSSIBLE = "有可能"
    IMPOSSIBLE = "不可能"


class ReasonKind(StrEnum):
    FUNDS = "经费保障"
    RULES = "制度保障"
    STAFF = "人员保障"
    HARDWARE = "硬件保障"
    OTHER = "其他"


TEXT_LIMIT = 2000


@dataclass(frozen=True)
class RowEntry:
    indicator_id: int
    progress: str = ""  # 1–N月实际完成情况
    expected: str = ""  # 全年预计完成情况
    likelihood: str = ""
    reason_kind: str = ""
    reason_text: str = ""
    measures: str = ""  # 纠偏措施

    @property
    def needs_reason(self) -> bool:
        return bool(self.likelihood) and self.likelihood != Likelihood.CERTAIN


@dataclass(frozen=True)
class MonitoringEntry:
    month: int
    expected_spend: Decimal | None = None  # 全年预计执行数
    goal_progress: str = ""
    rows: tuple[RowEntry, ...] = ()

    def row(self, indicator_id: int) -> RowEntry:
        for row in self.rows:
            if row.indicator_id == indicator_id:
                return row
        return RowEntry(indicator_id)


def check_month(month) -> int:
    if not isinstance(month, int) or not 1 <= month <= 12:
        raise DomainError("报告月份应为 1 至 12", "month")
    return month


def check_entry(entry: MonitoringEntry, names: dict[int, str] | None = None) -> None:
    """Raise DomainError listing every problem of the report; ``names`` labels the indicators."""
    problems: list[Problem] = []
    try:
        check_month(entry.month)
    except DomainError as err:
        problems.extend(err.problems)
    if entry.expected_spend is None:
        problems.append(Problem("expected_spend", "请填写全年预计执行数"))
    elif entry.expected_spend < 0:
        problems.append(Problem("expected_spend", "全年预计执行数不能为负数"))
    for position, row in enumerate(entry.rows):
        path = f"rows-{position}-"
        label = f"“{names[row.indicator_id]}”" if names and row.indicator_id in names else f"第 {position + 1} 个指标"
        if not row.likelihood:
            problems.append(Problem(path + "likelihood", f"{label}请选择完成目标可能性"))
        elif row.likelihood not in set(Likelihood):
            problems.append(Problem(path + "likelihood", f"{label}完成目标可能性应为 确定能、有可能 或 不可能"))
        if row.needs_reason:
            if not row.reason_kind:
                problems.append(Problem(path + "reason_kind", f"{label}未确定能完成，请选择偏差原因"))
            elif row.reason_kind not in set(ReasonKind):
                problems.append(Problem(path + "reason_kind", f"{label}偏差原因应为 经费保障、制度保障、人员保障、硬件保障 或 其他"))
            if not row.reason_text.strip():
                problems.append(Problem(path + "reason_text", f"{label}请说明偏差原因"))
            if not row.measures.strip():
                problems.append(Problem(path + "measures", f"{label}请填写纠偏措施"))
        for key, text in (("progress", row.progress), ("expected", row.expected), ("reason_text", row.reason_text), ("measures", row.measures)):
            if len(text) > TEXT_LIMIT:
                problems.append(Problem(path + key, f"{label}的内容不能超过 {TEXT_LIMIT} 字"))
    if problems:
        raise DomainError(problems)


def reason_of(row: RowEntry) -> str:
    """The 偏差原因 as the table prints it: "经费保障：说明"; blank when none is needed."""
    if not row.needs_reason:
        return ""
    if row.reason_kind and row.reason_text.strip():
        return f"{row.reason_kind}：{row.reason_text.strip()}"
    return row.reason_kind or row.reason_text.strip()
