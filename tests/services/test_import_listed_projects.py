"""A unit's project list with each project's indicators inside one cell (黄山 2025) imports into the database."""

from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from app.extensions import db
from app.models import Indicator, Project, Unit
from app.services.imports import import_document

HUANGSHAN = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "anhui_city_2025_huangshan_gongan_xueliang.txt"


def test_the_listed_project_imports_with_its_unit_budget_and_indicators(app):
    summary = import_document(HUANGSHAN.read_bytes(), HUANGSHAN.name)
    assert summary.units_created == ["037001黄山市公安局"]
    (project,) = db.session.scalars(select(Project)).all()
    assert (project.name, project.year, project.budget_total) == (
        "黄山市雪亮工程市本级机房租赁2024至2027服务采购项目", 2025, Decimal("168.17"))
    rows = db.session.scalars(select(Indicator).where(Indicator.project_id == project.id).order_by(Indicator.id)).all()
    assert [(i.level1, i.level2, i.name, i.target_text) for i in rows][:3] == [
        ("产出指标", "数量指标", "机柜数量", "≥77台"),
        ("产出指标", "质量指标", "视频监控在线率", "≥0.97比例"),
        ("产出指标", "时效指标", "维护及时性", "<24小时"),
    ]
    assert len(rows) == 9 and any("按元读取" in w for w in summary.warnings)


def test_a_dry_run_of_the_list_leaves_the_database_as_it_was(app):
    summary = import_document(HUANGSHAN.read_bytes(), HUANGSHAN.name, dry_run=True)
    assert summary.indicators == 9
    assert db.session.scalar(select(func.count()).select_from(Project)) == 0
    assert db.session.scalar(select(func.count()).select_from(Unit)) == 0
