"""Target quality (issue 17): can a reviewer check these targets at all?

Pure rules over a ``ProjectDraft``. Each rule gives ``Finding``s that say where (the form path
of the field, as ``review_project`` does, so the edit page shows it beside the field), why (the
rule and its source), and how to fix it, with a severity:

- ``must`` (必须修改): submission is refused while one remains. Only for what the guide requires
  and a reader can see for certain: a missing 产出/效益 level, a 指标值 that is its own name, a cost
  above the whole budget, a deadline before the year starts, a row entered twice.
- ``advice`` (建议): what a reviewer would ask about but a table may have a reason for.

Sources: 财预〔2021〕101号《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》 (the 指引),
and 财预〔2020〕10号《项目支出绩效评价管理办法》 for the year-end evaluation the targets serve.
"""

import re
import unicodedata
from dataclasses import asdict, dataclass
from decimal import Decimal

from app.domain import taxonomy
from app.domain.actuals import ActualError, Grade, read_date, read_quantity
from app.domain.money import quantize
from app.domain.projects import IndicatorDraft, ProjectDraft
from app.domain.targets import Kind, Target, parse_target

MUST = "must"
ADVICE = "advice"
SEVERITY_LABELS = {MUST: "必须修改", ADVICE: "建议"}

GUIDE = "财预〔2021〕101号 指引"
EVALUATION = "财预〔2020〕10号"

# Words that say a direction without a measure: "持续提升" alone cannot be checked at year end.
VAGUE_WORDS = (
    "有效提升", "明显改善", "显著提升", "显著提高", "显著改善", "持续提升", "持续提高", "持续改善",
    "进一步提升", "进一步提高", "进一步改善", "不断提升", "不断提高", "不断加大", "逐步提高", "逐步提升",
    "有所提高", "有所提升", "有所改善", "大幅提升", "大幅提高", "切实提高", "切实减少", "明显提升",
    "明显提高", "稳步提升", "全面提升", "进一步加强", "有效改善", "有效提高",
)
_PUNCT = re.compile(r"[\s\W_]+")
_MONEY_SCALE = {"万元": Decimal(1), "元": Decimal("0.0001")}


@dataclass(frozen=True)
class Finding:
    """One quality finding: what, how serious, where, why, and how to fix it."""

    code: str
    severity: str  # MUST or ADVICE
    where: str  # the form path of the field: "indicators-3-target_text", "goals-0-text", "indicators"
    row: int | None  # 1-based indicator (or goal) row, None for the whole table
    message: str  # why, in Chinese, naming the row
    fix: str  # how to fix it
    source: str  # the rule's document and clause

    @property
    def must(self) -> bool:
        return self.severity == MUST

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]

    def to_dict(self) -> dict:
        return asdict(self)


def check_quality(draft: ProjectDraft) -> tuple[Finding, ...]:
    """Every finding on a target table, must-fix first, then in table order."""
    out: list[Finding] = []
    rows = [(i, indicator, _target(indicator, draft.year)) for i, indicator in enumerate(draft.indicators)]
    _levels(draft, out)
    _quantitative_share(rows, out)
    for i, indicator, target in rows:
        _repeats(i, indicator, target, out)
        _vague(i, indicator, target, out)
        _deadline(draft.year, i, indicator, target, out)
        _perfect(i, indicator, target, out)
    _costs(draft, rows, out)
    _duplicates(rows, out)
    _unmeasured_goals(draft, out)
    _basis(rows, out)
    return tuple(sorted(out, key=lambda f: f.severity != MUST))


def blocking(findings) -> tuple[Finding, ...]:
    """The findings that must be fixed before submission."""
    return tuple(f for f in findings if f.must)


def _target(indicator: IndicatorDraft, year: int | None) -> Target | None:
    text = indicator.target_text.strip()
    if not text:
        return None
    try:
        return parse_target(text, year if isinstance(year, int) else None)
    except ValueError:
        return None


def _bare(text: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text or ""))


def _row(i: int) -> str:
    return f"第 {i + 1} 行指标"


