"""Dates as the budget year counts them, and dates as officers and spreadsheets write them.

- Years accepted anywhere in the product are ``FIRST_YEAR``..``LAST_YEAR`` (forms, imports, the CLI).
- A month is over at the close of its last day (财政部《关于进一步加强财政支出预算执行管理的通知》's 时间过半 reading,
  as ``app.domain.progress`` uses it).
"""

import calendar
import datetime
import re
import unicodedata

FIRST_YEAR, LAST_YEAR = 1990, 2200


def valid_year(year) -> bool:
    """A budget year the product accepts (1990 to 2200)."""
    return isinstance(year, int) and FIRST_YEAR <= year <= LAST_YEAR


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def day_position(year: int, day: datetime.date) -> int:
    """Days of ``year`` that are over at the close of ``day`` (0 before the year, all after it)."""
    if day < datetime.date(year, 1, 1):
        return 0
    if day > datetime.date(year, 12, 31):
        return days_in_year(year)
    return day.timetuple().tm_yday


def completed_months(year: int, day: datetime.date) -> int:
    """Months of ``year`` that are over at the close of ``day`` (a month ends on its last day)."""
    if day < datetime.date(year, 1, 1):
        return 0
    if day > datetime.date(year, 12, 31):
        return 12
    return day.month if day == month_end(year, day.month) else day.month - 1


def parse_date(value) -> datetime.date:
    """Read 2024-03-15, 2024/3/15, 2024.3.15, 20240315 or 2024年3月15日 (or a date/datetime)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?", text)
    if match is None:
        match = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if match is None:
        raise ValueError(f"日期“{value}”无法识别，应写作 2024-03-15")
    try:
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise ValueError(f"日期“{value}”不存在") from None
