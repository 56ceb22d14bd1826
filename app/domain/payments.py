"""Payments (支出明细) as typed or read from a treasury list: the fields, their checks and the budget ceiling.

A payment belongs to the project's year, is positive, in 万元 with at most two decimals, and is paid from
财政资金 (the default) or 其他资金, the two sources of the target table's 预算数 line.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from app.domain.dates import parse_date
from app.domain.errors import DomainError, Problem
from app.domain.money import MoneyError, check_amount, format_money, parse_money, quantize


class Source(StrEnum):
    FISCAL = "财政资金"
    OTHER = "其他资金"


_SOURCES = {
    "": Source.FISCAL,
    "财政": Source.FISCAL,
    "财政资金": Source.FISCAL,
    "财政拨款": Source.FISCAL,
    "其中：财政资金": Source.FISCAL,
    "其他": Source.OTHER,
    "其他资金": Source.OTHER,
}


def parse_source(text) -> Source:
    """财政资金 (the default when blank) or 其他资金."""
    cleaned = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or "")))
    try:
        return _SOURCES[cleaned]
    except KeyError:
        raise ValueError(f"资金来源“{text}”应为 财政资金 或 其他资金") from None


@dataclass(frozen=True)
class PaymentDraft:
    """A payment as typed or read from a file, checked by ``check_payment``."""

    day: datetime.date
    amount: Decimal
    voucher: str = ""
    source: Source = Source.FISCAL
    note: str = ""


def read_payment(year: int, date_text, amount_text, voucher="", source="", note="") -> PaymentDraft:
    """Parse and check one payment's fields; raise DomainError naming each bad field."""
    problems = []
    day = amount = None
    try:
        day = parse_date(date_text)
    except ValueError as err:
        problems.append(Problem("day", str(err)))
    if day is not None and day.year != year:
        problems.append(Problem("day", f"日期 {day.isoformat()} 不在 {year} 年度内"))
    try:
        amount = parse_money(amount_text) if not isinstance(amount_text, (int, float)) else spreadsheet_number(amount_text)
    except MoneyError as err:
        problems.append(Problem("amount", f"金额{err}"))
    else:
        if amount is None:
            problems.append(Problem("amount", "请填写金额"))
        elif amount <= 0:
            problems.append(Problem("amount", f"金额“{amount_text}”应大于 0"))
        elif amount != quantize(amount):
            problems.append(Problem("amount", f"金额“{amount_text}”最多两位小数（万元）"))
    try:
        kind = parse_source(source)
    except ValueError as err:
        problems.append(Problem("source", str(err)))
        kind = Source.FISCAL
    voucher, note = str(voucher or "").strip(), str(note or "").strip()
    if len(voucher) > 64:
        problems.append(Problem("voucher", "凭证号不能超过 64 字"))
    if len(note) > 500:
        problems.append(Problem("note", "摘要不能超过 500 字"))
    if problems:
        raise DomainError(problems)
    return PaymentDraft(day, quantize(amount), voucher, kind, note)


def spreadsheet_number(value) -> Decimal:
    """A spreadsheet number (openpyxl hands back int or float) as the decimal it shows."""
    try:
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        raise MoneyError(str(value)) from None
    check_amount(amount, value)
    # 0.1 + 0.2 in a spreadsheet formula is 0.30000000000000004: what the cell shows is 0.30
    if isinstance(value, float) and abs(amount - quantize(amount)) < Decimal("1e-9"):
        return quantize(amount)
    return amount


def over_budget(spent_before: Decimal, amount: Decimal, budget: Decimal) -> str | None:
    """The refusal when a payment would take the total past the budget, else None."""
    total = spent_before + amount
    if total > budget:
        return f"累计支出 {format_money(total)} 万元超过预算数 {format_money(budget)} 万元"
    return None
