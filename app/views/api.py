"""Small JSON endpoints the pages call while the officer types."""

import datetime

from flask import Blueprint, abort, jsonify, request

from app.domain.access import Permission, visible_units
from app.domain.targets import describe_target, parse_target
from app.services import library, quality, units
from app.views.guards import allow, current_principal
from forms.projects import ProjectForm

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/targets/parse")
@allow(Permission.SIGNED_IN)
def parse_targets():
    """Tell how each ``text`` parameter is understood (the same parser as everywhere).

    ``year`` is the project's year: a date written without one ("9月底前") is read in it.
    """
    year = request.args.get("year", type=int)
    year = year if year is not None and 1900 <= year <= 2200 else None
    results = []
    for text in request.args.getlist("text")[:200]:
        if not text.strip():
            results.append({"text": text, "understood": ""})
            continue
        target = parse_target(text, year)
        results.append({**target.to_dict(), "understood": describe_target(target)})
    return jsonify(results)


@bp.get("/units/<int:unit_id>/months")
@allow(Permission.PROJECT_EDIT)
def checkpoint_months(unit_id: int):
    """The spending-plan months of a unit for ``year``: the project form reloads its plan rows with them."""
    unit = units.get_unit(unit_id) or abort(404)
    year = request.args.get("year", type=int) or datetime.date.today().year
    months = units.checkpoint_months(unit, year)
    return jsonify({"unit": unit.id, "unit_name": unit.name, "year": year, "months": list(months),
                    "hint": units.months_hint(unit, year)})


@bp.post("/projects/quality")
@allow(Permission.PROJECT_EDIT)
def quality_findings():
    """The quality findings on the project form as posted (the edit page redraws them while the officer types).

    Nothing is saved; the findings carry the form's own field paths.
    """
    form = ProjectForm()
    draft = form.to_draft()
    return jsonify([
        {**finding.to_dict(), "where": form.field_path(finding.where), "severity_label": finding.severity_label}
        for finding in quality.draft_findings(draft)
    ])


@bp.get("/indicators/suggest")
@allow(Permission.PROJECT_EDIT)
def suggest_indicators():
    """Indicator library entries whose name contains ``q`` (the units the user may read, all years).

    ``level2`` puts entries of that level-2 first. The form fills the rest of the row on choice.
    """
    scope = visible_units(current_principal(), Permission.PROJECT_READ)
    entries = library.suggest(scope, request.args.get("q", "")[:100], request.args.get("level2", "")[:60])
    return jsonify([entry.to_dict() for entry in entries])
