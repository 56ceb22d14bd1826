"""Target values (指标值): parse the officer's free text, format it back, check an actual against it.

A target is quantitative (``≥17台``), a range (``20～30人``), a deadline (``2024年12月底``) or
qualitative (anything else, judged by a grade at year end). The text is kept exactly as written;
the parsed fields drive checking and scoring. Text that looks like a value but cannot be read
as one (``abc≥``, ``30-20人``) is kept qualitative with a ``warning`` for the officer.
"""

import calendar
import datetime
import enum
import functools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal


class Kind(str, enum.Enum):
    """How a target is checked at year end."""

    QUANTITATIVE = "quantitative"
    DEADLINE = "deadline"
    RANGE = "range"
    QUALITATIVE = "qualitative"


COMPARATORS = (">=", "<=", "=", ">", "<")
SYMBOLS = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}

# Words an officer puts before the number. Matched longest first, so "大于等于" wins over "大于".
# "约30人" ("about 30") reads as the plain figure 30, as "30人左右" does.
PREFIXES = {
    ">=": ("≥", "≧", "⩾", "≮", ">=", "=>", "不低于", "不少于", "不小于", "大于等于", "大于或等于",
           "至少", "最少", "最低", "达到", "达"),
    "<=": ("≤", "≦", "⩽", "≯", "<=", "=<", "不超过", "不高于", "不多于", "不大于", "小于等于",
           "小于或等于", "至多", "最多", "最高", "控制在", "不超"),
    ">": (">", "大于", "高于", "超过", "多于"),
    "<": ("<", "小于", "低于", "少于"),
    "=": ("=", "==", "═", "等于", "约", "大约", "约为"),
}
# Words after the number and unit: in official usage "95%以上" includes 95%.
SUFFIXES = {
    ">=": ("以上", "及以上", "或以上", "以上(含)"),
    "<=": ("以内", "以下", "之内", "内", "及以下", "或以下", "及以内", "以下(含)", "以内(含)"),
}

# Unit symbols whose NFKC form would change them ("℃" → "°C", "m²" → "m2"); kept as written.
_KEEP = "℃℉²³㎡㎥㎏㎞㎝㎜"
_SIGNS = {"−": "-", "﹣": "-"}
_NUMBER = r"[+-]?(?:\d+(?:\.\d+)?|\.\d+)"
# Time and function words never belong to a unit: "12月底前" is a date without its year,
# "2个项目的验收" is prose; "至", "到", "且" join the two ends of a range.
_NOT_IN_UNIT = "前后底末初旬的了是在和与或及并至到且约"
# A unit: letters (CJK included), a few symbols, digits only right after a Latin letter ("m3").
# "12月" is December, not a duration (that is "12个月").
_UNIT = rf"(?!月)(?:(?![{_NOT_IN_UNIT}])(?:[^\W\d_]|[%‰‱°/·{_KEEP}]|(?<=[A-Za-z])\d)){{1,6}}?"


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PREFIX_OF = {word: comparator for comparator, words in PREFIXES.items() for word in words}
_SUFFIX_OF = {word: comparator for comparator, words in SUFFIXES.items() for word in words}
# Words that may close a quantity without belonging to its unit: "100%完成", "30家左右"
# ("about 30" is read as the plain figure 30).
_CLOSING = ("完成", "左右", "即可")
_QUANTITY = re.compile(
    rf"(?P<prefix>{_alternation(_PREFIX_OF)})?(?P<number>{_NUMBER})(?P<unit>{_UNIT})??"
    rf"(?P<suffix>{_alternation(_SUFFIX_OF)})?(?:{_alternation(_CLOSING)})?"
)
# A range written with a dash or a word between its ends: "20～30人", "5-10万元", "80%-90%".
_RANGE_SEP = r"(?:--|——|-|—|–|―|~|〜|至|到)"
_RANGE = re.compile(
    rf"(?:约|大约)?(?P<lo>{_NUMBER})(?P<lu>{_UNIT})??{_RANGE_SEP}(?P<hi>{_NUMBER})(?P<hu>{_UNIT})??"
    rf"(?:{_alternation(_CLOSING)})?"
)
# A range around zero: "±3%以内" is -3% to 3%.
_PLUS_MINUS = re.compile(
    rf"(?:±|\+/-|\+-)(?P<n>\d+(?:\.\d+)?|\.\d+)(?P<u>{_UNIT})??(?:{_alternation(SUFFIXES['<='])})?"
    rf"(?:{_alternation(_CLOSING)})?"
)
# Units written out that mean a symbol: "≥100百分比" is "≥100%".
_UNIT_NAMES = {"百分比": "%", "百分率": "%"}
# A range written as two comparisons: "≥95%且≤100%", "不低于95%，不高于100%".
_BOTH_SEP = re.compile(r"并且|而且|且|并|,|、|;|和|与|及")

