"""A level-2 name merged over both level columns ("社会效益", 慈溪 2023) reads as its Word table does."""

from pathlib import Path

import pytest

from app.documents.docx_import import parse_document
from app.documents.vocabulary import is_level2_name

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"


@pytest.mark.parametrize(("text", "level2"), [
    ("社会效益", True), ("社会效益指标", True), ("数量指标", True), ("效益指标", False), ("产出指标", False), ("投入", False),
])
def test_level2_names_with_or_without_the_word_indicator(text, level2):
    assert is_level2_name(text) is level2


def test_the_text_copy_reads_the_merged_cell_as_both_levels_like_the_word_twin():
    text = parse_document((REAL / "zhejiang_county_2023_cixi_tuoyu.txt").read_bytes(), "a.txt").projects[0]
    word = parse_document((REAL / "zhejiang_county_2023_cixi_tuoyu.docx").read_bytes(), "a.docx").projects[0]
    levels = [(i["level1"], i["level2"]) for i in text["indicators"]]
    assert levels[5:9] == [("社会效益", "社会效益")] * 4
    assert levels == [(i["level1"], i["level2"]) for i in word["indicators"]]


def test_a_level1_cell_alone_keeps_an_empty_level2_for_the_rows_to_name():
    rows = ["某项目绩效目标表", "项目名称\t培训\t\t", "年度资金总额\t10\t\t", "年度目标\t完成培训\t\t",
            "一级指标\t二级指标\t三级指标\t指标值", "效益指标\t\t群众知晓率\t≥90%"]
    (project,) = parse_document("\n".join(rows).encode(), "a.txt").projects
    assert (project["indicators"][0]["level1"], project["indicators"][0]["level2"]) == ("效益指标", "")
