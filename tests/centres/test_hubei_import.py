"""Service records from CSV and .xlsx: headers in Chinese or English, every bad row named, all or nothing."""

import datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.centres.cli import plain
from app.centres.hubei import services
from app.centres.hubei.records import read_records
from app.centres.models import CentreServiceRecord
from app.centres.rules.hubei_drafts import APPEND, REPLACE, CentreDraft
from app.domain.errors import DomainError
from app.extensions import db
from app.models import AuditEvent
from tests.centres.builders import centre_doc, contract_document, service_doc
from tests.centres.hubei_store import cli_json, records_csv, records_xlsx, rows_of, store_document

GOOD = [
    ("武汉甲贸易有限公司", "报关", "一般贸易出口报关", "2024-05-01", "2024-05-20", "满意"),
    ("武汉乙贸易有限公司", "退税", "出口退税申报", "2024/6/3", "", ""),
    ("武汉丙贸易有限公司", "外贸保险", "出口信用保险投保", "2024年7月9日", "2024-08-30", "不满意"),
]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def messages(call) -> list[str]:
    with pytest.raises(DomainError) as caught:
        call()
    return [p.message for p in caught.value.problems]


def test_a_csv_with_chinese_headers_is_read():
    drafts = read_records("服务记录.csv", records_csv(GOOD), 2024)
    assert [(d.client, d.item, d.matter) for d in drafts] == [(r[0], r[1], r[2]) for r in GOOD]
    assert [d.requested for d in drafts] == [datetime.date(2024, 5, 1), datetime.date(2024, 6, 3), datetime.date(2024, 7, 9)]
    assert [d.evaluated for d in drafts] == [datetime.date(2024, 5, 20), None, datetime.date(2024, 8, 30)]
    assert [d.rating for d in drafts] == ["satisfied", None, "dissatisfied"]


def test_an_xlsx_with_a_title_line_real_dates_and_english_headers_is_read():
    rows = [("甲公司", "咨询", "政策咨询", datetime.datetime(2024, 3, 1), datetime.date(2024, 3, 15), "satisfied"),
            ("乙公司", " 报 检 ", "出口商品检验", datetime.date(2024, 4, 2), None, None)]
    data = records_xlsx(rows, header=("client", "item", "matter", "requested", "evaluated", "rating"), title="2024年服务数据")
    drafts = read_records("export.XLSX", data, 2024)
    assert [(d.client, d.item, d.requested, d.evaluated, d.rating) for d in drafts] == [
        ("甲公司", "咨询", datetime.date(2024, 3, 1), datetime.date(2024, 3, 15), "satisfied"),
        ("乙公司", "报检", datetime.date(2024, 4, 2), None, None),
    ]


def test_columns_in_any_order_with_extra_columns_and_headers_that_go_on():
    header = ("序号", "评价结果", "申请日期（年-月-日）", "服务事项内容", "服务项目", "服务对象名称", "备注")
    rows = [("1", "非常满意", "2024-01-05", "RCEP 原产地规则咨询", "咨询", "甲公司", "无")]
    (draft,) = read_records("a.csv", records_csv(rows, header=header), 2024)
    assert (draft.client, draft.item, draft.matter, draft.rating) == ("甲公司", "咨询", "RCEP 原产地规则咨询", "satisfied")


def test_without_a_service_item_column_service_matter_names_the_item_and_content_the_matter():
    header = ("服务对象", "服务事项", "服务内容", "申请日期", "评价日期", "评价结果")
    (draft,) = read_records("a.csv", records_csv([("甲公司", "报关", "出口报关", "2024-02-01", "", "")], header=header), 2024)
    assert (draft.item, draft.matter) == ("报关", "出口报关")