# Deadlines: a date or a period, optionally "截至…", "…前", "…前完成验收". The year may be left
# out ("9月底前"): it is then the project's year, given by the caller.
_LEAD = r"(?:(?:完成)?(?:时间|时限|期限)(?:为|是|:)?|每年|截至|截止到|截止至|截止|于|在|到|自|从)?"
_Y = r"(?P<y>(?:19|20)\d{2})"
# "9月前" is read as the end of September, like "9月底前" (as the parser always has).
_TAIL = (r"(?:前|之前|以前|内|以内|止|为止)?"
         r"(?:(?:全部|全面|100%)?(?:完成|完工|竣工|办结|结束|到位|支付|拨付|发放|验收|上线)[^\W\d_]{0,4})?")
_PART = r"(?P<part>底|末|年底|年末|全年|度|度内|内|上半年|下半年|第?[一二三四1-4]季度[末底]?)"
_DAY, _MONTH, _YEAR = "day", "month", "year"
_DATE_FORMS = [
    (_DAY, rf"(?:{_Y}年)?(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})[日号]?"),
    (_DAY, rf"{_Y}(?P<sep>[-./])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})[日号]?"),
    (_MONTH, rf"(?:{_Y}年)?(?P<m>\d{{1,2}})月份?(?P<part>底|末|上旬|中旬|下旬)?"),
    (_MONTH, rf"{_Y}[-/](?P<m>\d{{1,2}})"),
    (_YEAR, rf"{_Y}年{_PART}?"),
    (_YEAR, rf"(?:本|当|今)年{_PART}?"),
    (_YEAR, r"年?(?P<part>年底|年末|年内|年度内|上半年|下半年|第?[一二三四1-4]季度[末底]?)"),
]
_DATES = [(kind, re.compile(_LEAD + form + _TAIL)) for kind, form in _DATE_FORMS]
# Inside a period a dot also separates year and month: "2023.07-2024.01".
_DOTTED = [(_MONTH, re.compile(_LEAD + rf"{_Y}\.(?P<m>\d{{1,2}})" + _TAIL))]
_PERIOD_FORMS = _DATES + _DOTTED
_PERIOD_SEP = re.compile(r"--|——|-|—|–|―|~|〜|至|到")
_QUARTERS = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}
_TEN_DAYS = {"上旬": 10, "中旬": 20}

# Numbers written in words: "二十人", "两次", "百分之九十五", "一万五千元", "二〇二四年十二月底".
_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
_ZH_SMALL = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG = {"万": 10_000, "亿": 100_000_000}
_ZH_RUN = re.compile(r"(?<![\d.])[零〇一二三四五六七八九两十百千万亿]+(?![\d.])")
_ZH_PER = re.compile(r"(?P<base>百|千)分之(?P<n>[零〇一二三四五六七八九两十百千]+|\d+(?:\.\d+)?)")
# A number in words is read only before a measure word; "一季度一次", "十分满意" stay prose.
_MEASURES = frozenset(
    "人 名 位 次 人次 家 户 场 项 台 套 件 份 篇 期 条 部 本 册 批 批次 类 种 所 座 处 间 辆 艘 张 页 天 日 周 月 年"
    " 小时 分钟 工作日 季度 轮 届 回 门 节 课时 学时 元 亿元 亩 公里 千米 米 平方米 吨 百分点 倍 分 % ‰ 国 省 市 县"
    " 个国家 个百分点".split()
)


def is_unit_only(text: str) -> bool:
    """A value that is only a measure word, perhaps after a comparator ("公里", "万亩", "≧ %"): a template's blank."""
    rest = re.sub(r"[\s≥≤=><≧≦＞＜]+", "", text or "")
    if len(rest) > 1 and rest[0] in "万千":
        rest = rest[1:]
    return rest in _MEASURES or rest == "个"


BLANK_MESSAGE = "指标值不能为空"
NUMERALS_WARNING = "数字写成了汉字，请核对读法"
NO_YEAR_WARNING = "未写年份，按项目年度确定截止日期"
BAD_DATE_WARNING = "日期无效，将作定性指标评价"
REVERSED_WARNING = "区间下限大于上限，将作定性指标评价"
UNITS_WARNING = "区间两端的计量单位不同，将作定性指标评价"
CONTRADICTION_WARNING = "前后比较符矛盾，将作定性指标评价"
UNREAD_WARNING = "有比较符“{}”和数字，但读不出指标值，将作定性指标评价"