def _levels(draft: ProjectDraft, out: list[Finding]) -> None:
    """指引 一（二）: a table measures outputs and benefits; satisfaction where the project serves people."""
    if not draft.indicators:
        return
    if any(not i.level1.strip() for i in draft.indicators):
        return  # rows without a level-1 (review_project names them): coverage cannot be told
    # Other provinces name the levels their own way (产出/预期产出指标, 效果指标, 成效指标).
    labels = [_bare(i.level1) + "|" + _bare(i.level2) for i in draft.indicators]
    output = any(
        "产出" in label or label.split("|")[1] in taxonomy.TAXONOMY[taxonomy.OUTPUT] for label in labels
    )
    benefit = any(word in label for label in labels for word in ("效益", "效果", "成效"))
    satisfaction = any("满意" in label for label in labels) or any("满意" in i.name for i in draft.indicators)
    if not output:
        out.append(Finding(
            "missing-output", MUST, "indicators", None, "没有产出指标：无法核对项目完成了什么",
            "增加产出指标（数量、质量、时效、成本），说明项目提供的产品和服务",
            f"{GUIDE} 二（产出指标是必设指标）"))
    if not benefit:
        out.append(Finding(
            "missing-benefit", MUST, "indicators", None, "没有效益指标：无法核对项目产生了什么效果",
            "增加效益指标（经济、社会、生态效益或可持续影响），说明项目带来的变化",
            f"{GUIDE} 二（效益指标是必设指标）"))
    if not satisfaction:
        out.append(Finding(
            "missing-satisfaction", ADVICE, "indicators", None, "没有满意度指标",
            "项目有服务对象（企业、群众、参会人员、工作人员）时，增加服务对象满意度指标；确无服务对象的可不设",
            f"{GUIDE} 二（满意度指标原则上应设置）"))


def _quantitative_share(rows, out: list[Finding]) -> None:
    """指引: indicators are quantitative where they can be; warn when fewer than half are."""
    targets = [t for _, _, t in rows if t is not None]
    if len(targets) < 2:
        return
    measured = sum(1 for t in targets if t.kind is not Kind.QUALITATIVE)
    if measured * 2 < len(targets):
        out.append(Finding(
            "quantitative-share", ADVICE, "indicators", None,
            f"定量指标只有 {measured} 条，少于全部 {len(targets)} 条指标的一半",
            "能用数字、比率、金额或时间表示的指标值请写成定量形式（如“≥95%”“≤30万元”“2024年12月底前”）",
            f"{GUIDE} 三（优先使用定量指标）"))


def _repeats(i: int, indicator: IndicatorDraft, target: Target | None, out: list[Finding]) -> None:
    """A 指标值 that only repeats the indicator's name (or its description) states no target."""
    if target is None or target.kind is not Kind.QUALITATIVE:
        return
    value = _bare(indicator.target_text)
    path = f"indicators-{i}-target_text"
    if value and value == _bare(indicator.name):
        out.append(Finding(
            "value-repeats-name", MUST, path, i + 1,
            f"{_row(i)}：指标值“{indicator.target_text.strip()}”与三级指标名称相同，没有给出目标",
            "写出要达到的水平：数量、比率、时间，或可判断达成与否的具体标准",
            f"{GUIDE} 三（指标值应明确、可衡量）"))
    elif value and value == _bare(indicator.description):
        out.append(Finding(
            "value-repeats-description", ADVICE, path, i + 1,
            f"{_row(i)}：指标值与绩效指标描述相同",
            "指标描述说明指标的含义和计算方法，指标值写要达到的水平；两者不要互相照抄",
            f"{GUIDE} 三（指标值应明确、可衡量）"))


def _vague(i: int, indicator: IndicatorDraft, target: Target | None, out: list[Finding]) -> None:
    """"有效提升""明显改善" without a measure cannot be judged at year end."""
    if target is None or target.kind is not Kind.QUALITATIVE or re.search(r"\d", indicator.target_text):
        return
    words = [w for w in VAGUE_WORDS if w in indicator.target_text]
    if words:
        out.append(Finding(
            "vague-value", ADVICE, f"indicators-{i}-target_text", i + 1,
            f"{_row(i)}：指标值用“{words[0]}”表述，没有可衡量的程度",
            "给出可衡量的标准：比上年提高多少（如“较上年增长≥5%”），或写明判断达成的具体标准",
            f"{GUIDE} 三（定性指标应有明确的评判标准）；{EVALUATION} 附件（指标完成情况按标准评分）"))


def _deadline(year: int, i: int, indicator: IndicatorDraft, target: Target | None, out: list[Finding]) -> None:
    """The table is the fiscal year's: a deadline before it is stale; one after it is not this year's target."""
    if target is None or target.kind is not Kind.DEADLINE or target.deadline is None or not isinstance(year, int):
        return
    path = f"indicators-{i}-target_text"
    if target.deadline.year < year:
        out.append(Finding(
            "deadline-before-year", MUST, path, i + 1,
            f"{_row(i)}：完成时间 {target.deadline.isoformat()} 早于 {year} 年度开始",
            f"改为 {year} 年内的完成时间（多为上年表格复制后未更新）",
            f"{GUIDE} 三（时效指标按预算年度设置）"))
    elif target.deadline.year > year:
        out.append(Finding(
            "deadline-after-year", ADVICE, path, i + 1,
            f"{_row(i)}：完成时间 {target.deadline.isoformat()} 晚于 {year} 年度结束",
            f"年度目标表写 {year} 年内要完成的部分；跨年度项目请在中长期目标中说明整体进度",
            f"{GUIDE} 三（时效指标按预算年度设置）"))


