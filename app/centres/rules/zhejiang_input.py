"""Read and check a Zhejiang 订单+清单 document before anything is scored."""

from app.centres.rules.common import Checker
from app.centres.rules.zhejiang import MonthInput, Region, ZhejiangSettings


def read_regions(document: object, settings: ZhejiangSettings | None = None) -> tuple[Region, ...]:
    """Turn a parsed JSON DOCUMENT into regions, or raise InputError naming each bad record."""
    settings = settings or ZhejiangSettings()
    check = Checker()
    root = check.mapping(document, "文件内容")
    if root.get("year") is not None:
        check.count(root, "year", "文件", "年度")
    if root and "regions" not in root:
        check.problem("文件", "缺少地区列表（regions）")
    regions = [
        _read_region(check, raw, number, settings)
        for number, raw in enumerate(check.items(root, "regions", "文件", "地区列表"), start=1)
    ]
    names = [region.name for region in regions if region.name]
    for name in sorted({n for n in names if names.count(n) > 1}, key=names.index):
        check.problem(f"地区 {name}", f"地区名称重复出现 {names.count(name)} 次")
    check.raise_if_any()
    return tuple(regions)


def _read_region(check: Checker, raw: object, number: int, settings: ZhejiangSettings) -> Region:
    """Read the NUMBER-th region."""
    record = check.mapping(raw, f"第 {number} 个地区")
    name = check.text(record, "name", f"第 {number} 个地区", "地区名称", required=True) if record else ""
    where = f"地区 {name}" if name else f"第 {number} 个地区"
    months = [
        _read_month(check, item, f"{where} 的第 {n} 条月度数据", settings)
        for n, item in enumerate(check.items(record, "months", where, "月度数据"), start=1)
    ]
    if record and not months:
        check.problem(where, "没有月度数据（months），无法计算全年填报率和响应率")
    numbers = [month.month for month in months if month.month]
    for repeated in sorted({m for m in numbers if numbers.count(m) > 1}):
        check.problem(where, f"{repeated} 月的数据出现 {numbers.count(repeated)} 次，每月只能有一条")
    if settings.cumulative_answer_check:
        asked = answered = 0
        for month in sorted(months, key=lambda m: m.month):
            asked, answered = asked + month.asked, answered + month.answered
            if answered > asked:
                check.problem(where, f"截至 {month.month} 月累计响应数 {answered} 超过累计提问数 {asked}")
    return Region(name=name, months=tuple(months), cases=check.count(record, "cases", where, "获评案例数"))


def _read_month(check: Checker, raw: object, where: str, settings: ZhejiangSettings) -> MonthInput:
    """Read one month of a region."""
    record = check.mapping(raw, where)
    month = 0
    if record:
        before = len(check.problems)
        month = check.count(record, "month", where, "月份", default=None)
        if len(check.problems) == before and not 1 <= month <= 12:
            check.problem(where, f"月份（month）应在 1 到 12 之间，现为 {record['month']}")
            month = 0
    if month:
        where = f"{where}（{month} 月）"
    values = MonthInput(
        month=month,
        fill_share=check.share(record, "fill_share", where, "当月填报企业数占比"),
        prev_accuracy=check.share(record, "prev_accuracy", where, "上月填报准确率"),
        completion=check.share(record, "completion", where, "当年填报完成度"),
        asked=check.count(record, "asked", where, "提问数"),
        answered=check.count(record, "answered", where, "响应数"),
        warned=check.count(record, "warned", where, "五色清单预警企业数"),
        feedback=check.count(record, "feedback", where, "五色清单反馈企业数"),
        sluggish=check.count(record, "sluggish", where, "响应拖沓、答复草率次数"),
    )
    if values.answered > values.asked and not settings.cumulative_answer_check:
        check.problem(where, f"响应数（answered）{values.answered} 超过提问数（asked）{values.asked}")
    if values.feedback > values.warned:
        check.problem(where, f"五色清单反馈企业数（feedback）{values.feedback} 超过预警企业数（warned）{values.warned}")
    return values
