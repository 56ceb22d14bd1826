"""The audit trail for auditors: filter it and export all of it as CSV or Excel. Read-only: no route changes it."""

import datetime

from flask import Blueprint, render_template, request

from app.domain.access import Permission
from app.domain.audit import ACTION_LABELS
from app.services import audit, audit_display
from app.views.guards import allow
from app.views.sending import send_document

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.get("/")
@allow(Permission.AUDIT_READ)
def index():
    filters = _filters()
    page = audit.search(filters, request.args.get("page", 1, type=int))
    return render_template(
        "audit/index.html",
        page=page,
        events=page.events,
        names=audit_display.names_for(page.events),
        filters=filters,
        actions=ACTION_LABELS,
        object_types=audit.object_types(),
        args={k: v for k, v in request.args.items() if k != "page"},
    )


@bp.get("/export.csv")
@allow(Permission.AUDIT_READ)
def export():
    data = audit.export_csv(_filters())
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    return send_document(data, f"audit-{stamp}.csv")


@bp.get("/export.xlsx")
@allow(Permission.AUDIT_READ)
def export_xlsx():
    data = audit.export_xlsx(_filters())
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    return send_document(data, f"audit-{stamp}.xlsx")


def _filters() -> audit.Filters:
    return audit.Filters(
        actor=request.args.get("actor", "")[:100],
        start=_date("start"),
        end=_date("end"),
        object_type=request.args.get("type", "")[:64],
        action=request.args.get("action", "")[:32],
        # one project's whole history, its rows included, even once the project is deleted
        root_type="Project" if request.args.get("project", type=int) else "",
        root_id=request.args.get("project", type=int),
    )


def _date(name: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None
