"""Putting a scoring input document (``jixiao centre score``'s JSON) into the database through the services."""

import csv
import datetime
import io
import json

from openpyxl import Workbook

from app.centres.hubei import services
from app.centres.hubei.records import ServiceDraft
from app.centres.rules.hubei_drafts import CentreDraft, EvidenceDraft, TrainingDraft
from app.centres.rules.hubei_model import Category

CATEGORIES = tuple(category.value for category in Category)
HEADER = ("服务对象", "服务项目", "服务事项", "申请日期", "评价日期", "评价结果")
RATING_TEXT = {"satisfied": "满意", "dissatisfied": "不满意", None: ""}


def _day(text):
    return datetime.date.fromisoformat(text) if text else None


def store_document(document: dict, unit_id: int | None = None, centres: dict | None = None) -> dict:
    """Store every centre of DOCUMENT (new ones unless in CENTRES) with its year; return the centres by id."""
    year = document["year"]
    centres = dict(centres or {})
    for raw in document["centres"]:
        centre = centres.get(raw["id"]) or services.create_centre(
            CentreDraft(raw["id"], raw.get("name") or f"中心{raw['id']}", raw.get("level", "provincial"), unit_id=unit_id)
        )
        evidence = EvidenceDraft(
            fixed_office=raw.get("fixed_office", False),
            staff=raw.get("staff", 0), meetings=raw.get("meetings", 0), complaints=raw.get("complaints", 0),
            harmful_acts=raw.get("harmful_acts", 0), praises=raw.get("praises", 0),
            trainings=tuple(TrainingDraft(_day(t.get("date")), t["companies"]) for t in raw.get("trainings", [])),
            claims={category: tuple(raw.get(category, [])) for category in CATEGORIES},
        )
        services.save_evidence(centre, year, evidence)
        drafts = [
            ServiceDraft(s["client"], s["item"], s.get("matter", ""), _day(s["requested"]), _day(s.get("evaluated")), s.get("rating"))
            for s in raw.get("services", [])
        ]
        if drafts:
            services.store_records(centre, year, drafts)
        centres[raw["id"]] = centre
    for category, codes in document.get("assignments", {}).items():
        for code, owner in codes.items():
            services.set_assignment(year, category, code, centres[owner])
    return centres


def records_csv(rows, header=HEADER, encoding="utf-8-sig") -> bytes:
    """A CSV list of service records: HEADER then ROWS (tuples of cells)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def records_xlsx(rows, header=HEADER, title: str | None = None) -> bytes:
    """The same as an .xlsx workbook (dates may be real dates), with an optional title line."""
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rows_of(services_doc) -> list[tuple]:
    """Service records as JSON (tests/centres/builders.service_doc) → CSV rows with Chinese ratings."""
    return [
        (s["client"], s["item"], s["matter"], s["requested"], s.get("evaluated") or "", RATING_TEXT[s.get("rating")])
        for s in services_doc
    ]


def cli_json(runner, tmp_path, document) -> dict:
    """Run ``jixiao centre score FILE --json`` on DOCUMENT and return what it prints."""
    path = tmp_path / "input.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(args=["centre", "score", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)
