"""The progress list's figures in SQL (app/services/progress_figures.py) are the domain's, row for row.

``progress.page`` totals, counts and sorts a list by those figures and measures only its page, so
every sort, total and count it gives must be what ``progress.table`` (every row measured by the
domain) gives: checked over projects of every kind, at dates through the year, with each reading.
"""

import datetime
import random
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.domain.payments import PaymentDraft
from app.extensions import db
from app.models import BudgetAdjustment, SpendingCheckpoint
from app.services import payments, progress, progress_figures, transaction
from app.services.progress import SORTS
from tests.factories import make_draft, make_project, make_unit

DATES = [datetime.date(2024, m, d) for m, d in ((1, 1), (3, 30), (3, 31), (6, 15), (6, 30), (9, 30), (10, 31), (12, 31))]
DATES.append(datetime.date(2023, 12, 31))


def varied(seed: int = 7) -> None:
    """Projects of every kind: on plan, behind, no plan, cut budgets, zero budgets, broken plans."""
    rng = random.Random(seed)
    units = [make_unit("910001", "甲单位"), make_unit("910002", "乙单位"), make_unit("910000", "丙单位")]
    from app.domain.projects import CheckpointDraft

    for n in range(36):
        unit = units[n % 3]
        budget = Decimal(rng.choice(["26.00", "10.00", "7.33", "100.00", "0.03"]))
        months = sorted(rng.sample(range(1, 13), rng.randint(0, 4)))
        amounts = sorted(Decimal(rng.randint(0, int(budget * 100))) / 100 for _ in months)
        if months:
            amounts[-1] = budget
        plan = tuple(CheckpointDraft(m, a) for m, a in zip(months, amounts))
        name = rng.choice(["项目", "甲项目", "Z项目", "a项目", "项目一"]) + str(n % 5)
        code = rng.choice(["", f"C{n:03d}", f"B{n // 3}"])
        project = make_project(unit, code=code, name=name, budget_total=budget, budget_fiscal=budget, checkpoints=plan)
        spent = Decimal(0)
        for _ in range(rng.randint(0, 5)):
            day = datetime.date(2024, rng.randint(1, 12), rng.randint(1, 28))
            amount = Decimal(rng.randint(1, max(1, int(budget * 40)))) / 100
            if spent + amount <= budget:
                payments.add_payment(project, PaymentDraft(day, amount, voucher=f"V{n}{day}"))
                spent += amount
        if n % 4 == 1:  # a cut below the plan's later checkpoints, then a later one
            with transaction():
                db.session.add(BudgetAdjustment(project_id=project.id, amount=budget * 2, day=datetime.date(2024, 7, 1)))
                db.session.add(BudgetAdjustment(project_id=project.id, amount=max(spent, budget / 2).quantize(Decimal("0.01")),
                                                day=datetime.date(2024, 8, 1)))
        if n % 9 == 4:  # a budget cut to zero: an error row
            with transaction():
                db.session.add(BudgetAdjustment(project_id=project.id, amount=Decimal("0.00"), day=datetime.date(2024, 9, 1)))
        if n % 13 == 6 and months:  # a month twice: an error row
            with transaction():
                db.session.add(SpendingCheckpoint(project_id=project.id, month=months[0], amount=amounts[0]))
        if n % 11 == 5 and months:  # a plan that decreases: an error row
            with transaction():
                db.session.add(SpendingCheckpoint(project_id=project.id, month=12 if 12 not in months else 1,
                                                  amount=Decimal("0.01") if 12 not in months else budget * 3))


def sql_rows(as_of, config):
    figures = progress_figures.figures(2024, as_of, config)
    return {r.id: r for r in db.session.execute(select(figures.query))}


