"""Region services: the engine input built from the database scores as ``jixiao orders score`` does,
CRUD with audit rows, the monthly table, imports (all or nothing), the demo year."""

import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.centres.cli import plain
from app.centres.models import RegionYear
from app.centres.regions import services
from app.centres.regions.demo import demo_document, load_demo_regions
from app.domain.errors import ConflictError, DomainError
from app.extensions import db
from app.models import AuditEvent
from app.services import demo
from tests.centres.regions_data import HANGZHOU, HEADER, csv_bytes, make_region, rows_of, snapshot, xlsx_bytes
from tests.factories import make_unit

NINGBO = [
    ["1", "0.7", "0.8", "0.6", "10", "7", "0", "0", "0"],
    ["2", "0.75", "0.8", "0.65", "0", "0", "0", "0", "0"],
    ["4", "0.8", "0.85", "0.7", "12", "12", "0", "0", "3"],
    ["5", "0.8", "0.85", "0.72", "8", "8", "5", "1", "0"],
]

# The same two regions written by hand in the command's JSON format.
CLI_DOCUMENT = """{"year": 2020, "regions": [
 {"name": "宁波市", "cases": 7, "months": [
  {"month": 1, "fill_share": 0.7, "prev_accuracy": 0.8, "completion": 0.6, "asked": 10, "answered": 7},
  {"month": 2, "fill_share": 0.75, "prev_accuracy": 0.8, "completion": 0.65},
  {"month": 4, "fill_share": 0.8, "prev_accuracy": 0.85, "completion": 0.7, "asked": 12, "answered": 12, "sluggish": 3},
  {"month": 5, "fill_share": 0.8, "prev_accuracy": 0.85, "completion": 0.72, "asked": 8, "answered": 8, "warned": 5, "feedback": 1}]},
 {"name": "杭州市", "cases": 3, "months": [
  {"month": 1, "fill_share": 0.82, "prev_accuracy": 0.9, "completion": 0.75, "asked": 40, "answered": 38, "warned": 0, "feedback": 0, "sluggish": 0},
  {"month": 2, "fill_share": 0.8, "prev_accuracy": 0.88, "completion": 0.78, "asked": 30, "answered": 30, "sluggish": 1},
  {"month": 3, "fill_share": 0.855, "prev_accuracy": 0.91, "completion": 0.8, "asked": 45, "answered": 40},
  {"month": 4, "fill_share": 0.86, "prev_accuracy": 0.9, "completion": 0.82, "asked": 20, "answered": 19},
  {"month": 5, "fill_share": 0.9, "prev_accuracy": 0.92, "completion": 0.85, "asked": 35, "answered": 35, "warned": 10, "feedback": 8},
  {"month": 6, "fill_share": 0.88, "prev_accuracy": 0.9, "completion": 0.86, "asked": 25, "answered": 22, "warned": 12, "feedback": 12, "sluggish": 2}]}
]}"""


