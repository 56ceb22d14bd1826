"""``/healthz``: for the proxy, the process supervisor and monitoring; no sign-in, no secrets."""

from flask import Blueprint, jsonify

from app.services import health
from app.views.guards import public

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@public
def healthz():
    report = health.check()
    # 200 only when everything answers: with Redis configured, sessions and jobs need it too.
    return jsonify(report), 200 if report["status"] == health.OK else 503
