"""Scoring schemes as data (issue 11): every setting at its edges, the presets, the scheme object."""

from dataclasses import replace
from decimal import Decimal as D

import pytest

from app.domain.actuals import Grade
from app.domain.schemes import SchemeError, describe, preset, preset_names, scheme_from_json, scheme_to_json
from app.domain.selfeval import (
    DEFAULT_SCHEME,
    Budget,
    EvaluationInput,
    IndicatorInput,
    SelfEvalError,
    evaluate,
    evaluation_from_json,
    grade_from_actual,
    with_year,
)
from app.domain.targets import parse_target


def ind(name, target, actual=None, level1="产出指标", weight=None, **fields):
    return IndicatorInput(level1, "", name, parse_target(target), actual, D(weight) if weight is not None else None, **fields)


def scheme(**data):
    return scheme_from_json(data)[0]


def run(*indicators, scheme=DEFAULT_SCHEME, spent="95", adjusted="100", parts=(), year=None):
    return evaluate(EvaluationInput(Budget(D(spent), D(adjusted)), tuple(indicators), None, parts, year), scheme)


BENEFIT = ind("效益", "持续提升", level1="效益指标", grade=Grade.MET)
SATISFIED = ind("满意度", "≥90%", "95%", level1="满意度指标")


# --- presets ---------------------------------------------------------------------------------


def test_every_preset_loads_names_its_source_and_reads_back_the_same():
    assert preset_names()[0] == "czy2020-10"
    assert len(preset_names()) >= 8
    for name in preset_names():
        loaded = preset(name)
        assert loaded.name == name and loaded.title and loaded.source
        again, _ = scheme_from_json(scheme_to_json(loaded), default_name=name)
        assert again == loaded
        assert describe(loaded)  # plain Chinese, one line per rule


def test_the_default_preset_is_the_10_rules_of_the_checker():
    loaded = preset("czy2020-10")
    assert replace(loaded, title=DEFAULT_SCHEME.title, source=DEFAULT_SCHEME.source) == DEFAULT_SCHEME
    assert "财预〔2020〕10号" in loaded.source


def test_an_unknown_preset_names_the_presets():
    with pytest.raises(SchemeError, match="没有名为“guangxi”的评分方案（可用：czy2020-10、"):
        preset("guangxi")


def test_the_issue_variants_are_presets():
    assert preset("execution20-goals80").execution_points == 20
    assert dict(preset("execution20-goals80").level_points) == {"年度绩效目标": 80}
    assert dict(preset("levels70-20-10").level_points) == {"产出指标": 70, "效益指标": 20, "满意度指标": 10}
    assert preset("as-printed").as_printed
    assert dict(preset("sichuan").level_points) == {"绩效指标": 90}
    assert [p.name for p in preset("four-part").parts] == ["项目决策", "项目过程"]
    assert preset("uncapped").cap is False
    assert preset("whole-half-up").rounding == "1-half-up" and preset("whole-down").rounding == "1-down"
    assert [b.low for b in preset("bands-100-80-50").grade_bands] == [100, 80, 50]


# --- execution points and formula --------------------------------------------------------------


def test_execution_20_and_annual_goals_80_share_one_pool():
    # 得分 = 20 × 执行率: 20 × 95% = 19; the four indicators share 80: 20 each.
    result = run(ind("a", "≥10", "10"), ind("b", "≥10", "5"), BENEFIT, SATISFIED, scheme=preset("execution20-goals80"))
    assert (result.execution.points, result.execution.score) == (20, D("19.00"))
    assert [(r.weight, r.score) for r in result.indicators] == [(20, 20), (20, 10), (20, 20), (20, 20)]
    assert result.total == D("89.00")


def test_execution_cap_off_scores_above_the_points():
    capped = run(ind("a", "≥1", "1"), BENEFIT, SATISFIED, spent="110")
    uncapped = run(ind("a", "≥1", "1"), BENEFIT, SATISFIED, spent="110", scheme=scheme(execution_cap=False))
    assert (capped.execution.score, uncapped.execution.score) == (D("10.00"), D("11.00"))


def test_execution_beside_the_total():
    result = run(ind("a", "≥1", "1", weight=70), ind("b", "显著", level1="效益指标", weight=20, grade=Grade.MET),
                 ind("c", "≥90%", "95%", level1="满意度指标", weight=10), scheme=preset("levels70-20-10"))
    assert result.execution.score == D("9.50") and result.total == 100


def test_zero_budget_and_zero_spent_scores_nothing_instead_of_refusing():
    result = run(ind("a", "≥1", "1"), BENEFIT, SATISFIED, spent="0", adjusted="0")
    assert result.execution.score == 0 and "无法计算" in result.execution.explanation
    with pytest.raises(SelfEvalError, match="全年预算数为 0"):
        run(ind("a", "≥1", "1"), BENEFIT, SATISFIED, spent="5", adjusted="0")


