"""A project's target table as plain data, and the rules it must satisfy.

Forms, the JSON loader and the document importers all produce a ``ProjectDraft``;
services persist it. Field paths in problems follow the WTForms names
(``indicators-3-target_text``), so a form can show each message beside its field.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from app.domain import taxonomy
from app.domain.dates import FIRST_YEAR, LAST_YEAR, valid_year
from app.domain.errors import Problem
from app.domain.money import quantize
from app.domain.targets import Kind, Target, parse_target

DEFAULT_CHECKPOINT_MONTHS = (3, 6, 9, 12)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class IndicatorDraft:
    level1: str
    level2: str
    name: str
    target_text: str
    description: str = ""
    basis: str = ""


@dataclass(frozen=True)
class CheckpointDraft:
    month: int
    amount: Decimal | None


@dataclass(frozen=True)
class ProjectDraft:
    year: int
    name: str
    budget_total: Decimal | None
    budget_fiscal: Decimal | None
    budget_other: Decimal | None
    code: str | None = None
    purpose: str = ""
    goals: tuple[str, ...] = ()
    checkpoints: tuple[CheckpointDraft, ...] = ()
    long_term_goals: tuple[str, ...] = ()  # 中长期目标, beside the year's goals
    indicators: tuple[IndicatorDraft, ...] = ()


@dataclass(frozen=True)
class Review:
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Collector:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def error(self, path: str, message: str) -> None:
        self.errors.append(Problem(path, message))

    def warn(self, path: str, message: str) -> None:
        self.warnings.append(Problem(path, message))


def review_project(draft: ProjectDraft, *, strict_taxonomy: bool = True) -> Review:
    """Check a draft against the target-table rules; errors block saving, warnings don't."""
    out = _Collector()
    if not draft.name.strip():
        out.error("name", "项目名称不能为空")
    if not valid_year(draft.year):
        out.error("year", f"年度“{draft.year}”无效（应为 {FIRST_YEAR} 至 {LAST_YEAR}）")
    _check_lengths(draft, out)
    _check_budget(draft, out)
    _check_checkpoints(draft, out)
    _check_indicators(draft, out, strict_taxonomy)
    return Review(tuple(out.errors), tuple(out.warnings))


# The longest text each stored field holds (app/models/projects.py): longer input is refused here, by
# name, on every way in (forms, import, load, the API), never by the database.
LIMITS = {"name": ("项目名称", 300), "code": ("项目编码", 64)}
INDICATOR_LIMITS = {"level1": ("一级指标", 60), "level2": ("二级指标", 60), "name": ("三级指标", 300), "target_text": ("指标值", 500)}


def _check_lengths(draft: ProjectDraft, out: _Collector) -> None:
    for field_name, (label, limit) in LIMITS.items():
        value = getattr(draft, field_name) or ""
        if len(value) > limit:
            out.error(field_name, f"{label}不能超过 {limit} 字（现为 {len(value)} 字）")
    for i, indicator in enumerate(draft.indicators):
        for field_name, (label, limit) in INDICATOR_LIMITS.items():
            value = getattr(indicator, field_name) or ""
            if len(value) > limit:
                out.error(f"indicators-{i}-{field_name}", f"第 {i + 1} 行指标：{label}不能超过 {limit} 字（现为 {len(value)} 字）")


def _check_budget(draft: ProjectDraft, out: _Collector) -> None:
    labels = {"budget_total": "预算数", "budget_fiscal": "财政资金", "budget_other": "其他资金"}
    amounts = {}
    for name, label in labels.items():
        amount = getattr(draft, name)
        if amount is None:
            out.error(name, f"请填写{label}")
        elif amount < 0:
            out.error(name, f"{label}不能为负数")
        else:
            amounts[name] = amount
    if len(amounts) == 3:
        parts = amounts["budget_fiscal"] + amounts["budget_other"]
        if quantize(parts) != quantize(amounts["budget_total"]):
            out.error(
                "budget_total",
                f"预算数 {quantize(amounts['budget_total'])} 应等于财政资金与其他资金之和 {quantize(parts)}",
            )


