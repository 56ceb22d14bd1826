"""Demo centres for ``jixiao demo``: four Hubei centres with a year of evidence and service records.

Made up, but shaped to show every part of the pages: an 优秀 centre with the volume bonus,
the 良好 centre of issue 7's example (7 破零 companies, 443 records, 报检 and 翻译 empty),
an 一般 centre with a duplicate record (000 第十一条) and companies it shares with another
(000 第十条, one of them assigned by the city), and a centre 较差 two years running
(001 第十二条: qualification revoked). No unit: every 填报 may keep them, every 审核/审计 read
them. Idempotent: what exists already is left as it is.
"""

import datetime

from app.centres.hubei import services
from app.centres.hubei.records import ServiceDraft
from app.centres.rules.hubei_drafts import CentreDraft, EvidenceDraft, TrainingDraft
from app.centres.rules.hubei_model import SERVICE_ITEMS

YEAR = 2024

CENTRES = (
    CentreDraft("HB-WH01", "武汉东湖新技术开发区外贸综合服务中心", "national", "东湖新技术开发区", "湖北汉江国际供应链管理有限公司", 2024, 2026),
    CentreDraft("HB-XY01", "襄阳高新技术产业开发区外贸综合服务中心", "national", "襄阳高新技术产业开发区", "襄阳隆中外贸服务有限公司", 2023, 2025),
    CentreDraft("HB-YC01", "宜昌市猇亭区外贸综合服务中心", "provincial", "宜昌高新技术产业开发区猇亭园区", "宜昌三峡外贸综合服务有限公司", 2024, 2026),
    CentreDraft("HB-HG01", "黄冈市黄州区外贸综合服务中心", "provincial", "黄冈高新技术产业开发区", "黄冈东坡商务咨询有限公司", 2022, 2024),
)

MATTERS = {
    "咨询": "出口业务流程咨询", "培训": "外贸业务知识培训报名", "备案": "对外贸易经营者备案指导",
    "审证": "原产地证书审核", "制单": "出口报关单据制作", "结汇": "出口收汇结汇指导",
    "退税": "出口退税申报辅导", "外贸保险": "出口信用保险投保", "报关": "一般贸易出口报关",
    "报检": "出口商品检验申报", "物流": "海运订舱与拖车安排", "翻译": "外贸合同英文翻译",
    "认证": "国际质量体系认证辅导", "外贸代理": "代理出口业务办理",
}
SHARED = "4205960123"  # claimed by 襄阳 and 宜昌 as 增幅 10% 以上: a conflict (000 第十条)
ASSIGNED = "4205960456"  # claimed by both too, but the city assigned it to 襄阳


def _codes(prefix: str, count: int) -> tuple[str, ...]:
    return tuple(f"{prefix}{number:04d}" for number in range(1, count + 1))


def _records(prefix: str, year: int, count: int, items=SERVICE_ITEMS, rated_share: float = 1.0) -> list[ServiceDraft]:
    """COUNT distinct records cycling through ITEMS over the year; the first share rated on time."""
    made = []
    rated = int(count * rated_share)
    for number in range(count):
        item = items[number % len(items)]
        requested = datetime.date(year, 1, 3) + datetime.timedelta(days=(number * 7) % 340)
        on_time = number < rated
        made.append(ServiceDraft(
            client=f"{prefix}{number + 1:03d}号外贸企业有限公司",
            item=item,
            matter=f"{MATTERS[item]}（第 {number // len(items) + 1} 次）",
            requested=requested,
            evaluated=requested + datetime.timedelta(days=5 + number % 20) if on_time else None,
            rating="satisfied" if on_time else None,
        ))
    return made


