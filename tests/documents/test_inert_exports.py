"""Every export cell is inert: text a spreadsheet would run (= + - @, a tab, a carriage return) is written
as text in every .xlsx and .csv the product gives out, never as a formula."""

import csv
import io

import pytest
from openpyxl import load_workbook

from app.documents import inert
from tests.centres.hubei_store import store_document
from tests.centres.regions_data import make_region
from tests.conftest import login
from tests.factories import make_project, make_unit, make_user

HOSTILE = ("=1+2", "+SUM(A1)", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "=HYPERLINK(\"http://x\",\"y\")")


def text_fields():
    """One hostile value per text field, cycling through the kinds."""
    values = iter(HOSTILE * 4)
    return lambda: next(values)


@pytest.fixture
def hostile_world(app, client):
    value = text_fields()
    unit = make_unit("304001", value() + "单位")
    make_project(unit, code=value(), name=value() + "项目")
    make_project(unit, code=value(), name=value())
    region = make_region(value(), unit_id=unit.id)
    from app.centres.regions import services as regions

    regions.update_region(region, regions.RegionDraft(value() + "市", value(), unit.id))
    store_document({"year": 2024, "centres": [{"id": "H1", "name": "=1+2中心"}, {"id": "H2", "name": value()}]},
                   unit_id=unit.id)
    return unit


def assert_inert_xlsx(data: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(data))
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


EXPORTS = {
    "progress": lambda unit: f"/progress/progress.xlsx?year=2024&unit={unit.id}",
    "selfeval summary": lambda unit: f"/selfeval/summary.xlsx?year=2024&unit={unit.id}",
    "regions": lambda unit: "/regions/regions.xlsx?year=2020",
    "centres ranking": lambda unit: "/centres/ranking.xlsx?year=2024",
}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_every_xlsx_export_holds_no_formula(app, client, hostile_world, name):
    response = client.get(EXPORTS[name](hostile_world))
    assert response.status_code == 200, name
    texts = assert_inert_xlsx(response.data)
    assert any(text.lstrip(" ")[:1] in "=+-@\t\r" for text in texts), f"{name}: no hostile text was written"


def test_the_audit_trail_exports_hold_no_formula(app, hostile_world):
    auditor = login(app.test_client(), make_user("shenji", ["auditor"]))
    texts = assert_inert_xlsx(auditor.get("/audit/export.xlsx").data)
    assert any(text.startswith("=1+2") for text in texts)
    rows = list(csv.reader(io.StringIO(auditor.get("/audit/export.csv").data.decode("utf-8-sig"))))
    fields = [field for row in rows for field in row]
    assert any(field.startswith("'=1+2") for field in fields)
    for field in fields:
        assert field[:1] not in ("=", "+", "-", "@", "\t", "\r"), repr(field)


def test_a_formula_left_in_a_workbook_is_sealed():
    from openpyxl import Workbook

    from app.documents.xlsx import book_bytes

    book = Workbook()
    book.active.append(["=1+1", 3, "plain"])  # written around the helpers: book_bytes still seals it
    assert assert_inert_xlsx(book_bytes(book)) == ["=1+1", "plain"]


def test_control_characters_do_not_fail_an_export():
    from openpyxl import Workbook

    from app.documents.xlsx import book_bytes

    book = Workbook()
    inert.append(book.active, ["名称\x01\x0b", "=x"])
    assert assert_inert_xlsx(book_bytes(book)) == ["名称", "=x"]
    assert inert.csv_text("-5") == "'-5" and inert.csv_text(-5) == "-5" and inert.csv_text("5-") == "5-"
