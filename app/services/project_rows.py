"""A project's rows as plain values (column → value), built from a checked draft.

What ``projects.apply_draft`` sets on a new project and its goals, plan and indicators, column by
column, without ORM objects: ``jixiao load``'s bulk path (``bulk_insert.insert_projects``) inserts
these dicts and records them (``recorder.inserted_events``). Columns left out take the model's
default at the insert (status, version, timestamps). ``tests/services/test_interchange_bulk.py``
holds the rows equal to the ORM path's, field by field.
"""

from dataclasses import dataclass

from app.domain.projects import CheckpointDraft, IndicatorDraft, ProjectDraft
from app.domain.targets import parse_target


def project_values(draft: ProjectDraft) -> dict:
    """The project's own columns a draft gives (the unit aside)."""
    return {
        "year": draft.year,
        "code": (draft.code or "").strip() or None,
        "name": draft.name.strip(),
        "budget_total": draft.budget_total,
        "budget_fiscal": draft.budget_fiscal,
        "budget_other": draft.budget_other,
        "purpose": draft.purpose,
        "long_term_goals": "\n".join(" ".join(g.split()) for g in draft.long_term_goals if g.strip()),
    }


def plan_of(draft: ProjectDraft) -> list[CheckpointDraft]:
    """The checkpoints stored: an all-blank plan is no plan."""
    return [c for c in draft.checkpoints if c.amount is not None]


def goal_values(position: int, text: str) -> dict:
    return {"position": position, "text": text}


def checkpoint_values(position: int, item: CheckpointDraft) -> dict:
    return {"month": item.month, "amount": item.amount}


def indicator_values(position: int, item: IndicatorDraft, year: int) -> dict:
    # A deadline written without a year ("9月底前") is in the project's year.
    target = parse_target(item.target_text, year)
    return {
        "position": position,
        "level1": item.level1.strip(),
        "level2": item.level2.strip(),
        "name": item.name.strip(),
        "description": item.description,
        "target_text": item.target_text.strip(),
        "target_kind": target.kind.value,
        "target_comparator": target.comparator,
        "target_value": target.value,
        "target_lower": target.lower,
        "target_upper": target.upper,
        "target_unit": target.unit,
        "target_deadline": target.deadline,
        "basis": item.basis,
    }


@dataclass(eq=False)
class NewProject:
    """A project about to be inserted, as rows: its own and its children's; ``id`` set by the insert.

    It answers what ``projects.Known`` asks of a project (unit, year, code, name, id), so a load's
    look-ups find it like a stored one.
    """

    unit_id: int
    values: dict
    goals: list[dict]
    checkpoints: list[dict]
    indicators: list[dict]
    id: int | None = None

    @property
    def year(self) -> int:
        return self.values["year"]

    @property
    def code(self) -> str | None:
        return self.values["code"]

    @property
    def name(self) -> str:
        return self.values["name"]


def new_project(unit_id: int, draft: ProjectDraft) -> NewProject:
    """The rows of a new project of ``unit_id`` holding ``draft`` (already checked)."""
    indicators = [indicator_values(n, item, draft.year) for n, item in enumerate(draft.indicators)]
    return NewProject(
        unit_id=unit_id,
        # indicator_count: what ``apply_draft`` keeps for the project list (ignored by a model without it)
        values={"unit_id": unit_id, **project_values(draft), "indicator_count": len(indicators)},
        goals=[goal_values(n, text) for n, text in enumerate(draft.goals)],
        checkpoints=[checkpoint_values(n, item) for n, item in enumerate(plan_of(draft))],
        indicators=indicators,
    )
