"""Read and check a Hubei assessment document before anything is scored."""

from datetime import date

from app.centres.rules.common import Checker
from app.centres.rules.hubei_model import (
    SERVICE_ITEMS,
    Assessment,
    Assignment,
    Category,
    Centre,
    HubeiSettings,
    Level,
    Rating,
    ServiceRecord,
    Training,
)

CODE_LABELS = {
    Category.REGISTERED: "统一社会信用代码",
    Category.FIRST_TRADE: "海关注册编码",
    Category.GROWTH10: "海关注册编码",
    Category.DOUBLED: "海关注册编码",
}


def read_assessment(document: object, settings: HubeiSettings | None = None) -> Assessment:
    """Turn a parsed JSON DOCUMENT into an Assessment, or raise InputError naming each bad record."""
    settings = settings or HubeiSettings()
    check = Checker()
    root = check.mapping(document, "文件内容")
    year = check.count(root, "year", "文件", "年度", default=None) if root.get("year") is not None else None
    centres = []
    for number, raw in enumerate(check.items(root, "centres", "文件", "中心列表"), start=1):
        centres.append(_read_centre(check, raw, number, settings))
    if root and "centres" not in root:
        check.problem("文件", "缺少中心列表（centres）")
    ids = [centre.id for centre in centres if centre.id]
    for centre_id in sorted({i for i in ids if ids.count(i) > 1}, key=ids.index):
        check.problem(f"中心 {centre_id}", f"中心编号重复出现 {ids.count(centre_id)} 次")
    assignments = _read_assignments(check, root.get("assignments"), set(ids))
    check.raise_if_any()
    return Assessment(year, tuple(centres), assignments)


def _read_centre(check: Checker, raw: object, number: int, settings: HubeiSettings) -> Centre:
    """Read the NUMBER-th centre."""
    record = check.mapping(raw, f"第 {number} 个中心")
    centre_id = check.text(record, "id", f"第 {number} 个中心", "中心编号", required=True) if record else ""
    where = f"中心 {centre_id}" if centre_id else f"第 {number} 个中心"
    level = settings.default_level
    if record.get("level") is not None:
        try:
            level = Level(record["level"])
        except ValueError:
            check.problem(where, f"园区级别（level）“{record['level']}”应为 national 或 provincial")
    return Centre(
        id=centre_id,
        name=check.text(record, "name", where, "中心名称"),
        level=level,
        fixed_office=check.flag(record, "fixed_office", where, "固定办公场地"),
        staff=check.count(record, "staff", where, "工作人员数"),
        meetings=check.count(record, "meetings", where, "参加会议、活动次数"),
        complaints=check.count(record, "complaints", where, "有效投诉数"),
        harmful_acts=check.count(record, "harmful_acts", where, "有损行为数"),
        praises=check.count(record, "praises", where, "表扬、典型发言、正面宣传次数"),
        trainings=tuple(
            _read_training(check, item, f"{where} 的第 {n} 场培训")
            for n, item in enumerate(check.items(record, "trainings", where, "培训"), start=1)
        ),
        **{category.value: _read_codes(check, record, category, where) for category in Category},
        services=tuple(
            _well_formed_service(item) or _read_service(check, item, f"{where} 的第 {n} 条服务记录")
            for n, item in enumerate(check.items(record, "services", where, "服务记录"), start=1)
        ),
    )


def _read_training(check: Checker, raw: object, where: str) -> Training:
    """Read one training."""
    record = check.mapping(raw, where)
    return Training(
        companies=check.count(record, "companies", where, "参会企业数", default=None) if record else 0,
        day=check.day(record, "date", where, "培训日期"),
    )


