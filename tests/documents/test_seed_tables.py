"""The exported demo documents hold the seeds' tables, cell by cell (merges included), and seed 004's part 1.

The seed texts are Word documents copied out one cell per tab-indented line
(``docs/architecture.md``); the text importer's ``split_cells`` cuts them into
cells. A merged cell appears once, the cells it covers as empty lines, so
comparing every real ``w:tc`` of the export with the seed's cells checks the
texts and the vertical merges (预算规模及资金用途, 资金支出计划, 一级指标) at once.
The seeds repeat 二级指标 on every row where issue 3 asks for it merged; a merged
二级指标 is compared as python-docx reads it, its text on every row it covers.
"""

import re
from pathlib import Path

import pytest
from docx.table import _Cell

from app.documents.text_import import BOOKMARK, TITLE, Cell, label_kind, parse_text, split_cells
from app.services.demo import load_demo
from app.services.exports import export_document
from tests.documents.test_export_docx import open_docx

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"  # copies of the seed documents, kept in the repository
# seed → what exports it: (year, unit, layout, department document)
EXPORTS = {
    "003": (2023, "573301", "basic", False),
    "004": (2024, "304001", "full", True),
}


def seed_lines(prefix: str) -> list[str]:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return [BOOKMARK.sub("", line) for line in path.read_text(encoding="utf-8").split("\n")]


def seed_tables(prefix: str) -> list[tuple[str, list[str]]]:
    """Each table of a seed: its title line and the texts of its cells, in reading order."""
    lines = seed_lines(prefix)
    starts = [i for i, line in enumerate(lines) if not line.startswith("\t") and TITLE.match(line.strip())]
    ends = starts[1:] + [len(lines)]
    return [(lines[s].strip(), [c.text for c in split_cells(lines[s + 1 : e])]) for s, e in zip(starts, ends)]


def cell_text(text: str) -> str:
    """A cell's text as the seeds' copy keeps it: no trailing blanks on a line or around the cell."""
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def exported_tables(document) -> list[tuple[str, list[str]]]:
    """Each exported table: its title and the texts of the unit line's two parts and of every real cell."""
    titles = [p.text for p in document.paragraphs if p.style.name == "Table Title" and p.text]
    unit_lines = [p.text for p in document.paragraphs if p.style.name == "Unit Line"]
    tables = document.tables
    assert len(titles) == len(unit_lines) == len(tables) // 2
    result = []
    for n, (title, unit_line) in enumerate(zip(titles, unit_lines)):
        cells = unit_line.split("\t")  # unit on the left, 单位：万元 on the right (a tab stop)
        header, indicators = tables[2 * n : 2 * n + 2]
        cells += [cell_text(_Cell(tc, header).text) for tr in header._tbl.tr_lst for tc in tr.tc_lst]
        level2 = ""
        for tr in indicators._tbl.tr_lst:
            for position, tc in enumerate(tr.tc_lst):
                text = cell_text(_Cell(tc, indicators).text)
                if position == 1:  # 二级指标: a continued cell reads as the merged cell's text
                    level2 = text if tc.vMerge != "continue" else level2
                    text = level2
                cells.append(text)
        result.append((title, cells))
    return result


def same_cell(seed: str, exported: str) -> bool:
    """Equal texts; a printed label may differ in spacing only.

    The seeds space a label out to wrap it in their narrow cell ("其中：财政    资金");
    our template's column wraps it by its width, so the spaces are layout, not text.
    """
    if seed == exported or re.sub(r"^(\d+)\.(?=\d)", r"\1. ", seed) == exported:  # "1. 2023年…" goals (issue 12)
        return True
    return label_kind(Cell([seed], False)) is not None and re.sub(r"\s+", "", seed) == re.sub(r"\s+", "", exported)


@pytest.fixture
def demo(app):
    load_demo()


@pytest.mark.parametrize("prefix", EXPORTS)
def test_every_seed_table_equals_its_exported_table_cell_by_cell(demo, prefix):
    year, unit, layout, department = EXPORTS[prefix]
    exported = exported_tables(open_docx(export_document(year, unit, layout=layout, department=department)))
    seeds = seed_tables(prefix)
    assert len(exported) == len(seeds) == {"003": 7, "004": 14}[prefix]
    truncated = parse_text("\n".join(seed_lines(prefix))).warnings
    for number, ((seed_title, seed_cells), (title, cells)) in enumerate(zip(seeds, exported), start=1):
        where = f"seed {prefix} table {number}"
        # The seeds print "2.2023年PECC…"; ours sets a name that starts with a figure apart: "2. 2023年…" (issue 12).
        assert title == re.sub(r"^(\d+)\.(?=\d)", r"\1. ", seed_title), where
        if len(seed_cells) != len(cells):
            # Only seed 003's last table is cut off mid-row; the importer said so and kept the whole rows.
            assert (prefix, number) == ("003", 7), f"{where}: {len(seed_cells)} cells, exported {len(cells)}"
            assert any(w.startswith(f"第 {number} 个表") and "表格不完整" in w for w in truncated)
            assert 0 < len(seed_cells) - len(cells) < 5  # less than one indicator row (5 columns in basic)
            seed_cells = seed_cells[: len(cells)]
        differ = [(i, s, c) for i, (s, c) in enumerate(zip(seed_cells, cells)) if not same_cell(s, c)]
        assert differ == [], f"{where}: cells (index, seed, exported) differ"


def test_department_part_equals_seed_004(demo):
    """Part 1 and the 第二部分 heading: the same paragraphs as the seed, line by line."""
    lines = seed_lines("004")
    first_table = next(i for i, line in enumerate(lines) if not line.startswith("\t") and TITLE.match(line.strip()))
    seed = [line.strip() for line in lines[:first_table] if line.strip()]
    document = open_docx(export_document(2024, "304001", department=True))
    paragraphs = []
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Table Title" and paragraph.text:
            break
        paragraphs += [line.strip() for line in paragraph.text.split("\n") if line.strip()]
    assert paragraphs == seed


def test_the_comparison_sees_a_lost_merge_and_a_changed_cell():
    """same_cell is strict beyond label spacing: a blank for a merge, or another text, is a difference."""
    assert same_cell("其中：财政    资金", "其中：财政资金")
    assert not same_cell("", "产出指标")  # a level-1 cell that should have been merged (continued)
    assert not same_cell("≥95%", "≥ 95%")  # spacing counts in values
    assert not same_cell("0.00", "")
