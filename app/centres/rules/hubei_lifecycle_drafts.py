"""What the lifecycle forms hand to the services (issue 16): plain data, no database."""

import datetime
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class ApplicationDraft:
    """An application as the form hands it over."""

    kind: str
    unit_id: int | None
    centre_id: int | None  # 调整/撤销: the centre concerned
    centre_code: str
    centre_name: str
    park: str
    level: str
    operator_name: str
    credit_code: str
    legal_person: bool = False
    trade_qualified: bool = False
    clean_record: bool = False
    not_discredited: bool = False
    floor_area: Decimal = Decimal(0)
    staff: int = 0
    staff_experienced: int = 0
    customs_declarants: int = 0
    linguists: int = 0
    reason: str = ""


@dataclass(frozen=True)
class AgreementDraft:
    company: str
    code: str
    start: datetime.date
    end: datetime.date
    items: str = ""
