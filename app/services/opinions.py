"""审核意见 (issue 17): a reviewer's opinion on a row of a submitted table, the officer's answer.

Each opinion and answer is a row of ``review_opinion``; the audit trail records both against
the project, field by field, as it records every change.
"""

from app.domain.errors import DomainError
from app.domain.workflow import State
from app.extensions import db
from app.models import Project
from app.models.opinions import ReviewOpinion
from app.models.types import utcnow
from app.services import transaction

LIMIT = 2000


def add_opinion(project: Project, row: int | None, text: str, author_id: int | None) -> ReviewOpinion:
    """A reviewer's opinion on indicator ``row`` (1-based) or the whole table (None), while it is under review."""
    text = (text or "").strip()
    if project.status != State.SUBMITTED.value:
        raise DomainError("只能对已提交审核的项目填写审核意见", "text")
    if not text:
        raise DomainError("请填写审核意见", "text")
    if len(text) > LIMIT:
        raise DomainError(f"审核意见不能超过 {LIMIT} 字", "text")
    if row is not None and not 1 <= row <= len(project.indicators):
        raise DomainError(f"第 {row} 行指标不存在", "row")
    with transaction():
        opinion = ReviewOpinion(project_id=project.id, row=row, text=text, answer="", author_id=author_id,
                                field=f"indicators-{row - 1}" if row else "")
        db.session.add(opinion)
    return opinion


def answer_opinion(project: Project, opinion_id: int, answer: str, user_id: int | None) -> ReviewOpinion:
    """The officer's answer to an opinion of their project, once it is back with them (退回修改 or 草稿)."""
    answer = (answer or "").strip()
    opinion = db.session.get(ReviewOpinion, opinion_id)
    if opinion is None or opinion.project_id != project.id:
        raise DomainError("该审核意见不存在", "answer")
    if project.status not in (State.RETURNED.value, State.DRAFT.value):
        raise DomainError("项目退回修改后才能答复审核意见", "answer")
    if not answer:
        raise DomainError("请填写答复", "answer")
    if len(answer) > LIMIT:
        raise DomainError(f"答复不能超过 {LIMIT} 字", "answer")
    with transaction():
        opinion.answer = answer
        opinion.answered_by_id = user_id
        opinion.answered_at = utcnow()
    return opinion


def opinions_of(project: Project) -> list[ReviewOpinion]:
    """The opinions on a project, oldest first."""
    return list(project.opinions)
