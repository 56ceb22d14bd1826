"""The review cycle of projects: submit, approve, return, reopen (rules in app.domain.workflow)."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from app.domain.access import Principal
from app.domain.errors import ConflictError
from app.domain.workflow import Action, State, transition
from app.extensions import db
from app.models import AuditEvent, Project
from app.models.types import utcnow
from app.services import audit, quality, transaction

STEPS = tuple(a.value for a in Action)


def act(project: Project, action: str, principal: Principal, comment: str = "") -> State:
    """Take a workflow step as ``principal``; the audit trail records it with the comment.

    Who submitted is the project's own column (``submitted_by_id``), set here: the trail records
    the step, it does not decide the next one.
    """
    if Action(action) is Action.SUBMIT:
        quality.ensure_submittable(project)  # must-fix quality findings block submission (issue 17)
    try:
        with transaction():
            own = project.submitted_by_id is not None and project.submitted_by_id == principal.id
            target = transition(project.status, action, principal.roles, comment, own=own)
            audit.note(project, action, (comment or "").strip())
            project.status = target.value
            mark_step(project, action, principal.id)
    except StaleDataError:
        # Changed by someone else between this request's read and its write (two reviewers at once).
        db.session.expire_all()
        raise ConflictError("该项目刚被他人修改或审核，请刷新页面后重试") from None
    return target


def mark_step(subject, action: str, actor_id: int | None) -> None:
    """Set the workflow facts of a project or year end for a step taken by ``actor_id``."""
    now = utcnow()
    if Action(action) is Action.SUBMIT:
        subject.submitted_by_id, subject.submitted_at = actor_id, now
    else:
        subject.reviewed_by_id, subject.reviewed_at = actor_id, now


def last_step(project: Project, action: str | None = None) -> AuditEvent | None:
    """The latest workflow step of a project's target table (of one kind when ``action`` is given).

    For the page's account of the step (who, when, the comment); decisions read the columns.
    """
    # The year end's steps are recorded against the project too (object_type ProjectEvaluation).
    stmt = select(AuditEvent).where(
        AuditEvent.root_type == "Project", AuditEvent.root_id == project.id, AuditEvent.object_type == "Project"
    )
    stmt = stmt.where(AuditEvent.action == action) if action else stmt.where(AuditEvent.action.in_(STEPS))
    return db.session.scalar(stmt.order_by(AuditEvent.id.desc()).limit(1))


def queue(unit_ids: frozenset[int] | None) -> list[Project]:
    """Submitted projects waiting for review, of ``unit_ids`` (None: every unit), oldest unit first."""
    stmt = (
        select(Project)
        .where(Project.status == State.SUBMITTED.value)
        .options(selectinload(Project.unit))
        .order_by(Project.year.desc(), Project.unit_id, Project.id)
    )
    if unit_ids is not None:
        stmt = stmt.where(Project.unit_id.in_(sorted(unit_ids)))
    return list(db.session.scalars(stmt))
