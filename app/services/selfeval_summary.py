"""The 自评 summary one page at a time: counted and ordered in SQL, only the page's lines checked.

``selfeval.summary`` builds every line of a year (the Excel file, ``jixiao``); the page needs only
its own. Ordered by code, name or status (or not at all), the database orders and pages the
projects and only the page's lines are drawn. Ordered by a scored figure (rate,
score, grade, unmet, missing), the database orders by the figures stored with each entry
(``app.services.score_figures``); entries whose figures are stale are rescored first while few
(``score_figures.INLINE``), else they are listed last and the page says how many await the rescore
job. A fresh entry's line is read from what is stored with it (``score_figures.stored_line``); only
stale entries are checked by the rules. The lines and their order are ``selfeval.summary``'s
(``tests/selfeval/test_summary_page.py``, ``tests/selfeval/test_stored_lines.py``).
"""

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import contains_eager

from app.domain.yearend import NOT_ENTERED, STATUS_LABELS
from app.extensions import db
from app.models import Indicator, IndicatorEvaluation, Project, ProjectEvaluation, ProjectGoal, ProjectRollup, Unit
from app.services import listing, schemes, score_figures, transaction
from app.services.selfeval import SummaryRow, _not_entered_row, _summary_row, _year_end

SCORED = ("rate", "score", "grade", "unmet", "missing")


@dataclass(frozen=True)
class SummaryPage(listing.Page[SummaryRow]):
    """A page of the summary; ``stale``: entries whose figures await a rescore (listed last meanwhile)."""

    stale: int = 0


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
         per_page: int = listing.PER_PAGE) -> SummaryPage:
    """The summary lines of page ``page_number`` and how many projects the summary has."""
    unit_id = unit.id if unit is not None else None
    if sort in SCORED:
        return _scored_page(year, unit_id, sort, descending, page_number, per_page)
    count = int(db.session.scalar(listing.rolled_up((ProjectRollup.projects,), year, unit_id=unit_id)) or 0)
    number = listing.clamp(page_number, count, per_page)
    ids = list(db.session.scalars(
        listing.filter_projects(
            select(Project.id).outerjoin(ProjectEvaluation, ProjectEvaluation.project_id == Project.id), year, unit_id=unit_id
        )
        .order_by(*_order(sort, descending))
        .offset((number - 1) * per_page)
        .limit(per_page)
    ))
    return SummaryPage(lines(ids, per_page), count, number, per_page)


def _scored_page(year, unit_id, sort, descending, page_number, per_page) -> SummaryPage:
    """Ordered by a stored figure (``score_figures``) in SQL; stale entries rescored first while few."""
    stale = score_figures.stale_count(year, unit_id=unit_id)
    if 0 < stale <= score_figures.INLINE:
        with transaction():  # derived figures, kept: the next view finds them stored
            ids = list(db.session.scalars(score_figures.stale_scope(year, unit_id=unit_id)))
            score_figures.store({row.project_id: row for row in lines_of(ids)}, ids, only_stale=True)
        stale = score_figures.stale_count(year, unit_id=unit_id)
    count = int(db.session.scalar(listing.rolled_up((ProjectRollup.projects,), year, unit_id=unit_id)) or 0)
    number = listing.clamp(page_number, count, per_page)
    key = _figure(sort)
    ids = list(db.session.scalars(
        listing.filter_projects(
            select(Project.id).outerjoin(ProjectEvaluation, ProjectEvaluation.project_id == Project.id), year, unit_id=unit_id
        )
        # selfeval.summary's order: the lines with a figure by it (a stable sort keeps unit and id
        # order among equals, either way), then those without one in unit and id order.
        .order_by(key.is_(None), key.desc() if descending else key.asc(), Project.unit_id, Project.id)
        .offset((number - 1) * per_page)
        .limit(per_page)
    ))
    return SummaryPage(lines(ids, per_page), count, number, per_page, stale=stale)