# --- level points: fixed, as printed, pooled ------------------------------------------------------


def test_as_printed_weights_need_not_total_100():
    # Indicators print 110 in all, execution 10 on top: the total is what they add up to.
    rows = (ind("a", "≥10", "10", weight=60), ind("b", "≥10", "5", weight=30), ind("c", "显著", level1="效益指标",
            weight=20, grade=Grade.MET))
    result = run(*rows, scheme=preset("as-printed"))
    assert [(r.weight, r.score) for r in result.indicators] == [(60, 60), (30, 15), (20, 20)]
    assert result.total == D("104.50") and preset("as-printed").total_points() == 10


def test_as_printed_needs_every_weight():
    with pytest.raises(SelfEvalError, match="第 2 个指标“b”：按表列分值评分，须填写该指标的分值"):
        run(ind("a", "≥1", "1", weight=50), ind("b", "≥1", "1"), scheme=preset("as-printed"))


def test_as_printed_accepts_any_level_1():
    result = run(ind("a", "≥1", "1", level1="", weight=8), ind("b", "≥1", "1", level1="决策", weight=7),
                 scheme=preset("as-printed"))
    assert [level.name for level in result.levels] == ["", "决策"]


def test_sichuan_performance_indicators_90_take_every_level():
    rows = (ind("a", "≥1", "1", weight=40), ind("b", "显著", level1="效益指标", weight=30, grade=Grade.MET),
            ind("c", "≥90%", "80%", level1="满意度指标", weight=20))
    result = run(*rows, scheme=preset("sichuan"))
    assert [r.score for r in result.indicators] == [40, 30, D("17.78")]
    with pytest.raises(SelfEvalError, match="“绩效指标”各指标分值合计 80 分，应为 90 分"):
        run(ind("a", "≥1", "1", weight=50), ind("b", "≥1", "1", level1="效益指标", weight=30), scheme=preset("sichuan"))


def test_a_pool_of_several_level_1s():
    four = preset("four-part")
    rows = (ind("a", "≥1", "1"), ind("b", "显著", level1="效益指标", grade=Grade.MET), SATISFIED)
    result = run(*rows, scheme=four, parts=(("项目决策", D(18)), ("项目过程", D("19.5"))))
    assert [r.weight for r in result.indicators] == [40, 10, 10]  # 效益 20 shared with 满意度
    assert [(p.name, p.points, p.score) for p in result.parts] == [("项目决策", 20, 18), ("项目过程", 20, D("19.50"))]
    assert result.total == D("97.50") and result.execution.points == 0


# --- cap -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("target", "actual", "capped", "uncapped"), [
    ("≥200人", "250人", 10, D("12.50")),  # 10 × 250 ÷ 200
    ("≥200人", "200人", 10, 10),  # exactly met: no bonus
    ("≥200人", "100人", 5, 5),  # unmet: the same either way
    ("≤10万元", "8万元", 10, D("12.50")),  # reverse: 10 × 10 ÷ 8
])
def test_cap_on_and_off(target, actual, capped, uncapped):
    rows = (ind("a", target, actual, weight=10), ind("b", "≥1", "1", weight=40), BENEFIT, SATISFIED)
    assert run(*rows).indicators[0].score == capped
    assert run(*rows, scheme=preset("uncapped")).indicators[0].score == uncapped


# --- rounding ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("rounding", "two_thirds", "half"), [
    ("0.01-half-up", D("6.67"), D("2.50")),
    ("0.1-half-up", D("6.7"), D("2.5")),
    ("0.1-down", D("6.6"), D("2.5")),
    ("1-half-up", D("7"), D("3")),
    ("1-down", D("6"), D("2")),
])
def test_rounding_per_indicator(rounding, two_thirds, half):
    # 10 × 2 ÷ 3 = 6.666…; 5 × 1 ÷ 2 = 2.5 (the half-up edge)
    rows = (ind("a", "≥3", "2", weight=10), ind("b", "≥2", "1", weight=5), ind("c", "≥1", "1", weight=35),
            BENEFIT, SATISFIED)
    result = run(*rows, scheme=scheme(rounding=rounding))
    assert [r.score for r in result.indicators[:2]] == [two_thirds, half]


def test_rounding_the_total_only():
    rows = (ind("a", "≥3", "2", weight=10), ind("b", "≥2", "1", weight=5), ind("c", "≥1", "1", weight=35),
            BENEFIT, SATISFIED)
    result = run(*rows, scheme=scheme(rounding="1-half-up", rounding_scope="total"))
    # Indicators keep two decimals (6.67, 2.50); 9.50 + 6.67 + 2.50 + 35 + 30 + 10 = 93.67 → 94.
    assert [r.score for r in result.indicators[:2]] == [D("6.67"), D("2.50")]
    assert result.total == 94


