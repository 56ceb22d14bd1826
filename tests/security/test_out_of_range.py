"""Ids in hidden fields past what the database holds: a clear answer and nothing saved, on SQLite and PostgreSQL.

SQLite refuses a Python int past 2^63 before sending it (OverflowError); PostgreSQL refuses to compare an
``integer`` column with 2^31 (NumericValueOutOfRange). Both were 500s.
"""

import datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.domain.payments import PaymentDraft
from app.extensions import db
from app.models import AuditEvent, Payment
from app.services import payments
from tests.conftest import login
from tests.factories import make_project, make_unit, make_user


def test_a_units_page_with_a_seen_event_past_any_id_is_a_conflict_not_a_crash(app):
    unit = make_unit()
    client = login(app.test_client(), make_user("admin", ["admin"]))
    response = client.post(f"/units/{unit.id}", data={
        "code": "304002", "name": "改名", "version": "2147483648", "seen": "2147483648",
    })
    assert response.status_code == 422
    assert "已被他人修改" in response.get_data(as_text=True)
    db.session.expire_all()
    assert unit.code == "304001"


@pytest.mark.parametrize("payment_id", ["9" * 25, str(2**63)])
def test_deleting_a_payment_past_any_id_deletes_nothing(app, payment_id):
    unit = make_unit()
    project = make_project(unit)
    payments.add_payment(project, PaymentDraft(datetime.date(2024, 3, 1), Decimal("1.00")))
    client = login(app.test_client(), make_user("officer_a", ["officer"], [unit]))
    response = client.post(f"/projects/{project.id}/payments/delete", data={"payment_id": payment_id})
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert "超出允许的范围" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Payment.id))) == 1


def test_filing_a_contract_past_any_id_is_refused_without_a_trace(app):
    from app.centres.hubei.services import CentreDraft, create_centre

    unit = make_unit()
    centre = create_centre(CentreDraft("C1", "样例中心", unit_id=unit.id))
    client = login(app.test_client(), make_user("officer_a", ["officer"], [unit]))
    before = db.session.scalar(select(func.count(AuditEvent.id)))
    response = client.post(f"/centres/{centre.id}/contracts/filed", data={"contract_id": "9" * 25, "filed_on": "2025-01-10"})
    assert response.status_code in (400, 404)
    body = response.get_data(as_text=True)
    assert "Traceback" not in body and "OverflowError" not in body
    assert db.session.scalar(select(func.count(AuditEvent.id))) == before
