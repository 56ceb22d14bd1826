"""The 自评 summary's figures stored with each evaluation, kept true by every write (issue 14 point 3).

``project_evaluation`` carries the figures the summary sorts by (rate, score, grade, unmet, missing;
``selfeval.SORT_KEYS``), so the summary orders and pages in SQL, and the rest of a line (the missing
reasons' texts, complete, the indicator count), so a fresh entry's line is read back from its row
(``stored_line``) instead of checked again. A line's figures depend on the
entry, on the project's table (``selfeval.facts_of``: budget, year, name, goals, indicators) and, for
an editable entry, on its unit's scheme of the year. Rather than trusting each write path to
remember, a flush listener notes every project whose entry, table or scheme changed, and before the
transaction commits its entries are rescored in that same transaction (up to ``INLINE`` of them);
beyond that they are marked stale (``scored_at`` NULL, the figures NULL) for a rescore job
(``job_kinds.selfeval_rescore``). A stored figure is never one the rules would not give now.
"""

import json
import logging
from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import bindparam, event, func, inspect, select, update
from sqlalchemy.orm import Session

from app.domain import workflow
from app.extensions import db
from app.models import Indicator, IndicatorEvaluation, Project, ProjectEvaluation, ProjectGoal
from app.models.evaluations import FIGURES
from app.models.schemes import SchemeChoice
from app.models.types import utcnow
from app.services import jobs, listing, refresh_statistics, transaction
from app.services.jobs import Context, kind

log = logging.getLogger(__name__)

INLINE = 200  # entries rescored inside the writing transaction; more are left stale for a job
BATCH = 500  # entries a rescore reads and writes at a time (bounded memory, n of N progress)
EDITABLE = sorted(state.value for state in workflow.EDITABLE)

# What a line reads of the project's own row (selfeval.facts_of); its status or version does not count.
_PROJECT_FACTS = ("budget_total", "budget_fiscal", "budget_other", "year", "name", "code", "unit_id")
_SKIPPED = frozenset({*FIGURES, "version", "updated_at", "created_at"})
_NOTED = "score_figures"  # session.info key: {"projects": set(), "evaluations": set(), "schemes": set()}


# -- what changed, noted at each flush ------------------------------------------------------------


def _note_changes(session: Session, flush_context, instances) -> None:
    noted = None
    for obj, state in _changed(session):
        pair = _affected(obj, state)
        if pair is None:
            continue
        noted = noted or session.info.setdefault(_NOTED, {"projects": set(), "evaluations": set(), "schemes": set()})
        kind, values = pair
        noted[kind].update(v for v in values if v is not None)


def _changed(session: Session):
    for obj in session.new:
        yield obj, "new"
    for obj in session.dirty:
        yield obj, "dirty"
    for obj in session.deleted:
        yield obj, "deleted"


def _affected(obj, state: str):
    """("projects"|"evaluations"|"schemes", keys) whose lines ``obj``'s change may alter, or None."""
    if isinstance(obj, ProjectEvaluation):
        if state == "dirty" and not _modified(obj, exclude=_SKIPPED):
            return None  # only its figures (or version) written
        return "projects", _values(obj, "project_id")
    if isinstance(obj, IndicatorEvaluation):
        return "evaluations", _values(obj, "evaluation_id") | _parent_id(obj, "evaluation")
    if isinstance(obj, Project):
        if state == "dirty" and not _modified(obj, only=_PROJECT_FACTS):
            return None
        return "projects", {obj.id}
    if isinstance(obj, (Indicator, ProjectGoal)):
        if state == "dirty" and not _modified(obj, exclude=frozenset({"created_at", "updated_at"})):
            return None
        return "projects", _values(obj, "project_id") | _parent_id(obj, "project")
    if isinstance(obj, SchemeChoice):
        years = _values(obj, "year")
        return "schemes", {(unit, year) for unit in _values(obj, "unit_id") for year in years}
    return None


def _modified(obj, *, exclude=frozenset(), only=None) -> bool:
    attrs = inspect(obj).attrs
    keys = only if only is not None else [a.key for a in inspect(type(obj)).column_attrs if a.key not in exclude]
    return any(attrs[key].history.has_changes() for key in keys)


def _parent_id(obj, relationship: str) -> set:
    """The id of the parent ``obj`` is attached to (not yet in its foreign key before the flush), without loading it."""
    parent = inspect(obj).attrs[relationship].loaded_value
    return {parent.id} if isinstance(parent, (Project, ProjectEvaluation)) and parent.id is not None else set()


def _values(obj, key: str) -> set:
    """The attribute's value now and before the change."""
    history = inspect(obj).attrs[key].history
    return {v for v in (*history.added, *history.unchanged, *history.deleted, getattr(obj, key, None)) if v is not None}


