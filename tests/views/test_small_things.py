"""Small things a newcomer tripped on (issue 12, point 10): a favicon, the 截至 date that follows
the chosen year, and the 自评 page saying where its 全年执行数 came from."""

import re

from sqlalchemy import select

from app.domain.payments import read_payment
from app.extensions import db
from app.models import Project
from app.services import demo, payments
from tests.factories import make_project, make_unit

NAME = "2023年PECC国际贸易投资博览会"


def as_of_shown(page: str) -> str:
    return re.search(r'id="progress-rules">截至 (\d{4}-\d{2}-\d{2})', page).group(1)


def test_every_page_has_a_favicon(client):
    page = client.get("/projects/").text
    assert '<link rel="icon" type="image/svg+xml" href="/static/favicon.svg">' in page
    with client.get("/static/favicon.svg") as icon:
        assert icon.status_code == 200 and icon.mimetype == "image/svg+xml" and b"<svg" in icon.data


def test_the_as_of_date_follows_the_chosen_year(client):
    unit = make_unit()
    make_project(unit, year=2023, code="A-2023")
    make_project(unit, year=2024, code="A-2024")
    # the year was switched from 2024 to 2023 with 2024's date still in the form
    switched = client.get(f"/progress/?year=2023&unit={unit.id}&as_of=2024-06-30&for_year=2024").text
    assert as_of_shown(switched) == "2023-12-31"
    assert 'name="for_year" value="2023"' in switched
    # a date before the year is no date of that year
    assert as_of_shown(client.get(f"/progress/?year=2024&unit={unit.id}&as_of=2023-05-01").text) != "2023-05-01"
    # a date chosen for the year, or after its end, stays
    assert as_of_shown(client.get(f"/progress/?year=2024&unit={unit.id}&as_of=2024-06-30&for_year=2024").text) == "2024-06-30"
    assert as_of_shown(client.get(f"/progress/?year=2024&unit={unit.id}&as_of=2025-03-01").text) == "2025-03-01"
    assert as_of_shown(client.get(f"/progress/?year=2023&unit={unit.id}&as_of=2023-09-30&for_year=2024").text) == "2023-09-30"


def test_the_selfeval_page_says_where_its_spending_came_from(client):
    demo.load_demo()
    demo.load_demo_payments()
    demo.load_demo_evaluations()
    project = db.session.scalar(select(Project).where(Project.name == NAME))
    page = client.get(f"/projects/{project.id}/selfeval").text
    assert 'class="hint" id="spending-source">全年执行数 89.50 万元与进度监控中的支出记录一致' in page
    payments.add_payment(project, read_payment(2023, "2023-12-20", "1.50", "记-099", "财政资金", "尾款"))
    page = client.get(f"/projects/{project.id}/selfeval").text
    assert 'class="flash flash-warning" id="spending-source">全年执行数 89.50 万元为本表录入的数，与进度监控中的支出记录合计 91.00 万元' in page
    assert re.search(r"（\d+ 笔）少 1.50 万元：请核对", page)
