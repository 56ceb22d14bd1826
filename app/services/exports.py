"""Export the official target tables (.docx): select projects, build the context, render."""

import re
import zipfile
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import BinaryIO

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.documents.contexts import LAYOUTS, document_context
from app.documents.docx_export import render_docx
from app.documents.tables import join_words
from app.documents.target_xlsx import target_workbook
from app.documents.xlsx import book_bytes
from app.domain.errors import DomainError
from app.domain.readmodel import StoredDepartment, StoredProject, UnitRef
from app.extensions import db
from app.models import DepartmentGoals, Project, Unit

LAYOUT_NAMES = {"full": "完整版", "basic": "简版"}


@dataclass(frozen=True)
class Selection:
    """What one export holds: projects and (for the department document) part 1 per unit."""

    year: int | None
    layout: str
    projects: list[StoredProject]
    departments: list[StoredDepartment] | None

    @property
    def units(self) -> list[UnitRef]:
        seen = {}
        for item in self.projects + (self.departments or []):
            seen.setdefault(item.unit.code, item.unit)
        return list(seen.values())

    def filename(self, kind: str = "docx") -> str:
        """Suggest a Chinese file name, e.g. ``2024年304001…部门绩效目标.docx``."""
        if len(self.projects) == 1 and self.departments is None:
            stem = join_words(self.projects[0].name, "绩效目标表")
        else:
            units = self.units
            who = units[0].label if len(units) == 1 else f"{len(units)}个单位"
            what = "部门绩效目标" if self.departments is not None else "项目绩效目标表"
            stem = f"{self.year or ''}年{who}{what}" if self.year else f"{who}{what}"
        stem = re.sub(r'[\\/:*?"<>|\s]+', "_", stem).strip("_")[:120]
        return f"{stem}（{LAYOUT_NAMES[self.layout]}）.{kind}"

    def summary(self, path: str) -> str:
        """One line for the CLI."""
        kind = LAYOUT_NAMES[self.layout]
        if self.departments is not None:
            return (
                f"已导出部门绩效目标（{kind}）：{len(self.departments)} 个单位的部门整体绩效目标，"
                f"{len(self.projects)} 个项目绩效目标表 → {path}"
            )
        return f"已导出 {len(self.projects)} 个项目绩效目标表（{kind}）→ {path}"


def select_export(
    year: int | None,
    unit_code: str | None = None,
    project: str | int | None = None,
    layout: str = "full",
    department: bool = False,
    *,
    project_id: int | None = None,
) -> Selection:
    """Load what an export holds; DomainError (in Chinese) when the filters select nothing.

    ``project`` is a 项目编码 or an id (the CLI's ``--project``); ``project_id`` only an id.
    """
    if layout not in LAYOUTS:
        raise DomainError(f"版式“{layout}”无效：应为 full（完整版）或 basic（简版）", "layout")
    if unit_code is not None and db.session.scalar(select(Unit.id).where(Unit.code == unit_code)) is None:
        raise DomainError(f"没有编码为“{unit_code}”的预算单位", "unit")
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
    if year is not None:
        stmt = stmt.where(Project.year == year)
    if unit_code is not None:
        stmt = stmt.where(Unit.code == unit_code)
    if project is not None:
        stmt = stmt.where(_project_filter(str(project).strip()))
    if project_id is not None:
        stmt = stmt.where(Project.id == project_id)
    found = list(db.session.scalars(stmt))
    if project is not None and len(found) > 1:
        # A code that is also another project's id: the code wins.
        found = [p for p in found if p.code == str(project).strip()] or found
    if not found:
        raise DomainError(_nothing_message(year, unit_code, project if project is not None else project_id), "project")
    projects = [StoredProject.of(p) for p in found]
    departments = _departments(found) if department else None
    return Selection(year if year is not None else found[0].year, layout, projects, departments)


def render_selection(selection: Selection, kind: str = "docx") -> bytes:
    """Build the .docx (or the .xlsx: one sheet per project) of a selection."""
    if kind == "xlsx":
        return book_bytes(target_workbook(selection.projects, selection.layout))
    return render_docx(document_context(selection.projects, selection.departments), selection.layout)