@pytest.mark.parametrize(
    "readings",
    [{}, {"JIXIAO_PROGRESS_INTERPOLATION": "month", "JIXIAO_PROGRESS_BENCHMARK": "current"},
     {"JIXIAO_PROGRESS_BENCHMARK": "day", "JIXIAO_PROGRESS_TOLERANCE": "3.3%", "JIXIAO_PROGRESS_RULES": "6:50,8:60.5"}],
)
def test_sql_figures_are_the_domains(app, readings):
    app.config.update(readings)
    varied()
    config = progress.settings()
    for as_of in DATES:
        table = progress.table(2024, as_of)
        found = sql_rows(as_of, config)
        assert len(found) == len(table.rows) == 36
        for row in table.rows:
            sql = found[row.project.id]
            res = row.result
            assert (sql.error == 1) == (res is None), (as_of, row.project.id)
            assert progress_figures.money(sql.budget) == row.budget
            assert progress_figures.money(sql.spent) == row.spent, (as_of, row.project.id)
            assert (sql.lagging == 1) == row.lagging, (as_of, row.project.id, row.flags)
            assert sql.flags == len(row.flags), (as_of, row.project.id, row.flags)
            if res is not None:
                assert progress_figures.rate(sql.rate) == res.rate
                planned = None if sql.plan is None else progress_figures.money(sql.plan)
                assert planned == res.plan_at_date, (as_of, row.project.id)
                assert progress_figures.rate(sql.benchmark) == res.benchmark


def test_pages_sort_and_total_as_the_whole_table(app):
    varied(11)
    for as_of in (datetime.date(2024, 6, 30), datetime.date(2024, 12, 31)):
        for sort in [*SORTS, ""]:
            for descending in (False, True):
                table = progress.table(2024, as_of, None, sort, descending)
                seen = []
                for number in (1, 2, 3, 4):
                    shown = progress.page(2024, as_of, None, sort, descending, number, per_page=10)
                    assert shown.totals == table.totals and shown.count == 36
                    seen += [r.project.id for r in shown.page.items]
                    db.session.expire_all()
                assert seen == [r.project.id for r in table.rows], (sort, descending)
        lagging = progress.table(2024, as_of, lagging_on_top=True)
        first = progress.page(2024, as_of, None, page_number=1, lagging_on_top=True, per_page=50)
        assert [r.project.id for r in first.page.items] == [r.project.id for r in lagging.rows]
        assert [r.flags for r in first.page.items] == [r.flags for r in lagging.rows]


def test_a_page_past_the_end_shows_the_last_and_an_empty_year_is_empty(app):
    varied(3)
    shown = progress.page(2024, datetime.date(2024, 12, 31), None, page_number=9, per_page=10)
    assert shown.page.page == 4 and len(shown.page.items) == 6
    empty = progress.page(2030, datetime.date(2030, 12, 31))
    assert empty.count == 0 and empty.page.items == [] and empty.totals.rate is None


def test_a_units_page_lists_only_that_unit(app):
    varied(5)
    unit = make_unit("910002", "乙单位")
    shown = progress.page(2024, datetime.date(2024, 12, 31), frozenset({unit.id}))
    assert shown.count == 12 and {r.project.unit_id for r in shown.page.items} == {unit.id}
    assert shown.totals == progress.table(2024, datetime.date(2024, 12, 31), frozenset({unit.id})).totals


def test_draft_defaults_still_measure(app):
    """The seeds' plan (2.50/12.00/21.50/26.00) at 30 June: the page row is the domain's."""
    project = make_project(make_unit(), **{"code": "X"})
    assert make_draft().budget_total == Decimal("26.00")
    row = progress.page(2024, datetime.date(2024, 6, 30)).page.items[0]
    assert row.project.id == project.id and row.result.plan_at_date == Decimal("12.00")


def test_the_whole_list_as_xlsx_for_a_job(app):
    from io import BytesIO

    from openpyxl import load_workbook

    varied(2)
    data = progress.build_progress_xlsx(2024, datetime.date(2024, 12, 31))
    sheet = load_workbook(BytesIO(data)).active
    assert sheet["A1"].value == "2024 年度项目支出进度表（全部单位，截至 2024-12-31）"
    assert sheet.max_row == 2 + 36 + 1 and sheet.cell(sheet.max_row, 1).value == "合计"
    assert str(sheet.merged_cells) == "A1:K1" and sheet.freeze_panes == "D3"
