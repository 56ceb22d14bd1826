"""Review of projects: submit (officer), approve, return, reopen (reviewer), and the reviewer's queue."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from app.domain.access import Permission, visible_units
from app.domain.errors import DomainError
from app.domain.workflow import TRANSITIONS, Action
from app.services import projects, quality, workflow
from app.views.guards import allow, current_principal
from forms.accounts import CommentForm

bp = Blueprint("workflow", __name__)


@bp.get("/review/")
@allow(Permission.QUEUE_READ)
def queue():
    scope = visible_units(current_principal(), Permission.QUEUE_READ)
    return render_template("review/queue.html", projects=workflow.queue(scope))


@bp.post("/projects/<int:project_id>/submit")
@allow(Permission.PROJECT_SUBMIT)
def submit(project_id: int):
    return _step(project_id, Action.SUBMIT)


@bp.post("/projects/<int:project_id>/approve")
@allow(Permission.PROJECT_REVIEW)
def approve(project_id: int):
    return _step(project_id, Action.APPROVE)


@bp.post("/projects/<int:project_id>/return", endpoint="return")
@allow(Permission.PROJECT_REVIEW)
def return_(project_id: int):
    return _step(project_id, Action.RETURN)


@bp.post("/projects/<int:project_id>/reopen")
@allow(Permission.PROJECT_REVIEW)
def reopen(project_id: int):
    return _step(project_id, Action.REOPEN)


def _step(project_id: int, action: Action):
    project = projects.get_project(project_id) or abort(404)
    form = CommentForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        if action is Action.SUBMIT:
            quality.ensure_submittable(project)  # must-fix quality findings block submission (issue 17)
        workflow.act(project, action, current_principal(), form.comment.data or "")
    except DomainError as err:
        flash(str(err), "error")
    else:
        flash(f"{TRANSITIONS[action].label}：{project.name}")
    return redirect(url_for("projects.show", project_id=project.id))