def _settle(session: Session) -> None:
    """Before the commit: rescore the noted entries in this transaction, or mark them stale when many."""
    session.flush()  # the commit's own flush comes after this hook: note its changes now
    noted = session.info.pop(_NOTED, None)
    if not noted:
        return
    ids = _entries_of(session, noted)
    if not ids:
        return
    if len(ids) <= INLINE:
        try:
            rows = _computed(ids)
        except Exception:  # noqa: BLE001  (a line the rules cannot draw must not stop the user's save)
            log.exception("rescoring %d entries failed; they are left stale", len(ids))
        else:
            store(rows, ids)
            return
    forget(ids)


def _entries_of(session: Session, noted: dict) -> list[int]:
    """The project ids of the entries noted: directly, by an entry's rows, or by a scheme change.

    By chunks of ids (a province's ``jixiao load --update`` notes 50,000 projects; PostgreSQL binds
    at most 65,535 parameters a statement).
    """
    found: set[int] = set()
    entry = ProjectEvaluation.project_id
    for column, keys in ((ProjectEvaluation.project_id, noted["projects"]), (ProjectEvaluation.id, noted["evaluations"])):
        keys = sorted(keys)
        for start in range(0, len(keys), BATCH):
            found.update(session.scalars(select(entry).where(column.in_(keys[start:start + BATCH]))))
    for unit_id, year in sorted(noted["schemes"]):
        # The unit's editable entries follow its scheme; submitted and approved ones keep their own.
        found.update(session.scalars(
            select(entry).join(Project, Project.id == entry)
            .where(Project.unit_id == unit_id, Project.year == year, ProjectEvaluation.status.in_(EDITABLE))
        ))
    return sorted(found)


def _forget_noted(session: Session, *args) -> None:
    session.info.pop(_NOTED, None)


def install() -> None:
    """Listen to flushes and commits once per process."""
    if event.contains(Session, "before_flush", _note_changes):
        return
    event.listen(Session, "before_flush", _note_changes)
    event.listen(Session, "before_commit", _settle)
    event.listen(Session, "after_soft_rollback", _forget_noted)


# -- scoring and storing ---------------------------------------------------------------------------


def _computed(project_ids: list[int]) -> dict:
    from app.services.selfeval_summary import lines_of  # the summary's own lines (it imports this module)

    return {row.project_id: row for row in lines_of(project_ids)}


def figures(row) -> dict:
    """A summary line's stored figures (``SORT_KEYS``' values, the grade as its letter)."""
    return {
        "rate": row.rate, "score": row.score, "grade": row.grade or None,
        "unmet": row.unmet, "missing": len(row.missing_reasons),
    }


def _line(row) -> str:
    """What a line needs beyond its sort figures, as JSON (``stored_line`` reads it back).

    The rate and score as the rules wrote them: the numeric columns pad them (85.5 would read 85.500000).
    """
    return json.dumps({
        "rate": _text(row.rate), "score": _text(row.score), "missing_reasons": list(row.missing_reasons),
        "complete": row.complete, "indicators": row.indicators,
    }, ensure_ascii=False)


def _text(number: Decimal | None) -> str | None:
    return None if number is None else str(number)


