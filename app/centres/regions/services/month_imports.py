"""Importing a region's monthly table from a file: previewed (with the score before and after), then confirmed."""

import json
from dataclasses import dataclass

from app.centres.models import Region, RegionYear
from app.centres.regions.services.months import FIGURES, _fields, _store, month_inputs, record_of
from app.centres.regions.services.scoring import _score_one
from app.centres.regions.sheets import read_table_file
from app.centres.regions.table import Line, is_blank, read_lines, read_months
from app.centres.rules.zhejiang import MonthInput, RegionScore
from app.domain.errors import DomainError, Problem


@dataclass(frozen=True)
class ImportedMonth:
    month: MonthInput
    where: str
    status: str  # 新增 / 修改 / 不变
    before: MonthInput | None


@dataclass(frozen=True)
class ImportPreview:
    region: Region
    year: int
    filename: str
    months: tuple[ImportedMonth, ...]
    ignored: tuple[str, ...]
    version: int
    before: RegionScore | None
    after: RegionScore | None
    payload: str  # the checked lines, carried by the confirming form and checked again there

    @property
    def changes(self) -> int:
        return sum(item.status != "不变" for item in self.months)


def preview_import(region: Region, year: int, filename: str, data: bytes, **limits) -> ImportPreview:
    """Read and check a monthly table file against the stored year; writes nothing.

    Months in the file replace the same months; other stored months stay. DomainError names
    each bad cell (“第 5 行“响应数”：…”).
    """
    sheet = read_table_file(filename, data, **limits)
    problems = [
        Problem("file", f"{item.line.where}“地区”：为“{str(item.region).strip()}”，与当前地区“{region.name}”不符")
        for item in sheet.lines
        if sheet.has_region and not is_blank(item.region) and str(item.region).strip() != region.name
    ]
    try:
        read = read_lines([item.line for item in sheet.lines], year)
    except DomainError as err:
        problems += err.problems
        read = ()
    if not read and not problems:
        problems.append(Problem("file", "文件中没有任何月份的数据"))
    if problems:
        raise DomainError(problems)
    record = record_of(region, year)
    cases = record.cases if record is not None else 0
    stored = {m.month: m for m in month_inputs(record)}
    merged = {**stored, **{month.month: month for _, month in read}}
    items = tuple(
        ImportedMonth(month, line.where, _status(stored.get(month.month), month), stored.get(month.month))
        for line, month in read
    )
    payload = json.dumps(
        [{"where": item.where, **{k: str(v) for k, v in _fields(item.month).items()}} for item in items],
        ensure_ascii=False,
    )
    return ImportPreview(
        region=region,
        year=year,
        filename=filename,
        months=items,
        ignored=sheet.ignored,
        version=record.version if record is not None else 0,
        before=_score_one(region.name, cases, tuple(stored[k] for k in sorted(stored))),
        after=_score_one(region.name, cases, tuple(merged[k] for k in sorted(merged))),
        payload=payload,
    )


def _status(before: MonthInput | None, after: MonthInput) -> str:
    if before is None:
        return "新增"
    return "不变" if before == after else "修改"


def confirm_file(region: Region, year: int, filename: str, data: bytes, version: int | None, **limits) -> RegionYear | None:
    """Store the months of a confirmed upload: the kept file is read and checked again, then stored."""
    preview = preview_import(region, year, filename, data, **limits)
    return confirm_import(region, year, preview.payload, version, filename)


def confirm_import(region: Region, year: int, payload: str, version: int | None, filename: str = "") -> RegionYear | None:
    """Store the months of a confirmed preview (checked again: the payload came back from a browser)."""
    try:
        items = json.loads(payload or "")
        if not isinstance(items, list) or not items or not all(isinstance(item, dict) for item in items):
            raise ValueError
        lines = [Line(str(item.get("where", "")), "", {k: item.get(k) for k in ("month",) + FIGURES}) for item in items]
    except ValueError:
        raise DomainError("导入内容无效，请重新上传文件", "file") from None
    months = read_months(lines, year)
    if not months:
        raise DomainError("导入内容无效，请重新上传文件", "file")
    comment = f"导入 {filename}（{len(months)} 个月）" if filename else f"导入（{len(months)} 个月）"
    return _store(region, year, None, months, version, replace=False, comment=comment)