def _no_number_warning(comparator: str) -> str:
    return f"有比较符“{comparator}”但没有数值，将作定性指标评价"


@dataclass(frozen=True)
class Target:
    """A 指标值: the text as written and what it was understood to mean."""

    text: str
    kind: Kind
    comparator: str | None = None
    value: Decimal | None = None
    unit: str | None = None
    deadline: datetime.date | None = None
    lower: Decimal | None = None  # ranges only, both ends included
    upper: Decimal | None = None
    # Something the officer should check ("abc≥", "二十人"); never part of what the target means.
    warning: str | None = field(default=None, compare=False)

    def to_dict(self) -> dict:
        """Return the target as plain JSON-ready data (``lower``/``upper`` for ranges only)."""
        data = {
            "text": self.text,
            "kind": self.kind.value,
            "comparator": self.comparator,
            "value": None if self.value is None else _plain(self.value),
            "unit": self.unit,
            "deadline": None if self.deadline is None else self.deadline.isoformat(),
        }
        if self.kind is Kind.RANGE:
            data["lower"], data["upper"] = _plain(self.lower), _plain(self.upper)
        return data

    @property
    def is_reverse(self) -> bool:
        """Tell whether smaller is better (costs, durations, error rates)."""
        return self.comparator in ("<=", "<")


def _plain(value: Decimal) -> str:
    return format(value, "f")


def _normalize(text: str) -> str:
    """Fold widths (NFKC) except unit symbols, drop all spaces and thousands separators."""
    parts = re.split(f"([{_KEEP}])", text)
    folded = "".join(p if p and p in _KEEP else unicodedata.normalize("NFKC", p) for p in parts)
    for sign, ascii_sign in _SIGNS.items():
        folded = folded.replace(sign, ascii_sign)
    # Chinese has no spaces between words, so every space is layout ("≥ 17 台", "1 234").
    folded = re.sub(r"\s+", "", folded)
    return re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", folded)


def parse_number(text: str) -> Decimal | None:
    """Read a plain number such as "60,000", "６０" or " 1 234.5 "; None if it is not one."""
    cleaned = _normalize(text or "")
    return Decimal(cleaned) if re.fullmatch(_NUMBER, cleaned) else None


@functools.lru_cache(maxsize=16384)
def parse_target(text: str, year: int | None = None) -> Target:
    """Understand a 指标值 as written; raise ValueError when it is blank.

    ``year`` is the project's year: a deadline written without one ("9月底前") takes it, and
    stays qualitative (with a warning) when no year is given. Targets are immutable and a
    province repeats the same few thousand texts, so readings are remembered (the year's
    自评 summary reads every indicator of every project).
    """
    cleaned = _normalize(text)
    if not cleaned:
        raise ValueError(BLANK_MESSAGE)
    year = year or None  # 0 is "not known" (ProjectFacts' default)
    target, warning = _parse(text, cleaned, year)
    if target is not None:
        return target
    digits = _arabic(cleaned)
    if digits != cleaned:
        # "两月" is no month: a number in words is a date only without "两".
        target, words_warning = _parse(text, digits, year, in_words=True, dates="两" not in cleaned)
        if target is not None:
            return replace(target, warning=NUMERALS_WARNING)
        warning = warning or words_warning
    return Target(text, Kind.QUALITATIVE, warning=warning or _suspicious(cleaned))


def _parse(
    text: str, cleaned: str, year: int | None, in_words: bool = False, dates: bool = True
) -> tuple[Target | None, str | None]:
    """Read a deadline, a quantity or a range; else say why not (a warning) if it nearly was one."""
    deadline, warning = _parse_deadline(cleaned, year) if dates else (None, None)
    if deadline is not None:
        return Target(text, Kind.DEADLINE, deadline=deadline), None
    for start in _starts(cleaned):
        quantity, why = _quantity(cleaned, start)
        if quantity is not None:
            comparator, value, unit = quantity
            if in_words and not (_is_measure(unit) or (unit is None and comparator != "=")):
                return None, None
            return Target(text, Kind.QUANTITATIVE, comparator, value, unit), None
        bounds, why_range = _range(cleaned, start)
        if bounds is not None:
            lower, upper, unit = bounds
            if in_words and not (_is_measure(unit) or unit is None):
                return None, None
            return Target(text, Kind.RANGE, unit=unit, lower=lower, upper=upper), None
        warning = warning or why or why_range
    return None, warning


