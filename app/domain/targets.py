"""Target values (指标值): parse the officer's free text, format it back, check an actual against it.

A target is quantitative (``≥17台``), a deadline (``2024年12月底``) or qualitative (anything
else, judged by a grade at year end). The text is kept exactly as written; the parsed fields
drive checking and scoring.
"""

import calendar
import datetime
import enum
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal


class Kind(str, enum.Enum):
    """How a target is checked at year end."""

    QUANTITATIVE = "quantitative"
    DEADLINE = "deadline"
    QUALITATIVE = "qualitative"


COMPARATORS = (">=", "<=", "=", ">", "<")
SYMBOLS = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}

# Words an officer puts before the number. Matched longest first, so "大于等于" wins over "大于".
PREFIXES = {
    ">=": ("≥", "≧", "⩾", "≮", ">=", "=>", "不低于", "不少于", "不小于", "大于等于", "大于或等于",
           "至少", "最少", "最低", "达到", "达"),
    "<=": ("≤", "≦", "⩽", "≯", "<=", "=<", "不超过", "不高于", "不多于", "不大于", "小于等于",
           "小于或等于", "至多", "最多", "最高", "控制在", "不超"),
    ">": (">", "大于", "高于", "超过", "多于"),
    "<": ("<", "小于", "低于", "少于"),
    "=": ("=", "==", "等于"),
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
# "2个项目的验收" is prose.
_NOT_IN_UNIT = "前后底末初旬的了是在和与或及并"
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

# Deadlines: a date or a period, optionally "截至…", "…前", "…前完成验收".
_LEAD = r"(?:截至|截止到|截止至|截止|于|在|到)?(?P<y>(?:19|20)\d{2})"
_TAIL = (r"(?:前|之前|以前|内|以内|止|为止)?"
         r"(?:(?:全部|全面)?(?:完成|完工|竣工|办结|结束|到位|支付|拨付|发放|验收|上线)[^\W\d_]{0,4})?")
_DAY, _MONTH, _YEAR = (re.compile(_LEAD + period + _TAIL) for period in (
    r"(?:年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]?|(?P<sep>[-./])(?P<m2>\d{1,2})(?P=sep)(?P<d2>\d{1,2})[日号]?)",
    r"(?:年(?P<m>\d{1,2})月份?(?P<part>底|末|上旬|中旬|下旬)?|[-/](?P<m2>\d{1,2}))",
    r"年(?P<part>底|末|年底|年末|全年|度|度内|上半年|下半年|第?[一二三四1-4]季度[末底]?)?",
))
_QUARTERS = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}
_TEN_DAYS = {"上旬": 10, "中旬": 20}

BLANK_MESSAGE = "指标值不能为空"


@dataclass(frozen=True)
class Target:
    """A 指标值: the text as written and what it was understood to mean."""

    text: str
    kind: Kind
    comparator: str | None = None
    value: Decimal | None = None
    unit: str | None = None
    deadline: datetime.date | None = None

    def to_dict(self) -> dict:
        """Return the target as plain JSON-ready data."""
        return {
            "text": self.text,
            "kind": self.kind.value,
            "comparator": self.comparator,
            "value": None if self.value is None else _plain(self.value),
            "unit": self.unit,
            "deadline": None if self.deadline is None else self.deadline.isoformat(),
        }

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


def parse_target(text: str) -> Target:
    """Understand a 指标值 as written; raise ValueError when it is blank."""
    cleaned = _normalize(text)
    if not cleaned:
        raise ValueError(BLANK_MESSAGE)
    deadline = _parse_deadline(cleaned)
    if deadline is not None:
        return Target(text, Kind.DEADLINE, deadline=deadline)
    return _parse_quantity(text, cleaned) or Target(text, Kind.QUALITATIVE)


# Some units repeat the indicator's name in the value: "满意度≥90%", "合格率100%".
_LABELLED = re.compile(rf"[^\W\d_]{{1,12}}?(?:(?={_alternation(_PREFIX_OF)})|(?<=率)(?=\d))")


def _parse_quantity(text: str, cleaned: str) -> Target | None:
    match = _QUANTITY.fullmatch(cleaned)
    if match is None:
        label = _LABELLED.match(cleaned)
        if label is None or label.group() in _PREFIX_OF:
            return None
        match = _QUANTITY.fullmatch(cleaned, label.end())
    if match is None:
        return None
    before = _PREFIX_OF.get(match["prefix"] or "")
    after = _SUFFIX_OF.get(match["suffix"] or "")
    if before and after and before != "=" and before[0] != after[0]:
        return None  # "≥5以下" says two things; leave it to a human
    if match["unit"] and match["unit"].endswith(tuple(_SUFFIX_OF)):
        return None  # "5内内", "5以上以上": no unit ends in a comparator word
    comparator = before if before and before != "=" else after or before or "="
    return Target(text, Kind.QUANTITATIVE, comparator, Decimal(match["number"]), match["unit"] or None)


def _parse_deadline(cleaned: str) -> datetime.date | None:
    """Read a date or period as the last day it allows; None if it is no valid date."""
    for pattern, to_date in ((_DAY, _day), (_MONTH, _month), (_YEAR, _year)):
        match = pattern.fullmatch(cleaned)
        if match:
            try:
                return to_date(match)
            except ValueError:
                return None  # "2024年13月" is no date, and no quantity either
    return None


def _day(match: re.Match) -> datetime.date:
    month, day = match["m"] or match["m2"], match["d"] or match["d2"]
    return datetime.date(int(match["y"]), int(month), int(day))


def _month(match: re.Match) -> datetime.date:
    year, month = int(match["y"]), int(match["m"] or match["m2"])
    if not 1 <= month <= 12:
        raise ValueError("month")
    day = _TEN_DAYS.get(match["part"] or "") or calendar.monthrange(year, month)[1]
    return datetime.date(year, month, day)


def _year(match: re.Match) -> datetime.date:
    year, part = int(match["y"]), match["part"] or ""
    if part == "上半年":
        return datetime.date(year, 6, 30)
    quarter = re.search(r"[一二三四1-4]", part) if "季度" in part else None
    month = _QUARTERS[quarter.group()] if quarter else 12
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def format_target(target: Target) -> str:
    """Write the parsed fields back as an officer would; parses back to the same fields."""
    if target.kind is Kind.DEADLINE:
        d = target.deadline
        return f"{d.year}年{d.month}月{d.day}日"
    if target.kind is Kind.QUALITATIVE:
        return target.text
    number = f"{_plain(target.value)}{target.unit or ''}"
    if target.comparator == "=":
        # Officers write "=" targets bare ("100%"), unless bare would read otherwise ("2024年").
        if _same(parse_target(number), target):
            return number
    return SYMBOLS[target.comparator] + number


def _same(a: Target, b: Target) -> bool:
    return (a.kind, a.comparator, a.value, a.unit, a.deadline) == (b.kind, b.comparator, b.value, b.unit, b.deadline)


def describe_target(target: Target) -> str:
    """Say how the target was understood, for display beside the field."""
    if target.kind is Kind.DEADLINE:
        return f"截止 {target.deadline.isoformat()}"
    if target.kind is Kind.QUALITATIVE:
        return "定性"
    parts = [SYMBOLS[target.comparator], _plain(target.value), target.unit]
    return " ".join(p for p in parts if p)


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
    return _MET[target.comparator](Decimal(actual) if isinstance(actual, int) else actual, target.value)