def test_a_gb18030_csv_from_excel_is_read():
    (draft,) = read_records("a.csv", records_csv(GOOD[:1], encoding="gb18030"), 2024)
    assert draft.client == "武汉甲贸易有限公司"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({1: "报关单"}, "第 3 行“服务项目”：“报关单”不是 14 项服务项目之一（咨询、培训、备案、"),
        ({3: "2024-13-01"}, "第 3 行“申请日期”：日期“2024-13-01”不存在"),
        ({3: "五月一日"}, "第 3 行“申请日期”：日期“五月一日”无法识别，应写作 2024-03-15"),
        ({3: ""}, "第 3 行“申请日期”：不能为空"),
        ({3: "2023-12-31"}, "第 3 行“申请日期”：2023-12-31 不在 2024 年度内"),
        ({4: "2024-06-02"}, "第 3 行“评价日期”：2024-06-02 早于申请日期 2024-06-03"),
        ({4: "2024-6-31"}, "第 3 行“评价日期”：日期“2024-6-31”不存在"),
        ({5: "很好"}, "第 3 行“评价结果”：“很好”无法识别，应为“满意”“不满意”或留空（未评价）"),
        ({0: ""}, "第 3 行“服务对象”：不能为空"),
        ({1: ""}, "第 3 行“服务项目”：不能为空"),
        ({0: "企" * 201}, "第 3 行“服务对象”：不能超过 200 字"),
        ({2: "事" * 501}, "第 3 行“服务事项”：不能超过 500 字"),
    ],
)
def test_each_kind_of_bad_row_is_named_by_row_and_column(change, message):
    rows = [list(row) for row in GOOD]
    for column, value in change.items():
        rows[1][column] = value
    assert message in "\n".join(messages(lambda: read_records("a.csv", records_csv(rows), 2024)))


def test_every_bad_row_is_reported_at_once_with_xlsx_line_numbers():
    rows = [GOOD[0], ("甲", "报关", "x", "2024-01-01", "2023-12-01", ""), GOOD[1], ("乙", "运输", "y", "2024-01-01", "", "")]
    found = messages(lambda: read_records("a.xlsx", records_xlsx(rows, title="标题行"), 2024))
    assert found == [
        "第 4 行“评价日期”：2023-12-01 早于申请日期 2024-01-01",
        "第 6 行“服务项目”：“运输”不是 14 项服务项目之一（咨询、培训、备案、审证、制单、结汇、退税、外贸保险、报关、报检、物流、翻译、认证、外贸代理）",
    ]


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("a.csv", records_csv(GOOD, header=("企业", "项目", "日期")), "找不到表头：需要“服务对象”“服务项目”“服务事项”“申请日期”列"),
        ("a.csv", records_csv([]), "文件中没有服务记录"),
        ("a.xls", b"\xd0\xcf", "不支持旧版 .xls 文件"),
        ("a.pdf", b"%PDF", "请上传 .csv 或 .xlsx 文件"),
        ("a.xlsx", b"not a zip", "不是有效的"),
        ("a.csv", "服务对象,服务项目".encode("utf-16"), "无法识别 CSV 文件的编码"),
    ],
)
def test_unreadable_files_are_refused_in_chinese(filename, data, message):
    found = "\n".join(messages(lambda: read_records(filename, data, 2024)))
    assert message in found or (message == "不是有效的" and "Excel" in found)


# -- the import service: preview, all or nothing, replace or append --------------------------


@pytest.fixture
def centre(app):
    return services.create_centre(CentreDraft("C1", "示范中心", "national"))


def test_the_preview_stores_nothing_and_tells_the_score_before_and_after(app, centre):
    before = (count(CentreServiceRecord), count(AuditEvent))
    preview = services.preview_import(centre, 2024, "a.csv", records_csv(GOOD), REPLACE)
    assert (count(CentreServiceRecord), count(AuditEvent)) == before
    assert len(preview.records) == 3 and preview.replaced == 0
    assert dict(preview.counts)["报关"] == 1 and dict(preview.counts)["咨询"] == 0
    assert (preview.before.part("R7"), preview.after.part("R7")) == (0, 0)  # 24 − 0.1 × 477 is below 0
    assert preview.before.part("R6") == 0 and preview.after.part("R6") == 1.5  # 3 of 14 items: 7 − 0.5 × 11


