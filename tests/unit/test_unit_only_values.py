"""A 指标值 that is only a measure word is a template's blank, not a target (陕西 陈仓 2020: "公里", "万亩", "≧ %")."""

import pytest

from app.domain.targets import is_unit_only


@pytest.mark.parametrize("text", ["公里", "万亩", "万人", "≧ %", "≥%", " 个 ", "%"])
def test_a_measure_word_alone_is_no_target(text):
    assert is_unit_only(text)


@pytest.mark.parametrize("text", ["≥5公里", "100%", "提高", "及时", "良好", "", "万", "≥", "2025年12月底", "一季度一次"])
def test_a_figure_or_a_word_is_a_target(text):
    assert not is_unit_only(text)
