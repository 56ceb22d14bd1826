"""评分方案: which scheme a unit's year-end is scored with, chosen per unit and year.

The rules are in ``app.domain.schemes`` (presets, the scheme object) and ``app.domain.selfeval``
(scoring); this module keeps the choice and hands out the scheme to score with.
"""

import json
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.domain.actuals import Grade
from app.domain.errors import DomainError
from app.domain.schemes import CUSTOM, SchemeError, preset, presets, scheme_from_json, scheme_to_json
from app.domain.selfeval import (
    DEFAULT_SCHEME,
    Budget,
    EvaluationInput,
    IndicatorInput,
    Scheme,
    SelfEvalError,
    evaluate,
)
from app.domain.targets import parse_target
from app.extensions import db
from app.models import Unit
from app.models.schemes import SchemeChoice
from app.services import transaction


@dataclass(frozen=True)
class Choice:
    unit: Unit
    year: int
    scheme: Scheme


def to_text(scheme: Scheme) -> str:
    """The scheme as stored: its whole object, so later preset changes do not reach it."""
    return json.dumps(scheme_to_json(scheme), ensure_ascii=False, sort_keys=True)


def from_text(text: str) -> Scheme:
    """A stored scheme object back as a scheme (its name and title kept)."""
    data = json.loads(text, parse_float=Decimal)
    scheme, _ = scheme_from_json(data, default_name=data.get("name") or CUSTOM)
    return scheme


def read_variant(text: str, name: str = CUSTOM) -> Scheme:
    """A unit's own variant typed as a scheme object (JSON); DomainError names what is wrong."""
    try:
        data = json.loads(text or "", parse_float=Decimal)
    except json.JSONDecodeError as err:
        raise DomainError(f"评分方案不是有效的 JSON：第 {err.lineno} 行第 {err.colno} 列，{err.msg}", "rules") from None
    if not isinstance(data, dict):
        raise DomainError("评分方案应为一个 JSON 对象，如 {\"execution_points\": 20}", "rules")
    data = {key: value for key, value in data.items() if key not in ("name",)}
    try:
        scheme, _ = scheme_from_json({**data, "title": data.get("title") or "本单位评分方案",
                                      "source": data.get("source") or "管理员设置"}, default_name=name)
    except SchemeError as err:
        raise DomainError(str(err), "rules") from None
    return scheme


def scheme_for(unit_id: int, year: int) -> Scheme:
    """The scheme a unit uses in a year: its choice, or the 财预〔2020〕10号 default."""
    choice = db.session.scalar(select(SchemeChoice).where(SchemeChoice.unit_id == unit_id, SchemeChoice.year == year))
    return from_text(choice.rules) if choice else DEFAULT_SCHEME


def schemes_for(pairs) -> dict[tuple[int, int], Scheme]:
    """The schemes of several (unit id, year) pairs in one query; the default where none is chosen."""
    pairs = set(pairs)
    found = {}
    if pairs:
        # By year (a list has one or two), not by unit: a province's list has 2,000 units.
        years = sorted({year for _, year in pairs})
        rows = db.session.scalars(select(SchemeChoice).where(SchemeChoice.year.in_(years)))
        found = {(r.unit_id, r.year): from_text(r.rules) for r in rows if (r.unit_id, r.year) in pairs}
    return {pair: found.get(pair, DEFAULT_SCHEME) for pair in pairs}


def choices() -> list[Choice]:
    """Every unit's choice, by year (newest first) and unit code."""
    rows = db.session.scalars(
        select(SchemeChoice).options(selectinload(SchemeChoice.unit)).order_by(SchemeChoice.year.desc(), SchemeChoice.unit_id)
    )
    return sorted((Choice(r.unit, r.year, from_text(r.rules)) for r in rows), key=lambda c: (-c.year, c.unit.code))


def choose(unit_id: int, year: int, name: str, variant: str = "") -> Scheme:
    """Set a unit's scheme for a year: a preset by name, or (name "custom") its own variant typed as JSON."""
    if not 1900 < year < 2200:
        raise DomainError("年度应为四位数字，如 2024", "year")
    if name == CUSTOM:
        scheme = read_variant(variant)
    else:
        try:
            scheme = preset(name)
        except SchemeError as err:
            raise DomainError(str(err), "scheme") from None
    with transaction():
        unit = db.session.get(Unit, unit_id)
        if unit is None:
            raise DomainError("没有这个预算单位", "unit_id")
        choice = db.session.scalar(select(SchemeChoice).where(SchemeChoice.unit_id == unit_id, SchemeChoice.year == year))
        if choice is None:
            choice = SchemeChoice(unit_id=unit_id, year=year)
            db.session.add(choice)
        choice.scheme_name = scheme.name
        choice.rules = to_text(scheme)
    return scheme


def all_presets() -> tuple[Scheme, ...]:
    return presets()


# The sample project a variant is previewed on: one indicator of each kind, weights as a table prints them.
_SAMPLE = (
    ("产出指标", "数量指标", "培训人数", "≥200人", "180人", "20", None),
    ("产出指标", "时效指标", "完成时间", "2024年10月底", "2024年9月20日", "15", None),
    ("产出指标", "成本指标", "培训成本", "≤20万元", "18万元", "15", None),
    ("效益指标", "社会效益指标", "培训效果", "明显提升", "有所提升", "30", Grade.PARTIAL),
    ("满意度指标", "服务对象满意度指标", "学员满意度", "≥90%", "95%", "10", None),
)
SAMPLE_NAME = "示例项目（预算 100 万元，执行 92 万元）"


def sample_evaluation(scheme: Scheme) -> dict:
    """The sample project scored by ``scheme``: rows, total and grade, or the error that stops it."""
    indicators = tuple(
        IndicatorInput(level1, level2, name, parse_target(target), actual,
                       Decimal(weight) if scheme.as_printed else None, grade)
        for level1, level2, name, target, actual, weight, grade in _SAMPLE
    )
    parts = tuple((part.name, part.points * Decimal("0.9")) for part in scheme.parts)
    project = EvaluationInput(Budget(Decimal("92"), Decimal("100")), indicators, None, parts, 2024)
    try:
        result = evaluate(project, scheme)
    except SelfEvalError as err:
        return {"name": SAMPLE_NAME, "error": str(err)}
    return {
        "name": SAMPLE_NAME,
        "execution": result.execution,
        "indicators": result.indicators,
        "parts": result.parts,
        "total": result.total,
        "grade": result.grade,
        "error": "",
    }


def example_text() -> str:
    """A unit's own variant as an administrator would start it (the issue's example)."""
    return json.dumps({
        "execution_points": 20,
        "level_points": {"产出指标": 50, "效益指标": 20, "满意度指标": 10},
        "cap": False,
        "rounding": "1-half-up",
        "qualitative": {"达成年度指标": 100, "部分达成年度指标": [50, 80], "未达成年度指标": [0, 50]},
    }, ensure_ascii=False, indent=2)
