"""Importing .docx / .txt target tables: all or nothing, units, existing projects, dry runs, the CLI."""

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.domain.errors import DomainError
from app.extensions import db
from app.models import DepartmentGoals, Indicator, Project, Unit
from app.services import interchange
from app.services.imports import EXTENSIONS, discard_upload, import_document, read_upload, save_upload
from tests.documents.docx_builder import INDICATORS, Table, build
from tests.factories import make_project, make_unit

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"  # copies of the seed documents, kept in the repository
TITLE_1 = "2024 304001 13060524P00466210002W 2024年白沟箱包市场采购贸易方式试点活动资金"


def seed(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def two_tables(**second) -> bytes:
    options = {"number": 2, "name": "2024年国贸中心事务资金", "code": "13060524P00454410003M", **second}
    return build(Table(), Table(**options))


def test_both_seeds_import_with_their_units(app):
    tianjin = import_document(seed("003").read_bytes(), "003.txt")
    baigou = import_document(seed("004").read_bytes(), "004.txt")
    assert (len(tianjin.created), len(baigou.created)) == (7, 14)
    assert tianjin.units_created == ["573301中国国际贸易促进委员会天津市分会"]
    assert baigou.units_created == ["304001保定白沟新城国际贸易服务中心（本级）"]
    assert count(Project) == 21 and count(Unit) == 2
    assert count(Indicator) == tianjin.indicators + baigou.indicators
    assert baigou.created[0] == TITLE_1
    assert baigou.departments == 1 and count(DepartmentGoals) == 1
    years = set(db.session.scalars(select(Project.year)))
    assert years == {2023, 2024}


def test_docx_imports_with_the_unit_line(app):
    summary = import_document(two_tables(), "t.docx")
    assert summary.created == [TITLE_1, "2024 304001 13060524P00454410003M 2024年国贸中心事务资金"]
    assert summary.indicators == 2 * len(INDICATORS)
    assert summary.units_created == ["304001保定白沟新城国际贸易服务中心（本级）"]
    project = db.session.scalar(select(Project).where(Project.code == "13060524P00466210002W"))
    assert [c.month for c in project.checkpoints] == [3, 6, 10, 12]
    assert [i.level2 for i in project.indicators][:3] == ["数量指标", "质量指标", "时效指标"]


def test_a_broken_second_table_imports_nothing(app):
    rows = list(INDICATORS)
    rows[1] = ("产出指标", "质量指标", "", "活动参与率", "≥95%", "")
    with pytest.raises(DomainError) as err:
        import_document(two_tables(indicators=tuple(rows), levels="repeated"), "t.docx")
    message = str(err.value)
    assert "第 2 个表“2024年国贸中心事务资金绩效目标表”" in message and "第 2 行指标缺少三级指标" in message
    assert count(Project) == count(Unit) == 0


def test_a_rule_broken_in_the_second_table_imports_nothing(app):
    with pytest.raises(DomainError) as err:
        import_document(two_tables(amounts=("1.00", "2.00", "3.00", "20.00")), "t.docx")
    assert "第 2 个表“2024年国贸中心事务资金绩效目标表”：12月底累计计划支出 20.00 应等于预算数 26.00" in str(err.value)
    assert count(Project) == count(Unit) == 0


def test_unit_option_assigns_every_project(app):
    other = make_unit("573301", "天津分会")
    summary = import_document(two_tables(), "t.docx", unit_code="573301")
    assert summary.units_created == [] and len(summary.created) == 2
    assert set(db.session.scalars(select(Project.unit_id))) == {other.id}
    assert db.session.scalar(select(Unit).where(Unit.code == "304001")) is None


def test_unknown_unit_option_is_an_error(app):
    with pytest.raises(DomainError, match="单位编码 999999 不存在"):
        import_document(two_tables(), "t.docx", unit_code="999999")
    assert count(Project) == count(Unit) == 0


def test_no_unit_line_needs_the_unit_option(app):
    data = build(Table(), Table(number=2, name="2024年无单位行项目", code="N2", unit=None))
    with pytest.raises(DomainError, match="第 2 个表“2024年无单位行项目绩效目标表”：没有单位行"):
        import_document(data, "t.docx")
    assert count(Project) == count(Unit) == 0
    make_unit("573301", "天津分会")
    assert len(import_document(data, "t.docx", unit_code="573301").created) == 2


def test_year_option_and_a_document_without_a_year(app):
    data = build(Table(name="白沟项目", title="1.白沟项目绩效目标表"))
    with pytest.raises(DomainError, match="第 1 个表“白沟项目绩效目标表”：无法从文件中确定年度"):
        import_document(data, "t.docx")
    assert import_document(data, "t.docx", year=2025).created == ["2025 304001 13060524P00466210002W 白沟项目"]


def test_existing_project_is_skipped_unless_update(app):
    make_project(purpose="旧用途")
    skipped = import_document(two_tables(), "t.docx")
    assert skipped.skipped == [TITLE_1] and len(skipped.created) == 1
    assert [item.status for item in skipped.items] == ["skipped", "created"]
    assert db.session.scalar(select(Project.purpose).where(Project.code == "13060524P00466210002W")) == "旧用途"
    updated = import_document(two_tables(), "t.docx", update=True)
    assert updated.updated == [TITLE_1, "2024 304001 13060524P00454410003M 2024年国贸中心事务资金"]
    assert updated.skipped == [] and count(Project) == 2
    assert db.session.scalar(select(Project.purpose).where(Project.code == "13060524P00466210002W")).startswith("预算资金")


def test_the_same_project_twice_in_one_document_is_an_error(app):
    with pytest.raises(DomainError, match="第 2 个表.*与第 1 个表.*是同一个项目"):
        import_document(build(Table(), Table(number=2)), "t.docx")
    assert count(Project) == 0


def test_dry_run_saves_nothing_but_reports_everything(app):
    summary = import_document(seed("004").read_bytes(), "004.txt", dry_run=True)
    assert len(summary.created) == 14 and summary.units_created and summary.dry_run
    assert summary.to_dict()["projects"] == 14
    assert count(Project) == count(Unit) == count(DepartmentGoals) == 0


def test_warnings_are_reported(app):
    summary = import_document(seed("003").read_bytes(), "003.txt")
    assert any(w.startswith("第 7 个表“外事费绩效目标表”：表格不完整") for w in summary.warnings)
    assert "第 7 个表“外事费绩效目标表”：没有满意度指标" in summary.warnings


def test_load_still_updates_existing_projects(app):
    make_project(purpose="旧用途")
    document = interchange.dump()
    document["projects"][0]["purpose"] = "新用途"
    summary = interchange.load(document)
    assert summary.updated == [TITLE_1] and summary.skipped == []
    assert db.session.scalar(select(Project.purpose)) == "新用途"


def test_uploads_are_kept_by_a_strict_token(tmp_path):
    token = save_upload(tmp_path, b"abc", "表.TXT", EXTENSIONS)
    assert token.endswith(".txt") and len(token) == 36
    assert read_upload(tmp_path, token) == b"abc"
    for bad in ("../secret_key", token.upper(), token + "x", "a" * 32 + ".exe"):
        with pytest.raises(DomainError, match="上传凭据无效"):
            read_upload(tmp_path, bad)
    discard_upload(tmp_path, token)
    with pytest.raises(DomainError, match="已过期"):
        read_upload(tmp_path, token)
    with pytest.raises(DomainError, match=".docx 或 .xlsx 或 .txt"):
        save_upload(tmp_path, b"x", "a.exe", EXTENSIONS)


# The command line: ``jixiao import``.


def test_cli_json_shape(runner, tmp_path):
    path = tmp_path / "t.docx"
    path.write_bytes(two_tables())
    result = runner.invoke(args=["import", str(path), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert {"projects", "indicators", "created", "updated", "skipped", "warnings", "units_created"} <= set(summary)
    assert summary["projects"] == 2 and summary["indicators"] == 2 * len(INDICATORS)
    assert summary["created"][0] == TITLE_1 and summary["units_created"] == ["304001保定白沟新城国际贸易服务中心（本级）"]
    again = json.loads(runner.invoke(args=["import", str(path), "--json"]).stdout)
    assert again["projects"] == 0 and len(again["skipped"]) == 2
    updated = json.loads(runner.invoke(args=["import", str(path), "--update", "--json"]).stdout)
    assert updated["projects"] == 2 and len(updated["updated"]) == 2


def test_cli_dry_run_and_options(runner):
    result = runner.invoke(args=["import", str(seed("003")), "--dry-run", "--year", "2022", "--json"])
    summary = json.loads(result.stdout)
    assert summary["projects"] == 7 and summary["created"][0] == "2022 573301 信息化运维项目"
    assert count(Project) == 0
    text = runner.invoke(args=["import", str(seed("003")), "--dry-run"])
    assert "检查完成（未保存），将新建 7 个项目" in text.output


def test_cli_dry_run_lists_problems_and_what_was_read(runner, tmp_path):
    rows = list(INDICATORS)
    rows[1] = ("产出指标", "质量指标", "", "活动参与率", "≥95%", "")
    path = tmp_path / "t.docx"
    path.write_bytes(two_tables(indicators=tuple(rows), levels="repeated"))
    result = runner.invoke(args=["import", str(path), "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["problems"] == [
        {"table": "第 2 个表“2024年国贸中心事务资金绩效目标表”", "row": 2, "column": "三级指标", "message": "缺少三级指标（指标名称）"}
    ]
    assert [p["name"] for p in summary["read"]] == ["2024年白沟箱包市场采购贸易方式试点活动资金", "2024年国贸中心事务资金"]
    read = summary["read"][1]
    assert {"unit", "year", "code", "name", "budget_total", "budget_fiscal", "budget_other", "goals", "indicators"} <= set(read)
    assert read["indicators"][1]["name"] == "" and read["indicators"][1]["target_text"] == "≥95%"
    saved = runner.invoke(args=["import", str(path), "--json"])
    assert saved.exit_code != 0 and "第 2 行指标缺少三级指标" in saved.stderr and count(Project) == 0
    clean = json.loads(runner.invoke(args=["import", str(seed("003")), "--dry-run", "--json"]).stdout)
    assert clean["problems"] == [] and len(clean["read"]) == 7 and count(Project) == 0


def test_cli_errors_go_to_stderr(runner, tmp_path):
    path = tmp_path / "t.docx"
    path.write_bytes(build(Table(unit=None)))
    result = runner.invoke(args=["import", str(path), "--json"])
    assert result.exit_code != 0 and result.stdout == ""
    assert "未导入任何数据" in result.stderr and "第 1 个表" in result.stderr
    missing = runner.invoke(args=["import", str(tmp_path / "none.docx")])
    assert missing.exit_code != 0 and "无法读取文件" in missing.stderr


# Broken tables in hand-made layouts: nothing is stored, the message names the table and the row.

HAND_MADE = {"months": ("3月底", "6月底", "9月底", "12月底"), "basis": False, "blank_rows": True, "spans": (2, 1, 2)}


def broken_rows(row: int, **changes) -> tuple:
    rows = [list(r) for r in INDICATORS]
    for key, value in changes.items():
        rows[row - 1][("level1", "level2", "name", "description", "target", "basis").index(key)] = value
    return tuple(tuple(r) for r in rows)


BROKEN = {
    "no 三级指标 in row 4": ({"indicators": broken_rows(4, name="")}, "第 4 行指标缺少三级指标"),
    "no 一级指标 in row 1": ({"indicators": broken_rows(1, level1="", level2="工作量指标"), "levels": "repeated"}, "第 1 行指标缺少一级指标"),
    "no 二级指标 in row 5": ({"indicators": broken_rows(5, level2="")}, "第 5 行指标缺少二级指标"),
    "an amount of the plan": ({"amounts": ("2.50", "12.00", "二十一", "26.00")}, "资金支出计划“9月底”“二十一”不是金额"),
    "a budget that is no amount": ({"budget": "二十六万"}, "预算数“二十六万”不是金额"),
}


@pytest.mark.parametrize(("broken", "message"), BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_hand_made_table_leaves_the_database_as_it_was(app, broken, message):
    make_project(purpose="旧用途")
    before = interchange.dump()
    data = build(
        Table(number=1, name="2024年第一个项目", code="H1", **HAND_MADE),
        Table(number=2, name="2024年国贸中心事务资金", code="H2", **{**HAND_MADE, **broken}),
        Table(number=3, name="2024年第三个项目", code="H3", **HAND_MADE),
    )
    with pytest.raises(DomainError) as err:
        import_document(data, "手工表格.docx", update=True)
    assert str(err.value).startswith("第 2 个表“2024年国贸中心事务资金绩效目标表”：")
    assert message in str(err.value)
    assert interchange.dump() == before and count(Project) == 1 and count(Unit) == 1


def test_the_hand_made_tables_import_when_whole(app):
    data = build(*(Table(number=n, name=f"2024年第{n}个项目", code=f"H{n}", **HAND_MADE) for n in (1, 2, 3)))
    summary = import_document(data, "手工表格.docx")
    assert len(summary.created) == 3 and summary.indicators == 3 * len(INDICATORS)
    project = db.session.scalar(select(Project).where(Project.code == "H2"))
    assert [c.month for c in project.checkpoints] == [3, 6, 9, 12]
    assert {i.basis for i in project.indicators} == {""}
