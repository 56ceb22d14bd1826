"""What the forms and the demo hand to the Hubei centre services: plain data, no database.

In the rules package so that ``forms/hubei.py`` may import it (forms never import the services).
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from app.centres.rules.hubei_model import Level

REPLACE, APPEND = "replace", "append"  # how an import treats the year's stored records


@dataclass(frozen=True)
class CentreDraft:
    """A centre as a form or the demo describes it."""

    code: str
    name: str
    level: str = Level.PROVINCIAL.value
    park: str = ""
    company: str = ""
    contract_start: int | None = None
    contract_end: int | None = None
    unit_id: int | None = None
    note: str = ""


@dataclass(frozen=True)
class TrainingDraft:
    day: datetime.date | None
    companies: int
    title: str = ""


@dataclass(frozen=True)
class EvidenceDraft:
    """What the centre shows for a year (000 第九条（一）、（二）1–5、（三）2; 001 第六条、第七条)."""

    fixed_office: bool = False
    staff: int = 0
    staff_experienced: int = 0
    customs_declarants: int = 0
    linguists: int = 0
    floor_area: Decimal = Decimal("0")
    meetings: int = 0
    complaints: int = 0
    harmful_acts: int = 0
    praises: int = 0
    trainings: tuple[TrainingDraft, ...] = ()
    claims: dict[str, tuple[str, ...]] = field(default_factory=dict)  # category → codes as listed
    note: str = ""


def split_codes(text: str) -> tuple[str, ...]:
    """Read company codes typed one per line (or separated by commas, 、 or spaces)."""
    return tuple(code for code in re.split(r"[\s,，、;；]+", text or "") if code)


