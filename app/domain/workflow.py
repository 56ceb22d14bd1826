"""The review cycle of a submission: 草稿 → 已提交 → 已审核 (locked) or 退回.

Reusable: a project's target table goes through it, and so will the year-end
self-evaluation. The state codes are the ones ``app.domain.yearend`` uses.
"""

from dataclasses import dataclass
from enum import StrEnum

from app.domain.access import Role
from app.domain.errors import DomainError


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


STATE_LABELS = {State.DRAFT: "草稿", State.SUBMITTED: "已提交", State.APPROVED: "已审核", State.RETURNED: "退回"}

# While submitted the reviewer looks at it, once approved it is locked: only drafts and
# returned submissions can be changed or deleted.
EDITABLE = frozenset({State.DRAFT, State.RETURNED})


class Action(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    REOPEN = "reopen"


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[State]
    target: State
    role: Role
    label: str
    needs_comment: bool = False


TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in (
        Transition(Action.SUBMIT, frozenset({State.DRAFT, State.RETURNED}), State.SUBMITTED, Role.OFFICER, "提交审核"),
        Transition(Action.APPROVE, frozenset({State.SUBMITTED}), State.APPROVED, Role.REVIEWER, "审核通过"),
        Transition(Action.RETURN, frozenset({State.SUBMITTED}), State.RETURNED, Role.REVIEWER, "退回修改", True),
        # Reopening unlocks an approved submission; the reason reads like a return's comment.
        Transition(Action.REOPEN, frozenset({State.APPROVED}), State.RETURNED, Role.REVIEWER, "重新打开", True),
    )
}


def state_of(value: str | None) -> State:
    """Read a stored state; an empty one is a draft."""
    return State(value) if value else State.DRAFT


def is_editable(state: str | None) -> bool:
    return state_of(state) in EDITABLE


def available(state: str | None, roles) -> list[Transition]:
    """The steps a holder of ``roles`` can take from ``state``, in a fixed order."""
    current, held = state_of(state), set(roles)
    return [t for t in TRANSITIONS.values() if current in t.sources and t.role in held]


class StepRefused(DomainError):
    """A step that may not happen, and why (``reason``): "role", "state", "own" (one's own submission) or "comment"."""

    def __init__(self, message: str, reason: str, field: str = ""):
        super().__init__(message, field)
        self.reason = reason


# Separation of duties (GB/T 22239-2019 8.1.4.2 访问控制): who submitted does not approve or return.
JUDGEMENTS = frozenset({Action.APPROVE, Action.RETURN})


def transition(
    state: str | None, action: str, roles, comment: str = "", *, own: bool = False, subject: str = "项目"
) -> State:
    """Return the state after ``action``; raise DomainError if it may not happen.

    ``own`` says the one acting made the submission being judged (``subject`` names it).
    """
    try:
        step = TRANSITIONS[Action(action)]
    except ValueError:
        raise DomainError(f"未知的审核操作“{action}”") from None
    current = state_of(state)
    if step.role not in set(roles):
        raise StepRefused(f"只有{_role_name(step.role)}可以{step.label}", "role")
    if current not in step.sources:
        raise StepRefused(f"当前状态为“{STATE_LABELS[current]}”，不能{step.label}", "state")
    if own and step.action in JUDGEMENTS:
        raise StepRefused(f"不能审核本人提交的{subject}（提交与审核应由不同人员完成）", "own")
    if step.needs_comment and not (comment or "").strip():
        raise StepRefused(f"{step.label}请填写理由", "comment", "comment")
    return step.target


def _role_name(role: Role) -> str:
    return {Role.OFFICER: "填报人员", Role.REVIEWER: "审核人员"}.get(role, role.value)
