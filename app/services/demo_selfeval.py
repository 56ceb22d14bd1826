"""The demo's year-end self-evaluation, so the 年终自评 pages have something to show.

One seed-003 project (2023, long past its year end) gets its actuals from a readable
fixture (``app/fixtures/demo_selfeval.json``) as a complete draft with every 偏差原因:
an officer can open it, see each verdict and the score, submit it and have it reviewed.
Its 全年执行数 is what the demo payments of the project add up to.

Only projects with no year-end entry yet are filled: running ``jixiao demo`` again changes
nothing, and nothing an officer entered is touched.
"""

import json
from decimal import Decimal
from importlib import resources

from sqlalchemy import select

from app.domain.actuals import Grade
from app.domain.yearend import RowEntry, YearEndEntry
from app.extensions import db
from app.models import Project
from app.services import selfeval, units

FIXTURE = "demo_selfeval.json"


def fixture() -> dict:
    with resources.files("app").joinpath("fixtures", FIXTURE).open(encoding="utf-8") as handle:
        return json.load(handle)


def load() -> list[str]:
    """Enter the demo year ends of the demo projects that have none; return the projects' names."""
    created = []
    for item in fixture()["evaluations"]:
        unit = units.find_unit(item["unit"])
        if unit is None:
            continue
        project_id = db.session.scalar(
            select(Project.id).where(Project.unit_id == unit.id, Project.year == item["year"], Project.name == item["project"])
        )
        if project_id is None:
            continue
        project = selfeval.get_project(project_id)
        if selfeval.stored_evaluation(project) is not None:
            continue
        selfeval.save(project, entry(item, project))
        created.append(project.name)
    return created


def entry(item: dict, project: Project) -> YearEndEntry:
    """The fixture's entry for ``project``; an indicator renamed since is left blank."""
    ids = {indicator.name: indicator.id for indicator in project.indicators}
    rows = tuple(
        RowEntry(
            indicator_id=ids[row["name"]],
            actual=row.get("actual", ""),
            grade=Grade(row["grade"]) if row.get("grade") else None,
            grade_percent=_decimal(row.get("grade_percent")),
            deviation_reason=row.get("deviation_reason", ""),
        )
        for row in item["indicators"]
        if row["name"] in ids
    )
    return YearEndEntry(
        budget_adjusted=_decimal(item.get("budget_adjusted")),
        spent_fiscal=_decimal(item.get("spent_fiscal")),
        spent_carryover=_decimal(item.get("spent_carryover")),
        spent_other=_decimal(item.get("spent_other")),
        execution_reason=item.get("execution_reason", ""),
        overall_actual=item.get("overall_actual", ""),
        supervising_department=item.get("supervising_department", ""),
        rows=rows,
    )


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)
