"""The 自评 summary page (app/services/selfeval_summary.py) shows what ``selfeval.summary`` shows, a page at a time."""

from dataclasses import replace
from decimal import Decimal

from app.domain.actuals import Grade
from app.domain.workflow import State
from app.extensions import db
from app.models import ProjectEvaluation
from app.services import selfeval, selfeval_summary
from app.services.selfeval import SORT_KEYS
from tests.factories import make_project, make_unit
from tests.selfeval.builders import entry_for


def grow() -> None:
    """Three units; some projects entered in full, some blank drafts, some submitted, most not entered."""
    units = [make_unit("920002", "乙"), make_unit("920001", "甲"), make_unit("920003", "丙")]
    for n in range(27):
        unit = units[n % 3]
        project = make_project(unit, code=["", f"C{n:02d}", f"B{n // 3}"][n % 3 if n % 5 else 0],
                               name=["项目", "甲项目", "a项目", "Z项目"][n % 4] + str(n % 6))
        if n % 4 == 0:
            selfeval.save(project, entry_for(project, reasons=bool(n % 8)))
        elif n % 7 == 1:
            full = entry_for(project)
            rows = list(full.rows)
            rows[4] = replace(rows[4], grade=Grade.MET, grade_percent=None)
            selfeval.save(project, replace(full, spent_fiscal=Decimal("20.00"), rows=tuple(rows)))
        elif n % 9 == 2:
            selfeval.save(project, replace(entry_for(project), rows=()))
    for evaluation in db.session.scalars(db.select(ProjectEvaluation).limit(2)):
        evaluation.status = State.SUBMITTED.value
    db.session.commit()


def test_every_sort_pages_through_the_whole_summary(app):
    grow()
    unit = make_unit("920001", "甲")
    for who in (None, unit):
        for sort in [*SORT_KEYS, ""]:
            for descending in (False, True):
                whole = selfeval.summary(2024, who, sort, descending)
                shown = []
                for number in range(1, 5):
                    page = selfeval_summary.page(2024, who, sort, descending, number, per_page=8)
                    assert page.total == len(whole)
                    if page.page == number:
                        shown += page.items
                    db.session.expire_all()
                assert shown == whole, (who, sort, descending)


def test_a_page_past_the_end_is_the_last_and_no_year_is_empty(app):
    grow()
    page = selfeval_summary.page(2024, None, "score", True, 99, per_page=10)
    assert page.page == 3 and len(page.items) == 7
    assert selfeval_summary.page(2024, None, "", False, 99, per_page=10).items == page.items[:0] + selfeval.summary(2024)[20:]
    empty = selfeval_summary.page(2030)
    assert empty.total == 0 and empty.items == []


def test_the_whole_summary_as_xlsx_for_a_job(app, client):
    from io import BytesIO

    from openpyxl import load_workbook

    grow()
    unit = make_unit("920001", "甲")
    data = selfeval_summary.build_summary_xlsx(2024, unit, "score", True)
    sheet = load_workbook(BytesIO(data)).active
    assert sheet["A1"].value == "2024年度甲项目支出绩效自评汇总表"
    assert [sheet.cell(3 + n, 2).value for n in range(9)] == [r.name for r in selfeval.summary(2024, unit, "score", True)]