def test_imported_records_score_as_the_command_scores_the_same_json(app, runner, tmp_path):
    document = contract_document()
    centres = store_document({"year": 2024, "centres": [dict(c, services=[]) for c in document["centres"]],
                              "assignments": document["assignments"]})
    rows = rows_of(document["centres"][0]["services"])
    result = services.import_records(centres["C1"], 2024, "服务数据.xlsx", records_xlsx(rows), REPLACE)
    assert len(result.records) == 443 and result.after.to_dict()["total"] == Decimal("86.3")
    assert plain(services.score_year(2024).result.to_dict()) == cli_json(runner, tmp_path, document)


def test_a_refused_import_leaves_the_database_exactly_as_it_was(app, centre):
    services.import_records(centre, 2024, "a.csv", records_csv(GOOD), REPLACE)
    stored = [(r.id, r.client, r.position) for r in services.service_records(centre, 2024)]
    audit_rows = count(AuditEvent)
    bad = [*GOOD, ("丁公司", "报关", "z", "2024-02-30", "", "")]
    for mode in (REPLACE, APPEND):
        assert messages(lambda: services.import_records(centre, 2024, "b.csv", records_csv(bad), mode)) == [  # noqa: B023
            "第 5 行“申请日期”：日期“2024-02-30”不存在"
        ]
    db.session.expire_all()
    assert [(r.id, r.client, r.position) for r in services.service_records(centre, 2024)] == stored
    assert count(AuditEvent) == audit_rows


def test_replace_swaps_the_years_records_and_append_adds_after_them(app, centre):
    services.import_records(centre, 2024, "a.csv", records_csv(GOOD), REPLACE)
    services.import_records(centre, 2024, "a.csv", records_csv(GOOD[:2]), REPLACE)
    assert [r.client for r in services.service_records(centre, 2024)] == [GOOD[0][0], GOOD[1][0]]
    preview = services.preview_import(centre, 2024, "b.csv", records_csv(GOOD[:1]), APPEND)
    assert preview.kept == 2 and preview.replaced == 0
    # the same record twice: 000 第十一条 voids every record of its item, and the preview says so
    assert [f["clause"] for f in preview.duplicates] == ["000 第十一条"]
    assert "第 1、3 条服务记录重复" in preview.duplicates[0]["text"] and "取消报关项目数据得分" in preview.duplicates[0]["text"]
    services.import_records(centre, 2024, "b.csv", records_csv(GOOD[:1]), APPEND)
    assert [(r.client, r.position) for r in services.service_records(centre, 2024)] == [
        (GOOD[0][0], 0), (GOOD[1][0], 1), (GOOD[0][0], 2),
    ]


def test_records_of_other_years_are_kept_apart(app, centre):
    services.import_records(centre, 2024, "a.csv", records_csv(GOOD), REPLACE)
    services.import_records(centre, 2023, "b.csv", records_csv([("甲", "咨询", "x", "2023-03-01", "", "")]), REPLACE)
    services.import_records(centre, 2024, "a.csv", records_csv(GOOD[:1]), REPLACE)  # replaces 2024 only
    assert len(services.service_records(centre, 2023)) == 1 and len(services.service_records(centre, 2024)) == 1


def test_an_unknown_mode_is_refused(app, centre):
    assert messages(lambda: services.preview_import(centre, 2024, "a.csv", records_csv(GOOD), "merge")) == ["请选择导入方式"]


def test_nine_hundred_records_earn_the_top_volume_bonus_in_the_preview(app, centre):
    rows = rows_of(service_doc(900))
    preview = services.preview_import(centre, 2024, "a.csv", records_csv(rows), REPLACE)
    assert len(preview.records) == 900 and preview.after.part("B1") == 3


def test_centre_doc_records_round_trip_through_a_csv(app, centre):
    rows = rows_of(centre_doc()["services"])
    drafts = read_records("a.csv", records_csv(rows), 2024)
    assert [d.to_input() for d in drafts] == centre_doc()["services"]