def _perfect(i: int, indicator: IndicatorDraft, target: Target | None, out: list[Finding]) -> None:
    """A satisfaction target of 100% or zero complaints can hardly be evidenced at year end."""
    if target is None or target.kind is not Kind.QUANTITATIVE or target.value is None:
        return
    satisfaction = indicator.level1 == taxonomy.SATISFACTION or "满意" in indicator.name
    path = f"indicators-{i}-target_text"
    if satisfaction and "满意" in indicator.name and target.unit == "%" and target.value >= 100 \
            and target.comparator in ("=", ">="):
        out.append(Finding(
            "perfect-satisfaction", ADVICE, path, i + 1,
            f"{_row(i)}：满意度目标为 100%，要求每一位服务对象都满意",
            "按以往调查结果设定合理水平（常见“≥90%”“≥95%”），并在确定依据中写明调查方式",
            f"{GUIDE} 三（指标值应科学合理、可实现）"))
    elif "投诉" in indicator.name and target.value == 0 and target.comparator in ("=", "<="):
        out.append(Finding(
            "zero-complaints", ADVICE, path, i + 1,
            f"{_row(i)}：投诉目标为 0",
            "零投诉难以作为可核实的目标：改用投诉处理及时率、有效投诉率等可衡量的指标",
            f"{GUIDE} 三（指标值应科学合理、可实现）"))


def _money(target: Target | None) -> Decimal | None:
    """A cost target's amount in 万元 (an upper bound, a plain figure or a range's upper end)."""
    if target is None:
        return None
    scale = _MONEY_SCALE.get(target.unit or "")
    if scale is None:
        return None
    if target.kind is Kind.QUANTITATIVE and target.value is not None and target.comparator in ("<=", "<", "="):
        return target.value * scale
    if target.kind is Kind.RANGE and target.upper is not None:
        return target.upper * scale
    return None


def _costs(draft: ProjectDraft, rows, out: list[Finding]) -> None:
    """成本指标 in 万元: none above the budget; together (or one total row) they match it."""
    budget = draft.budget_total
    if budget is None or budget <= 0:
        return
    costs = [
        (i, indicator, amount)
        for i, indicator, target in rows
        if taxonomy.is_cost(indicator.level1, indicator.level2) and (amount := _money(target)) is not None
    ]
    if not costs:
        return
    for i, indicator, amount in costs:
        if quantize(amount) > quantize(budget):
            out.append(Finding(
                "cost-over-budget", MUST, f"indicators-{i}-target_text", i + 1,
                f"{_row(i)}：成本指标“{indicator.target_text.strip()}”超过项目预算数 {quantize(budget)} 万元",
                "成本指标不能超过预算：核对金额和单位（元/万元）",
                f"{GUIDE} 二（成本指标与预算相匹配）"))
    if any(quantize(amount) > quantize(budget) for _, _, amount in costs):
        return
    if any(quantize(amount) == quantize(budget) for _, _, amount in costs):
        return  # a total row (项目总成本 ≤ the budget) beside its parts
    total = sum((amount for _, _, amount in costs), Decimal(0))
    if quantize(total) != quantize(budget):
        first = costs[0][0]
        out.append(Finding(
            "cost-mismatch", ADVICE, f"indicators-{first}-target_text", first + 1,
            f"成本指标合计 {quantize(total)} 万元，与项目预算数 {quantize(budget)} 万元不一致",
            "成本指标应覆盖预算的主要支出：补充未列明的成本，或核对金额；单位成本（平均成本）请在描述中说明",
            f"{GUIDE} 二（成本指标与预算相匹配）"))


def _duplicates(rows, out: list[Finding]) -> None:
    """The same indicator twice: an identical row is entered twice; a different value contradicts itself."""
    seen: dict[tuple[str, str], tuple[int, str]] = {}
    for i, indicator, _ in rows:
        name = _bare(indicator.name)
        if not name:
            continue
        key = (indicator.level2.strip(), name)
        if key not in seen:
            seen[key] = (i, _bare(indicator.target_text))
            continue
        first, value = seen[key]
        same = value == _bare(indicator.target_text)
        out.append(Finding(
            "duplicate-indicator", MUST if same else ADVICE, f"indicators-{i}-name", i + 1,
            f"{_row(i)}：与第 {first + 1} 行是同一指标“{indicator.name.strip()}”"
            + ("，指标值也相同" if same else "，指标值不同"),
            "删除重复的一行" if same else "合并为一条，或在名称中写明区别（如分项目、分对象）",
            f"{GUIDE} 三（指标应简明、不重复）"))


