"""The stored per-project figures (``project_figure``) stay right whatever writes a project's data.

After every kind of write (payments one by one, in a batch, through the API, edited and moved by the
ORM or by a Core statement; budget adjustments; a plan, a 预算数, a year or a unit changed through the
project service; a project deleted; ``jixiao load``'s bulk path; a document import), the next
progress page leaves each stored row equal to one computed afresh from the base tables, and the
page's figures equal the domain's. Dropping every stored row and filling again changes nothing.
"""

import dataclasses
import datetime
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import delete, select, text, update

from app.domain.payments import PaymentDraft
from app.domain.projects import CheckpointDraft
from app.extensions import db
from app.models import BudgetAdjustment, Payment, Project, SpendingCheckpoint
from app.models.figures import ProjectFigure
from app.services import interchange, payments, progress, progress_figures, projects, tokens, transaction
from app.services.imports import import_document
from tests.conftest import PG_URL
from tests.factories import make_project, make_unit, make_user

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
DATES = [datetime.date(2023, 12, 15), datetime.date(2024, 3, 31), datetime.date(2024, 6, 15),
         datetime.date(2024, 9, 30), datetime.date(2024, 11, 20), datetime.date(2025, 2, 1)]
PLAN = (CheckpointDraft(3, Decimal("5.00")), CheckpointDraft(6, Decimal("12.00")),
        CheckpointDraft(9, Decimal("20.00")), CheckpointDraft(12, Decimal("26.00")))


def world() -> list[Project]:
    """Four 2024 projects in two units, with plans, payments through the year and a cut budget."""
    unit_a, unit_b = make_unit("910001", "甲单位"), make_unit("910002", "乙单位")
    made = [
        make_project(unit_a, code="A1", name="甲一", checkpoints=PLAN),
        make_project(unit_a, code="A2", name="甲二", checkpoints=()),
        make_project(unit_b, code="B1", name="乙一", checkpoints=PLAN),
        make_project(unit_b, code="B2", name="乙二", checkpoints=PLAN[1:]),
    ]
    for n, project in enumerate(made):
        for month in range(1, 12, 2 + n):
            payments.add_payment(project, PaymentDraft(datetime.date(2024, month, 10 + n), Decimal("1.75"),
                                                       voucher=f"V{n}-{month}"))
    payments.adjust_budget(made[3], "18", "调减", "2024-07-01")
    return made


def year_ids(year: int = 2024) -> list[int]:
    return list(db.session.scalars(select(Project.id).where(Project.year == year).order_by(Project.id)))


def fresh(year: int = 2024) -> dict[int, tuple]:
    """Every project's row computed from the base tables now (without gen and stale)."""
    query = progress_figures.stored_figures(year, progress_figures.id_list(year_ids(year)))
    return {row[0]: tuple(row[3:]) for row in db.session.execute(query)}


def stored(year: int = 2024) -> dict[int, tuple]:
    t = ProjectFigure.__table__
    rows = db.session.execute(
        select(t).join(Project, Project.id == t.c.project_id).where(Project.year == year)
    ).mappings()
    return {r["project_id"]: (r["stale"], tuple(r[c] for c in progress_figures.COLUMNS[3:])) for r in rows}


def assert_right(year: int = 2024) -> None:
    """Draw the page (which fills), then: every stored row fresh, and the page's figures the domain's."""
    config = progress.settings()
    for as_of in DATES:
        figures = progress_figures.figures(year, as_of, config)
        found = {r.id: r for r in db.session.execute(select(figures.query))}
        table = progress.table(year, as_of)
        assert set(found) == {r.project.id for r in table.rows}
        for row in table.rows:
            sql = found[row.project.id]
            assert (sql.error == 1) == (row.result is None), (as_of, row.project.code)
            assert progress_figures.money(sql.budget) == row.budget, (as_of, row.project.code)
            assert progress_figures.money(sql.spent) == row.spent, (as_of, row.project.code)
            assert sql.flags == len(row.flags) and (sql.lagging == 1) == row.lagging, (as_of, row.project.code)
            if row.result is not None:
                assert progress_figures.rate(sql.rate) == row.result.rate
                plan = None if sql.plan is None else progress_figures.money(sql.plan)
                assert plan == row.result.plan_at_date, (as_of, row.project.code)
        shown = progress.page(year, as_of, per_page=2)
        assert shown.totals == table.totals and shown.count == len(table.rows)
    kept, now = stored(year), fresh(year)
    assert {k: v for k, v in kept.items()} == {k: (0, v) for k, v in now.items()}


