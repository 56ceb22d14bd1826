"""The project list's figures (issue 14): the stored indicator count follows every way a table is written."""

from dataclasses import replace

from sqlalchemy import func, select

from app.extensions import db
from app.models import Indicator, Project
from app.services import interchange, projects
from tests.factories import INDICATORS, make_draft, make_project, make_unit


def stored_counts() -> dict[int, int]:
    rows = db.session.execute(select(Project.id, func.count(Indicator.id)).outerjoin(Indicator).group_by(Project.id))
    return dict(rows.all())


def test_the_count_follows_create_update_copy_and_load(app):
    unit = make_unit()
    project = make_project(unit)
    assert project.indicator_count == len(INDICATORS) == 6
    projects.update_project(project, replace(make_draft(), indicators=INDICATORS[:2]))
    copy = projects.copy_to_next_year(project)
    dumped = interchange.dump(year=2024)
    dumped["projects"][0].update(code="LOADED-1", name="载入的项目")
    interchange.load(dumped)  # a new project: the bulk path
    dumped["projects"][0]["indicators"] = dumped["projects"][0]["indicators"][:1]
    interchange.load(dumped)  # the same project again: an update through the ORM
    db.session.expire_all()
    listed = {p.id: p.indicator_count for p in db.session.scalars(select(Project))}
    assert listed == stored_counts() and len(listed) == 3
    assert listed[project.id] == 2 and listed[copy.id] == 2 and sorted(listed.values()) == [1, 2, 2]
    totals = projects.list_totals()
    assert totals.count == 3 and totals.indicators == 5


def test_totals_and_search_over_name_and_code_any_case(app):
    unit = make_unit()
    make_project(unit, code="13060524P00466210002W", name="信息化运维项目")
    make_project(unit, code="ab-77", name="培训经费")
    page = projects.list_projects(2024, query="p004662")  # a code, in another case
    assert [p.code for p in page.projects] == ["13060524P00466210002W"] and page.count == 1
    assert projects.list_projects(2024, query="AB-7").count == 1
    assert projects.list_projects(2024, query="运维").indicator_total == 6
