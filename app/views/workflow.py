"""Review of projects: submit (officer), approve, return, reopen (reviewer), and the reviewer's queue."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from app.domain.access import Permission, visible_units
from app.domain.errors import DomainError
from app.domain.workflow import TRANSITIONS, Action
from app.services import library, opinions, projects, workflow
from app.views.guards import allow, current_principal
from forms import messages
from forms.accounts import CommentForm
from forms.projects import AnswerForm, OpinionForm, RecommendForm

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
        workflow.act(project, action, current_principal(), form.comment.data or "")
    except DomainError as err:
        flash(str(err), "error")
    else:
        flash(f"{TRANSITIONS[action].label}：{project.name}")
    return redirect(url_for("projects.show", project_id=project.id))


@bp.post("/projects/<int:project_id>/opinions")
@allow(Permission.PROJECT_REVIEW)
def add_opinion(project_id: int):
    """审核意见 on a row of a submitted table (issue 17); the officer answers it once the table is returned."""
    project = projects.get_project(project_id) or abort(404)
    form = OpinionForm()
    if not form.validate_on_submit():
        flash("；".join(messages(form)) or "请填写审核意见", "error")
    else:
        try:
            opinions.add_opinion(project, form.row.data or None, form.text.data, current_principal().id)
        except DomainError as err:
            flash(str(err), "error")
        else:
            flash("已添加审核意见")
    return redirect(url_for("projects.show", project_id=project.id, _anchor="opinions"))


@bp.post("/projects/<int:project_id>/opinions/answer")
@allow(Permission.PROJECT_EDIT)
def answer_opinion(project_id: int):
    project = projects.get_project(project_id) or abort(404)
    form = AnswerForm()
    if not form.validate_on_submit():
        flash("；".join(messages(form)) or "请填写答复", "error")
    else:
        try:
            opinions.answer_opinion(project, form.opinion_id.data, form.answer.data, current_principal().id)
        except DomainError as err:
            flash(str(err), "error")
        else:
            flash("已答复审核意见")
    return redirect(url_for("projects.show", project_id=project.id, _anchor="opinions"))


@bp.post("/projects/<int:project_id>/recommend")
@allow(Permission.PROJECT_REVIEW)
def recommend(project_id: int):
    """标杆指标: the library offers this row first to the unit's officers (issue 17)."""
    project = projects.get_project(project_id) or abort(404)
    form = RecommendForm()
    if not form.validate_on_submit():
        flash("；".join(messages(form)) or "请选择指标行", "error")
    else:
        try:
            mark = library.recommend(project, form.row.data, form.kind.data or "", current_principal().id)
        except DomainError as err:
            flash(str(err), "error")
        else:
            flash(f"已将“{mark.name}”设为{mark.project_kind or '各类项目'}的标杆指标")
    return redirect(url_for("projects.show", project_id=project.id, _anchor="opinions"))
