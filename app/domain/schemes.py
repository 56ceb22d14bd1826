"""Scoring schemes as data: the presets shipped with the package, a scheme object read from JSON,
and the rules of a scheme said in plain Chinese.

A scheme object (``jixiao selfeval FILE.json`` accepts one under ``"scheme"``, ``jixiao schemes
show`` prints one) has these keys, every one optional (what is left out is the 财预〔2020〕10号
default of ``app.domain.selfeval.Scheme``):

    execution_points   预算执行率的分值 (10)
    execution_cap      true: 得分 = 分值 × min(执行率, 100%); false: no cap
    execution_in_total false: the execution score is shown beside the total, not counted in it
    level_points       {"产出指标": 50, …}; "年度绩效目标"/"绩效指标" take every indicator;
                       "as_printed": each indicator's printed weight is its points
    pooled             {"效益指标": ["效益指标", "满意度指标"]}: one pool for several level-1s
    cap                false: a score may exceed its weight (in proportion)
    rounding           0.01-half-up | 0.1-half-up | 0.1-down | 1-half-up | 1-down
    rounding_scope     "indicator" (every score) | "total" (the total only)
    qualitative        {"达成年度指标": 100, "部分达成年度指标": [50, 80], "未达成年度指标": [0, 50]}:
                       a number is a fixed share of the weight, a pair a band the evaluator picks inside
    parts              [{"name": "项目决策", "points": 20, "criteria": "…", "score": 18}]
    grades             {"优": 90, "良": 80, "中": 60, "差": 0}
    name, title, source  a preset's identity (a custom object is named "custom")

Presets are JSON files in ``app/domain/scheme_presets/``, each naming its source document and clause.
"""

import json
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from importlib import resources

from app.domain.actuals import Band, Grade
from app.domain.numbers import plain
from app.domain.selfeval import (
    ALL_LEVELS,
    DEFAULT_SCHEME,
    ROUNDING_SCOPES,
    ROUNDINGS,
    EvaluationInput,
    Part,
    Scheme,
    SelfEvalError,
)

CUSTOM = "custom"
AS_PRINTED = "as_printed"
KEYS = (
    "name", "title", "source", "execution_points", "execution_cap", "execution_in_total", "level_points", "pooled", "cap",
    "rounding", "rounding_scope", "qualitative", "parts", "grades",
)
_PRESET_PACKAGE = "app.domain.scheme_presets"


class SchemeError(SelfEvalError):
    """A scheme that cannot be used; the message names the key."""


# ---------------------------------------------------------------- presets


def preset_names() -> tuple[str, ...]:
    """The names of the shipped presets, the 10号 default first."""
    files = resources.files(_PRESET_PACKAGE)
    names = sorted(f.name.removesuffix(".json") for f in files.iterdir() if f.name.endswith(".json"))
    return tuple(sorted(names, key=lambda n: n != DEFAULT_SCHEME.name))


def preset(name: str) -> Scheme:
    """Load a shipped preset by name; SchemeError names the presets when there is none."""
    if name not in preset_names():
        raise SchemeError(f"没有名为“{name}”的评分方案（可用：{'、'.join(preset_names())}）")
    text = resources.files(_PRESET_PACKAGE).joinpath(f"{name}.json").read_text(encoding="utf-8")
    data = json.loads(text, parse_float=Decimal)
    scheme, _ = scheme_from_json(data, default_name=name)
    return scheme


def presets() -> tuple[Scheme, ...]:
    return tuple(preset(name) for name in preset_names())


# ---------------------------------------------------------------- JSON in