def _number(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def stored_line(project: Project, evaluation: ProjectEvaluation):
    """The summary line of a fresh entry (``is_fresh``) from stored columns only: what checking it gives."""
    from app.services.selfeval import stored_row

    line = json.loads(evaluation.line)
    return stored_row(
        project, evaluation, rate=_number(line["rate"]), score=_number(line["score"]), grade=evaluation.grade or "",
        indicators=line["indicators"], unmet=evaluation.unmet,
        missing_reasons=tuple(line["missing_reasons"]), complete=line["complete"],
    )


def is_fresh(evaluation: ProjectEvaluation) -> bool:
    """Whether the entry's line can be read from its row (scored, with the whole line stored)."""
    return evaluation.scored_at is not None and evaluation.line is not None


def store(rows: dict, project_ids: Iterable[int], *, only_stale: bool = False) -> None:
    """Write the lines' figures onto their entries (plain statements: derived, not an edit of the entry).

    ``only_stale``: fill only entries still stale (a job's batch must not overwrite figures a save
    stored since the job read its entries).
    """
    now = utcnow()
    params = [{"pid": pid, "scored_at": now, **figures(rows[pid]), "line": _line(rows[pid])} for pid in project_ids if pid in rows]
    if params:
        db.session.execute(_update_by_project(only_stale), params)


def _update_by_project(only_stale: bool):
    table = ProjectEvaluation.__table__
    stmt = update(table).where(table.c.project_id == bindparam("pid"))
    if only_stale:
        stmt = stmt.where(table.c.scored_at.is_(None))
    return (
        stmt
        .values(
            scored_at=bindparam("scored_at"), rate=bindparam("rate"), score=bindparam("score"),
            grade=bindparam("grade"), unmet=bindparam("unmet"), missing=bindparam("missing"),
            line=bindparam("line"),
            updated_at=table.c.updated_at,  # the entry itself did not change
        )
    )


def forget(project_ids: list[int]) -> None:
    """Mark the entries of ``project_ids`` stale: no figure rather than a wrong one, until rescored."""
    table = ProjectEvaluation.__table__
    for start in range(0, len(project_ids), BATCH):
        db.session.execute(
            update(table).where(table.c.project_id.in_(project_ids[start:start + BATCH]))
            .values(**{key: None for key in FIGURES}, updated_at=table.c.updated_at)
        )


# -- stale entries and their rescoring -------------------------------------------------------------


def stale_scope(year: int | None = None, unit_ids: frozenset[int] | None = None, unit_id: int | None = None):
    """``SELECT project_id`` of the stale entries of a year (and units)."""
    scope = listing.project_scope(year, unit_ids, unit_id)
    return select(ProjectEvaluation.project_id).where(
        ProjectEvaluation.scored_at.is_(None), listing.in_scope(ProjectEvaluation.project_id, scope)
    )


def stale_count(year: int | None = None, unit_ids: frozenset[int] | None = None, unit_id: int | None = None) -> int:
    return db.session.scalar(select(func.count()).select_from(stale_scope(year, unit_ids, unit_id).subquery())) or 0


def rescore(year: int | None = None, unit_ids: frozenset[int] | None = None, unit_id: int | None = None,
            progress=None) -> int:
    """Rescore every stale entry of a year (and units) in batches, one transaction each; how many were."""
    ids = list(db.session.scalars(stale_scope(year, unit_ids, unit_id).order_by(ProjectEvaluation.project_id)))
    db.session.rollback()  # end the reading transaction: each batch is its own
    total = len(ids)
    if progress:
        progress(0, total)
    for start in range(0, total, BATCH):
        batch = ids[start:start + BATCH]
        with transaction():
            store(_computed(batch), batch, only_stale=True)
        if progress:
            progress(min(start + BATCH, total), total)
    refresh_statistics(ProjectEvaluation.__tablename__, total)
    return total


# -- the rescore job ---------------------------------------------------------------------------------

RESCORE = "selfeval_rescore"  # the job kind (app.services.job_kinds)


@kind(RESCORE, "自评得分重算")
def rescore_kind(job: Context) -> dict:
    """Rescore a year's (and unit's) stale year-end entries, in batches (n of N entries)."""
    from app.domain.access import Permission, allows, visible_units
    from app.domain.errors import DomainError
    from app.services import accounts

    year, unit_id = int(job.params["year"]), job.params.get("unit_id")
    principal = accounts.principal(job.user)
    # Derived figures only, nothing shown: whoever sets schemes (an administrator) or reads the projects may.
    if allows(principal, Permission.UNIT_MANAGE):
        scope = None
    elif allows(principal, Permission.PROJECT_READ):
        scope = visible_units(principal, Permission.PROJECT_READ)
    else:
        raise DomainError("您已没有执行此任务的权限")
    if unit_id is not None and scope is not None and unit_id not in scope:
        raise DomainError("您无权重算该单位的自评得分")
    job.progress(0, 0, "正在重算自评得分")
    done = rescore(year, scope, unit_id, progress=job.progress)
    job.message = f"已重算 {done} 个项目的自评得分"
    return {"rescored": done}


def rescore_job(year: int, unit_id: int | None = None):
    """The queued or running rescore job covering a year (and unit), with its live progress; None if there is none."""
    from app.models.jobs import QUEUED, RUNNING, Job

    rows = db.session.scalars(
        select(Job).where(Job.kind == RESCORE, Job.status.in_((QUEUED, RUNNING))).order_by(Job.created_at.desc())
    ).all()
    for job in rows:
        params = job.params or {}
        if params.get("year") == year and params.get("unit_id") in (None, unit_id):
            db.session.expunge(job)
            live = jobs.live_progress().read(job.id)
            if live is not None:
                job.done, job.total, job.message = live
            return job
    return None


def start_rescore(year: int, unit_id: int | None, user, address: str = ""):
    """Start a rescore job of a year's (and unit's) stale entries for ``user``, unless one already covers them."""
    running = rescore_job(year, unit_id)
    if running is not None:
        return running
    return jobs.submit(RESCORE, {"year": year, "unit_id": unit_id}, user, address=address)
