"""The indicator library's grouping (app/domain/library.py)."""

from app.domain.library import LibraryRow, build


def row(name, target, level2="服务对象满意度指标", year=2024, basis="调查问卷", unit="%"):
    return LibraryRow("满意度指标", level2, name, "", target, basis, unit, year)


def test_entries_group_by_level_and_name_with_usage_and_typical_values():
    rows = [row("企业满意度", "≥98%"), row("企业满意度 ", "≥98%", year=2023), row("企业满意度", "≥90%"),
            row("满意率", "≥95%"), row("活动参与率", "≥95%", level2="质量指标", unit="%")]
    entries = build(rows, query="满意")
    assert [(e.name, e.uses) for e in entries] == [("企业满意度", 3), ("满意率", 1)]
    first = entries[0]
    assert first.values == ("≥98%", "≥90%") and first.units == ("%",) and first.years == (2023, 2024)
    assert first.basis == "调查问卷" and first.to_dict()["level2"] == "服务对象满意度指标"


def test_the_level2_being_typed_comes_first_and_the_limit_holds():
    rows = [row("完成率", "≥90%", level2="质量指标"), row("完成率", "100%", level2="时效指标"),
            row("完成率", "100%", level2="时效指标")]
    assert [e.level2 for e in build(rows, query="完成")] == ["时效指标", "质量指标"]
    assert [e.level2 for e in build(rows, query="完成", level2="质量指标")] == ["质量指标", "时效指标"]
    assert len(build(rows, query="完成", limit=1)) == 1


def test_recommended_entries_come_first_with_their_kinds():
    from app.domain.library import key

    rows = [row("企业满意度", "≥98%"), row("企业满意度", "≥98%"), row("参会人员满意度", "≥95%")]
    marks = {key("满意度指标", "服务对象满意度指标", "参会人员 满意度"): ["会展活动"]}
    entries = build(rows, query="满意度", recommended=marks)
    assert [(e.name, e.recommended) for e in entries] == [("参会人员满意度", ("会展活动",)), ("企业满意度", ())]