def _figure(sort: str):
    """The stored figure of ``SORT_KEYS[sort]``; a project with no entry: what a blank line gives (0 unmet, 0 missing)."""
    entered = ProjectEvaluation.id.is_not(None)
    if sort == "grade":  # "差中良优".index(grade)
        return case(*((ProjectEvaluation.grade == g, n) for n, g in enumerate("差中良优")), else_=None)
    if sort in ("unmet", "missing"):
        # A stale entry's NULL stays NULL (listed after the others, and the page says so).
        return case((entered, getattr(ProjectEvaluation, sort)), else_=0)
    return getattr(ProjectEvaluation, sort)


def lines(ids: list[int], per_page: int = listing.PER_PAGE) -> list[SummaryRow]:
    """The summary lines of the projects ``ids`` (a page), in that order; the ids are padded to the page size.

    A fresh entry's line is read from its stored figures (``score_figures.stored_line``); only stale
    ones are checked.
    """
    if not ids:
        return []
    found = {row.project_id: row for row in _lines(listing.padded(ids, per_page), stored=True)}
    return [found[i] for i in ids]


def lines_of(ids: list[int]) -> list[SummaryRow]:
    """The lines of the projects ``ids`` in no particular order, every entry checked (a rescore's batch)."""
    return _lines(ids) if ids else []


def _lines(scope: list[int], stored: bool = False) -> list[SummaryRow]:
    """The lines of the projects ``scope``: entries checked (or, ``stored``, read when fresh), the others blank.

    The same queries whatever the mix (the checked and blank ones' look-ups padded to the scope's size).
    """
    projects = list(db.session.scalars(
        select(Project).join(Project.unit).options(contains_eager(Project.unit)).where(listing.in_scope(Project.id, scope))
    ))
    evaluations = {
        e.project_id: e
        for e in db.session.scalars(select(ProjectEvaluation).where(listing.in_scope(ProjectEvaluation.project_id, scope)))
    }
    fresh = {pid for pid, e in evaluations.items() if score_figures.is_fresh(e)} if stored else set()
    checked = [p for p in projects if p.id in evaluations and p.id not in fresh]
    checked_ids = listing.padded([p.id for p in checked], len(scope))
    blank_ids = listing.padded([p.id for p in projects if p.id not in evaluations], len(scope))
    entered = select(ProjectEvaluation.project_id).where(listing.in_scope(ProjectEvaluation.project_id, checked_ids))
    listing.attach(checked, "goals", ProjectGoal, ProjectGoal.project_id, entered, ProjectGoal.position, ProjectGoal.id)
    listing.attach(checked, "indicators", Indicator, Indicator.project_id, entered, Indicator.position, Indicator.id)
    listing.attach(
        [evaluations[p.id] for p in checked], "rows", IndicatorEvaluation, IndicatorEvaluation.evaluation_id,
        select(ProjectEvaluation.id).where(listing.in_scope(ProjectEvaluation.project_id, checked_ids)),
        IndicatorEvaluation.id,
    )
    counts = dict(db.session.execute(
        select(Indicator.project_id, func.count(Indicator.id))
        .where(listing.in_scope(Indicator.project_id, blank_ids))
        .group_by(Indicator.project_id)
    ).all())
    # Every entry's pair, as before: one query whenever the page has an entry, however many are fresh.
    live = schemes.schemes_for((p.unit_id, p.year) for p in projects if p.id in evaluations)
    return [
        score_figures.stored_line(p, evaluations[p.id]) if p.id in fresh
        else _summary_row(_year_end(p, evaluations[p.id], live=live[(p.unit_id, p.year)])) if p.id in evaluations
        else _not_entered_row(p, counts.get(p.id, 0))
        for p in projects
    ]


def build_summary_xlsx(year: int, unit: Unit | None = None, sort: str = "", descending: bool = False) -> bytes:
    """The whole year's 自评 summary as .xlsx (every line, streamed in write-only mode), for a download or a job."""
    from app.documents.selfeval_excel import summary_xlsx
    from app.documents.tables import join_words
    from app.services.selfeval import summary

    title = f"{year}年度{join_words(unit.name if unit else '', '项目支出绩效自评汇总表')}"
    return summary_xlsx(summary(year, unit, sort, descending), title)