def scheme_from_json(data, default_name: str = CUSTOM) -> tuple[Scheme, tuple[tuple[str, Decimal | None], ...]]:
    """Read a scheme object; return the scheme and the part scores it carries (``"score"`` per part)."""
    if isinstance(data, str):
        return preset(data.strip()), ()
    if not isinstance(data, dict):
        raise SchemeError("“scheme”应为评分方案名称或对象，如 {\"execution_points\": 20, \"cap\": false}")
    unknown = [key for key in data if key not in KEYS]
    if unknown:
        raise SchemeError(f"评分方案中的“{unknown[0]}”不是可设置的项（可设置：{'、'.join(KEYS[3:])}）")
    changes: dict = {}
    if "execution_points" in data:
        changes["execution_points"] = _points(data["execution_points"], "execution_points")
    if "execution_cap" in data:
        changes["execution_cap"] = Decimal(1) if _flag(data["execution_cap"], "execution_cap") else None
    if "execution_in_total" in data:
        changes["execution_in_total"] = _flag(data["execution_in_total"], "execution_in_total")
    if "level_points" in data:
        changes.update(_level_points(data["level_points"]))
    if "pooled" in data:
        changes["pooled"] = _pooled(data["pooled"])
    if "cap" in data:
        changes["cap"] = _flag(data["cap"], "cap")
    if "rounding" in data:
        if data["rounding"] not in ROUNDINGS:
            raise SchemeError(f"“rounding”应为 {'、'.join(ROUNDINGS)} 之一，给出的是“{data['rounding']}”")
        changes["rounding"] = data["rounding"]
    if "rounding_scope" in data:
        if data["rounding_scope"] not in ROUNDING_SCOPES:
            raise SchemeError(f"“rounding_scope”应为 indicator（每项得分）或 total（总分），给出的是“{data['rounding_scope']}”")
        changes["rounding_scope"] = data["rounding_scope"]
    if "qualitative" in data:
        changes["grade_bands"] = _bands(data["qualitative"])
    scores: tuple = ()
    if "parts" in data:
        changes["parts"], scores = _parts(data["parts"])
    if "grades" in data:
        changes["final_grades"], changes["lowest_grade"] = _grades(data["grades"])
    name = default_name
    if default_name != CUSTOM:
        for key in ("title", "source"):
            if not isinstance(data.get(key, ""), str):
                raise SchemeError(f"评分方案的“{key}”应为文字")
        changes["title"] = data.get("title") or name
        changes["source"] = data.get("source") or ""
    else:
        for key in ("title", "source"):
            if not isinstance(data.get(key, ""), str):
                raise SchemeError(f"评分方案的“{key}”应为文字")
        changes["title"] = data.get("title") or "自定义评分方案"
        changes["source"] = data.get("source") or "随文件给出"
    return replace(DEFAULT_SCHEME, name=name, **changes), scores


def scheme_for_document(data: dict, project: EvaluationInput) -> tuple[Scheme, EvaluationInput]:
    """The scheme a ``jixiao selfeval`` document asks for, and the project with the parts' scores.

    Without ``"scheme"`` the 10号 default scores it. With a scheme that leaves ``level_points`` out
    and indicators that all carry a weight, the printed weights are the points (no total of 100).
    """
    given = data.get("scheme")
    if given is None:
        return DEFAULT_SCHEME, project
    scheme, scores = scheme_from_json(given)
    project = replace(project, printed=True)  # a table scored by its own scheme: no row is refused
    if isinstance(given, dict) and "level_points" not in given and project.points is None:
        rows = [i for i in project.indicators if not i.not_applicable]
        if rows and all(i.weight is not None for i in rows):
            scheme = replace(scheme, as_printed=True)
    if scores:
        named = dict(project.parts)
        project = replace(project, parts=tuple({**dict(scores), **named}.items()))
    return scheme, project


