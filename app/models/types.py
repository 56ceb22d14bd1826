"""Column types shared by the models."""

import datetime
from decimal import Decimal
from typing import Annotated

from sqlalchemy import DateTime, Numeric
from sqlalchemy.orm import mapped_column

# 万元 with two decimals; Numeric hands back Decimal on SQLite and PostgreSQL alike.
Money = Annotated[Decimal, mapped_column(Numeric(14, 2))]


def utcnow() -> datetime.datetime:
    """Return the current time in UTC (a callable default, evaluated per row)."""
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


Timestamp = Annotated[datetime.datetime, mapped_column(DateTime, default=utcnow)]
