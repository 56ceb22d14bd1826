"""Payments: entry with the fiscal-year and budget rules, adjustments, and all-or-nothing imports."""

import datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.domain.errors import DomainError
from app.domain.payments import read_payment
from app.extensions import db
from app.models import Payment
from app.services import payments
from tests.factories import make_project, make_unit
from tests.progress.builders import FIRST, first, seed, xlsx_bytes

D = Decimal
HEADER = "项目编码,日期,金额（万元）,凭证号,资金来源,摘要\n"


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Payment))


def test_add_and_delete(app):
    project = make_project()
    payment = payments.add_payment(project, read_payment(2024, "2024-03-10", "1.20", "记-001", "财政资金", "考察差旅"))
    assert payments.spent_total(project.id) == D("1.20")
    assert [p.voucher for p in payments.list_payments(project)] == ["记-001"]
    payments.delete_payment(project, payment.id)
    assert count() == 0
    with pytest.raises(DomainError, match="不存在"):
        payments.delete_payment(project, payment.id)


def test_a_payment_past_the_budget_is_refused_until_the_budget_is_adjusted(app):
    project = make_project()  # budget 26.00
    payments.add_payment(project, read_payment(2024, "2024-06-01", "25.00"))
    with pytest.raises(DomainError, match="累计支出 26.01 万元超过预算数 26.00 万元"):
        payments.add_payment(project, read_payment(2024, "2024-06-02", "1.01"))
    payments.add_payment(project, read_payment(2024, "2024-06-02", "1.00"))  # exactly the budget
    assert payments.spent_total(project.id) == D("26.00")
    with pytest.raises(DomainError, match="低于已支出"):
        payments.adjust_budget(project, "25", "压减", "2024-07-01")
    payments.adjust_budget(project, "30.00", "追加预算", "2024-07-01")
    assert payments.budget_of(project) == D("30.00")
    payments.add_payment(project, read_payment(2024, "2024-07-02", "4.00"))
    with pytest.raises(DomainError, match="超过预算数 30.00"):
        payments.add_payment(project, read_payment(2024, "2024-07-03", "0.01"))


def test_adjustment_problems_are_named(app):
    project = make_project()
    with pytest.raises(DomainError) as caught:
        payments.adjust_budget(project, "abc", "", "2023-01-01")
    assert {p.field for p in caught.value.problems} == {"amount", "day", "reason"}


def test_a_payment_outside_the_year_is_refused(app):
    project = make_project()
    with pytest.raises(DomainError, match="不在 2024 年度内"):
        payments.add_payment(project, read_payment(2025, "2025-01-02", "1.00"))


