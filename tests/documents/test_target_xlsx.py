"""The target tables as Excel (issue 18): the official layout, read back by the importer for every demo project."""

import io
import json

import pytest
from openpyxl import load_workbook

from app.documents.docx_import import parse_xlsx
from app.documents.interchange import project_to_dict
from app.documents.target_xlsx import target_workbook
from app.documents.xlsx import book_bytes
from app.domain.readmodel import StoredProject
from app.services import exports
from app.services.demo import load_demo

KEYS = ("year", "code", "name", "budget_total", "budget_fiscal", "budget_other", "purpose", "goals", "checkpoints")


def same(read: dict, project: dict, layout: str) -> None:
    for key in KEYS:
        if layout == "basic" and key in ("code", "checkpoints"):
            continue
        assert read[key] == project[key], key
    fields = ("level1", "level2", "name", "description", "target_text") + (("basis",) if layout == "full" else ())
    assert [{k: i[k] for k in fields} for i in read["indicators"]] == [{k: i[k] for k in fields} for i in project["indicators"]]
    assert read["unit"]["code"] == project["unit"]["code"]


@pytest.mark.parametrize("layout", ["full", "basic"])
def test_every_demo_project_round_trips_through_excel(app, layout):
    load_demo()
    for year in (2023, 2024):
        selection = exports.select_export(year, layout=layout)
        read = parse_xlsx(exports.render_selection(selection, "xlsx"), source="x.xlsx")
        assert read.problems == []
        assert len(read.projects) == len(selection.projects)
        for got, project in zip(read.projects, selection.projects):
            same(got, project_to_dict(project), layout)


def test_the_sheet_is_laid_out_like_the_official_table(app):
    load_demo()
    selection = exports.select_export(2024, "304001", layout="full")
    book = load_workbook(io.BytesIO(exports.render_selection(selection, "xlsx")))
    assert len(book.worksheets) == len(selection.projects)
    sheet = book.worksheets[0]
    assert sheet["A1"].value.startswith("1.") and sheet["A1"].value.endswith("绩效目标表")
    assert "A1:F1" in {str(r) for r in sheet.merged_cells.ranges}
    amounts = [c for row in sheet.iter_rows() for c in row if c.number_format == "0.00" and c.value is not None]
    assert amounts and all(isinstance(c.value, (int, float)) for c in amounts)
    header = next(r for r in sheet.iter_rows() if r[0].value == "一级指标")
    assert [c.value for c in header] == ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
    assert any(r.min_col == 1 and r.max_row > r.min_row and r.min_row > header[0].row for r in sheet.merged_cells.ranges)
    assert str(sheet.page_setup.paperSize) == str(sheet.PAPERSIZE_A4) and sheet.sheet_properties.pageSetUpPr.fitToPage


def test_text_that_looks_like_a_formula_stays_text():
    project = {"name": "=HYPERLINK(\"http://x\")", "unit": {"code": "1", "name": "+单位"}, "code": "@a", "year": 2024,
               "budget_total": "1.00", "budget_fiscal": "1.00", "budget_other": "0.00", "purpose": "-用途",
               "goals": ["=1+1"], "checkpoints": [], "indicators": [
                   {"level1": "产出指标", "level2": "数量指标", "name": "=SUM(A1)", "description": "", "target_text": "≥1次", "basis": ""}]}
    book = load_workbook(io.BytesIO(book_bytes(target_workbook([StoredProject.from_interchange(project)]))))
    assert not [c for row in book.active.iter_rows() for c in row if c.data_type == "f"]


def test_the_command_line_writes_excel_by_the_extension(app, runner, tmp_path):
    load_demo()
    out = tmp_path / "targets.xlsx"
    result = runner.invoke(args=["export", str(out), "--year", "2023", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["format"] == "xlsx" and summary["projects"] == 7
    assert len(load_workbook(out).worksheets) == 7
    refused = runner.invoke(args=["export", str(tmp_path / "d.xlsx"), "--year", "2024", "--department"])
    assert refused.exit_code != 0 and "只有 Word 版" in refused.stderr


def test_the_pages_offer_excel(client, app):
    load_demo()
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Project

    project = db.session.scalars(select(Project)).first()
    response = client.get(f"/projects/{project.id}/export.xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    assert response.headers["Content-Disposition"].endswith(".xlsx") or ".xlsx" in response.headers["Content-Disposition"]
    assert 'id="export-xlsx"' in client.get(f"/projects/{project.id}").get_data(as_text=True)
    listing = client.get(f"/exports/targets.xlsx?year={project.year}&unit={project.unit_id}&layout=full")
    assert listing.status_code == 200 and len(load_workbook(io.BytesIO(listing.data)).worksheets) >= 1