def test_an_unknown_rounding_is_refused_naming_the_choices():
    with pytest.raises(SchemeError, match="“rounding”应为 0.01-half-up、0.1-half-up、0.1-down、1-half-up、1-down 之一"):
        scheme(rounding="0.5")


# --- qualitative bands ---------------------------------------------------------------------------


def test_fixed_bands_100_80_50():
    bands = preset("bands-100-80-50")
    rows = [ind(f"q{g.name}", "持续提升", level1="效益指标", grade=g, weight=10) for g in Grade]
    result = run(ind("a", "≥1", "1", weight=50), *rows, ind("s", "≥1", "1", level1="满意度指标", weight=10),
                 scheme=replace(bands, as_printed=True))
    assert [r.score for r in result.indicators[1:4]] == [10, 8, 5]
    with pytest.raises(SelfEvalError, match="得分比例应在 80%–80% 之间"):
        run(ind("a", "≥1", "1"), ind("q", "持续提升", level1="效益指标", grade=Grade.PARTIAL, grade_percent=D(70)),
            SATISFIED, scheme=bands)


@pytest.mark.parametrize(("grade", "percent", "ok"), [
    (Grade.PARTIAL, "80", True),  # the contract's [50, 80]: 80 is inside (no band starts at 80)
    (Grade.PARTIAL, "50", True),
    (Grade.UNMET, "50", False),  # 50 starts 部分达成: not 未达成
    (Grade.UNMET, "0", True),
    (Grade.MET, "99", False),  # 达成 is a fixed 100
])
def test_bands_an_evaluator_picks_inside(grade, percent, ok):
    contract = scheme(qualitative={"达成年度指标": 100, "部分达成年度指标": [50, 80], "未达成年度指标": [0, 50]})
    rows = (ind("a", "≥1", "1"), ind("q", "持续提升", level1="效益指标", grade=grade, grade_percent=D(percent)), SATISFIED)
    if ok:
        assert run(*rows, scheme=contract).indicators[1].score == D(percent) * 30 / 100  # 效益 30
    else:
        with pytest.raises(SelfEvalError, match="得分比例应在"):
            run(*rows, scheme=contract)


def test_a_band_name_that_is_no_grade_is_refused():
    with pytest.raises(SchemeError, match="“qualitative”中的“优秀”不是定性评价档次"):
        scheme(qualitative={"优秀": 100})


# --- evaluator-scored parts ---------------------------------------------------------------------


def test_parts_need_a_score_within_their_points():
    four = preset("four-part")
    rows = (ind("a", "≥1", "1"), ind("b", "显著", level1="效益指标", grade=Grade.MET))
    with pytest.raises(SelfEvalError, match="“项目过程”（20 分）须由评价人按评分标准打分"):
        run(*rows, scheme=four, parts=(("项目决策", D(18)),))
    with pytest.raises(SelfEvalError, match="“项目决策”的得分 21 应在 0–20 分之间"):
        run(*rows, scheme=four, parts=(("项目决策", D(21)), ("项目过程", D(20))))
    with pytest.raises(SelfEvalError, match="评价人打分的部分“绩效管理”不在评分方案中"):
        run(*rows, scheme=four, parts=(("绩效管理", D(1)),))


# --- grades ---------------------------------------------------------------------------------------


def test_grade_thresholds():
    graded = scheme(grades={"好": 85, "较好": 70, "一般": 0})
    rows = (ind("a", "≥10", "8"), BENEFIT, SATISFIED)  # 9.5 + 40 + 30 + 10 = 89.5
    assert run(*rows).grade == "良"
    assert run(*rows, scheme=graded).grade == "好"
    assert run(ind("a", "≥10", "1"), BENEFIT, SATISFIED, scheme=graded).grade == "一般"  # 9.5 + 5 + 30 + 10 = 54.5
    with pytest.raises(SchemeError, match="两个等级的分数线相同"):
        scheme(grades={"A": 60, "B": 60})


# --- direction and year ----------------------------------------------------------------------------


def test_direction_comes_from_the_row_not_the_name():
    # "成本" in the name guesses nothing: a bare "10万元" is an "=" target (met at or above).
    assert run(ind("运行成本", "10万元", "12万元", weight=50), BENEFIT, SATISFIED).indicators[0].score == 50
    reverse = run(ind("运行成本", "10万元", "12万元", weight=50, direction="反向"), BENEFIT, SATISFIED)
    assert reverse.indicators[0].score == D("41.67")  # 50 × 10 ÷ 12
    forward = run(ind("差错率", "≤5%", "4%", weight=50, direction="正向"), BENEFIT, SATISFIED)
    assert forward.indicators[0].score == 40  # read as ≥5%: 50 × 4 ÷ 5