def _check_checkpoints(draft: ProjectDraft, out: _Collector) -> None:
    """资金支出计划: cumulative, non-decreasing, ending at the budget (seed 004)."""
    filled = [c for c in draft.checkpoints if c.amount is not None]
    if not filled:
        return
    if len(filled) != len(draft.checkpoints):
        for i, checkpoint in enumerate(draft.checkpoints):
            if checkpoint.amount is None:
                out.error(f"checkpoints-{i}-amount", f"请填写{checkpoint.month}月底的计划支出，或全部留空")
        return
    months = [c.month for c in draft.checkpoints]
    if months != sorted(set(months)) or any(not 1 <= m <= 12 for m in months):
        out.error("checkpoints", "支出计划的月份应在 1 至 12 月之间且逐个递增")
        return
    previous = None
    for i, checkpoint in enumerate(draft.checkpoints):
        if checkpoint.amount < 0:
            out.error(f"checkpoints-{i}-amount", f"{checkpoint.month}月底的计划支出不能为负数")
        elif previous is not None and checkpoint.amount < previous.amount:
            # The message sits at the earlier checkpoint: it is the one that runs ahead of a later one.
            out.error(
                f"checkpoints-{i - 1}-amount",
                f"支出计划为累计数，{previous.month}月底（{quantize(previous.amount)}）"
                f"不能多于其后的{checkpoint.month}月底（{quantize(checkpoint.amount)}）",
            )
        previous = checkpoint
    last = draft.checkpoints[-1]
    if draft.budget_total is not None and quantize(last.amount) != quantize(draft.budget_total):
        out.error(
            f"checkpoints-{len(draft.checkpoints) - 1}-amount",
            f"{last.month}月底累计计划支出 {quantize(last.amount)} 应等于预算数 {quantize(draft.budget_total)}",
        )


def _check_indicators(draft: ProjectDraft, out: _Collector, strict_taxonomy: bool) -> None:
    if not draft.indicators:
        out.error("indicators", "至少需要一条绩效指标")
        return
    for i, indicator in enumerate(draft.indicators):
        row = f"第 {i + 1} 行指标"
        path = f"indicators-{i}"
        if not indicator.level1.strip():
            out.error(f"{path}-level1", f"{row}：请选择一级指标")
        elif strict_taxonomy and indicator.level1 not in taxonomy.TAXONOMY:
            out.error(f"{path}-level1", f"{row}：一级指标“{indicator.level1}”不在指标体系中")
        if not indicator.level2.strip():
            out.error(f"{path}-level2", f"{row}：请选择二级指标")
        elif strict_taxonomy and indicator.level1 in taxonomy.TAXONOMY and not taxonomy.belongs(
            indicator.level1, indicator.level2
        ):
            out.error(
                f"{path}-level2",
                f"{row}：二级指标“{indicator.level2}”不属于一级指标“{indicator.level1}”",
            )
        if not indicator.name.strip():
            out.error(f"{path}-name", f"{row}：请填写三级指标")
        if not indicator.target_text.strip():
            out.error(f"{path}-target_text", f"{row}：请填写指标值")
        else:
            target = parse_target(indicator.target_text, draft.year)
            if target.warning:
                out.warn(f"{path}-target_text", f"{row}：指标值“{indicator.target_text.strip()}”{target.warning}")
            _check_cost(draft, indicator, target, f"{path}-target_text", row, out)
    present = {indicator.level1 for indicator in draft.indicators}
    for level1 in taxonomy.EXPECTED_LEVEL1:
        if level1 not in present:
            out.warn("indicators", f"没有{level1}")


def _check_cost(
    draft: ProjectDraft, indicator: IndicatorDraft, target: Target, path: str, row: str, out: _Collector
) -> None:
    """Warn when a cost target in 万元/元 (a range: its lower bound) exceeds the whole budget."""
    if draft.budget_total is None or not taxonomy.is_cost(indicator.level1, indicator.level2):
        return
    amount = {Kind.QUANTITATIVE: target.value, Kind.RANGE: target.lower}.get(target.kind)
    if amount is None:
        return
    scale = {"万元": Decimal(1), "元": Decimal("0.0001")}.get(target.unit or "")
    if scale is not None and amount * scale > draft.budget_total:
        out.warn(path, f"{row}：成本指标“{indicator.target_text}”超过预算数 {quantize(draft.budget_total)} 万元")


# --- 复制到下一年度: deadlines follow the project into its new year (issue 12) ---------------

_WRITTEN_YEAR = re.compile(r"(?<!\d)(19\d{2}|2[01]\d{2})(?!\d)")


def next_year_target(text: str, year: int) -> tuple[str, bool]:
    """The 指标值 ``text`` of a ``year`` project as it reads once copied into ``year + 1``.

    A deadline that falls before the new year ("2024年12月底", "2023.07-2024.01") has every
    year written in it moved on by as many years as it takes to end in the new year; anything
    else is kept as written. The flag says the text is a deadline that could not be moved
    (the officer must rewrite it).
    """
    try:
        target = parse_target(text)
    except ValueError:
        return text, False
    if target.kind is not Kind.DEADLINE or target.deadline is None or target.deadline.year > year:
        return text, False
    shift = year + 1 - target.deadline.year
    moved = _WRITTEN_YEAR.sub(lambda match: str(int(match.group(1)) + shift), text)
    try:
        again = parse_target(moved)
    except ValueError:
        return text, True
    if again.kind is Kind.DEADLINE and again.deadline is not None and again.deadline.year == year + 1:
        return moved, False
    return text, True