def cli_scores(runner, tmp_path, text: str) -> dict:
    path = tmp_path / "regions.json"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(args=["orders", "score", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_database_year_scores_exactly_as_the_command_on_the_same_figures(app, runner, tmp_path):
    make_region("杭州市", HANGZHOU, cases=3)
    make_region("宁波市", NINGBO, cases=7)
    printed = cli_scores(runner, tmp_path, CLI_DOCUMENT)
    assert len(printed["regions"]) == 2
    # The service's engine input, scored by the service, is what the command prints for the hand-written file …
    document = services.engine_document(2020)
    assert plain(services.score_document(document)) == printed
    # … and that input, written as JSON, is a file the command reads the same way.
    assert cli_scores(runner, tmp_path, json.dumps(plain(document), ensure_ascii=False)) == printed
    # The pages' table holds the same numbers.
    rows = {row.region.name: plain(row.data) for row in services.year_table(2020).rows}
    assert rows == {region["name"]: region for region in printed["regions"]}
    hangzhou = rows["杭州市"]
    assert hangzhou["bonus"] == 0.3 and rows["宁波市"]["bonus"] == 0.5
    assert hangzhou["months"][0] == {"month": 1, "fill_rate": 0.816, "response_rate": 0.95}


def test_a_region_without_months_is_listed_unscored_and_left_out_of_the_engine_input(app):
    make_region("杭州市", HANGZHOU)
    make_region("温州市", table=None)
    assert [r["name"] for r in services.engine_document(2020)["regions"]] == ["杭州市"]
    rows = {row.region.name: row for row in services.year_table(2020).rows}
    assert rows["温州市"].score is None and rows["温州市"].months == [] and rows["杭州市"].score is not None
    assert services.engine_document(2021) == {"year": 2021, "regions": []}


def test_lists_show_regions_of_the_users_units_and_those_without_a_unit(app):
    unit_a, unit_b = make_unit("304001", "甲"), make_unit("573301", "乙")
    make_region("杭州市", unit_id=unit_a.id)
    make_region("宁波市", unit_id=unit_b.id)
    make_region("温州市")
    assert [r.name for r in services.list_regions(frozenset({unit_a.id}))] == ["杭州市", "温州市"]
    assert [r.name for r in services.list_regions(None)] == ["宁波市", "杭州市", "温州市"]


def events(object_type: str | None = None) -> list[AuditEvent]:
    stmt = select(AuditEvent).order_by(AuditEvent.id)
    if object_type:
        stmt = stmt.where(AuditEvent.object_type == object_type)
    return list(db.session.scalars(stmt))


def test_creating_renaming_and_deleting_a_region_is_audited(app):
    unit = make_unit()
    region = services.create_region(services.RegionDraft("  杭州市 ", "", unit.id))
    assert (region.name, region.province, region.unit_id) == ("杭州市", "浙江省", unit.id)
    (created,) = events("Region")
    assert created.action == "create" and created.object_label == "杭州市"
    assert ["province", None, "浙江省"] in created.changes
    services.update_region(region, services.RegionDraft("杭州", "浙江省", None))
    update = events("Region")[-1]
    assert update.action == "update" and sorted(update.changes) == [["name", "杭州市", "杭州"], ["unit_id", str(unit.id), None]]
    services.save_table(region, 2020, "1", rows_of(HANGZHOU[:2]), 0)
    services.delete_region(region)
    deleted = [(e.object_type, e.object_label) for e in events() if e.action == "delete"]
    assert ("Region", "杭州") in deleted and ("RegionYear", "2020 年度") in deleted
    assert {label for kind, label in deleted if kind == "RegionMonth"} == {"2020 年 1 月", "2020 年 2 月"}
    assert all(e.root_type == "Region" for e in events() if e.object_type.startswith("Region"))


@pytest.mark.parametrize(
    ("draft", "field", "message"),
    [
        (services.RegionDraft(""), "name", "请填写地区名称"),
        (services.RegionDraft("杭州市"), "name", "地区“杭州市”已存在"),
        (services.RegionDraft("宁波市", unit_id=999999), "unit", "所选预算单位不存在"),
        (services.RegionDraft("宁波市", "省" * 51), "province", "省份不能超过 50 字"),
    ],
)
def test_bad_regions_are_refused_and_nothing_is_written(app, draft, field, message):
    make_region("杭州市")
    before = snapshot()
    with pytest.raises(DomainError) as caught:
        services.create_region(draft)
    assert [(p.field, p.message) for p in caught.value.problems] == [(field, message)]
    assert snapshot() == before


def test_saving_the_table_replaces_the_year_and_records_only_what_changed(app):
    region = make_region("杭州市", HANGZHOU[:3], cases=1)
    record = services.record_of(region, 2020)
    assert record.version == 1 and [m.month for m in record.months] == [1, 2, 3]
    assert record.months[0].fill_share == Decimal("0.82") and record.months[2].fill_share == Decimal("0.855")
    mark = events()[-1].id
    changed = [line[:] for line in HANGZHOU[:2]]
    changed[0][1] = "85%"
    services.save_table(region, 2020, "2", rows_of(changed), 1)  # month 3 left blank: removed
    new = [e for e in events() if e.id > mark]
    assert sorted((e.action, e.object_type, e.object_label) for e in new) == [
        ("delete", "RegionMonth", "2020 年 3 月"), ("update", "RegionMonth", "2020 年 1 月"), ("update", "RegionYear", "2020 年度"),
    ]
    assert next(e for e in new if e.action == "update" and e.object_type == "RegionMonth").changes == [["fill_share", "82%", "85%"]]
    assert next(e for e in new if e.object_type == "RegionYear").changes == [["cases", "1", "2"]]
    record = services.record_of(region, 2020)
    assert record.version == 2 and [m.month for m in record.months] == [1, 2]
    mark = events()[-1].id
    services.save_table(region, 2020, "2", rows_of(changed), 2)  # the same again: nothing happens
    assert [e for e in events() if e.id > mark] == [] and services.record_of(region, 2020).version == 2


def test_a_year_emptied_completely_is_removed(app):
    region = make_region("杭州市", HANGZHOU[:1], cases=0)
    services.save_table(region, 2020, "", [], 1)
    assert services.record_of(region, 2020) is None and services.years_in_use() == []


def test_a_table_saved_by_someone_else_meanwhile_is_not_overwritten(app):
    region = make_region("杭州市", HANGZHOU[:2])
    services.save_table(region, 2020, "3", rows_of(HANGZHOU[:3]), 1)  # someone saves: version 2
    before = snapshot()
    with pytest.raises(ConflictError) as caught:
        services.save_table(region, 2020, "3", rows_of(HANGZHOU[:1]), 1)  # opened at version 1
    assert "已被他人修改，您的修改尚未保存" in str(caught.value)
    assert "获评案例数" in str(caught.value)  # who changed what: the case count, by the command line
    assert snapshot() == before
    with pytest.raises(ConflictError):
        services.save_table(make_region("宁波市", table=None), 2020, "0", rows_of(HANGZHOU[:1]), 4)  # no year yet is version 0


def test_a_bad_table_saves_nothing_and_names_every_cell(app):
    region = make_region("杭州市", HANGZHOU[:2])
    before = snapshot()
    bad = [line[:] for line in HANGZHOU[:3]]
    bad[0][5] = "41"  # answered > asked (40)
    bad[2][2] = "120%"
    with pytest.raises(DomainError) as caught:
        services.save_table(region, 2020, "-1", rows_of(bad), 1)
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("cases", "获评案例数：不能为负数，现为“-1”"),
        ("months-0-answered", "1 月“响应数”：41 超过提问数 40"),
        ("months-2-prev_accuracy", "3 月“上月填报准确率”：应在 0% 到 100% 之间，现为“120%”"),
    ]
    assert snapshot() == before


# -- imports -------------------------------------------------------------------------------


def test_a_csv_import_is_previewed_without_writing_then_merged_into_the_year(app):
    region = make_region("杭州市", HANGZHOU[:2], cases=3)
    before = snapshot()
    data = csv_bytes([["2", "0.81", "0.88", "0.78", "30", "30", "0", "0", "1"], ["7", "90%", "0.9", "0.88", "20", "20", "0", "0", "0"]])
    preview = services.preview_import(region, 2020, "杭州.csv", data)
    assert snapshot() == before  # a preview writes nothing
    assert [(i.month.month, i.status, i.where) for i in preview.months] == [(2, "修改", "第 2 行"), (7, "新增", "第 3 行")]
    assert preview.version == 1 and preview.before is not None and preview.after is not None
    assert [m.month for m in preview.after.months] == [1, 2, 7]
    services.confirm_import(region, 2020, preview.payload, preview.version, "杭州.csv")
    record = services.record_of(region, 2020)
    assert [m.month for m in record.months] == [1, 2, 7] and record.cases == 3
    assert record.months[1].fill_share == Decimal("0.81") and record.months[2].fill_share == Decimal("0.9")
    imported = [e for e in events() if e.action == "import"]
    assert len(imported) == 1 and imported[0].comment == "导入 杭州.csv（2 个月）" and imported[0].root_label == "杭州市"
    assert services.region_report(region, 2020).score == preview.after


def test_an_xlsx_import_reads_excel_numbers_and_finds_the_header_below_a_title(app):
    region = make_region("杭州市", table=None)
    lines = [
        [1, 0.82, 0.9, 0.75, 40, 38, 0, 0, 0],
        ["2020年2月", "80%", 0.1 + 0.78, 0.78, 30.0, 30, None, None, 1],
    ]
    data = xlsx_bytes([[line[0], *line[1:], "备注"] for line in lines], header=[*HEADER, "备注"], before=[["杭州市 2020 年订单+清单月度数据"], []])
    preview = services.preview_import(region, 2020, "杭州.xlsx", data)
    assert preview.ignored == ("备注",)
    months = [item.month for item in preview.months]
    assert [(m.month, m.fill_share, m.prev_accuracy, m.asked, m.warned) for m in months] == [
        (1, Decimal("0.82"), Decimal("0.9"), 40, 0), (2, Decimal("0.8"), Decimal("0.88"), 30, 0),
    ]
    services.confirm_import(region, 2020, preview.payload, preview.version, "杭州.xlsx")
    assert plain(services.region_report(region, 2020).data)["months"][0] == {"month": 1, "fill_rate": 0.816, "response_rate": 0.95}


def test_a_gb18030_csv_with_english_headers_and_a_region_column_is_read(app):
    region = make_region("杭州市", table=None)
    header = ["name", "month", "fill_share", "prev_accuracy", "completion", "asked", "answered", "warned", "feedback", "sluggish"]
    data = csv_bytes([["杭州市", *HANGZHOU[0]]], header=header, encoding="gb18030")
    preview = services.preview_import(region, 2020, "hz.csv", data)
    assert [i.month.month for i in preview.months] == [1]


@pytest.mark.parametrize(
    ("lines", "messages"),
    [
        (
            [["1", "82", "0.9", "0.75", "40", "38", "0", "0", "0"], ["2", "0.8", "0.9", "0.75", "30", "31", "5", "6", "-2"]],
            [
                "第 2 行“当月填报企业数占比”：应为 0 到 1 之间的小数或带 % 的百分数，现为“82”；若指 82%，请写作“82%”",
                "第 3 行“响应拖沓、答复草率次数”：不能为负数，现为“-2”",
                "第 3 行“响应数”：31 超过提问数 30",  # checked although the line has another error
                "第 3 行“五色清单反馈企业数”：6 超过五色清单预警企业数 5",
            ],
        ),
        (
            [["1", "0.8", "0.9", "0.75", "30", "31", "5", "6", "0"], ["1", "0.8", "0.9", "0.75", "3", "3", "0", "0", "0"]],
            [
                "第 2 行“响应数”：31 超过提问数 30",
                "第 2 行“五色清单反馈企业数”：6 超过五色清单预警企业数 5",
                "第 3 行“月份”：1 月已在第 2 行出现，每月只能有一条",
            ],
        ),
        ([["13", "0.8", "0.9", "0.75", "3", "3", "0", "0", "0"]], ["第 2 行“月份”：应为 1 到 12 的月份，现为“13”"]),
        ([["2021-01", "0.8", "101%", "", "3", "3", "0", "0", "0"]], [
            "第 2 行“月份”：“2021-01”不属于 2020 年度", "第 2 行“上月填报准确率”：应在 0% 到 100% 之间，现为“101%”",
            "第 2 行“当年填报完成度”：不能为空",
        ]),
    ],
)
def test_a_bad_import_is_refused_whole_naming_row_and_column_and_the_database_is_unchanged(app, lines, messages):
    region = make_region("杭州市", HANGZHOU[:2])
    before = snapshot()
    with pytest.raises(DomainError) as caught:
        services.preview_import(region, 2020, "bad.csv", csv_bytes(lines))
    assert [p.message for p in caught.value.problems] == messages
    assert snapshot() == before


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("a.csv", csv_bytes([HANGZHOU[0][:3]], header=HEADER[:3]), "表头缺少以下列：当年填报完成度、提问数、响应数、五色清单预警企业数、五色清单反馈企业数、响应拖沓、答复草率次数"),  # noqa: E501
        ("a.csv", csv_bytes([["x"]], header=["项目", "金额"]), "找不到表头"),
        ("a.csv", csv_bytes([]), "表头下没有数据行"),
        ("a.csv", csv_bytes([["", "", "", "", "", "", "", "", ""]]), "表头下没有数据行"),
        ("a.xls", b"\xd0\xcf\x11\xe0", "不支持旧版 .xls 文件"),
        ("a.pdf", b"%PDF", "请上传 .csv 或 .xlsx 文件"),
        ("a.xlsx", b"not a zip", "Excel"),
        ("a.csv", csv_bytes([["宁波市", *HANGZHOU[0]]], header=["地区", *HEADER]), "第 2 行“地区”：为“宁波市”，与当前地区“杭州市”不符"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(app, filename, data, message):
    region = make_region("杭州市", HANGZHOU[:1])
    before = snapshot()
    with pytest.raises(DomainError) as caught:
        services.preview_import(region, 2020, filename, data)
    assert message in "；".join(p.message for p in caught.value.problems)
    assert snapshot() == before


def test_the_confirmation_checks_the_returned_months_again(app):
    region = make_region("杭州市", HANGZHOU[:1])
    preview = services.preview_import(region, 2020, "a.csv", csv_bytes([HANGZHOU[1]]))
    before = snapshot()
    tampered = json.loads(preview.payload)
    tampered[0]["answered"] = "999"
    for payload, message in ((json.dumps(tampered), "第 2 行“响应数”：999 超过提问数 30"), ("{", "导入内容无效"), ("[]", "导入内容无效")):
        with pytest.raises(DomainError) as caught:
            services.confirm_import(region, 2020, payload, preview.version, "a.csv")
        assert message in str(caught.value)
    services.save_table(region, 2020, "3", rows_of(HANGZHOU[:1]), 1)  # unchanged: still version 1
    services.save_table(region, 2020, "4", rows_of(HANGZHOU[:1]), 1)  # someone changes the year meanwhile
    before = snapshot()
    with pytest.raises(ConflictError):
        services.confirm_import(region, 2020, preview.payload, preview.version, "a.csv")
    assert snapshot() == before


# -- the demo year ---------------------------------------------------------------------------


def test_the_demo_year_loads_once_scores_as_its_file_and_keeps_later_edits(app, runner, tmp_path):
    first = load_demo_regions()
    assert "本次载入 3 个地区的月度数据" in first
    printed = cli_scores(runner, tmp_path, json.dumps(demo_document(), ensure_ascii=False))
    assert plain(services.score_document(services.engine_document(2020))) == {
        "regions": sorted(printed["regions"], key=lambda r: [row.region.name for row in services.year_table(2020).rows].index(r["name"]))
    }
    verdicts = {row.region.name: (row.score.fill_met, row.score.response_met) for row in services.year_table(2020).rows}
    assert verdicts == {"杭州市": (True, True), "宁波市": (True, False), "温州市": (False, True)}
    hangzhou = services.find_region("杭州市")
    services.save_table(hangzhou, 2020, "5", rows_of(HANGZHOU), services.version_of(hangzhou, 2020))
    before = snapshot()
    assert "本次载入 0 个地区的月度数据" in load_demo_regions()
    assert snapshot() == before


def test_jixiao_demo_runs_the_region_loader(app, runner, monkeypatch):
    monkeypatch.setattr("app.cli.data.upgrade", lambda: None)  # the test database is made by create_all
    assert load_demo_regions in app.extensions[demo.DEMO_LOADERS]
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "演示“订单+清单”地区（2020 年度）：杭州市、宁波市、温州市" in result.output
    assert db.session.scalar(select(RegionYear).limit(1)) is not None
