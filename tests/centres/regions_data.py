"""Helpers for the region tests: a year typed as the form would send it, files, database snapshots."""

import csv
import io

from openpyxl import Workbook
from sqlalchemy import func, select

from app.centres.models import Region, RegionMonth, RegionYear
from app.centres.regions import services
from app.extensions import db
from app.models import AuditEvent

HEADER = [
    "月份", "当月填报企业数占比", "上月填报准确率", "当年填报完成度", "提问数", "响应数",
    "五色清单预警企业数", "五色清单反馈企业数", "响应拖沓、答复草率次数",
]
KEYS = ["month", "fill_share", "prev_accuracy", "completion", "asked", "answered", "warned", "feedback", "sluggish"]

# 杭州市, months 1–6 of 2020, as typed (shares in both notations).
HANGZHOU = [
    ["1", "82%", "0.9", "75%", "40", "38", "0", "0", "0"],
    ["2", "0.8", "88%", "0.78", "30", "30", "0", "0", "1"],
    ["3", "85.5%", "0.91", "0.8", "45", "40", "0", "0", "0"],
    ["4", "0.86", "0.9", "0.82", "20", "19", "0", "0", "0"],
    ["5", "0.9", "0.92", "0.85", "35", "35", "10", "8", "0"],
    ["6", "0.88", "0.9", "0.86", "25", "22", "12", "12", "2"],
]


def rows_of(table) -> list[tuple[str, str, dict]]:
    """The lines of TABLE as the monthly form hands them to the service."""
    return [(f"{line[0]} 月", f"months-{n}-", dict(zip(KEYS, line))) for n, line in enumerate(table)]


def make_region(name: str = "杭州市", table=HANGZHOU, cases: int = 3, year: int = 2020, unit_id=None):
    region = services.create_region(services.RegionDraft(name, unit_id=unit_id))
    if table:
        services.save_table(region, year, str(cases), rows_of(table), 0)
    return region


def csv_bytes(lines, header=HEADER, encoding="utf-8-sig", before=()) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in before:
        writer.writerow(line)
    writer.writerow(header)
    for line in lines:
        writer.writerow(line)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(lines, header=HEADER, before=()) -> bytes:
    book = Workbook()
    sheet = book.active
    for line in before:
        sheet.append(line)
    sheet.append(header)
    for line in lines:
        sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def snapshot() -> dict:
    """Everything the region pages can write, to compare before and after a refusal."""
    db.session.expire_all()
    return {
        "regions": [(r.id, r.name, r.province, r.unit_id) for r in db.session.scalars(select(Region).order_by(Region.id))],
        "years": [(y.id, y.region_id, y.year, y.cases, y.version) for y in db.session.scalars(select(RegionYear).order_by(RegionYear.id))],
        "months": [
            (m.id, m.region_year_id, m.month, m.fill_share, m.prev_accuracy, m.completion, m.asked, m.answered, m.warned, m.feedback, m.sluggish)
            for m in db.session.scalars(select(RegionMonth).order_by(RegionMonth.id))
        ],
        "audit": db.session.scalar(select(func.count()).select_from(AuditEvent)),
    }
