"""The pages that see every unit (an auditor's, a bureau's) stay the same size as the data grows (issue 14).

Each page runs the same number of statements and binds the same number of parameters with
3 units and with 10× and 100× as many (the audit trail too): no statement lists the visible projects' ids (PostgreSQL refuses
more than 65,535 parameters), no loader batches them 500 at a time. Lists show one page.
"""

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import event

from app.domain.payments import PaymentDraft
from app.domain.yearend import RowEntry, YearEndEntry
from app.extensions import db
from app.services import listing, payments, progress, projects, score_figures, selfeval
from tests.conftest import login
from tests.factories import INDICATORS, make_project, make_unit, make_user

PAGES = (
    "/projects/?year=2024",
    "/projects/?year=2024&q=项目",
    "/projects/?year=2024&page=2",
    "/progress/?year=2024&as_of=2024-12-31",
    "/progress/?year=2024&as_of=2024-12-31&sort=rate&dir=desc",
    "/progress/department?year=2024&as_of=2024-12-31",
    "/selfeval/?year=2024",
    "/selfeval/?year=2024&sort=score",
    "/selfeval/?year=2024&sort=name&dir=desc&page=2",
    "/audit/",
)


def grow(units: range, per_unit: int = 3) -> None:
    """``per_unit`` projects in each unit, each with a payment, every other one adjusted and entered."""
    for n in units:
        unit = make_unit(f"9{n:05d}", f"单位{n}")
        for k in range(per_unit):
            project = make_project(unit, code=f"U{n}P{k}", name=f"项目{n}-{k}")
            payments.add_payment(project, PaymentDraft(datetime.date(2024, 3, 1 + k), Decimal("1.50"), voucher=f"V{n}{k}"))
            if k % 2 == 0:
                payments.adjust_budget(project, "30", "追加", "2024-05-01")
                rows = tuple(RowEntry(i.id, "") for i in project.indicators)
                selfeval.save(project, YearEndEntry(budget_adjusted=Decimal("30.00"), rows=rows))


def measure(client, url) -> tuple[int, int]:
    """(statements, most parameters bound by one statement) to draw ``url``."""
    counts = [0, 0]

    def record(conn, cursor, statement, parameters, context, executemany):
        counts[0] += 1
        counts[1] = max(counts[1], 0 if executemany else len(parameters or ()))

    db.session.expire_all()
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert response.status_code == 200, url
    return counts[0], counts[1]


@pytest.fixture
def auditor_client(app):
    make_unit()
    return login(app.test_client(), make_user("auditor-x", ["auditor"]))


def test_cross_unit_pages_do_not_grow_with_the_data(auditor_client):
    # The least of two draws: a draw may also refresh the sign-in session's last-seen time.
    grow(range(3))
    small = {url: min(measure(auditor_client, url), measure(auditor_client, url)) for url in PAGES}
    grow(range(3, 30))
    large = {url: min(measure(auditor_client, url), measure(auditor_client, url)) for url in PAGES}
    assert large == small


def grow_in_bulk(units: range, per_unit: int = 3) -> None:
    """What ``grow`` makes, quicker: the projects through ``jixiao load``, the rest written directly."""
    from app.models import BudgetAdjustment, Payment, Project, ProjectEvaluation
    from app.services import interchange, transaction

    document = {"projects": [
        {"unit": {"code": f"9{n:05d}", "name": f"单位{n}"}, "year": 2024, "code": f"U{n}P{k}", "name": f"项目{n}-{k}",
         "budget_total": "26.00", "budget_fiscal": "26.00", "budget_other": "0.00", "purpose": "用途", "goals": ["目标"],
         "checkpoints": [{"month": 6, "amount": "12.00"}, {"month": 12, "amount": "26.00"}],
         "indicators": [{"level1": i.level1, "level2": i.level2, "name": i.name, "target_text": i.target_text}
                        for i in INDICATORS]}
        for n in units for k in range(per_unit)
    ]}
    interchange.load(document)
    with transaction():
        for project in db.session.scalars(db.select(Project).where(Project.code.like("U%"))):
            n, k = (int(part) for part in project.code[1:].split("P"))
            if n not in units:
                continue
            db.session.add(Payment(project_id=project.id, day=datetime.date(2024, 3, 1 + k), amount=Decimal("1.50"),
                                   voucher=f"V{n}{k}"))
            if k % 2 == 0:
                db.session.add(BudgetAdjustment(project_id=project.id, amount=Decimal("30.00"), reason="追加",
                                                day=datetime.date(2024, 5, 1)))
                db.session.add(ProjectEvaluation(project_id=project.id, budget_adjusted=Decimal("30.00")))
    # Written past the inline budget, the entries are stale until the rescore job has run (as after an
    # import): the pages are measured once it has, as ``grow``'s saves leave them.
    score_figures.rescore(year=2024)