def export_document(
    year: int | None,
    unit_code: str | None = None,
    project: str | int | None = None,
    layout: str = "full",
    department: bool = False,
) -> bytes:
    """Return the .docx bytes of the selected target tables (or of the department document)."""
    return render_selection(select_export(year, unit_code, project, layout, department))


def units_with_projects(year: int, unit_ids: Collection[int] | None = None, unit_code: str | None = None) -> list[Unit]:
    """The units that hold projects of ``year``, by code (only ``unit_ids`` when given; None: every unit)."""
    stmt = select(Unit).where(Unit.id.in_(select(Project.unit_id).where(Project.year == year))).order_by(Unit.code)
    if unit_ids is not None:
        stmt = stmt.where(Unit.id.in_(sorted(unit_ids)))  # an officer's or reviewer's few units
    if unit_code is not None:
        stmt = stmt.where(Unit.code == unit_code)
    return list(db.session.scalars(stmt))


def zip_filename(year: int, units: list[Unit], layout: str, department: bool = False) -> str:
    """``2024年12个单位项目绩效目标表（完整版）.zip``, or the one unit's code and name."""
    who = f"{units[0].code}{units[0].name}" if len(units) == 1 else f"{len(units)}个单位"
    what = "部门绩效目标" if department else "项目绩效目标表"
    stem = re.sub(r'[\\/:*?"<>|\s]+', "_", f"{year}年{who}{what}").strip("_")[:120]
    return f"{stem}（{LAYOUT_NAMES[layout]}）.zip"


def write_zip(
    out: BinaryIO,
    year: int,
    units: list[Unit],
    layout: str = "full",
    department: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write one .docx per unit (its target tables, or its department document) into a .zip; return the projects.

    ``progress(n, total)`` hears of each unit written. DomainError when no unit has a project.
    """
    if not units:
        raise DomainError(f"{year} 年度没有可导出的项目", "year")
    projects = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, unit in enumerate(units):
            if progress is not None:
                progress(n, len(units))
            selection = select_export(year, unit.code, layout=layout, department=department)
            name = selection.filename()  # a unit of one project is named by the project: say the unit too
            archive.writestr(name if unit.code in name else f"{unit.code}{unit.name}_{name}", render_selection(selection))
            projects += len(selection.projects)
    if progress is not None:
        progress(len(units), len(units))
    return projects


def _project_filter(value: str):
    if value.isdigit():
        return or_(Project.code == value, Project.id == int(value))
    return Project.code == value


def _nothing_message(year, unit_code, project) -> str:
    parts = []
    if year is not None:
        parts.append(f"{year} 年度")
    if unit_code is not None:
        parts.append(f"单位 {unit_code}")
    if project is not None:
        parts.append(f"编码或编号为“{project}”的项目")
    return "没有符合条件的项目" + (f"（{'、'.join(parts)}）" if parts else "")


def _departments(projects: list[Project]) -> list[StoredDepartment]:
    """Part 1 for every (unit, year) of the projects; a unit without goals gets empty sections."""
    keys = list(dict.fromkeys((p.unit_id, p.year) for p in projects))
    stmt = (
        select(DepartmentGoals)
        .where(DepartmentGoals.unit_id.in_({k[0] for k in keys}), DepartmentGoals.year.in_({k[1] for k in keys}))
        .options(
            selectinload(DepartmentGoals.unit),
            selectinload(DepartmentGoals.items),
            selectinload(DepartmentGoals.measures),
        )
    )
    stored = {(d.unit_id, d.year): d for d in db.session.scalars(stmt)}
    units = {p.unit_id: p.unit for p in projects}
    result = []
    for unit_id, year in keys:
        goals = stored.get((unit_id, year))
        if goals is not None:
            result.append(StoredDepartment.of(goals))
        else:
            unit = units[unit_id]
            result.append(StoredDepartment(UnitRef(unit.code, unit.name), year))
    return result
