"""The target-quality rules (app/domain/quality.py), one behaviour each."""

from dataclasses import replace
from decimal import Decimal

from app.domain.projects import IndicatorDraft, ProjectDraft
from app.domain.quality import ADVICE, MUST, blocking, check_quality


def row(level1, level2, name, target, description="", basis="测算明细"):
    return IndicatorDraft(level1, level2, name, target, description, basis)


GOOD = (
    row("产出指标", "数量指标", "培训人数", "≥200人"),
    row("产出指标", "时效指标", "完成时间", "2024年12月底前"),
    row("产出指标", "成本指标", "培训成本", "≤20万元"),
    row("效益指标", "社会效益指标", "企业出口增长", "≥5%"),
    row("满意度指标", "服务对象满意度指标", "参训企业满意度", "≥90%"),
)


def draft(*indicators, budget="20", goals=("组织外贸培训，提升企业出口能力",)):
    amount = Decimal(budget)
    return ProjectDraft(year=2024, name="外贸培训", budget_total=amount, budget_fiscal=amount,
                        budget_other=Decimal(0), goals=goals, indicators=indicators or GOOD)


def codes(project):
    return [(f.code, f.severity, f.where) for f in check_quality(project)]


def test_a_good_table_has_no_finding():
    assert codes(draft()) == []


def test_missing_levels():
    only_output = draft(*GOOD[:3])
    found = codes(only_output)
    assert ("missing-benefit", MUST, "indicators") in found
    assert ("missing-satisfaction", ADVICE, "indicators") in found
    assert ("missing-output", MUST, "indicators") in codes(draft(*GOOD[3:]))


def test_other_provinces_level_names_count():
    rows = (row("预期产出指标", "数量指标", "道路", "≥2km"), row("效果指标", "社会效益", "通行", "≥500人次"),
            row("满意度指标", "满意度", "群众满意度", "≥90%"))
    assert codes(draft(*rows, budget="0")) == []


def test_value_repeating_the_name_must_be_fixed_and_a_number_need_not():
    rows = (*GOOD, row("效益指标", "社会效益指标", "提升外贸规模", "提升外贸规模。"))
    assert ("value-repeats-name", MUST, "indicators-5-target_text") in codes(draft(*rows))
    rows = (*GOOD, row("效益指标", "社会效益指标", "满意度", "满意度≥90%"))
    assert not [c for c in codes(draft(*rows)) if c[0] == "value-repeats-name"]


def test_vague_words_without_a_measure():
    rows = (*GOOD, row("效益指标", "经济效益指标", "出口", "持续提升"))
    assert ("vague-value", ADVICE, "indicators-5-target_text") in codes(draft(*rows))
    rows = (*GOOD, row("效益指标", "经济效益指标", "出口", "较上年持续提升5%"))
    assert not [c for c in codes(draft(*rows)) if c[0] == "vague-value"]


def test_deadlines_outside_the_year():
    rows = list(GOOD)
    rows[1] = row("产出指标", "时效指标", "完成时间", "2023年12月底前")
    assert ("deadline-before-year", MUST, "indicators-1-target_text") in codes(draft(*rows))
    rows[1] = row("产出指标", "时效指标", "完成时间", "2025年6月")
    assert ("deadline-after-year", ADVICE, "indicators-1-target_text") in codes(draft(*rows))


def test_costs_against_the_budget():
    assert ("cost-over-budget", MUST, "indicators-2-target_text") in codes(draft(budget="15"))
    assert ("cost-mismatch", ADVICE, "indicators-2-target_text") in codes(draft(budget="30"))
    in_yuan = list(GOOD)
    in_yuan[2] = row("产出指标", "成本指标", "培训成本", "≤200000元")
    assert codes(draft(*in_yuan)) == []
    total_and_parts = (*GOOD, row("产出指标", "成本指标", "场地", "≤12万元"), row("产出指标", "成本指标", "讲师", "≤8万元"))
    assert not [c for c in codes(draft(*total_and_parts)) if c[0].startswith("cost")]


def test_perfect_satisfaction_and_zero_complaints():
    rows = list(GOOD)
    rows[4] = row("满意度指标", "服务对象满意度指标", "参训企业满意度", "100%")
    assert ("perfect-satisfaction", ADVICE, "indicators-4-target_text") in codes(draft(*rows))
    rows.append(row("满意度指标", "服务对象满意度指标", "投诉次数", "0次"))
    assert ("zero-complaints", ADVICE, "indicators-5-target_text") in codes(draft(*rows))


def test_duplicates():
    same = (*GOOD, GOOD[0])
    assert ("duplicate-indicator", MUST, "indicators-5-name") in codes(draft(*same))
    other = (*GOOD, replace(GOOD[0], target_text="≥300人"))
    assert ("duplicate-indicator", ADVICE, "indicators-5-name") in codes(draft(*other))


def test_a_goal_no_indicator_measures():
    goals = ("组织外贸培训，提升企业出口能力", "建设跨境电商直播基地")
    assert ("goal-unmeasured", ADVICE, "goals-1-text") in codes(draft(goals=goals))


def test_basis_missing_per_row_or_for_the_whole_table():
    rows = list(GOOD)
    rows[0] = replace(rows[0], basis="")
    assert ("basis-missing", ADVICE, "indicators-0-basis") in codes(draft(*rows))
    bare = [replace(r, basis="") for r in GOOD]
    assert codes(draft(*bare)) == [("basis-missing", ADVICE, "indicators")]


def test_quantitative_share():
    prose = (row("产出指标", "质量指标", "质量", "符合要求"), row("效益指标", "社会效益指标", "效果", "良好"),
             row("满意度指标", "服务对象满意度指标", "满意度", "≥90%"))
    assert ("quantitative-share", ADVICE, "indicators") in codes(draft(*prose, budget="0"))


def test_must_findings_come_first_and_block():
    findings = check_quality(draft(*GOOD[:3], budget="15"))
    assert [f.severity for f in findings] == sorted((f.severity for f in findings), key=lambda s: s != MUST)
    assert {f.code for f in blocking(findings)} == {"missing-benefit", "cost-over-budget"}
    assert set(findings[0].to_dict()) == {"code", "severity", "where", "row", "message", "fix", "source"}


def test_was_met_reads_last_years_actuals():
    from app.domain.quality import was_met

    assert was_met("≥200人", 2024, "180人") is False
    assert was_met("≥200人", 2024, "230人") is True
    assert was_met("≤26万元", 2024, "25.5万元") is True
    assert was_met("2024年12月底", 2024, "2024年11月20日") is True
    assert was_met("2024年6月底", 2024, "2024年9月") is False
    assert was_met("推进试点能级提升", 2024, "", "部分达成年度指标并具有一定效果") is False
    assert was_met("≥200人", 2024, "") is None and was_met("≥200人", 2024, "很多") is None


def test_carry_forward_flags_the_unmet_and_suggests_actuals():
    from app.domain.quality import carry_forward_notes

    notes = carry_forward_notes(2024, [
        (1, "培训人数", "≥200人", "180人", None),
        (2, "参训企业满意度", "≥90%", "96%", None),
        (3, "培训成本", "≤20万元", "19万元", None),
    ])
    assert notes == [
        "第 1 行指标“培训人数”2024 年未达成（指标值“≥200人”，实际完成“180人”），请核实目标是否合理，或在确定依据中说明今年的措施",
        "第 2 行指标“参训企业满意度”2024 年实际完成“96%”，高于指标值“≥90%”，可作为今年指标值的起点",
    ]
