"""The read model: a stored target table as the pages and the documents read it.

The write side has ``ProjectDraft`` (app/domain/projects.py), the one shape every input produces.
This is the other side: frozen values with ``Decimal`` amounts, built once from the stored rows
(``StoredProject.of(row)``) and handed to the project page, the Word and Excel tables and the
interchange. Dicts exist only at the ``jixiao dump``/``load`` boundary (app/documents/interchange.py):
``StoredProject.from_interchange`` reads that shape, for documents and tests that start from JSON.

Pure: the builders read attributes (``project.unit.code``, ``project.indicators``), so they take
a model row or anything shaped like one, and import nothing of the other layers.
"""

from dataclasses import dataclass
from decimal import Decimal

from app.domain.money import parse_money


@dataclass(frozen=True)
class UnitRef:
    code: str
    name: str

    @property
    def label(self) -> str:
        """The unit line of the official table: code followed by name."""
        return f"{self.code or ''}{self.name or ''}"


@dataclass(frozen=True)
class StoredCheckpoint:
    """资金支出计划: cumulative planned spending by the end of ``month``, in 万元."""

    month: int
    amount: Decimal


@dataclass(frozen=True)
class StoredIndicator:
    level1: str
    level2: str
    name: str
    target_text: str
    description: str = ""
    basis: str = ""


@dataclass(frozen=True)
class StoredProject:
    """One project's target table as stored: amounts in 万元 as ``Decimal``, texts as written."""

    id: int | None
    unit: UnitRef
    year: int
    code: str | None
    name: str
    budget_total: Decimal | None
    budget_fiscal: Decimal | None
    budget_other: Decimal
    purpose: str = ""
    goals: tuple[str, ...] = ()
    long_term_goals: tuple[str, ...] = ()
    checkpoints: tuple[StoredCheckpoint, ...] = ()
    indicators: tuple[StoredIndicator, ...] = ()

    @classmethod
    def of(cls, project) -> "StoredProject":
        """Read a stored project (a ``Project`` row with its unit and children)."""
        return cls(
            id=project.id,
            unit=UnitRef(project.unit.code, project.unit.name),
            year=project.year,
            code=project.code,
            name=project.name,
            budget_total=project.budget_total,
            budget_fiscal=project.budget_fiscal,
            budget_other=project.budget_other if project.budget_other is not None else Decimal("0.00"),
            purpose=project.purpose or "",
            goals=tuple(goal.text for goal in project.goals),
            long_term_goals=tuple(project.long_term_goals.split("\n")) if project.long_term_goals else (),
            checkpoints=tuple(StoredCheckpoint(c.month, c.amount) for c in project.checkpoints),
            indicators=tuple(
                StoredIndicator(i.level1, i.level2, i.name, i.target_text, i.description or "", i.basis or "")
                for i in project.indicators
            ),
        )

    @classmethod
    def from_interchange(cls, data: dict) -> "StoredProject":
        """Read a project of the interchange shape (``jixiao dump``): amounts as strings or numbers."""
        unit = data.get("unit") or {}
        return cls(
            id=data.get("id"),
            unit=UnitRef(unit.get("code") or "", unit.get("name") or ""),
            year=data.get("year"),
            code=data.get("code"),
            name=data.get("name") or "",
            budget_total=_amount(data.get("budget_total")),
            budget_fiscal=_amount(data.get("budget_fiscal")),
            budget_other=_amount(data.get("budget_other")) or Decimal("0.00"),
            purpose=data.get("purpose") or "",
            goals=tuple(data.get("goals") or ()),
            long_term_goals=tuple(data.get("long_term_goals") or ()),
            checkpoints=tuple(StoredCheckpoint(int(c["month"]), _amount(c.get("amount"))) for c in data.get("checkpoints") or ()),
            indicators=tuple(
                StoredIndicator(
                    i.get("level1") or "", i.get("level2") or "", i.get("name") or "", i.get("target_text") or "",
                    i.get("description") or "", i.get("basis") or "",
                )
                for i in data.get("indicators") or ()
            ),
        )

    @property
    def has_plan(self) -> bool:
        return bool(self.checkpoints)


@dataclass(frozen=True)
class DepartmentItem:
    """One numbered item of part 1: （一）title, its goal and its indicator text."""

    title: str
    goal: str = ""
    indicator: str = ""


@dataclass(frozen=True)
class StoredDepartment:
    """A unit's part 1 of the department document (部门整体绩效目标) for a year."""

    unit: UnitRef
    year: int
    overall: str = ""
    items: tuple[DepartmentItem, ...] = ()
    measures: tuple[str, ...] = ()

    @classmethod
    def of(cls, department) -> "StoredDepartment":
        return cls(
            unit=UnitRef(department.unit.code, department.unit.name),
            year=department.year,
            overall=department.overall or "",
            items=tuple(DepartmentItem(i.title, i.goal or "", i.indicator or "") for i in department.items),
            measures=tuple(m.text for m in department.measures),
        )

    @classmethod
    def from_interchange(cls, data: dict) -> "StoredDepartment":
        unit = data.get("unit") or {}
        return cls(
            unit=UnitRef(unit.get("code") or "", unit.get("name") or ""),
            year=data.get("year"),
            overall=data.get("overall") or "",
            items=tuple(DepartmentItem(i.get("title") or "", i.get("goal") or "", i.get("indicator") or "") for i in data.get("items") or ()),
            measures=tuple(data.get("measures") or ()),
        )


def _amount(value) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    return parse_money(value if isinstance(value, str) else str(value), blank_is_zero=False)