def _read_codes(check: Checker, record: dict, category: Category, where: str) -> tuple[str, ...]:
    """Read the company codes the centre claims in CATEGORY."""
    codes = []
    label = f"{category.label}（{category.value}）"
    for n, value in enumerate(check.items(record, category.value, where, category.label), start=1):
        if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip():
            check.problem(where, f"{label}第 {n} 项应为{CODE_LABELS[category]}，现为 {value!r}")
            continue
        codes.append(str(value).strip())
    return tuple(codes)


_ITEMS = frozenset(SERVICE_ITEMS)
_RATINGS = {rating.value: rating for rating in Rating}


def _iso_day(value: str) -> date | None:
    """A date written YYYY-MM-DD exactly, as ``Checker.day`` reads it; None for anything else."""
    if len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _well_formed_service(raw: object) -> ServiceRecord | None:
    """Read a service record that has nothing to report, without building messages; None: check it fully.

    A year's records run to hundreds of thousands, nearly all of them well formed, so the common
    case skips the problem bookkeeping of ``_read_service``; it accepts only what that function
    accepts without a problem, and reads it the same way.
    """
    if type(raw) is not dict:
        return None
    client, item, matter = raw.get("client"), raw.get("item"), raw.get("matter")
    requested, evaluated, rating = raw.get("requested"), raw.get("evaluated"), raw.get("rating")
    if type(client) is not str or type(item) is not str or type(requested) is not str:
        return None
    if not (matter is None or type(matter) is str) or not (evaluated is None or type(evaluated) is str):
        return None
    if rating is not None and (type(rating) is not str or rating not in _RATINGS):
        return None
    client, item = client.strip(), item.strip()
    day = _iso_day(requested)
    done = _iso_day(evaluated) if evaluated is not None else None
    if not client or item not in _ITEMS or day is None or (evaluated is not None and (done is None or done < day)):
        return None
    return ServiceRecord(
        client=client, item=item, matter=matter.strip() if matter is not None else "",
        requested=day, evaluated=done, rating=_RATINGS[rating] if rating is not None else None,
    )


def _read_service(check: Checker, raw: object, where: str) -> ServiceRecord:
    """Read one service record."""
    record = check.mapping(raw, where)
    item = check.text(record, "item", where, "服务事项", required=True) if record else ""
    if item and item not in SERVICE_ITEMS:
        check.problem(where, f"服务事项“{item}”不在 {len(SERVICE_ITEMS)} 项服务之内")
    rating = None
    if record.get("rating") is not None:
        try:
            rating = Rating(record["rating"])
        except ValueError:
            check.problem(where, f"评价（rating）“{record['rating']}”应为 satisfied、dissatisfied 或 null")
    requested = check.day(record, "requested", where, "服务需求日期", required=bool(record))
    evaluated = check.day(record, "evaluated", where, "评价日期")
    if requested and evaluated and evaluated < requested:
        check.problem(where, f"评价日期 {evaluated} 早于服务需求日期 {requested}")
    return ServiceRecord(
        client=check.text(record, "client", where, "服务对象", required=bool(record)),
        item=item,
        matter=check.text(record, "matter", where, "服务事项内容"),
        requested=requested,
        evaluated=evaluated,
        rating=rating,
    )


def _read_assignments(check: Checker, raw: object, centre_ids: set[str]) -> tuple[Assignment, ...]:
    """Read the city's assignments: category → code → centre id."""
    if raw is None:
        return ()
    where = "归口表（assignments）"
    table = check.mapping(raw, where)
    assignments = []
    for key, codes in table.items():
        try:
            category = Category(key)
        except ValueError:
            names = "、".join(category.value for category in Category)
            check.problem(where, f"类别“{key}”应为 {names} 之一")
            continue
        for code, centre_id in check.mapping(codes, f"{where}的 {key}").items():
            if not isinstance(centre_id, str) or centre_id not in centre_ids:
                check.problem(f"{where}的 {key}", f"企业 {code} 归口至不存在的中心 {centre_id!r}")
                continue
            assignments.append(Assignment(category, code.strip(), centre_id))
    return tuple(assignments)