def _plans() -> list[tuple[str, int, EvidenceDraft, list[ServiceDraft]]]:
    two_trainings = (
        TrainingDraft(datetime.date(YEAR, 4, 18), 42, "RCEP 原产地规则培训"),
        TrainingDraft(datetime.date(YEAR, 9, 12), 35, "跨境电商出口业务培训"),
    )
    yichang_records = _records("宜昌", YEAR, 420, items=SERVICE_ITEMS[:13], rated_share=0.7)
    yichang_records.append(yichang_records[10])  # entered twice: 000 第十一条 voids the whole item
    return [
        ("HB-WH01", YEAR, EvidenceDraft(
            fixed_office=True, staff=6, staff_experienced=3, customs_declarants=1, linguists=2, floor_area=120,
            meetings=3, praises=2, trainings=two_trainings,
            claims={"registered": _codes("91420100MA4K", 12), "first_trade": _codes("420196", 10),
                    "growth10": _codes("420197", 11), "doubled": _codes("420198", 5)},
        ), _records("武汉", YEAR, 520)),
        ("HB-XY01", YEAR, EvidenceDraft(
            fixed_office=True, staff=5, staff_experienced=2, customs_declarants=1, linguists=1, floor_area=90,
            meetings=2, praises=1, trainings=two_trainings,
            claims={"registered": _codes("91420600MA49", 10), "first_trade": _codes("420696", 7),
                    "growth10": _codes("420697", 8) + (SHARED, ASSIGNED), "doubled": _codes("420698", 5)},
        ), _records("襄阳", YEAR, 443, items=tuple(i for i in SERVICE_ITEMS if i not in ("报检", "翻译")))),
        ("HB-YC01", YEAR, EvidenceDraft(
            fixed_office=True, staff=3, staff_experienced=1, customs_declarants=1, linguists=0, floor_area=60,
            meetings=2, complaints=1, trainings=(TrainingDraft(datetime.date(YEAR, 5, 20), 31, "外贸政策宣讲"), TrainingDraft(datetime.date(YEAR, 11, 6), 28, "出口退税实务")),  # noqa: E501
            claims={"registered": _codes("91420500MA4F", 8), "first_trade": _codes("420596", 6),
                    "growth10": _codes("420597", 7) + (SHARED, ASSIGNED), "doubled": _codes("420598", 3)},
        ), yichang_records),
        ("HB-HG01", YEAR - 1, EvidenceDraft(
            fixed_office=False, staff=2, floor_area=40, meetings=1,
            claims={"registered": _codes("91421100MA4D", 3), "first_trade": _codes("421196", 1)},
        ), _records("黄冈", YEAR - 1, 40, items=SERVICE_ITEMS[:6])),
        ("HB-HG01", YEAR, EvidenceDraft(
            fixed_office=True, staff=2, floor_area=45, meetings=1, complaints=2,
            trainings=(TrainingDraft(datetime.date(YEAR, 6, 3), 18, "外贸基础知识"),),
            claims={"registered": _codes("91421100MA4E", 4), "first_trade": _codes("421197", 2)},
        ), _records("黄冈", YEAR, 60, items=SERVICE_ITEMS[:8], rated_share=0.5)),
    ]


def load() -> str:
    """Create the demo centres, their evidence and records where missing; return one line to print."""
    created = 0
    for draft in CENTRES:
        if services.find_centre(draft.code) is None:
            services.create_centre(draft)
            created += 1
    filled = 0
    for code, year, evidence, records in _plans():
        centre = services.find_centre(code)
        if services.get_evidence(centre, year) is None:
            services.save_evidence(centre, year, evidence)
            filled += 1
        if not services.service_records(centre, year):
            services.store_records(centre, year, records)
    xiangyang = services.find_centre("HB-XY01")
    if not services.assignments(YEAR):
        services.set_assignment(YEAR, "growth10", ASSIGNED, xiangyang)
    return (
        f"演示外贸综合服务中心（湖北）：新建 {created} 个中心，新录入 {filled} 份年度考核材料；"
        f"{YEAR} 年度排名见“服务中心”页面。"
    )
