"""The regions' demo year: three cities of Zhejiang in 2020, the year of seed 002.

``demo_2020.json`` is written in the format ``jixiao orders score`` reads, so the same file
can be scored on the command line and compared with the pages.
"""

import json
from importlib import resources

from app.centres.regions import services


def demo_document() -> dict:
    with resources.files("app.centres.regions").joinpath("demo_2020.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def load_demo_regions() -> str:
    """Create the demo regions (no unit: every 填报 may edit them) and fill their year where it is empty.

    Idempotent, and a year someone has since edited is left as it is.
    """
    document = demo_document()
    year, filled = document["year"], []
    for item in document["regions"]:
        region = services.find_region(item["name"]) or services.create_region(services.RegionDraft(item["name"]))
        if services.record_of(region, year) is not None:
            continue
        rows = [(f"{m['month']} 月", "", {key: str(value) for key, value in m.items()}) for m in item["months"]]
        services.save_table(region, year, item["cases"], rows, 0)
        filled.append(region.name)
    names = "、".join(item["name"] for item in document["regions"])
    return f"演示“订单+清单”地区（{year} 年度）：{names}；本次载入 {len(filled)} 个地区的月度数据。"