class TokenClient:
    """The API as a client with a bearer token sees it."""

    def __init__(self, client, token: str):
        self.client, self.headers = client, {"Authorization": f"Bearer {token}"}

    def post(self, path, json):
        return self.client.post(path, json=json, headers=self.headers)

    def delete(self, path, headers):
        return self.client.delete(path, headers=self.headers | headers)


# -- the writes -------------------------------------------------------------------------------


def add_payment(made, client):
    payments.add_payment(made[0], PaymentDraft(datetime.date(2024, 5, 31), Decimal("3.10"), voucher="新"))


def delete_payment(made, client):
    payments.delete_payment(made[2], payments.list_payments(made[2])[0].id)


def edit_payment_in_the_orm(made, client):
    with transaction():
        first = payments.list_payments(made[0])[0]
        first.amount, first.day = Decimal("2.22"), datetime.date(2024, 8, 31)
        payments.list_payments(made[2])[-1].project = made[1]  # moved: both projects change


def core_statements(made, client):
    with transaction():
        db.session.execute(update(Payment).where(Payment.project_id == made[1].id).values(amount=Payment.amount * 2))
        db.session.execute(delete(SpendingCheckpoint).where(SpendingCheckpoint.project_id == made[2].id,
                                                            SpendingCheckpoint.month == 9))


def api_payments(made, client):
    base = f"/api/v1/projects/{made[0].id}/payments"
    added = client.post(base, json={"day": "2024-04-30", "amount": "2.50", "voucher": "API-1"})
    assert added.status_code == 201, added.get_json()
    batch = {"unit": "910002", "year": 2024, "payments": [{"code": "B1", "day": "2024-06-30", "amount": "1.00", "voucher": "API-2"}]}
    assert client.post("/api/v1/payments", json=batch).status_code == 201
    gone = payments.list_payments(made[3])[0]
    assert client.delete(f"/api/v1/projects/{made[3].id}/payments/{gone.id}", headers={"If-Match": "*"}).status_code == 204


def adjust_budget(made, client):
    payments.adjust_budget(made[0], "11", "调减", "2024-04-01")
    with transaction():  # cut to zero (as older data has it): an error row
        db.session.add(BudgetAdjustment(project_id=made[2].id, amount=Decimal("0.00"), day=datetime.date(2024, 5, 1)))


def change_plan(made, client):
    draft = dataclasses.replace(projects.draft_of(made[0]), checkpoints=PLAN[:2] + (CheckpointDraft(12, Decimal("26.00")),))
    projects.update_project(made[0], draft)
    draft = dataclasses.replace(projects.draft_of(made[1]), checkpoints=PLAN)  # a plan where there was none
    projects.update_project(made[1], draft)


def change_budget_total(made, client):
    draft = dataclasses.replace(projects.draft_of(made[1]), budget_total=Decimal("40.00"), budget_fiscal=Decimal("40.00"))
    projects.update_project(made[1], draft)
    draft = dataclasses.replace(projects.draft_of(made[0]), budget_total=Decimal("30.00"), budget_fiscal=Decimal("30.00"),
                                checkpoints=PLAN[:3] + (CheckpointDraft(12, Decimal("30.00")),))
    projects.update_project(made[0], draft)


def move_year_and_unit(made, client):
    projects.update_project(made[0], dataclasses.replace(projects.draft_of(made[0]), year=2025))
    with transaction():
        made[2].unit_id = made[1].unit_id


def delete_project(made, client):
    projects.delete_project(made[2])


