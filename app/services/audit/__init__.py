"""The audit trail, in three parts (issue 13, point 6):

- ``recorder``: the flush listeners that write every change field by field in the same
  transaction, the explicit events (``record``, ``note``) and the refusal of any tampering;
- ``trail``: what auditors read — search with filters a page at a time, an object's history,
  the CSV and Excel exports;
- ``versioning``: the project version raised by each change of its target table.

``actor`` holds who acts and from where. Workflow facts (who submitted, who reviewed) are
columns of the project and of the year end, set by the workflow: nothing decides by reading
the trail. Callers import this package (``from app.services import audit``); the names below
are its public interface.
"""

from app.services.audit.actor import ANONYMOUS, COMMAND_LINE, Actor, clear_actor, current_actor, set_actor
from app.services.audit.recorder import AuditTamperError, install, learn_kinds, note, record, record_export
from app.services.audit.trail import (
    CSV_HEADER,
    Filters,
    Page,
    changes_since,
    export_csv,
    export_rows,
    export_xlsx,
    history,
    local_time,
    object_types,
    search,
)
from app.services.audit.versioning import VERSIONED_PARTS

__all__ = [
    "learn_kinds",
    "ANONYMOUS", "COMMAND_LINE", "CSV_HEADER", "VERSIONED_PARTS", "Actor", "AuditTamperError", "Filters", "Page",
    "changes_since", "clear_actor", "current_actor", "export_csv", "export_rows", "export_xlsx", "history",
    "install", "local_time", "note", "object_types", "record", "record_export", "search", "set_actor",
]
