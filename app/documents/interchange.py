"""The JSON interchange format (``jixiao dump`` / ``jixiao load``): plain dicts ↔ drafts and the read model.

The one place inside the app where a project is a dict: pages and documents read ``StoredProject``.

Kept stable: other systems and our own importers speak it.
"""

from decimal import Decimal

from app.domain.errors import DomainError, Problem
from app.domain.money import MoneyError, check_cents, format_money, parse_money
from app.domain.projects import CheckpointDraft, IndicatorDraft, ProjectDraft
from app.domain.readmodel import StoredDepartment, StoredProject
from app.domain.targets import parse_target

FORMAT_VERSION = 1


def project_to_dict(project) -> dict:
    """Describe a stored project (a ``Project`` row or a ``StoredProject``) in the interchange shape."""
    p = project if isinstance(project, StoredProject) else StoredProject.of(project)
    return {
        "id": p.id,
        "unit": {"code": p.unit.code, "name": p.unit.name},
        "year": p.year,
        "code": p.code,
        "name": p.name,
        "budget_total": format_money(p.budget_total),
        "budget_fiscal": format_money(p.budget_fiscal),
        "budget_other": format_money(p.budget_other),
        "purpose": p.purpose,
        "goals": list(p.goals),
        **({"long_term_goals": list(p.long_term_goals)} if p.long_term_goals else {}),
        "checkpoints": [{"month": c.month, "amount": format_money(c.amount)} for c in p.checkpoints],
        "indicators": [
            {
                "level1": i.level1,
                "level2": i.level2,
                "name": i.name,
                "description": i.description,
                "target_text": i.target_text,
                "target": parse_target(i.target_text, p.year).to_dict(),
                "basis": i.basis,
            }
            for i in p.indicators
        ],
    }


def department_to_dict(department) -> dict:
    """Describe a unit's part 1 (a ``DepartmentGoals`` row or a ``StoredDepartment``) in the interchange shape."""
    d = department if isinstance(department, StoredDepartment) else StoredDepartment.of(department)
    return {
        "unit": {"code": d.unit.code, "name": d.unit.name},
        "year": d.year,
        "overall": d.overall,
        "items": [{"title": i.title, "goal": i.goal, "indicator": i.indicator} for i in d.items],
        "measures": list(d.measures),
    }


def project_label(data: dict, index: int) -> str:
    """Name a project of a document in messages: its number and name."""
    name = data.get("name") if isinstance(data, dict) else None
    return f"第 {index + 1} 个项目" + (f"“{name}”" if name else "")


# The Chinese name before the JSON key in messages about an amount: "预算数 budget_total “1.234”…".
MONEY_NAMES = {"budget_total": "预算数 ", "budget_fiscal": "财政资金 ", "budget_other": "其他资金 ", "checkpoints": "支出计划 "}


def draft_from_dict(data: dict, index: int, *, year: int | None = None) -> ProjectDraft:
    """Read one project of the interchange format; DomainError names the project and field."""
    label = project_label(data, index)
    if not isinstance(data, dict):
        raise DomainError(f"{label}：格式应为对象")
    problems: list[Problem] = []

    def text(key: str, required: bool = False) -> str:
        value = data.get(key)
        if value is None:
            value = ""
        if not isinstance(value, str):
            problems.append(Problem(key, f"{label}：{key} 应为文本"))
            return ""
        if required and not value.strip():
            problems.append(Problem(key, f"{label}：缺少 {key}"))
        return value

    def money(key: str, value) -> Decimal | None:
        shown = "" if value is None else value if isinstance(value, str | int) else str(value)
        try:
            return check_cents(parse_money(shown, blank_is_zero=True), shown)
        except MoneyError as err:
            name = MONEY_NAMES.get(key.split("[")[0], "")
            problems.append(Problem(key, f"{label}：{name}{key} {err}"))
            return None

    year_value = year if year is not None else data.get("year")
    if not isinstance(year_value, int) or isinstance(year_value, bool):
        problems.append(Problem("year", f"{label}：缺少年度 year"))
        year_value = 0
    goals = data.get("goals") or []
    checkpoints = []
    for n, item in enumerate(data.get("checkpoints") or []):
        if not isinstance(item, dict) or not isinstance(item.get("month"), int):
            problems.append(Problem("checkpoints", f"{label}：第 {n + 1} 个支出计划节点格式有误"))
            continue
        checkpoints.append(CheckpointDraft(item["month"], money(f"checkpoints[{n}].amount", item.get("amount"))))
    indicators = []
    for n, item in enumerate(data.get("indicators") or []):
        if not isinstance(item, dict):
            problems.append(Problem("indicators", f"{label}：第 {n + 1} 条指标格式有误"))
            continue
        indicators.append(
            IndicatorDraft(
                level1=str(item.get("level1") or ""),
                level2=str(item.get("level2") or ""),
                name=str(item.get("name") or ""),
                description=str(item.get("description") or ""),
                target_text=str(item.get("target_text") or ""),
                basis=str(item.get("basis") or ""),
            )
        )
    draft = ProjectDraft(
        year=year_value,
        code=(text("code").strip() or None),
        name=text("name", required=True),
        budget_total=money("budget_total", data.get("budget_total")),
        budget_fiscal=money("budget_fiscal", data.get("budget_fiscal")),
        budget_other=money("budget_other", data.get("budget_other")),
        purpose=text("purpose"),
        goals=tuple(str(g) for g in goals if str(g).strip()),
        long_term_goals=tuple(str(g) for g in (data.get("long_term_goals") or []) if str(g).strip()),
        checkpoints=tuple(checkpoints),
        indicators=tuple(indicators),
    )
    if problems:
        raise DomainError(problems)
    return draft


def unit_of(data: dict, label: str) -> tuple[str, str]:
    """Return the (code, name) a project or department of the document belongs to."""
    unit = data.get("unit") if isinstance(data, dict) else None
    if not isinstance(unit, dict) or not str(unit.get("code") or "").strip():
        raise DomainError(f"{label}：缺少所属单位 unit.code")
    return str(unit["code"]).strip(), str(unit.get("name") or "").strip()
