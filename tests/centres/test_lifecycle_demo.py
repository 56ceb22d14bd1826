"""The lifecycle demo of ``jixiao demo`` (issue 16): one centre from application to weekly reports, loaded once."""

import datetime

from sqlalchemy import func, select

from app.centres.hubei import lifecycle_demo, lifecycle_terms, services
from app.centres.models import CentreApplication, WeeklyReport
from app.extensions import db
from app.models import AuditEvent
from app.services.demo import DEMO_LOADERS


def test_the_demo_centre_went_through_001_article_9_and_reports_per_000_article_4(app, tmp_path):
    app.instance_path = str(tmp_path)  # the materials are kept under the instance folder
    assert lifecycle_demo.load in app.extensions[DEMO_LOADERS]
    assert "经核准设立" in lifecycle_demo.load()
    application = db.session.scalar(select(CentreApplication))
    assert (application.stage, application.decision_no) == ("approved", "鄂商外综〔2024〕1号")
    assert sum(m.status == "uploaded" for m in application.materials) == 6
    centre = services.find_centre(lifecycle_demo.CODE)
    assert centre is application.centre and centre.unit_id is None
    [contract] = centre.contracts
    assert (contract.year, contract.filed_on) == (2025, datetime.date(2025, 1, 15))
    [status] = lifecycle_terms.weekly_status([centre], 2025, datetime.date(2025, 2, 5))
    assert status.late == [datetime.date(2025, 1, 20)] and status.missing == [datetime.date(2025, 1, 27)]
    assert [(i.year, i.quarter) for i in centre.inspections] == [(2025, 1)]
    assert lifecycle_terms.weekly_fill(centre, 2025).added == (datetime.date(2025, 1, 13),)  # 按周报汇总 has one to add
    before = tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (CentreApplication, WeeklyReport, AuditEvent))
    assert "已存在" in lifecycle_demo.load()
    assert tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (CentreApplication, WeeklyReport, AuditEvent)) == before
