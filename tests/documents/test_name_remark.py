"""A bracket ending an indicator's name is its measure word ("面积(亩)"), unless it remarks on what is counted."""

import pytest

from app.documents.docx_import import parse_document
from app.documents.vocabulary import indicator_name, with_hint
from tests.documents.corpus import REAL


@pytest.mark.parametrize(("printed", "unit"), [
    ("实施营造林总面积(亩)", "亩"),  # 原州 2022: "80000" under it reads 80000亩
    ("保障在职职工人数(人)", "人"),
    ("工资发放准确性(%)", "%"),
    ("林木采伐监管(万立方米)", "万立方米"),
    ("建设项目个数(含续建)", ""),  # 天津 宝坻 2022: a remark, no unit
    ("项目个数（不含续建）", ""),
    ("检查次数(包括复查)", ""),
    ("新建面积（包含改建）", ""),
    ("覆盖户数(其中脱贫户)", ""),
])
def test_a_remark_in_brackets_is_no_unit(printed, unit):
    name, hint = indicator_name(printed)
    assert name == printed and hint == ("", unit)
    assert with_hint("1", hint) == f"1{unit}"


def test_the_baodi_table_reads_its_bare_figure_as_printed():
    """天津 宝坻 2022 (津财基指〔2022〕23号): "建设项目个数(含续建)" with the value "1" (it read "1含续建")."""
    path = REAL / "tianjin_prov_2022_baodi_fenwu.txt"
    (project,) = parse_document(path.read_bytes(), path.name).projects
    first = project["indicators"][0]
    assert (first["name"], first["target_text"]) == ("建设项目个数(含续建)", "1")
