"""Small JSON endpoints the pages call while the officer types."""

from flask import Blueprint, jsonify, request

from app.domain.access import Permission
from app.domain.targets import describe_target, parse_target
from app.views.guards import allow

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/targets/parse")
@allow(Permission.SIGNED_IN)
def parse_targets():
    """Tell how each ``text`` parameter is understood (the same parser as everywhere)."""
    results = []
    for text in request.args.getlist("text")[:200]:
        if not text.strip():
            results.append({"text": text, "understood": ""})
            continue
        target = parse_target(text)
        results.append({**target.to_dict(), "understood": describe_target(target)})
    return jsonify(results)
