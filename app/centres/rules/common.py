"""Shared pieces of the centre rules: rounding, findings, input checking."""

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

# Counts are whole numbers a database integer holds with room to spare: a larger one is a typing error.
COUNT_LIMIT = 10**9


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round VALUE half up to PLACES decimals (the one rounding, at the end)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def number_text(value: Decimal | int) -> str:
    """Write a number the way a Chinese sentence shows it: 3, 3.7, 0.5."""
    text = format(Decimal(value).normalize(), "f")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True)
class Finding:
    """One explained point: which part, which clause, and why."""

    part: str
    clause: str
    text: str

    def to_dict(self) -> dict:
        """Return the finding as plain data."""
        return {"part": self.part, "clause": self.clause, "text": self.text}


@dataclass(frozen=True)
class PartScore:
    """The points of one part with the findings and gaps behind them."""

    part: str
    points: Decimal
    findings: tuple[Finding, ...] = ()
    missing: tuple[str, ...] = ()


class InputError(ValueError):
    """Refuse an input document; every message names its record."""

    def __init__(self, messages: list[str] | tuple[str, ...]) -> None:
        self.messages = tuple(messages)
        super().__init__("\n".join(self.messages))


class Checker:
    """Read fields of an input document, collecting every problem before raising."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, where: str, text: str) -> None:
        """Record that the record WHERE is wrong because of TEXT."""
        self.problems.append(f"{where}：{text}")

    def raise_if_any(self) -> None:
        """Raise an InputError listing every problem found so far."""
        if self.problems:
            raise InputError(self.problems)

    def mapping(self, value: object, where: str) -> dict:
        """Return VALUE when it is a JSON object, else record a problem."""
        if isinstance(value, dict):
            return value
        self.problem(where, "应为 JSON 对象")
        return {}

    def items(self, record: dict, key: str, where: str, label: str) -> list:
        """Return the list under KEY (empty when absent)."""
        value = record.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self.problem(where, f"{label}（{key}）应为列表")
        return []

    def count(self, record: dict, key: str, where: str, label: str, default: int | None = 0) -> int:
        """Return the non-negative whole number under KEY."""
        value = record.get(key)
        if value is None:
            if default is None:
                self.problem(where, f"缺少{label}（{key}）")
                return 0
            return default
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            self.problem(where, f"{label}（{key}）应为整数，现为 {value!r}")
            return 0
        if not Decimal(value).is_finite() or Decimal(value) != Decimal(value).to_integral_value():
            self.problem(where, f"{label}（{key}）应为整数，现为 {value}")
            return 0
        if value < 0:
            self.problem(where, f"{label}（{key}）不能为负数，现为 {value}")
            return 0
        if value >= COUNT_LIMIT:
            self.problem(where, f"{label}（{key}）超出上限（应小于 {COUNT_LIMIT:,}），现为 {value}")
            return 0
        return int(value)

    def flag(self, record: dict, key: str, where: str, label: str) -> bool:
        """Return the true/false value under KEY (false when absent)."""
        value = record.get(key, False)
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        self.problem(where, f"{label}（{key}）应为 true 或 false，现为 {value!r}")
        return False

    def text(self, record: dict, key: str, where: str, label: str, required: bool = False) -> str:
        """Return the stripped text under KEY."""
        value = record.get(key)
        if value is None:
            if required:
                self.problem(where, f"缺少{label}（{key}）")
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.problem(where, f"{label}（{key}）应为文本，现为 {value!r}")
            return ""
        text = str(value).strip()
        if required and not text:
            self.problem(where, f"{label}（{key}）不能为空")
        return text

    def day(self, record: dict, key: str, where: str, label: str, required: bool = False) -> date | None:
        """Return the ISO date (YYYY-MM-DD) under KEY."""
        value = record.get(key)
        if value is None:
            if required:
                self.problem(where, f"缺少{label}（{key}）")
            return None
        if isinstance(value, str):
            try:
                if len(value.strip()) == 10:
                    return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(where, f"{label}（{key}）“{value}”不是有效日期，应写作 YYYY-MM-DD")
        return None

    def share(self, record: dict, key: str, where: str, label: str) -> Decimal:
        """Return the fraction between 0 and 1 under KEY (required)."""
        value = record.get(key)
        if value is None:
            self.problem(where, f"缺少{label}（{key}）")
            return Decimal(0)
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)) or not Decimal(value).is_finite():
            self.problem(where, f"{label}（{key}）应为 0 到 1 之间的数，现为 {value!r}")
            return Decimal(0)
        value = Decimal(value)
        if not Decimal(0) <= value <= Decimal(1):
            self.problem(where, f"{label}（{key}）应在 0 到 1 之间，现为 {value}")
            return Decimal(0)
        return value


# The seeds by their titles: pages and documents cite a clause by its document's name, never
# by the seed's file number ("000 第九条" → "《湖北省外贸综合服务中心绩效考核办法（试行）》第九条").
DOCUMENTS = {
    "000": "《湖北省外贸综合服务中心绩效考核办法（试行）》",
    "001": "《湖北省对外贸易综合服务中心认定管理办法》",
    "002": "《浙江省商务厅关于做好2020年度外贸“订单+清单”填报响应考核工作的通知》",
}


def cite(text: str) -> str:
    """A clause as a reader finds it: the document's name instead of the seed number."""
    return re.sub(r"(?<!\d)(00[012]) ?(?=第|[一二三四五六七八九十]（)", lambda m: DOCUMENTS[m.group(1)], str(text or ""))


@contextmanager
def bulk_objects() -> Iterator[None]:
    """Pause the cyclic garbage collector while a year's input is built and scored.

    A year holds a million service records: the collector would walk every new dict and record
    again and again (half the time of reading and scoring, measured). They hold no cycles, so
    reference counting frees them; the collector runs again afterwards.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()