# Some units repeat the indicator's name in the value: "满意度≥90%", "合格率100%", "合格率80%-90%",
# "资金按时到位率为100%", "满意度为95%". "约" is left out: "签约5家" is prose.
_LABEL_BEFORE = [w for w in _PREFIX_OF if "约" not in w]
_LABELLED = re.compile(rf"[^\W\d_]{{1,12}}?(?:(?={_alternation(_LABEL_BEFORE)})|(?<=[率度])(?:为|是)?(?=\d))")


def _starts(cleaned: str) -> list[int]:
    """Where the value may begin: at the start, or after the indicator's name repeated."""
    label = _LABELLED.match(cleaned)
    if label is None or label.group() in _PREFIX_OF:
        return [0]
    return [0, label.end()]


def _quantity(cleaned: str, start: int = 0, end: int | None = None):
    """Read "≥17台" in cleaned[start:end] as (comparator, value, unit); else (None, warning or None)."""
    match = _QUANTITY.fullmatch(cleaned, start, len(cleaned) if end is None else end)
    if match is None:
        return None, None
    unit = match["unit"] or None
    if unit and unit.endswith(tuple(_SUFFIX_OF) + _CLOSING):
        return None, None  # "5内内", "5即可即可": no unit ends in a comparator or closing word
    unit = _UNIT_NAMES.get(unit, unit)
    before = _PREFIX_OF.get(match["prefix"] or "")
    after = _SUFFIX_OF.get(match["suffix"] or "")
    if before and after and before != "=" and before[0] != after[0]:
        return None, CONTRADICTION_WARNING  # "≥5以下" says two things; leave it to a human
    comparator = before if before and before != "=" else after or before or "="
    return (comparator, Decimal(match["number"]), unit), None


def _range(cleaned: str, start: int = 0):
    """Read "20～30人" or "≥95%且≤100%" as (lower, upper, unit); else (None, warning or None)."""
    match = _RANGE.fullmatch(cleaned, start)
    if match is not None:
        units = {u for u in (match["lu"], match["hu"]) if u}
        if any(u.endswith(tuple(_SUFFIX_OF) + _CLOSING) for u in units):
            return None, None
        return _bounds(Decimal(match["lo"]), Decimal(match["hi"]), {_UNIT_NAMES.get(u, u) for u in units})
    match = _PLUS_MINUS.fullmatch(cleaned, start)
    if match is not None:
        unit = match["u"] or None
        if unit and unit.endswith(tuple(_SUFFIX_OF) + _CLOSING):
            return None, None
        return _bounds(-Decimal(match["n"]), Decimal(match["n"]), {_UNIT_NAMES.get(unit, unit)} if unit else set())
    for sep in _BOTH_SEP.finditer(cleaned, start):
        first, _ = _quantity(cleaned, start, sep.start())
        second, _ = _quantity(cleaned, sep.end())
        if first is None or second is None:
            continue
        ends = {first[0]: first, second[0]: second}
        if set(ends) != {">=", "<="}:
            return None, None
        return _bounds(ends[">="][1], ends["<="][1], {u for u in (first[2], second[2]) if u})
    return None, None


def _bounds(lower: Decimal, upper: Decimal, units: set[str]):
    if len(units) > 1:
        return None, UNITS_WARNING
    if lower > upper:
        return None, REVERSED_WARNING
    return (lower, upper, units.pop() if units else None), None


def _is_measure(unit: str | None) -> bool:
    """Tell whether a unit is a measure word, so a number in words before it reads as a number."""
    if not unit:
        return False
    bare = unit.removeprefix("万").removeprefix("亿").removeprefix("个") or "个"
    return bare in _MEASURES or bare == "个"


def _parse_deadline(cleaned: str, year: int | None) -> tuple[datetime.date | None, str | None]:
    """Read a date or a period as the last day it allows; else (None, warning or None)."""
    deadline, warning, _ = _date(cleaned, year)
    if deadline is not None or warning:
        return deadline, warning
    return _period(cleaned, year)


