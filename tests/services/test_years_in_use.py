"""The year pickers' years: every fiscal year that holds a project, newest first, each once."""

from app.services import units
from tests.factories import make_project, make_unit


def test_no_projects_no_years(app):
    assert units.years_in_use() == []


def test_each_year_once_newest_first_across_units(app):
    first, second = make_unit("304001", "甲单位"), make_unit("304002", "乙单位")
    make_project(first, year=2023, code="A-2023")
    make_project(first, year=2026, code="A-2026")
    make_project(second, year=2024, code="B-2024")
    make_project(second, year=2023, code="B-2023")
    make_project(second, year=2024, code="B-2024-2")
    assert units.years_in_use() == [2026, 2024, 2023]