def test_cross_unit_pages_do_not_grow_at_100_times_the_data(auditor_client):
    """3 units, then 30 and 300 (900 projects: every list more than one page)."""
    grow(range(3))
    small = {url: min(measure(auditor_client, url), measure(auditor_client, url)) for url in PAGES}
    grow_in_bulk(range(3, 30))
    ten = {url: min(measure(auditor_client, url), measure(auditor_client, url)) for url in PAGES}
    grow_in_bulk(range(30, 300))
    hundred = {url: min(measure(auditor_client, url), measure(auditor_client, url)) for url in PAGES}
    assert ten == small and hundred == small
    assert projects.list_projects(2024).count == 900


def test_lists_show_one_page_and_total_every_row(app, auditor_client):
    grow(range(40), per_unit=3)  # 120 projects: two pages of 100
    listing_ = projects.list_projects(2024)
    assert listing_.count == 120 and len(listing_.projects) == 100 and listing_.pages == 2
    assert listing_.budget_total == Decimal("26.00") * 120
    assert listing_.indicator_total == 120 * 6 and set(listing_.indicator_counts.values()) == {6}
    second = projects.list_projects(2024, page=2)
    assert len(second.projects) == 20
    assert {p.id for p in second.projects}.isdisjoint(p.id for p in listing_.projects)
    assert projects.list_projects(2024, page=99).page == 2  # past the end: the last page

    page = auditor_client.get("/projects/?year=2024").get_data(as_text=True)
    assert page.count("/edit") <= 100 and 'id="pager"' in page and "共 <strong>120</strong> 个项目" in page
    assert "3120.00" in page  # 预算数合计 of all 120, not of the page
    progress_page = auditor_client.get("/progress/department?year=2024&as_of=2024-12-31&page=2").get_data(as_text=True)
    assert progress_page.count('data-project-id="') == 20 and "共 120 个项目" in progress_page
    summary = auditor_client.get("/selfeval/?year=2024").get_data(as_text=True)
    assert summary.count('data-project-id="') == 100 and "共 120 个项目" in summary
    lines = {row.project_id: row for row in selfeval.summary(2024)}
    assert len(lines) == 120 and {row.indicators for row in lines.values()} == {6}
    assert sum(1 for row in lines.values() if row.status != "未填报") == 80  # every other project of 3 entered


def test_no_statement_lists_the_projects_ids(app, monkeypatch):
    """The scope is a subquery on year and unit: its parameters do not depend on how many projects match."""
    grow(range(5))
    scope = listing.project_scope(2024, unit_ids=None)
    compiled = scope.compile()
    assert list(compiled.params) == ["year_1"]
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        table = progress.table(2024, datetime.date(2024, 12, 31))
        summary = selfeval.summary(2024)
        listed = projects.list_projects(2024)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert len(table.rows) == len(summary) == listed.count == 15
    ids = {row.project.id for row in table.rows}
    for statement, parameters in seen:
        values = set(parameters.values() if isinstance(parameters, dict) else parameters or ())
        assert len(values & ids) <= 1, statement  # at most one project named (never all of them)


def test_progress_and_summary_agree_with_one_project_at_a_time(app):
    grow(range(4))
    as_of = datetime.date(2024, 12, 31)
    table = progress.table(2024, as_of)
    for row in table.rows:
        alone = progress.project_progress(projects.get_project(row.project.id), as_of)
        assert (row.budget, row.spent, row.flags) == (alone.budget, alone.spent, alone.flags)
    for item in selfeval.year_ends(2024):
        one = selfeval.year_end(item.project)
        assert replace(item.verdict) == one.verdict


def test_a_project_not_entered_reads_as_if_checked_blank(app):
    """The summary skips the check for projects with no entry; the line is what the check would give."""
    from app.services.selfeval import _not_entered_row, _summary_row

    unit = make_unit()
    plain = make_project(unit, code="A")
    odd = make_project(unit, code="B", indicators=tuple(
        replace(i, target_text=text) for i, text in zip(
            (INDICATORS * 2)[:8],
            ("≥95%", "20～30人", "2024年9月底前", "良好", "9月前", "±3%", "两次", "≤10万元"),
            strict=True,
        )
    ))
    for project in (plain, odd):
        assert _not_entered_row(project, len(project.indicators)) == _summary_row(selfeval.year_end(project))