def _date(cleaned: str, year: int | None, forms=_DATES) -> tuple[datetime.date | None, str | None, bool]:
    """Read one date as (its last day, warning, whether the year was written)."""
    for kind, pattern in forms:
        match = pattern.fullmatch(cleaned)
        if match is None:
            continue
        written = match.groupdict().get("y")
        if written is None and year is None:
            return None, NO_YEAR_WARNING, False
        try:
            return _LAST_DAY[kind](int(written or year), match), None, written is not None
        except (ValueError, OverflowError):
            return None, BAD_DATE_WARNING, False  # "2024年13月" is no date, and no quantity either
    return None, None, False


def _period(cleaned: str, year: int | None) -> tuple[datetime.date | None, str | None]:
    """Read "2023.07-2024.01", "2020年1月--2020年11月", "2024年1-6月" as the period's last day."""
    warning = None
    for sep in _PERIOD_SEP.finditer(cleaned):
        left, right = cleaned[: sep.start()], cleaned[sep.end():]
        if not left or not right:
            continue
        # "2024年1-6月": the start borrows the end's 月 ("2024年1月").
        unit = re.match(r"\d+([年月日号])", right)
        starts = (left, left + unit[1]) if unit and left[-1].isdigit() else (left,)
        for start in starts:
            begin, why, _ = _date(start, year, _PERIOD_FORMS)
            if begin is None:
                warning = warning or why
                continue
            end, why, written = _date(right, begin.year, _PERIOD_FORMS)
            if end is not None and end < begin and not written:
                end, why, _ = _date(right, begin.year + 1, _PERIOD_FORMS)  # "2023年11月-2月"
            if end is None or end < begin:
                warning = warning or why or BAD_DATE_WARNING
                continue
            return end, None
    return None, warning


def _day(year: int, match: re.Match) -> datetime.date:
    return datetime.date(year, int(match["m"]), int(match["d"]))


def _month(year: int, match: re.Match) -> datetime.date:
    month = int(match["m"])
    if not 1 <= month <= 12:
        raise ValueError("month")
    part = match.groupdict().get("part") or ""
    day = _TEN_DAYS.get(part) or calendar.monthrange(year, month)[1]
    return datetime.date(year, month, day)


def _year(year: int, match: re.Match) -> datetime.date:
    part = match["part"] or ""
    if part == "上半年":
        return datetime.date(year, 6, 30)
    quarter = re.search(r"[一二三四1-4]", part) if "季度" in part else None
    month = _QUARTERS[quarter.group()] if quarter else 12
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


_LAST_DAY = {_DAY: _day, _MONTH: _month, _YEAR: _year}


def _arabic(cleaned: str) -> str:
    """Write numbers in words as digits: "百分之九十五" → "95%", "二十人" → "20人", "十万元" → "10万元"."""
    def per(match: re.Match) -> str:
        words = match["n"]
        number = words if words[0].isdigit() else _zh_number("一" + words if words[0] in "百千" else words)
        if number is None:
            return match.group()
        return f"{number}{'%' if match['base'] == '百' else '‰'}"

    def run(match: re.Match) -> str:
        words, big = match.group(), ""
        if len(words) > 1 and words[-1] in _ZH_BIG and not any(c in _ZH_BIG for c in words[:-1]):
            # "十万元" is 10 万元, as an officer writes "10万元"; "一万五千" is 15000.
            words, big = words[:-1], words[-1]
        number = _zh_number(words)
        return match.group() if number is None else f"{number}{big}"

    return _ZH_RUN.sub(run, _ZH_PER.sub(per, cleaned))


def _zh_number(words: str) -> str | None:
    """Read "二十", "一百零五", "一万五千", "两", "二〇二四" (a year, digit by digit); None if not a number."""
    if not any(c in _ZH_DIGITS or c == "十" for c in words):
        return None  # "百分点", "千米", "万元"
    if all(c in _ZH_DIGITS for c in words):
        if len(words) == 1:
            return str(_ZH_DIGITS[words])
        # Digit by digit only for a year ("二〇二四"); "三五天" means 3 to 5 days.
        return "".join(str(_ZH_DIGITS[c]) for c in words) if len(words) == 4 and "两" not in words else None
    total, section, digit, last_unit, zero = 0, 0, None, None, False
    for c in words:
        if c in _ZH_DIGITS:
            if digit:
                return None  # "二三十", "五零"
            digit, zero = _ZH_DIGITS[c], zero or _ZH_DIGITS[c] == 0
        elif c in _ZH_SMALL:
            size = _ZH_SMALL[c]
            if digit == 0 or (last_unit is not None and last_unit <= size):
                return None  # "零十", "十十", "五十百"
            section += (1 if digit is None else digit) * size
            digit, last_unit, zero = None, size, False
        else:
            size = _ZH_BIG[c]
            if not (section or digit) or (last_unit is not None and last_unit >= size > 1000):
                return None  # "万", "一万一万"
            total += (section + (digit or 0)) * size
            section, digit, last_unit, zero = 0, None, size, False
    if digit:
        if not zero and last_unit is not None and last_unit >= 100:
            digit *= last_unit // 10  # "一百五" is 150, "两万五" is 25000
        section += digit
    return str(total + section)


