"""Versioning: a project's version rises once per transaction that changes its target table.

The recorder calls ``bump_versions`` from its ``before_flush`` listener with every changed
object and the aggregate (root) it belongs to; the version guards the edit forms against lost
updates (``app.services.conflicts``) and is carried by each audit event as ``root_version``.
"""

from sqlalchemy import inspect
from sqlalchemy.orm import Session

# What a project's version covers: its target table (and status). A payment or a year-end
# entry does not make an open edit of the table outdated.
VERSIONED_PARTS = frozenset({"Project", "ProjectGoal", "SpendingCheckpoint", "Indicator"})


def bump_versions(session: Session, touched) -> None:
    """Raise each changed project's version once per transaction (no lost updates)."""
    bumped = session.info.setdefault("audit_bumped", set())
    # Read once: ``session.new`` builds a new set of every pending object at each access, so
    # asking it per changed row made a flush of n new rows cost n² (an 8,000-row import).
    new, deleted = session.new, session.deleted
    for obj, root in touched:
        if type(obj).__name__ not in VERSIONED_PARTS:
            continue
        if not versioned(root) or root in new or root in deleted:
            continue
        key = (type(root).__name__, root.id)
        if key not in bumped:
            root.version = (root.version or 0) + 1
            bumped.add(key)


def versioned(obj) -> bool:
    mapper = inspect(type(obj))
    return mapper.version_id_col is not None and mapper.version_id_generator is False


def version_of(root):
    if not versioned(root):
        return None
    value = root.__dict__.get("version")
    state = inspect(root)
    if value is None and not (state.deleted or state.was_deleted):
        value = root.version
    return value
