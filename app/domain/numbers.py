"""Rounding and writing numbers, one way for the whole product.

- Rounding is half up (四舍五入), the way Chinese financial and evaluation tables round; Python's own
  ``round`` and ``format(..., ".2f")`` round half to even and are not used for figures shown to users.
- ``plain`` writes a number as an officer would: no exponent, no trailing zeros ("12.5", "100").
- ``percent`` writes a rate as a percentage as plainly ("95%"); ``percent_fixed`` with fixed places,
  as execution rates are printed ("38.46%").
"""

from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)


def round_half_up(number: Decimal, places: Decimal | int = Decimal("0.01")) -> Decimal:
    """Round to ``places`` (a step such as ``Decimal("0.01")``, or a count of decimals), half up."""
    step = Decimal(1).scaleb(-places) if isinstance(places, int) else places
    return Decimal(number).quantize(step, rounding=ROUND_HALF_UP)


def plain(number: Decimal) -> str:
    """Write a number without exponent or trailing zeros: 12.50 → "12.5", 1E+2 → "100"."""
    text = format(Decimal(number).normalize(), "f")
    return "0" if text in ("-0", "") else text


def percent(rate: Decimal) -> str:
    """Write a rate as a percentage, plainly: 0.95 → "95%", 0.8125 → "81.25%"."""
    return f"{plain(Decimal(rate) * HUNDRED)}%"


def percent_fixed(rate: Decimal, places: int = 2) -> str:
    """Write a rate as a percentage with fixed decimals, half up: 0.3846 → "38.46%", 0.5 → "50.00%"."""
    return f"{round_half_up(Decimal(rate) * HUNDRED, places)}%"
