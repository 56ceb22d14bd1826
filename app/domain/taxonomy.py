"""The indicator taxonomy (一级指标 → 二级指标), as data.

Seeds 003/004 and the Ministry of Finance's indicator guide (财预〔2020〕10号 附件)
use two schemes: cost under 产出指标 at level 2, or 成本指标 at level 1 in newer
tables. A unit may use either, so both are accepted.
"""

OUTPUT = "产出指标"
BENEFIT = "效益指标"
SATISFACTION = "满意度指标"
COST = "成本指标"

TAXONOMY: dict[str, tuple[str, ...]] = {
    OUTPUT: ("数量指标", "质量指标", "时效指标", "成本指标"),
    BENEFIT: ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    SATISFACTION: ("服务对象满意度指标",),
    COST: ("经济成本指标", "社会成本指标", "生态环境成本指标"),
}

# Level-2 names whose indicators are costs (a value above the budget is suspicious).
COST_LEVEL2 = frozenset({"成本指标", "经济成本指标"})

# The level-1 categories every table is expected to have (warning when one is empty).
EXPECTED_LEVEL1 = (OUTPUT, BENEFIT, SATISFACTION)


def level1_names() -> tuple[str, ...]:
    """Return the level-1 names in display order."""
    return tuple(TAXONOMY)


def level2_names(level1: str) -> tuple[str, ...]:
    """Return the level-2 names allowed under ``level1`` (empty if unknown)."""
    return TAXONOMY.get(level1, ())


def belongs(level1: str, level2: str) -> bool:
    """Tell whether ``level2`` is a child of ``level1``."""
    return level2 in TAXONOMY.get(level1, ())


def is_cost(level1: str, level2: str) -> bool:
    """Tell whether an indicator measures a cost."""
    return level1 == COST or level2 in COST_LEVEL2