_COMPARATOR_SIGNS = "≥≤><=≧≦⩾⩽≮≯═"
_COMPARATOR_WORDS = sorted(
    (w for w in _PREFIX_OF if w[0] not in _COMPARATOR_SIGNS and w not in ("达", "达到", "约", "大约", "约为")),
    key=len, reverse=True,
)


def _suspicious(cleaned: str) -> str | None:
    """Say why a text that stays qualitative looks like a value gone wrong ("abc≥", "满意度不低于")."""
    sign = next((c for c in cleaned if c in _COMPARATOR_SIGNS), None)
    if re.search(r"\d", cleaned):
        return UNREAD_WARNING.format(sign) if sign else None
    if sign is not None:
        return _no_number_warning(sign)
    word = next((w for w in _COMPARATOR_WORDS if cleaned.endswith(w)), None)
    return _no_number_warning(word) if word else None


def suspicious(text: str, year: int | None = None) -> str | None:
    """The warning for a 指标值, if any: what the officer should check (None for blank text)."""
    try:
        return parse_target(text, year).warning
    except ValueError:
        return None


# Formatting checks the bare form with a year, so it never reads as a date without one ("2季度").
_ANY_YEAR = 2000


def format_target(target: Target) -> str:
    """Write the parsed fields back as an officer would; parses back to the same fields."""
    if target.kind is Kind.DEADLINE:
        d = target.deadline
        return f"{d.year}年{d.month}月{d.day}日"
    if target.kind is Kind.QUALITATIVE:
        return target.text
    unit = target.unit or ""
    if target.kind is Kind.RANGE:
        dashed = f"{_plain(target.lower)}～{_plain(target.upper)}{unit}"
        if _same(parse_target(dashed, _ANY_YEAR), target):
            return dashed
        # "2023～2024年" would read as a period of years.
        return f"≥{_plain(target.lower)}{unit}且≤{_plain(target.upper)}{unit}"
    number = f"{_plain(target.value)}{unit}"
    if target.comparator == "=":
        # Officers write "=" targets bare ("100%"), unless bare would read otherwise ("2024年").
        if _same(parse_target(number, _ANY_YEAR), target):
            return number
    return SYMBOLS[target.comparator] + number


def _fields(t: Target) -> tuple:
    return (t.kind, t.comparator, t.value, t.unit, t.deadline, t.lower, t.upper)


def _same(a: Target, b: Target) -> bool:
    return _fields(a) == _fields(b)


def describe_target(target: Target) -> str:
    """Say how the target was understood, for display beside the field ("20–30 人", "截止 2024-12-31")."""
    if target.kind is Kind.DEADLINE:
        said = f"截止 {target.deadline.isoformat()}"
    elif target.kind is Kind.QUALITATIVE:
        said = "定性"
    elif target.kind is Kind.RANGE:
        said = " ".join(p for p in (f"{_plain(target.lower)}–{_plain(target.upper)}", target.unit) if p)
    else:
        said = " ".join(p for p in (SYMBOLS[target.comparator], _plain(target.value), target.unit) if p)
    return f"{said}（{target.warning}）" if target.warning else said


_MET = {
    ">=": lambda actual, value: actual >= value,
    ">": lambda actual, value: actual > value,
    "<=": lambda actual, value: actual <= value,
    "<": lambda actual, value: actual < value,
    # Year-end rule: an "=" target is met by any actual at or above it.
    "=": lambda actual, value: actual >= value,
}


def is_met(target: Target, actual) -> bool | None:
    """Tell whether an actual meets the target; None when there is no actual yet."""
    if actual is None:
        return None
    if target.kind is Kind.QUALITATIVE:
        return bool(actual)
    if target.kind is Kind.DEADLINE:
        if isinstance(actual, datetime.datetime):
            actual = actual.date()
        return actual <= target.deadline
    actual = Decimal(actual) if isinstance(actual, int) else actual
    if target.kind is Kind.RANGE:
        return target.lower <= actual <= target.upper
    return _MET[target.comparator](actual, target.value)
