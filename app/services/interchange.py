"""Dump and load the interchange format, all or nothing."""

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.documents.interchange import (
    department_to_dict,
    draft_from_dict,
    project_label,
    project_to_dict,
    unit_of,
)
from app.domain.errors import DomainError, Problem
from app.extensions import db
from app.models import DepartmentGoalItem, DepartmentGoals, DepartmentMeasure, Project, Unit
from app.services import projects as project_service
from app.services import transaction
from app.services.bulk_insert import insert_projects
from app.services.project_rows import NewProject, new_project
from app.services.units import ensure_unit, ensure_units, store_checkpoint_months, store_many_checkpoint_months


@dataclass
class LoadSummary:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    units_created: list[str] = field(default_factory=list)
    departments: int = 0
    indicators: int = 0
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "projects": len(self.created) + len(self.updated),
            "indicators": self.indicators,
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "units_created": self.units_created,
            "departments": self.departments,
            "warnings": self.warnings,
        }


def dump(year: int | None = None, unit_code: str | None = None) -> dict:
    """Describe the selected projects and department goals in the interchange format."""
    stmt = (
        select(Project)
        .join(Project.unit)
        .options(
            selectinload(Project.unit),
            selectinload(Project.goals),
            selectinload(Project.checkpoints),
            selectinload(Project.indicators),
        )
        .order_by(Project.year, Unit.code, Project.id)
    )
    dept = (
        select(DepartmentGoals)
        .join(DepartmentGoals.unit)
        .options(
            selectinload(DepartmentGoals.unit),
            selectinload(DepartmentGoals.items),
            selectinload(DepartmentGoals.measures),
        )
        .order_by(DepartmentGoals.year, Unit.code)
    )
    if year is not None:
        stmt, dept = stmt.where(Project.year == year), dept.where(DepartmentGoals.year == year)
    if unit_code is not None:
        stmt, dept = stmt.where(Unit.code == unit_code), dept.where(Unit.code == unit_code)
    return {
        "projects": [project_to_dict(p) for p in db.session.scalars(stmt)],
        "departments": [department_to_dict(d) for d in db.session.scalars(dept)],
    }


def load(document: dict, *, update: bool = True, bulk_insert: bool = True) -> LoadSummary:
    """Store every project and department of a document in one transaction.

    A project that exists (same unit, year and code, or name without code) is
    updated when ``update`` is true and listed in ``skipped`` otherwise. New projects
    go in through ``bulk_insert`` (Core, in batches, recorded alike) unless ``bulk_insert``
    is false; a document naming the same new project twice is loaded through the ORM alone.
    """
    if not isinstance(document, dict) or not isinstance(document.get("projects", []), list):
        raise DomainError("文件格式有误：应为包含 projects 列表的 JSON 对象")
    if bulk_insert and not _names_a_project_twice(document.get("projects") or []):
        try:
            return _load(document, update, insert_new=True)
        except _NewProjectTwice:
            pass  # rolled back: the second one updates the first, which only the ORM path can do
    return _load(document, update, insert_new=False)


class _NewProjectTwice(Exception):
    """A bulk load met a project it is about to insert again."""


def _names_a_project_twice(projects: list) -> bool:
    """Whether a document, read loosely, names one project twice (a load then goes through the ORM at once).

    The bulk path finds the rest itself (``_NewProjectTwice``) and starts again; finding them
    here spares that, and the ids the first attempt would use.
    """
    seen = set()
    for data in projects:
        if not isinstance(data, dict):
            continue
        unit = data.get("unit")
        code = str(data.get("code") or "").strip()
        key = (
            str(unit.get("code") or "").strip() if isinstance(unit, dict) else "",
            data.get("year"),
            code or None,
            None if code else str(data.get("name") or "").strip(),
        )
        if key in seen:
            return True
        seen.add(key)
    return False


def _load(document: dict, update: bool, *, insert_new: bool) -> LoadSummary:
    summary = LoadSummary()
    problems: list[Problem] = []
    with collector_paused(), transaction():
        bulk = Bulk(staged=[] if insert_new else None)
        bulk.units, created = ensure_units(_units_named(document.get("projects") or []))
        bulk.known.created(unit.id for unit in created)
        summary.units_created += [unit.label for unit in created]
        # One flush per FLUSH_EVERY projects, not per project: the rows go in batches (one
        # multi-row INSERT per table), the look-ups come from ``bulk.known``, still all audited.
        with db.session.no_autoflush:
            for index, data in enumerate(document.get("projects") or []):
                problems += store_project(data, index, summary, update=update, bulk=bulk)
                if (index + 1) % FLUSH_EVERY == 0:
                    db.session.flush()
                    bulk.insert_staged(skip=bool(problems))
            bulk.insert_staged(skip=bool(problems))
            store_many_checkpoint_months(bulk.months)
        db.session.flush()
        for index, data in enumerate(document.get("departments") or []):
            try:
                save_department(data, index)
                summary.departments += 1
            except DomainError as err:
                problems.extend(err.problems)
        if problems:
            raise DomainError(problems)
    return summary


FLUSH_EVERY = 200


def _units_named(projects: list) -> dict[str, str]:
    """The units a document's projects name, in order: code → the name a new one takes (the first given)."""
    named: dict[str, str] = {}
    for data in projects:
        try:
            code, name = unit_of(data, "")
        except DomainError:
            continue  # said in the project's own words when its turn comes
        named.setdefault(code, name or code)
    return named


@contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector while a load builds its rows.

    A load makes some 50 objects a project, all still referenced by the session: the collector's
    full passes walk every one of them again and again (about 40% of a load's time, measured), to
    find nothing. Reference counting still frees what it can; the collector runs again after.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class Bulk:
    """What a load of many projects keeps between them: the look-ups, the units, the plan months."""

    known: project_service.Known = field(default_factory=project_service.Known)
    units: dict[str, Unit] = field(default_factory=dict)
    months: dict[tuple[Unit, int], tuple[int, ...]] = field(default_factory=dict)  # the last project's win
    staged: list[NewProject] | None = None  # new projects' rows waiting for ``insert_projects`` (None: through the ORM)

    def insert_staged(self, *, skip: bool = False) -> None:
        """Insert the staged projects (``skip``: the load fails anyway, don't write them)."""
        if self.staged:
            if not skip:
                insert_projects(self.staged)
            self.staged = []


def store_project(
    data: dict, index: int, summary: LoadSummary, *, update: bool, label: str | None = None, unit: Unit | None = None,
    bulk: Bulk | None = None,
) -> list[Problem]:
    """Create or update one project inside the caller's transaction; return its problems, labelled.

    ``label`` names the project in messages (an importer names its table); ``unit``
    overrides the unit the data names.
    """
    own = project_label(data, index)
    label = label or own
    try:
        _store_project(data, index, summary, update, label, unit, bulk)
    except DomainError as err:
        return [
            Problem(p.field, p.message if p.message.startswith(label) else f"{label}：{p.message.removeprefix(own + '：')}")
            for p in err.problems
        ]
    return []


def _store_project(
    data: dict, index: int, summary: LoadSummary, update: bool, label: str, unit: Unit | None, bulk: Bulk | None = None
) -> None:
    draft = draft_from_dict(data, index)
    if unit is None:
        code, name = unit_of(data, label)
        unit = bulk.units.get(code) if bulk is not None else None
        if unit is None:
            unit, created = ensure_unit(code, name or code)
            if created:
                summary.units_created.append(unit.label)
            if bulk is not None:
                bulk.units[code] = unit
    known = bulk.known if bulk is not None else None
    title = project_title(draft.year, unit.code, draft.code, draft.name)
    existing = project_service.find_existing(unit.id, draft, known)
    if isinstance(existing, NewProject):
        raise _NewProjectTwice
    if existing is not None and existing.id is None:
        db.session.flush()  # the same project twice in one load: the second updates the first, stored
    if existing is not None:
        if not update:
            summary.skipped.append(title)
            return
        review = project_service.check_draft(
            draft, unit_id=unit.id, project_id=existing.id, strict_taxonomy=False, known=known
        )
        project_service.apply_draft(existing, draft)
        if known is not None:
            known.changed(existing)
        summary.updated.append(title)
    elif bulk is not None and bulk.staged is not None:
        # Checked as ``add_project`` checks, then kept as plain rows for ``insert_projects``.
        review = project_service.check_draft(draft, unit_id=unit.id, project_id=None, strict_taxonomy=False, known=known)
        staged = new_project(unit.id, draft)
        known.add(staged)
        bulk.staged.append(staged)
        summary.created.append(title)
    else:
        _, review = project_service.add_project(unit, draft, strict_taxonomy=False, known=known)
        summary.created.append(title)
    if draft.checkpoints:
        months = tuple(c.month for c in draft.checkpoints)
        if bulk is not None:
            bulk.months.pop((unit, draft.year), None)  # keep the order of the last one
            bulk.months[(unit, draft.year)] = months
        else:
            store_checkpoint_months(unit, draft.year, months)
    summary.indicators += len(draft.indicators)
    summary.warnings.extend(f"{label}：{w.message}" for w in review.warnings)
    if bulk is None:
        db.session.flush()


def project_title(year, unit_code: str, code: str | None, name: str) -> str:
    """A readable label of a project: "2024 304001 13060524P00466210002W 2024年…资金"."""
    return " ".join(str(part) for part in (year, unit_code, code, name) if part)


def save_department(data: dict, index: int) -> DepartmentGoals:
    """Store the department-level goals of a unit and year (inside the caller's transaction)."""
    label = f"第 {index + 1} 份部门整体绩效目标"
    if not isinstance(data, dict) or not isinstance(data.get("year"), int):
        raise DomainError(f"{label}：缺少年度 year")
    code, name = unit_of(data, label)
    unit, _ = ensure_unit(code, name or code)
    department = db.session.scalar(
        select(DepartmentGoals).where(DepartmentGoals.unit_id == unit.id, DepartmentGoals.year == data["year"])
    )
    if department is None:
        department = DepartmentGoals(unit_id=unit.id, year=data["year"])
        department.unit = unit
        db.session.add(department)
    department.overall = str(data.get("overall") or "")
    department.items = [
        DepartmentGoalItem(
            position=n,
            title=str(item.get("title") or ""),
            goal=str(item.get("goal") or ""),
            indicator=str(item.get("indicator") or ""),
        )
        for n, item in enumerate(data.get("items") or [])
    ]
    department.measures = [
        DepartmentMeasure(position=n, text=str(text)) for n, text in enumerate(data.get("measures") or [])
    ]
    return department
