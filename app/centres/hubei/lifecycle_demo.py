"""Lifecycle demo for ``jixiao demo`` (issue 16): one centre from its application to its weekly reports.

A 设立 application with its materials goes 县区 → 市州 → 省厅 through the same rules as the pages
(``lifecycle.act``), then the centre signs and files its 2025 contract, reports four weeks (one late, the
next one missing, one with a training the year's evidence lacks: 按周报汇总 has something to show) and has its first
quarter inspected. Made up. Like the other demo centres it has no unit. ``jixiao demo`` runs before the
demo accounts exist, so the steps are taken by no account: the forwarder is not recorded.
Idempotent: nothing is done once the application or the centre exists.
"""

import datetime
from decimal import Decimal

from flask import current_app
from sqlalchemy import select

from app.centres.hubei import lifecycle, lifecycle_terms, services
from app.centres.models import CentreApplication
from app.centres.rules import hubei_lifecycle as rules
from app.centres.rules.hubei_lifecycle_drafts import ApplicationDraft
from app.domain.access import Principal, Role
from app.extensions import db
from app.services import uploads

CODE = "HB-EZ01"
YEAR = 2025
DECIDED = datetime.date(2024, 12, 20)
DRAFT = ApplicationDraft(
    kind="establish", unit_id=None, centre_id=None, centre_code=CODE, centre_name="鄂州葛店经济技术开发区外贸综合服务中心",
    park="葛店经济技术开发区", level="provincial", operator_name="鄂州临空外贸服务有限公司", credit_code="91420700MA4F0EZ01K",
    legal_person=True, trade_qualified=True, clean_record=True, not_discredited=True, floor_area=Decimal(70),
    staff=4, staff_experienced=2, customs_declarants=1, linguists=1,
)
# (week's Monday, reported on, trainings, companies served, services by item)
WEEKS = (
    (datetime.date(2024, 12, 30), datetime.date(2025, 1, 6), 0, 1, "咨询:1"),  # the week of the signing
    (datetime.date(2025, 1, 6), datetime.date(2025, 1, 13), 0, 4, "咨询:3\n备案:1"),
    (datetime.date(2025, 1, 13), datetime.date(2025, 1, 20), 1, 6, "咨询:2\n报关:3\n退税:1"),
    (datetime.date(2025, 1, 20), datetime.date(2025, 2, 5), 0, 3, "制单:2\n物流:1"),  # late: due 2025-01-27
)


def load() -> str:
    """Create the demo centre's life where missing; return one line to print."""
    if services.find_centre(CODE) is not None or db.session.scalar(
            select(CentreApplication.id).where(CentreApplication.centre_code == CODE)) is not None:
        return f"演示中心全周期（{CODE}）已存在，未改动。"
    every = lifecycle.all_unit_ids()
    county = Principal(None, frozenset({Role.OFFICER}), every)  # ids: see the module's docstring
    city = Principal(None, frozenset({Role.REVIEWER}), every)
    province = Principal(0, frozenset({Role.REVIEWER}), every)
    application = lifecycle.create_application(DRAFT)
    folder = lifecycle.material_folder(current_app.instance_path)
    for key, label in rules.MATERIALS:
        if key != "other":  # 001 第十条（二）7 may be missing
            lifecycle.set_material(application, key, folder=folder, limits=uploads.Limits(), filename=f"{label.split('（')[0]}.pdf",
                                   data=b"%PDF-1.4\n% jixiao demo material\n")
    lifecycle.act(application, "apply", county, today=datetime.date(2024, 12, 2))
    lifecycle.act(application, "forward", city, today=datetime.date(2024, 12, 10))
    lifecycle.act(application, "approve", province, today=DECIDED, decision_no=f"鄂商外综〔{DECIDED.year}〕1号")
    centre = application.centre
    contract = lifecycle_terms.sign_contract(centre, YEAR, datetime.date(2025, 1, 3), note="首轮采购服务合同")
    lifecycle_terms.file_contract(contract, datetime.date(2025, 1, 15))
    for week, reported_on, trainings, companies, items in WEEKS:
        lifecycle_terms.submit_weekly(centre, week, reported_on, trainings, companies, items)
    lifecycle_terms.record_inspection(centre, YEAR, 1, datetime.date(2025, 4, 2), "台账齐全，周报按时上报（1 周逾期），服务记录可查")
    return (f"演示中心全周期：{centre.name}（{CODE}）经核准设立，{YEAR} 年度合同已签订并报备，"
            f"周报 {len(WEEKS)} 周、第一季度督查 1 次，见该中心的“合同与资金”页面。")
