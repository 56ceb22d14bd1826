"""Money in 万元: parsing and rounding, always Decimal, half up, two places."""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
# What a budget column can hold (NUMERIC(14, 2)): under 10^12 万元. Larger amounts, or amounts
# written with an exponent ("1e30"), are refused as typing errors before they reach the database.
LIMIT = Decimal(10) ** 12
LIMIT_TEXT = "1,000,000,000,000 万元"


_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


class MoneyError(ValueError):
    """A text is not an amount of money."""


def quantize(amount: Decimal) -> Decimal:
    """Round to 0.01 万元, half up."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def check_amount(amount: Decimal, shown=None) -> Decimal:
    """``amount`` if a budget can hold it: finite, under 10^12 万元; else MoneyError naming it."""
    if not amount.is_finite():
        raise MoneyError(f"“{amount if shown is None else shown}”不是有效金额")
    if abs(amount) >= LIMIT:
        raise MoneyError(f"“{amount if shown is None else shown}”超出金额上限（应小于 {LIMIT_TEXT}）")
    return amount


def parse_money(text: str | Decimal | int | None, *, blank_is_zero: bool = False) -> Decimal | None:
    """Read an amount such as "1,234.5" or "１２.００"; None for blank unless ``blank_is_zero``.

    Plain decimal notation only ("1e3" is refused), and under 10^12 万元 (``check_amount``).
    """
    if isinstance(text, bool):
        raise MoneyError(f"“{text}”不是有效金额")
    if isinstance(text, Decimal):
        return check_amount(text)
    if isinstance(text, int):
        return check_amount(Decimal(text))
    cleaned = unicodedata.normalize("NFKC", text or "").strip().replace(",", "").replace(" ", "")
    if cleaned.endswith("万元"):
        cleaned = cleaned[:-2]
    if not cleaned:
        return Decimal("0.00") if blank_is_zero else None
    if not _PLAIN.fullmatch(cleaned):
        raise MoneyError(f"“{text}”不是有效金额")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise MoneyError(f"“{text}”不是有效金额") from None
    return check_amount(amount, text)


def format_money(amount: Decimal | None) -> str:
    """Print an amount with two decimals, as in the official tables."""
    if amount is None:
        return ""
    return f"{quantize(amount):.2f}"


def check_cents(amount: Decimal | None, shown=None) -> Decimal | None:
    """``amount`` if it has at most two decimals; "21.882" is refused, not rounded away when stored."""
    if amount is not None and amount != quantize(amount):
        raise MoneyError(f"“{amount if shown is None else shown}”超过两位小数：金额以万元为单位，最多保留两位小数，请核对后重填")
    return amount