# Two characters shared by a goal and an indicator say the indicator measures it ("签证", "培训").
_COMMON = frozenset({"保障", "工作", "正常", "开展", "确保", "推进", "提升", "提高", "促进", "加强", "进一",
                     "一步", "发展", "服务", "项目", "用于", "实现", "年度", "全年", "完成", "支持", "有效"})


def _pairs(text: str) -> set[str]:
    bare = re.sub(r"[^\u4e00-\u9fff]", " ", text or "")
    return {w[k:k + 2] for w in bare.split() for k in range(len(w) - 1)} - _COMMON


def _unmeasured_goals(draft: ProjectDraft, out: list[Finding]) -> None:
    """Each goal is measured by some indicator: one shares no key word with any indicator."""
    if len(draft.goals) < 2 or not draft.indicators:
        return
    measured = set()
    for indicator in draft.indicators:
        measured |= _pairs(indicator.name) | _pairs(indicator.description) | _pairs(indicator.target_text)
    for g, goal in enumerate(draft.goals):
        words = _pairs(goal)
        if words and not words & measured:
            out.append(Finding(
                "goal-unmeasured", ADVICE, f"goals-{g}-text", g + 1,
                f"第 {g + 1} 项绩效目标没有对应的指标（与任何指标都没有共同的关键词）",
                "为这项目标设置至少一条产出或效益指标，或把它并入其他目标",
                f"{GUIDE} 一（绩效指标是绩效目标的细化和量化）"))


def _basis(rows, out: list[Finding]) -> None:
    """指标值确定依据: every value says where it comes from (plan, standard, history)."""
    missing = [i for i, indicator, _ in rows if not indicator.basis.strip() and indicator.name.strip()]
    if not missing:
        return
    source = f"{GUIDE} 三（指标值应有确定依据：计划标准、行业标准、历史标准等）"
    if len(missing) == len(rows):
        out.append(Finding(
            "basis-missing", ADVICE, "indicators", None, "所有指标都没有填写指标值确定依据",
            "逐条写明指标值的来源：工作计划、预算测算、合同、行业标准或历史数据", source))
        return
    for i in missing:
        out.append(Finding(
            "basis-missing", ADVICE, f"indicators-{i}-basis", i + 1, f"{_row(i)}：没有填写指标值确定依据",
            "写明指标值的来源：工作计划、预算测算、合同、行业标准或历史数据", source))


# --- 复制到下一年度: last year's results (issue 17, point 4) --------------------------------------


def was_met(target_text: str, year: int, actual: str, grade: str | None = None) -> bool | None:
    """Whether last year's actual met its target; None when it cannot be told (no actual, unreadable)."""
    try:
        target = parse_target(target_text, year)
    except ValueError:
        return None
    try:
        if target.kind is Kind.QUALITATIVE:
            return None if not grade else grade == Grade.MET.value
        if not (actual or "").strip():
            return None
        if target.kind is Kind.DEADLINE:
            return read_date(actual) <= target.deadline
        value = read_quantity(actual, target.unit)
    except (ActualError, ValueError, TypeError):
        return None
    if target.kind is Kind.RANGE:
        return target.lower <= value <= target.upper
    return {">=": value >= target.value, ">": value > target.value, "<=": value <= target.value,
            "<": value < target.value, "=": value == target.value}[target.comparator]


def carry_forward_notes(year: int, rows) -> list[str]:
    """What the officer should know when copying ``year``'s table into the next year.

    ``rows``: (position, name, target_text, actual, grade) of the indicators with a year-end entry.
    An indicator never met is flagged (a target to reconsider); a quantitative one met with room
    to spare suggests last year's actual as the starting point.
    """
    notes = []
    for position, name, target_text, actual, grade in rows:
        met = was_met(target_text, year, actual, grade)
        shown = (actual or "").strip() or grade or ""
        if met is False:
            notes.append(f"第 {position} 行指标“{name}”{year} 年未达成（指标值“{target_text}”，实际完成“{shown}”），"
                         "请核实目标是否合理，或在确定依据中说明今年的措施")
        elif met and _above(target_text, year, actual):
            notes.append(f"第 {position} 行指标“{name}”{year} 年实际完成“{actual.strip()}”，高于指标值“{target_text}”，"
                         "可作为今年指标值的起点")
    return notes


def _above(target_text: str, year: int, actual: str) -> bool:
    """A ≥ target beaten by last year's actual (the actual is a better starting point)."""
    try:
        target = parse_target(target_text, year)
    except ValueError:
        return False
    if target.kind is not Kind.QUANTITATIVE or target.comparator not in (">=", ">"):
        return False
    try:
        return read_quantity(actual, target.unit) > target.value
    except (ActualError, ValueError, TypeError):
        return False
