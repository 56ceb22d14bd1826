"""The import page: upload, preview (nothing saved), confirm; errors shown, nothing saved."""

import io
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Project, Unit
from tests.documents.docx_builder import INDICATORS, Table, build
from tests.factories import make_project, make_unit


@pytest.fixture
def uploads(app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    return tmp_path / "uploads"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def two_tables(**second) -> bytes:
    return build(Table(), Table(number=2, name="2024年国贸中心事务资金", code="13060524P00454410003M", **second))


def upload(client, data: bytes, name: str = "目标表.docx", **fields):
    form = {"file": (io.BytesIO(data), name), "year": "", "unit": "", "existing": "skip", **fields}
    return client.post("/imports/", data=form, content_type="multipart/form-data")


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', page
    )
    return match.group(1) if match else ""


def selected(page: str, name: str) -> str:
    """The chosen option of a <select>."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    option = select and re.search(r'<option[^>]*selected[^>]*value="([^"]*)"|<option[^>]*value="([^"]*)"[^>]*selected', select.group(1))
    return (option.group(1) or option.group(2) or "") if option else ""


def confirm(client, page: str, **extra):
    fields = {name: hidden(page, name) for name in ("token", "filename", "year", "existing")}
    fields["unit"] = selected(page, "unit")
    fields.update(extra)
    return client.post("/imports/confirm", data=fields)


def test_the_page_offers_the_form_and_the_nav_links_it(client, uploads):
    make_unit("573301", "天津分会")
    page = client.get("/imports/")
    assert page.status_code == 200
    assert 'type="file"' in page.text and 'enctype="multipart/form-data"' in page.text
    assert "573301天津分会" in page.text and "跳过" in page.text and "更新" in page.text
    assert 'href="/imports/"' in client.get("/projects/").text


def test_preview_then_confirm(client, uploads):
    make_unit("304001", "保定白沟新城国际贸易服务中心（本级）")
    preview = upload(client, two_tables())
    assert preview.status_code == 200
    assert "2024年白沟箱包市场采购贸易方式试点活动资金" in preview.text and "13060524P00454410003M" in preview.text
    assert "304001保定白沟新城国际贸易服务中心（本级）" in preview.text and "新建" in preview.text
    assert f">{len(INDICATORS)}<" in preview.text and "26.00" in preview.text
    assert count(Project) == 0 and count(Unit) == 1
    token = hidden(preview.text, "token")
    assert (uploads / token).exists()
    done = confirm(client, preview.text)
    assert done.status_code == 200 and "导入完成" in done.text
    assert count(Project) == 2 and count(Unit) == 1
    assert not (uploads / token).exists()
    again = confirm(client, preview.text)
    assert again.status_code == 422 and "请重新上传" in again.text and count(Project) == 2


def test_existing_projects_are_skipped_or_updated_as_chosen(client, uploads):
    make_project(purpose="旧用途")
    skip = upload(client, two_tables())
    assert "已存在，跳过" in skip.text
    confirm(client, skip.text)
    assert count(Project) == 2
    assert db.session.scalar(select(Project.purpose).where(Project.code == "13060524P00466210002W")) == "旧用途"
    update = upload(client, two_tables(), existing="update")
    assert update.text.count("已存在，将更新") == 2
    confirm(client, update.text)
    db.session.expire_all()
    assert db.session.scalar(select(Project.purpose).where(Project.code == "13060524P00466210002W")).startswith("预算资金")


def test_year_and_unit_choices_reach_the_import(client, uploads):
    make_unit("573301", "天津分会")
    preview = upload(client, two_tables(), year="2025", unit="573301")
    assert "573301天津分会" in preview.text and "2025" in preview.text
    confirm(client, preview.text)
    assert set(db.session.scalars(select(Project.year))) == {2025}
    assert count(Unit) == 1


def test_a_broken_upload_shows_the_error_and_saves_nothing(client, uploads):
    rows = list(INDICATORS)
    rows[3] = ("效益指标", "社会效益指标", "", "实地学习", "推进", "")
    preview = upload(client, two_tables(indicators=tuple(rows), levels="repeated"))
    assert preview.status_code == 200  # read on past the problem: the preview shows it at its cell
    assert "第 2 个表“2024年国贸中心事务资金绩效目标表”" in preview.text and "缺少三级指标" in preview.text
    assert 'name="drop-1-4"' in preview.text and 'name="fix-1-4-name"' in preview.text
    page = confirm(client, preview.text)
    assert page.status_code == 422
    assert "未导入任何数据" in page.text
    assert "第 2 个表“2024年国贸中心事务资金绩效目标表”：第 4 行指标缺少三级指标" in page.text
    assert count(Project) == count(Unit) == 0
    assert not uploads.exists() or not any(uploads.iterdir())


def test_a_problem_corrected_in_the_preview_is_saved_as_corrected(client, uploads):
    make_unit("304001", "保定白沟新城国际贸易服务中心（本级）")
    rows = list(INDICATORS)
    rows[3] = ("效益指标", "社会效益指标", "", "实地学习", "推进", "")
    preview = upload(client, two_tables(indicators=tuple(rows), levels="repeated"))
    fields = {name: hidden(preview.text, name) for name in ("token", "filename", "year", "unit", "existing")}
    page = client.post("/imports/confirm", data={**fields, "fix-1-4-name": "外出考察学习"})
    assert page.status_code == 200, page.text
    project = db.session.scalar(select(Project).where(Project.name == "2024年国贸中心事务资金"))
    assert [i.name for i in project.indicators][3] == "外出考察学习"


def test_a_row_dropped_in_the_preview_is_not_saved(client, uploads):
    make_unit("304001", "保定白沟新城国际贸易服务中心（本级）")
    rows = list(INDICATORS)
    rows[3] = ("效益指标", "社会效益指标", "", "实地学习", "推进", "")
    preview = upload(client, two_tables(indicators=tuple(rows), levels="repeated"))
    fields = {name: hidden(preview.text, name) for name in ("token", "filename", "year", "unit", "existing")}
    page = client.post("/imports/confirm", data={**fields, "drop-1-4": "1"})
    assert page.status_code == 200, page.text
    project = db.session.scalar(select(Project).where(Project.name == "2024年国贸中心事务资金"))
    assert len(project.indicators) == len(INDICATORS) - 1


def test_a_file_of_another_kind_is_refused(client, uploads):
    page = upload(client, b"%PDF-1.4", "a.pdf")
    assert page.status_code == 422 and "只能导入 .docx、.xlsx、.txt 文件或旧版 .doc、.xls 文件" in page.text
    assert "请选择要导入的文件" in client.post("/imports/", data={}, content_type="multipart/form-data").text


def test_a_forged_token_is_refused(client, uploads):
    page = client.post("/imports/confirm", data={"token": "../secret_key", "existing": "skip"})
    assert page.status_code == 400 and "上传凭据无效" in page.text


def test_a_file_over_the_size_limit_is_refused(app, client, uploads):
    app.config["MAX_CONTENT_LENGTH"] = 10 * 1024
    page = upload(client, b"x" * (10 * 1024 + 10), "big.txt")
    assert page.status_code == 413 and "上传的文件过大（不能超过 10 KB）" in page.text
    assert count(Project) == 0


def test_the_browser_never_creates_a_unit_and_offers_the_officers_own(client, uploads):
    make_unit("573301", "天津分会")
    preview = upload(client, two_tables())  # the tables name 304001, which does not exist
    assert "表中的单位“304001保定白沟新城国际贸易服务中心（本级）”不是已有单位" in preview.text
    assert '<option value="573301">573301天津分会</option>' in preview.text
    page = confirm(client, preview.text)
    assert page.status_code == 422 and count(Unit) == 1 and count(Project) == 0
    again = upload(client, two_tables())
    chosen = confirm(client, again.text, unit="573301", action="preview")  # chosen in the preview: read again
    assert chosen.status_code == 200 and "不是已有单位" not in chosen.text and count(Project) == 0
    done = confirm(client, chosen.text)
    assert done.status_code == 200 and count(Project) == 2 and count(Unit) == 1


def test_an_officer_imports_only_into_their_own_units(app, uploads):
    from tests.conftest import login
    from tests.factories import make_user

    mine, other = make_unit("573301", "天津分会"), make_unit("304001", "保定白沟新城国际贸易服务中心（本级）")
    officer = make_user("zhang", ["officer"], units=[mine])
    client = login(app.test_client(), officer)
    preview = upload(client, two_tables())  # its tables name the other unit
    assert "不是您可以填报的单位" in preview.text
    assert '<option value="304001">' not in preview.text
    done = confirm(client, preview.text, unit="573301")
    assert done.status_code == 200 and count(Project) == 2
    assert set(db.session.scalars(select(Project.unit_id))) == {mine.id}
    listed = client.get("/projects/?year=2024").text
    assert "2024年国贸中心事务资金" in listed  # an import never vanishes from its importer's list
    assert other.id not in set(db.session.scalars(select(Project.unit_id)))


def test_an_unknown_column_is_named_in_the_preview_and_read_as_chosen(client, uploads):
    from docx import Document

    make_unit("304001", "保定白沟新城国际贸易服务中心（本级）")
    doc = Document(io.BytesIO(build(Table())))
    for cell in doc.tables[1].rows[0].cells:
        if cell.text == "指标值":
            cell.text = "考核目标值标准"
    out = io.BytesIO()
    doc.save(out)
    preview = upload(client, out.getvalue())
    assert "指标表头缺少“指标值”列" in preview.text and 'name="colname-1" value="考核目标值标准"' in preview.text
    fields = {name: hidden(preview.text, name) for name in ("token", "filename", "year", "existing")}
    again = client.post("/imports/confirm", data={**fields, "unit": "304001", "colname-1": "考核目标值标准",
                                                  "col-1": "target_text", "action": "preview"})
    assert again.status_code == 200 and "指标表头缺少" not in again.text and count(Project) == 0
    kept = dict(re.findall(r'name="(col(?:name)?-chosen-\d+)" value="([^"]*)"', again.text))
    assert kept == {"colname-chosen-1": "考核目标值标准", "col-chosen-1": "target_text"}  # the choice rides along
    done = confirm(client, again.text, **kept)
    assert done.status_code == 200, done.text
    project = db.session.scalar(select(Project))
    assert [i.target_text for i in project.indicators] == [row[4] for row in INDICATORS]
