"""A dry run whose tables name a unit that does not exist (the browser may not create it): what the summary holds.

The tables are the corpus's (tests/fixtures/real/, each with its source address on the first line of its .txt).
"""

import json

from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Indicator, Project, Unit
from app.services.imports import import_document
from app.services.job_kinds import summary_from_dict, summary_to_dict
from tests.documents.corpus import REAL
from tests.factories import make_unit

WUHAI = REAL / "neimenggu_city_2021_wuhai_zaishengziyuan.docx"  # unit line 433001 乌海市供销合作社联合社
JINZHAI = REAL / "anhui_county_2021_jinzhai_wuye.xlsx"  # unit line without a code: 安徽金寨经济开发区管理委员会
# `jixiao import --dry-run --json` prints exactly these keys (docs/import.md); the preview's additions stay out of it
CLI_KEYS = {"projects", "indicators", "created", "updated", "skipped", "units_created", "departments", "warnings",
            "problems", "read"}


def counts() -> tuple[int, ...]:
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (Unit, Project, Indicator, AuditEvent))


def browser_preview(path, **options):
    return import_document(path.read_bytes(), path.name, dry_run=True, units=["573301"], create_units=False, **options)


def test_the_projects_read_are_listed_and_the_missing_unit_named(app):
    make_unit("573301", "天津分会")
    before = counts()
    summary = browser_preview(WUHAI)
    assert counts() == before
    assert summary.missing_units == ["433001乌海市供销合作社联合社"]
    [item] = summary.items
    assert (item.name, item.unit, item.year, item.indicators, item.budget_total, item.status) == (
        "再生资源回收市场管理经费", "433001乌海市供销合作社联合社", 2021, 11, "3.00", "blocked")
    assert summary.created == [] and [p["column"] for p in summary.problems] == [None]
    assert "不是已有单位" in summary.problems[0]["message"]
    assert set(summary.to_dict()) == CLI_KEYS and summary.to_dict()["projects"] == 0


def test_a_unit_line_without_a_code_is_named_by_its_name(app):
    summary = browser_preview(JINZHAI)
    assert summary.missing_units == ["安徽金寨经济开发区管理委员会"]
    assert [(i.name, i.status) for i in summary.items] == [(summary.read[0]["name"], "blocked")]


def test_an_existing_unit_that_is_not_the_officers_lists_the_projects_but_is_not_missing(app):
    make_unit("433001", "乌海市供销合作社联合社")
    summary = browser_preview(WUHAI)
    assert summary.missing_units == [] and [i.status for i in summary.items] == ["blocked"]
    assert "不是您可以填报的单位" in summary.problems[0]["message"]


def test_the_chosen_unit_makes_the_items_storable(app):
    make_unit("573301", "天津分会")
    summary = browser_preview(WUHAI, unit_code="573301")
    assert summary.missing_units == [] and [(i.unit, i.status) for i in summary.items] == [("573301天津分会", "created")]
    assert summary.problems == [] and counts()[1] == 0


def test_the_job_keeps_the_missing_units_through_its_json(app):
    summary = browser_preview(WUHAI)
    back = summary_from_dict(json.loads(json.dumps(summary_to_dict(summary))))
    assert back.missing_units == summary.missing_units and back.items == summary.items
    old = summary_to_dict(summary)
    del old["missing_units"]  # a job finished before this field existed still shows its preview
    assert summary_from_dict(old).missing_units == []


def test_the_cli_still_creates_the_unit_and_prints_the_same_json(runner):
    result = runner.invoke(args=["import", str(WUHAI), "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert set(printed) == CLI_KEYS
    assert printed["units_created"] == ["433001乌海市供销合作社联合社"] and printed["projects"] == 1
    assert printed["problems"] == [] and counts()[:3] == (0, 0, 0)
