"""Projects: list, create, update, delete, copy to the next year."""

from dataclasses import dataclass, replace
from decimal import Decimal
from functools import partial

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, selectinload
from sqlalchemy.orm.exc import StaleDataError

from app.domain.audit import action_label, field_label, type_label
from app.domain.errors import ConflictError, DomainError
from app.domain.projects import (
    CheckpointDraft,
    IndicatorDraft,
    Problem,
    ProjectDraft,
    Review,
    next_year_target,
    review_project,
)
from app.domain.targets import Kind, parse_target
from app.domain.workflow import STATE_LABELS, is_editable, state_of
from app.extensions import db
from app.models import Indicator, Project, ProjectGoal, ProjectRollup, SpendingCheckpoint, Unit
from app.services import audit, listing, project_rows, transaction
from app.services.sync import sync_by_position


@dataclass(frozen=True)
class ProjectList:
    projects: list[Project]  # this page's
    count: int  # every matching project
    budget_total: Decimal
    budget_fiscal: Decimal
    budget_other: Decimal
    indicator_counts: dict[int, int]  # this page's projects
    indicator_total: int = 0  # every matching project's
    page: int = 1
    per_page: int = listing.PER_PAGE

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.per_page))


def list_projects(
    year: int | None = None,
    unit_id: int | None = None,
    query: str = "",
    unit_ids: frozenset[int] | None = None,
    page: int = 1,
    per_page: int = listing.PER_PAGE,
) -> ProjectList:
    """One page of the projects matching the filters, with counts and budget totals of all of them.

    ``unit_ids`` limits the list to those units (None: every unit). Two queries whatever the size: the
    totals (count, budgets and indicators summed, from ``ix_project_list`` alone on PostgreSQL) and the
    page with its units (each project's indicator count is a column, ``Project.indicator_count``).
    """
    filters = (year, unit_ids, unit_id, query)
    totals = list_totals(*filters)
    page = listing.clamp(page, totals.count, per_page)
    stmt = (
        listing.filter_projects(select(Project).join(Project.unit), *filters)
        .options(contains_eager(Project.unit))
        .order_by(*LIST_ORDER)
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    rows = list(db.session.scalars(stmt))
    return ProjectList(
        projects=rows,
        count=totals.count,
        budget_total=totals.budget_total,
        budget_fiscal=totals.budget_fiscal,
        budget_other=totals.budget_other,
        indicator_counts={project.id: project.indicator_count for project in rows},
        indicator_total=totals.indicators,
        page=page,
        per_page=per_page,
    )


# The project list's order (the page's and the workbook's; ``ix_project_list`` reads it in order).
LIST_ORDER = (Project.year.desc(), Project.unit_id, Project.id)


@dataclass(frozen=True)
class ListTotals:
    count: int
    budget_total: Decimal
    budget_fiscal: Decimal
    budget_other: Decimal
    indicators: int


def list_totals(year=None, unit_ids=None, unit_id=None, query: str = "") -> ListTotals:
    """How many projects match the filters, their budgets and indicators summed in SQL (one query).

    Without a search, from the rollup (``project_rollup``: one row per unit and year); with one, over the
    matching projects.
    """
    if not query.strip():
        totals = db.session.execute(listing.rolled_up(
            (ProjectRollup.projects, ProjectRollup.budget_total, ProjectRollup.budget_fiscal, ProjectRollup.budget_other,
             ProjectRollup.indicators), year, unit_ids, unit_id,
        )).one()
        return ListTotals(
            count=int(totals[0] or 0),
            budget_total=listing.money(totals[1]),
            budget_fiscal=listing.money(totals[2]),
            budget_other=listing.money(totals[3]),
            indicators=int(totals[4] or 0),
        )
    totals = db.session.execute(
        listing.filter_projects(
            select(
                func.count(Project.id),
                listing.exact_money_sum(Project.budget_total),
                listing.exact_money_sum(Project.budget_fiscal),
                listing.exact_money_sum(Project.budget_other),
                func.coalesce(func.sum(Project.indicator_count), 0),
            ),
            year, unit_ids, unit_id, query,
        )
    ).one()
    return ListTotals(
        count=totals[0] or 0,
        budget_total=listing.money(totals[1]),
        budget_fiscal=listing.money(totals[2]),
        budget_other=listing.money(totals[3]),
        indicators=int(totals[4] or 0),
    )


@dataclass(frozen=True)
class ListedProject:
    """One line of the whole project list (the workbook's)."""

    year: int
    unit_code: str
    unit_name: str
    code: str | None
    name: str
    budget_total: Decimal
    budget_fiscal: Decimal
    budget_other: Decimal
    indicators: int
    status: str


def listed_projects(year=None, unit_ids=None, unit_id=None, query: str = "", batch: int = 1000):
    """Every project matching the filters, in the page's order, read ``batch`` lines at a time (a generator).

    One statement whatever the size (no id is bound), streamed from the database rather than loaded whole.
    """
    stmt = listing.filter_projects(
        select(
            Project.year, Unit.code, Unit.name, Project.code, Project.name, Project.budget_total,
            Project.budget_fiscal, Project.budget_other, Project.indicator_count, Project.status,
        ).join(Unit, Project.unit_id == Unit.id),
        year, unit_ids, unit_id, query,
    ).order_by(*LIST_ORDER)
    for row in db.session.execute(stmt.execution_options(yield_per=batch)):
        yield ListedProject(*row)


def list_title(year: int | None, unit: Unit | None, query: str = "") -> str:
    """The project list's workbook title: its year, unit and search."""
    searched = f"（搜索“{query.strip()}”）" if query.strip() else ""
    return f"{f'{year} 年度' if year else '各年度'}{unit.label if unit else '全部单位'}项目清单{searched}"


def list_filename(year: int | None, unit: Unit | None) -> str:
    return f"{year or '各'}年度项目清单_{unit.code if unit else '全部单位'}.xlsx"


def build_list_xlsx(year: int | None, unit: Unit | None, query: str, unit_ids: frozenset[int] | None) -> bytes:
    """The whole project list (the page's filters) as .xlsx, streamed in write-only mode: for a download or a job."""
    from app.documents.project_list_excel import project_list_xlsx

    filters = (year, unit_ids, unit.id if unit else None, query)
    return project_list_xlsx(listed_projects(*filters), list_totals(*filters), list_title(year, unit, query))


def get_project(project_id: int) -> Project | None:
    """Load a project with everything its table shows, in a fixed number of queries."""
    stmt = (
        select(Project)
        .where(Project.id == project_id)
        .options(
            selectinload(Project.unit),
            selectinload(Project.goals),
            selectinload(Project.checkpoints),
            selectinload(Project.indicators),
        )
    )
    return db.session.scalar(stmt)


def unit_of(project_id: int) -> int | None:
    """The unit a project belongs to (None when there is no such project)."""
    return db.session.scalar(select(Project.unit_id).where(Project.id == project_id))


def long_term_goals_of(project: Project) -> tuple[str, ...]:
    """A project's 中长期目标 as items (stored one per line)."""
    return tuple(line for line in (project.long_term_goals or "").split("\n") if line.strip())


def draft_of(project: Project) -> ProjectDraft:
    """Describe a stored project as a draft (for forms and copies)."""
    return ProjectDraft(
        year=project.year,
        code=project.code,
        name=project.name,
        budget_total=project.budget_total,
        budget_fiscal=project.budget_fiscal,
        budget_other=project.budget_other,
        purpose=project.purpose or "",
        goals=tuple(goal.text for goal in project.goals),
        long_term_goals=long_term_goals_of(project),
        checkpoints=tuple(CheckpointDraft(c.month, c.amount) for c in project.checkpoints),
        indicators=tuple(
            IndicatorDraft(
                level1=i.level1,
                level2=i.level2,
                name=i.name,
                description=i.description or "",
                target_text=i.target_text,
                basis=i.basis or "",
            )
            for i in project.indicators
        ),
    )


def create_project(unit: Unit, draft: ProjectDraft) -> tuple[Project, Review]:
    """Create a project from a valid draft; raise DomainError listing every problem otherwise."""
    with transaction():
        project, review = add_project(unit, draft)
    return project, review


def update_project(project: Project, draft: ProjectDraft, expected_version: int | None = None) -> Review:
    """Replace a project's table with the draft's, all or nothing.

    With ``expected_version`` (the version the editor opened), a project changed since
    by someone else is not overwritten: ConflictError says who changed what.
    """
    try:
        with transaction():
            _check_editable(project)
            if expected_version is not None and project.version != expected_version:
                raise _conflict(project, expected_version)
            review = check_draft(draft, unit_id=project.unit_id, project_id=project.id)
            apply_draft(project, draft)
    except StaleDataError:
        # Saved by someone else between our read and our write: the UPDATE found an older version.
        db.session.expire_all()
        raise _conflict(project, expected_version) from None
    return review


def delete_project(project: Project) -> None:
    """Delete a project with its goals, plan and indicators (not once approved)."""
    with transaction():
        _check_editable(project)
        db.session.delete(project)


def _check_editable(project: Project) -> None:
    if not is_editable(project.status):
        raise DomainError(
            f"项目“{project.name}”{STATE_LABELS[state_of(project.status)]}，不能修改或删除"
            + "；如需修改，请审核人员退回或重新打开"
        )


def _conflict(project: Project, version: int | None) -> ConflictError:
    """Say who changed the project since ``version``, when, and which fields."""
    events = [e for e in audit.changes_since(project, version) if e.action != "export"]
    lines = []
    for event in events:
        fields = sorted({field_label(c[0], event.object_type) for c in event.changes or []})
        what = type_label(event.object_type)
        if event.object_type != "Project":
            what += f"“{event.object_label}”"
        detail = f"{what}{'：' + '、'.join(fields) if fields else ''}"
        lines.append(f"{event.actor_name} 于 {audit.local_time(event.at)} {action_label(event.action)}{detail}")
    unique = list(dict.fromkeys(lines))[:12]
    head = "保存失败：您打开此页面后，该项目已被他人修改，您的修改尚未保存。"
    tail = "下面保留了您填写的内容，请核对后再次保存（再次保存将以您的内容为准）。"
    return ConflictError(head + ("；".join(unique) + "。" if unique else "") + tail, "version")


def copy_to_next_year(project: Project) -> Project:
    """Copy a project with its goals, plan and indicators into the following year.

    Deadlines move into the new year ("2024年12月底" → "2025年12月底"); one that cannot be
    moved is kept as written and named by ``deadline_notes``.
    """
    draft = replace(draft_of(project), year=project.year + 1)
    draft = replace(draft, indicators=tuple(
        replace(indicator, target_text=next_year_target(indicator.target_text, project.year)[0])
        for indicator in draft.indicators
    ))
    with transaction():
        if _duplicate(project.unit_id, draft, None):
            raise DomainError(
                f"{draft.year} 年度已有同编码或同名的项目“{draft.name}”，不能重复复制", "year"
            )
        copy = Project(unit_id=project.unit_id, year=draft.year)
        db.session.add(copy)
        apply_draft(copy, draft)
    return copy


def deadline_notes(project: Project) -> list[str]:
    """The indicators whose deadline falls before the project's year (after a copy: the ones to rewrite)."""
    notes = []
    for position, indicator in enumerate(project.indicators, start=1):
        try:
            target = parse_target(indicator.target_text, project.year)
        except ValueError:
            continue
        if target.kind is Kind.DEADLINE and target.deadline is not None and target.deadline.year < project.year:
            notes.append(
                f"第 {position} 行指标“{indicator.name}”的指标值“{indicator.target_text}”截止于 "
                f"{target.deadline.isoformat()}，早于 {project.year} 年度，请改写"
            )
    return notes


class Known:
    """The projects of the unit-years a bulk load touches: read once per unit and year, kept up to date.

    A load of many projects looks each one up (same code? same name?) here instead of in the
    database, so it needs no query (and no flush) per project. Projects added or changed during
    the load are recorded with ``add``/``changed``; an added one joins the look-ups as it is (a
    unit's look-ups are built once, not again per project added: that was quadratic in the unit's
    projects). Units the load has just created hold none (``created``: no query for them).
    """

    def __init__(self) -> None:
        self._projects: dict[tuple[int, int], list] = {}
        self._by_code: dict[tuple[int, int], dict] = {}
        self._new_units: set[int] = set()

    def created(self, unit_ids) -> None:
        """Units created in this transaction: they have no projects yet."""
        self._new_units.update(unit_ids)

    def projects(self, unit_id: int, year: int) -> list:
        key = (unit_id, year)
        if key not in self._projects:
            if unit_id in self._new_units:
                self._projects[key] = []
            else:
                stmt = select(Project).where(Project.unit_id == unit_id, Project.year == year).order_by(Project.id)
                self._projects[key] = list(db.session.scalars(stmt))
        return self._projects[key]

    def _index(self, unit_id: int, year: int) -> dict:
        key = (unit_id, year)
        if key not in self._by_code:
            index: dict = {}
            for project in self.projects(unit_id, year):
                _index_project(index, project)
            self._by_code[key] = index
        return self._by_code[key]

    def add(self, project) -> None:
        """A new project (a ``Project`` or a ``project_rows.NewProject``) of the load."""
        key = (project.unit_id, project.year)
        self.projects(*key).append(project)
        index = self._by_code.get(key)
        if index is not None:
            _index_project(index, project)  # as a rebuild would list it: last

    def changed(self, project: Project) -> None:
        self._by_code.pop((project.unit_id, project.year), None)  # rebuilt at the next look-up

    def duplicate(self, unit_id: int, draft: ProjectDraft, project_id: int | None) -> Project | None:
        index = self._index(unit_id, draft.year)
        if draft.code:
            found = index.get(("code", draft.code), [])
        else:
            found = [p for p in index.get(("name", draft.name), []) if p.code is None]
        return next((p for p in found if project_id is None or p.id != project_id), None)

    def namesake(self, unit_id: int, draft: ProjectDraft, project_id: int | None) -> Project | None:
        found = self._index(unit_id, draft.year).get(("name", draft.name.strip()), [])
        return next((p for p in found if project_id is None or p.id != project_id), None)


def _index_project(index: dict, project) -> None:
    index.setdefault(("code", project.code), []).append(project)
    index.setdefault(("name", project.name), []).append(project)


def add_project(
    unit: Unit, draft: ProjectDraft, *, strict_taxonomy: bool = True, known: Known | None = None
) -> tuple[Project, Review]:
    """Check and add a project inside the caller's transaction (``known``: a bulk load's look-ups)."""
    review = check_draft(draft, unit_id=unit.id, project_id=None, strict_taxonomy=strict_taxonomy, known=known)
    project = Project(unit_id=unit.id, year=draft.year)
    project.unit = unit
    db.session.add(project)
    apply_draft(project, draft)
    if known is not None:
        known.add(project)
    return project, review


def check_draft(
    draft: ProjectDraft, *, unit_id: int, project_id: int | None, strict_taxonomy: bool = True, known: Known | None = None
) -> Review:
    review = review_project(draft, strict_taxonomy=strict_taxonomy)
    errors = list(review.errors)
    duplicate = known.duplicate if known is not None else _duplicate
    if draft.code and duplicate(unit_id, draft, project_id):
        errors.append(Problem("code", f"本单位 {draft.year} 年度已有项目编码为 {draft.code} 的项目"))
    if errors:
        raise DomainError(errors)
    namesake = (known.namesake if known is not None else _namesake)(unit_id, draft, project_id)
    if namesake is not None:
        code = f"（项目编码 {namesake.code}）" if namesake.code else ""
        warning = Problem("name", f"本单位 {draft.year} 年度已有同名项目“{namesake.name}”{code}，请确认不是重复录入")
        review = replace(review, warnings=review.warnings + (warning,))
    return review


def _namesake(unit_id: int, draft: ProjectDraft, project_id: int | None) -> Project | None:
    """Another project of the unit and year with the same name (a warning: two projects may share a name)."""
    stmt = select(Project).where(
        Project.unit_id == unit_id, Project.year == draft.year, Project.name == draft.name.strip()
    )
    if project_id is not None:
        stmt = stmt.where(Project.id != project_id)
    return db.session.scalar(stmt.order_by(Project.id).limit(1))


def _duplicate(unit_id: int, draft: ProjectDraft, project_id: int | None) -> Project | None:
    """Find another project of the unit and year with the same code (or name when no code)."""
    stmt = select(Project).where(Project.unit_id == unit_id, Project.year == draft.year)
    if draft.code:
        stmt = stmt.where(Project.code == draft.code)
    else:
        stmt = stmt.where(Project.code.is_(None), Project.name == draft.name)
    if project_id is not None:
        stmt = stmt.where(Project.id != project_id)
    return db.session.scalar(stmt.limit(1))


def find_existing(unit_id: int, draft: ProjectDraft, known: Known | None = None) -> Project | None:
    """The stored project an imported draft stands for: same unit, year and code, or name without code."""
    return known.duplicate(unit_id, draft, None) if known is not None else _duplicate(unit_id, draft, None)


def apply_draft(project: Project, draft: ProjectDraft) -> None:
    """Copy a draft onto a project, reusing child rows by position so their ids stay stable.

    A submitted or approved project is not changed: only an identical draft passes (a
    re-run import or demo), anything else is refused.
    """
    if project.id is not None and not is_editable(project.status):
        if _same(project, draft):
            return
        _check_editable(project)
    # The values come from the row builder ``jixiao load``'s bulk path inserts too (app/services/project_rows.py).
    _fill(project, project_rows.project_values(draft))
    sync_by_position(project.goals, draft.goals, ProjectGoal, _set_goal)
    sync_by_position(project.checkpoints, project_rows.plan_of(draft), SpendingCheckpoint, _set_checkpoint)
    sync_by_position(project.indicators, draft.indicators, Indicator, partial(_set_indicator, year=draft.year))
    project.indicator_count = len(project.indicators)  # what the project list sums (no count of indicator rows)


def is_unchanged_by(project: Project, draft: ProjectDraft) -> bool:
    """Whether applying ``draft`` would leave the stored table as it is (``jixiao demo --reset`` lists the others)."""
    return _same(project, draft)


def _same(project: Project, draft: ProjectDraft) -> bool:
    """Whether applying ``draft`` would leave the stored table as it is."""
    wanted = replace(
        draft,
        code=(draft.code or "").strip() or None,
        name=draft.name.strip(),
        purpose=draft.purpose,
        long_term_goals=tuple(" ".join(g.split()) for g in draft.long_term_goals if g.strip()),
        checkpoints=tuple(c for c in draft.checkpoints if c.amount is not None),
        indicators=tuple(
            replace(i, level1=i.level1.strip(), level2=i.level2.strip(), name=i.name.strip(), target_text=i.target_text.strip())
            for i in draft.indicators
        ),
    )
    return draft_of(project) == wanted


def _fill(row, values: dict) -> None:
    for key, value in values.items():
        setattr(row, key, value)


def _set_goal(row: ProjectGoal, position: int, text: str) -> None:
    _fill(row, project_rows.goal_values(position, text))


def _set_checkpoint(row: SpendingCheckpoint, position: int, item: CheckpointDraft) -> None:
    _fill(row, project_rows.checkpoint_values(position, item))


def _set_indicator(row: Indicator, position: int, item: IndicatorDraft, *, year: int) -> None:
    _fill(row, project_rows.indicator_values(position, item, year))
