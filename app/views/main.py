"""The front page: each user lands where their role works."""

from flask import Blueprint, redirect, render_template, url_for

from app.domain.access import Permission
from app.views.guards import allow, can

bp = Blueprint("main", __name__)


@bp.get("/")
@allow(Permission.SIGNED_IN)
def index():
    if can(Permission.PROJECT_READ):
        return redirect(url_for("projects.index"))
    if can(Permission.USER_READ):
        return redirect(url_for("admin.users"))
    return render_template("no_role.html")
