"""List and edit pages run a fixed number of queries, however many projects or indicators."""

from dataclasses import replace

from tests.factories import INDICATORS, make_project, make_unit, queries_for


def test_project_list_does_not_grow_with_projects(client, app):
    unit = make_unit()
    make_project(unit, code="P0")
    few = queries_for(client, "/projects/?year=2024")
    for n in range(1, 12):
        make_project(unit, code=f"P{n}", name=f"项目{n}")
    make_project(make_unit("573301", "天津"), code="T1")
    assert queries_for(client, "/projects/?year=2024") == few


def test_edit_and_show_pages_do_not_grow_with_indicators(client, app):
    small = make_project(code="S")
    many = make_project(code="M", indicators=tuple(replace(INDICATORS[i % 6], name=f"指标{i}") for i in range(60)))
    for page in ("/projects/{}/edit", "/projects/{}"):
        assert queries_for(client, page.format(small.id)) == queries_for(client, page.format(many.id))
