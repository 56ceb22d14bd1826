"""The Word 自评表 follows the unit's scheme (issue 11): its parts and points, 总分's 分值."""

from dataclasses import replace
from decimal import Decimal
from io import BytesIO

import docx

from app.documents import selfeval_doc
from app.services import schemes, selfeval
from tests.factories import make_project
from tests.selfeval.builders import entry_for


def table_texts(project) -> list[list[str]]:
    document = docx.Document(BytesIO(selfeval_doc.render([selfeval.year_end(project)])))
    (table,) = document.tables
    return [[cell.text for cell in row.cells] for row in table.rows]


def total_row(rows):
    return next(row for row in rows if row[0] == "总分")


def test_the_default_table_is_out_of_100(app):
    project = make_project()
    selfeval.save(project, entry_for(project))
    assert "100" in total_row(table_texts(project))


def test_a_four_part_framework_prints_its_evaluator_scored_parts(app):
    project = make_project()
    schemes.choose(project.unit_id, project.year, "four-part")
    selfeval.save(project, entry_for(project))
    rows = table_texts(project)
    decision = next(row for row in rows if row[1].startswith("项目决策（20分）"))
    assert "评价人打分" in decision and "20" in decision and decision[3].startswith("项目立项")
    assert any(row[1].startswith("项目过程（20分）") for row in rows)
    assert any(row[1] == "产出指标（40分）" for row in rows)
    assert "100" in total_row(rows)  # 决策 20 + 过程 20 + 产出 40 + 效益 20, no execution points


def test_as_printed_points_add_up_to_what_the_table_prints(app):
    project = make_project()
    schemes.choose(project.unit_id, project.year, "as-printed")
    entry = entry_for(project)
    weights = (20, 20, 20, 20, 30, 10)  # 120 for the indicators, 10 for execution
    entry = replace(entry, rows=tuple(replace(row, weight=Decimal(w)) for row, w in zip(entry.rows, weights)))
    selfeval.save(project, entry)
    rows = table_texts(project)
    assert "130" in total_row(rows)
    assert any(row[1] == "产出指标（80分）" for row in rows)