def load_in_bulk(made, client):
    document = interchange.dump(2024)
    for item in document["projects"]:
        if item["code"] == "A1":
            item["checkpoints"] = [{"month": 6, "amount": "10.00"}, {"month": 12, "amount": "26.00"}]
        if item["code"] == "A2":  # no plan
            item["budget_total"], item["budget_fiscal"] = "30.00", "30.00"
    new = dict(document["projects"][0], code="N1", name="新项目")
    document["projects"].append(new)
    interchange.load(document)


def import_update(made, client):
    seed = next(SEEDS.glob("004_*.txt")).read_bytes()
    import_document(seed, "004.txt")
    first = db.session.scalar(select(Project).where(Project.code == "13060524P00466210002W"))
    payments.add_payment(first, PaymentDraft(datetime.date(2024, 3, 20), Decimal("2.00"), voucher="导入后"))
    assert_right()
    with transaction():
        first.checkpoints[0].amount = Decimal("1.00")
    assert_right()
    summary = import_document(seed, "004.txt", update=True)
    assert summary.updated


WRITES = [add_payment, delete_payment, edit_payment_in_the_orm, core_statements, api_payments, adjust_budget,
          change_plan, change_budget_total, move_year_and_unit, delete_project, load_in_bulk, import_update]


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.__name__)
def test_every_write_leaves_the_stored_figures_right(app, client, write):
    made = world()
    assert_right()
    assert {stale for stale, _ in stored().values()} == {0}
    officer = make_user("figures-officer", ["officer"], [made[0].unit, made[2].unit])
    write(made, TokenClient(app.test_client(), tokens.create(officer, "figures", "write", 30).text))
    assert_right()
    assert_right(2025)


def test_a_write_marks_only_its_project_stale(app):
    made = world()
    assert_right()
    payments.add_payment(made[1], PaymentDraft(datetime.date(2024, 2, 2), Decimal("1.00"), voucher="一笔"))
    with transaction():
        db.session.add(BudgetAdjustment(project_id=made[3].id, amount=Decimal("20.00"), day=datetime.date(2024, 8, 1)))
    assert {pid for pid, (stale, _) in stored().items() if stale} == {made[1].id, made[3].id}
    assert progress_figures.fill(2024) == 2  # only those two recomputed
    assert_right()


def test_dropping_every_stored_row_refills_the_same_figures(app):
    made = world()
    assert_right()
    before = stored()
    progress_figures.rebuild()  # every row forgotten, every project marked (what the migration leaves)
    assert set(stored()) == {p.id for p in made} and {stale for stale, _ in stored().values()} == {1}
    assert_right()
    assert stored() == before


def test_a_new_project_has_a_stale_row_from_its_insert(app):
    made = world()
    assert_right()
    added = make_project(made[0].unit, code="A3", name="甲三", checkpoints=PLAN)
    assert stored()[added.id][0] == 1
    assert_right()


@pytest.mark.skipif(not PG_URL, reason="two connections at once: PostgreSQL (SQLite writes one at a time)")
def test_a_write_committed_during_a_fill_is_not_lost(app):
    """A fill that read before a payment committed must not store figures without it."""
    made = world()
    assert_right()
    target = made[0]
    payments.add_payment(target, PaymentDraft(datetime.date(2024, 1, 5), Decimal("1.00"), voucher="先"))  # stale: to fill
    writer = db.engine.connect()
    writer.begin()
    # the payment is written (its trigger marks the row and holds it) but not committed yet
    writer.execute(Payment.__table__.insert().values(project_id=target.id, day=datetime.date(2024, 2, 1),
                                                     amount=Decimal("4.00"), voucher="并发", source="财政资金", note=""))
    done = threading.Event()
    failures = []

    filled = []

    def fill():
        try:
            with app.app_context():
                filled.append(progress_figures.stale_ids(2024))
                filled.append(progress_figures.fill(2024))
                db.session.remove()
        except Exception as err:  # noqa: BLE001 - reported below
            failures.append(err)
        done.set()

    thread = threading.Thread(target=fill)
    thread.start()
    waiting = 0
    with db.engine.connect() as watcher:  # the fill is blocked on the writer's row lock (pg_locks: never cached)
        for _ in range(3000):  # at most a minute on a busy machine
            waiting = watcher.execute(text("SELECT count(*) FROM pg_locks WHERE NOT granted")).scalar()
            if waiting or done.is_set():
                break
            done.wait(0.02)
    writer.commit()
    writer.close()
    thread.join()
    assert failures == [] and waiting == 1, (failures, waiting, filled)
    db.session.expire_all()
    assert_right()
    paid_all = fresh()[target.id][progress_figures.COLUMNS.index("paid_all") - 3]
    assert progress_figures.money(paid_all) == sum(p.amount for p in payments.list_payments(target))


