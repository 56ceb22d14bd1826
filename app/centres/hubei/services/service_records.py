"""A centre's service records (000 第九条（二）6): listed, imported (previewed first), cleared."""

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from app.centres.hubei.records import ServiceDraft, read_records
from app.centres.hubei.services.scoring import in_year, score_year
from app.centres.models import Centre, CentreServiceRecord
from app.centres.rules.hubei_checks import check_year
from app.centres.rules.hubei_drafts import APPEND, REPLACE
from app.centres.rules.hubei_model import CLAUSES, SERVICE_ITEMS, CentreScore
from app.domain.errors import DomainError
from app.extensions import db
from app.services import audit, transaction


def service_records(centre: Centre, year: int) -> list[CentreServiceRecord]:
    """The centre's records of the year, in the order the scoring numbers them (第 1 条 …)."""
    stmt = (
        select(CentreServiceRecord)
        .where(CentreServiceRecord.centre_id == centre.id, in_year(year))
        .order_by(CentreServiceRecord.position, CentreServiceRecord.id)
    )
    return list(db.session.scalars(stmt))


def item_counts(records) -> list[tuple[str, int]]:
    """How many records each of the 14 items holds, in the seed's order."""
    counts = Counter(record.item for record in records)
    return [(item, counts.get(item, 0)) for item in SERVICE_ITEMS]


def record_input(record: CentreServiceRecord) -> dict:
    """A stored record as the scoring input carries it."""
    return ServiceDraft(
        record.client, record.item, record.matter, record.requested, record.evaluated, record.rating
    ).to_input()


@dataclass(frozen=True)
class ImportPreview:
    """What an import would do: the rows read, what they replace, and the score before and after."""

    year: int
    mode: str
    records: tuple[ServiceDraft, ...]
    replaced: int  # stored records of the year the import removes
    kept: int  # stored records of the year it keeps
    counts: list[tuple[str, int]]  # per item, after the import
    before: CentreScore
    after: CentreScore
    duplicates: tuple[dict, ...]  # the 第十一条 findings after the import


def preview_import(centre: Centre, year: int, filename: str, data: bytes, mode: str, **limits) -> ImportPreview:
    """Read the file and tell what importing it would change; nothing is stored."""
    check_year(year)
    if mode not in (REPLACE, APPEND):
        raise DomainError("请选择导入方式", "mode")
    drafts = tuple(read_records(filename, data, year, **limits))
    stored = service_records(centre, year)
    combined = ([record_input(r) for r in stored] if mode == APPEND else []) + [d.to_input() for d in drafts]
    before = score_year(year, include=(centre,)).score_of(centre.code)
    after = score_year(year, include=(centre,), services={centre.code: combined}).score_of(centre.code)
    counts = Counter(record["item"] for record in combined)
    duplicates = tuple(f for f in after.to_dict()["findings"] if f["clause"] == CLAUSES["duplicate"])
    return ImportPreview(
        year=year, mode=mode, records=drafts,
        replaced=len(stored) if mode == REPLACE else 0, kept=len(stored) if mode == APPEND else 0,
        counts=[(item, counts.get(item, 0)) for item in SERVICE_ITEMS],
        before=before, after=after, duplicates=duplicates,
    )


def import_records(
    centre: Centre, year: int, filename: str, data: bytes, mode: str, shown_name: str | None = None, **limits
) -> ImportPreview:
    """Store every row of the file (after removing the year's records when replacing), or none.

    The trail gets one "导入" event naming the file (SHOWN_NAME: the name the user uploaded),
    besides a row per record created or removed.
    """
    preview = preview_import(centre, year, filename, data, mode, **limits)
    replaced = f"，替换原有 {preview.replaced} 条" if preview.replaced else ""
    comment = f"导入 {shown_name or filename}（{year} 年度 {len(preview.records)} 条服务记录{replaced}）"
    store_records(centre, year, preview.records, mode, comment)
    return preview


def store_records(centre: Centre, year: int, drafts, mode: str = APPEND, comment: str = "") -> int:
    """Add checked records to the year (replacing its records first when MODE is replace); return how many."""
    outside = [draft for draft in drafts if draft.requested.year != year]
    if outside:
        raise DomainError(f"有 {len(outside)} 条服务记录的申请日期不在 {year} 年度内")
    with transaction():
        if comment:
            audit.record("import", centre, comment=comment)
        stored = service_records(centre, year)
        start = 0
        if mode == REPLACE:
            for record in stored:
                db.session.delete(record)
        elif stored:
            start = max(record.position for record in stored) + 1
        db.session.add_all(
            CentreServiceRecord(
                centre_id=centre.id, position=start + number, client=draft.client, item=draft.item, matter=draft.matter,
                requested=draft.requested, evaluated=draft.evaluated, rating=draft.rating,
            )
            for number, draft in enumerate(drafts)
        )
    return len(drafts)


def clear_records(centre: Centre, year: int) -> int:
    """Delete the centre's service records of the year; return how many."""
    with transaction():
        stored = service_records(centre, year)
        for record in stored:
            db.session.delete(record)
    return len(stored)
