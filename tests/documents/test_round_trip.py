"""import(export(p)) equals p, field by field: every demo project, both layouts, the department document.

"p" is the project as ``jixiao dump`` describes it (the interchange format); the
round trip goes through the product's own paths: ``export_document`` (what the CLI
and the download buttons call) and ``import_document`` (the CLI and the upload page)
into an emptied database, then ``dump`` again.
"""

import pytest

from app.documents.contexts import LAYOUTS
from app.documents.docx_import import parse_docx
from app.documents.text_import import EMPTY_DEPARTMENT
from app.extensions import db
from app.models import DepartmentGoals, Project, Unit
from app.services.demo import load_demo
from app.services.exports import export_document
from app.services.imports import import_document
from app.services.interchange import dump

# Every field of a project in the dump, but the database id.
PROJECT_FIELDS = (
    "unit", "year", "code", "name", "budget_total", "budget_fiscal", "budget_other",
    "purpose", "goals", "checkpoints", "indicators",
)
INDICATOR_FIELDS = ("level1", "level2", "name", "description", "target_text", "target", "basis")
DEPARTMENT_FIELDS = ("unit", "year", "overall", "items", "measures")


def carried(project: dict, layout: str) -> dict:
    """What a layout prints of a project: the basic layout (seed 003) has no code, plan or basis."""
    expected = {key: project[key] for key in PROJECT_FIELDS}
    if layout == "basic":
        expected["code"] = None
        expected["checkpoints"] = []
        expected["indicators"] = [dict(i, basis="") for i in project["indicators"]]
    return expected


def assert_same_project(got: dict, expected: dict, fields=PROJECT_FIELDS) -> None:
    """Compare field by field (and indicator by indicator), naming the project and field that differ."""
    name = expected["name"]
    assert set(got) >= set(fields), f"{name}: missing {set(fields) - set(got)}"
    for key in fields:
        if key == "indicators":
            assert len(got[key]) == len(expected[key]), f"{name}: number of indicators"
            for n, (mine, theirs) in enumerate(zip(got[key], expected[key]), start=1):
                for field in INDICATOR_FIELDS:
                    if field in theirs or field in mine:
                        assert mine.get(field) == theirs.get(field), f"{name}: indicator {n} field {field}"
        else:
            assert got[key] == expected[key], f"{name}: field {key}"


def empty_database() -> None:
    for model in (Project, DepartmentGoals, Unit):
        db.session.execute(model.__table__.delete())  # children go by ON DELETE CASCADE
    db.session.commit()


def exported_files(original: dict, layout: str, department: bool) -> list[tuple[str, bytes]]:
    """One document per unit and year of the demo data ("导出全部" of each unit), as the CLI writes it."""
    keys = dict.fromkeys((p["year"], p["unit"]["code"]) for p in original["projects"])
    assert len(keys) == 2  # seed 003 (573301, 2023) and seed 004 (304001, 2024)
    return [
        (f"{year}-{unit}.docx", export_document(year, unit, layout=layout, department=department))
        for year, unit in keys
    ]


@pytest.mark.parametrize("department", [False, True], ids=["project-tables", "department-document"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_import_of_the_export_gives_every_demo_project_back(app, layout, department):
    load_demo()
    original = dump()
    assert len(original["projects"]) == 21 and len(original["departments"]) == 1
    files = exported_files(original, layout, department)
    empty_database()
    assert dump() == {"projects": [], "departments": []}

    for filename, content in files:
        summary = import_document(content, filename)
        assert summary.skipped == [] and summary.updated == []
        if department and "573301" in filename:
            # The unit without department goals got empty sections; they do not come back as goals.
            assert EMPTY_DEPARTMENT in summary.warnings
    again = dump()

    assert [p["name"] for p in again["projects"]] == [p["name"] for p in original["projects"]]
    for got, project in zip(again["projects"], original["projects"]):
        assert_same_project(got, carried(project, layout))
    if department:
        assert len(again["departments"]) == len(original["departments"])
        for got, expected in zip(again["departments"], original["departments"]):
            for key in DEPARTMENT_FIELDS:
                assert got[key] == expected[key], f"department {expected['unit']['code']}: field {key}"
    else:
        assert again["departments"] == []


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_project_exported_alone_reads_back(app, layout):
    """The project page's button: one table per document, read back with the year the officer gives."""
    load_demo()
    fields = tuple(key for key in PROJECT_FIELDS if key != "year")
    for project in dump()["projects"]:
        content = export_document(None, project=project["id"], layout=layout)
        document = parse_docx(content, source="one.docx", year=project["year"])
        (read,) = document.projects
        assert document.departments == [] and read["year"] == project["year"]
        expected = carried(project, layout)
        expected["indicators"] = [{k: v for k, v in i.items() if k != "target"} for i in expected["indicators"]]
        assert_same_project(read, expected, fields)


def test_the_round_trip_notices_a_changed_field(app):
    """The comparison is not blind: a field the importer lost would fail it."""
    load_demo()
    project = dump()["projects"][0]
    changed = dict(project, indicators=[dict(project["indicators"][0], basis="另一依据")] + project["indicators"][1:])
    with pytest.raises(AssertionError, match="indicator 1 field basis"):
        assert_same_project(carried(changed, "full"), carried(project, "full"))
    with pytest.raises(AssertionError, match="field purpose"):
        assert_same_project(dict(project, purpose=project["purpose"] + "。"), carried(project, "full"))
