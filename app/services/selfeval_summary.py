"""The 自评 summary one page at a time: counted and ordered in SQL, only the page's lines checked.

``selfeval.summary`` builds every line of a year (the Excel file, ``jixiao``); the page needs only
its own. Ordered by code, name or status (or not at all), the database orders and pages the
projects and only the page's entries are checked and scored. Ordered by a scored figure (rate,
score, grade, unmet, missing), every project with an entry is scored (the figure exists only once
scored); the projects without one are listed by id (their lines are blank) and only the page's are
read. The lines and their order are ``selfeval.summary``'s (``tests/selfeval/test_summary_page.py``).
"""

from sqlalchemy import case, func, select
from sqlalchemy.orm import contains_eager

from app.domain.yearend import NOT_ENTERED, STATUS_LABELS
from app.extensions import db
from app.models import Indicator, IndicatorEvaluation, Project, ProjectEvaluation, ProjectGoal, Unit
from app.services import listing, schemes
from app.services.selfeval import SORT_KEYS, SummaryRow, _not_entered_row, _summary_row, _year_end

SCORED = ("rate", "score", "grade", "unmet", "missing")


def _collate(column):
    return column.collate("C") if db.session.get_bind().dialect.name == "postgresql" else column


def _order(sort: str, descending: bool) -> list:
    """ORDER BY giving ``selfeval.summary``'s order for the sorts the database can do."""
    status = case(STATUS_LABELS, value=ProjectEvaluation.status, else_=NOT_ENTERED)
    key = {
        "code": func.coalesce(Project.code, ""),
        "name": Project.name,
        "status": case((ProjectEvaluation.id.is_(None), NOT_ENTERED), else_=status),
    }.get(sort)
    tail = [Project.unit_id, Project.id]
    if key is None:
        return tail
    key = _collate(key)
    return [key.desc() if descending else key.asc(), *tail]


def page(year: int, unit: Unit | None = None, sort: str = "", descending: bool = False, page_number: int = 1,
         per_page: int = listing.PER_PAGE) -> listing.Page[SummaryRow]:
    """The summary lines of page ``page_number`` and how many projects the summary has."""
    unit_id = unit.id if unit is not None else None
    if sort in SCORED:
        return _scored_page(year, unit_id, sort, descending, page_number, per_page)
    count = db.session.scalar(listing.filter_projects(select(func.count(Project.id)), year, unit_id=unit_id)) or 0
    number = listing.clamp(page_number, count, per_page)
    ids = list(db.session.scalars(
        listing.filter_projects(
            select(Project.id).outerjoin(ProjectEvaluation, ProjectEvaluation.project_id == Project.id), year, unit_id=unit_id
        )
        .order_by(*_order(sort, descending))
        .offset((number - 1) * per_page)
        .limit(per_page)
    ))
    return listing.Page(lines(ids, per_page), count, number, per_page)


def _scored_page(year, unit_id, sort, descending, page_number, per_page) -> listing.Page[SummaryRow]:
    entered = select(ProjectEvaluation.project_id).join(Project, Project.id == ProjectEvaluation.project_id)
    entered = listing.filter_projects(entered, year, unit_id=unit_id)
    scored = {row.project_id: row for row in _lines(entered)}
    order = db.session.scalars(
        listing.filter_projects(select(Project.id), year, unit_id=unit_id).order_by(Project.unit_id, Project.id)
    ).all()
    key = SORT_KEYS[sort]
    blank = key(_BLANK)  # a line without an entry: no rate, score or grade; nothing unmet or missing
    keyed = [(i, key(scored[i]) if i in scored else blank) for i in order]
    known = sorted((item for item in keyed if item[1] is not None), key=lambda item: item[1], reverse=descending)
    ordered = [i for i, _ in known] + [i for i, k in keyed if k is None]
    number = listing.clamp(page_number, len(ordered), per_page)
    shown = ordered[(number - 1) * per_page:number * per_page]
    missing = [i for i in shown if i not in scored]
    found = {row.project_id: row for row in lines(missing, per_page)} | scored
    return listing.Page([found[i] for i in shown], len(ordered), number, per_page)


_BLANK = SummaryRow(0, "", "", NOT_ENTERED, None, None, None, None, "", 0, 0, (), False)


def lines(ids: list[int], per_page: int = listing.PER_PAGE) -> list[SummaryRow]:
    """The summary lines of the projects ``ids`` (a page), in that order; the ids are padded to the page size."""
    if not ids:
        return []
    found = {row.project_id: row for row in _lines(listing.padded(ids, per_page))}
    return [found[i] for i in ids]


def _lines(scope) -> list[SummaryRow]:
    """The lines of the projects in ``scope`` (ids, or a SELECT of ids): entries checked, the others blank."""
    projects = list(db.session.scalars(
        select(Project).join(Project.unit).options(contains_eager(Project.unit)).where(listing.in_scope(Project.id, scope))
    ))
    evaluations = {
        e.project_id: e
        for e in db.session.scalars(select(ProjectEvaluation).where(listing.in_scope(ProjectEvaluation.project_id, scope)))
    }
    with_entry = [p for p in projects if p.id in evaluations]
    entered = select(ProjectEvaluation.project_id).where(listing.in_scope(ProjectEvaluation.project_id, scope))
    listing.attach(with_entry, "goals", ProjectGoal, ProjectGoal.project_id, entered, ProjectGoal.position, ProjectGoal.id)
    listing.attach(with_entry, "indicators", Indicator, Indicator.project_id, entered, Indicator.position, Indicator.id)
    listing.attach(
        evaluations.values(), "rows", IndicatorEvaluation, IndicatorEvaluation.evaluation_id,
        select(ProjectEvaluation.id).where(listing.in_scope(ProjectEvaluation.project_id, scope)), IndicatorEvaluation.id,
    )
    counts = dict(db.session.execute(
        select(Indicator.project_id, func.count(Indicator.id))
        .where(listing.in_scope(Indicator.project_id, scope))
        .group_by(Indicator.project_id)
    ).all())
    live = schemes.schemes_for((p.unit_id, p.year) for p in with_entry)
    return [
        _summary_row(_year_end(p, evaluations[p.id], live=live[(p.unit_id, p.year)]))
        if p.id in evaluations else _not_entered_row(p, counts.get(p.id, 0))
        for p in projects
    ]


def build_summary_xlsx(year: int, unit: Unit | None = None, sort: str = "", descending: bool = False) -> bytes:
    """The whole year's 自评 summary as .xlsx (every line, streamed in write-only mode), for a download or a job."""
    from app.documents.selfeval_excel import summary_xlsx
    from app.documents.tables import join_words
    from app.services.selfeval import summary

    title = f"{year}年度{join_words(unit.name if unit else '', '项目支出绩效自评汇总表')}"
    return summary_xlsx(summary(year, unit, sort, descending), title)