def test_a_year_with_no_projects_and_a_page_after_a_write_in_the_browser(app, client):
    made = world()
    assert client.get("/progress/?year=2024&as_of=2024-12-31").status_code == 200
    assert {stale for stale, _ in stored().values()} == {0}
    response = client.post(f"/projects/{made[0].id}/payments", data={"day": "2024-07-07", "amount": "1.00", "voucher": "页面"})
    assert response.status_code in (200, 302)
    assert stored()[made[0].id][0] == 1
    assert client.get("/progress/?year=2024&as_of=2024-12-31").status_code == 200
    assert stored()[made[0].id][0] == 0
    assert_right()


@pytest.mark.skipif(not PG_URL, reason="two connections at once: PostgreSQL (SQLite writes one at a time)")
def test_two_fills_at_once_both_succeed(app, caplog):
    """Two pages filling the same stale rows at the same moment: neither fails, nothing is lost."""
    made = world()
    progress_figures.rebuild()
    writer = db.engine.connect()
    writer.begin()  # holds one row, so both fills wait on it and overlap
    writer.execute(Payment.__table__.insert().values(project_id=made[1].id, day=datetime.date(2024, 3, 3),
                                                     amount=Decimal("0.50"), voucher="同时", source="财政资金", note=""))
    failures, counts = [], []

    def fill():
        try:
            with app.app_context():
                counts.append(progress_figures.fill(2024))
                db.session.remove()
        except Exception as err:  # noqa: BLE001 - reported below
            failures.append(err)

    threads = [threading.Thread(target=fill) for _ in range(2)]
    for thread in threads:
        thread.start()
    with db.engine.connect() as watcher:  # both fills blocked behind the writer (bounded wait, no timing asserted)
        for _ in range(3000):  # at most a minute on a busy machine
            # pg_locks, not pg_stat_activity: the latter is a snapshot kept for the whole transaction
            waiting = watcher.execute(text("SELECT count(*) FROM pg_locks WHERE NOT granted")).scalar()
            if waiting >= 2 or not any(t.is_alive() for t in threads):
                break
            threading.Event().wait(0.02)
    writer.commit()
    writer.close()
    for thread in threads:
        thread.join()
    assert failures == [] and len(counts) == 2
    assert "not filled" not in caplog.text
    db.session.expire_all()
    assert_right()


def _analyses(table: str) -> int:
    db.session.execute(text("SELECT pg_stat_clear_snapshot()"))
    return db.session.execute(
        text("SELECT analyze_count FROM pg_stat_user_tables WHERE relname = :t"), {"t": table}
    ).scalar() or 0


@pytest.mark.skipif(not PG_URL, reason="the planner's statistics (ANALYZE) are PostgreSQL's")
def test_a_bulk_fill_refreshes_the_planners_statistics(app, monkeypatch):
    """After a fill of many rows the table is analysed, so the planner no longer expects every row stale."""
    import app.services as services

    world()
    db.session.commit()
    before = _analyses("project_figure")
    monkeypatch.setattr(services, "ANALYZE_AFTER", 3)
    assert progress_figures.fill(2024) == 4
    for _ in range(100):  # the statistics collector reports a moment after the commit
        if _analyses("project_figure") > before:
            break
        db.session.rollback()
        threading.Event().wait(0.05)
    assert _analyses("project_figure") == before + 1
    monkeypatch.setattr(services, "ANALYZE_AFTER", 5)
    payments.add_payment(Project.query.first(), PaymentDraft(datetime.date(2024, 1, 5), Decimal("1.00"), voucher="少"))
    assert progress_figures.fill(2024) == 1  # one row: left to autovacuum
    threading.Event().wait(0.3)
    assert _analyses("project_figure") == before + 1
