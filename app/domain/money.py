"""Money in 万元: parsing and rounding, always Decimal, half up, two places."""

import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


class MoneyError(ValueError):
    """A text is not an amount of money."""


def quantize(amount: Decimal) -> Decimal:
    """Round to 0.01 万元, half up."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_money(text: str | Decimal | int | None, *, blank_is_zero: bool = False) -> Decimal | None:
    """Read an amount such as "1,234.5" or "１２.００"; None for blank unless ``blank_is_zero``."""
    if isinstance(text, Decimal):
        return text
    if isinstance(text, int):
        return Decimal(text)
    cleaned = unicodedata.normalize("NFKC", text or "").strip().replace(",", "").replace(" ", "")
    if cleaned.endswith("万元"):
        cleaned = cleaned[:-2]
    if not cleaned:
        return Decimal("0.00") if blank_is_zero else None
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise MoneyError(f"“{text}”不是有效金额") from None
    if not amount.is_finite():
        raise MoneyError(f"“{text}”不是有效金额")
    return amount


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
