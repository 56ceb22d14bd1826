"""The demo centres of ``jixiao demo``: a ranking with every grade, loaded once however often it runs."""

from sqlalchemy import func, select

from app.centres.hubei import demo, services
from app.centres.models import Centre, CentreServiceRecord, CentreYear
from app.extensions import db
from app.models import AuditEvent
from app.services.demo import DEMO_LOADERS, load_module_demos


def counts() -> tuple[int, ...]:
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (Centre, CentreYear, CentreServiceRecord, AuditEvent))


def test_the_demo_shows_every_grade_and_what_follows(app):
    line = demo.load()
    assert "新建 4 个中心" in line
    rows = services.ranking(2024).rows
    assert [(r.centre.code, r.sheet["total"], r.sheet["grade"]) for r in rows] == [
        ("HB-WH01", "97", "优秀"), ("HB-XY01", "86.3", "良好"), ("HB-YC01", "63.8", "一般"), ("HB-HG01", "16", "较差"),
    ]
    assert [r.standing.text for r in rows] == [
        "当年资金支持 40 万元", "当年资金支持 40 万元", "当年资金支持 30 万元", "取消承办资质；不享受当年资金支持",
    ]
    xiangyang = rows[1].sheet["missing"]
    assert "再录入 37 条有效服务数据可得满分" in xiangyang and "报检、翻译 无有效服务数据" in xiangyang
    yichang = rows[2].sheet["findings"]
    assert any(f["clause"] == "000 第十一条" for f in yichang) and any(f["clause"] == "000 第十条" for f in yichang)
    assert [c.code for c in services.ranking(2024).conflicts] == [demo.SHARED]


def test_the_demo_is_idempotent(app):
    demo.load()
    before = counts()
    assert "新建 0 个中心，新录入 0 份年度考核材料" in demo.load()
    assert counts() == before


def test_jixiao_demo_runs_the_centre_loader(app):
    assert demo.load in app.extensions[DEMO_LOADERS]
    assert any(line.startswith("演示外贸综合服务中心（湖北）") for line in load_module_demos())