def test_csv_import_of_the_seed(app):
    unit, projects = seed()
    text = HEADER + f"{FIRST},2024-03-10,1.20,记-001,财政资金,考察差旅\n{FIRST},2024/6/20,8.80,记-002,,\n"
    text += ",,,,,\n"  # blank rows are skipped
    text += "13060524P00454410003M,2024年4月1日,3,记-003,其他资金,办公\n"
    summary = payments.import_file(unit, 2024, "支出.csv", text.encode("utf-8-sig"))
    assert summary.to_json() == {
        "payments": 3,
        "projects": [
            {"code": FIRST, "name": "2024年白沟箱包市场采购贸易方式试点活动资金", "payments": 2, "amount": "10.00"},
            {"code": "13060524P00454410003M", "name": "2024年国贸中心事务资金", "payments": 1, "amount": "3.00"},
        ],
        "total": "13.00",
    }
    assert payments.spent_total(first(projects).id) == D("10.00")
    stored = payments.list_payments(first(projects))
    assert [(p.day, p.amount, p.source) for p in stored] == [
        (datetime.date(2024, 3, 10), D("1.20"), "财政资金"),
        (datetime.date(2024, 6, 20), D("8.80"), "财政资金"),
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings_and_project_names(app, encoding):
    unit, projects = seed()
    text = "项目名称\t日期\t金额\n2024年白沟箱包市场采购贸易方式试点活动资金\t2024-03-10\t1.5\n"
    summary = payments.import_file(unit, 2024, "a.csv", text.encode(encoding))
    assert summary.payments == 1 and summary.total == D("1.50")


def test_import_is_all_or_nothing_and_names_the_rows(app):
    unit, projects = seed()
    payments.add_payment(first(projects), read_payment(2024, "2024-01-05", "20.00", "记-000"))
    text = (
        HEADER
        + f"{FIRST},2024-03-10,1.20,记-001,财政资金,\n"  # row 2: fine
        + f"{FIRST},2024-03-11,abc,记-002,,\n"  # row 3
        + f"{FIRST},2023-12-31,1,记-003,,\n"  # row 4
        + "NOPE,2024-03-11,1,记-004,,\n"  # row 5
        + f"{FIRST},2024-05-01,5.00,记-005,,\n"  # row 6: 20 + 1.20 + 5 = 26.20 > 26.00
        + f"{FIRST},2024-05-02,1,记-006,自筹,\n"  # row 7
        + f"{FIRST},2024-01-05,20.00,记-000,,\n"  # row 8: already stored
    )
    with pytest.raises(DomainError) as caught:
        payments.import_file(unit, 2024, "支出.csv", text.encode("utf-8"))
    assert [p.message for p in caught.value.problems] == [
        "第 3 行：金额“abc”不是有效金额",
        "第 4 行：日期 2023-12-31 不在 2024 年度内",
        "第 5 行：项目编码“NOPE”在 304001 的 2024 年度项目中不存在",
        "第 6 行：2024年白沟箱包市场采购贸易方式试点活动资金累计支出 26.20 万元超过预算数 26.00 万元",
        "第 7 行：资金来源“自筹”应为 财政资金 或 其他资金",
        "第 8 行：凭证号 记-000 的这笔支出已登记，不能重复导入",
    ]
    assert count() == 1  # nothing of the file was stored


def test_xlsx_import_with_a_title_line_numbers_and_dates(app):
    unit, projects = seed()
    data = xlsx_bytes(
        [
            ("2024年支出明细",),
            ("序号", "项目编码", "项目名称", "支付日期", "金额(万元)", "凭证号", "资金来源", "摘要"),
            (1, FIRST, None, datetime.datetime(2024, 3, 10), 1.2, 101, "财政资金", "差旅"),
            (2, None, "2024年国贸中心事务资金", "2024-04-01", 0.1 + 0.2, "记-2", None, None),
        ]
    )
    summary = payments.import_file(unit, 2024, "支出.xlsx", data)
    assert summary.to_json()["total"] == "1.50"
    assert [(p.amount, p.voucher) for p in payments.list_payments(first(projects))] == [(D("1.20"), "101")]


def test_xlsx_errors_name_the_spreadsheet_row(app):
    unit, _ = seed()
    data = xlsx_bytes(
        [
            ("项目编码", "日期", "金额"),
            (FIRST, datetime.datetime(2024, 3, 10), 1),
            (),
            (FIRST, "2024-13-01", "一百"),
        ]
    )
    with pytest.raises(DomainError) as caught:
        payments.import_file(unit, 2024, "x.xlsx", data)
    assert [p.message for p in caught.value.problems] == ["第 4 行：日期“2024-13-01”不存在", "第 4 行：金额“一百”不是有效金额"]
    assert count() == 0


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("a.csv", "日期,金额\n2024-01-01,1\n".encode(), "找不到表头"),
        ("a.csv", HEADER.encode(), "没有支出记录"),
        ("a.xls", b"x", "另存为 .xlsx"),
        ("a.pdf", b"x", "请上传 .csv 或 .xlsx"),
        ("a.xlsx", b"not a zip", "不是有效的 Office 文件"),
    ],
)
def test_bad_files(app, name, data, message):
    unit = make_unit()
    with pytest.raises(DomainError, match=message):
        payments.import_file(unit, 2024, name, data)


def test_a_name_shared_by_two_projects_needs_the_code(app):
    unit = make_unit()
    make_project(unit, code="A-1", name="同名项目")
    make_project(unit, code="A-2", name="同名项目")
    with pytest.raises(DomainError, match="第 2 行：项目名称“同名项目”对应多个项目"):
        payments.import_file(unit, 2024, "a.csv", "项目名称,日期,金额\n同名项目,2024-01-01,1\n".encode())


def test_deleting_a_project_takes_its_payments_and_reports(app):
    from app.domain.monitoring import MonitoringEntry, RowEntry
    from app.models import BudgetAdjustment, MonitoringReport, MonitoringRow
    from app.services import monitoring, projects

    project = make_project()
    payments.add_payment(project, read_payment(2024, "2024-03-10", "1.20"))
    payments.adjust_budget(project, "30", "追加", "2024-04-01")
    rows = tuple(RowEntry(i.id, likelihood="确定能") for i in project.indicators)
    monitoring.save(project, MonitoringEntry(6, D("26"), "", rows))
    projects.delete_project(project)
    db.session.expire_all()
    for model in (Payment, BudgetAdjustment, MonitoringReport, MonitoringRow):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0, model
