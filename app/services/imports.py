"""Import target tables from .docx / .txt documents: all or nothing, previewed by a dry run."""

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from sqlalchemy import select

from app.documents.archives import check_zip
from app.documents.docx_import import DocumentImport, parse_document
from app.documents.legacy import modernize
from app.documents.text_import import TextImportError
from app.domain.errors import DomainError, Problem
from app.extensions import db
from app.models import DepartmentGoals, Unit
from app.services import transaction
from app.services.interchange import LoadSummary, save_department, store_project
from app.services.units import ensure_unit, find_unit
from app.services.uploads import TOKEN, discard_upload, read_upload, save_upload  # noqa: F401  (the upload service)

EXTENSIONS = ("docx", "xlsx", "txt")


@dataclass(frozen=True)
class ImportItem:
    """One project as the preview lists it."""

    table: str
    unit: str
    year: int | None
    code: str | None
    name: str
    budget_total: str
    indicators: int
    status: str  # created | updated | skipped, or blocked: read but not storable until the problems are solved


@dataclass
class ImportSummary(LoadSummary):
    items: list[ImportItem] = field(default_factory=list)
    dry_run: bool = False
    problems: list[dict] = field(default_factory=list)  # {table, row, column, message}: what blocks saving
    read: list[dict] = field(default_factory=list)  # the projects as read, in the interchange shape
    unknown_columns: list[str] = field(default_factory=list)  # indicator headers the officer may name
    missing_units: list[str] = field(default_factory=list)  # unit lines naming no unit yet (when none may be made)

    def to_dict(self) -> dict:
        data = super().to_dict()
        if self.dry_run:
            data["problems"] = [{k: p.get(k) for k in ("table", "row", "column", "message")} for p in self.problems]
            data["read"] = self.read
        return data


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def import_document(
    data: bytes,
    filename: str,
    *,
    year: int | None = None,
    unit_code: str | None = None,
    update: bool = False,
    dry_run: bool = False,
    corrections: dict | None = None,
    units: Collection[str] | None = None,
    create_units: bool = True,
    columns: dict[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    reading: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Read a document and store its projects in one transaction; a dry run rolls it back.

    Raise DomainError (nothing stored) naming the table and row of every problem. ``units``
    limits the units imported into (the codes an officer may edit; None: any), and
    ``create_units`` whether a table's unit line may create a unit (the CLI: yes; the browser:
    no, only administrators create units). ``progress(n, total)`` hears of each project stored,
    ``reading(n, total)`` of each table read.
    """
    document = read_document(data, filename, year=year, columns=columns, progress=reading)
    apply_corrections(document, corrections or {})
    summary = ImportSummary(warnings=list(document.warnings), dry_run=dry_run)
    summary.problems = [dict(p.to_dict(), project=p.project) for p in document.problems]
    summary.read = [dict(p, year=year or p.get("year")) for p in document.projects]
    summary.unknown_columns = list(document.unknown_columns)
    if document.problems and not dry_run:
        raise DomainError([Problem("", str(p)) for p in document.problems])
    try:
        with transaction():
            try:
                _store(document, summary, year=year, unit_code=unit_code, update=update,
                       scope=Scope(None if units is None else set(units), create_units), progress=progress)
            except DomainError as err:
                if not dry_run:
                    raise
                known = {(p["table"], p["row"], p["column"]) for p in summary.problems}
                for problem in (_problem_dict(document, p) for p in err.problems):
                    if (problem["table"], problem["row"], problem["column"]) not in known:  # said once, where read
                        summary.problems.append(problem)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return summary


def read_document(
    data: bytes, filename: str, *, year: int | None = None, columns: dict | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DocumentImport:
    """Read a document's target tables (nothing stored); DomainError when it holds none."""
    if filename.lower().endswith((".docx", ".xlsx")):
        check_zip(data, label=f"文件“{filename}”")  # zip bombs and DOCTYPEs, before the reader opens it
    try:
        document = parse_document(data, filename, year=year, columns=columns, progress=progress)
    except TextImportError as err:
        raise DomainError(str(err)) from None
    if not document.projects:
        raise DomainError(f"文件“{filename}”中没有找到绩效目标表（如“1.某某项目绩效目标表”）")
    return document


def modernize_upload(data: bytes, filename: str) -> tuple[bytes, str]:
    """An uploaded .doc/.xls as .docx/.xlsx (``documents.legacy``; the request's size limit already held)."""
    try:
        return modernize(data, filename)
    except TextImportError as err:
        raise DomainError(str(err), "file") from None


def apply_corrections(document: DocumentImport, corrections: dict) -> None:
    """Apply the officer's corrections from the preview: they change what is saved, not the file.

    ``corrections`` maps a project's index (from 0) to {"drop": [indicator rows from 1],
    "indicators": {row: {field: value}}, field: value}. A dropped row or a corrected value
    clears the problems recorded for it.
    """
    solved: set[tuple[int, int | None, str | None]] = set()
    for index, change in corrections.items():
        index = int(index)
        if not 0 <= index < len(document.projects):
            continue
        project = document.projects[index]
        rows = {n: item for n, item in enumerate(project["indicators"], 1)}
        for row, fields in (change.get("indicators") or {}).items():
            item = rows.get(int(row))
            if item is not None:
                item.update({k: v for k, v in fields.items() if k in CORRECTABLE})
                solved |= {(index, int(row), column) for column in _columns_of(fields)}
        for field_name in PROJECT_FIELDS:
            if field_name in change:
                project[field_name] = change[field_name]
                solved.add((index, None, PROJECT_FIELDS[field_name]))
        dropped = {int(r) for r in change.get("drop") or ()}
        project["indicators"] = [item for n, item in rows.items() if n not in dropped]
        solved |= {(index, row, None) for row in dropped}
    document.problems = [
        p for p in document.problems
        if (p.project, p.row, p.column) not in solved and (p.project, p.row, None) not in solved
    ]


# What an unknown indicator column may be said to hold, in the preview ("" = ignore it).
COLUMN_CHOICES = {"": "忽略此列", "name": "三级指标", "target_text": "指标值", "basis": "指标值确定依据",
                  "description": "指标说明", "level1": "一级指标", "level2": "二级指标", "actual": "实际完成值",
                  "weight": "分值", "score": "得分"}


CORRECTABLE = {"level1": "一级指标", "level2": "二级指标", "name": "三级指标", "target_text": "指标值"}
PROJECT_FIELDS = {"budget_total": "预算数", "budget_fiscal": "财政资金", "budget_other": "其他资金", "name": "项目名称"}


def _columns_of(fields: dict) -> set[str]:
    return {CORRECTABLE[k] for k in fields if k in CORRECTABLE}


_ROW_PATH = re.compile(r"^indicators-(\d+)-(\w+)$")


def _problem_dict(document: DocumentImport, problem: Problem) -> dict:
    """A storing problem in the preview's shape: table and row taken from its field path."""
    table, _, message = problem.message.partition("：")
    match = _ROW_PATH.match(problem.field or "")
    row = int(match.group(1)) + 1 if match else None
    column = CORRECTABLE.get(match.group(2)) if match else (PROJECT_FIELDS.get(problem.field) or None)
    number = re.match(r"^第 (\d+) 个表", table)
    return {
        "table": table if message else "", "row": row, "column": column, "message": message or problem.message,
        "project": int(number.group(1)) - 1 if number else 0,
    }


@dataclass(frozen=True)
class Scope:
    """Where an import may store: the unit codes allowed (None: any) and whether new units may be made."""

    units: set[str] | None = None
    create: bool = True

    def allows(self, unit: Unit) -> bool:
        return self.units is None or unit.code in self.units


def _store(document: DocumentImport, summary: ImportSummary, *, year, unit_code, update, scope: Scope = Scope(),
           progress: Callable[[int, int], None] | None = None) -> None:
    forced = None
    if unit_code:
        forced = find_unit(unit_code)
        if forced is None:
            raise DomainError(f"单位编码 {unit_code} 不存在，请先添加该单位", "unit")
        if not scope.allows(forced):
            raise DomainError(f"不能导入到单位“{forced.label}”：它不是您可以填报的单位", "unit")
    labels = [f"第 {n} 个表“{title}”" for n, title in enumerate(document.titles, 1)]
    problems: list[Problem] = []
    targets: list[Unit | None] = []
    seen: dict[tuple, str] = {}
    for label, data in zip(labels, document.projects):
        if year is not None:
            data["year"] = year
        if data.get("year") is None:
            problems.append(Problem("year", f"{label}：无法从文件中确定年度，请指定年度（网页上填写“年度”，命令行用 --year）"))
        unit = forced or _unit_of(data, label, summary, problems, scope)
        targets.append(unit)
        if unit is not None:
            key = (unit.code, data.get("year"), data.get("code") or ("name", data["name"]))
            if key in seen:
                problems.append(Problem("", f"{label}：与{seen[key]}是同一个项目（同单位、年度和编码或名称），不能重复导入"))
            seen.setdefault(key, label)
    if problems:  # nothing can be stored yet, but the preview still lists every project as read
        summary.items.extend(
            _item(label, data, unit.label if unit is not None else _printed(data), "blocked")
            for label, data, unit in zip(labels, document.projects, targets)
        )
        raise DomainError(problems)
    total = len(document.projects)
    for index, (label, data, unit) in enumerate(zip(labels, document.projects, targets)):
        if progress is not None:
            progress(index, total)
        before = (len(summary.created), len(summary.updated))
        problems += store_project(data, index, summary, update=update, label=label, unit=unit)
        status = "created" if len(summary.created) > before[0] else "updated" if len(summary.updated) > before[1] else "skipped"
        summary.items.append(_item(label, data, unit.label, status))
    if progress is not None:
        progress(total, total)
    if problems:
        raise DomainError(problems)
    for index, data in enumerate(document.departments):
        _store_department(data, index, summary, year=year, forced=forced, update=update)


def _item(label: str, data: dict, unit: str, status: str) -> ImportItem:
    return ImportItem(
        table=label,
        unit=unit,
        year=data.get("year"),
        code=data.get("code"),
        name=data.get("name") or "",
        budget_total=data.get("budget_total") or "",
        indicators=len(data.get("indicators") or ()),
        status=status,
    )


def _printed(data: dict) -> str:
    """A table's unit line as printed (code and name), "" when it has none."""
    line = data.get("unit") or {}
    return f"{(line.get('code') or '').strip()}{(line.get('name') or '').strip()}"


def _unit_of(data: dict, label: str, summary: ImportSummary, problems: list[Problem], scope: Scope = Scope()) -> Unit | None:
    """The unit a table's own unit line names, created when new (and allowed); None (with a problem) otherwise."""
    unit = _named_unit(data, label, summary, problems, scope)
    if unit is not None and not scope.allows(unit):
        problems.append(Problem("unit", f"{label}：表中的单位“{unit.label}”不是您可以填报的单位，请选择导入到您的哪个单位"))
        return None
    return unit


def _named_unit(data: dict, label: str, summary: ImportSummary, problems: list[Problem], scope: Scope) -> Unit | None:
    line = data.get("unit") or {}
    code, name = (line.get("code") or "").strip(), (line.get("name") or "").strip()
    if not scope.create:
        unit = find_unit(code) if code else None
        if unit is None and name:
            unit = db.session.scalar(select(Unit).where(Unit.name == name))
        if unit is None:
            printed = f"“{code}{name}”" if code or name else ""
            problems.append(Problem("unit", f"{label}：表中的单位{printed}不是已有单位，请选择导入到您的哪个单位"))
            if (code or name) and f"{code}{name}" not in summary.missing_units:
                summary.missing_units.append(f"{code}{name}")
        return unit
    if not code and name:
        unit = db.session.scalar(select(Unit).where(Unit.name == name))
        if unit is None:
            problems.append(Problem("unit", f"{label}：单位行“{name}”没有单位编码，请指定单位（--unit）"))
        return unit
    if not code:
        problems.append(Problem("unit", f"{label}：没有单位行（如“304001某某单位”），请指定单位（--unit）"))
        return None
    try:
        unit, created = ensure_unit(code, name or code)
    except DomainError as err:
        problems.extend(Problem("unit", f"{label}：单位行“{code}{name}”：{p.message}") for p in err.problems)
        return None
    if created:
        summary.units_created.append(unit.label)
    return unit


def _store_department(data: dict, index: int, summary: ImportSummary, *, year, forced, update) -> None:
    """Store the department part, or say why not; it never blocks the projects."""
    data = dict(data, year=year if year is not None else data.get("year"))
    if forced is not None:
        data["unit"] = {"code": forced.code, "name": forced.name}
    unit_line = data.get("unit") or {}
    if not unit_line.get("code") or data["year"] is None:
        summary.warnings.append("部门整体绩效目标未导入：无法确定其单位或年度")
        return
    unit = find_unit(unit_line["code"])
    exists = unit is not None and db.session.scalar(
        select(DepartmentGoals.id).where(DepartmentGoals.unit_id == unit.id, DepartmentGoals.year == data["year"])
    )
    if exists and not update:
        summary.warnings.append(f"部门整体绩效目标（{data['year']} {unit.code}）已存在，未更新")
        return
    save_department(data, index)
    summary.departments += 1
