"""The target table and the year end are two submissions of one project: their review steps stay apart."""

from app.extensions import db
from app.models import Project
from app.services import workflow
from tests.conftest import login
from tests.factories import make_project, make_unit, make_user
from tests.selfeval.builders import form_data


def test_a_year_end_submission_is_not_the_target_tables(app):
    unit = make_unit()
    officer = login(app.test_client(), make_user("officer", ["officer"], [unit]))
    both = login(app.test_client(), make_user("both", ["officer", "reviewer"], [unit]))
    project = make_project(unit)
    assert both.post(f"/projects/{project.id}/submit").status_code == 302  # the target table, by "both"
    # a colleague then hands in the year end of the same project
    assert officer.post(f"/projects/{project.id}/selfeval/submit", data=form_data(project)).status_code == 302
    assert workflow.last_step(project).actor_name == "both"  # the table's own last step
    assert workflow.last_step(project, "submit").object_type == "Project"
    # "both" submitted the table: the colleague's year-end submission does not make it theirs to approve
    page = both.post(f"/projects/{project.id}/approve", follow_redirects=True).get_data(as_text=True)
    assert "不能审核本人提交的项目" in page
    db.session.expire_all()
    assert db.session.get(Project, project.id).status == "submitted"