def test_a_month_without_a_year_takes_the_documents_year():
    assert with_year("9月前", 2024) == "2024年9月前"
    assert with_year("截至12月底", 2024) == "截至2024年12月底"
    assert with_year("≥9个", 2024) == "≥9个"
    on_time = run(ind("完成时间", "9月前", "7月", weight=50), BENEFIT, SATISFIED, year=2024)
    assert on_time.indicators[0].score == 50 and "2024-07-31 ≤ 2024-09-30" in on_time.indicators[0].explanation
    late = run(ind("完成时间", "9月前", "10月", weight=50), BENEFIT, SATISFIED, year=2024)
    assert late.indicators[0].score == 0


def test_a_date_inside_a_sentence_and_on_time_words():
    done = run(ind("施工", "2022年12月30日", "完成时间为2022年12月30日", weight=50), BENEFIT, SATISFIED)
    assert done.indicators[0].score == 50
    assert run(ind("施工", "2022年12月底", "按期完成", weight=50), BENEFIT, SATISFIED).indicators[0].met is True


# --- the JSON document -------------------------------------------------------------------------------


def test_a_printed_tables_qualitative_actual_gives_its_grade():
    assert grade_from_actual("显著提升", "显著提升") == Grade.MET.value
    assert grade_from_actual("效果明显", "达成预期指标") == Grade.MET.value
    assert grade_from_actual("效果明显", "部分达成") == Grade.PARTIAL.value
    assert grade_from_actual("全部完成", "未完成") == Grade.UNMET.value
    assert grade_from_actual("无安全事故", "无安全事故") == Grade.MET.value


def test_level_1_as_printed_with_points_or_spaces():
    document = {"budget": {"adjusted": 10, "spent": 10}, "indicators": [
        {"level1": "产出指标(70分)", "name": "a", "target": "≥1", "actual": "1"},
        {"level1": "效 益 指 标", "name": "b", "target": "≥1", "actual": "1"},
        {"name": "c", "target": "≥1", "actual": "1"},
    ]}
    assert [i.level1 for i in evaluation_from_json(document).indicators] == ["产出指标", "效益指标", ""]


@pytest.mark.parametrize(("data", "message"), [
    ({"colour": 1}, "评分方案中的“colour”不是可设置的项"),
    ({"cap": "no"}, "“cap”应为 true 或 false"),
    ({"execution_points": -1}, "“execution_points”不能为负数"),
    ({"level_points": {"年度绩效目标": 80, "绩效指标": 90}}, "只能用一个"),
    ({"parts": [{"name": "项目决策"}]}, "“parts”中“项目决策”缺少分值（points）"),
    ({"qualitative": {"部分达成年度指标": [80, 50]}}, "下限 80 大于上限 50"),
    (["cap"], "“scheme”应为评分方案名称或对象"),
])
def test_a_bad_scheme_object_names_the_key(data, message):
    with pytest.raises(SchemeError, match=message):
        scheme_from_json(data)


# --- a printed table scored by its own scheme: no row is refused ----------------------------------


def printed(*indicators, scheme=DEFAULT_SCHEME):
    return evaluate(EvaluationInput(Budget(D("95"), D("100")), tuple(indicators), printed=True), scheme)


def test_a_printed_table_reads_actuals_by_their_number_or_words():
    result = printed(
        ind("响应时间", "≤4小时", "3天", weight=20),  # the unit contradicts: the number is used
        ind("上访次数", "<5次", "无上访", weight=10),  # no number: none
        ind("完成率", "≥100%", "已全部完成", weight=10),  # words: 达成
        ind("覆盖率", "≥90%", "部分完成", weight=10),  # words: 部分达成, the band's middle (70%)
        ind("宣传", "显著提升", "", level1="效益指标", weight=30),  # blank: 未达成 (30%)
        ind("满意度", "≥90%", "95%", level1="满意度指标", weight=10),
    )
    assert [r.score for r in result.indicators] == [20, 10, 10, 7, 9, 10]
    assert result.indicators[0].explanation.startswith("实际完成值“3天”按 3 计")
    assert result.indicators[4].explanation.startswith("实际完成值“（未填）”按文字判断")
    with pytest.raises(SelfEvalError, match="单位“天”与指标值的单位“小时”不一致"):
        run(ind("响应时间", "≤4小时", "3天"), BENEFIT, SATISFIED)  # typed on the page: an error to fix


def test_a_printed_tables_weights_are_its_points():
    # 产出 prints 60 where the scheme says 50, and a level the scheme does not know: both as printed.
    result = printed(ind("a", "≥1", "1", weight=60), ind("b", "显著", level1="效益指标", grade=Grade.MET, weight=30),
                     ind("c", "≥1", "1", level1="项目管理", weight=10))
    assert [(r.weight, r.score) for r in result.indicators] == [(60, 60), (30, 30), (10, 10)]
    assert result.total == D("109.50")