def _number(value, key: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise SchemeError(f"评分方案的“{key}”应为数字，给出的是“{value}”")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise SchemeError(f"评分方案的“{key}”应为数字，给出的是“{value}”") from None
    if not number.is_finite():
        raise SchemeError(f"评分方案的“{key}”应为数字，给出的是“{value}”")
    return number


def _points(value, key: str) -> Decimal:
    number = _number(value, key)
    if number < 0:
        raise SchemeError(f"评分方案的“{key}”不能为负数")
    return number


def _flag(value, key: str) -> bool:
    if not isinstance(value, bool):
        raise SchemeError(f"评分方案的“{key}”应为 true 或 false")
    return value


def _level_points(value) -> dict:
    if value in (AS_PRINTED, "按表列分值"):
        return {"as_printed": True}
    if not isinstance(value, dict) or not value:
        raise SchemeError("“level_points”应为对象，如 {\"产出指标\": 50, \"效益指标\": 30, \"满意度指标\": 10}，或 \"as_printed\"")
    levels = tuple((str(name).strip(), _points(points, f"level_points.{name}")) for name, points in value.items())
    if sum(1 for name, _ in levels if name in ALL_LEVELS) > 1:
        raise SchemeError(f"“level_points”中 {'、'.join(ALL_LEVELS)} 只能用一个")
    return {"level_points": levels, "as_printed": False}


def _pooled(value) -> tuple:
    if not isinstance(value, dict):
        raise SchemeError("“pooled”应为对象，如 {\"效益指标\": [\"效益指标\", \"满意度指标\"]}")
    pools = []
    for name, levels in value.items():
        if not isinstance(levels, list) or not levels or not all(isinstance(level, str) for level in levels):
            raise SchemeError(f"“pooled.{name}”应为一级指标名称的列表")
        pools.append((name, tuple(levels)))
    return tuple(pools)


def _grade_of(key: str) -> Grade:
    """The grade a band's name stands for: "部分达成年度指标" is 部分达成年度指标并具有一定效果."""
    for grade in Grade:
        if grade.value.startswith(key) or key.startswith(grade.value):
            return grade
    names = "、".join(grade.value for grade in Grade)
    raise SchemeError(f"“qualitative”中的“{key}”不是定性评价档次（应为{names}，可只写开头，如“部分达成年度指标”）")


def _bands(value) -> tuple[Band, ...]:
    if not isinstance(value, dict):
        raise SchemeError("“qualitative”应为对象，如 {\"达成年度指标\": 100, \"部分达成年度指标\": [50, 80]}")
    read = []
    for key, share in value.items():
        grade = _grade_of(str(key).strip())
        if isinstance(share, list):
            if len(share) != 2:
                raise SchemeError(f"“qualitative.{key}”应为一个比例或 [下限, 上限]")
            low, high = (_points(s, f"qualitative.{key}") for s in share)
            if low > high:
                raise SchemeError(f"“qualitative.{key}”的下限 {plain(low)} 大于上限 {plain(high)}")
        else:
            low = high = _points(share, f"qualitative.{key}")
        if high > 100:
            raise SchemeError(f"“qualitative.{key}”是分值的百分比，不能超过 100")
        read.append((grade, low, high))
    defaults = {band.grade: band for band in DEFAULT_SCHEME.grade_bands}
    given = {grade: (low, high) for grade, low, high in read}
    top = max(high for _, _, high in read)
    lows = [low for _, low, _ in read]
    bands = []
    for grade in Grade:
        if grade not in given:
            bands.append(defaults[grade])
            continue
        low, high = given[grade]
        # 财预〔2020〕10号: 100-80%（含）、80-60%（含）、60-0%: an edge belongs to the band that starts there.
        included = low == high or high not in lows
        # Without the evaluator's percentage: the top band's full share, another band's middle.
        default = high if high == top else (low + high) / 2
        bands.append(Band(grade, low, high, included, default))
    return tuple(bands)


def _parts(value) -> tuple[tuple[Part, ...], tuple]:
    if not isinstance(value, list):
        raise SchemeError("“parts”应为列表，如 [{\"name\": \"项目决策\", \"points\": 20}]")
    parts, scores = [], []
    for position, row in enumerate(value, start=1):
        if not isinstance(row, dict) or not isinstance(row.get("name"), str) or not row["name"].strip():
            raise SchemeError(f"“parts”第 {position} 项应为对象并写明名称（name）")
        name = row["name"].strip()
        if "points" not in row:
            raise SchemeError(f"“parts”中“{name}”缺少分值（points）")
        criteria = row.get("criteria", "")
        if not isinstance(criteria, str):
            raise SchemeError(f"“parts”中“{name}”的评分标准（criteria）应为文字")
        parts.append(Part(name, _points(row["points"], f"parts.{name}.points"), criteria))
        if row.get("score") is not None:
            scores.append((name, _points(row["score"], f"parts.{name}.score")))
    if len({part.name for part in parts}) != len(parts):
        raise SchemeError("“parts”中有重名的部分")
    return tuple(parts), tuple(scores)


def _grades(value) -> tuple[tuple, str]:
    if not isinstance(value, dict) or len(value) < 2:
        raise SchemeError("“grades”应为对象，如 {\"优\": 90, \"良\": 80, \"中\": 60, \"差\": 0}")
    floors = sorted(((_points(v, f"grades.{k}"), str(k)) for k, v in value.items()), reverse=True)
    if len({floor for floor, _ in floors}) != len(floors):
        raise SchemeError("“grades”中两个等级的分数线相同")
    *upper, (_, lowest) = floors
    return tuple((name, floor) for floor, name in upper), lowest


# ---------------------------------------------------------------- JSON out and plain Chinese


def scheme_to_json(scheme: Scheme) -> dict:
    """The scheme object (what ``jixiao schemes show NAME --json`` prints; it reads back the same)."""
    names = {Grade.MET: "达成年度指标", Grade.PARTIAL: "部分达成年度指标", Grade.UNMET: "未达成年度指标"}
    return {
        "name": scheme.name,
        "title": scheme.title,
        "source": scheme.source,
        "execution_points": _out(scheme.execution_points),
        "execution_cap": scheme.execution_cap is not None,
        "execution_in_total": scheme.execution_in_total,
        "level_points": AS_PRINTED if scheme.as_printed else {name: _out(p) for name, p in scheme.level_points},
        "pooled": {name: list(levels) for name, levels in scheme.pooled},
        "cap": scheme.cap,
        "rounding": scheme.rounding,
        "rounding_scope": scheme.rounding_scope,
        "qualitative": {
            names[band.grade]: _out(band.low) if band.low == band.high else [_out(band.low), _out(band.high)]
            for band in scheme.grade_bands
        },
        "parts": [{"name": p.name, "points": _out(p.points), "criteria": p.criteria} for p in scheme.parts],
        "grades": {name: _out(floor) for name, floor in scheme.final_grades} | {scheme.lowest_grade: 0},
    }


def _out(number: Decimal):
    """A JSON number as written: 10 stays an integer, 12.5 a decimal."""
    return int(number) if number == number.to_integral_value() else float(number)


_ROUND_WORDS = {
    "0.01-half-up": "四舍五入保留两位小数",
    "0.1-half-up": "四舍五入保留一位小数",
    "0.1-down": "保留一位小数，其后舍去",
    "1-half-up": "四舍五入取整数",
    "1-down": "取整数，小数舍去",
}


def describe(scheme: Scheme) -> list[str]:
    """The scheme's rules in plain Chinese, one line each, as the scheme page shows them."""
    lines = []
    cap = "执行率超过 100% 按 100% 计" if scheme.execution_cap is not None else "执行率超过 100% 照计"
    if scheme.execution_points:
        lines.append(f"预算执行率 {plain(scheme.execution_points)} 分：得分 = {plain(scheme.execution_points)} × 执行率（{cap}）。")
        if not scheme.execution_in_total:
            lines.append("预算执行率得分单列，不计入总分。")
    else:
        lines.append("预算执行率不计分。")
    if scheme.as_printed:
        lines.append("各指标分值按表中所列计分，一级指标分值为其指标分值之和，总分不要求为 100 分。")
    else:
        levels = "、".join(f"{name} {plain(points)} 分" for name, points in scheme.level_points)
        lines.append(f"指标分值：{levels}；一级指标内未填分值的指标平分剩余分值。")
        for name, levels_in in scheme.pooled:
            lines.append(f"“{name}”的分值由{'、'.join(levels_in)}共用。")
    lines.append("定量指标：完成指标值得满分，未完成按完成值与指标值的比例计分（反向指标按指标值与完成值的比例）。")
    lines.append("得分不超过该项分值。" if scheme.cap else "不封顶：超额完成按比例计分，得分可以超过该项分值。")
    bands = []
    for band in scheme.grade_bands:
        if band.low == band.high:
            bands.append(f"{band.grade.value}按分值的 {plain(band.low)}%")
        else:
            edge = "（含）" if band.high_included else ""
            bands.append(f"{band.grade.value}按分值的 {plain(band.low)}%–{plain(band.high)}%{edge}由评价人确定")
    lines.append("定性指标：" + "；".join(bands) + "。")
    for part in scheme.parts:
        criteria = f"：{part.criteria}" if part.criteria else ""
        lines.append(f"{part.name} {plain(part.points)} 分，由评价人按评分标准打分{criteria}。")
    scope = "每项得分" if scheme.rounding_scope == "indicator" else "总分"
    lines.append(f"取整：{scope}{_ROUND_WORDS[scheme.rounding]}。")
    grades = "，".join(f"{plain(floor)} 分（含）以上为{name}" for name, floor in scheme.final_grades)
    lines.append(f"等级：{grades}，其余为{scheme.lowest_grade}。")
    return lines
