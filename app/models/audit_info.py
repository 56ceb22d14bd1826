"""How the audit trail records a model, declared on the model itself (``__audit__ = AuditInfo(...)``).

The recorder (``app.services.audit.recorder``) reads this attribute; it names no model class,
so a module with tables of its own (the centres) says how its rows are recorded next to them.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

# Workflow facts (who submitted or reviewed, and when): the step's own event carries its actor
# and time, so the columns are not recorded as changes.
WORKFLOW_FACTS = frozenset({"submitted_by_id", "submitted_at", "reviewed_by_id", "reviewed_at"})


@dataclass(frozen=True)
class AuditInfo:
    """What the trail needs to know of a model's rows."""

    # The row's name in the trail; without one, its ``label``, ``name`` or ``title`` attribute.
    label: Callable[[Any], str] | None = None
    # The relationship to the object the row is recorded against (a project's indicator: "project").
    # Without one, a model with a ``project`` relationship belongs to its project.
    parent: str | None = None
    # Columns never recorded as changes (a version raised by every save, bookkeeping).
    hidden: frozenset[str] = frozenset()
    # How a column's stored value reads in the trail (a status as its Chinese name).
    values: Mapping[str, Callable[[Any], str]] = field(default_factory=dict)
    # The kind's Chinese name in the trail (外贸综合服务中心) and its columns' names where the shared
    # names of app/domain/audit.py don't fit; learned at start-up (app.services.audit.recorder.learn_kinds).
    title: str = ""
    fields: Mapping[str, str] = field(default_factory=dict)
    # A versioned edit (a page saved as a whole): the root kind, the column holding the root's id, and the
    # kinds whose trail rows belong to the edit (app/services/conflicts.py reads it to name who changed what).
    edit_family: tuple[str, str, frozenset[str]] | None = None
    # Columns holding another object's id, shown by that object's name (column → kind).
    references: Mapping[str, str] = field(default_factory=dict)


NO_INFO = AuditInfo()


def audit_info(cls) -> AuditInfo:
    """The ``__audit__`` of a model class (the defaults when it declares none)."""
    return getattr(cls, "__audit__", NO_INFO)


def state_label(value) -> str:
    """A workflow status as the trail shows it (草稿, 已提交…)."""
    from app.domain.workflow import STATE_LABELS, State

    try:
        return STATE_LABELS[State(value)]
    except ValueError:
        return value
